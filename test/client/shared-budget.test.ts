/**
 * Issue #11: two clients of one user (two tokens, each with its own pacer, as two processes or
 * machines have) against the emulator's per-user budget on a compressed clock. Both press against
 * the budget (the server's `r` falls to the reserve), neither gets a 429 and nothing is locked out:
 * each paces to what the `Ratelimit` headers say is left of the shared budget. Throughput figures
 * live in `npm run bench`; this test asserts behaviour only.
 */
import { AcnsClient, type RequestEvent } from "../../provider/client";
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { RateLimits } from "../../provider/core/limits";
import { ACME, READONLY_TOKEN, SEED_PATH, TOKEN } from "../emulator/fixtures";

/** Two tokens of the seed's user acme-ops: one budget. */
const TOKENS = [TOKEN, READONLY_TOKEN] as const;
/** 300 s windows pass in 3 s. */
const TIME_SCALE = 100;
/**
 * A quarter of Cloudflare's 1200, so that two clients on any machine can press against it (100
 * requests a real second); the sharing is what is tested, not the size.
 */
const QUOTA = RateLimits.REQUESTS_PER_WINDOW / 4;
const WINDOW_MS = (RateLimits.WINDOW_SECONDS * 1000) / TIME_SCALE;
/** Requests in flight per client, as the engine's parallelism gives a provider process. */
const IN_FLIGHT = 4;

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startEmulator({ seed: SEED_PATH, timeScale: TIME_SCALE, rateLimit: { requests: QUOTA } });
});
afterAll(() => emulator.stop());

test("two clients of one user share its budget: both reach the reserve, no 429, no lockout", async () => {
  const events: RequestEvent[][] = [[], []];
  const clients = TOKENS.map(
    (apiToken, i) =>
      new AcnsClient({
        apiToken,
        baseUrl: emulator.url,
        env: {},
        // Its own pacer, as another process has; the ceiling far above the budget, so only the
        // server's headers can keep the two within it.
        sharePacing: false,
        requestsPerSecond: 10_000,
        maxAttempts: 1,
        onRequest: (event) => events[i]?.push(event),
      }),
  );
  const deadline = Date.now() + 3 * WINDOW_MS;
  await Promise.all(
    clients.flatMap((client) =>
      Array.from({ length: IN_FLIGHT }, async () => {
        while (Date.now() < deadline) await client.getAccountDnsSettings({ accountId: ACME });
      }),
    ),
  );
  const all = events.flat();
  const reserve = QUOTA * 0.1;
  expect({
    tooMany: all.filter((e) => e.status === 429).length,
    failures: all.filter((e) => e.outcome !== "ok").length,
    // Both clients saw the shared budget fall to its last 10 %: they did press against it.
    pressed: events.map((list) => list.some((e) => (e.rateLimitRemaining ?? Infinity) <= reserve)),
    // Every answer carried the policy of one user's budget.
    policies: [...new Set(all.map((e) => `${e.rateLimit?.quota}/${e.rateLimit?.windowSeconds}`))],
  }).toEqual({
    tooMany: 0,
    failures: 0,
    pressed: [true, true],
    policies: [`${QUOTA}/${RateLimits.WINDOW_SECONDS / TIME_SCALE}`],
  });
}, 30_000);
