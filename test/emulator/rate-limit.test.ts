import Cloudflare from "cloudflare";
import { createManualClock } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import {
  ACME,
  API_KEY,
  callApi,
  failure,
  READONLY_TOKEN,
  SMALL,
  SMALL_TOKEN,
  TOKEN,
  zoneId,
} from "./fixtures";

// A budget of 3 requests per 600 emulated seconds and a 1200 s lockout, on a clock the tests move by
// hand that claims 60 emulated seconds per real second: headers say 10 s for the window and 20 s for
// the lockout.
const clock = createManualClock(Date.UTC(2025, 0, 1), 60);
const emu = useEmulator({ clock, rateLimit: { requests: 3, windowSeconds: 600, lockoutSeconds: 1200 } });

const LIST = `/accounts/${ACME}/custom_ns`;
const POLICY = '"default";q=3;w=10';
const KEY_HEADERS = { "X-Auth-Email": API_KEY.email, "X-Auth-Key": API_KEY.key };

/** [status, Ratelimit, Ratelimit-Policy, Retry-After] of an answer. */
function rateOf(answer: { status: number; headers: Headers }): [number, ...(string | null)[]] {
  const h = answer.headers;
  return [answer.status, h.get("ratelimit"), h.get("ratelimit-policy"), h.get("retry-after")];
}

/** Seconds on the manual clock, in emulated milliseconds (60 emulated s = 1 real s). */
const realSeconds = (s: number): number => s * 60_000;

const RATE_LIMITED = failure({
  code: 971,
  message: "Please wait and consider throttling your request speed",
});

describe("Ratelimit headers", () => {
  it("count down r, report t in real seconds until more quota, then answer 429 / 971 with Retry-After", async () => {
    const answers = [await callApi(emu.url, "GET", LIST)];
    clock.advance(realSeconds(2));
    answers.push(await callApi(emu.url, "GET", LIST));
    clock.advance(realSeconds(1));
    answers.push(await callApi(emu.url, "GET", LIST));
    clock.advance(realSeconds(0.5));
    answers.push(await callApi(emu.url, "GET", LIST));
    expect(answers.map(rateOf)).toEqual([
      [200, '"default";r=2;t=10', POLICY, null],
      // t: the first request leaves the sliding window 8 s from now.
      [200, '"default";r=1;t=8', POLICY, null],
      [200, '"default";r=0;t=7', POLICY, null],
      // The lockout: 20 s; r stays 0 during it.
      [429, '"default";r=0;t=20', POLICY, "20"],
    ]);
    expect(answers[3]?.body).toEqual(RATE_LIMITED);
  });

  it("refuse for the whole lockout, even after the window has passed, with t rounded up; after it the budget is whole", async () => {
    for (let i = 0; i < 4; i++) await callApi(emu.url, "GET", LIST);
    clock.advance(realSeconds(9.5));
    const midway = await callApi(emu.url, "GET", LIST);
    clock.advance(realSeconds(10.5) - 1);
    const lastMoment = await callApi(emu.url, "GET", LIST);
    clock.advance(1);
    const after = await callApi(emu.url, "GET", LIST);
    expect([midway, lastMoment, after].map(rateOf)).toEqual([
      [429, '"default";r=0;t=11', POLICY, "11"],
      [429, '"default";r=0;t=1', POLICY, "1"],
      // Refused calls during the lockout did not extend it, and nothing from before it counts.
      [200, '"default";r=2;t=10', POLICY, null],
    ]);
  });

  it("free budget one request at a time as requests leave the sliding window", async () => {
    await callApi(emu.url, "GET", LIST);
    clock.advance(realSeconds(5));
    await callApi(emu.url, "GET", LIST);
    await callApi(emu.url, "GET", LIST);
    clock.advance(realSeconds(5));
    // The first request has left (exactly 600 emulated s old): one slot back, the next one in 5 s.
    const answer = await callApi(emu.url, "GET", LIST);
    expect(rateOf(answer)).toEqual([200, '"default";r=0;t=5', POLICY, null]);
  });

  it("are on every answer of a known user: 400, 403, 404 and unknown routes count and say so", async () => {
    const answers = [
      await callApi(emu.url, "POST", LIST, { body: { ns_set: 9 } }),
      await callApi(emu.url, "GET", `/accounts/${SMALL}/dns_settings`),
      await callApi(emu.url, "GET", "/nowhere"),
      await callApi(emu.url, "GET", "/zones/0123456789abcdef0123456789abcdef"),
    ];
    expect(answers.map(rateOf)).toEqual([
      [400, '"default";r=2;t=10', POLICY, null],
      [403, '"default";r=1;t=10', POLICY, null],
      [404, '"default";r=0;t=10', POLICY, null],
      [429, '"default";r=0;t=20', POLICY, "20"],
    ]);
  });

  it("are left off answers without a user (no, malformed or unknown credentials), which do not count", async () => {
    const answers = [
      await callApi(emu.url, "GET", LIST, { token: null }),
      await callApi(emu.url, "GET", LIST, { token: null, headers: { Authorization: "Basic x" } }),
      await callApi(emu.url, "GET", LIST, { token: "no-such-token" }),
      await callApi(emu.url, "GET", LIST, {
        token: null,
        headers: { "X-Auth-Email": API_KEY.email, "X-Auth-Key": "wrong" },
      }),
      await callApi(emu.url, "GET", "/nowhere", { token: null }),
    ];
    expect(answers.map(rateOf)).toEqual([
      [400, null, null, null],
      [400, null, null, null],
      [403, null, null, null],
      [403, null, null, null],
      [404, null, null, null],
    ]);
    expect(rateOf(await callApi(emu.url, "GET", LIST))).toEqual([200, '"default";r=2;t=10', POLICY, null]);
  });

  it("never include X-RateLimit-*: the rate-limit header names are exactly Ratelimit, Ratelimit-Policy and, on a 429, Retry-After", async () => {
    const answers = [
      await callApi(emu.url, "GET", LIST),
      await callApi(emu.url, "GET", `/accounts/${SMALL}/dns_settings`),
      await callApi(emu.url, "GET", LIST, { token: null }),
      await callApi(emu.url, "GET", LIST),
      await callApi(emu.url, "GET", LIST),
    ];
    const names = answers.map((a) => [...a.headers.keys()].filter((n) => /rate|retry|limit/i.test(n)).sort());
    expect(names).toEqual([
      ["ratelimit", "ratelimit-policy"],
      ["ratelimit", "ratelimit-policy"],
      [],
      ["ratelimit", "ratelimit-policy"],
      ["ratelimit", "ratelimit-policy", "retry-after"],
    ]);
    // The emulator's own header names, as written (before node adds Date, Connection, ...).
    expect(emu.exchanges.map((e) => Object.keys(e.responseHeaders))).toEqual([
      ["Ratelimit", "Ratelimit-Policy"],
      ["Ratelimit", "Ratelimit-Policy"],
      [],
      ["Ratelimit", "Ratelimit-Policy"],
      ["Ratelimit", "Ratelimit-Policy", "Retry-After"],
    ]);
  });
});

describe("one budget per user", () => {
  it("is shared by a user's API token, read-only token and API key (matched by the user's email)", async () => {
    const answers = [
      await callApi(emu.url, "GET", LIST, { token: TOKEN }),
      await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN }),
      await callApi(emu.url, "GET", LIST, { token: null, headers: KEY_HEADERS }),
      await callApi(emu.url, "GET", `/zones/${zoneId("example.com")}`, { token: READONLY_TOKEN }),
    ];
    expect(answers.map(rateOf)).toEqual([
      [200, '"default";r=2;t=10', POLICY, null],
      [200, '"default";r=1;t=10', POLICY, null],
      [200, '"default";r=0;t=10', POLICY, null],
      [429, '"default";r=0;t=20', POLICY, "20"],
    ]);
    expect(emu.store.requestLog.list().map((r) => [r.principal, r.user, r.status])).toEqual([
      ["acme-admin", "acme-ops", 200],
      ["acme-readonly", "acme-ops", 200],
      [API_KEY.email, "acme-ops", 200],
      ["acme-readonly", "acme-ops", 429],
    ]);
  });

  it("locks out every credential of the user, and no one else's", async () => {
    for (let i = 0; i < 4; i++) await callApi(emu.url, "GET", LIST);
    const locked = [
      await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN }),
      await callApi(emu.url, "GET", LIST, { token: null, headers: KEY_HEADERS }),
    ];
    const other = await callApi(emu.url, "GET", `/accounts/${SMALL}/dns_settings`, { token: SMALL_TOKEN });
    expect([...locked, other].map(rateOf)).toEqual([
      [429, '"default";r=0;t=20', POLICY, "20"],
      [429, '"default";r=0;t=20', POLICY, "20"],
      [200, '"default";r=2;t=10', POLICY, null],
    ]);
    expect(locked.map((a) => a.body)).toEqual([RATE_LIMITED, RATE_LIMITED]);
  });

  it("makes the official SDK fail with a RateLimitError when it may not retry", async () => {
    for (let i = 0; i < 3; i++) await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN });
    const error = await emu
      .client()
      .customNameservers.get({ account_id: ACME })
      .then(
        () => undefined,
        (err: unknown) => err,
      );
    expect(error).toBeInstanceOf(Cloudflare.RateLimitError);
    expect(error).toMatchObject({ status: 429, errors: (RATE_LIMITED as { errors: unknown }).errors });
  });

  it("forgets counts and lockouts on reset", async () => {
    for (let i = 0; i < 4; i++) await callApi(emu.url, "GET", LIST);
    emu.store.reset();
    expect(rateOf(await callApi(emu.url, "GET", LIST))).toEqual([200, '"default";r=2;t=10', POLICY, null]);
  });
});

describe("credentials without a user (older seeds)", () => {
  const ACCOUNT = "0123456789abcdef0123456789abcdef";
  const own = useEmulator({
    clock: createManualClock(),
    rateLimit: { requests: 2, windowSeconds: 60, lockoutSeconds: 60 },
    seed: {
      accounts: [{ id: ACCOUNT, name: "A" }],
      users: [{ id: "u", email: "owner@example.com" }],
      tokens: [
        { value: "alone-1", accountIds: [ACCOUNT] },
        { value: "alone-2", accountIds: [ACCOUNT] },
        { value: "owned", accountIds: [ACCOUNT], user: "u" },
      ],
      apiKeys: [
        { email: "solo@example.com", key: "k1", accountIds: [ACCOUNT] },
        { email: "owner@example.com", key: "k2", accountIds: [ACCOUNT] },
      ],
    },
  });

  it("are each a user of their own; a key with a user's email is that user's", async () => {
    const path = `/accounts/${ACCOUNT}/dns_settings`;
    const key = (email: string, k: string) => ({
      token: null,
      headers: { "X-Auth-Email": email, "X-Auth-Key": k },
    });
    const answers = [
      await callApi(own.url, "GET", path, { token: "alone-1" }),
      await callApi(own.url, "GET", path, { token: "alone-1" }),
      await callApi(own.url, "GET", path, { token: "alone-1" }),
      await callApi(own.url, "GET", path, { token: "alone-2" }),
      await callApi(own.url, "GET", path, key("solo@example.com", "k1")),
      await callApi(own.url, "GET", path, { token: "owned" }),
      await callApi(own.url, "GET", path, key("owner@example.com", "k2")),
      await callApi(own.url, "GET", path, { token: "owned" }),
    ];
    expect(answers.map((a) => [a.status, a.headers.get("ratelimit")])).toEqual([
      [200, '"default";r=1;t=60'],
      [200, '"default";r=0;t=60'],
      [429, '"default";r=0;t=60'],
      [200, '"default";r=1;t=60'],
      [200, '"default";r=1;t=60'],
      [200, '"default";r=1;t=60'],
      [200, '"default";r=0;t=60'],
      [429, '"default";r=0;t=60'],
    ]);
  });
});

describe('a fixed window (rateLimit.window: "fixed")', () => {
  const fixedClock = createManualClock(Date.UTC(2025, 0, 1), 60);
  const fixed = useEmulator({
    clock: fixedClock,
    rateLimit: { requests: 3, windowSeconds: 600, lockoutSeconds: 1200, window: "fixed" },
  });

  it("starts with the user's first request, counts t down to its end, and gives the whole budget back then", async () => {
    const answers = [await callApi(fixed.url, "GET", LIST)];
    fixedClock.advance(realSeconds(4));
    answers.push(await callApi(fixed.url, "GET", LIST));
    fixedClock.advance(realSeconds(6));
    answers.push(await callApi(fixed.url, "GET", LIST));
    answers.push(await callApi(fixed.url, "GET", LIST));
    expect(answers.map(rateOf)).toEqual([
      [200, '"default";r=2;t=10', POLICY, null],
      [200, '"default";r=1;t=6', POLICY, null],
      // The window ended: a new one starts with this request.
      [200, '"default";r=2;t=10', POLICY, null],
      [200, '"default";r=1;t=10', POLICY, null],
    ]);
  });
});
