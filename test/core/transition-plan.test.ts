import fc from "fast-check";
import {
  formatTransitionStep,
  keyOfTransitionStep,
  planAcnsTransition,
  type AcnsAccountSnapshot,
  type AcnsTransitionPlan,
  type AcnsTransitionTarget,
} from "../../provider/core/transition-plan";
import { planNameChanges } from "../../provider/resources/nameserver-changes";

/**
 * The transition planner against a brute-force oracle: on small accounts, every order of the
 * resource operations is tried (a search over which operations are done, with each operation's
 * name-by-name steps as the set runtime takes them, `planNameChanges`), every state checked by a
 * naive rule check written here, not in core. The planner must find an order exactly when one
 * exists, and every order its constraints allow must pass.
 */

// ---------------------------------------------------------------------------------------------
// The oracle

/** A zone's place: a numbered set, the key of a Custom Nameserver Set, or `null` (off ACNS). */
type Place = number | string | null;

interface State {
  sets: Map<number, Set<string>>;
  zones: Map<string, Place>;
  defaultType: string;
  /** Set once the update made the default custom.account: from then on set 1 must be usable. */
  defaultRule: boolean;
}

interface Context {
  live: AcnsAccountSnapshot;
  target: AcnsTransitionTarget;
  startNames: Map<string, Set<string>>;
  endNames: Map<string, Set<string>>;
}

/** One operation: applies itself to a copy of the state, checking every state it passes through. */
interface Operation {
  key: string;
  apply(state: State, context: Context): State | undefined;
}

function copy(state: State): State {
  return {
    sets: new Map([...state.sets].map(([n, names]) => [n, new Set(names)])),
    zones: new Map(state.zones),
    defaultType: state.defaultType,
    defaultRule: state.defaultRule,
  };
}

function isUnder(name: string, ancestor: string): boolean {
  return name.endsWith(`.${ancestor}`);
}

/** Every rule, checked the slow way. */
function isValid(state: State, context: Context): boolean {
  const size = (n: number): number => state.sets.get(n)?.size ?? 0;
  for (const names of state.sets.values()) if (names.size > 5) return false;
  const zones = [...state.zones];
  for (const [zone, nsSet] of zones) {
    if (typeof nsSet === "number" && (size(nsSet) < 2 || size(nsSet) > 5)) return false;
    for (const [other, otherSet] of zones) {
      if (zone !== other && typeof nsSet === "number" && nsSet === otherSet && isUnder(zone, other))
        return false;
    }
    const startNames = context.startNames.get(zone);
    const endNames = context.endNames.get(zone);
    if (startNames !== undefined && endNames !== undefined) {
      if (nsSet === null) return false;
      // On its Custom Nameserver Set (created before the zone moves): served by its end set.
      if (typeof nsSet === "string") continue;
      for (const name of state.sets.get(nsSet) ?? []) {
        if (!startNames.has(name) && !endNames.has(name)) return false;
      }
    }
  }
  if (state.defaultRule && state.defaultType === "custom.account" && (size(1) < 2 || size(1) > 5))
    return false;
  return true;
}

function addName(state: State, nsSet: number, name: string): boolean {
  for (const [other, names] of state.sets) if (other !== nsSet && names.has(name)) return false;
  const names = state.sets.get(nsSet) ?? new Set<string>();
  names.add(name);
  state.sets.set(nsSet, names);
  return true;
}

function removeName(state: State, nsSet: number, name: string): void {
  const names = state.sets.get(nsSet);
  names?.delete(name);
  if (names?.size === 0) state.sets.delete(nsSet);
}

function listOperations(context: Context): { writes: Operation[]; deletes: Operation[] } {
  const { live, target } = context;
  const liveNames = new Map(live.sets.map((s) => [s.nsSet, [...s.nameservers]]));
  const writes: Operation[] = [];
  for (const set of target.sets) {
    const current = liveNames.get(set.nsSet) ?? [];
    const changes = planNameChanges(current, set.nameservers);
    if (changes.length === 0) continue;
    writes.push({
      key: `set:${set.nsSet}`,
      apply(state, ctx) {
        const next = copy(state);
        // The runtime refuses the whole update while one of its names is in another set.
        for (const name of set.nameservers) {
          for (const [other, names] of next.sets)
            if (other !== set.nsSet && names.has(name)) return undefined;
        }
        for (const change of changes) {
          if (change.kind === "add" && !addName(next, set.nsSet, change.name)) return undefined;
          if (change.kind === "remove") removeName(next, set.nsSet, change.name);
          if (!isValid(next, ctx)) return undefined;
        }
        return next;
      },
    });
  }
  const liveZone = new Map(live.zones.map((z) => [z.name, z.nsSet]));
  for (const zone of target.zones) {
    const start = liveZone.get(zone.name) ?? null;
    const to: Place = zone.customSet ?? (zone.nsSet === undefined ? 1 : zone.nsSet);
    if (to === null || to === start) continue;
    // From no numbered set onto a custom set: no numbered set's rule is involved, nothing to order.
    if (typeof to === "string" && start === null) continue;
    writes.push({
      key: `zone:${zone.name}`,
      apply(state, ctx) {
        const next = copy(state);
        next.zones.set(zone.name, to);
        return isValid(next, ctx) ? next : undefined;
      },
    });
  }
  const wanted = target.defaultNameservers;
  if (wanted !== undefined && wanted !== live.defaultNameservers) {
    writes.push({
      key: "default",
      apply(state, ctx) {
        const next = copy(state);
        next.defaultType = wanted;
        next.defaultRule = wanted === "custom.account";
        return isValid(next, ctx) ? next : undefined;
      },
    });
  }
  const deletes: Operation[] = [];
  for (const zone of target.zones) {
    if (zone.nsSet !== null || (liveZone.get(zone.name) ?? null) === null) continue;
    deletes.push({
      key: `zone:${zone.name}`,
      apply(state, ctx) {
        const next = copy(state);
        next.zones.set(zone.name, null);
        return isValid(next, ctx) ? next : undefined;
      },
    });
  }
  if (target.undeclaredSets !== "keep") {
    const declared = new Set(target.sets.map((s) => s.nsSet));
    for (const set of live.sets) {
      if (declared.has(set.nsSet)) continue;
      deletes.push({
        key: `set:${set.nsSet}`,
        apply(state, ctx) {
          // The set runtime refuses to delete a set that zones use.
          if ([...state.zones.values()].includes(set.nsSet)) return undefined;
          const next = copy(state);
          for (const name of [...(next.sets.get(set.nsSet) ?? [])].sort()) {
            removeName(next, set.nsSet, name);
            if (!isValid(next, ctx)) return undefined;
          }
          return next;
        },
      });
    }
  }
  return { writes, deletes };
}

function createContext(live: AcnsAccountSnapshot, target: AcnsTransitionTarget): Context {
  const liveNames = new Map(live.sets.map((s) => [s.nsSet, new Set(s.nameservers)]));
  const targetNames = new Map(target.sets.map((s) => [s.nsSet, new Set(s.nameservers)]));
  const endNamesOf = (n: number): Set<string> =>
    targetNames.get(n) ?? (target.undeclaredSets === "keep" ? (liveNames.get(n) ?? new Set()) : new Set());
  const startNames = new Map<string, Set<string>>();
  const endNames = new Map<string, Set<string>>();
  const managed = new Map<string, Place>(
    target.zones.map((z) => [z.name, z.customSet ?? (z.nsSet === undefined ? 1 : z.nsSet)]),
  );
  for (const zone of live.zones) {
    if (zone.nsSet === null) continue;
    const end = managed.has(zone.name) ? (managed.get(zone.name) ?? null) : zone.nsSet;
    if (end === null) continue;
    startNames.set(zone.name, liveNames.get(zone.nsSet) ?? new Set());
    // A Custom Nameserver Set has names of its own, none of a numbered set.
    endNames.set(zone.name, typeof end === "string" ? new Set() : endNamesOf(end));
  }
  return { live, target, startNames, endNames };
}

function createStartState(live: AcnsAccountSnapshot): State {
  return {
    sets: new Map(live.sets.map((s) => [s.nsSet, new Set(s.nameservers)])),
    zones: new Map(live.zones.map((z) => [z.name, z.nsSet])),
    defaultType: live.defaultNameservers,
    defaultRule: false,
  };
}

function runDeletes(state: State, deletes: readonly Operation[], context: Context): boolean {
  let current: State | undefined = state;
  for (const op of deletes) {
    current = op.apply(current, context);
    if (current === undefined) return false;
  }
  return true;
}

/** True when some order of the operations passes: a search over every order (sets of done operations). */
function existsOrder(live: AcnsAccountSnapshot, target: AcnsTransitionTarget): boolean {
  return searchOrders(live, target, () => true, "any");
}

/**
 * Walks every order of the writes that `allowed` admits (`allowed(done, next)`): with `"any"`,
 * true when one of them passes; with `"every"`, true when all of them do.
 */
function searchOrders(
  live: AcnsAccountSnapshot,
  target: AcnsTransitionTarget,
  allowed: (done: number, next: number, writes: readonly Operation[]) => boolean,
  mode: "any" | "every",
): boolean {
  const context = createContext(live, target);
  const { writes, deletes } = listOperations(context);
  const full = (1 << writes.length) - 1;
  const memo = new Map<number, boolean>();
  const visit = (done: number, state: State): boolean => {
    const known = memo.get(done);
    if (known !== undefined) return known;
    let result: boolean;
    if (done === full) {
      result = runDeletes(state, deletes, context);
    } else {
      result = mode === "every";
      for (let i = 0; i < writes.length; i++) {
        if ((done & (1 << i)) !== 0 || !allowed(done, i, writes)) continue;
        const next = writes[i]?.apply(state, context);
        const ok = next !== undefined && visit(done | (1 << i), next);
        if (mode === "any" && ok) {
          result = true;
          break;
        }
        if (mode === "every" && !ok) {
          result = false;
          break;
        }
      }
    }
    memo.set(done, result);
    return result;
  };
  const start = createStartState(live);
  return isValid(start, context) && visit(0, start);
}

/** True when the plan's steps, in its order, pass; and every order its constraints allow passes too. */
function checkPlan(live: AcnsAccountSnapshot, target: AcnsTransitionTarget, plan: AcnsTransitionPlan): void {
  if (!plan.ok) throw new Error("no plan");
  const context = createContext(live, target);
  const { writes, deletes } = listOperations(context);
  const writeCount = plan.steps.filter((s) => s.kind !== "zone-delete" && s.kind !== "set-delete").length;
  const keys = plan.steps.map(keyOfTransitionStep);
  // The same operations as the oracle's, writes then deletes in the oracle's order.
  expect([...keys.slice(0, writeCount)].sort()).toEqual(writes.map((w) => w.key).sort());
  expect(keys.slice(writeCount)).toEqual(deletes.map((d) => d.key));
  let state: State | undefined = createStartState(live);
  for (const key of keys.slice(0, writeCount)) {
    const op = writes.find((w) => w.key === key);
    state = state === undefined ? undefined : op?.apply(state, context);
    expect(state === undefined ? `${key} breaks a rule` : "ok").toBe("ok");
  }
  expect(state !== undefined && runDeletes(state, deletes, context)).toBe(true);
  for (const c of plan.constraints) expect(c.before).toBeLessThan(c.after);
  // Any order the constraints allow.
  const indexOfKey = new Map(writes.map((w, i) => [w.key, i]));
  const needs = new Map<number, number>();
  for (const c of plan.constraints) {
    const after = indexOfKey.get(keys[c.after] ?? "") ?? -1;
    const before = indexOfKey.get(keys[c.before] ?? "") ?? -1;
    needs.set(after, (needs.get(after) ?? 0) | (1 << before));
  }
  const every = searchOrders(live, target, (done, next) => ((needs.get(next) ?? 0) & ~done) === 0, "every");
  expect(every).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// Small accounts

const NAMES = [
  "n1.dns.example",
  "n2.dns.example",
  "n3.dns.example",
  "n4.dns.example",
  "n5.dns.example",
  "n6.dns.example",
];
/** Three zones on one chain and one apart. */
const ZONES = ["a.test", "x.a.test", "y.x.a.test", "b.test"];
const DEFAULTS = ["cloudflare.standard", "custom.account"] as const;

function groupNames(assignment: readonly number[]): { nsSet: number; nameservers: string[] }[] {
  const sets = new Map<number, string[]>();
  assignment.forEach((nsSet, i) => {
    if (nsSet === 0) return;
    sets.set(nsSet, [...(sets.get(nsSet) ?? []), NAMES[i] ?? ""]);
  });
  return [...sets].sort((a, b) => a[0] - b[0]).map(([nsSet, nameservers]) => ({ nsSet, nameservers }));
}

/**
 * Small accounts: live sets and zones, and a target near them or anything. With `customSets`, a
 * target zone may also go to the Custom Nameserver Set "edge" (live zones on no numbered set stand
 * for zones off ACNS and on custom sets alike, as the live read gives them).
 */
function arbitraryAccounts(customSets: boolean) {
  const targetChoices: (number | null | "unmanaged" | "edge")[] = ["unmanaged", null, 1, 2, 3];
  if (customSets) targetChoices.push("edge");
  return fc
    .record({
      liveNames: fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: NAMES.length,
        maxLength: NAMES.length,
      }),
      liveZones: fc.array(fc.constantFrom<number | null>(null, 1, 2, 3), {
        minLength: ZONES.length,
        maxLength: ZONES.length,
      }),
      targetNames: fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: NAMES.length,
        maxLength: NAMES.length,
      }),
      targetZones: fc.array(fc.constantFrom(...targetChoices), {
        minLength: ZONES.length,
        maxLength: ZONES.length,
      }),
      /** Per name and per zone: 0 takes the random target value, anything else keeps the live one. */
      keepName: fc.array(fc.integer({ min: 0, max: 3 }), {
        minLength: NAMES.length,
        maxLength: NAMES.length,
      }),
      keepZone: fc.array(fc.integer({ min: 0, max: 2 }), {
        minLength: ZONES.length,
        maxLength: ZONES.length,
      }),
      /** Most targets are near the live state, as real updates are; the rest are anything. */
      near: fc.boolean(),
      liveDefault: fc.constantFrom(...DEFAULTS),
      targetDefault: fc.constantFrom(undefined, ...DEFAULTS),
      undeclaredSets: fc.constantFrom<"delete" | "keep">("delete", "keep"),
    })
    .map((c) => {
      const live: AcnsAccountSnapshot = {
        sets: groupNames(c.liveNames),
        zones: ZONES.map((name, i) => ({ name, nsSet: c.liveZones[i] ?? null })),
        defaultNameservers: c.liveDefault,
      };
      const keeps = (keep: readonly number[], i: number): boolean => c.near && keep[i] !== 0;
      const targetNames = c.targetNames.map((n, i) => (keeps(c.keepName, i) ? (c.liveNames[i] ?? 0) : n));
      const target: AcnsTransitionTarget = {
        sets: groupNames(targetNames),
        zones: ZONES.flatMap((name, i): AcnsTransitionTarget["zones"] => {
          const nsSet = keeps(c.keepZone, i) ? (c.liveZones[i] ?? null) : (c.targetZones[i] ?? "unmanaged");
          if (nsSet === "unmanaged") return [];
          return nsSet === "edge" ? [{ name, customSet: nsSet }] : [{ name, nsSet }];
        }),
        defaultNameservers: c.targetDefault,
        undeclaredSets: c.undeclaredSets,
      };
      return { live, target };
    })
    .filter(({ live, target }) => {
      if (target.sets.some((s) => s.nameservers.length < 2 || s.nameservers.length > 5)) return false;
      if (live.sets.some((s) => s.nameservers.length > 5)) return false;
      return isValid(createStartState(live), createContext(live, target));
    });
}

const arbitraryCase = arbitraryAccounts(false);

test("the planner finds an order exactly when the oracle does, and every order its constraints allow passes", () => {
  let found = 0;
  let blocked = 0;
  fc.assert(
    fc.property(arbitraryCase, ({ live, target }) => {
      const plan = planAcnsTransition(live, target);
      expect(plan.ok).toBe(existsOrder(live, target));
      if (plan.ok) {
        found++;
        checkPlan(live, target, plan);
      } else {
        blocked++;
        expect(plan.blocks.length).toBeGreaterThan(0);
      }
    }),
    { numRuns: 1500, seed: 20261207 },
  );
  // Both outcomes are exercised in earnest.
  expect(found).toBeGreaterThan(300);
  expect(blocked).toBeGreaterThan(300);
});

test("with zones moving to and from a Custom Nameserver Set, too, the planner agrees with the oracle", () => {
  let found = 0;
  let blocked = 0;
  let leavingForCustom = 0;
  fc.assert(
    fc.property(arbitraryAccounts(true), ({ live, target }) => {
      const plan = planAcnsTransition(live, target);
      expect(plan.ok).toBe(existsOrder(live, target));
      if (plan.ok) {
        found++;
        checkPlan(live, target, plan);
        if (plan.steps.some((step) => step.kind === "zone" && step.to === null)) leavingForCustom++;
      } else {
        blocked++;
      }
    }),
    { numRuns: 1500, seed: 20261208 },
  );
  expect(found).toBeGreaterThan(100);
  expect(blocked).toBeGreaterThan(100);
  expect(leavingForCustom).toBeGreaterThan(40);
});

// ---------------------------------------------------------------------------------------------
// Table tests

const STANDARD = "cloudflare.standard" as const;

test("finding 3: a name moving from set 1 to set 2 is removed from set 1 before set 2 adds it", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns3.acme.net"] },
      { nsSet: 2, nameservers: ["ns4.acme.net", "ns5.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "example.net", nsSet: 2 },
    ],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net", "ns5.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "example.net", nsSet: 2 },
    ],
  };
  const plan = planAcnsTransition(live, target);
  expect(plan).toEqual({
    ok: true,
    steps: [
      { kind: "set", nsSet: 1, add: [], remove: ["ns3.acme.net"] },
      { kind: "set", nsSet: 2, add: ["ns3.acme.net"], remove: [] },
    ],
    constraints: [
      {
        before: 0,
        after: 1,
        reason: "name",
        why: 'set 2 can add "ns3.acme.net" only after set 1 has removed it (a name belongs to one set only)',
      },
    ],
  });
  checkPlan(live, target, plan);
});

test("finding 4: the apex leaves set 1 for the new set 4 before its child moves from set 2 onto set 1", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "eu.example.com", nsSet: 2 },
    ],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      { nsSet: 4, nameservers: ["ns7.acme.net", "ns8.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 4 },
      { name: "eu.example.com", nsSet: 1 },
    ],
  };
  const plan = planAcnsTransition(live, target);
  expect(plan.ok ? plan.steps.map(formatTransitionStep) : plan).toEqual([
    'set 4: add "ns7.acme.net" and "ns8.acme.net"',
    'zone "example.com": set 1 -> 4',
    'zone "eu.example.com": set 2 -> 1',
  ]);
  expect(plan.ok ? plan.constraints : []).toEqual([
    {
      before: 0,
      after: 1,
      reason: "size",
      why: 'zone "example.com" can move to set 4 only after set 4 has 2-5 names (it has 0 now)',
    },
    {
      before: 1,
      after: 2,
      reason: "hierarchy",
      why:
        'zone "eu.example.com" can move to set 1 only after its parent "example.com" has left it ' +
        "(zones on one ancestor/descendant chain must use different sets)",
    },
  ]);
  checkPlan(live, target, plan);
});

const SWAP_LIVE: AcnsAccountSnapshot = {
  sets: [
    { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
    { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
  ],
  zones: [
    { name: "example.com", nsSet: 1 },
    { name: "eu.example.com", nsSet: 2 },
  ],
  defaultNameservers: STANDARD,
};

test("two zones of one chain swapping sets have no order; the message names set 3 as the stepping stone", () => {
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 2 },
      { name: "eu.example.com", nsSet: 1 },
    ],
  };
  expect(existsOrder(SWAP_LIVE, target)).toBe(false);
  expect(planAcnsTransition(SWAP_LIVE, target)).toEqual({
    ok: false,
    blocks: [
      {
        code: "cycle",
        message:
          "these changes wait on each other, so no order applies them in one update: " +
          'zone "eu.example.com" can move to set 1 only after its parent "example.com" has left it (zones on one ancestor/descendant chain must use different sets); ' +
          'zone "example.com" can move to set 2 only after its child "eu.example.com" has left it (zones on one ancestor/descendant chain must use different sets); ' +
          'move "eu.example.com" through a free set first: declare set 3 with 2-5 new names, put "eu.example.com" on it and apply, ' +
          'then apply this configuration (set 3 is the lowest number no set and no zone on the chain of "eu.example.com" uses)',
        zones: ["eu.example.com", "example.com"],
        sets: [1, 2],
        nameservers: [],
        steppingStone: 3,
      },
    ],
  });
});

test("a swap with the stepping stone applied in a first update goes through in two", () => {
  const firstTarget: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      { nsSet: 3, nameservers: ["ns5.acme.net", "ns6.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "eu.example.com", nsSet: 3 },
    ],
  };
  const first = planAcnsTransition(SWAP_LIVE, firstTarget);
  expect(first.ok ? first.steps.map(formatTransitionStep) : first).toEqual([
    'set 3: add "ns5.acme.net" and "ns6.acme.net"',
    'zone "eu.example.com": set 2 -> 3',
  ]);
  const between: AcnsAccountSnapshot = {
    sets: firstTarget.sets,
    zones: firstTarget.zones.map((zone) => ({ name: zone.name, nsSet: zone.nsSet ?? null })),
    defaultNameservers: STANDARD,
  };
  const second = planAcnsTransition(between, {
    sets: SWAP_LIVE.sets,
    zones: [
      { name: "example.com", nsSet: 2 },
      { name: "eu.example.com", nsSet: 1 },
    ],
  });
  expect(second.ok ? second.steps.map(formatTransitionStep) : second).toEqual([
    'zone "example.com": set 1 -> 2',
    'zone "eu.example.com": set 3 -> 1',
    'set 3: delete "ns5.acme.net" and "ns6.acme.net"',
  ]);
});

test("a swap on a chain whose every set number is taken says that none is free", () => {
  const sets = [1, 2, 3, 4, 5].map((n) => ({ nsSet: n, nameservers: [`a${n}.acme.net`, `b${n}.acme.net`] }));
  const live: AcnsAccountSnapshot = {
    sets,
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "eu.example.com", nsSet: 2 },
    ],
    defaultNameservers: STANDARD,
  };
  const plan = planAcnsTransition(live, {
    sets,
    zones: [
      { name: "example.com", nsSet: 2 },
      { name: "eu.example.com", nsSet: 1 },
    ],
  });
  expect(plan.ok ? [] : plan.blocks.map((b) => [b.steppingStone, b.message.split("; ").pop()])).toEqual([
    [
      null,
      "take one of these zones off account custom nameservers in a first update, then apply this configuration",
    ],
  ]);
  expect(plan.ok ? "" : plan.blocks[0]?.message).toContain(
    'no set number is free to move "eu.example.com" through (1-5 are all declared, live or used on its chain)',
  );
});

test("two sets that each take a name of the other have no order; the message says which name to free first", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["a.ns.net", "b.ns.net", "c.ns.net"] },
      { nsSet: 2, nameservers: ["d.ns.net", "e.ns.net", "f.ns.net"] },
    ],
    zones: [],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["a.ns.net", "b.ns.net", "d.ns.net"] },
      { nsSet: 2, nameservers: ["c.ns.net", "e.ns.net", "f.ns.net"] },
    ],
    zones: [],
  };
  expect(existsOrder(live, target)).toBe(false);
  expect(planAcnsTransition(live, target)).toEqual({
    ok: false,
    blocks: [
      {
        code: "cycle",
        message:
          "these changes wait on each other, so no order applies them in one update: " +
          'set 1 can add "d.ns.net" only after set 2 has removed it (a name belongs to one set only); ' +
          'set 2 can add "c.ns.net" only after set 1 has removed it (a name belongs to one set only); ' +
          'remove "d.ns.net" from set 2 in a first update, then apply this configuration',
        zones: [],
        sets: [1, 2],
        nameservers: ["c.ns.net", "d.ns.net"],
      },
    ],
  });
});

test("what only deletes free comes too late: a name of a deleted set, a set of a zone taken off", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 3, nameservers: ["ns5.acme.net", "ns6.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "eu.example.com", nsSet: null },
    ],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns5.acme.net", "ns9.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: null },
      { name: "eu.example.com", nsSet: 1 },
    ],
  };
  expect(existsOrder(live, target)).toBe(false);
  const plan = planAcnsTransition(live, target);
  expect(plan.ok ? [] : plan.blocks.map((b) => [b.code, b.message])).toEqual([
    [
      "name-released-late",
      'set 2 takes "ns5.acme.net" from set 3, which this configuration deletes; Pulumi deletes set 3 only after every ' +
        'create and update, so set 2 cannot take it in the same update; delete set 3 (or remove "ns5.acme.net" from it) ' +
        "in a first " +
        "update, then apply this configuration",
    ],
    [
      "zone-released-late",
      'zone "eu.example.com" cannot move to set 1 while its parent "example.com" uses it, and "example.com" leaves ' +
        "account custom nameservers only when its binding is deleted, which Pulumi does after every create and update; " +
        'take "example.com" off account custom nameservers in a first update, then apply this configuration; or move ' +
        '"eu.example.com" through a free set first: declare set 4 with 2-5 new names, put "eu.example.com" on it and ' +
        'apply, then apply this configuration (set 4 is the lowest number no set and no zone on the chain of "eu.example.com" uses)',
    ],
  ]);
});

test("a zone the target does not declare still counts: its set is kept in use and its chain checked", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 3, nameservers: ["ns5.acme.net", "ns6.acme.net"] },
    ],
    zones: [
      { name: "example.com", nsSet: 3 },
      { name: "eu.example.com", nsSet: null },
    ],
    defaultNameservers: STANDARD,
  };
  const plan = planAcnsTransition(live, {
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
    zones: [{ name: "eu.example.com", nsSet: 1 }],
  });
  expect(plan.ok ? [] : plan.blocks.map((b) => b.message)).toEqual([
    'zone "example.com" (not declared here) would use set 3, which is deleted by this configuration; a zone needs a ' +
      'set with 2-5 names; keep set 3, or move "example.com" to another set first',
  ]);
  expect(
    planAcnsTransition(live, {
      sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
      zones: [{ name: "eu.example.com", nsSet: 3 }],
      undeclaredSets: "keep",
    }),
  ).toEqual({
    ok: false,
    blocks: [
      {
        code: "end-state",
        message:
          'zone "eu.example.com" and its parent "example.com" (not declared here) would both use set 3; zones on one ' +
          "ancestor/descendant chain must use different sets; give one of them another set",
        zones: ["eu.example.com", "example.com"],
        sets: [3],
        nameservers: [],
      },
    ],
  });
});

test("a zone moving onto a set that drops names waits for the set; a set adding names waits for zones leaving it", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [{ name: "example.com", nsSet: 1 }],
    defaultNameservers: "custom.account",
  };
  const target: AcnsTransitionTarget = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns9.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns5.acme.net"] },
    ],
    zones: [{ name: "example.com", nsSet: 2 }],
    defaultNameservers: STANDARD,
  };
  const plan = planAcnsTransition(live, target);
  expect(plan.ok ? plan.steps.map(formatTransitionStep) : plan).toEqual([
    'set 2: add "ns5.acme.net"; remove "ns4.acme.net"',
    'zone "example.com": set 1 -> 2',
    'set 1: add "ns9.acme.net"',
    'default: "custom.account" -> "cloudflare.standard"',
  ]);
  expect(plan.ok ? plan.constraints.map((c) => [c.before, c.after, c.reason]) : []).toEqual([
    [0, 1, "continuity"],
    [1, 2, "continuity"],
  ]);
  checkPlan(live, target, plan);
});

test("misuse throws: a target set of one name, a name declared twice", () => {
  const live: AcnsAccountSnapshot = { sets: [], zones: [], defaultNameservers: STANDARD };
  expect(() =>
    planAcnsTransition(live, { sets: [{ nsSet: 1, nameservers: ["ns1.acme.net"] }], zones: [] }),
  ).toThrow("planAcnsTransition: set 1 has 1 names; validate the target first");
  expect(() =>
    planAcnsTransition(live, {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["NS2.acme.net.", "ns3.acme.net"] },
      ],
      zones: [],
    }),
  ).toThrow('planAcnsTransition: nameserver "ns2.acme.net" is declared in set 1 and set 2');
});

test("a name held by a set the target does not declare blocks the set that takes it, deleted or kept", () => {
  const live: AcnsAccountSnapshot = {
    sets: [{ nsSet: 3, nameservers: ["ns5.acme.net", "ns6.acme.net"] }],
    zones: [],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [{ nsSet: 4, nameservers: ["ns5.acme.net", "ns6.acme.net"] }],
    zones: [],
    undeclaredSets: "keep",
  };
  expect(existsOrder(live, target)).toBe(false);
  const plan = planAcnsTransition(live, target);
  expect(plan.ok ? [] : plan.blocks.map((b) => [b.code, b.message])).toEqual([
    [
      "name-kept",
      'set 4 takes "ns5.acme.net" and "ns6.acme.net", which set 3 holds; set 3 is not declared here, so it keeps ' +
        "them at least until every create and update is done (Pulumi deletes last); a name belongs to one set only; " +
        "remove them from set 3 in a first update, or leave them out of set 4",
    ],
  ]);
});

test("a zone on a Custom Nameserver Set is on no numbered set: no delete, no hierarchy on set 1; leaving set 2 is a step", () => {
  const live: AcnsAccountSnapshot = {
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [{ name: "shop.example.com", nsSet: 2 }],
    defaultNameservers: STANDARD,
  };
  const plan = planAcnsTransition(live, {
    sets: live.sets,
    zones: [
      // Neither counts as on set 1 (the default when nsSet is left out), so its child may take set 1.
      { name: "example.com", customSet: "edge" },
      { name: "a.example.com", nsSet: 1 },
      // Leaving set 2 for a custom set: its binding is updated (a step), not deleted.
      { name: "shop.example.com", customSet: "edge" },
    ],
  });
  expect(plan.ok ? plan.steps.map(formatTransitionStep) : plan).toEqual([
    'zone "a.example.com": off -> 1',
    'zone "shop.example.com": set 2 -> custom set "edge"',
  ]);
  expect(plan.ok && plan.constraints).toEqual([]);
});

const CHAIN_LIVE: AcnsAccountSnapshot = {
  sets: [
    { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
    { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
  ],
  zones: [
    { name: "example.com", nsSet: 1 },
    { name: "a.example.com", nsSet: 2 },
  ],
  defaultNameservers: STANDARD,
};

test("the apex leaves set 1 for a Custom Nameserver Set before its child moves from set 2 onto set 1", () => {
  const target: AcnsTransitionTarget = {
    sets: CHAIN_LIVE.sets,
    zones: [
      { name: "example.com", customSet: "edge" },
      { name: "a.example.com", nsSet: 1 },
    ],
  };
  const plan = planAcnsTransition(CHAIN_LIVE, target);
  expect(plan).toEqual({
    ok: true,
    steps: [
      { kind: "zone", zone: "example.com", from: 1, to: null, customSet: "edge" },
      { kind: "zone", zone: "a.example.com", from: 2, to: 1 },
    ],
    constraints: [
      {
        before: 0,
        after: 1,
        reason: "hierarchy",
        why:
          'zone "a.example.com" can move to set 1 only after its parent "example.com" has left it for custom set ' +
          '"edge" (zones on one ancestor/descendant chain must use different sets)',
      },
    ],
  });
  expect(plan.ok ? plan.steps.map(formatTransitionStep) : plan).toEqual([
    'zone "example.com": set 1 -> custom set "edge"',
    'zone "a.example.com": set 2 -> 1',
  ]);
  checkPlan(CHAIN_LIVE, target, plan);
  // The child first breaks the hierarchy rule: the order is needed.
  expect(
    searchOrders(
      CHAIN_LIVE,
      target,
      (done, next, writes) => done !== 0 || writes[next]?.key === "zone:a.example.com",
      "any",
    ),
  ).toBe(false);
});

test("a zone from a Custom Nameserver Set onto set 1 waits for its child leaving set 1 for one", () => {
  // Read from the account, a zone on a Custom Nameserver Set is on no numbered set (null).
  const live: AcnsAccountSnapshot = {
    sets: CHAIN_LIVE.sets,
    zones: [
      { name: "example.com", nsSet: null },
      { name: "a.example.com", nsSet: 1 },
    ],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: CHAIN_LIVE.sets,
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "a.example.com", customSet: "edge" },
    ],
  };
  const plan = planAcnsTransition(live, target);
  expect(plan).toEqual({
    ok: true,
    steps: [
      { kind: "zone", zone: "a.example.com", from: 1, to: null, customSet: "edge" },
      { kind: "zone", zone: "example.com", from: null, to: 1 },
    ],
    constraints: [
      {
        before: 0,
        after: 1,
        reason: "hierarchy",
        why:
          'zone "example.com" can move to set 1 only after its child "a.example.com" has left it for custom set ' +
          '"edge" (zones on one ancestor/descendant chain must use different sets)',
      },
    ],
  });
  checkPlan(live, target, plan);
});

test("a zone staying on a Custom Nameserver Set has no step, and its chain moves freely", () => {
  const live: AcnsAccountSnapshot = {
    sets: CHAIN_LIVE.sets,
    zones: [
      { name: "example.com", nsSet: null },
      { name: "a.example.com", nsSet: 2 },
    ],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: CHAIN_LIVE.sets,
    zones: [
      { name: "example.com", customSet: "edge" },
      { name: "a.example.com", nsSet: 2 },
    ],
  };
  expect(planAcnsTransition(live, target)).toEqual({ ok: true, steps: [], constraints: [] });
  const moved: AcnsTransitionTarget = {
    ...target,
    zones: [target.zones[0]!, { name: "a.example.com", nsSet: 1 }],
  };
  const plan = planAcnsTransition(live, moved);
  expect(plan).toEqual({
    ok: true,
    steps: [{ kind: "zone", zone: "a.example.com", from: 2, to: 1 }],
    constraints: [],
  });
  checkPlan(live, moved, plan);
});

test("a zone leaving set 1 for a Custom Nameserver Set goes before set 1 replaces the names it was served by", () => {
  const live: AcnsAccountSnapshot = {
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns3.acme.net"] }],
    zones: [{ name: "example.com", nsSet: 1 }],
    defaultNameservers: STANDARD,
  };
  const target: AcnsTransitionTarget = {
    sets: [{ nsSet: 1, nameservers: ["ns5.acme.net", "ns6.acme.net"] }],
    zones: [{ name: "example.com", customSet: "edge" }],
  };
  const plan = planAcnsTransition(live, target);
  expect(plan).toEqual({
    ok: true,
    steps: [
      { kind: "zone", zone: "example.com", from: 1, to: null, customSet: "edge" },
      {
        kind: "set",
        nsSet: 1,
        add: ["ns5.acme.net", "ns6.acme.net"],
        remove: ["ns1.acme.net", "ns2.acme.net", "ns3.acme.net"],
      },
    ],
    constraints: [
      {
        before: 0,
        after: 1,
        reason: "continuity",
        why:
          'set 1 can add "ns5.acme.net" and "ns6.acme.net" only after zone "example.com" has left it for custom set ' +
          '"edge" (else it would be served by a name of neither its old nor its new set)',
      },
    ],
  });
  checkPlan(live, target, plan);
  // Only dropping a name leaves the zone served by the others: no order needed, the set goes first.
  const dropOnly: AcnsTransitionTarget = {
    ...target,
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
  };
  const dropPlan = planAcnsTransition(live, dropOnly);
  expect(dropPlan.ok ? dropPlan.steps.map(formatTransitionStep) : dropPlan).toEqual([
    'set 1: remove "ns3.acme.net"',
    'zone "example.com": set 1 -> custom set "edge"',
  ]);
  expect(dropPlan.ok && dropPlan.constraints).toEqual([]);
  checkPlan(live, dropOnly, dropPlan);
});
