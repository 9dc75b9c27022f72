/**
 * The change-scenario matrix (issue #9, deliverable 6) as data: each scenario is program A, then
 * one or more changes (program B, C…), then destroy, all under the real Pulumi CLI against the
 * seeded emulator. {@link describeChangeScenario} turns a scenario into one lifecycle, one step per
 * test, in order:
 *
 * 1. `up` of program A from the seed (its writes and the account after it, when the scenario says);
 * 2. per change: out-of-band drift if any, `markTimeline()`, `preview` of B (the exact steps per
 *    resource, or the exact refusal, and no write), `up` of B (the exact API writes, the emulator's
 *    continuity check over the whole up, the account exactly as B declares it, the outputs), then
 *    `preview --expect-no-changes`; a refused change runs `up` too (refused the same way, nothing
 *    written) and goes back to the last program that applied;
 * 3. `destroy`: its writes, continuity over it, and the account as the scenario expects (the seed, mostly).
 *
 * Every API write of a change's `up` is printed to stderr in the order the emulator saw it (the
 * assertion compares them sorted: independent resources run concurrently).
 */
import { join } from "node:path";
import type { ZoneNameserversState } from "../../provider/emulator/model";
import type { ChangeScenarioParams } from "./programs/change-scenario";
import type { CommandReport, Diagnostic } from "./driver-protocol";
import { listChanges, listErrors } from "./steps";
import { describeWithPulumi, usePulumiStack, type PulumiStackAccess } from "./use-pulumi-stack";
import { useSeededEmulator, type SeededEmulatorAccess } from "./use-seeded-emulator";
import { ACME, TOKEN, ZONES } from "../emulator/fixtures";

export { ACME, ZONES };
export type { ChangeScenarioParams };

export type SeedZoneName = keyof typeof ZONES;

/** The seed's sets (all in use). */
export const SEED_SETS = {
  1: ["ns1.example.net", "ns2.example.net"],
  2: ["ns3.example.net", "ns4.example.net"],
  3: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
} as const;

export const SETS_PATH = `/accounts/${ACME}/custom_ns`;
export const zonePatch = (zone: SeedZoneName): string => `PATCH /zones/${ZONES[zone]}/dns_settings`;
export const DEFAULT_PATCH = `PATCH /accounts/${ACME}/dns_settings`;
export const postName = `POST ${SETS_PATH}`;
export const deleteName = (name: string): string => `DELETE ${SETS_PATH}/${name}`;

const TYPE_PREFIX = "pulumi-nodejs:dynamic/cloudflare-acns:";
const COMPONENT_TYPE = "cloudflare-acns:index:AccountCustomNameservers";
/** The URN of a stand-alone resource (`type`: AccountNameserverSet, ZoneAcnsBinding, ...). */
export const urnOf = (project: string, type: string, name: string): string =>
  `urn:pulumi:dev::${project}::${TYPE_PREFIX}${type}::${name}`;
/** The URN of a child of an AccountCustomNameservers. */
export const childUrnOf = (project: string, type: string, name: string): string =>
  `urn:pulumi:dev::${project}::${COMPONENT_TYPE}$${TYPE_PREFIX}${type}::${name}`;
export const componentUrnOf = (project: string, name: string): string =>
  `urn:pulumi:dev::${project}::${COMPONENT_TYPE}::${name}`;

/**
 * A zone's setting as the tests compare it: as the emulator holds it, except that a zone on a Custom
 * Nameserver Set shows the set's names instead of its id (ids are the emulator's to choose).
 */
export type ZoneSettingView = ZoneNameserversState | { type: "custom"; names: string[] };

/**
 * The example account as the tests compare it: the default, every numbered set's names, the
 * Custom Nameserver Sets' names (each sorted, oldest set first), every zone's setting.
 */
export interface AccountState {
  default: string;
  sets: Record<number, string[]>;
  customSets: string[][];
  zones: Record<string, ZoneSettingView>;
}

/**
 * The seed's account with some changes: a set's names (`null`: no set), the Custom Nameserver Sets
 * (the seed has none), a zone's set (`null`: as seeded; `{ custom: names }`: on the custom set with
 * those names; `"cloudflare.standard"`).
 */
export interface AccountChanges {
  default?: string;
  sets?: Record<number, readonly string[] | null>;
  customSets?: readonly (readonly string[])[];
  zones?: Partial<
    Record<SeedZoneName, number | null | { custom: readonly string[] } | "cloudflare.standard">
  >;
}

export function readAccountState(emulator: SeededEmulatorAccess): AccountState {
  return toAccountState(emulator.store.snapshot());
}

export function expectedAccount(emulator: SeededEmulatorAccess, changes: AccountChanges = {}): AccountState {
  const seed = toAccountState(emulator.seedSnapshot());
  const sets = { ...seed.sets };
  for (const [nsSet, names] of Object.entries(changes.sets ?? {})) {
    if (names === null) delete sets[Number(nsSet)];
    else sets[Number(nsSet)] = [...names].sort();
  }
  const zones = { ...seed.zones };
  for (const [zone, change] of Object.entries(changes.zones ?? {})) {
    if (change === null || change === undefined) continue;
    zones[zone] =
      typeof change === "number"
        ? { type: "custom.account", ns_set: change }
        : change === "cloudflare.standard"
          ? { type: change }
          : { type: "custom", names: [...change.custom].sort() };
  }
  const customSets = (changes.customSets ?? seed.customSets).map((names) => [...names].sort());
  return { default: changes.default ?? seed.default, sets, customSets, zones };
}

function toAccountState(snapshot: ReturnType<SeededEmulatorAccess["seedSnapshot"]>): AccountState {
  const sets: Record<number, string[]> = {};
  for (const ns of snapshot.nameservers.filter((n) => n.accountId === ACME)) {
    (sets[ns.ns_set] ??= []).push(ns.ns_name);
  }
  for (const names of Object.values(sets)) names.sort();
  const customSets = new Map(
    snapshot.nameserverSets
      .filter((set) => set.accountId === ACME)
      .map((set) => [set.id, set.nameservers.map((ns) => ns.name).sort()] as const),
  );
  const zones: Record<string, ZoneSettingView> = {};
  for (const zone of snapshot.zones.filter((z) => z.accountId === ACME)) {
    const ns = zone.nameservers;
    zones[zone.name] =
      ns.type === "custom" ? { type: "custom", names: customSets.get(ns.nameserver_set_id ?? "") ?? [] } : ns;
  }
  return {
    default: snapshot.accounts.find((a) => a.id === ACME)?.defaultNameservers ?? "",
    sets,
    customSets: [...customSets.values()],
    zones,
  };
}

/** An engine error as the tests compare it. */
export type ExpectedError = Diagnostic;

/** What the preview (and `up`) of a change must show. */
export type ExpectedPlan =
  /** The change applies: the changed steps as `listChanges` prints them (`op name`), sorted. */
  | { changes: string[] }
  /**
   * The change is refused: the error diagnostics, sorted as `listErrors` sorts them; one of the
   * alternatives when the engine's order decides the wording (each alternative is exact).
   */
  | { refused: ExpectedError[][]; upRefused: ExpectedError[][] };

export interface ScenarioChange {
  /** What changes, in words (test titles). */
  label: string;
  /** Program B. */
  params: ChangeScenarioParams;
  /** Out-of-band changes made before the mark (drift). */
  drift?: (emulator: SeededEmulatorAccess) => void;
  /** `preview --refresh` and `up --refresh`. */
  refresh?: boolean;
  plan: ExpectedPlan;
  /** A change that applies: the writes of its up (sorted), the account after it, the stack outputs. */
  writes?: string[];
  /** Also the order the emulator saw them in, when one resource makes them all. */
  writesInOrder?: boolean;
  account?: AccountChanges;
  outputs?: Record<string, unknown>;
}

export interface ChangeScenario {
  /** `<n>. <title>`, as in the issue. */
  title: string;
  /** The Pulumi project (and so the URNs). */
  project: string;
  /** Program A. */
  initial: ChangeScenarioParams;
  initialWrites?: string[];
  initialAccount?: AccountChanges;
  changes: ScenarioChange[];
  destroy: {
    /** Sorted. */
    writes?: string[];
    /** The account after destroy: the seed (`{}`), or what the scenario expects instead. */
    account: AccountChanges;
    /** The steps destroy announces, when the destroy is the change under test (scenario 13). */
    steps?: string[];
  };
}

/** Writes with a Custom Nameserver Set's id (the emulator's to choose) shown as `*`. */
function maskSetIds(writes: readonly string[]): string[] {
  return writes.map((w) => w.replace(/\/nameserver_sets\/[0-9a-f]{32}$/, "/nameserver_sets/*"));
}

/** The order-independent view of a list of writes. */
const sorted = (list: readonly string[]): string[] => [...list].sort();

/** The continuity check's message, or null when every ACNS zone stayed served. */
function readContinuity(emulator: SeededEmulatorAccess, from: number): string | null {
  try {
    emulator.store.assertContinuity({ from });
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function expectOneOf(actual: unknown, alternatives: readonly unknown[]): void {
  if (alternatives.length === 1) {
    expect(actual).toEqual(alternatives[0]);
    return;
  }
  const matched = alternatives.some((alt) => JSON.stringify(alt) === JSON.stringify(actual));
  if (!matched) expect(actual).toEqual(alternatives[0]);
}

function report(title: string, what: string, text: string): void {
  process.stderr.write(`[${title}] ${what}:\n${text}\n`);
}

function describeFailure(command: CommandReport): string | null {
  if (command.succeeded) return null;
  const errors = listErrors(command.diagnostics).map((d) => `${d.urn ?? "(stack)"}: ${d.message}`);
  return errors.length > 0 ? errors.join("") : (command.error ?? "failed");
}

/** Registers one scenario: its own emulator, its own stack, one test per step. */
export function describeChangeScenario(scenario: ChangeScenario): void {
  describeWithPulumi(scenario.title, () => {
    const emulator = useSeededEmulator();
    const stack: PulumiStackAccess = usePulumiStack({
      projectName: scenario.project,
      title: scenario.title,
      programModule: join(__dirname, "programs", "change-scenario.ts"),
      params: scenario.initial,
      config: () => ({
        "cloudflare:apiToken": { value: TOKEN, secret: true },
        "cloudflare:baseUrl": { value: emulator.url },
      }),
    });
    /** The last program that applied: a refused change goes back to it. */
    let applied: ChangeScenarioParams = scenario.initial;

    test("up of program A from the seed", async () => {
      emulator.takeWrites();
      const up = await stack.up({ label: "program A" });
      expect(describeFailure(up)).toBeNull();
      const writes = maskSetIds(emulator.takeWrites());
      report(scenario.title, "writes of program A's up, in order", writes.join("\n") || "(none)");
      if (scenario.initialWrites !== undefined)
        expect(sorted(writes)).toEqual(sorted(scenario.initialWrites));
      if (scenario.initialAccount !== undefined) {
        expect(readAccountState(emulator)).toEqual(expectedAccount(emulator, scenario.initialAccount));
      }
    });

    for (const change of scenario.changes) {
      let mark = 0;
      const refusal = "refused" in change.plan ? change.plan : undefined;

      test(`${change.label}: preview${change.refresh === true ? " --refresh" : ""} plans exactly ${
        refusal === undefined ? "the change's steps" : "a refusal"
      } and writes nothing`, async () => {
        await stack.setParams(change.params);
        change.drift?.(emulator);
        emulator.takeWrites();
        mark = emulator.store.markTimeline();
        const before = readAccountState(emulator);
        const preview = await stack.preview({
          ...(change.refresh === true ? { refresh: true } : {}),
          label: change.label,
        });
        if (refusal === undefined) {
          expect(describeFailure(preview)).toBeNull();
          expect(listChanges(preview.steps)).toEqual(
            [...(change.plan as { changes: string[] }).changes].sort(),
          );
        } else {
          expect(preview.succeeded).toBe(false);
          expectOneOf(listErrors(preview.diagnostics), refusal.refused);
        }
        expect(emulator.takeWrites()).toEqual([]);
        expect(readAccountState(emulator)).toEqual(before);
      });

      if (refusal !== undefined) {
        test(`${change.label}: up is refused the same way, nothing is written, and program A still has no changes`, async () => {
          const before = readAccountState(emulator);
          const up = await stack.up({ label: `${change.label} (refused)` });
          expect(up.succeeded).toBe(false);
          expectOneOf(listErrors(up.diagnostics), refusal.upRefused);
          expect(emulator.takeWrites()).toEqual([]);
          expect(readAccountState(emulator)).toEqual(before);
          expect(readContinuity(emulator, mark)).toBeNull();
          await stack.setParams(applied);
          const again = await stack.preview({ expectNoChanges: true, label: "back to the last program" });
          expect(describeFailure(again)).toBeNull();
        });
        continue;
      }

      test(`${change.label}: up${change.refresh === true ? " --refresh" : ""} makes exactly the expected writes, keeps every zone served, and leaves the account as declared`, async () => {
        const up = await stack.up({
          ...(change.refresh === true ? { refresh: true } : {}),
          label: change.label,
        });
        const writes = maskSetIds(emulator.takeWrites());
        report(scenario.title, `writes of "${change.label}", in order`, writes.join("\n") || "(none)");
        const continuity = readContinuity(emulator, mark);
        if (continuity !== null) report(scenario.title, `continuity of "${change.label}"`, continuity);
        // One comparison, so a failure shows the error, continuity, writes and account together.
        const actual = {
          error: describeFailure(up),
          continuity,
          writes: change.writesInOrder === true ? writes : sorted(writes),
          account: readAccountState(emulator),
        };
        expect(actual).toEqual({
          error: null,
          continuity: null,
          writes:
            change.writes === undefined
              ? actual.writes
              : change.writesInOrder === true
                ? change.writes
                : sorted(change.writes),
          account: expectedAccount(emulator, change.account ?? {}),
        });
        if (change.outputs !== undefined) {
          const outputs = await stack.outputs();
          expect(Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]))).toEqual(
            change.outputs,
          );
        }
        applied = change.params;
      });

      test(`${change.label}: preview --expect-no-changes afterwards`, async () => {
        const preview = await stack.preview({ expectNoChanges: true, label: `after: ${change.label}` });
        expect(describeFailure(preview)).toBeNull();
        expect(emulator.takeWrites()).toEqual([]);
      });
    }

    test("destroy", async () => {
      emulator.takeWrites();
      const mark = emulator.store.markTimeline();
      const destroy = await stack.destroy({ label: "end of scenario" });
      const writes = maskSetIds(emulator.takeWrites());
      report(scenario.title, "writes of destroy, in order", writes.join("\n") || "(none)");
      const continuity = readContinuity(emulator, mark);
      if (continuity !== null) report(scenario.title, "continuity of destroy", continuity);
      const actual = {
        error: describeFailure(destroy),
        steps: listChanges(destroy.steps),
        continuity,
        writes: sorted(writes),
        account: readAccountState(emulator),
      };
      expect(actual).toEqual({
        error: null,
        steps: scenario.destroy.steps === undefined ? actual.steps : [...scenario.destroy.steps].sort(),
        continuity: null,
        writes: scenario.destroy.writes === undefined ? actual.writes : sorted(scenario.destroy.writes),
        account: expectedAccount(emulator, scenario.destroy.account),
      });
    });
  });
}

/** `ns<i>.<tag>.example` for each i: a scenario's own names. */
export function names(tag: string, ...indices: number[]): string[] {
  return indices.map((i) => `ns${i}.${tag}.example`);
}
