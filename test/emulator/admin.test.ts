import { ErrorCodes } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, API_KEY, callApi, catchApiError, failure, seed, SMALL, zoneId } from "./fixtures";

const emu = useEmulator();

async function admin(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${emu.adminUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

function resultOf(answer: { body: unknown }): unknown {
  return (answer.body as { result: unknown }).result;
}

describe("GET /__admin/state", () => {
  it("shows the state seed-shaped, with every zone's nameservers", async () => {
    const state = resultOf(await admin("GET", "/state")) as {
      accounts: unknown[];
      zones: { name: string; nameservers: unknown; name_servers: string[] }[];
      nameservers: unknown[];
      users: unknown[];
      tokens: unknown[];
      apiKeys: unknown[];
    };
    expect(state.accounts).toEqual([
      {
        id: ACME,
        name: "Acme Corp (ACNS entitled)",
        type: "enterprise",
        acnsEntitled: true,
        defaultNameservers: "cloudflare.standard",
      },
      {
        id: SMALL,
        name: "Small Shop (no ACNS)",
        type: "standard",
        acnsEntitled: false,
        defaultNameservers: "cloudflare.standard",
      },
    ]);
    expect(state.zones.find((z) => z.name === "shop.eu.example.com")).toEqual({
      id: zoneId("shop.eu.example.com"),
      name: "shop.eu.example.com",
      accountId: ACME,
      nameservers: { type: "custom.account", ns_set: 3 },
      name_servers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
    });
    expect(state.nameservers).toHaveLength(6);
    expect(state.users).toEqual([
      { id: "acme-ops", email: "ops@example.com", name: "Acme ops team" },
      { id: "small-shop-owner", email: "owner@small-shop.example", name: "Small Shop owner" },
    ]);
    expect(state.tokens).toEqual([
      { name: "acme-admin", accountIds: [ACME], readOnly: false, user: "acme-ops" },
      { name: "acme-readonly", accountIds: [ACME], readOnly: true, user: "acme-ops" },
      { name: "small-shop", accountIds: [SMALL], readOnly: false, user: "small-shop-owner" },
    ]);
    // The key's user comes from its email.
    expect(state.apiKeys).toEqual([{ email: API_KEY.email, accountIds: [ACME, SMALL], user: "acme-ops" }]);
  });

  it("never shows a secret", async () => {
    const text = JSON.stringify(await admin("GET", "/state"));
    for (const token of seed.tokens) expect(text).not.toContain(token.value);
    expect(text).not.toContain(API_KEY.key);
  });
});

describe("POST /__admin/drift: out-of-band changes, rules still enforced", () => {
  it("creates a name that the API then lists", async () => {
    const answer = await admin("POST", "/drift", {
      action: "create_nameserver",
      account_id: ACME,
      ns_name: "ns5.example.net",
      ns_set: 4,
    });
    expect(resultOf(answer)).toMatchObject({ ns_name: "ns5.example.net", ns_set: 4 });
    const page = await emu.client().customNameservers.get({ account_id: ACME });
    expect(page.result.map((n) => n.ns_name)).toContain("ns5.example.net");
  });

  it("moves a zone to another set behind the API's back", async () => {
    await admin("POST", "/drift", {
      action: "set_zone_nameservers",
      zone_id: zoneId("example.net"),
      type: "custom.account",
      ns_set: 3,
    });
    const settings = await emu.client().dns.settings.zone.get({ zone_id: zoneId("example.net") });
    expect(settings.nameservers).toEqual({ type: "custom.account", ns_set: 3 });
  });

  it("refuses drift that breaks a rule, with the API's code and message", async () => {
    const answer = await admin("POST", "/drift", {
      action: "set_zone_nameservers",
      zone_id: zoneId("eu.example.com"),
      type: "custom.account",
      ns_set: 1,
    });
    expect(answer).toEqual({
      status: 400,
      body: failure({
        code: 1107,
        message:
          'cannot put zone "eu.example.com" on ns_set 1: its parent "example.com" already uses ns_set 1; give one of them another set (2-5)',
      }),
    });
  });

  it("deletes a name, adds and deletes zones, changes the default and the entitlement", async () => {
    await admin("POST", "/drift", {
      action: "create_nameserver",
      account_id: ACME,
      ns_name: "ns5.example.net",
      ns_set: 1,
    });
    await admin("POST", "/drift", {
      action: "delete_nameserver",
      account_id: ACME,
      ns_name: "ns1.example.net",
    });
    expect(emu.store.listZoneNameServers(zoneId("example.com"))).toEqual([
      "ns2.example.net",
      "ns5.example.net",
    ]);

    await admin("POST", "/drift", {
      action: "set_account_default",
      account_id: ACME,
      type: "custom.account",
    });
    const added = resultOf(
      await admin("POST", "/drift", {
        action: "add_zone",
        account_id: ACME,
        name: "new.example.org",
        id: "0123456789abcdef0123456789abcdef",
      }),
    );
    expect(added).toEqual({
      id: "0123456789abcdef0123456789abcdef",
      name: "new.example.org",
      nameservers: { type: "custom.account", ns_set: 1 },
    });
    expect(
      (await emu.client().zones.list({ name: "new.example.org" })).result.map((z) => z.name_servers),
    ).toEqual([["ns2.example.net", "ns5.example.net"]]);

    await admin("POST", "/drift", { action: "delete_zone", zone_id: "0123456789abcdef0123456789abcdef" });
    expect(
      (await catchApiError(emu.client().zones.get({ zone_id: "0123456789abcdef0123456789abcdef" }))).status,
    ).toBe(404);

    await admin("POST", "/drift", { action: "set_entitlement", account_id: ACME, entitled: false });
    const refused = await catchApiError(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns6.example.net", ns_set: 4 }),
    );
    expect(refused.errors).toMatchObject([{ code: 1002 }]);
  });

  it("refuses a zone with an invalid or duplicate name", async () => {
    const bad = await admin("POST", "/drift", { action: "add_zone", account_id: ACME, name: "bad..example" });
    const duplicate = await admin("POST", "/drift", {
      action: "add_zone",
      account_id: ACME,
      name: "Example.COM",
    });
    expect([bad, duplicate]).toEqual([
      {
        status: 400,
        body: failure({
          code: 1101,
          message:
            'zone name "bad..example" is not a valid zone name: it has an empty label (a leading dot or two dots in a row); remove the extra dot',
        }),
      },
      {
        status: 400,
        body: failure({
          code: 1101,
          message: `zone "example.com" already exists in account ${ACME} as ${zoneId("example.com")}`,
        }),
      },
    ]);
  });

  it("refuses an unknown action naming the field", async () => {
    const answer = await admin("POST", "/drift", { action: "rename_zone" });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ success: false, errors: [{ code: 1101 }] });
  });
});

describe("POST /__admin/reset", () => {
  it("puts the start seed back and forgets faults and the request log", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    emu.store.faults.add({ path: "/zones", action: { kind: "fail", status: 500 } });
    const before = emu.store.snapshot();
    await admin("POST", "/reset");
    expect(emu.store.snapshot()).not.toEqual(before);
    expect(emu.store.listNameservers(ACME)).toHaveLength(6);
    expect([emu.store.faults.list(), emu.store.requestLog.list()]).toEqual([[], []]);
  });

  it("loads the seed in the body instead", async () => {
    const small = {
      accounts: [{ id: SMALL, name: "Only", acnsEntitled: true }],
      tokens: [{ value: "t", accountIds: [SMALL] }],
    };
    const state = resultOf(await admin("POST", "/reset", small)) as { accounts: unknown[]; zones: unknown[] };
    expect([state.accounts, state.zones]).toEqual([
      [
        {
          id: SMALL,
          name: "Only",
          type: "enterprise",
          acnsEntitled: true,
          defaultNameservers: "cloudflare.standard",
        },
      ],
      [],
    ]);
    expect((await callApi(emu.url, "GET", `/accounts/${SMALL}/custom_ns`, { token: "t" })).status).toBe(200);
    emu.store.reset(seed);
  });

  it("refuses a broken seed and keeps the current state", async () => {
    const answer = await admin("POST", "/reset", {
      accounts: [{ id: "nope", name: "x" }],
      zones: [{ id: "x" }],
    });
    expect(answer).toEqual({
      status: 400,
      body: failure(
        { code: 1101, message: 'accounts[0].id must be 32 lowercase hex characters; got "nope"' },
        { code: 1101, message: 'zones[0].id must be 32 lowercase hex characters; got "x"' },
        { code: 1101, message: "zones[0].name is required" },
        { code: 1101, message: "zones[0].accountId is required" },
      ),
    });
    expect(emu.store.listNameservers(ACME)).toHaveLength(6);
  });
});

describe("POST /__admin/reset with a seed that breaks a rule", () => {
  it("answers 400 naming the violation and keeps the current state", async () => {
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    const broken = {
      accounts: [{ id: SMALL, name: "Small", acnsEntitled: false }],
      nameservers: [{ accountId: SMALL, ns_name: "ns1.small-shop.example" }],
    };
    expect(await admin("POST", "/reset", broken)).toEqual({
      status: 400,
      body: failure({
        code: 1101,
        message: `nameservers[0]: cannot add nameserver "ns1.small-shop.example": account ${SMALL} is not entitled to account custom nameservers; they need a Business or Enterprise plan with the feature enabled by Cloudflare`,
      }),
    });
    expect(emu.store.listNameservers(ACME)).toHaveLength(7);
  });
});

describe("GET /__admin/requests", () => {
  it("logs each API call with its route, status and principal, and counts calls per route", async () => {
    const cf = emu.client();
    await cf.customNameservers.get({ account_id: ACME });
    await cf.customNameservers.get({ account_id: ACME });
    await callApi(emu.url, "GET", "/nowhere");
    await admin("GET", "/state");
    const log = resultOf(await admin("GET", "/requests")) as { requests: unknown[]; counts: unknown };
    expect(log.counts).toEqual({ "GET /accounts/{account_id}/custom_ns": 2, "GET /nowhere": 1 });
    expect(log.requests).toEqual([
      expect.objectContaining({
        seq: 1,
        method: "GET",
        path: `/accounts/${ACME}/custom_ns`,
        route: "GET /accounts/{account_id}/custom_ns",
        status: 200,
        principal: "acme-admin",
        outcome: "answered",
      }),
      expect.objectContaining({ seq: 2, status: 200 }),
      expect.objectContaining({ seq: 3, path: "/nowhere", route: null, status: 404 }),
    ]);
    await admin("DELETE", "/requests");
    expect(emu.store.requestLog.list()).toEqual([]);
  });
});

describe("other admin routes", () => {
  it("serves the error code table", async () => {
    expect(resultOf(await admin("GET", "/errors"))).toEqual(JSON.parse(JSON.stringify(ErrorCodes)));
  });

  it("answers 404 with code 7003 for an unknown admin route", async () => {
    expect(await admin("GET", "/nothing")).toEqual({
      status: 404,
      body: failure({ code: 7003, message: "No route for the URI: GET /__admin/nothing" }),
    });
  });
});
