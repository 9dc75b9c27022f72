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
import { patchZoneDnsSettings, putZoneCustomNameservers } from "../../provider/emulator/settings-routes";
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

async function moveZone(
  id: string,
  nameservers: { type: string; ns_set?: number; nameserver_set_id?: string },
): Promise<void> {
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

/** Zones' nameservers, accounts' names and their Custom Nameserver Sets, read from the store as plain data. */
function readState(store: EmulatorStore): unknown {
  return {
    zones: [...store.zones.values()].map((z) => [z.id, z.name, z.accountId, { ...z.nameservers }]).sort(),
    names: [...store.nameservers]
      .flatMap(([accountId, names]) => [...names.values()].map((ns) => [accountId, ns.nsName, ns.nsSet]))
      .sort(),
    sets: [...store.accounts.keys()]
      .flatMap((accountId) =>
        store.nameserverSets
          .list(accountId)
          .map((set) => [accountId, set.id, set.nameservers.map((ns) => ns.name)]),
      )
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
    sets: [...state.nameserverSets]
      .flatMap(([accountId, sets]) => [...sets].map(([id, names]) => [accountId, id, [...names]]))
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
        fromSetId: null,
        toSetId: null,
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
        fromSetId: null,
        toSetId: null,
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

describe("zones on Custom Nameserver Sets", () => {
  // Set ids are derived from the account and a per-reset counter, so they repeat after every reset.
  const X = "7317cade6332b72a5456b32a4a3d8319";
  const Y = "0452fcc8034715fd1548bcbf27284aa9";
  const SETS = `/accounts/${ACME}/dns_settings/nameserver_sets`;

  async function createSet(...names: string[]): Promise<string> {
    const answer = await callApi(emu.url, "POST", SETS, {
      body: { nameservers: names.map((name) => ({ name })) },
    });
    expect(answer.status).toBe(200);
    return (answer.body as { result: { id: string } }).result.id;
  }

  async function deleteSet(id: string): Promise<void> {
    expect((await callApi(emu.url, "DELETE", `${SETS}/${id}`)).status).toBe(200);
  }

  /** us.example.com on custom set X (ns5/ns6.sets.example), through the API; returns the position. */
  async function putUsOnX(): Promise<number> {
    expect(await createSet("ns5.sets.example", "ns6.sets.example")).toBe(X);
    await moveZone(US, { type: "custom", nameserver_set_id: X });
    return emu.store.markTimeline();
  }

  it("records set creation and deletion through the routes, with the set's names and the call as cause", async () => {
    expect(await createSet("ns5.sets.example", "ns6.sets.example")).toBe(X);
    await deleteSet(X);
    expect(emu.store.listTimeline()).toEqual([
      {
        seq: 1,
        at: AT,
        cause: { source: "http", method: "POST", path: SETS },
        change: {
          kind: "nameserver-set-created",
          accountId: ACME,
          setId: X,
          names: ["ns5.sets.example", "ns6.sets.example"],
        },
      },
      {
        seq: 2,
        at: AT,
        cause: { source: "http", method: "DELETE", path: `${SETS}/${X}` },
        change: {
          kind: "nameserver-set-deleted",
          accountId: ACME,
          setId: X,
          names: ["ns5.sets.example", "ns6.sets.example"],
        },
      },
    ]);
    expect(
      [0, 1, 2].map((p) => [...(emu.store.getTimelineState(p).nameserverSets.get(ACME) ?? new Map())]),
    ).toEqual([[], [[X, ["ns5.sets.example", "ns6.sets.example"]]], []]);
  });

  it("records store calls as store methods, and nothing for a refused create or delete", () => {
    emu.store.createNameserverSet(ACME, {
      nameservers: [{ name: "ns5.sets.example" }, { name: "ns6.sets.example" }],
    });
    expect(() =>
      emu.store.createNameserverSet(ACME, { nameservers: [{ name: "ns5.sets.example" }] }),
    ).toThrow();
    emu.store.setZoneNameservers(US, { type: "custom", nameserver_set_id: X });
    expect(() => emu.store.deleteNameserverSet(ACME, X)).toThrow(
      `cannot delete Custom Nameserver Set ${X}: 1 zone uses it (us.example.com)`,
    );
    expect(emu.store.listTimeline().map((e) => [e.seq, e.cause, e.change.kind])).toEqual([
      [1, { source: "store", method: "createNameserverSet" }, "nameserver-set-created"],
      [2, { source: "store", method: "setZoneNameservers" }, "zone-nameservers"],
    ]);
  });

  it("judges no violation for a zone moved from ns_set 2 to custom set X holding the same names", async () => {
    const id = await createSet("ns3.example.net", "ns4.example.net");
    await moveZone(US, { type: "custom", nameserver_set_id: id });
    expect(emu.store.checkContinuity()).toEqual([]);
    expect(emu.store.listTimeline()[1]?.change).toEqual({
      kind: "zone-nameservers",
      zoneId: US,
      zoneName: "us.example.com",
      accountId: ACME,
      before: { type: "custom.account", ns_set: 2 },
      after: { type: "custom", nameserver_set_id: X },
    });
    // And back: custom set X to ns_set 2, then X deleted.
    const from = emu.store.markTimeline();
    await moveZone(US, { type: "custom.account", ns_set: 2 });
    await deleteSet(X);
    expect(emu.store.checkContinuity({ from })).toEqual([]);
  });

  it("reports a zone put on custom set X before X exists (refused by the API and the store; a pure check)", async () => {
    // Cloudflare and the emulator refuse the move (1001), so nothing is recorded ...
    const refused = await callApi(emu.url, "PATCH", `/zones/${US}/dns_settings`, {
      body: { nameservers: { type: "custom", nameserver_set_id: X } },
    });
    expect(refused.status).toBe(400);
    expect(() => emu.store.setZoneNameservers(US, { type: "custom", nameserver_set_id: X })).toThrow(
      "Custom Nameserver set doesn't exist",
    );
    expect(emu.store.listTimeline()).toEqual([]);
    // ... so the timeline that does it is given to the pure check.
    const start = emu.store.getTimelineState(0);
    const events: TimelineEvent[] = [
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
          after: { type: "custom", nameserver_set_id: X },
        },
      },
      {
        seq: 2,
        at: "2026-12-07T09:01:00.000Z",
        cause: { source: "store", method: "createNameserverSet" },
        change: {
          kind: "nameserver-set-created",
          accountId: ACME,
          setId: X,
          names: ["ns3.example.net", "ns4.example.net"],
        },
      },
    ];
    expect(checkContinuity(start, events, { from: 0, to: 2 })).toEqual([
      {
        kind: "zone-off-acns",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 1,
        at: AT,
        cause: { source: "store", method: "setZoneNameservers" },
        nameservers: { type: "custom", nameserver_set_id: X },
        names: [],
        fromSet: 2,
        toSet: null,
        fromSetId: null,
        toSetId: X,
        message: `zone "us.example.com" (${US}) was off account custom nameservers after write #1 (store.setZoneNameservers → custom nameserver set ${X}): custom nameserver set ${X} is not a set of account ${ACME}; it was on ns_set 2 at #0 and on custom nameserver set ${X} at #2`,
      },
    ]);
    // Created first, the same two changes are clean.
    const inOrder = [
      { ...events[1], seq: 1 },
      { ...events[0], seq: 2 },
    ] as TimelineEvent[];
    expect(checkContinuity(start, inOrder, { from: 0, to: 2 })).toEqual([]);
  });

  it("judges no violation for the documented replacement: create Y, move the zone, delete X", async () => {
    const from = await putUsOnX();
    expect(await createSet("ns5.sets.example", "ns6.sets.example")).toBe(Y);
    await moveZone(US, { type: "custom", nameserver_set_id: Y });
    await deleteSet(X);
    expect(emu.store.checkContinuity({ from })).toEqual([]);
    expect(emu.store.listTimeline({ from }).map((e) => [e.seq, e.change.kind])).toEqual([
      [3, "nameserver-set-created"],
      [4, "zone-nameservers"],
      [5, "nameserver-set-deleted"],
    ]);
  });

  it("reports X deleted while the zone is on it (refused by the API and the store; a pure check)", async () => {
    const from = await putUsOnX();
    const refused = await callApi(emu.url, "DELETE", `${SETS}/${X}`);
    expect(refused.status).toBe(400);
    const start = emu.store.getTimelineState(from);
    const names = ["ns5.sets.example", "ns6.sets.example"];
    const events: TimelineEvent[] = [
      {
        seq: 3,
        at: AT,
        cause: { source: "store", method: "deleteNameserverSet" },
        change: { kind: "nameserver-set-deleted", accountId: ACME, setId: X, names },
      },
      {
        seq: 4,
        at: AT,
        cause: { source: "store", method: "createNameserverSet" },
        change: { kind: "nameserver-set-created", accountId: ACME, setId: Y, names },
      },
      {
        seq: 5,
        at: AT,
        cause: { source: "store", method: "setZoneNameservers" },
        change: {
          kind: "zone-nameservers",
          zoneId: US,
          zoneName: "us.example.com",
          accountId: ACME,
          before: { type: "custom", nameserver_set_id: X },
          after: { type: "custom", nameserver_set_id: Y },
        },
      },
    ];
    expect(checkContinuity(start, events, { from: 2, to: 5 })).toEqual([
      {
        kind: "zone-off-acns",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 3,
        at: AT,
        cause: { source: "store", method: "deleteNameserverSet" },
        nameservers: { type: "custom", nameserver_set_id: X },
        names: [],
        fromSet: null,
        toSet: null,
        fromSetId: X,
        toSetId: Y,
        message: `zone "us.example.com" (${US}) was off account custom nameservers after write #3 (store.deleteNameserverSet → custom nameserver set ${X} deleted): custom nameserver set ${X} is not a set of account ${ACME}; it was on custom nameserver set ${X} at #2 and on custom nameserver set ${Y} at #5`,
      },
    ]);
  });

  it("reports a zone on custom set X moved to cloudflare.standard and back", async () => {
    const from = await putUsOnX();
    await moveZone(US, { type: "cloudflare.standard" });
    await moveZone(US, { type: "custom", nameserver_set_id: X });
    expect(emu.store.checkContinuity({ from })).toEqual([
      {
        kind: "zone-off-acns",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 3,
        at: AT,
        cause: { source: "http", method: "PATCH", path: `/zones/${US}/dns_settings` },
        nameservers: { type: "cloudflare.standard" },
        names: [],
        fromSet: null,
        toSet: null,
        fromSetId: X,
        toSetId: X,
        message: `zone "us.example.com" (${US}) was off account custom nameservers after write #3 (PATCH /zones/${US}/dns_settings → cloudflare.standard); it was on custom nameserver set ${X} at #2 and at #4`,
      },
    ]);
  });

  it("reports foreign names of a custom set the zone passed through, and of a numbered set", async () => {
    const from = await putUsOnX();
    expect(await createSet("ns7.sets.example", "ns6.sets.example")).toBe(Y);
    await moveZone(US, { type: "custom", nameserver_set_id: Y });
    await moveZone(US, { type: "custom.account", ns_set: 3 });
    await moveZone(US, { type: "custom", nameserver_set_id: X });
    expect(emu.store.checkContinuity({ from })).toEqual([
      {
        kind: "foreign-nameserver",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 4,
        at: AT,
        cause: { source: "http", method: "PATCH", path: `/zones/${US}/dns_settings` },
        nameservers: { type: "custom", nameserver_set_id: Y },
        names: ["ns6.sets.example", "ns7.sets.example"],
        foreignNames: ["ns7.sets.example"],
        fromSet: null,
        toSet: null,
        fromSetId: X,
        toSetId: X,
        message: `zone "us.example.com" (${US}) on custom nameserver set ${Y} was served by ns7.sets.example after write #4 (PATCH /zones/${US}/dns_settings → custom nameserver set ${Y}), a name it had neither at #2 (ns5.sets.example, ns6.sets.example) nor at #6 (ns5.sets.example, ns6.sets.example)`,
      },
      {
        kind: "foreign-nameserver",
        accountId: ACME,
        zone: { id: US, name: "us.example.com" },
        seq: 5,
        at: AT,
        cause: { source: "http", method: "PATCH", path: `/zones/${US}/dns_settings` },
        nameservers: { type: "custom.account", ns_set: 3 },
        names: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
        foreignNames: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
        fromSet: null,
        toSet: null,
        fromSetId: X,
        toSetId: X,
        message: `zone "us.example.com" (${US}) on ns_set 3 was served by ns1.acme-dns.example, ns2.acme-dns.example after write #5 (PATCH /zones/${US}/dns_settings → ns_set 3), names it had neither at #2 (ns5.sets.example, ns6.sets.example) nor at #6 (ns5.sets.example, ns6.sets.example)`,
      },
    ]);
  });

  it("allows the names of either end: custom set X to custom set Y with one name changed", async () => {
    const from = await putUsOnX();
    expect(await createSet("ns5.sets.example", "ns7.sets.example")).toBe(Y);
    await moveZone(US, { type: "custom", nameserver_set_id: Y });
    await deleteSet(X);
    expect(emu.store.checkContinuity({ from })).toEqual([]);
  });

  it("does not judge a zone that was on no served set at from, nor a set deleted and created again", async () => {
    expect(await createSet("ns5.sets.example", "ns6.sets.example")).toBe(X);
    await moveZone(EXAMPLE_NET, { type: "custom", nameserver_set_id: X });
    await moveZone(EXAMPLE_NET, { type: "cloudflare.standard" });
    // name-recreated is for numbered sets: a set is immutable, and a set deleted under a zone is
    // that zone's zone-off-acns.
    emu.store.deleteNameserverSet(ACME, X);
    emu.store.createNameserverSet(
      ACME,
      { nameservers: [{ name: "ns5.sets.example" }, { name: "ns6.sets.example" }] },
      X,
    );
    expect(emu.store.checkContinuity({ from: 1 })).toEqual([]);
  });

  it("reports set-too-small for a custom set of 1 name, which only a lower minNamesPerSet allows", () => {
    const store = new EmulatorStore({ seed: SEED_PATH, clock, nameserverSetLimits: { minNamesPerSet: 1 } });
    store.createNameserverSet(ACME, {
      nameservers: [{ name: "ns5.sets.example" }, { name: "ns6.sets.example" }],
    });
    store.createNameserverSet(ACME, { nameservers: [{ name: "ns5.sets.example" }] });
    store.setZoneNameservers(US, { type: "custom", nameserver_set_id: X });
    const from = store.markTimeline();
    store.setZoneNameservers(US, { type: "custom", nameserver_set_id: Y });
    store.setZoneNameservers(US, { type: "custom", nameserver_set_id: X });
    expect(
      store
        .checkContinuity({ from })
        .map((v) => [v.kind, v.seq, v.kind === "name-recreated" ? [] : v.names, v.message]),
    ).toEqual([
      [
        "set-too-small",
        4,
        ["ns5.sets.example"],
        `zone "us.example.com" (${US}) was on custom nameserver set ${Y} with 1 name (ns5.sets.example) after write #4 (store.setZoneNameservers → custom nameserver set ${Y}); a zone needs at least 2 names; it was on custom nameserver set ${X} at #3 and at #5`,
      ],
    ]);
    // A zone on a 1-name set at an end is not served there, so it is not judged.
    expect(store.checkContinuity({ from: from + 1 })).toEqual([]);
  });
});

describe("out-of-band drift is on the timeline", () => {
  it("records each store method as the cause, and judges a zone deleted and added back", () => {
    const store = emu.store;
    store.setAccountDefaultNameservers(ACME, "custom.account");
    store.deleteZone(EXAMPLE_COM);
    store.addZone({ accountId: ACME, name: "example.com", id: EXAMPLE_COM });
    patchZoneDnsSettings(store, EXAMPLE_NET, { nameservers: { type: "custom.account", ns_set: 3 } });
    putZoneCustomNameservers(store, EXAMPLE_NET, { enabled: false });
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
    // Custom Nameserver Sets: by position in the account's list (a missing one is refused).
    fc.record({ op: fc.constant("create-set" as const), names: fc.subarray(names, { minLength: 2 }) }),
    fc.record({ op: fc.constant("delete-set" as const), index: fc.integer({ min: 0, max: 2 }) }),
    fc.record({
      op: fc.constant("move-to-set" as const),
      zone: fc.constantFrom(...zones),
      index: fc.integer({ min: 0, max: 2 }),
    }),
  );
  const MISSING_SET = "0123456789abcdef0123456789abcdef";

  it("has one event per change, and replays to the state after each", () => {
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 25 }), (operations) => {
        const store = new EmulatorStore({ seed: SEED_PATH, clock });
        const states = [readState(store)];
        for (const o of operations) {
          try {
            const setId = (index: number): string =>
              store.nameserverSets.list(ACME)[index]?.id ?? MISSING_SET;
            if (o.op === "create") store.createNameserver(ACME, { ns_name: o.name, ns_set: o.nsSet });
            else if (o.op === "delete") store.deleteNameserver(ACME, o.name);
            else if (o.op === "create-set")
              store.createNameserverSet(ACME, { nameservers: o.names.map((name) => ({ name })) });
            else if (o.op === "delete-set") store.deleteNameserverSet(ACME, setId(o.index));
            else if (o.op === "move-to-set")
              store.setZoneNameservers(o.zone, { type: "custom", nameserver_set_id: setId(o.index) });
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
        // Whatever happened, the check runs over every stretch without throwing.
        expect(() => store.checkContinuity()).not.toThrow();
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
