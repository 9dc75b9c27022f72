/**
 * The emulator against the API notes' evidence (docs/decisions/009): routing refusals, deleted
 * objects, the entitlement and Enterprise gates, foundation_dns, and the switchable rules
 * (refuseShrinkingSetsInUse, reportFoundationDns).
 */
import { findSpecViolation, useEmulator } from "../helpers/use-emulator";
import { startEmulator, type Exchange, type RunningEmulator, type SeedInput } from "../../provider/emulator";
import { ACME, callApi, catchApiError, failure, SEED_PATH, zoneId } from "./fixtures";

const ROUTE_7000 = { code: 7000, message: "No route for that URI" };

function routing(path: string): { code: number; message: string }[] {
  return [
    {
      code: 7003,
      message: `Could not route to /client/v4${path}, perhaps your object identifier is invalid?`,
    },
    ROUTE_7000,
  ];
}

describe("ids in the path", () => {
  const emu = useEmulator();

  it.each([
    ["GET", "/accounts/not-an-id/custom_ns"],
    ["GET", "/accounts/not-an-id/dns_settings"],
    ["PATCH", "/accounts/not-an-id/dns_settings"],
    ["GET", `/accounts/${ACME.toUpperCase()}`],
    ["GET", "/zones/example.com"],
    ["PUT", "/zones/example.com/custom_ns"],
    ["GET", `/zones/${zoneId("example.com").slice(1)}/dns_settings`],
  ])("answers a malformed id with 400, 7003 and 7000: %s %s", async (method, path) => {
    const answer = await callApi(emu.url, method, path, { body: method === "GET" ? undefined : {} });
    expect([answer.status, answer.body]).toEqual([400, failure(...routing(path))]);
  });

  it("refuses a malformed id before the token's scope is looked at", async () => {
    const answer = await callApi(emu.url, "GET", "/accounts/not-an-id/custom_ns", {
      token: "acns-demo-small-shop-token",
    });
    expect([answer.status, answer.body]).toEqual([400, failure(...routing("/accounts/not-an-id/custom_ns"))]);
  });

  it("answers 404 with the same errors once a zone is deleted (our choice; Cloudflare's is not documented)", async () => {
    const id = zoneId("example.net");
    emu.store.deleteZone(id);
    for (const suffix of ["", "/dns_settings", "/custom_ns"]) {
      const answer = await callApi(emu.url, "GET", `/zones/${id}${suffix}`);
      expect([answer.status, answer.body]).toEqual([404, failure(...routing(`/zones/${id}${suffix}`))]);
    }
  });
});

describe("entitlement and plan", () => {
  const accounts: SeedInput = {
    accounts: [
      // Enterprise without the ACNS entitlement, and Business (standard) with it.
      { id: "0123456789abcdef0123456789abcdef", name: "Enterprise, no ACNS", type: "enterprise" },
      {
        id: "fedcba9876543210fedcba9876543210",
        name: "Business with ACNS",
        type: "standard",
        acnsEntitled: true,
      },
    ],
    zones: [
      {
        id: "00000000000000000000000000000001",
        name: "biz.example",
        accountId: "fedcba9876543210fedcba9876543210",
      },
    ],
    tokens: [
      { value: "t", accountIds: ["0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"] },
    ],
    nameservers: [
      { accountId: "fedcba9876543210fedcba9876543210", ns_name: "ns1.biz.example" },
      { accountId: "fedcba9876543210fedcba9876543210", ns_name: "ns2.biz.example" },
    ],
  };
  const emu = useEmulator({ seed: accounts, defaultToken: "t" });
  const ENTERPRISE = "0123456789abcdef0123456789abcdef";
  const BUSINESS = "fedcba9876543210fedcba9876543210";

  it("refuses custom.account as the default of an Enterprise account without ACNS with Cloudflare's 1002", async () => {
    const cf = emu.client();
    const expected = {
      status: 400,
      errors: [{ code: 1002, message: "This feature is not enabled for your account." }],
    };
    expect(
      await catchApiError(
        cf.dns.settings.account.edit({
          account_id: ENTERPRISE,
          zone_defaults: { nameservers: { type: "custom.account" } },
        }),
      ),
    ).toEqual(expected);
    expect(
      await catchApiError(
        cf.put(`/accounts/${ENTERPRISE}`, {
          body: { id: ENTERPRISE, name: "E", settings: { use_account_custom_ns_by_default: true } },
        }),
      ),
    ).toEqual(expected);
    // Other zone defaults are the Enterprise account's to change.
    const edited = await cf.dns.settings.account.edit({
      account_id: ENTERPRISE,
      zone_defaults: { ns_ttl: 3600 },
    });
    expect(edited.zone_defaults.ns_ttl).toBe(3600);
  });

  it("lets a Business account with ACNS use it on its zones but not change zone defaults (1111)", async () => {
    const cf = emu.client();
    const zone = await cf.dns.settings.zone.edit({
      zone_id: "00000000000000000000000000000001",
      nameservers: { type: "custom.account", ns_set: 1 },
    });
    expect(zone.nameservers).toEqual({ type: "custom.account", ns_set: 1 });
    expect(
      await catchApiError(
        cf.dns.settings.account.edit({
          account_id: BUSINESS,
          zone_defaults: { nameservers: { type: "custom.account" } },
        }),
      ),
    ).toEqual({
      status: 400,
      errors: [
        {
          code: 1111,
          message: `cannot change zone_defaults of account ${BUSINESS}: zone defaults are an Enterprise option and account ${BUSINESS} is on a standard plan; set the nameservers of each zone instead (PATCH /zones/{zone_id}/dns_settings)`,
        },
      ],
    });
  });

  it("refuses zone_defaults.foundation_dns in an account PATCH (removed 2026-11-23)", async () => {
    const answer = await callApi(emu.url, "PATCH", `/accounts/${ENTERPRISE}/dns_settings`, {
      token: "t",
      body: { zone_defaults: { foundation_dns: true } },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({
        code: 1101,
        message:
          'zone_defaults.foundation_dns was removed from DNS settings on 2026-11-23; send nameservers {"type": "cloudflare.advanced"} for Advanced Nameservers, or {"type": "cloudflare.standard"}; got true',
      }),
    ]);
  });

  it("keeps its own explanation for seeds, where Cloudflare's message would not say what to fix", () => {
    expect(() =>
      emu.store.reset({
        accounts: [{ id: ENTERPRISE, name: "E", type: "enterprise" }],
        nameservers: [{ accountId: ENTERPRISE, ns_name: "ns1.e.example" }],
      }),
    ).toThrow(
      `nameservers[0]: cannot add nameserver "ns1.e.example": account ${ENTERPRISE} is not entitled to account custom nameservers; they need a Business or Enterprise plan with the feature enabled by Cloudflare`,
    );
  });
});

describe("the rules option refuseShrinkingSetsInUse (the emulator's old 1108 guard)", () => {
  const emu = useEmulator({ rules: { refuseShrinkingSetsInUse: true } });

  it("refuses to leave a set that zones use with fewer than 2 names", async () => {
    const error = await catchApiError(
      emu.client().customNameservers.delete("ns3.example.net", { account_id: ACME }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [
        {
          code: 1108,
          message:
            'cannot delete nameserver "ns3.example.net": ns_set 2 would keep 1 name while zones use it (1.10.in-addr.arpa, eu.example.com, us.example.com); a set in use needs at least 2 names, so move those zones to another set or add a name first',
        },
      ],
    });
    expect(emu.store.listZoneNameServers(zoneId("eu.example.com"))).toEqual([
      "ns3.example.net",
      "ns4.example.net",
    ]);
  });

  it("keeps the option across resets", async () => {
    emu.store.reset(SEED_PATH);
    const answer = await callApi(emu.url, "DELETE", `/accounts/${ACME}/custom_ns/ns3.example.net`);
    expect((answer.body as { errors: { code: number }[] }).errors.map((e) => e.code)).toEqual([1108]);
  });
});

describe("foundation_dns (removed by Cloudflare on 2026-11-23)", () => {
  const exchanges: Exchange[] = [];
  let emulator: RunningEmulator;
  let older: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED_PATH, onExchange: (x) => exchanges.push(x) });
    older = await startEmulator({ seed: SEED_PATH, reportFoundationDns: true });
  });
  afterAll(async () => {
    await emulator.stop();
    await older.stop();
  });

  it("is left out of zone and account dns_settings by default, and those answers meet the spec bundle", async () => {
    const zone = await callApi(emulator.url, "GET", `/zones/${zoneId("example.net")}/dns_settings`);
    const account = await callApi(emulator.url, "GET", `/accounts/${ACME}/dns_settings`);
    expect(Object.keys((zone.body as { result: object }).result)).not.toContain("foundation_dns");
    expect(
      Object.keys((account.body as { result: { zone_defaults: object } }).result.zone_defaults),
    ).not.toContain("foundation_dns");
    expect(exchanges).toHaveLength(2);
    expect(exchanges.map((exchange) => findSpecViolation(exchange))).toEqual([undefined, undefined]);
  });

  it("reportFoundationDns: true sends it as before that day, true exactly for cloudflare.advanced", async () => {
    const zone = await callApi(older.url, "GET", `/zones/${zoneId("example.net")}/dns_settings`);
    expect((zone.body as { result: { foundation_dns?: unknown } }).result.foundation_dns).toBe(false);
  });
});
