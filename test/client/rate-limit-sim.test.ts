/**
 * Several processes of one user sharing Cloudflare's per-user budget, in simulated time: each
 * runs its own adaptive pacer at the default 4/s ceiling with 4 requests in flight; the server is
 * a sliding window of 1200 per 300 s with the 5-minute lockout and Cloudflare's headers.
 */
import { simulate } from "./rate-limit-sim";

const WINDOWS = 4;
const SECONDS = WINDOWS * 300;

describe("processes sharing one user's budget (simulated)", () => {
  it.each([1, 2, 3])(
    "%i process(es): no 429 at all, >= 90 %% of q/w in every window after the first",
    async (processes) => {
      const run = await simulate({ processes, seconds: SECONDS });
      expect(run.rateLimitedAfter(0)).toBe(0);
      for (let w = 1; w < WINDOWS; w++) {
        expect(run.fractionOfLimit(w * 300, (w + 1) * 300)).toBeGreaterThanOrEqual(0.9);
      }
      expect(run.fractionOfLimit(300, SECONDS)).toBeGreaterThanOrEqual(0.9);
      // Shares are even: no process starves another.
      expect(Math.min(...run.perProcess) / Math.max(...run.perProcess)).toBeGreaterThan(0.9);
    },
  );

  it("a second process joining mid-window: no 429, the pair converges on the budget", async () => {
    const run = await simulate({ processes: 2, seconds: SECONDS, startSeconds: [0, 150] });
    expect(run.rateLimitedAfter(0)).toBe(0);
    expect(run.fractionOfLimit(300, SECONDS)).toBeGreaterThanOrEqual(0.9);
  });

  it("3 processes against a fixed window: no 429, >= 90 % of q/w", async () => {
    const run = await simulate({ processes: 3, seconds: SECONDS, kind: "fixed" });
    expect(run.rateLimitedAfter(0)).toBe(0);
    expect(run.fractionOfLimit(300, SECONDS)).toBeGreaterThanOrEqual(0.9);
  });

  it("without headers each process keeps its fixed 4/s: 2 processes are locked out (the old failure)", async () => {
    const run = await simulate({ processes: 2, seconds: SECONDS, headers: false });
    expect(run.rateLimitedAfter(0)).toBeGreaterThan(0);
  });
});
