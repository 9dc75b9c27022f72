import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, catchApiError, failure, SMALL, SMALL_TOKEN, zoneId } from "./fixtures";

const emu = useEmulator();

describe("POST/GET/DELETE /accounts/{account_id}/custom_ns through the official SDK", () => {
  it("lists the seeded names by set, then name, with glue records and zone tags", async () => {
    const page = await emu.client().customNameservers.get({ account_id: ACME });
    expect(page.result.map((ns) => [ns.ns_name, ns.ns_set, ns.status, ns.zone_tag])).toEqual([
      ["ns1.example.net", 1, "verified", zoneId("example.net")],
      ["ns2.example.net", 1, "verified", zoneId("example.net")],
      ["ns3.example.net", 2, "verified", zoneId("example.net")],
      ["ns4.example.net", 2, "verified", zoneId("example.net")],
      ["ns1.acme-dns.example", 3, "pending", ""],
      ["ns2.acme-dns.example", 3, "pending", ""],
    ]);
  });

  it("creates a name on set 1 when ns_set is omitted and answers the whole CustomNS", async () => {
    const created = await emu
      .client()
      .customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net" });
    expect(created).toEqual({
      ns_name: "ns5.example.net",
      ns_set: 1,
      dns_records: [
        { type: "A", value: "198.51.100.33" },
        { type: "AAAA", value: "2001:db8:34c2:41c1::9ffb" },
      ],
      status: "verified",
      zone_tag: zoneId("example.net"),
    });
    const names = (await emu.client().customNameservers.get({ account_id: ACME })).result.map(
      (n) => n.ns_name,
    );
    expect(names).toEqual([
      "ns1.example.net",
      "ns2.example.net",
      "ns5.example.net",
      "ns3.example.net",
      "ns4.example.net",
      "ns1.acme-dns.example",
      "ns2.acme-dns.example",
    ]);
  });

  it("gives the same glue addresses to the same name every time", async () => {
    const first = await emu
      .client()
      .customNameservers.create({ account_id: ACME, ns_name: "ns9.example.org", ns_set: 4 });
    await emu.client().customNameservers.delete("ns9.example.org", { account_id: ACME });
    const again = await emu
      .client()
      .customNameservers.create({ account_id: ACME, ns_name: "ns9.example.org", ns_set: 5 });
    expect(again.dns_records).toEqual(first.dns_records);
  });

  it("lowercases the name and tags it with the deepest zone of the account that holds it", async () => {
    const created = await emu.client().customNameservers.create({
      account_id: ACME,
      ns_name: "NS1.Shop.EU.Example.COM",
      ns_set: 4,
    });
    expect([created.ns_name, created.zone_tag, created.status]).toEqual([
      "ns1.shop.eu.example.com",
      zoneId("shop.eu.example.com"),
      "verified",
    ]);
  });

  it("deletes a name and answers an empty result", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    const answer = await callApi(emu.url, "DELETE", `/accounts/${ACME}/custom_ns/ns5.example.net`);
    expect(answer).toMatchObject({
      status: 200,
      body: { success: true, errors: [], messages: [], result: [] },
    });
    expect(emu.store.listNameservers(ACME).map((n) => n.ns_name)).not.toContain("ns5.example.net");
  });

  it("deletes through the SDK, which sends no body", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    const page = await emu.client().customNameservers.delete("ns5.example.net", { account_id: ACME });
    expect(page.result).toEqual([]);
    expect(emu.exchanges.at(-1)?.requestBody).toBeUndefined();
  });

  it("allows deleting a name while the set in use keeps 2 names", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 1 });
    await emu.client().customNameservers.delete("ns1.example.net", { account_id: ACME });
    expect(emu.store.listZoneNameServers(zoneId("example.com"))).toEqual([
      "ns2.example.net",
      "ns5.example.net",
    ]);
  });
});

describe("the name rules", () => {
  it("refuses a name that already belongs to another set", async () => {
    const error = await catchApiError(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns1.example.net", ns_set: 2 }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [
        {
          code: 1103,
          message:
            'cannot add nameserver "ns1.example.net" to ns_set 2: it already belongs to ns_set 1; a name may belong to one set only, so delete it first or choose another name',
        },
      ],
    });
  });

  it("refuses a name already in the same set, whatever its case", async () => {
    const error = await catchApiError(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: "NS1.EXAMPLE.NET", ns_set: 1 }),
    );
    expect(error.errors).toEqual([
      {
        code: 1103,
        message:
          'cannot add nameserver "ns1.example.net" to ns_set 1: it is already in ns_set 1; a name may belong to one set only, so delete it first or choose another name',
      },
    ]);
  });

  it("refuses a sixth name in a set", async () => {
    for (const n of [5, 6, 7]) {
      await emu
        .client()
        .customNameservers.create({ account_id: ACME, ns_name: `ns${n}.example.net`, ns_set: 1 });
    }
    const error = await catchApiError(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns8.example.net", ns_set: 1 }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [
        {
          code: 1104,
          message:
            'cannot add nameserver "ns8.example.net" to ns_set 1: the set already has 5 names (ns1.example.net, ns2.example.net, ns5.example.net, ns6.example.net, ns7.example.net), the maximum is 5; delete one or use another set (2-5)',
        },
      ],
    });
  });

  it.each([
    ["ns1..example.com", "it has an empty label (a leading dot or two dots in a row); remove the extra dot"],
    ["-ns1.example.com", 'label "-ns1" starts with a hyphen; remove the hyphen'],
    [
      "ns1_a.example.com",
      'label "ns1_a" contains "_"; a hostname uses only letters, digits and hyphens; remove or replace that character',
    ],
    ["ns1.example.com.", "it ends with a dot; give the name without the trailing dot"],
    ["localhost", 'it has only one label; write the full hostname, e.g. "ns1.example.com"'],
    [
      "ns1.10",
      'its last label "10" is all digits, so it reads as an IP address; use the nameserver\'s hostname, not its address',
    ],
    ["ns1.bücher.example", "it contains non-ASCII characters; give an IDN in punycode (xn--...)"],
    [
      "ns1.xn--zz.example",
      'label "xn--zz" is not valid punycode; write the label in Unicode, or encode it again',
    ],
    [
      `${"a".repeat(64)}.example.com`,
      `label "${"a".repeat(64)}" is 64 characters long; a label holds at most 63; shorten that label`,
    ],
  ])("refuses the invalid hostname %s", async (name, why) => {
    const error = await catchApiError(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: name, ns_set: 4 }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [
        {
          code: 1102,
          message: `cannot add nameserver "${name.toLowerCase()}": it is not a valid hostname: ${why}`,
        },
      ],
    });
  });

  it("accepts a punycode name", async () => {
    const created = await emu.client().customNameservers.create({
      account_id: ACME,
      ns_name: "ns1.xn--bcher-kva.example",
      ns_set: 4,
    });
    expect([created.ns_name, created.zone_tag]).toEqual([
      "ns1.xn--bcher-kva.example",
      zoneId("xn--bcher-kva.example"),
    ]);
  });

  it("refuses to delete a name the account does not have", async () => {
    const error = await catchApiError(
      emu.client().customNameservers.delete("ns9.example.net", { account_id: ACME }),
    );
    expect(error).toEqual({
      status: 404,
      errors: [
        {
          code: 1105,
          message: `cannot delete nameserver "ns9.example.net": account ${ACME} has no such custom nameserver`,
        },
      ],
    });
  });

  it("lets a name go even when zones use its set and 1 name stays, as Cloudflare does", async () => {
    const cf = emu.client();
    expect(await cf.customNameservers.delete("ns3.example.net", { account_id: ACME })).toBeDefined();
    // The zones stay on set 2 and are served by the name that is left (docs/decisions/009).
    for (const zone of ["eu.example.com", "us.example.com", "1.10.in-addr.arpa"]) {
      expect(emu.store.getZone(zoneId(zone))?.nameservers).toEqual({ type: "custom.account", ns_set: 2 });
      expect(emu.store.listZoneNameServers(zoneId(zone))).toEqual(["ns4.example.net"]);
    }
    await cf.customNameservers.delete("ns4.example.net", { account_id: ACME });
    expect(emu.store.listZoneNameServers(zoneId("eu.example.com"))).toEqual([]);
    // A zone cannot be put back on the emptied set: 1001, as for any set without names.
    expect(
      await catchApiError(
        cf.dns.settings.zone.edit({
          zone_id: zoneId("example.net"),
          nameservers: { type: "custom.account", ns_set: 2 },
        }),
      ),
    ).toEqual({ status: 400, errors: [{ code: 1001, message: "Custom Nameserver set doesn't exist" }] });
  });

  it("lets the last names of a set nobody uses go", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    await emu.client().customNameservers.delete("ns5.example.net", { account_id: ACME });
    expect(emu.store.listNameservers(ACME).filter((n) => n.ns_set === 4)).toEqual([]);
  });

  it.each([
    ["POST", `/accounts/${SMALL}/custom_ns`, { ns_name: "ns1.small-shop.example" }],
    ["GET", `/accounts/${SMALL}/custom_ns`, undefined],
    ["GET", `/accounts/${SMALL}/custom_ns/availability`, undefined],
    ["DELETE", `/accounts/${SMALL}/custom_ns/ns1.small-shop.example`, undefined],
    ["GET", `/zones/${zoneId("small-shop.example")}/custom_ns`, undefined],
    ["PUT", `/zones/${zoneId("small-shop.example")}/custom_ns`, { enabled: false }],
  ])(
    "answers 1002 on every ACNS call of an account without the entitlement, the listing included: %s %s",
    async (method, path, body) => {
      const answer = await callApi(emu.url, method, path, { token: SMALL_TOKEN, body });
      expect([answer.status, answer.body]).toEqual([
        400,
        failure({ code: 1002, message: "This feature is not enabled for your account." }),
      ]);
    },
  );
});

describe("request bodies that break the schema", () => {
  it.each([
    [{ ns_name: "ns5.example.net", ns_set: 0 }, ["ns_set must be at least 1; got 0"]],
    [{ ns_name: "ns5.example.net", ns_set: 6 }, ["ns_set must be at most 5; got 6"]],
    [{ ns_name: "ns5.example.net", ns_set: 1.5 }, ["ns_set must be an integer; got 1.5"]],
    [{ ns_name: "ns5.example.net", ns_set: "2" }, ['ns_set must be a number; got "2"']],
    [{ ns_set: 2 }, ["ns_name is required"]],
    [{ ns_name: 42, ns_set: 9 }, ["ns_name must be a string; got 42", "ns_set must be at most 5; got 9"]],
    [[], ["body must be an object; got []"]],
  ])("answers 400 naming every offending field for %j", async (body, messages) => {
    const answer = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`, { body });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual(failure(...messages.map((message) => ({ code: 1101, message }))));
  });

  it("answers 400 to an empty body", async () => {
    const answer = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`);
    expect(answer.body).toEqual(failure({ code: 1101, message: "body is required" }));
  });
});

describe("GET /accounts/{account_id}/custom_ns/availability (deprecated)", () => {
  it("lists every zone of an entitled account", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns/availability`);
    expect(answer.body).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: [
        "1.10.in-addr.arpa",
        "10.in-addr.arpa",
        "8.b.d.0.1.0.0.2.ip6.arpa",
        "eu.example.com",
        "example.com",
        "example.net",
        "shop.eu.example.com",
        "us.example.com",
        "xn--bcher-kva.example",
      ],
    });
  });

  it("refuses an account without the entitlement (1002) rather than listing nothing", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${SMALL}/custom_ns/availability`, {
      token: SMALL_TOKEN,
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({ code: 1002, message: "This feature is not enabled for your account." }),
    ]);
  });
});
