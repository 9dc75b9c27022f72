/**
 * Account-owned Custom Nameserver Sets in the emulator: the four endpoints, each rule with its code,
 * the glue derivation, zones on a set, pagination, seeds, and faults and the request log. Every
 * answer is validated against the spec bundle by useEmulator().
 */
import {
  ApiError,
  createManualClock,
  EmulatorStore,
  NameserverSetRules,
  SeedError,
  type SeedInput,
} from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, failure, seed, SMALL, SMALL_TOKEN, zoneId } from "./fixtures";

const NOW = Date.UTC(2026, 11, 7, 12, 0, 0);
const CREATED_ON = "2026-12-07T12:00:00.000Z";
const SETS = `/accounts/${ACME}/dns_settings/nameserver_sets`;
// Ids are derived from the account and a per-reset counter, so they repeat after every reset.
const FIRST_ID = "7317cade6332b72a5456b32a4a3d8319";
const SECOND_ID = "0452fcc8034715fd1548bcbf27284aa9";
const THIRD_ID = "ca3278315b2428de33c5a7c568d280c5";
const MISSING_ID = "0123456789abcdef0123456789abcdef";
const EXAMPLE_NET = zoneId("example.net");

const emu = useEmulator({ clock: createManualClock(NOW) });

function twoNames(prefix = "ns"): { nameservers: { name: string }[] } {
  return { nameservers: [{ name: `${prefix}1.sets.example` }, { name: `${prefix}2.sets.example` }] };
}

async function createSet(body: unknown): Promise<{ id: string }> {
  const answer = await callApi(emu.url, "POST", SETS, { body });
  if (answer.status !== 200) throw new Error(`create failed: ${JSON.stringify(answer.body)}`);
  return (answer.body as { result: { id: string } }).result;
}

function success(result: unknown, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { success: true, errors: [], messages: [], result, ...extra };
}

describe("POST /accounts/{account_id}/dns_settings/nameserver_sets", () => {
  it("creates a standard set on ip_set 1 with one IPv4 and one IPv6 address per name by default", async () => {
    const answer = await callApi(emu.url, "POST", SETS, { body: twoNames() });
    expect([answer.status, answer.body]).toEqual([
      200,
      success({
        id: FIRST_ID,
        created_on: CREATED_ON,
        ip_set: 1,
        advanced: false,
        nameservers: [
          { name: "ns1.sets.example", ipv4: ["192.0.2.1"], ipv6: ["2001:db8:76d7:1::1"] },
          { name: "ns2.sets.example", ipv4: ["192.0.2.2"], ipv6: ["2001:db8:76d7:1::2"] },
        ],
      }),
    ]);
  });

  it("honours ip_count and ip_set: pool (ip_set 2, standard) is 198.51.100.1-127 and 2001:db8:<tag>:3::/64", async () => {
    const created = await createSet({
      ip_set: 2,
      nameservers: [
        { name: "ns1.sets.example", ip_count: 2 },
        { name: "ns2.sets.example", ip_count: 3 },
      ],
    });
    expect(created).toEqual({
      id: FIRST_ID,
      created_on: CREATED_ON,
      ip_set: 2,
      advanced: false,
      nameservers: [
        {
          name: "ns1.sets.example",
          ipv4: ["198.51.100.1", "198.51.100.2"],
          ipv6: ["2001:db8:76d7:3::1", "2001:db8:76d7:3::2"],
        },
        {
          name: "ns2.sets.example",
          ipv4: ["198.51.100.3", "198.51.100.4", "198.51.100.5"],
          ipv6: ["2001:db8:76d7:3::3", "2001:db8:76d7:3::4", "2001:db8:76d7:3::5"],
        },
      ],
    });
  });

  it("gives an advanced set its own pool and one anycast group per address, the names starting in distinct groups", async () => {
    const created = await createSet({
      advanced: true,
      nameservers: [
        { name: "ns1.sets.example", ip_count: 2 },
        { name: "ns2.sets.example", ip_count: 2 },
        { name: "ns3.sets.example", ip_count: 2 },
      ],
    });
    expect(created).toEqual({
      id: FIRST_ID,
      created_on: CREATED_ON,
      ip_set: 1,
      advanced: true,
      nameservers: [
        {
          name: "ns1.sets.example",
          ipv4: ["192.0.2.128", "192.0.2.129"],
          ipv4_groups: ["a", "b"],
          ipv6: ["2001:db8:76d7:2::1", "2001:db8:76d7:2::2"],
          ipv6_groups: ["a", "b"],
        },
        {
          name: "ns2.sets.example",
          ipv4: ["192.0.2.130", "192.0.2.131"],
          ipv4_groups: ["b", "c"],
          ipv6: ["2001:db8:76d7:2::3", "2001:db8:76d7:2::4"],
          ipv6_groups: ["b", "c"],
        },
        {
          name: "ns3.sets.example",
          ipv4: ["192.0.2.132", "192.0.2.133"],
          ipv4_groups: ["c", "a"],
          ipv6: ["2001:db8:76d7:2::5", "2001:db8:76d7:2::6"],
          ipv6_groups: ["c", "a"],
        },
      ],
    });
  });

  it("shares a name's addresses between sets of one pool, keeps them after a delete, and never across pools", async () => {
    const addresses = (set: unknown): string[][] =>
      (set as { nameservers: { ipv4: string[]; ipv6: string[] }[] }).nameservers.map((ns) => [
        ...ns.ipv4,
        ...ns.ipv6,
      ]);
    const first = await createSet({ nameservers: [{ name: "a.sets.example" }, { name: "b.sets.example" }] });
    const second = await createSet({ nameservers: [{ name: "b.sets.example" }, { name: "c.sets.example" }] });
    const otherPool = await createSet({
      ip_set: 3,
      nameservers: [{ name: "a.sets.example" }, { name: "b.sets.example" }],
    });
    expect([addresses(first), addresses(second), addresses(otherPool)]).toEqual([
      [
        ["192.0.2.1", "2001:db8:76d7:1::1"],
        ["192.0.2.2", "2001:db8:76d7:1::2"],
      ],
      [
        ["192.0.2.2", "2001:db8:76d7:1::2"],
        ["192.0.2.3", "2001:db8:76d7:1::3"],
      ],
      [
        ["203.0.113.1", "2001:db8:76d7:5::1"],
        ["203.0.113.2", "2001:db8:76d7:5::2"],
      ],
    ]);
    await callApi(emu.url, "DELETE", `${SETS}/${first.id}`);
    const again = await createSet({ nameservers: [{ name: "a.sets.example" }, { name: "d.sets.example" }] });
    expect(addresses(again)).toEqual([
      ["192.0.2.1", "2001:db8:76d7:1::1"],
      ["192.0.2.4", "2001:db8:76d7:1::4"],
    ]);
  });

  it("lets a name be in several sets and also be a numbered-set name (the defaults)", async () => {
    await createSet({ nameservers: [{ name: "ns1.example.net" }, { name: "ns2.example.net" }] });
    const second = await createSet({
      nameservers: [{ name: "ns1.example.net" }, { name: "ns9.example.net" }],
    });
    expect(second.id).toBe(SECOND_ID);
  });
});

describe("the rules of a create, each with its code", () => {
  it.each([
    [
      "one name",
      { nameservers: [{ name: "ns1.sets.example" }] },
      [
        1123,
        'cannot create a Custom Nameserver Set with 1 name: a set holds 2 to 5 names; got ["ns1.sets.example"]',
      ],
    ],
    [
      "six names",
      { nameservers: [1, 2, 3, 4, 5, 6].map((n) => ({ name: `ns${n}.sets.example` })) },
      [
        1123,
        'cannot create a Custom Nameserver Set with 6 names: a set holds 2 to 5 names; got ["ns1.sets.example","ns2.sets.example","ns3.sets.example","ns4.sets.example","ns5.sets.example","ns6.sets.example"]',
      ],
    ],
    [
      "an uppercase name",
      { nameservers: [{ name: "NS1.sets.example" }, { name: "ns2.sets.example" }] },
      [
        1124,
        'nameservers[0].name "NS1.sets.example" has uppercase letters; send it in lowercase ("ns1.sets.example")',
      ],
    ],
    [
      "a Unicode name",
      { nameservers: [{ name: "ns1.bücher.example" }, { name: "ns2.sets.example" }] },
      [
        1124,
        'nameservers[0].name "ns1.bücher.example" is not a valid hostname: it contains non-ASCII characters; give an IDN in punycode (xn--...)',
      ],
    ],
    [
      "a repeated name",
      { nameservers: [{ name: "ns1.sets.example" }, { name: "ns1.sets.example" }] },
      [
        1125,
        'nameservers[1].name "ns1.sets.example" appears more than once in the set; each name of a set must be unique',
      ],
    ],
    [
      "ip_count 0",
      { nameservers: [{ name: "ns1.sets.example", ip_count: 0 }, { name: "ns2.sets.example" }] },
      [1126, "nameservers[0].ip_count must be a whole number from 1 to 4; got 0"],
    ],
    [
      "ip_count 5",
      { nameservers: [{ name: "ns1.sets.example" }, { name: "ns2.sets.example", ip_count: 5 }] },
      [1126, "nameservers[1].ip_count must be a whole number from 1 to 4; got 5"],
    ],
    [
      "an advanced set with two ip_count values",
      {
        advanced: true,
        nameservers: [{ name: "ns1.sets.example", ip_count: 2 }, { name: "ns2.sets.example" }],
      },
      [
        1127,
        "cannot create an advanced Custom Nameserver Set with ip_count values 2, 1: all names of an advanced set use the same ip_count; give every name the same value",
      ],
    ],
    [
      "ip_set 4",
      { ip_set: 4, ...twoNames() },
      [
        1128,
        `cannot create a Custom Nameserver Set on ip_set 4: account ${ACME} is entitled to ip_set 1 to 3; use one of those`,
      ],
    ],
    [
      "ip_set 0 (the documented minimum is 1)",
      { ip_set: 0, ...twoNames() },
      [1101, "ip_set must be at least 1; got 0"],
    ],
    ["no nameservers", { advanced: false }, [1101, "nameservers is required"]],
  ])("refuses %s", async (_what, body, [code, message]) => {
    const answer = await callApi(emu.url, "POST", SETS, { body });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({ code: code as number, message: message as string }),
    ]);
    expect(emu.store.nameserverSets.list(ACME)).toEqual([]);
  });

  it("reports every problem of a request at once", async () => {
    const answer = await callApi(emu.url, "POST", SETS, {
      body: { ip_set: 4, nameservers: [{ name: "A.sets.example", ip_count: 9 }] },
    });
    expect((answer.body as { errors: { code: number }[] }).errors.map((e) => e.code)).toEqual([
      1123, 1128, 1124, 1126,
    ]);
  });

  it("answers 1002 on all four endpoints for an account without the entitlement", async () => {
    const sets = `/accounts/${SMALL}/dns_settings/nameserver_sets`;
    const answers = [
      await callApi(emu.url, "POST", sets, { token: SMALL_TOKEN, body: twoNames() }),
      await callApi(emu.url, "GET", sets, { token: SMALL_TOKEN }),
      await callApi(emu.url, "GET", `${sets}/${MISSING_ID}`, { token: SMALL_TOKEN }),
      await callApi(emu.url, "DELETE", `${sets}/${MISSING_ID}`, { token: SMALL_TOKEN }),
    ];
    const refusal = failure({ code: 1002, message: "This feature is not enabled for your account." });
    expect(answers.map((a) => [a.status, a.body])).toEqual([
      [400, refusal],
      [400, refusal],
      [400, refusal],
      [400, refusal],
    ]);
  });
});

describe("GET and DELETE /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}", () => {
  it("gets a set as created and deletes it, answering {id}", async () => {
    const created = await createSet(twoNames());
    const got = await callApi(emu.url, "GET", `${SETS}/${created.id}`);
    expect([got.status, got.body]).toEqual([200, success(created)]);
    const deleted = await callApi(emu.url, "DELETE", `${SETS}/${created.id}`);
    expect([deleted.status, deleted.body]).toEqual([200, success({ id: FIRST_ID })]);
    const gone = await callApi(emu.url, "GET", `${SETS}/${created.id}`);
    expect([gone.status, gone.body]).toEqual([
      404,
      failure({
        code: 1121,
        message: `Custom Nameserver Set ${FIRST_ID} not found in account ${ACME}; list the account's sets with GET /accounts/${ACME}/dns_settings/nameserver_sets`,
      }),
    ]);
  });

  it("answers 404 with 1121 to a delete of a set the account does not hold", async () => {
    const answer = await callApi(emu.url, "DELETE", `${SETS}/${MISSING_ID}`);
    expect([answer.status, (answer.body as { errors: { code: number }[] }).errors[0]?.code]).toEqual([
      404, 1121,
    ]);
  });

  it("answers 400 with 7003 and 7000 to an id that is not 32 characters", async () => {
    const answer = await callApi(emu.url, "GET", `${SETS}/abc`);
    expect([answer.status, answer.body]).toEqual([
      400,
      failure(
        {
          code: 7003,
          message: `Could not route to /client/v4/accounts/${ACME}/dns_settings/nameserver_sets/abc, perhaps your object identifier is invalid?`,
        },
        { code: 7000, message: "No route for that URI" },
      ),
    ]);
  });

  it.each(["PUT", "PATCH"])("has no %s: a set is immutable", async (method) => {
    const created = await createSet(twoNames());
    const answer = await callApi(emu.url, method, `${SETS}/${created.id}`, { body: twoNames("x") });
    expect([answer.status, answer.body]).toEqual([
      404,
      failure({
        code: 7003,
        message: `No route for the URI: ${method} /client/v4${SETS}/${created.id}`,
      }),
    ]);
  });

  it("refuses to delete a set a zone uses (1122), and deletes it once the zone has moved", async () => {
    const created = await createSet(twoNames());
    await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, {
      body: { nameservers: { type: "custom", nameserver_set_id: created.id } },
    });
    const refused = await callApi(emu.url, "DELETE", `${SETS}/${created.id}`);
    expect([refused.status, refused.body]).toEqual([
      400,
      failure({
        code: 1122,
        message: `cannot delete Custom Nameserver Set ${FIRST_ID}: 1 zone uses it (example.net); only an unassigned set can be deleted, so move those zones to another set first`,
      }),
    ]);
    await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, {
      body: { nameservers: { type: "cloudflare.standard" } },
    });
    const deleted = await callApi(emu.url, "DELETE", `${SETS}/${created.id}`);
    expect(deleted.status).toBe(200);
  });
});

describe("GET /accounts/{account_id}/dns_settings/nameserver_sets", () => {
  it("lists oldest first, page by page, with result_info; a page past the end is empty", async () => {
    for (const prefix of ["a", "b", "c"]) await createSet(twoNames(prefix));
    const ids = async (query: string): Promise<[string[], unknown]> => {
      const answer = await callApi(emu.url, "GET", `${SETS}${query}`);
      const body = answer.body as { result: { id: string }[]; result_info: unknown };
      return [body.result.map((s) => s.id), body.result_info];
    };
    expect([
      await ids(""),
      await ids("?per_page=2"),
      await ids("?per_page=2&page=2"),
      await ids("?page=3&per_page=2"),
    ]).toEqual([
      [[FIRST_ID, SECOND_ID, THIRD_ID], { page: 1, per_page: 20, count: 3, total_count: 3, total_pages: 1 }],
      [[FIRST_ID, SECOND_ID], { page: 1, per_page: 2, count: 2, total_count: 3, total_pages: 2 }],
      [[THIRD_ID], { page: 2, per_page: 2, count: 1, total_count: 3, total_pages: 2 }],
      [[], { page: 3, per_page: 2, count: 0, total_count: 3, total_pages: 2 }],
    ]);
  });

  it("lists none for an account without sets", async () => {
    const answer = await callApi(emu.url, "GET", SETS);
    expect(answer.body).toEqual(
      success([], { result_info: { page: 1, per_page: 20, count: 0, total_count: 0, total_pages: 0 } }),
    );
  });

  it("refuses per_page 0 and page 0 with the documented bounds", async () => {
    const answer = await callApi(emu.url, "GET", `${SETS}?per_page=0&page=0`);
    expect([answer.status, answer.body]).toEqual([
      400,
      failure(
        { code: 1101, message: 'page must be at least 1; got "0"' },
        { code: 1101, message: 'per_page must be at least 1; got "0"' },
      ),
    ]);
  });
});

describe("a zone on a set", () => {
  it("is put on it with PATCH dns_settings and reads back so in dns_settings and name_servers", async () => {
    const created = await createSet(twoNames());
    const patched = await emu.client().dns.settings.zone.edit({
      zone_id: EXAMPLE_NET,
      nameservers: { type: "custom", nameserver_set_id: created.id },
    });
    expect(patched.nameservers).toEqual({ type: "custom", nameserver_set_id: FIRST_ID });
    const read = await emu.client().dns.settings.zone.get({ zone_id: EXAMPLE_NET });
    expect(read.nameservers).toEqual({ type: "custom", nameserver_set_id: FIRST_ID });
    const zone = await emu.client().zones.get({ zone_id: EXAMPLE_NET });
    expect(zone.name_servers).toEqual(["ns1.sets.example", "ns2.sets.example"]);
    const legacy = await callApi(emu.url, "GET", `/zones/${EXAMPLE_NET}/custom_ns`);
    expect((legacy.body as { enabled: boolean }).enabled).toBe(false);
  });

  it("refuses a set id the account does not hold with Cloudflare's 1001", async () => {
    const answer = await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, {
      body: { nameservers: { type: "custom", nameserver_set_id: MISSING_ID } },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({
        code: 1001,
        message: `Custom Nameserver set doesn't exist: cannot put zone "example.net" on "${MISSING_ID}", which is not a set of account ${ACME}; use an id from GET /accounts/${ACME}/dns_settings/nameserver_sets`,
      }),
    ]);
  });

  it("refuses type custom without nameserver_set_id", async () => {
    const answer = await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, {
      body: { nameservers: { type: "custom" } },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({ code: 1101, message: 'nameservers.nameserver_set_id is required with type "custom"' }),
    ]);
  });

  it("holds the hierarchy rule per set (1107): siblings share a set, a child or parent may not", async () => {
    const created = await createSet(twoNames());
    const put = (name: string): Promise<{ status: number; body: unknown }> =>
      callApi(emu.url, "PATCH", `/zones/${zoneId(name)}/dns_settings`, {
        body: { nameservers: { type: "custom", nameserver_set_id: created.id } },
      });
    expect((await put("eu.example.com")).status).toBe(200);
    expect((await put("us.example.com")).status).toBe(200);
    const child = await put("shop.eu.example.com");
    const parent = await put("example.com");
    expect([child.status, child.body, parent.status, parent.body]).toEqual([
      400,
      failure({
        code: 1107,
        message: `cannot put zone "shop.eu.example.com" on Custom Nameserver Set ${FIRST_ID}: its parent "eu.example.com" already uses that set; give one of them another set`,
      }),
      400,
      failure(
        {
          code: 1107,
          message: `cannot put zone "example.com" on Custom Nameserver Set ${FIRST_ID}: its child "eu.example.com" already uses that set; give one of them another set`,
        },
        {
          code: 1107,
          message: `cannot put zone "example.com" on Custom Nameserver Set ${FIRST_ID}: its child "us.example.com" already uses that set; give one of them another set`,
        },
      ),
    ]);
    const other = await createSet(twoNames("x"));
    const moved = await callApi(emu.url, "PATCH", `/zones/${zoneId("shop.eu.example.com")}/dns_settings`, {
      body: { nameservers: { type: "custom", nameserver_set_id: other.id } },
    });
    expect(moved.status).toBe(200);
  });

  it("cannot be put on another account's set", async () => {
    emu.store.addAccount({ id: "abcdefabcdefabcdefabcdefabcdefab", name: "Other", acnsEntitled: true });
    const foreign = emu.store.createNameserverSet("abcdefabcdefabcdefabcdefabcdefab", twoNames());
    const answer = await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, {
      body: { nameservers: { type: "custom", nameserver_set_id: foreign.id } },
    });
    expect([answer.status, (answer.body as { errors: { code: number }[] }).errors[0]?.code]).toEqual([
      400, 1001,
    ]);
  });
});

describe("faults and the request log apply as to every route", () => {
  it("commits a create whose answer is dropped after commit, and logs it", async () => {
    emu.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "drop", when: "after-commit" },
    });
    await expect(callApi(emu.url, "POST", SETS, { body: twoNames() })).rejects.toThrow();
    expect(emu.store.nameserverSets.list(ACME).map((s) => s.id)).toEqual([FIRST_ID]);
    expect(emu.store.requestLog.list().map((r) => [r.route, r.status, r.outcome])).toEqual([
      ["POST /accounts/{account_id}/dns_settings/nameserver_sets", null, "dropped-after-commit"],
    ]);
  });

  it("fails a list with an injected 503", async () => {
    emu.store.faults.add({
      method: "GET",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "fail", status: 503 },
    });
    const answer = await callApi(emu.url, "GET", SETS);
    expect(answer.status).toBe(503);
    expect(emu.store.requestLog.count()).toEqual({
      "GET /accounts/{account_id}/dns_settings/nameserver_sets": 1,
    });
  });
});

describe("limits through emulator options", () => {
  const strict = useEmulator({
    clock: createManualClock(NOW),
    nameserverSetLimits: {
      maxSetsPerAccount: 1,
      allowNameInSeveralSets: false,
      allowNumberedSetNames: false,
    },
  });

  it("refuses a set over maxSetsPerAccount (1129)", async () => {
    await callApi(strict.url, "POST", SETS, { body: twoNames() });
    const answer = await callApi(strict.url, "POST", SETS, { body: twoNames("x") });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({
        code: 1129,
        message: `cannot create a Custom Nameserver Set: account ${ACME} already has 1 set, the maximum is 1; delete a set no zone uses first`,
      }),
    ]);
  });

  it("refuses a name of another set (1130) and a numbered-set name (1131) when told to", async () => {
    strict.store.reset();
    await callApi(strict.url, "POST", SETS, { body: twoNames() });
    strict.store.deleteNameserverSet(ACME, FIRST_ID);
    const answer = await callApi(strict.url, "POST", SETS, {
      body: { nameservers: [{ name: "ns1.example.net" }, { name: "ns2.sets.example" }] },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({
        code: 1131,
        message:
          'nameservers[0].name "ns1.example.net" is a custom nameserver of ns_set 1; delete it from /custom_ns first or choose another name',
      }),
    ]);
    await callApi(strict.url, "POST", SETS, { body: twoNames("y") });
    const repeat = new EmulatorStore({
      seed: seed,
      nameserverSetLimits: { allowNameInSeveralSets: false },
    });
    repeat.createNameserverSet(ACME, twoNames());
    expect(() => repeat.createNameserverSet(ACME, twoNames())).toThrow(
      new ApiError(400, [
        {
          code: 1130,
          message: `nameservers[0].name "ns1.sets.example" already belongs to Custom Nameserver Set ${FIRST_ID}; a name may be in one set only here, so delete that set first or choose another name`,
        },
        {
          code: 1130,
          message: `nameservers[1].name "ns2.sets.example" already belongs to Custom Nameserver Set ${FIRST_ID}; a name may be in one set only here, so delete that set first or choose another name`,
        },
      ]),
    );
  });

  it("checks the options themselves", () => {
    expect(() => new EmulatorStore({ nameserverSetLimits: { maxIpSet: 4 } })).toThrow(
      "nameserverSetLimits.maxIpSet must be a whole number from 1 to 3, got 4",
    );
  });
});

describe("seeds", () => {
  const base: SeedInput = {
    accounts: [{ id: ACME, name: "Acme", acnsEntitled: true }],
    zones: [
      {
        id: EXAMPLE_NET,
        name: "example.net",
        accountId: ACME,
        nameservers: { type: "custom", nameserver_set_id: "11111111111111111111111111111111" },
      },
    ],
    nameserverSets: [
      {
        accountId: ACME,
        id: "11111111111111111111111111111111",
        advanced: true,
        nameservers: [{ name: "ns1.sets.example" }, { name: "ns2.sets.example" }],
      },
    ],
  };

  it("holds sets, and zones on them, in the state and the snapshot", () => {
    const store = new EmulatorStore({ seed: base, clock: createManualClock(NOW) });
    const snapshot = store.snapshot();
    expect([snapshot.nameserverSets, snapshot.zones]).toEqual([
      [
        {
          accountId: ACME,
          id: "11111111111111111111111111111111",
          created_on: CREATED_ON,
          ip_set: 1,
          advanced: true,
          nameservers: [
            {
              name: "ns1.sets.example",
              ipv4: ["192.0.2.128"],
              ipv4_groups: ["a"],
              ipv6: ["2001:db8:76d7:2::1"],
              ipv6_groups: ["a"],
            },
            {
              name: "ns2.sets.example",
              ipv4: ["192.0.2.129"],
              ipv4_groups: ["b"],
              ipv6: ["2001:db8:76d7:2::2"],
              ipv6_groups: ["b"],
            },
          ],
        },
      ],
      [
        {
          id: EXAMPLE_NET,
          name: "example.net",
          accountId: ACME,
          nameservers: { type: "custom", nameserver_set_id: "11111111111111111111111111111111" },
          name_servers: ["ns1.sets.example", "ns2.sets.example"],
        },
      ],
    ]);
  });

  it("reports sets that break a rule, unknown accounts, repeated ids and zones on missing sets", () => {
    const broken: SeedInput = {
      ...base,
      zones: [
        {
          id: EXAMPLE_NET,
          name: "example.net",
          accountId: ACME,
          nameservers: { type: "custom", nameserver_set_id: "22222222222222222222222222222222" },
        },
      ],
      nameserverSets: [{ accountId: ACME, nameservers: [{ name: "ns1.sets.example" }] }],
    };
    expect(() => new EmulatorStore({ seed: broken })).toThrow(
      new SeedError("(rules)", [
        'nameserverSets[0]: cannot create a Custom Nameserver Set with 1 name: a set holds 2 to 5 names; got ["ns1.sets.example"]',
        `zones[0]: Custom Nameserver set doesn't exist: cannot put zone "example.net" on "22222222222222222222222222222222", which is not a set of account ${ACME}; use an id from GET /accounts/${ACME}/dns_settings/nameserver_sets`,
      ]),
    );
    const references: SeedInput = {
      accounts: base.accounts,
      nameserverSets: [
        { accountId: SMALL, id: "33333333333333333333333333333333", nameservers: [] },
        { accountId: ACME, id: "33333333333333333333333333333333", nameservers: [] },
      ],
    };
    expect(() => new EmulatorStore({ seed: references })).toThrow(
      new SeedError("(object)", [
        `nameserverSets[0].accountId "${SMALL}" is not an account of the seed`,
        'nameserverSets[1].id "33333333333333333333333333333333" appears twice',
      ]),
    );
  });

  it("comes back on reset", async () => {
    emu.store.reset({ ...seed, nameserverSets: base.nameserverSets });
    const answer = await callApi(emu.url, "GET", SETS);
    expect((answer.body as { result: { id: string }[] }).result.map((s) => s.id)).toEqual([
      "11111111111111111111111111111111",
    ]);
    emu.store.reset(seed);
  });
});

describe("the rule table", () => {
  it("gives every refusing rule its status and code, and says where each comes from", () => {
    const rows = Object.entries(NameserverSetRules).map(([name, rule]) => [
      name,
      rule.source,
      "error" in rule ? `${rule.error.status}/${rule.error.code} (${rule.error.codeSource})` : "-",
    ]);
    expect(rows).toEqual([
      ["NOT_ENTITLED", "chosen by us", "400/1002 (observed from Cloudflare)"],
      ["IMMUTABLE", "documented by Cloudflare", "-"],
      ["SET_ID_MALFORMED", "chosen by us", "400/7003 (documented by Cloudflare)"],
      ["SET_NOT_FOUND", "documented by Cloudflare", "404/1121 (chosen by us)"],
      ["SET_IN_USE", "documented by Cloudflare", "400/1122 (chosen by us)"],
      ["NAME_COUNT", "chosen by us", "400/1123 (chosen by us)"],
      ["NAME_INVALID", "documented by Cloudflare", "400/1124 (chosen by us)"],
      ["NAME_REPEATED", "documented by Cloudflare", "400/1125 (chosen by us)"],
      ["IP_COUNT_RANGE", "chosen by us", "400/1126 (chosen by us)"],
      ["IP_COUNT_MIXED", "documented by Cloudflare", "400/1127 (chosen by us)"],
      ["IP_SET_ABOVE_ENTITLEMENT", "chosen by us", "400/1128 (chosen by us)"],
      ["ACCOUNT_FULL", "chosen by us", "400/1129 (chosen by us)"],
      ["NAME_IN_OTHER_SET", "chosen by us", "400/1130 (chosen by us)"],
      ["NAME_IS_NUMBERED", "chosen by us", "400/1131 (chosen by us)"],
      ["ZONE_SET_MISSING", "chosen by us", "400/1001 (documented by Cloudflare)"],
      ["HIERARCHY", "chosen by us", "400/1107 (chosen by us)"],
      ["ADDRESSES", "chosen by us", "-"],
      ["ANYCAST_GROUPS", "chosen by us", "-"],
      ["LIST_ORDER", "chosen by us", "-"],
      ["ACCOUNT_DEFAULT", "chosen by us", "-"],
    ]);
  });
});
