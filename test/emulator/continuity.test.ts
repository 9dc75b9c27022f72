/**
 * The emulator's timeline and continuity check (our invention, not a Cloudflare rule): every
 * change is on the timeline as a delta with its cause, and a zone on account custom nameservers at
 * two positions must have stayed served in between.
 */
import fc from "fast-check";
import {
  checkContinuity,
  ContinuityError,
  createManualClock,
  EmulatorStore,
  isApiError,
  isContinuityError,
  replayTimeline,
  type TimelineEvent,
  type TimelineState,
} from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, SEED_PATH, zoneId } from "./fixtures";

const START = Date.UTC(2026, 11, 7, 9, 0, 0);
const clock = createManualClock(START);
const emu = useEmulator({ clock });

beforeEach(() => clock.set(START));

const EXAMPLE_COM = zoneId("example.com");
const US = zoneId("us.example.com");
const EXAMPLE_NET = zoneId("example.net");
const ARPA10 = zoneId("10.in-addr.arpa");
const AT = "2026-12-07T09:00:00.000Z";

async function moveZone(id: string, nameservers: { type: string; ns_set?: number }): Promise<void> {
  const answer = await callApi(emu.url, "PATCH", `/zones/${id}/dns_settings`, { body: { nameservers } });
  expect(answer.status).toBe(200);
}

async function addNames(nsSet: number, ...names: string[]): Promise<void> {
  for (const ns_name of names)
    await emu.client().customNameservers.create({ account_id: ACME, ns_name, ns_set: nsSet });
}

async function admin(path: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emu.adminUrl}${path}`);
  return { status: response.status, body: await response.json() };
}

/** Zones' nameservers and accounts' names, read from the store as plain data. */
function readState(store: EmulatorStore): unknown {
  return {
    zones: [...store.zones.values()].map((z) => [z.id, z.name, z.accountId, { ...z.nameservers }]).sort(),
    names: [...store.nameservers]
      .flatMap(([accountId, names]) => [...names.values()].map((ns) => [accountId, ns.nsName, ns.nsSet]))
      .sort(),
  };
}

/** The same view of a timeline state. */
function readTimelineState(state: TimelineState): unknown {
  return {
    zones: [...state.zones.values()].map((z) => [z.id, z.name, z.accountId, { ...z.nameservers }]).sort(),
    names: [...state.nameservers]
      .flatMap(([accountId, names]) => [...names].map(([nsName, nsSet]) => [accountId, nsName, nsSet]))
      .sort(),
  };
}

describe("a clean change keeps continuity", () => {
  it("moves a zone between two sets of 2+ names with no violation", async () => {
    const from = emu.store.markTimeline();
    await addNames(4, "ns5.example.net", "ns6.example.net");
    await moveZone(US, { type: "custom.account", ns_set: 4 });
    expect(emu.store.checkContinuity({ from })).toEqual([]);
    expect(() => emu.emulator.assertContinuity({ from })).not.toThrow();
    expect(emu.store.listTimeline({ from }).map((e) => [e.seq, e.change.kind])).toEqual([
      [1, "nameserver-created"],
      [2, "nameserver-created"],
      [3, "zone-nameservers"],
    ]);
  });
});

describe("zone-off-acns", () => {
  it("reports a zone PATCHed to cloudflare.standard and back, at the write that took it off", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    clock.advance(60_000);
    await moveZone(EXAMPLE_COM, { type: "custom.account", ns_set: 1 });
    const path = `/zones/${EXAMPLE_COM}/dns_settings`;
    expect(emu.store.checkContinuity()).toEqual([
      {
        kind: "zone-off-acns",
        accountId: ACME,
        zone: { id: EXAMPLE_COM, name: "example.com" },
        seq: 1,
        at: AT,
        cause: { source: "http", method: "PATCH", path },
        nameservers: { type: "cloudflare.standard" },
        names: [],
        fromSet: 1,
        toSet: 1,
        message:
          'zone "example.com" (2ebc3b25e5b82662f032d2d540301afa) was off account custom nameservers after write #1 (PATCH /zones/2ebc3b25e5b82662f032d2d540301afa/dns_settings → cloudflare.standard); it was on ns_set 1 at #0 and at #2',
      },
    ]);
    expect(emu.store.listTimeline().map((e) => e.at)).toEqual([AT, "2026-12-07T09:01:00.000Z"]);
  });

  it("throws a ContinuityError with one line per violation", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    await moveZone(ARPA10, { type: "cloudflare.advanced" });
    await moveZone(EXAMPLE_COM, { type: "custom.account", ns_set: 1 });
    await moveZone(ARPA10, { type: "custom.account", ns_set: 1 });
    let caught: unknown;
    try {
      emu.emulator.assertContinuity({ from: 0 });
    } catch (err) {
      caught = err;
    }
    expect(isContinuityError(caught)).toBe(true);
    const error = caught as ContinuityError;
    expect(error).toBeInstanceOf(ContinuityError);
    expect([error.from, error.to, error.violations.map((v) => v.kind)]).toEqual([
      0,
      4,
      ["zone-off-acns", "zone-off-acns"],
    ]);
    expect(error.message).toBe(
      [
        "continuity broken between #0 and #4 (2 violations):",
        `  - zone-off-acns: zone "example.com" (${EXAMPLE_COM}) was off account custom nameservers after write #1 (PATCH /zones/${EXAMPLE_COM}/dns_settings → cloudflare.standard); it was on ns_set 1 at #0 and at #4`,
        `  - zone-off-acns: zone "10.in-addr.arpa" (${ARPA10}) was off account custom nameservers after write #2 (PATCH /zones/${ARPA10}/dns_settings → cloudflare.advanced); it was on ns_set 1 at #0 and at #4`,
      ].join("\n"),
    );
  });

  it("does not judge a zone that was off account custom nameservers at from or at to", async () => {
    await moveZone(EXAMPLE_NET, { type: "custom.account", ns_set: 3 });
    await moveZone(EXAMPLE_NET, { type: "cloudflare.standard" });
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    expect(emu.store.checkContinuity()).toEqual([]);
    expect(emu.store.markTimeline()).toBe(3);
  });
});

describe("foreign-nameserver", () => {
  it("reports a zone moved to a set whose names are in neither end state, and back", async () => {
    await addNames(4, "ns5.example.net", "ns6.example.net");
    const from = emu.store.markTimeline();
    const put = await callApi(emu.url, "PUT", `/zones/${US}/custom_ns`, {
      body: { enabled: true, ns_set: 4 },
    });
    expect(put.status).toBe(200);
    await moveZone(US, { type: "custom.account", ns_set: 2 });
    expect(emu.store.checkContinuity({ from })).toEqual([
      {
        kind: "foreign-nameserver",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 3,
        at: AT,
        cause: { source: "http", method: "PUT", path: `/zones/${US}/custom_ns` },
        nameservers: { type: "custom.account", ns_set: 4 },
        names: ["ns5.example.net", "ns6.example.net"],
        foreignNames: ["ns5.example.net", "ns6.example.net"],
        fromSet: 2,
        toSet: 2,
        message: `zone "us.example.com" (${US}) on ns_set 4 was served by ns5.example.net, ns6.example.net after write #3 (PUT /zones/${US}/custom_ns → ns_set 4), names it had neither at #2 (ns3.example.net, ns4.example.net) nor at #4 (ns3.example.net, ns4.example.net)`,
      },
    ]);
  });

  it("reports a name added to a zone's set and removed again, for every zone on the set", async () => {
    emu.store.createNameserver(ACME, { ns_name: "ns9.example.org", ns_set: 1 });
    emu.store.deleteNameserver(ACME, "ns9.example.org");
    expect(emu.store.checkContinuity().map((v) => [v.kind, v.seq, v.message])).toEqual([
      [
        "foreign-nameserver",
        1,
        `zone "10.in-addr.arpa" (${ARPA10}) on ns_set 1 was served by ns9.example.org after write #1 (store.createNameserver → ns9.example.org added to ns_set 1), a name it had neither at #0 (ns1.example.net, ns2.example.net) nor at #2 (ns1.example.net, ns2.example.net)`,
      ],
      [
        "foreign-nameserver",
        1,
        `zone "example.com" (${EXAMPLE_COM}) on ns_set 1 was served by ns9.example.org after write #1 (store.createNameserver → ns9.example.org added to ns_set 1), a name it had neither at #0 (ns1.example.net, ns2.example.net) nor at #2 (ns1.example.net, ns2.example.net)`,
      ],
    ]);
  });

  it("allows names of either end: a name kept at to was no stranger in between", async () => {
    await addNames(1, "ns5.example.net");
    await emu.client().customNameservers.delete("ns1.example.net", { account_id: ACME });
    expect(emu.store.checkContinuity()).toEqual([]);
  });
});

describe("name-recreated", () => {
  it("reports a name deleted from its set and re-created in it, naming the zones that lost it", async () => {
    await addNames(1, "ns5.example.net");
    await emu.client().customNameservers.delete("ns1.example.net", { account_id: ACME });
    await addNames(1, "ns1.example.net");
    const deletePath = `/accounts/${ACME}/custom_ns/ns1.example.net`;
    expect(emu.store.checkContinuity()).toEqual([
      {
        kind: "name-recreated",
        accountId: ACME,
        seq: 2,
        at: AT,
        cause: { source: "http", method: "DELETE", path: deletePath },
        nsName: "ns1.example.net",
        nsSet: 1,
        recreatedSeq: 3,
        recreatedSet: 1,
        zones: [
          { id: ARPA10, name: "10.in-addr.arpa" },
          { id: EXAMPLE_COM, name: "example.com" },
        ],
        message: `nameserver "ns1.example.net" of account ${ACME} was deleted by write #2 (DELETE ${deletePath} → ns1.example.net removed from ns_set 1) and re-created in ns_set 1 by write #3 (POST /accounts/${ACME}/custom_ns → ns1.example.net added to ns_set 1); it was in ns_set 1 at #0 and at #3, and zones on ns_set 1 lost it in between: 10.in-addr.arpa (${ARPA10}), example.com (${EXAMPLE_COM})`,
      },
    ]);
  });

  it("does not count a name that moved to another set, while its zones are still judged", async () => {
    await addNames(4, "ns5.example.net", "ns6.example.net", "ns8.example.net");
    await moveZone(US, { type: "custom.account", ns_set: 4 });
    const from = emu.store.markTimeline();
    await addNames(5, "ns7.example.net");
    emu.store.deleteNameserver(ACME, "ns6.example.net");
    await addNames(5, "ns6.example.net");
    await moveZone(US, { type: "custom.account", ns_set: 5 });
    expect(emu.store.checkContinuity({ from })).toEqual([]);
  });
});

describe("set-too-small, on a timeline Cloudflare (and now the emulator) lets happen", () => {
  // Cloudflare lets a set in use drop to one name (docs/decisions/009); the emulator does too, so the
  // same timeline is judged through the API and fed to the pure check.
  it("reports a name deleted down to one on the zones' set and re-added, through the API", async () => {
    const deleted = await callApi(emu.url, "DELETE", `/accounts/${ACME}/custom_ns/ns1.example.net`);
    expect(deleted.status).toBe(200);
    const created = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`, {
      body: { ns_name: "ns1.example.net", ns_set: 1 },
    });
    expect(created.status).toBe(200);
    expect(
      emu.store
        .checkContinuity({ from: 0, to: 2 })
        .map((v) => [v.kind, v.seq, v.kind === "name-recreated" ? v.nsName : v.zone.name]),
    ).toEqual([
      ["set-too-small", 1, "10.in-addr.arpa"],
      ["set-too-small", 1, "example.com"],
      ["name-recreated", 1, "ns1.example.net"],
    ]);
  });

  it("reports a name deleted down to one on the zones' set and re-added, as a pure check", async () => {
    const start = emu.store.getTimelineState(0);
    const cause = { source: "store", method: "deleteNameserver" } as const;
    const events: TimelineEvent[] = [
      {
        seq: 1,
        at: AT,
        cause,
        change: { kind: "nameserver-deleted", accountId: ACME, nsName: "ns1.example.net", nsSet: 1 },
      },
      {
        seq: 2,
        at: "2026-12-07T09:05:00.000Z",
        cause: { source: "store", method: "createNameserver" },
        change: { kind: "nameserver-created", accountId: ACME, nsName: "ns1.example.net", nsSet: 1 },
      },
    ];
    const violations = checkContinuity(start, events, { from: 0, to: 2 });
    expect(violations.map((v) => [v.kind, v.seq, v.message])).toEqual([
      [
        "set-too-small",
        1,
        `zone "10.in-addr.arpa" (${ARPA10}) was on ns_set 1 with 1 name (ns2.example.net) after write #1 (store.deleteNameserver → ns1.example.net removed from ns_set 1); a zone needs at least 2 names; it was on ns_set 1 at #0 and at #2`,
      ],
      [
        "set-too-small",
        1,
        `zone "example.com" (${EXAMPLE_COM}) was on ns_set 1 with 1 name (ns2.example.net) after write #1 (store.deleteNameserver → ns1.example.net removed from ns_set 1); a zone needs at least 2 names; it was on ns_set 1 at #0 and at #2`,
      ],
      [
        "name-recreated",
        1,
        `nameserver "ns1.example.net" of account ${ACME} was deleted by write #1 (store.deleteNameserver → ns1.example.net removed from ns_set 1) and re-created in ns_set 1 by write #2 (store.createNameserver → ns1.example.net added to ns_set 1); it was in ns_set 1 at #0 and at #2, and zones on ns_set 1 lost it in between: 10.in-addr.arpa (${ARPA10}), example.com (${EXAMPLE_COM})`,
      ],
    ]);
    expect(violations[0]).toMatchObject({
      names: ["ns2.example.net"],
      nameservers: { type: "custom.account", ns_set: 1 },
    });
    // Pure: the start state is untouched and the same input gives the same answer.
    expect(readTimelineState(start)).toEqual(readState(emu.store));
    expect(checkContinuity(start, events, { from: 0, to: 2 })).toEqual(violations);
  });

  it("refuses a start state that is not at from", () => {
    const start = emu.store.getTimelineState(0);
    expect(() => checkContinuity(start, [], { from: 1, to: 1 })).toThrow(
      "checkContinuity: the start state is at #0 but from is #1; pass the state at from",
    );
  });
});

describe("out-of-band drift is on the timeline", () => {
  it("records each store method as the cause, and judges a zone deleted and added back", () => {
    const store = emu.store;
    store.setAccountDefaultNameservers(ACME, "custom.account");
    store.deleteZone(EXAMPLE_COM);
    store.addZone({ accountId: ACME, name: "example.com", id: EXAMPLE_COM });
    store.patchZoneDnsSettings(EXAMPLE_NET, { nameservers: { type: "custom.account", ns_set: 3 } });
    store.putZoneCustomNameservers(EXAMPLE_NET, { enabled: false });
    store.setEntitlement(ACME, false);
    store.setEntitlement(ACME, true);
    // No change, no event.
    store.setZoneNameservers(US, { type: "custom.account", ns_set: 2 });
    expect(store.listTimeline().map((e) => [e.seq, e.cause, e.change.kind])).toEqual([
      [1, { source: "store", method: "setAccountDefaultNameservers" }, "account-default"],
      [2, { source: "store", method: "deleteZone" }, "zone-deleted"],
      [3, { source: "store", method: "addZone" }, "zone-added"],
      [4, { source: "store", method: "patchZoneDnsSettings" }, "zone-nameservers"],
      [5, { source: "store", method: "putZoneCustomNameservers" }, "zone-nameservers"],
      [6, { source: "store", method: "setEntitlement" }, "entitlement"],
      [7, { source: "store", method: "setEntitlement" }, "entitlement"],
    ]);
    expect(store.checkContinuity().map((v) => v.message)).toEqual([
      `zone "example.com" (${EXAMPLE_COM}) was off account custom nameservers after write #2 (store.deleteZone → zone deleted); it was on ns_set 1 at #0 and at #7`,
    ]);
    expect(store.checkContinuity()[0]).toMatchObject({ nameservers: null, names: [] });
  });

  it("records drift sent to POST /__admin/drift as the store method it calls", async () => {
    await fetch(`${emu.adminUrl}/drift`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: "set_zone_nameservers", zone_id: US, type: "cloudflare.standard" }),
    });
    expect(emu.store.listTimeline()).toEqual([
      {
        seq: 1,
        at: AT,
        cause: { source: "store", method: "setZoneNameservers" },
        change: {
          kind: "zone-nameservers",
          zoneId: US,
          zoneName: "us.example.com",
          accountId: ACME,
          before: { type: "custom.account", ns_set: 2 },
          after: { type: "cloudflare.standard" },
        },
      },
    ]);
  });

  it("records nothing for a refused write or a read", async () => {
    const refused = await callApi(emu.url, "PATCH", `/zones/${zoneId("eu.example.com")}/dns_settings`, {
      body: { nameservers: { type: "custom.account", ns_set: 1 } },
    });
    expect(refused.status).toBe(400);
    await emu.client().customNameservers.get({ account_id: ACME });
    expect(emu.store.listTimeline()).toEqual([]);
  });
});

describe("positions", () => {
  it("ignores events before a from taken with markTimeline in the middle", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    await moveZone(EXAMPLE_COM, { type: "custom.account", ns_set: 1 });
    const from = emu.emulator.markTimeline();
    expect(from).toBe(2);
    await addNames(4, "ns5.example.net", "ns6.example.net");
    await moveZone(US, { type: "custom.account", ns_set: 4 });
    expect(emu.store.checkContinuity({ from })).toEqual([]);
    expect(emu.store.checkContinuity().map((v) => [v.kind, v.seq])).toEqual([["zone-off-acns", 1]]);
    // `to` before the return judges the zone at #1 (off), so it is not judged at all.
    expect(emu.store.checkContinuity({ from: 0, to: 1 })).toEqual([]);
    expect(emu.store.listTimeline({ from: 1, to: 3 }).map((e) => e.seq)).toEqual([2, 3]);
  });

  it("reconstructs the state at every position", async () => {
    const states = [readState(emu.store)];
    await addNames(4, "ns5.example.net", "ns6.example.net", "ns7.example.net");
    states.push(readState(emu.store));
    await moveZone(US, { type: "custom.account", ns_set: 4 });
    states.push(readState(emu.store));
    await emu.client().customNameservers.delete("ns7.example.net", { account_id: ACME });
    states.push(readState(emu.store));
    const positions = [0, 3, 4, 5];
    expect(positions.map((p) => readTimelineState(emu.store.getTimelineState(p)))).toEqual(states);
  });

  it("starts a new timeline at #0 on reset, with the reset state as its start", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    await addNames(4, "ns5.example.net");
    emu.store.reset();
    expect([emu.store.markTimeline(), emu.store.listTimeline(), emu.store.checkContinuity()]).toEqual([
      0,
      [],
      [],
    ]);
    expect(readTimelineState(emu.store.getTimelineState(0))).toEqual(readState(emu.store));
    expect(() => emu.store.checkContinuity({ from: 2 })).toThrow(
      new RangeError(
        "timeline from 2 is not a position of the current timeline, which runs from #0 to #0; take positions with markTimeline() after the last reset",
      ),
    );
  });

  it("refuses from after to", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    expect(() => emu.store.assertContinuity({ from: 1, to: 0 })).toThrow(
      "timeline from #1 is after to #0; swap them",
    );
  });
});

describe("admin routes", () => {
  it("GET /__admin/timeline/mark answers the position", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    expect(await admin("/timeline/mark")).toEqual({
      status: 200,
      body: { success: true, errors: [], messages: [], result: { position: 1 } },
    });
  });

  it("GET /__admin/continuity answers ok and the violations between from and to", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    await moveZone(EXAMPLE_COM, { type: "custom.account", ns_set: 1 });
    await addNames(4, "ns5.example.net", "ns6.example.net");
    const broken = await admin("/continuity");
    expect(broken).toEqual({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: {
          ok: false,
          from: 0,
          to: 4,
          violations: JSON.parse(JSON.stringify(emu.store.checkContinuity())),
        },
      },
    });
    expect((broken.body as { result: { violations: unknown[] } }).result.violations).toHaveLength(1);
    expect((await admin("/continuity?from=2&to=4")).body).toMatchObject({
      result: { ok: true, from: 2, to: 4, violations: [] },
    });
  });

  it("GET /__admin/timeline lists the events in the range", async () => {
    await moveZone(EXAMPLE_COM, { type: "cloudflare.standard" });
    await moveZone(EXAMPLE_COM, { type: "custom.account", ns_set: 1 });
    const answer = (await admin("/timeline?from=1")).body as { result: unknown };
    expect(answer.result).toEqual({ from: 1, to: 2, events: emu.store.listTimeline({ from: 1 }) });
  });

  it("answers 400 for a position that is not a whole number or not on the timeline", async () => {
    expect(await admin("/continuity?from=x")).toEqual({
      status: 400,
      body: {
        success: false,
        errors: [{ code: 1101, message: 'from must be a number; got "x"' }],
        messages: [],
        result: null,
      },
    });
    expect((await admin("/continuity?to=5")).body).toMatchObject({
      success: false,
      errors: [
        {
          code: 1101,
          message:
            "timeline to 5 is not a position of the current timeline, which runs from #0 to #0; take positions with markTimeline() after the last reset",
        },
      ],
    });
  });
});

describe("the timeline holds deltas", () => {
  const names = ["ns5.example.net", "ns6.example.net", "ns7.example.net", "ns1.example.net"];
  const zones = [EXAMPLE_COM, US, EXAMPLE_NET, ARPA10, zoneId("eu.example.com")];
  const operation = fc.oneof(
    fc.record({
      op: fc.constant("create" as const),
      name: fc.constantFrom(...names),
      nsSet: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({ op: fc.constant("delete" as const), name: fc.constantFrom(...names) }),
    fc.record({
      op: fc.constant("move" as const),
      zone: fc.constantFrom(...zones),
      nsSet: fc.integer({ min: 0, max: 5 }),
    }),
  );

  it("has one event per change, and replays to the state after each", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (operations) => {
        const store = new EmulatorStore({ seed: SEED_PATH, clock });
        const states = [readState(store)];
        for (const o of operations) {
          try {
            if (o.op === "create") store.createNameserver(ACME, { ns_name: o.name, ns_set: o.nsSet });
            else if (o.op === "delete") store.deleteNameserver(ACME, o.name);
            else
              store.setZoneNameservers(
                o.zone,
                o.nsSet === 0 ? { type: "cloudflare.standard" } : { type: "custom.account", ns_set: o.nsSet },
              );
          } catch (err) {
            if (!isApiError(err)) throw err;
          }
          const state = readState(store);
          if (JSON.stringify(state) !== JSON.stringify(states[states.length - 1])) states.push(state);
        }
        const events = store.listTimeline();
        expect(events.map((e) => e.seq)).toEqual(states.slice(1).map((_, i) => i + 1));
        const start = store.getTimelineState(0);
        states.forEach((state, position) => {
          expect(readTimelineState(replayTimeline(start, events, position))).toEqual(state);
        });
      }),
      { numRuns: 60 },
    );
  });

  it("stays small with 2,000 zones: each event is a few hundred bytes whatever the zone count", () => {
    const zoneCount = 2000;
    const seedZones = Array.from({ length: zoneCount }, (_, i) => ({
      id: i.toString(16).padStart(32, "0"),
      name: `z${i}.example.org`,
      accountId: ACME,
      nameservers: { type: "custom.account" as const, ns_set: 1 + (i % 2) },
    }));
    const store = new EmulatorStore({
      clock,
      seed: {
        accounts: [{ id: ACME, name: "Big", acnsEntitled: true }],
        zones: seedZones,
        nameservers: [
          { accountId: ACME, ns_name: "ns1.big.example", ns_set: 1 },
          { accountId: ACME, ns_name: "ns2.big.example", ns_set: 1 },
          { accountId: ACME, ns_name: "ns3.big.example", ns_set: 2 },
          { accountId: ACME, ns_name: "ns4.big.example", ns_set: 2 },
        ],
      },
    });
    let writes = 0;
    for (let i = 0; i < 300; i++) {
      const zone = seedZones[i];
      if (zone === undefined) throw new Error("no zone");
      store.setZoneNameservers(zone.id, { type: "custom.account", ns_set: 1 + ((i + 1) % 2) });
      writes++;
    }
    // A name that comes and goes on set 1: a stranger to every zone on it then.
    store.createNameserver(ACME, { ns_name: "ns5.big.example", ns_set: 1 });
    store.deleteNameserver(ACME, "ns5.big.example");
    writes += 2;
    const events = store.listTimeline();
    expect(events).toHaveLength(writes);
    const largest = Math.max(...events.map((e) => JSON.stringify(e).length));
    expect(largest).toBeLessThan(400);
    const violations = store.checkContinuity();
    expect([violations.length, new Set(violations.map((v) => v.kind))]).toEqual([
      zoneCount / 2,
      new Set(["foreign-nameserver"]),
    ]);
  });
});
