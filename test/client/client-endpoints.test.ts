/**
 * Each endpoint method against a scripted local server: the request it sends (method, path,
 * query, body) and how it reads the answer; plus the idempotent create/delete.
 */
import { createAcnsClient, isCloudflareClientError, type AcnsClientOptions } from "../../provider/client";
import {
  ACCOUNT_ID,
  TEST_TOKEN,
  ZONE_ID,
  createFakeTime,
  customNs,
  fail,
  ok,
  sequence,
  useFakeCloudflare,
  type Handler,
  type RecordedRequest,
} from "./fake-cloudflare";
import { caught } from "../helpers/caught";

const fake = useFakeCloudflare();
const NS_PATH = `/accounts/${ACCOUNT_ID}/custom_ns`;

function setup(overrides: AcnsClientOptions = {}) {
  const time = createFakeTime();
  const client = createAcnsClient({
    baseUrl: fake.url,
    apiToken: TEST_TOKEN,
    env: {},
    requestsPerSecond: 1000,
    burst: 1000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    ...overrides,
  });
  return { client, time };
}

function sent(req: RecordedRequest | undefined): [string, string, unknown] {
  if (req === undefined) throw new Error("no request recorded");
  return [req.method, req.apiPath, req.body === "" ? undefined : JSON.parse(req.body)];
}

function zone(name: string, id = ZONE_ID, status = "active"): Record<string, unknown> {
  return {
    id,
    name,
    status,
    account: { id: ACCOUNT_ID, name: "Example" },
    name_servers: ["ns1.example.net", "ns2.example.net"],
  };
}

describe("account custom nameservers", () => {
  it("lists", async () => {
    fake.reset(() => ok([customNs("ns1.example.com"), customNs("ns2.example.com", 2)]));
    const { client } = setup();
    const names = await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(sent(fake.requests[0])).toEqual(["GET", NS_PATH, undefined]);
    expect(names.map((n) => [n.ns_name, n.ns_set, n.dns_records.length])).toEqual([
      ["ns1.example.com", 1, 2],
      ["ns2.example.com", 2, 2],
    ]);
  });

  it("reads a missing ns_set as set 1", async () => {
    const { ns_set: _dropped, ...withoutSet } = customNs("ns1.example.com");
    fake.reset(() => ok([withoutSet]));
    const { client } = setup();
    expect((await client.listCustomNameservers({ accountId: ACCOUNT_ID }))[0]?.ns_set).toBe(1);
  });

  it("creates with and without a set number", async () => {
    fake.reset((req) => {
      const body = JSON.parse(req.body) as { ns_name: string; ns_set?: number };
      return ok(customNs(body.ns_name, body.ns_set ?? 1));
    });
    const { client } = setup();
    const a = await client.createCustomNameserver({
      accountId: ACCOUNT_ID,
      nsName: "ns1.example.com",
      nsSet: 3,
    });
    const b = await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns2.example.com" });
    expect(fake.requests.map(sent)).toEqual([
      ["POST", NS_PATH, { ns_name: "ns1.example.com", ns_set: 3 }],
      ["POST", NS_PATH, { ns_name: "ns2.example.com" }],
    ]);
    expect([a.ns_set, b.ns_set]).toEqual([3, 1]);
  });

  it("deletes", async () => {
    fake.reset(() => ok([]));
    const { client } = setup();
    await expect(
      client.deleteCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    ).resolves.toBe(undefined);
    expect(fake.requests.map(sent)).toEqual([["DELETE", `${NS_PATH}/ns1.example.com`, undefined]]);
  });
});

describe("create is idempotent at our level", () => {
  it("after a reset, finds the name committed and does not send the POST again", async () => {
    fake.reset((req) => (req.method === "POST" ? "reset" : ok([customNs("ns1.example.com", 2)])));
    const { client } = setup();
    const created = await client.createCustomNameserver({
      accountId: ACCOUNT_ID,
      nsName: "ns1.example.com",
      nsSet: 2,
    });
    expect(created.ns_name).toBe("ns1.example.com");
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "GET"]);
  });

  it("after a reset before the commit, sends the POST again", async () => {
    const posts = sequence("reset", ok(customNs("ns1.example.com")));
    fake.reset((req) => (req.method === "POST" ? posts(req) : ok([])));
    const { client } = setup();
    await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST"]);
  });

  it("accepts a later 'already exists' when the name turns up in the intended set", async () => {
    // The first POST times out on our side but commits late: the check finds nothing, the
    // second POST is refused, the second check finds the name.
    const posts = sequence(fail(504, 1000, "gateway timeout"), fail(400, 1409, "ns_name already exists"));
    const lists = sequence(ok([]), ok([customNs("NS1.example.com.")]));
    fake.reset((req) => (req.method === "POST" ? posts(req) : lists(req)));
    const { client } = setup();
    const created = await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(created.ns_name).toBe("NS1.example.com.");
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET"]);
  });

  it("does not claim a name that sits in another set", async () => {
    const posts = sequence("reset", fail(400, 1409, "ns_name already exists"));
    fake.reset((req) => (req.method === "POST" ? posts(req) : ok([customNs("ns1.example.com", 2)])));
    const { client } = setup();
    const err = await caught(
      client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    );
    expect([err.status, err.cloudflareCodes, err.attempts]).toEqual([400, [1409], 2]);
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET"]);
  });

  it("takes a last look when attempts run out after a reset", async () => {
    // Every POST is cut off; the checks in between find nothing, the last one finds the name.
    let checks = 0;
    fake.reset((req) => {
      if (req.method === "POST") return "reset";
      checks += 1;
      return ok(checks === 3 ? [customNs("ns1.example.com")] : []);
    });
    const { client } = setup({ maxAttempts: 3 });
    const created = await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(created.ns_name).toBe("ns1.example.com");
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "GET", "POST", "GET", "POST", "GET"]);
  });

  it("says which check failed when the look after a reset is refused", async () => {
    fake.reset((req) => (req.method === "POST" ? "reset" : fail(403, 10000, "Authentication error")));
    const { client } = setup();
    const err = await caught(
      client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    );
    expect([err.operation, err.method, err.status]).toEqual(["createCustomNameserver", "GET", 403]);
    expect(err.message).toBe(
      `check whether custom nameserver "ns1.example.com" exists in account ${ACCOUNT_ID} after an interrupted create failed after 1 attempt: GET ${NS_PATH} answered HTTP 403 with Cloudflare error 10000 "Authentication error"; check that the API token (or key and email) is valid and allowed to act on this account or zone`,
    );
  });

  it("reports 'already exists' on the first attempt without looking", async () => {
    fake.reset(() => fail(400, 1409, "ns_name already exists"));
    const { client } = setup();
    const err = await caught(
      client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    );
    expect(err.attempts).toBe(1);
    expect(fake.requests.map((r) => r.method)).toEqual(["POST"]);
  });

  it("retries a 429 on create without a check, since nothing was done", async () => {
    const posts = sequence(
      fail(429, 10000, "rate limited", { "retry-after": "1" }),
      ok(customNs("ns1.example.com")),
    );
    fake.reset((req) => (req.method === "POST" ? posts(req) : ok([])));
    const { client, time } = setup();
    await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(fake.requests.map((r) => r.method)).toEqual(["POST", "POST"]);
    expect(time.sleeps).toEqual([1000]);
  });
});

describe("delete is idempotent at our level", () => {
  it("after a reset, finds the name gone and stops", async () => {
    fake.reset((req) => (req.method === "DELETE" ? "reset" : ok([customNs("ns2.example.com")])));
    const { client } = setup();
    await client.deleteCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(fake.requests.map((r) => r.method)).toEqual(["DELETE", "GET"]);
  });

  it("accepts a later 'not found' once the name is gone", async () => {
    const deletes = sequence(fail(500, 1000, "oops"), fail(404, 1404, "custom nameserver not found"));
    const lists = sequence(ok([customNs("ns1.example.com")]), ok([]));
    fake.reset((req) => (req.method === "DELETE" ? deletes(req) : lists(req)));
    const { client } = setup();
    await client.deleteCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" });
    expect(fake.requests.map((r) => r.method)).toEqual(["DELETE", "GET", "DELETE", "GET"]);
  });

  it("reports 'not found' on the first attempt", async () => {
    fake.reset(() => fail(404, 1404, "custom nameserver not found"));
    const { client } = setup();
    const err = await caught(
      client.deleteCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns9.example.com" }),
    );
    expect([err.status, err.attempts]).toEqual([404, 1]);
    expect(fake.requests).toHaveLength(1);
  });
});

describe("zone and account DNS settings", () => {
  const zoneSettings = {
    nameservers: { type: "custom.account", ns_set: 2 },
    ns_ttl: 86400,
    multi_provider: false,
  };
  const accountSettings = { zone_defaults: { nameservers: { type: "custom.account" }, ns_ttl: 86400 } };

  it("reads and edits a zone's nameservers", async () => {
    fake.reset(() => ok(zoneSettings));
    const { client } = setup();
    const read = await client.getZoneDnsSettings({ zoneId: ZONE_ID });
    const edited = await client.editZoneDnsSettings({
      zoneId: ZONE_ID,
      nameservers: { type: "custom.account", ns_set: 2 },
    });
    await client.editZoneDnsSettings({ zoneId: ZONE_ID, nameservers: { type: "cloudflare.standard" } });
    expect(fake.requests.map(sent)).toEqual([
      ["GET", `/zones/${ZONE_ID}/dns_settings`, undefined],
      ["PATCH", `/zones/${ZONE_ID}/dns_settings`, { nameservers: { type: "custom.account", ns_set: 2 } }],
      ["PATCH", `/zones/${ZONE_ID}/dns_settings`, { nameservers: { type: "cloudflare.standard" } }],
    ]);
    expect(read.nameservers).toEqual({ type: "custom.account", ns_set: 2 });
    expect(edited.ns_ttl).toBe(86400);
  });

  it("reads and edits an account's zone defaults", async () => {
    fake.reset(() => ok(accountSettings));
    const { client } = setup();
    const read = await client.getAccountDnsSettings({ accountId: ACCOUNT_ID });
    await client.editAccountDnsSettings({
      accountId: ACCOUNT_ID,
      zoneDefaults: { nameservers: { type: "custom.account" } },
    });
    expect(fake.requests.map(sent)).toEqual([
      ["GET", `/accounts/${ACCOUNT_ID}/dns_settings`, undefined],
      [
        "PATCH",
        `/accounts/${ACCOUNT_ID}/dns_settings`,
        { zone_defaults: { nameservers: { type: "custom.account" } } },
      ],
    ]);
    expect(read.zone_defaults.nameservers.type).toBe("custom.account");
  });
});

describe("deprecated endpoints", () => {
  it("reads enabled/ns_set at the envelope's top level", async () => {
    fake.reset(() => ok([], { enabled: true, ns_set: 3 }));
    const { client } = setup();
    expect(await client.getZoneCustomNameservers({ zoneId: ZONE_ID })).toEqual({ enabled: true, ns_set: 3 });
    expect(sent(fake.requests[0])).toEqual(["GET", `/zones/${ZONE_ID}/custom_ns`, undefined]);
  });

  it("falls back to enabled/ns_set under result, as the legacy Go client reads them", async () => {
    fake.reset(() => ok({ enabled: true, ns_set: 2 }));
    const { client } = setup();
    expect(await client.getZoneCustomNameservers({ zoneId: ZONE_ID })).toEqual({ enabled: true, ns_set: 2 });
  });

  it("reads an answer without enabled as not enabled", async () => {
    fake.reset(() => ok(null));
    const { client } = setup();
    expect(await client.getZoneCustomNameservers({ zoneId: ZONE_ID })).toEqual({
      enabled: false,
      ns_set: undefined,
    });
  });

  it("puts a zone on a set and off again", async () => {
    fake.reset(() => ok([]));
    const { client } = setup();
    await client.putZoneCustomNameservers({ zoneId: ZONE_ID, enabled: true, nsSet: 2 });
    await client.putZoneCustomNameservers({ zoneId: ZONE_ID, enabled: false });
    expect(fake.requests.map(sent)).toEqual([
      ["PUT", `/zones/${ZONE_ID}/custom_ns`, { enabled: true, ns_set: 2 }],
      ["PUT", `/zones/${ZONE_ID}/custom_ns`, { enabled: false }],
    ]);
  });

  it("rewrites the account with only default_nameservers changed", async () => {
    const account = {
      id: ACCOUNT_ID,
      name: "Example Ltd",
      type: "enterprise",
      settings: { enforce_twofactor: true, default_nameservers: "cloudflare.standard" },
    };
    fake.reset((req) =>
      req.method === "GET" ? ok(account) : ok({ ...account, settings: JSON.parse(req.body).settings }),
    );
    const { client } = setup();
    const updated = await client.updateAccountDefaultNameservers({
      accountId: ACCOUNT_ID,
      defaultNameservers: "custom.account",
    });
    expect(fake.requests.map(sent)).toEqual([
      ["GET", `/accounts/${ACCOUNT_ID}`, undefined],
      [
        "PUT",
        `/accounts/${ACCOUNT_ID}`,
        {
          id: ACCOUNT_ID,
          name: "Example Ltd",
          type: "enterprise",
          settings: { enforce_twofactor: true, default_nameservers: "custom.account" },
        },
      ],
    ]);
    expect(updated.settings?.default_nameservers).toBe("custom.account");
  });

  it("keeps the older use_account_custom_ns_by_default in agreement when the account reports it", async () => {
    const account = {
      id: ACCOUNT_ID,
      name: "Example Ltd",
      type: "standard",
      settings: { default_nameservers: "custom.account", use_account_custom_ns_by_default: true },
    };
    fake.reset((req) => (req.method === "GET" ? ok(account) : ok(account)));
    const { client } = setup();
    await client.updateAccountDefaultNameservers({
      accountId: ACCOUNT_ID,
      defaultNameservers: "cloudflare.standard",
    });
    expect(sent(fake.requests[1])[2]).toEqual({
      id: ACCOUNT_ID,
      name: "Example Ltd",
      type: "standard",
      settings: { default_nameservers: "cloudflare.standard", use_account_custom_ns_by_default: false },
    });
  });

  it("skips the read when given the current account", async () => {
    const account = { id: ACCOUNT_ID, name: "Example Ltd", type: "standard" as const };
    fake.reset(() => ok({ ...account, settings: { default_nameservers: "custom.account" } }));
    const { client } = setup();
    await client.updateAccountDefaultNameservers({
      accountId: ACCOUNT_ID,
      defaultNameservers: "custom.account",
      current: account,
    });
    expect(fake.requests.map((r) => r.method)).toEqual(["PUT"]);
  });
});

describe("zones", () => {
  it("gets a zone by id", async () => {
    fake.reset(() => ok(zone("example.com")));
    const { client } = setup();
    const z = await client.getZone({ zoneId: ZONE_ID });
    expect(sent(fake.requests[0])).toEqual(["GET", `/zones/${ZONE_ID}`, undefined]);
    expect([z.name, z.account.id, z.name_servers]).toEqual([
      "example.com",
      ACCOUNT_ID,
      ["ns1.example.net", "ns2.example.net"],
    ]);
  });

  it("follows every page, using total_pages", async () => {
    const names = [
      "a.com",
      "b.com",
      "c.com",
      "d.com",
      "e.com",
      "f.com",
      "g.com",
      "h.com",
      "i.com",
      "j.com",
      "k.com",
    ];
    fake.reset((req) => {
      const page = Number(req.query.get("page"));
      const perPage = Number(req.query.get("per_page"));
      const slice = names.slice((page - 1) * perPage, page * perPage);
      return ok(
        slice.map((n) => zone(n)),
        {
          result_info: {
            page,
            per_page: perPage,
            count: slice.length,
            total_count: names.length,
            total_pages: 3,
          },
        },
      );
    });
    const { client } = setup();
    const zones = await client.listZones({ accountId: ACCOUNT_ID, perPage: 5 });
    expect(zones.map((z) => z.name)).toEqual(names);
    expect(
      fake.requests.map((r) => [r.query.get("account.id"), r.query.get("page"), r.query.get("per_page")]),
    ).toEqual([
      [ACCOUNT_ID, "1", "5"],
      [ACCOUNT_ID, "2", "5"],
      [ACCOUNT_ID, "3", "5"],
    ]);
  });

  it("stops on a short page when the server gives no total_pages", async () => {
    const first = ["a.com", "b.com", "c.com", "d.com", "e.com"];
    const pages: Handler = sequence(ok(first.map((n) => zone(n))), ok([zone("f.com")]));
    fake.reset(pages);
    const { client } = setup();
    const zones = await client.listZones({ accountId: ACCOUNT_ID, perPage: 5 });
    expect(zones.map((z) => z.name)).toEqual([...first, "f.com"]);
    expect(fake.requests).toHaveLength(2);
  });

  it("finds a zone by exact name, ignoring case and a trailing dot, preferring the active copy", async () => {
    fake.reset(() =>
      ok([
        zone("sub.example.com", "11111111111111111111111111111111"),
        zone("example.com", "22222222222222222222222222222222", "pending"),
        zone("Example.com", "33333333333333333333333333333333", "active"),
      ]),
    );
    const { client } = setup();
    const found = await client.findZoneByName({ accountId: ACCOUNT_ID, name: "EXAMPLE.com." });
    expect(found?.id).toBe("33333333333333333333333333333333");
    expect(fake.requests[0]?.query.get("name")).toBe("example.com");
  });

  it("finds an IDN zone under its ASCII name first, then as given", async () => {
    const byName: Handler = (req) =>
      req.query.get("name") === "bücher.example" ? ok([zone("bücher.example")]) : ok([]);
    fake.reset(byName);
    const { client } = setup();
    const found = await client.findZoneByName({ accountId: ACCOUNT_ID, name: "Bücher.example" });
    expect(found?.name).toBe("bücher.example");
    expect(fake.requests.map((r) => r.query.get("name"))).toEqual([
      "xn--bcher-kva.example",
      "bücher.example",
    ]);
  });

  it("matches a punycode zone name asked for in Unicode with one request", async () => {
    fake.reset(() => ok([zone("xn--bcher-kva.example")]));
    const { client } = setup();
    expect((await client.findZoneByName({ accountId: ACCOUNT_ID, name: "bücher.example" }))?.name).toBe(
      "xn--bcher-kva.example",
    );
    expect(fake.requests).toHaveLength(1);
  });

  it("answers undefined when no zone has the name", async () => {
    fake.reset(() => ok([]));
    const { client } = setup();
    expect(await client.findZoneByName({ accountId: ACCOUNT_ID, name: "nowhere.example" })).toBeUndefined();
  });
});

describe("arguments are checked before any request", () => {
  it.each([
    ["accountId", () => setup().client.listCustomNameservers({ accountId: "ACCOUNT" })],
    ["zoneId", () => setup().client.getZone({ zoneId: "../../accounts" })],
    ["nsName", () => setup().client.deleteCustomNameserver({ accountId: ACCOUNT_ID, nsName: ".." })],
    ["nsName", () => setup().client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: " " })],
    ["name", () => setup().client.findZoneByName({ accountId: ACCOUNT_ID, name: "." })],
    ["perPage", () => setup().client.listZones({ accountId: ACCOUNT_ID, perPage: 4 })],
    ["perPage", () => setup().client.listZones({ accountId: ACCOUNT_ID, perPage: 51 })],
  ])("refuses a bad %s", async (field, call) => {
    fake.reset(() => ok([]));
    let caughtErr: unknown;
    try {
      await call();
    } catch (err) {
      caughtErr = err;
    }
    expect(isCloudflareClientError(caughtErr) && caughtErr.field).toBe(field);
    expect(fake.requests).toHaveLength(0);
  });

  it("says what an id must look like", async () => {
    const { client } = setup();
    await expect(client.getZone({ zoneId: "abc" })).rejects.toThrow(
      'zoneId "abc" is not a Cloudflare id: it must be 32 lowercase hex characters; copy it from the Cloudflare dashboard or API',
    );
  });
});
