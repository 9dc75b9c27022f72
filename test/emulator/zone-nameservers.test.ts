import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, catchApiError, failure, SMALL, SMALL_TOKEN, zoneId } from "./fixtures";

const emu = useEmulator();

const EXAMPLE_NET = zoneId("example.net");
const STANDARD_NAMES = ["nash.ns.cloudflare.com", "cora.ns.cloudflare.com"];

async function readBothViews(
  zone: string,
): Promise<{ current: unknown; legacy: unknown; nameServers: string[] }> {
  const cf = emu.client();
  const current = (await cf.dns.settings.zone.get({ zone_id: zone })).nameservers;
  const legacyEnvelope = await cf.zones.customNameservers.get({ zone_id: zone });
  const legacy = { enabled: legacyEnvelope.enabled, ns_set: legacyEnvelope.ns_set };
  const nameServers = (await cf.zones.get({ zone_id: zone })).name_servers;
  return { current, legacy, nameServers };
}

describe("one state behind the current (dns_settings) and the deprecated (custom_ns) views", () => {
  it("reads a PUT custom_ns back through dns_settings and GET /zones/{id}", async () => {
    await emu.client().zones.customNameservers.update({ zone_id: EXAMPLE_NET, enabled: true, ns_set: 2 });
    expect(await readBothViews(EXAMPLE_NET)).toEqual({
      current: { type: "custom.account", ns_set: 2 },
      legacy: { enabled: true, ns_set: 2 },
      nameServers: ["ns3.example.net", "ns4.example.net"],
    });
  });

  it("reads a PATCH dns_settings back through the deprecated GET custom_ns", async () => {
    const result = await emu.client().dns.settings.zone.edit({
      zone_id: EXAMPLE_NET,
      nameservers: { type: "custom.account", ns_set: 3 },
    });
    expect(result.nameservers).toEqual({ type: "custom.account", ns_set: 3 });
    expect(await readBothViews(EXAMPLE_NET)).toEqual({
      current: { type: "custom.account", ns_set: 3 },
      legacy: { enabled: true, ns_set: 3 },
      nameServers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
    });
  });

  it("answers the deprecated GET with enabled/ns_set at the top level of the envelope", async () => {
    const answer = await callApi(emu.url, "GET", `/zones/${zoneId("eu.example.com")}/custom_ns`);
    expect(answer.body).toEqual({
      success: true,
      errors: [],
      messages: [],
      result: null,
      enabled: true,
      ns_set: 2,
    });
  });

  it("takes a zone off ACNS with enabled: false and shows Cloudflare's standard names", async () => {
    const answer = await callApi(emu.url, "PUT", `/zones/${zoneId("us.example.com")}/custom_ns`, {
      body: { enabled: false },
    });
    expect(answer.body).toEqual({ success: true, errors: [], messages: [], result: [] });
    expect(await readBothViews(zoneId("us.example.com"))).toEqual({
      current: { type: "cloudflare.standard" },
      legacy: { enabled: false, ns_set: undefined },
      nameServers: STANDARD_NAMES,
    });
  });

  it("takes a zone off ACNS with type cloudflare.standard and ignores an ns_set sent with it", async () => {
    // The SDK's types allow ns_set only with custom types, so this goes out raw.
    const answer = await callApi(emu.url, "PATCH", `/zones/${zoneId("us.example.com")}/dns_settings`, {
      body: { nameservers: { type: "cloudflare.standard", ns_set: 3 } },
    });
    expect((answer.body as { result: { nameservers: unknown } }).result.nameservers).toEqual({
      type: "cloudflare.standard",
    });
    expect((await readBothViews(zoneId("us.example.com"))).legacy).toEqual({
      enabled: false,
      ns_set: undefined,
    });
  });

  it("puts a zone on set 1 when enabled: true comes without ns_set", async () => {
    await emu.client().zones.customNameservers.update({ zone_id: EXAMPLE_NET, enabled: true });
    expect((await readBothViews(EXAMPLE_NET)).current).toEqual({ type: "custom.account", ns_set: 1 });
  });

  it("moves a zone already on ACNS when the PUT has ns_set but no enabled, and leaves other zones alone", async () => {
    await callApi(emu.url, "PUT", `/zones/${zoneId("us.example.com")}/custom_ns`, { body: { ns_set: 3 } });
    await callApi(emu.url, "PUT", `/zones/${EXAMPLE_NET}/custom_ns`, { body: { ns_set: 3 } });
    expect((await readBothViews(zoneId("us.example.com"))).current).toEqual({
      type: "custom.account",
      ns_set: 3,
    });
    expect((await readBothViews(EXAMPLE_NET)).current).toEqual({ type: "cloudflare.standard" });
  });

  it("keeps the type when a PATCH sends only nameservers.ns_set", async () => {
    const answer = await callApi(emu.url, "PATCH", `/zones/${zoneId("us.example.com")}/dns_settings`, {
      body: { nameservers: { ns_set: 3 } },
    });
    expect((answer.body as { result: { nameservers: unknown } }).result.nameservers).toEqual({
      type: "custom.account",
      ns_set: 3,
    });
  });

  it("keeps the other DNS settings of a zone, SOA field by field", async () => {
    const result = await emu.client().dns.settings.zone.edit({
      zone_id: EXAMPLE_NET,
      ns_ttl: 3600,
      soa: { ttl: 1800 } as never,
    });
    expect(result).toEqual({
      flatten_all_cnames: false,
      internal_dns: {},
      multi_provider: false,
      ns_ttl: 3600,
      secondary_overrides: false,
      soa: {
        expire: 604800,
        min_ttl: 1800,
        mname: null,
        refresh: 10000,
        retry: 2400,
        rname: "dns.cloudflare.com",
        ttl: 1800,
      },
      zone_mode: "standard",
      nameservers: { type: "cloudflare.standard" },
    });
  });
});

describe("zone rules", () => {
  it("refuses a set without names with Cloudflare's 1001 \"Custom Nameserver set doesn't exist\"", async () => {
    const error = await catchApiError(
      emu
        .client()
        .dns.settings.zone.edit({ zone_id: EXAMPLE_NET, nameservers: { type: "custom.account", ns_set: 4 } }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [{ code: 1001, message: "Custom Nameserver set doesn't exist" }],
    });
  });

  it("refuses a set with a single name, through the deprecated endpoint too", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    const error = await catchApiError(
      emu.client().zones.customNameservers.update({ zone_id: EXAMPLE_NET, enabled: true, ns_set: 4 }),
    );
    // One name is not offered to zones either: the same answer as no names (our choice).
    expect(error).toEqual({
      status: 400,
      errors: [{ code: 1001, message: "Custom Nameserver set doesn't exist" }],
    });
    expect((await readBothViews(EXAMPLE_NET)).current).toEqual({ type: "cloudflare.standard" });
  });

  it.each([
    [
      "eu.example.com",
      1,
      'its parent "example.com" already uses ns_set 1; give one of them another set (2-5)',
    ],
    [
      "shop.eu.example.com",
      1,
      'its ancestor "example.com" already uses ns_set 1; give one of them another set (2-5)',
    ],
    [
      "shop.eu.example.com",
      2,
      'its parent "eu.example.com" already uses ns_set 2; give one of them another set (1, 3-5)',
    ],
    [
      "example.com",
      3,
      'its descendant "shop.eu.example.com" already uses ns_set 3; give one of them another set (1-2, 4-5)',
    ],
    [
      "1.10.in-addr.arpa",
      1,
      'its parent "10.in-addr.arpa" already uses ns_set 1; give one of them another set (2-5)',
    ],
    [
      "10.in-addr.arpa",
      2,
      'its child "1.10.in-addr.arpa" already uses ns_set 2; give one of them another set (1, 3-5)',
    ],
  ])("refuses %s on ns_set %i by the hierarchy rule", async (zone, nsSet, why) => {
    const error = await catchApiError(
      emu.client().dns.settings.zone.edit({
        zone_id: zoneId(zone),
        nameservers: { type: "custom.account", ns_set: nsSet },
      }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [{ code: 1107, message: `cannot put zone "${zone}" on ns_set ${nsSet}: ${why}` }],
    });
  });

  it("reports every zone of the chain that conflicts, at once", async () => {
    const error = await catchApiError(
      emu
        .client()
        .zones.customNameservers.update({ zone_id: zoneId("example.com"), enabled: true, ns_set: 2 }),
    );
    expect(error.errors).toEqual([
      {
        code: 1107,
        message:
          'cannot put zone "example.com" on ns_set 2: its child "eu.example.com" already uses ns_set 2; give one of them another set (1, 3-5)',
      },
      {
        code: 1107,
        message:
          'cannot put zone "example.com" on ns_set 2: its child "us.example.com" already uses ns_set 2; give one of them another set (1, 3-5)',
      },
    ]);
  });

  it("lets siblings and cousins share a set", async () => {
    await emu.client().dns.settings.zone.edit({
      zone_id: zoneId("us.example.com"),
      nameservers: { type: "custom.account", ns_set: 3 },
    });
    expect(emu.store.listZoneNameServers(zoneId("us.example.com"))).toEqual(
      emu.store.listZoneNameServers(zoneId("shop.eu.example.com")),
    );
  });

  it("refuses ACNS on a zone of an account without the entitlement, in both views", async () => {
    const cf = emu.client({ token: SMALL_TOKEN });
    const zone = zoneId("small-shop.example");
    const expected = {
      status: 400,
      errors: [{ code: 1002, message: "This feature is not enabled for your account." }],
    };
    expect(
      await catchApiError(
        cf.dns.settings.zone.edit({ zone_id: zone, nameservers: { type: "custom.account" } }),
      ),
    ).toEqual(expected);
    expect(await catchApiError(cf.zones.customNameservers.update({ zone_id: zone, enabled: true }))).toEqual(
      expected,
    );
  });

  it.each([
    [
      "custom.tenant",
      `cannot set zone "example.net" to nameservers type "custom.tenant": account ${ACME} belongs to no tenant (the emulator models no tenants); use "custom.account" or "cloudflare.standard"`,
    ],
    [
      "custom.zone",
      'cannot set zone "example.net" to nameservers type "custom.zone": the zone has no zone custom nameservers (the emulator models none); use "custom.account" or "cloudflare.standard"',
    ],
  ] as const)("refuses nameservers type %s", async (type, message) => {
    const error = await catchApiError(
      emu.client().dns.settings.zone.edit({ zone_id: EXAMPLE_NET, nameservers: { type } }),
    );
    expect(error).toEqual({ status: 400, errors: [{ code: 1109, message }] });
  });

  it.each([
    [{ foundation_dns: true }, "foundation_dns", "true"],
    [{ foundation_dns: false }, "foundation_dns", "false"],
    [{ foundation_dns: true, nameservers: { type: "cloudflare.advanced" } }, "foundation_dns", "true"],
  ])("refuses the removed foundation_dns (since 2026-11-23): PATCH %j", async (body, field, got) => {
    const answer = await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, { body });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({
        code: 1101,
        message: `${field} was removed from DNS settings on 2026-11-23; send nameservers {"type": "cloudflare.advanced"} for Advanced Nameservers, or {"type": "cloudflare.standard"}; got ${got}`,
      }),
    ]);
    expect((await readBothViews(EXAMPLE_NET)).current).toEqual({ type: "cloudflare.standard" });
  });

  it("puts a zone on Advanced Nameservers with nameservers.type cloudflare.advanced, and back", async () => {
    const on = await emu
      .client()
      .dns.settings.zone.edit({ zone_id: EXAMPLE_NET, nameservers: { type: "cloudflare.advanced" } });
    expect(on.nameservers).toEqual({ type: "cloudflare.advanced" });
    expect(emu.store.listZoneNameServers(EXAMPLE_NET)).toEqual([
      "nash.foundationdns.com",
      "nash.foundationdns.net",
      "nash.foundationdns.org",
    ]);
    const off = await emu
      .client()
      .dns.settings.zone.edit({ zone_id: EXAMPLE_NET, nameservers: { type: "cloudflare.standard" } });
    expect(off.nameservers).toEqual({ type: "cloudflare.standard" });
  });

  it.each([
    [
      { nameservers: { type: "custom.bogus" } },
      'nameservers.type must be one of "cloudflare.standard", "cloudflare.advanced", "custom.account", "custom.tenant", "custom.zone", "custom"; got "custom.bogus"',
    ],
    [{ nameservers: { type: "custom.account", ns_set: 7 } }, "nameservers.ns_set must be at most 5; got 7"],
    [{ ns_ttl: 10 }, "ns_ttl must be at least 30; got 10"],
    [{ soa: { ttl: 100 } }, "soa.ttl must be at least 300; got 100"],
    [{ zone_mode: "fast" }, 'zone_mode must be one of "standard", "cdn_only", "dns_only"; got "fast"'],
  ])("answers 400 for the PATCH body %j", async (body, message) => {
    const answer = await callApi(emu.url, "PATCH", `/zones/${EXAMPLE_NET}/dns_settings`, { body });
    expect([answer.status, answer.body]).toEqual([400, failure({ code: 1101, message })]);
  });

  it("answers 400 for a deprecated PUT with a bad ns_set", async () => {
    const answer = await callApi(emu.url, "PUT", `/zones/${EXAMPLE_NET}/custom_ns`, {
      body: { enabled: "yes", ns_set: 0 },
    });
    expect(answer.body).toEqual(
      failure(
        { code: 1101, message: 'enabled must be a boolean; got "yes"' },
        { code: 1101, message: "ns_set must be at least 1; got 0" },
      ),
    );
  });
});

describe("the account default for new zones, current and deprecated view", () => {
  async function readDefaults(): Promise<{ current: unknown; legacy: unknown; byDefault: unknown }> {
    const cf = emu.client();
    const current = (await cf.dns.settings.account.get({ account_id: ACME })).zone_defaults.nameservers;
    const account = (await cf.accounts.get({ account_id: ACME })) as unknown as {
      settings: { default_nameservers?: string; use_account_custom_ns_by_default?: boolean };
    };
    return {
      current,
      legacy: account.settings.default_nameservers,
      byDefault: account.settings.use_account_custom_ns_by_default,
    };
  }

  it("starts at cloudflare.standard in both views", async () => {
    expect(await readDefaults()).toEqual({
      current: { type: "cloudflare.standard" },
      legacy: "cloudflare.standard",
      byDefault: false,
    });
  });

  it("reads a PATCH dns_settings back through the account's settings.default_nameservers", async () => {
    const result = await emu.client().dns.settings.account.edit({
      account_id: ACME,
      zone_defaults: { nameservers: { type: "custom.account" } },
    });
    expect(result.zone_defaults.nameservers).toEqual({ type: "custom.account" });
    expect(await readDefaults()).toEqual({
      current: { type: "custom.account" },
      legacy: "custom.account",
      byDefault: true,
    });
  });

  it("reads a PUT /accounts settings.default_nameservers back through dns_settings", async () => {
    const result = await emu.client().put(`/accounts/${ACME}`, {
      body: {
        id: ACME,
        name: "Acme Corp",
        type: "enterprise",
        settings: { default_nameservers: "custom.account" },
      },
    });
    expect(result).toMatchObject({
      result: { id: ACME, name: "Acme Corp", settings: { default_nameservers: "custom.account" } },
    });
    expect(await readDefaults()).toEqual({
      current: { type: "custom.account" },
      legacy: "custom.account",
      byDefault: true,
    });
    await emu.client().put(`/accounts/${ACME}`, {
      body: {
        id: ACME,
        name: "Acme Corp",
        type: "enterprise",
        settings: { use_account_custom_ns_by_default: false },
      },
    });
    expect(await readDefaults()).toEqual({
      current: { type: "cloudflare.standard" },
      legacy: "cloudflare.standard",
      byDefault: false,
    });
  });

  it("refuses contradicting deprecated settings", async () => {
    const answer = await callApi(emu.url, "PUT", `/accounts/${ACME}`, {
      body: {
        id: ACME,
        name: "Acme Corp",
        type: "enterprise",
        settings: { default_nameservers: "cloudflare.standard", use_account_custom_ns_by_default: true },
      },
    });
    expect(answer.body).toEqual(
      failure({
        code: 1101,
        message:
          'settings.use_account_custom_ns_by_default true contradicts settings.default_nameservers "cloudflare.standard"; send one of them',
      }),
    );
  });

  it("refuses a PUT /accounts whose id is another account's", async () => {
    const answer = await callApi(emu.url, "PUT", `/accounts/${ACME}`, {
      body: { id: SMALL, name: "x", type: "standard" },
    });
    expect(answer.body).toEqual(
      failure({ code: 1101, message: `id must match the account in the path (${ACME}); got "${SMALL}"` }),
    );
  });

  it("refuses zone defaults to an account not on Enterprise (1111, ours), in both views", async () => {
    const cf = emu.client({ token: SMALL_TOKEN });
    const why = `zone defaults are an Enterprise option and account ${SMALL} is on a standard plan; set the nameservers of each zone instead (PATCH /zones/{zone_id}/dns_settings)`;
    expect(
      await catchApiError(
        cf.dns.settings.account.edit({
          account_id: SMALL,
          zone_defaults: { nameservers: { type: "custom.account" } },
        }),
      ),
    ).toEqual({
      status: 400,
      errors: [{ code: 1111, message: `cannot change zone_defaults of account ${SMALL}: ${why}` }],
    });
    expect(
      await catchApiError(
        cf.put(`/accounts/${SMALL}`, {
          body: {
            id: SMALL,
            name: "Small",
            type: "standard",
            settings: { default_nameservers: "cloudflare.standard" },
          },
        }),
      ),
    ).toEqual({
      status: 400,
      errors: [{ code: 1111, message: `cannot change the default nameservers of account ${SMALL}: ${why}` }],
    });
    expect(emu.store.getAccount(SMALL)?.name).toBe("Small Shop (no ACNS)");
  });

  it("still lets an account not on Enterprise read its zone defaults and set enforce_dns_only", async () => {
    const cf = emu.client({ token: SMALL_TOKEN });
    expect((await cf.dns.settings.account.get({ account_id: SMALL })).zone_defaults.nameservers).toEqual({
      type: "cloudflare.standard",
    });
    const edited = await cf.dns.settings.account.edit({ account_id: SMALL, enforce_dns_only: true });
    expect(edited.enforce_dns_only).toBe(true);
  });

  it("refuses custom.tenant as a default", async () => {
    const error = await catchApiError(
      emu.client().dns.settings.account.edit({
        account_id: ACME,
        zone_defaults: { nameservers: { type: "custom.tenant" } },
      }),
    );
    expect(error.errors).toEqual([
      {
        code: 1109,
        message: `cannot default new zones of account ${ACME} to "custom.tenant": the account belongs to no tenant (the emulator models no tenants)`,
      },
    ]);
  });

  it("leaves existing zones alone and puts new zones on the first set the rules allow", async () => {
    await emu.client().dns.settings.account.edit({
      account_id: ACME,
      zone_defaults: { nameservers: { type: "custom.account" } },
    });
    expect((await readBothViews(EXAMPLE_NET)).current).toEqual({ type: "cloudflare.standard" });
    const unrelated = emu.store.addZone({ accountId: ACME, name: "new-brand.example" });
    const underExample = emu.store.addZone({ accountId: ACME, name: "api.example.com" });
    const deep = emu.store.addZone({ accountId: ACME, name: "cdn.shop.eu.example.com" });
    expect([unrelated.nameservers, underExample.nameservers, deep.nameservers]).toEqual([
      { type: "custom.account", ns_set: 1 },
      { type: "custom.account", ns_set: 2 },
      // example.com (1), eu (2) and shop.eu (3) are its ancestors; sets 4 and 5 have no names.
      { type: "cloudflare.standard" },
    ]);
  });

  it("keeps zone defaults other than the nameservers", async () => {
    const result = await emu
      .client()
      .dns.settings.account.edit({ account_id: ACME, zone_defaults: { ns_ttl: 600 } });
    expect(result.zone_defaults.ns_ttl).toBe(600);
    expect(emu.store.addZone({ accountId: ACME, name: "later.example" }).settings.ns_ttl).toBe(600);
  });
});
