/**
 * Pacing, retries and error mapping of the client against a scripted local server, with a fake
 * clock: every wait the client makes is recorded by the injected sleep, so the assertions are
 * exact and no test depends on timing.
 */
import { createServer } from "node:net";
import {
  CloudflareApiError,
  createAcnsClient,
  hasCloudflareCode,
  hasHttpStatus,
  type AcnsClientOptions,
  type RequestEvent,
} from "../../provider/client";
import {
  ACCOUNT_ID,
  TEST_KEY,
  TEST_TOKEN,
  createFakeTime,
  customNs,
  fail,
  ok,
  sequence,
  useFakeCloudflare,
  type FakeCloudflare,
} from "./fake-cloudflare";
import { caught } from "../helpers/caught";

const fake = useFakeCloudflare();
const LIST_PATH = `/accounts/${ACCOUNT_ID}/custom_ns`;

function setup(overrides: AcnsClientOptions = {}, server: FakeCloudflare = fake) {
  const time = createFakeTime(Date.parse("2025-01-01T00:00:00Z"));
  const events: RequestEvent[] = [];
  const client = createAcnsClient({
    baseUrl: server.url,
    apiToken: TEST_TOKEN,
    env: {},
    // Pacing is tested on its own; here it must not add sleeps of its own.
    requestsPerSecond: 1000,
    burst: 1000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    onRequest: (e) => events.push(e),
    ...overrides,
  });
  return { client, time, events };
}

describe("retries", () => {
  it("retries 5xx with jittered exponential backoff and succeeds on the third attempt", async () => {
    fake.reset(sequence(fail(500, 1000, "oops"), fail(503, 1000, "busy"), ok([customNs("ns1.example.com")])));
    const { client, time } = setup();
    const names = await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(names.map((n) => n.ns_name)).toEqual(["ns1.example.com"]);
    expect(fake.requests).toHaveLength(3);
    // base 500 ms doubling, equal jitter with random() = 0.5: 0.75 of 500, then of 1000.
    expect(time.sleeps).toEqual([375, 750]);
  });

  it("makes exactly maxAttempts attempts, then throws the last failure", async () => {
    fake.reset(() => fail(502, 1000, "bad gateway"));
    const { client, time } = setup({ maxAttempts: 3 });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(fake.requests).toHaveLength(3);
    expect(err.attempts).toBe(3);
    expect(err.status).toBe(502);
    expect(time.sleeps).toEqual([375, 750]);
  });

  it("caps the backoff at maxDelayMs", async () => {
    fake.reset(() => fail(500, 1000, "oops"));
    const { client, time } = setup({ maxAttempts: 6, baseDelayMs: 500, maxDelayMs: 1500, random: () => 1 });
    await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(time.sleeps).toEqual([500, 1000, 1500, 1500, 1500]);
  });

  it("draws jitter from the injected random source within [delay/2, delay]", async () => {
    fake.reset(() => fail(500, 1000, "oops"));
    const draws = [0, 0.999, 0.2];
    const { client, time } = setup({ maxAttempts: 4, random: () => draws.shift() ?? 0 });
    await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(time.sleeps).toEqual([250, 999.5, 1200]);
  });

  it("waits exactly the Retry-After seconds of a 429, then succeeds", async () => {
    fake.reset(sequence(fail(429, 10000, "Rate limited", { "retry-after": "7" }), ok([])));
    const { client, time } = setup();
    expect(await client.listCustomNameservers({ accountId: ACCOUNT_ID })).toEqual([]);
    expect(time.sleeps).toEqual([7000]);
    expect(fake.requests).toHaveLength(2);
  });

  it("reads Retry-After as an HTTP date against the injected clock", async () => {
    const header = { "retry-after": "Wed, 01 Jan 2025 00:00:30 GMT" };
    fake.reset(sequence(fail(429, 10000, "Rate limited", header), ok([])));
    const { client, time } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(time.sleeps).toEqual([30_000]);
  });

  it("honours Retry-After on a 503 too", async () => {
    fake.reset(sequence(fail(503, 1000, "maintenance", { "retry-after": "2" }), ok([])));
    const { client, time } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(time.sleeps).toEqual([2000]);
  });

  it("backs off on a 429 that gives no Retry-After", async () => {
    fake.reset(sequence(fail(429, 10000, "Rate limited"), ok([])));
    const { client, time } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(time.sleeps).toEqual([375]);
  });

  it("gives up at once when Retry-After exceeds maxRetryAfterSeconds", async () => {
    fake.reset(() => fail(429, 10000, "Rate limited", { "retry-after": "900" }));
    const { client, time } = setup({ maxRetryAfterSeconds: 600 });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(fake.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    expect(err.retryAfterSeconds).toBe(900);
  });

  it("pauses concurrent calls on the same client during a Retry-After", async () => {
    let first = true;
    fake.reset((req) => {
      if (first && req.apiPath === LIST_PATH) {
        first = false;
        return fail(429, 10000, "Rate limited", { "retry-after": "5" });
      }
      return ok([]);
    });
    const { client, time, events } = setup({ requestsPerSecond: 4, burst: 1 });
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    await client.getAccountDnsSettings({ accountId: ACCOUNT_ID }).catch(() => undefined);
    // The retry waited out the 5 s pause; the next call then waited one 250 ms interval.
    expect(time.sleeps).toEqual([5000, 250]);
    expect(events.map((e) => [e.route, e.attempt, e.status, e.pacingWaitMs])).toEqual([
      ["/accounts/{account_id}/custom_ns", 1, 429, 0],
      ["/accounts/{account_id}/custom_ns", 2, 200, 5000],
      ["/accounts/{account_id}/dns_settings", 1, 200, 250],
    ]);
  });

  it.each([400, 403, 404, 409, 422])("does not retry HTTP %d", async (status) => {
    fake.reset(() => fail(status, 1004, "refused"));
    const { client, time } = setup();
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(err.status).toBe(status);
    expect(err.attempts).toBe(1);
    expect(fake.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it("retries a connection reset", async () => {
    fake.reset(sequence("reset", ok([customNs("ns1.example.com")])));
    const { client, time } = setup();
    expect(await client.listCustomNameservers({ accountId: ACCOUNT_ID })).toHaveLength(1);
    expect(fake.requests).toHaveLength(2);
    expect(time.sleeps).toEqual([375]);
  });

  it("retries an answer cut off mid-body", async () => {
    fake.reset(sequence("cut", ok([])));
    const { client, events } = setup();
    expect(await client.listCustomNameservers({ accountId: ACCOUNT_ID })).toEqual([]);
    expect(events.map((e) => e.outcome)).toEqual(["connection_error", "ok"]);
  });

  it("retries a timeout and reports it", async () => {
    fake.reset(() => "hang");
    const { client } = setup({ maxAttempts: 2, timeoutMs: 50 });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(fake.requests).toHaveLength(2);
    expect(err.kind).toBe("timeout");
    expect(err.status).toBeUndefined();
    expect(err.message).toBe(
      `list custom nameservers of account ${ACCOUNT_ID} failed after 2 attempts: GET ${LIST_PATH} got no answer within 50 ms; raise timeoutMs or maxAttempts, or retry later`,
    );
  });

  it("reports a refused connection with its socket code", async () => {
    const port = await closedPort();
    const { client } = setup({ baseUrl: `http://127.0.0.1:${port}/client/v4`, maxAttempts: 2 });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(err.kind).toBe("connection");
    expect(err.attempts).toBe(2);
    expect(err.message).toMatch(/could not complete the connection \(ECONNREFUSED: /);
  });

  it("does not retry an answer of the wrong shape", async () => {
    fake.reset(() => ok([{ ns_name: "ns1.example.com", ns_set: 9 }]));
    const { client } = setup();
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(fake.requests).toHaveLength(1);
    expect(err.kind).toBe("invalid_response");
    expect(err.message).toBe(
      `list custom nameservers of account ${ACCOUNT_ID} failed after 1 attempt: GET ${LIST_PATH} answered HTTP 200 with a body that is not the expected shape (0.ns_set: Too big: expected number to be <=5, 0.dns_records: Invalid input: expected array, received undefined, 0.status: Invalid option: expected one of "moved"|"pending"|"verified", and 1 more); check that the base URL points at the Cloudflare v4 API (…/client/v4)`,
    );
  });

  it("treats a 200 that is not JSON as a malformed answer", async () => {
    fake.reset(() => ({ status: 200, rawBody: "<html>captive portal</html>" }));
    const { client } = setup();
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(err.kind).toBe("invalid_response");
    expect(err.message).toContain("(body is not JSON)");
  });

  it("treats a 200 envelope with success false as a failure", async () => {
    fake.reset(() => ({
      status: 200,
      body: { success: false, errors: [{ code: 1001, message: "odd" }], messages: [], result: null },
    }));
    const { client } = setup();
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect([err.kind, err.status, err.cloudflareCodes, err.attempts]).toEqual(["http", 200, [1001], 1]);
  });
});

describe("CloudflareApiError", () => {
  it("carries status, Cloudflare codes, method, path, retry-after and attempts", async () => {
    fake.reset(() =>
      fail(429, 10000, "Rate limited: too many requests", {
        "retry-after": "300",
        ratelimit: '"default";r=0;t=300',
        "ratelimit-policy": '"default";q=1200;w=300',
      }),
    );
    const { client } = setup({ maxAttempts: 1 });
    const err = await caught(
      client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    );
    expect(err).toBeInstanceOf(CloudflareApiError);
    expect({
      code: err.code,
      name: err.name,
      kind: err.kind,
      operation: err.operation,
      method: err.method,
      path: err.path,
      status: err.status,
      errors: err.errors,
      cloudflareCodes: err.cloudflareCodes,
      retryAfterSeconds: err.retryAfterSeconds,
      attempts: err.attempts,
    }).toEqual({
      code: "CloudflareApiError",
      name: "CloudflareApiError",
      kind: "http",
      operation: "createCustomNameserver",
      method: "POST",
      path: LIST_PATH,
      status: 429,
      errors: [{ code: 10000, message: "Rate limited: too many requests" }],
      cloudflareCodes: [10000],
      retryAfterSeconds: 300,
      attempts: 1,
    });
    expect(err.message).toBe(
      `create custom nameserver "ns1.example.com" in set 1 of account ${ACCOUNT_ID} failed after 1 attempt: POST ${LIST_PATH} answered HTTP 429 with Cloudflare error 10000 "Rate limited: too many requests"; rate limited, Cloudflare asked to wait 300 s; lower requestsPerSecond, or wait for the lockout (up to 5 minutes) to pass`,
    );
    expect(hasCloudflareCode(err, 10000)).toBe(true);
    expect(hasCloudflareCode(err, 7003)).toBe(false);
    expect(hasHttpStatus(err, 429)).toBe(true);
    expect(hasCloudflareCode(new Error("x"), 10000)).toBe(false);
  });

  it("keeps the path free of the query string", async () => {
    fake.reset(() => fail(400, 1001, "bad filter"));
    const { client } = setup();
    const err = await caught(client.listZones({ accountId: ACCOUNT_ID, name: "example.com" }));
    expect(fake.requests[0]?.query.get("name")).toBe("example.com");
    expect(err.path).toBe("/zones");
    expect(err.message).toBe(
      `list zones named "example.com" of account ${ACCOUNT_ID} (page 1) failed after 1 attempt: GET /zones answered HTTP 400 with Cloudflare error 1001 "bad filter"; correct the request as Cloudflare's message says`,
    );
  });

  it("lists several Cloudflare errors and gives the auth hint for 403", async () => {
    fake.reset(() => ({
      status: 403,
      body: {
        success: false,
        errors: [
          { code: 10000, message: "Authentication error" },
          { code: 9109, message: "Unauthorized to access requested resource" },
        ],
        messages: [],
        result: null,
      },
    }));
    const { client } = setup();
    const err = await caught(client.getZoneDnsSettings({ zoneId: "fedcba9876543210fedcba9876543210" }));
    expect(err.message).toBe(
      'read DNS settings of zone fedcba9876543210fedcba9876543210 failed after 1 attempt: GET /zones/fedcba9876543210fedcba9876543210/dns_settings answered HTTP 403 with Cloudflare errors 10000 "Authentication error", 9109 "Unauthorized to access requested resource"; check that the API token (or key and email) is valid and allowed to act on this account or zone',
    );
  });

  it("quotes a short excerpt of a non-envelope error body", async () => {
    fake.reset(() => ({ status: 502, rawBody: "<html>\n  <h1>502 Bad Gateway</h1>\n</html>" }));
    const { client } = setup({ maxAttempts: 1 });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(err.errors).toEqual([]);
    expect(err.message).toBe(
      `list custom nameservers of account ${ACCOUNT_ID} failed after 1 attempt: GET ${LIST_PATH} answered HTTP 502 (body "<html> <h1>502 Bad Gateway</h1> </html>"); Cloudflare failed on its side; retry later`,
    );
  });

  it("never shows the token, even when the server echoes it back", async () => {
    fake.reset((req) => {
      const auth = String(req.headers.authorization);
      return req.method === "GET"
        ? fail(401, 10001, `bad credentials: ${auth}`)
        : { status: 500, rawBody: `upstream said ${auth}` };
    });
    const { client } = setup({ maxAttempts: 1 });
    const e1 = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    const e2 = await caught(
      client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns1.example.com" }),
    );
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    for (const err of [e1, e2]) {
      expect(err.message).not.toContain(TEST_TOKEN);
      expect(JSON.stringify(err.errors)).not.toContain(TEST_TOKEN);
      expect(err.stack ?? "").not.toContain(TEST_TOKEN);
    }
    expect(e1.message).toContain('10001 "bad credentials: Bearer [redacted]"');
    expect(e2.message).toContain('(body "upstream said Bearer [redacted]")');
  });

  it("never shows the API key either", async () => {
    fake.reset((req) => fail(403, 10000, `key ${String(req.headers["x-auth-key"])} refused`));
    const { client } = setup({ apiToken: undefined, apiKey: TEST_KEY, email: "ops@example.com" });
    const err = await caught(client.listCustomNameservers({ accountId: ACCOUNT_ID }));
    expect(fake.requests[0]?.headers["x-auth-key"]).toBe(TEST_KEY);
    expect(fake.requests[0]?.headers["x-auth-email"]).toBe("ops@example.com");
    expect(fake.requests[0]?.headers.authorization).toBeUndefined();
    expect(err.message).not.toContain(TEST_KEY);
    expect(err.message).toContain('10000 "key [redacted] refused"');
  });
});

describe("credentials reach the server as resolved", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("sends only the token even when the process has a key in its environment", async () => {
    process.env.CLOUDFLARE_API_KEY = TEST_KEY;
    process.env.CLOUDFLARE_EMAIL = "ops@example.com";
    fake.reset(() => ok([]));
    const { client } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    const headers = fake.requests[0]?.headers ?? {};
    expect([headers.authorization, headers["x-auth-key"], headers["x-auth-email"]]).toEqual([
      `Bearer ${TEST_TOKEN}`,
      undefined,
      undefined,
    ]);
  });

  it("uses CLOUDFLARE_BASE_URL and CLOUDFLARE_API_TOKEN from the environment", async () => {
    fake.reset(() => ok([]));
    const time = createFakeTime();
    const client = createAcnsClient({
      env: { CLOUDFLARE_BASE_URL: fake.url, CLOUDFLARE_API_TOKEN: "env-token" },
      clock: time.clock,
      sleep: time.sleep,
    });
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(fake.requests.map((r) => [r.method, r.apiPath, r.headers.authorization])).toEqual([
      ["GET", LIST_PATH, "Bearer env-token"],
    ]);
  });
});

describe("counting requests", () => {
  it("reports every attempt to onRequest and in stats(), per route and per operation", async () => {
    fake.reset((req) => {
      if (req.method === "POST")
        return fake.requests.filter((r) => r.method === "POST").length === 1
          ? "reset"
          : ok(customNs("ns3.example.com"));
      return ok([]);
    });
    const { client, events } = setup();
    await client.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: "ns3.example.com" });
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect(events.map((e) => [e.operation, e.method, e.route, e.attempt, e.outcome, e.status])).toEqual([
      [
        "createCustomNameserver",
        "POST",
        "/accounts/{account_id}/custom_ns",
        1,
        "connection_error",
        undefined,
      ],
      ["createCustomNameserver", "GET", "/accounts/{account_id}/custom_ns", 1, "ok", 200],
      ["createCustomNameserver", "POST", "/accounts/{account_id}/custom_ns", 2, "ok", 200],
      ["listCustomNameservers", "GET", "/accounts/{account_id}/custom_ns", 1, "ok", 200],
    ]);
    expect(client.stats()).toEqual({
      requests: 4,
      retries: 1,
      failures: 1,
      rateLimited: 0,
      pacingWaitMs: 0,
      backoffWaitMs: 375,
      byRoute: { "POST /accounts/{account_id}/custom_ns": 2, "GET /accounts/{account_id}/custom_ns": 2 },
      byOperation: { createCustomNameserver: 3, listCustomNameservers: 1 },
    });
    client.resetStats();
    expect(client.stats().requests).toBe(0);
  });

  it("passes the Ratelimit headers on to onRequest and ignores X-RateLimit-*", async () => {
    fake.reset(() => ({
      status: 200,
      body: { success: true, errors: [], messages: [], result: [] },
      headers: {
        ratelimit: '"default";r=1187;t=293',
        "ratelimit-policy": '"default";q=1200;w=300',
        "x-ratelimit-remaining": "5",
      },
    }));
    const { client, events } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect([events[0]?.rateLimitRemaining, events[0]?.rateLimit]).toEqual([
      1187,
      { policy: "default", remaining: 1187, resetSeconds: 293, quota: 1200, windowSeconds: 300 },
    ]);
  });

  it("reports no budget when the answer has no Ratelimit header", async () => {
    fake.reset(() => ({
      status: 200,
      body: { success: true, errors: [], messages: [], result: [] },
      headers: { "x-ratelimit-remaining": "5" },
    }));
    const { client, events } = setup();
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    expect([events[0]?.rateLimitRemaining, events[0]?.rateLimit]).toEqual([undefined, undefined]);
    expect(client.pacer.currentRate).toBe(1000);
  });

  it("slows the pacer to the budget an answer reports", async () => {
    fake.reset(() => ({
      status: 200,
      body: { success: true, errors: [], messages: [], result: [] },
      headers: { ratelimit: '"default";r=66;t=100', "ratelimit-policy": '"default";q=1200;w=300' },
    }));
    const { client, time } = setup({ requestsPerSecond: 4, burst: 1 });
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    // 66 left is in the brake band (96 down to 36): 4 · (66 − 36) / (96 − 36) = 2 per second.
    expect(client.pacer.currentRate).toBeCloseTo(2, 10);
    await client.listCustomNameservers({ accountId: ACCOUNT_ID });
    // The next request waits one interval at 2/s.
    expect(time.sleeps.map((ms) => Math.round(ms))).toEqual([500]);
  });
});

/** A port nothing listens on: bind one, note it, close it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
