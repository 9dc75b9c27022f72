/**
 * The client against the emulator (examples/seed.json): every operation round-trips, real
 * refusals map to CloudflareApiError with the emulator's codes, and recovery from injected faults
 * and the rate limit. useEmulator() also checks every exchange against the spec bundle, so these
 * tests hold the client's requests to Cloudflare's schemas as well.
 */
import {
  createAcnsClient,
  hasCloudflareCode,
  type AcnsClient,
  type AcnsClientOptions,
} from "../../provider/client";
import { isGone, isUnroutable } from "../../provider/client/errors";
import { createManualClock, routes } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { createFakeTime } from "./fake-cloudflare";
import { ACME, SMALL, zoneId } from "../emulator/fixtures";
import { caught } from "../helpers/caught";

const SMALL_SHOP = SMALL;
const EXAMPLE_COM = zoneId("example.com");
const EU_EXAMPLE_COM = zoneId("eu.example.com");
const EXAMPLE_NET = zoneId("example.net");
const BUCHER = zoneId("xn--bcher-kva.example");
const TOKEN = "acns-demo-token";
const SEEDED_NAMES = [
  ["ns1.example.net", 1],
  ["ns2.example.net", 1],
  ["ns3.example.net", 2],
  ["ns4.example.net", 2],
  ["ns1.acme-dns.example", 3],
  ["ns2.acme-dns.example", 3],
];

function sorted<T>(items: T[]): T[] {
  return [...items].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

describe("against the emulator", () => {
  const emu = useEmulator();
  let sleeps: number[] = [];

  function connect(overrides: AcnsClientOptions = {}): AcnsClient {
    const time = createFakeTime();
    sleeps = time.sleeps;
    return createAcnsClient({
      baseUrl: emu.url,
      apiToken: TOKEN,
      env: {},
      requestsPerSecond: 1000,
      burst: 1000,
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0.5,
      ...overrides,
    });
  }

  describe("round trips", () => {
    it("lists the seeded names", async () => {
      const names = await connect().listCustomNameservers({ accountId: ACME });
      expect(sorted(names.map((n) => [n.ns_name, n.ns_set]))).toEqual(sorted(SEEDED_NAMES));
    });

    it("creates a name with one IPv4 and one IPv6 glue address, then deletes it", async () => {
      const client = connect();
      const created = await client.createCustomNameserver({
        accountId: ACME,
        nsName: "ns5.example.net",
        nsSet: 4,
      });
      expect([created.ns_name, created.ns_set, created.dns_records.map((r) => r.type).sort()]).toEqual([
        "ns5.example.net",
        4,
        ["A", "AAAA"],
      ]);
      const v4 = created.dns_records.find((r) => r.type === "A")?.value ?? "";
      const v6 = created.dns_records.find((r) => r.type === "AAAA")?.value ?? "";
      expect(v4).toMatch(/^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
      expect(v6.toLowerCase()).toMatch(/^2001:db8:/);
      const listed = await client.listCustomNameservers({ accountId: ACME });
      expect(listed.find((n) => n.ns_name === "ns5.example.net")).toEqual(created);

      await client.deleteCustomNameserver({ accountId: ACME, nsName: "ns5.example.net" });
      const after = await client.listCustomNameservers({ accountId: ACME });
      expect(after.map((n) => n.ns_name)).not.toContain("ns5.example.net");
    });

    it("creates in set 1 when no set is given", async () => {
      const created = await connect().createCustomNameserver({ accountId: ACME, nsName: "ns9.example.net" });
      expect(created.ns_set).toBe(1);
    });

    it("puts a zone on a set through dns_settings and reads it back through custom_ns and the zone", async () => {
      const client = connect();
      const edited = await client.editZoneDnsSettings({
        zoneId: EXAMPLE_NET,
        nameservers: { type: "custom.account", ns_set: 3 },
      });
      expect(edited.nameservers).toEqual({ type: "custom.account", ns_set: 3 });
      expect((await client.getZoneDnsSettings({ zoneId: EXAMPLE_NET })).nameservers).toEqual({
        type: "custom.account",
        ns_set: 3,
      });
      expect(await client.getZoneCustomNameservers({ zoneId: EXAMPLE_NET })).toEqual({
        enabled: true,
        ns_set: 3,
      });
      expect((await client.getZone({ zoneId: EXAMPLE_NET })).name_servers.sort()).toEqual([
        "ns1.acme-dns.example",
        "ns2.acme-dns.example",
      ]);
    });

    it("takes a zone off through the deprecated custom_ns and reads it back through dns_settings", async () => {
      const client = connect();
      await client.putZoneCustomNameservers({ zoneId: EXAMPLE_NET, enabled: true, nsSet: 2 });
      expect((await client.getZoneDnsSettings({ zoneId: EXAMPLE_NET })).nameservers).toEqual({
        type: "custom.account",
        ns_set: 2,
      });
      await client.putZoneCustomNameservers({ zoneId: EXAMPLE_NET, enabled: false });
      expect((await client.getZoneDnsSettings({ zoneId: EXAMPLE_NET })).nameservers.type).toBe(
        "cloudflare.standard",
      );
      expect(await client.getZoneCustomNameservers({ zoneId: EXAMPLE_NET })).toEqual({
        enabled: false,
        ns_set: undefined,
      });
    });

    it("sets the account default through dns_settings", async () => {
      const client = connect();
      await client.editAccountDnsSettings({
        accountId: ACME,
        zoneDefaults: { nameservers: { type: "custom.account" } },
      });
      const read = await client.getAccountDnsSettings({ accountId: ACME });
      expect(read.zone_defaults.nameservers.type).toBe("custom.account");
    });

    it("sets the account default through the deprecated account setting, given the current account", async () => {
      const client = connect();
      const updated = await client.updateAccountDefaultNameservers({
        accountId: ACME,
        defaultNameservers: "custom.account",
        current: { id: ACME, name: "Acme Corp (ACNS entitled)", type: "enterprise" },
      });
      expect(updated.settings?.default_nameservers).toBe("custom.account");
      const read = await client.getAccountDnsSettings({ accountId: ACME });
      expect(read.zone_defaults.nameservers.type).toBe("custom.account");
    });

    const emulatorReadsAccounts = routes.some(
      (r) => r.method === "GET" && r.template === "/accounts/{account_id}",
    );
    (emulatorReadsAccounts ? it : it.skip)(
      "sets the deprecated account setting after reading the account (needs GET /accounts/{account_id})",
      async () => {
        const client = connect();
        const updated = await client.updateAccountDefaultNameservers({
          accountId: ACME,
          defaultNameservers: "custom.account",
        });
        expect(updated.settings?.default_nameservers).toBe("custom.account");
        expect(updated.name).toBe("Acme Corp (ACNS entitled)");
      },
    );

    it("lists every zone of the account across pages", async () => {
      const client = connect();
      const all = await client.listZones({ accountId: ACME });
      const paged = await client.listZones({ accountId: ACME, perPage: 5 });
      expect(all).toHaveLength(9);
      expect(paged.map((z) => z.id)).toEqual(all.map((z) => z.id));
      expect(client.stats().byRoute).toEqual({ "GET /zones": 1 + 2 });
    });

    it("finds zones by name: case, trailing dot and IDN", async () => {
      const client = connect();
      expect((await client.findZoneByName({ accountId: ACME, name: "EU.Example.com." }))?.id).toBe(
        EU_EXAMPLE_COM,
      );
      expect((await client.findZoneByName({ accountId: ACME, name: "bücher.example" }))?.id).toBe(BUCHER);
      expect(
        (await client.findZoneByName({ accountId: ACME, name: "small-shop.example" }))?.id,
      ).toBeUndefined();
      expect(await client.findZoneByName({ accountId: ACME, name: "nowhere.example" })).toBeUndefined();
    });

    it("authenticates with an API key and email", async () => {
      const client = connect({
        apiToken: undefined,
        apiKey: "acns-demo-global-api-key",
        email: "ops@example.com",
      });
      expect(
        (await client.getAccountDnsSettings({ accountId: SMALL_SHOP })).zone_defaults.nameservers,
      ).toEqual({
        type: "cloudflare.standard",
      });
    });
  });

  describe("refusals", () => {
    it("maps an unknown token to 403 / 1000 without retrying or showing the token", async () => {
      const client = connect({ apiToken: "not-a-real-token-123" });
      const err = await caught(client.listCustomNameservers({ accountId: ACME }));
      expect([err.status, err.errors, err.attempts, hasCloudflareCode(err, 1000)]).toEqual([
        403,
        [{ code: 1000, message: "Invalid API Token" }],
        1,
        true,
      ]);
      expect(err.message).not.toContain("not-a-real-token-123");
    });

    it("refuses a token on another account's resources with 10000", async () => {
      const client = connect({ apiToken: "acns-demo-small-shop-token" });
      expect((await caught(client.listCustomNameservers({ accountId: ACME }))).cloudflareCodes).toEqual([
        10000,
      ]);
      expect((await caught(client.getZoneDnsSettings({ zoneId: EXAMPLE_COM }))).cloudflareCodes).toEqual([
        10000,
      ]);
    });

    it("refuses writes with a read-only token", async () => {
      const client = connect({ apiToken: "acns-demo-readonly-token" });
      expect((await client.listCustomNameservers({ accountId: ACME })).length).toBe(6);
      const err = await caught(client.createCustomNameserver({ accountId: ACME, nsName: "ns5.example.net" }));
      expect([err.status, err.cloudflareCodes]).toEqual([403, [10000]]);
    });

    it("refuses ACNS to an account without the entitlement (1002)", async () => {
      const client = connect({ apiToken: "acns-demo-small-shop-token" });
      const err = await caught(
        client.createCustomNameserver({ accountId: SMALL_SHOP, nsName: "ns1.small-shop.example" }),
      );
      expect([err.status, err.cloudflareCodes, err.method, err.path]).toEqual([
        400,
        [1002],
        "POST",
        `/accounts/${SMALL_SHOP}/custom_ns`,
      ]);
    });

    it("reports a duplicate name on the first attempt (1103) without adopting it", async () => {
      const client = connect();
      const err = await caught(client.createCustomNameserver({ accountId: ACME, nsName: "ns1.example.net" }));
      expect([err.status, err.cloudflareCodes, err.attempts]).toEqual([400, [1103], 1]);
      expect(client.stats().requests).toBe(1);
    });

    it("reports an invalid hostname (1102)", async () => {
      const err = await caught(
        connect().createCustomNameserver({ accountId: ACME, nsName: "bad_name..example" }),
      );
      expect([err.status, err.cloudflareCodes]).toEqual([400, [1102]]);
    });

    it("reports a hierarchy conflict (1107)", async () => {
      const err = await caught(
        connect().editZoneDnsSettings({
          zoneId: EU_EXAMPLE_COM,
          nameservers: { type: "custom.account", ns_set: 1 },
        }),
      );
      expect([err.status, err.cloudflareCodes, err.method]).toEqual([400, [1107], "PATCH"]);
    });

    it("reports deleting a name the account does not have (404 / 1105)", async () => {
      const err = await caught(
        connect().deleteCustomNameserver({ accountId: ACME, nsName: "ns7.example.net" }),
      );
      expect([err.status, err.cloudflareCodes, err.attempts]).toEqual([404, [1105], 1]);
    });

    it("reports an unknown zone (404 / 7003 + 7000) as gone", async () => {
      const err = await caught(connect().getZone({ zoneId: "0000000000000000000000000000beef" }));
      expect([err.status, err.cloudflareCodes, isGone(err), isUnroutable(err)]).toEqual([
        404,
        [7003, 7000],
        true,
        false,
      ]);
    });

    it("refuses every /custom_ns call of an account without the entitlement, the listing included (1002)", async () => {
      const client = connect({ apiToken: "acns-demo-small-shop-token" });
      const err = await caught(client.listCustomNameservers({ accountId: SMALL_SHOP }));
      expect([err.status, err.errors, isGone(err)]).toEqual([
        400,
        [{ code: 1002, message: "This feature is not enabled for your account." }],
        false,
      ]);
    });
  });

  describe("faults", () => {
    it("rides out a burst of 503s", async () => {
      emu.store.faults.add({
        method: "GET",
        path: "/accounts/*/custom_ns",
        times: 3,
        action: { kind: "fail", status: 503 },
      });
      const client = connect();
      expect(await client.listCustomNameservers({ accountId: ACME })).toHaveLength(6);
      expect(client.stats()).toMatchObject({ requests: 4, retries: 3, failures: 3 });
      expect(sleeps).toEqual([375, 750, 1500]);
    });

    it("gives up after maxAttempts with the injected error's code", async () => {
      emu.store.faults.add({
        method: "GET",
        path: "/accounts/*/custom_ns",
        times: 10,
        action: { kind: "fail", status: 500 },
      });
      const err = await caught(connect({ maxAttempts: 3 }).listCustomNameservers({ accountId: ACME }));
      expect([err.status, err.cloudflareCodes, err.attempts]).toEqual([500, [1190], 3]);
    });

    it("waits out an injected 429 for exactly its Retry-After", async () => {
      emu.store.faults.add({
        method: "*",
        path: "/zones/*/dns_settings",
        action: { kind: "fail", status: 429, headers: { "Retry-After": "2" } },
      });
      const client = connect();
      expect((await client.getZoneDnsSettings({ zoneId: EXAMPLE_COM })).nameservers.ns_set).toBe(1);
      expect(sleeps).toEqual([2000]);
      expect(client.stats().rateLimited).toBe(1);
    });

    it("treats a create whose connection dropped after the commit as done, with exactly one name", async () => {
      emu.store.faults.add({
        method: "POST",
        path: "/accounts/*/custom_ns",
        action: { kind: "drop", when: "after-commit" },
      });
      const client = connect();
      const created = await client.createCustomNameserver({
        accountId: ACME,
        nsName: "ns5.example.net",
        nsSet: 4,
      });
      expect([created.ns_name, created.ns_set]).toEqual(["ns5.example.net", 4]);
      const names = await client.listCustomNameservers({ accountId: ACME });
      expect(names.filter((n) => n.ns_name === "ns5.example.net")).toHaveLength(1);
      expect(emu.store.requestLog.list().map((r) => [r.method, r.status])).toEqual([
        ["POST", null],
        ["GET", 200],
        ["GET", 200],
      ]);
    });

    it("sends a create again when the connection dropped before the commit", async () => {
      emu.store.faults.add({
        method: "POST",
        path: "/accounts/*/custom_ns",
        action: { kind: "drop", when: "before-commit" },
      });
      const client = connect();
      await client.createCustomNameserver({ accountId: ACME, nsName: "ns5.example.net", nsSet: 4 });
      const names = await client.listCustomNameservers({ accountId: ACME });
      expect(names.filter((n) => n.ns_name === "ns5.example.net")).toHaveLength(1);
      expect(emu.store.requestLog.list().map((r) => [r.method, r.status])).toEqual([
        ["POST", null],
        ["GET", 200],
        ["POST", 200],
        ["GET", 200],
      ]);
    });

    it("treats a delete whose connection dropped after the commit as done", async () => {
      emu.store.faults.add({
        method: "DELETE",
        path: "/accounts/*/custom_ns/*",
        action: { kind: "drop", when: "after-commit" },
      });
      const client = connect();
      await client.createCustomNameserver({ accountId: ACME, nsName: "ns5.example.net", nsSet: 4 });
      await client.deleteCustomNameserver({ accountId: ACME, nsName: "ns5.example.net" });
      const names = await client.listCustomNameservers({ accountId: ACME });
      expect(names.map((n) => n.ns_name)).not.toContain("ns5.example.net");
      expect(emu.store.requestLog.list().map((r) => [r.method, r.status])).toEqual([
        ["POST", 200],
        ["DELETE", null],
        ["GET", 200],
        ["GET", 200],
      ]);
    });

    it("times out a slow answer and retries", async () => {
      emu.store.faults.add({ method: "GET", path: "/zones/*", action: { kind: "latency", ms: 400 } });
      const client = connect({ timeoutMs: 100 });
      expect((await client.getZone({ zoneId: EXAMPLE_COM })).name).toBe("example.com");
      expect(client.stats()).toMatchObject({ requests: 2, failures: 1 });
    });
  });
});

describe("against the emulator's rate limit", () => {
  // Emulator and client share one manual clock: the client's sleeps move the emulator's time.
  const clock = createManualClock();
  const emu = useEmulator({ clock, rateLimit: { requests: 3, windowSeconds: 300, lockoutSeconds: 300 } });

  it("holds at the reserve until the window frees a request, so the lockout never comes", async () => {
    const sleeps: number[] = [];
    const client = createAcnsClient({
      baseUrl: emu.url,
      apiToken: TOKEN,
      env: {},
      requestsPerSecond: 1000,
      burst: 1000,
      clock: () => clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    for (let i = 0; i < 5; i++) await client.listCustomNameservers({ accountId: ACME });
    // The first three go at one emulated instant; the third answer says r=0, t=300: the pacer
    // holds until they leave the window instead of sending into the lockout, then lets one go at
    // once and the next one interval (1 ms at 1000/s) later.
    expect(sleeps).toEqual([300_000, 1]);
    expect(client.stats()).toMatchObject({ requests: 5, rateLimited: 0, retries: 0 });
    expect(emu.store.requestLog.list().map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

describe("default pacing against Cloudflare's real budget", () => {
  const clock = createManualClock();
  const emu = useEmulator({ clock });

  it("sends 1300 requests at the default 4/s without a single 429", async () => {
    const sleeps: number[] = [];
    const client = createAcnsClient({
      baseUrl: emu.url,
      apiToken: TOKEN,
      env: {},
      clock: () => clock.now(),
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.advance(ms);
      },
    });
    const started = clock.now();
    for (let i = 0; i < 1300; i++) await client.getZoneDnsSettings({ zoneId: EXAMPLE_COM });
    expect(client.stats()).toMatchObject({ requests: 1300, rateLimited: 0, failures: 0 });
    // 4/s until the budget nears its reserve, then braked until requests leave the window: at
    // least 90 % of the limit (1299 gaps of 250 ms would be all of it, down to r = 0).
    const elapsed = clock.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1299 * 250);
    expect(1299 / (elapsed / 1000)).toBeGreaterThanOrEqual(0.9 * 4);
  }, 60_000);
});
