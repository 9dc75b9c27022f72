import Cloudflare from "cloudflare";
import { createManualClock } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, API_KEY, callApi, failure, SMALL, SMALL_TOKEN } from "./fixtures";

// A budget of 3 requests per 10 s and a 20 s lockout, on a clock the tests move by hand.
const clock = createManualClock();
const emu = useEmulator({ clock, rateLimit: { requests: 3, windowSeconds: 10, lockoutSeconds: 20 } });

const LIST = `/accounts/${ACME}/custom_ns`;

function rateHeaders(headers: Headers): Record<string, string | null> {
  return {
    limit: headers.get("x-ratelimit-limit"),
    remaining: headers.get("x-ratelimit-remaining"),
    reset: headers.get("x-ratelimit-reset"),
    retryAfter: headers.get("retry-after"),
  };
}

const RATE_LIMITED = failure({
  code: 1015,
  message:
    "Rate limited: over 3 requests in 10 s; every call is refused for 20 s after that; retry after 20 s",
});

describe("rate limit per token", () => {
  it("counts down X-RateLimit-Remaining, then answers 429 with Retry-After and X-RateLimit-Reset", async () => {
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await callApi(emu.url, "GET", LIST));
    expect(answers.map((a) => [a.status, rateHeaders(a.headers)])).toEqual([
      [200, { limit: "3", remaining: "2", reset: null, retryAfter: null }],
      [200, { limit: "3", remaining: "1", reset: null, retryAfter: null }],
      [200, { limit: "3", remaining: "0", reset: null, retryAfter: null }],
      [429, { limit: "3", remaining: "0", reset: "20", retryAfter: "20" }],
    ]);
    expect(answers[3]?.body).toEqual(RATE_LIMITED);
  });

  it("keeps refusing for the whole lockout, even after the window has passed, then serves again", async () => {
    for (let i = 0; i < 4; i++) await callApi(emu.url, "GET", LIST);
    clock.advance(19_000);
    const still = await callApi(emu.url, "GET", LIST);
    expect([still.status, rateHeaders(still.headers)]).toEqual([
      429,
      { limit: "3", remaining: "0", reset: "1", retryAfter: "1" },
    ]);
    clock.advance(1_000);
    const again = await callApi(emu.url, "GET", LIST);
    expect([again.status, rateHeaders(again.headers)]).toEqual([
      200,
      { limit: "3", remaining: "2", reset: null, retryAfter: null },
    ]);
  });

  it("frees budget as requests leave the sliding window", async () => {
    await callApi(emu.url, "GET", LIST);
    clock.advance(5_000);
    await callApi(emu.url, "GET", LIST);
    await callApi(emu.url, "GET", LIST);
    clock.advance(5_000);
    const answer = await callApi(emu.url, "GET", LIST);
    expect([answer.status, answer.headers.get("x-ratelimit-remaining")]).toEqual([200, "0"]);
  });

  it("counts refused and failed requests too, but not unauthenticated ones", async () => {
    await callApi(emu.url, "GET", LIST, { token: null });
    await callApi(emu.url, "POST", LIST, { body: { ns_set: 9 } });
    const answer = await callApi(emu.url, "GET", "/zones/0123456789abcdef0123456789abcdef");
    expect([answer.status, answer.headers.get("x-ratelimit-remaining")]).toEqual([404, "1"]);
  });

  it("keeps one budget per token and per API key", async () => {
    for (let i = 0; i < 4; i++) await callApi(emu.url, "GET", LIST);
    const other = await callApi(emu.url, "GET", `/accounts/${SMALL}/dns_settings`, { token: SMALL_TOKEN });
    const key = await callApi(emu.url, "GET", LIST, {
      token: null,
      headers: { "X-Auth-Email": API_KEY.email, "X-Auth-Key": API_KEY.key },
    });
    expect([other.status, other.headers.get("x-ratelimit-remaining")]).toEqual([200, "2"]);
    expect([key.status, key.headers.get("x-ratelimit-remaining")]).toEqual([200, "2"]);
  });

  it("makes the official SDK fail with a RateLimitError when it may not retry", async () => {
    for (let i = 0; i < 3; i++) await callApi(emu.url, "GET", LIST);
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
    expect((await callApi(emu.url, "GET", LIST)).status).toBe(200);
  });
});
