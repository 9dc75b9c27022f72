/**
 * The emulator's rules as pure functions: each takes a state view (plain Maps built here, no store,
 * no server) and the request, and returns the problems it finds. The HTTP tests check the same
 * rules through the API; these pin what each function decides on its own.
 */
import type {
  AccountRecord,
  NameserverRecord,
  StateView,
  ZoneNameserversState,
  ZoneRecord,
} from "../../provider/emulator/model";
import {
  checkCreateNameserverSet,
  checkDeleteNameserverSet,
  checkZoneOnNameserverSet,
} from "../../provider/emulator/nameserver-set-rules";
import {
  DEFAULT_NAMESERVER_SET_LIMITS,
  type NameserverSetRecord,
  type NameserverSetLimits,
} from "../../provider/emulator/nameserver-sets";
import {
  checkAccountDefault,
  checkAddAccount,
  checkAddZone,
  checkCreateNameserver,
  checkDeleteNameserver,
  checkZoneDefaultsAllowed,
  checkZoneNameservers,
  chooseNewZoneNameservers,
} from "../../provider/emulator/rules";

const A = "a".repeat(32);
const SET_X = "1".repeat(32);

function account(fields: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: A,
    name: "Acme",
    type: "enterprise",
    acnsEntitled: true,
    createdOn: "2026-01-01T00:00:00.000Z",
    zoneDefaults: {} as AccountRecord["zoneDefaults"],
    nameserversType: "cloudflare.standard",
    enforceDnsOnly: false,
    enforceTwofactor: false,
    ...fields,
  };
}

function zone(name: string, nameservers: ZoneNameserversState = { type: "cloudflare.standard" }): ZoneRecord {
  return {
    id: name
      .replace(/[^a-z]/g, "")
      .padEnd(32, "0")
      .slice(0, 32),
    name,
    accountId: A,
    createdOn: "2026-01-01T00:00:00.000Z",
    modifiedOn: "2026-01-01T00:00:00.000Z",
    nameservers,
    settings: {} as ZoneRecord["settings"],
  };
}

function set(id: string, names: string[]): NameserverSetRecord {
  return {
    id,
    accountId: A,
    advanced: false,
    ipSet: 1,
    createdOn: "2026-01-01T00:00:00.000Z",
    nameservers: names.map((name) => ({ name, ipCount: 1, ipv4: [], ipv6: [] })),
  };
}

/** A view of one account's state: its zones, its numbered-set names (name -> set) and its sets. */
function view(
  state: {
    accounts?: AccountRecord[];
    zones?: ZoneRecord[];
    names?: Record<string, number>;
    sets?: NameserverSetRecord[];
    limits?: Partial<NameserverSetLimits>;
  } = {},
): StateView {
  const names = new Map<string, NameserverRecord>(
    Object.entries(state.names ?? {}).map(([nsName, nsSet]) => [nsName, { accountId: A, nsName, nsSet }]),
  );
  const sets = state.sets ?? [];
  return {
    accounts: new Map((state.accounts ?? [account()]).map((a) => [a.id, a])),
    zones: new Map((state.zones ?? []).map((z) => [z.id, z])),
    nameservers: new Map([[A, names]]),
    nameserverSets: {
      get: (accountId, setId) => sets.find((s) => s.accountId === accountId && s.id === setId),
      list: (accountId) => sets.filter((s) => s.accountId === accountId),
      listAll: () => sets,
    },
    nameserverSetLimits: { ...DEFAULT_NAMESERVER_SET_LIMITS, ...state.limits },
  };
}

describe("accounts and zones added out of band", () => {
  it("refuses an account id that exists", () => {
    expect(checkAddAccount(view(), "b".repeat(32))).toEqual([]);
    expect(checkAddAccount(view(), A)).toEqual([
      { error: "INVALID_BODY", message: `account ${A} already exists` },
    ]);
  });

  it("refuses an invalid name, a known id and a name the account has, one problem at a time", () => {
    const existing = zone("example.com");
    const state = view({ zones: [existing] });
    expect(
      checkAddZone(state, account(), { id: "c".repeat(32), name: "example.net", given: "Example.net" }),
    ).toEqual([]);
    expect(checkAddZone(state, account(), { id: existing.id, name: "-bad", given: "-bad" })).toHaveLength(1);
    expect(
      checkAddZone(state, account(), { id: existing.id, name: "example.org", given: "example.org" }),
    ).toEqual([{ error: "INVALID_BODY", message: `zone ${existing.id} already exists` }]);
    expect(
      checkAddZone(state, account(), { id: "c".repeat(32), name: "example.com", given: "EXAMPLE.com" }),
    ).toEqual([
      {
        error: "INVALID_BODY",
        message: `zone "example.com" already exists in account ${A} as ${existing.id}`,
      },
    ]);
  });
});

describe("numbered-set names", () => {
  it("allows a new name in a set with room", () => {
    expect(
      checkCreateNameserver(view({ names: { "ns1.example.com": 1 } }), account(), "ns2.example.com", 1),
    ).toEqual([]);
  });

  it("refuses everything to an account without the entitlement, with Cloudflare's message", () => {
    const problems = checkCreateNameserver(view(), account({ acnsEntitled: false }), "ns1.example.com", 1);
    expect(problems.map((p) => [p.error, p.message])).toEqual([
      ["NOT_ENTITLED", "This feature is not enabled for your account."],
    ]);
  });

  it("refuses a name in another set, and a name when the set is full, together", () => {
    const names = {
      "ns1.example.com": 2,
      "ns2.example.com": 2,
      "ns3.example.com": 2,
      "ns4.example.com": 2,
      "ns5.example.com": 2,
      "ns6.example.com": 1,
    };
    expect(checkCreateNameserver(view({ names }), account(), "ns6.example.com", 2)).toEqual([
      {
        error: "NS_NAME_EXISTS",
        message:
          'cannot add nameserver "ns6.example.com" to ns_set 2: it already belongs to ns_set 1; a name may belong to one set only, so delete it first or choose another name',
      },
    ]);
    expect(checkCreateNameserver(view({ names }), account(), "ns7.example.com", 2)).toEqual([
      {
        error: "SET_FULL",
        message:
          'cannot add nameserver "ns7.example.com" to ns_set 2: the set already has 5 names (ns1.example.com, ns2.example.com, ns3.example.com, ns4.example.com, ns5.example.com), the maximum is 5; delete one or use another set (1, 3-5)',
      },
    ]);
  });

  it("refuses an invalid hostname alone", () => {
    const problems = checkCreateNameserver(view(), account(), "ns1..example.com", 1);
    expect(problems.map((p) => p.error)).toEqual(["INVALID_NS_NAME"]);
  });

  it("deletes a name that exists; shrinking a set in use is refused only when the option says so", () => {
    const state = view({
      names: { "ns1.example.com": 1, "ns2.example.com": 1 },
      zones: [zone("example.net", { type: "custom.account", ns_set: 1 })],
    });
    expect(checkDeleteNameserver(state, A, "ns1.example.com")).toEqual([]);
    expect(checkDeleteNameserver(state, A, "ns9.example.com").map((p) => p.error)).toEqual([
      "NS_NAME_NOT_FOUND",
    ]);
    expect(checkDeleteNameserver(state, A, "ns1.example.com", { refuseShrinkingSetsInUse: true })).toEqual([
      {
        error: "SET_IN_USE",
        message:
          'cannot delete nameserver "ns1.example.com": ns_set 1 would keep 1 name while zones use it (example.net); a set in use needs at least 2 names, so move those zones to another set or add a name first',
      },
    ]);
  });
});

describe("a zone's nameservers", () => {
  const names = { "ns1.example.com": 1, "ns2.example.com": 1, "ns3.example.com": 2 };

  it("puts a zone on a set of 2+ names, and refuses a set with fewer", () => {
    const target = zone("example.net");
    const state = view({ names, zones: [target] });
    expect(checkZoneNameservers(state, account(), target, { type: "custom.account", ns_set: 1 })).toEqual([]);
    const problems = checkZoneNameservers(state, account(), target, { type: "custom.account", ns_set: 2 });
    expect(problems.map((p) => [p.error, p.detail])).toEqual([
      [
        "SET_NOT_FOUND",
        'cannot put zone "example.net" on ns_set 2: the set has 1 name (ns3.example.com); a zone needs a set with at least 2 names, so add names to ns_set 2 first',
      ],
    ]);
  });

  it("refuses a zone on the set its parent uses", () => {
    const child = zone("eu.example.com");
    const state = view({ names, zones: [zone("example.com", { type: "custom.account", ns_set: 1 }), child] });
    const problems = checkZoneNameservers(state, account(), child, { type: "custom.account", ns_set: 1 });
    expect(problems.map((p) => p.error)).toEqual(["HIERARCHY_CONFLICT"]);
  });

  it("refuses the types the emulator does not model and allows Cloudflare's own", () => {
    const target = zone("example.net");
    expect(
      checkZoneNameservers(view(), account(), target, { type: "custom.tenant" }).map((p) => p.error),
    ).toEqual(["UNSUPPORTED_NAMESERVER_TYPE"]);
    expect(
      checkZoneNameservers(view(), account(), target, { type: "custom.zone" }).map((p) => p.error),
    ).toEqual(["UNSUPPORTED_NAMESERVER_TYPE"]);
    expect(checkZoneNameservers(view(), account(), target, { type: "cloudflare.advanced" })).toEqual([]);
  });

  it("gives a new zone the first set that fits the account default, else standard nameservers", () => {
    const acme = account({ nameserversType: "custom.account" });
    const names5 = { ...names, "ns4.example.com": 2 };
    const parent = zone("example.com", { type: "custom.account", ns_set: 1 });
    const child = zone("eu.example.com");
    expect(chooseNewZoneNameservers(view({ names: names5, zones: [child] }), acme, child)).toEqual({
      type: "custom.account",
      ns_set: 1,
    });
    expect(chooseNewZoneNameservers(view({ names: names5, zones: [parent, child] }), acme, child)).toEqual({
      type: "custom.account",
      ns_set: 2,
    });
    expect(chooseNewZoneNameservers(view({ names, zones: [parent, child] }), acme, child)).toEqual({
      type: "cloudflare.standard",
    });
    expect(
      chooseNewZoneNameservers(view(), account({ nameserversType: "cloudflare.advanced" }), child),
    ).toEqual({
      type: "cloudflare.advanced",
    });
  });
});

describe("account defaults", () => {
  it("refuses custom.tenant, and custom.account without the entitlement", () => {
    expect(checkAccountDefault(account(), "custom.account")).toEqual([]);
    expect(checkAccountDefault(account(), "custom.tenant").map((p) => p.error)).toEqual([
      "UNSUPPORTED_NAMESERVER_TYPE",
    ]);
    expect(
      checkAccountDefault(account({ acnsEntitled: false }), "custom.account").map((p) => p.error),
    ).toEqual(["NOT_ENTITLED"]);
  });

  it("allows zone defaults on Enterprise only", () => {
    expect(checkZoneDefaultsAllowed(account(), "change them")).toEqual([]);
    expect(checkZoneDefaultsAllowed(account({ type: "standard" }), "change them")).toEqual([
      {
        error: "ZONE_DEFAULTS_NOT_ENTERPRISE",
        message: `cannot change them: zone defaults are an Enterprise option and account ${A} is on a standard plan; set the nameservers of each zone instead (PATCH /zones/{zone_id}/dns_settings)`,
      },
    ]);
  });
});

describe("Custom Nameserver Sets", () => {
  const input = { nameservers: [{ name: "ns1.sets.example" }, { name: "ns2.sets.example" }] };

  it("allows a set of 2 new names", () => {
    expect(checkCreateNameserverSet(view(), account(), input)).toEqual([]);
  });

  it("reports every problem of a create at once", () => {
    const problems = checkCreateNameserverSet(
      view({ limits: { maxSetsPerAccount: 1 }, sets: [set(SET_X, [])] }),
      account(),
      {
        nameservers: [{ name: "NS1.sets.example", ip_count: 9 }, { name: "NS1.sets.example" }],
        ip_set: 4,
      },
    );
    expect(problems.map((p) => p.rule)).toEqual([
      "ACCOUNT_FULL",
      "IP_SET_ABOVE_ENTITLEMENT",
      "NAME_INVALID",
      "IP_COUNT_RANGE",
      "NAME_INVALID",
      "NAME_REPEATED",
    ]);
  });

  it("follows the limits of the view: names in other sets and numbered names only when allowed", () => {
    const state = {
      sets: [set(SET_X, ["ns1.sets.example", "ns9.sets.example"])],
      names: { "ns2.sets.example": 1 },
    };
    expect(checkCreateNameserverSet(view(state), account(), input)).toEqual([]);
    const strict = view({
      ...state,
      limits: { allowNameInSeveralSets: false, allowNumberedSetNames: false },
    });
    expect(checkCreateNameserverSet(strict, account(), input).map((p) => p.rule)).toEqual([
      "NAME_IN_OTHER_SET",
      "NAME_IS_NUMBERED",
    ]);
  });

  it("deletes only a set that exists and no zone uses", () => {
    const onSet = zone("example.net", { type: "custom", nameserver_set_id: SET_X });
    const state = view({ sets: [set(SET_X, ["ns1.sets.example", "ns2.sets.example"])], zones: [onSet] });
    expect(checkDeleteNameserverSet(state, account(), "2".repeat(32)).map((p) => p.rule)).toEqual([
      "SET_NOT_FOUND",
    ]);
    expect(checkDeleteNameserverSet(state, account(), SET_X)).toEqual([
      {
        rule: "SET_IN_USE",
        message: `cannot delete Custom Nameserver Set ${SET_X}: 1 zone uses it (example.net); only an unassigned set can be deleted, so move those zones to another set first`,
      },
    ]);
    expect(checkDeleteNameserverSet(view({ sets: [set(SET_X, [])] }), account(), SET_X)).toEqual([]);
  });

  it("puts a zone only on a set of its account, and not on the set its parent uses", () => {
    const parent = zone("example.com", { type: "custom", nameserver_set_id: SET_X });
    const child = zone("eu.example.com");
    const state = view({
      sets: [set(SET_X, ["ns1.sets.example", "ns2.sets.example"])],
      zones: [parent, child],
    });
    expect(checkZoneOnNameserverSet(state, account(), child, "2".repeat(32)).map((p) => p.rule)).toEqual([
      "ZONE_SET_MISSING",
    ]);
    expect(checkZoneOnNameserverSet(state, account(), child, SET_X)).toEqual([
      {
        rule: "HIERARCHY",
        message: `cannot put zone "eu.example.com" on Custom Nameserver Set ${SET_X}: its parent "example.com" already uses that set; give one of them another set`,
      },
    ]);
    expect(
      checkZoneOnNameserverSet(state, account({ acnsEntitled: false }), child, SET_X).map((p) => p.rule),
    ).toEqual(["NOT_ENTITLED"]);
  });
});
