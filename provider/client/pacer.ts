/**
 * Client-side pacing: a token bucket every HTTP attempt passes through, its rate adapted to the
 * budget each answer's `Ratelimit` header reports, paused as a whole by a `Retry-After`. The
 * arithmetic and its simulation are in the README beside this file ("Pacing").
 * @see ../../../shared/cloudflare-acns-api.md#envelope-errors-auth
 */
import { RateLimits } from "../core/limits";
import { optionError } from "./errors";
import type { RateLimitState } from "./rate-limit-headers";

/** Milliseconds since an arbitrary origin; `Date.now` in production, a fake clock in tests. */
export type Clock = () => number;
/** Wait `ms` milliseconds; `setTimeout` in production, a recorder that advances a fake clock in tests. */
export type Sleep = (ms: number) => Promise<void>;

/** The pace that exactly fills Cloudflare's budget: 1200 requests / 300 s = 4 per second. */
export const DEFAULT_REQUESTS_PER_SECOND = RateLimits.REQUESTS_PER_WINDOW / RateLimits.WINDOW_SECONDS;
/**
 * Requests that may go back to back after an idle spell. Each unit of burst lets one more request
 * into a 300 s window than the rate alone, so the default keeps strict spacing.
 */
export const DEFAULT_BURST = 1;

/** Quota share kept for requests in flight elsewhere; at this little left the pacer only probes. */
export const RATE_LIMIT_RESERVE_FRACTION = 0.03;
/** Quota share below which the pace falls linearly, to nothing at the reserve (README "Pacing"). */
export const RATE_LIMIT_BRAKE_FRACTION = 0.08;
/** The slowest pace while the budget is at the reserve: one request per this many ms, to learn when it recovers. */
export const RATE_LIMIT_PROBE_INTERVAL_MS = 5000;
/** Requests sent longer ago than this no longer count as in flight (the default timeout is 30 s). */
const IN_FLIGHT_HORIZON_MS = 60_000;
/** Longest single pacing sleep, so a better budget reported meanwhile is used soon. */
const MAX_PACING_SLEEP_MS = 1000;

export interface PacerOptions {
  /** The ceiling of the pace. @default 4 ({@link DEFAULT_REQUESTS_PER_SECOND}) */
  requestsPerSecond?: number | undefined;
  /** Bucket size. @default 1 ({@link DEFAULT_BURST}) */
  burst?: number | undefined;
  /**
   * Adapt the pace to the budget answers report ({@link TokenBucketPacer.observe}); false keeps
   * the fixed configured pace. @default true
   */
  adaptive?: boolean | undefined;
  /** @default Date.now */
  clock?: Clock | undefined;
  /** @default a setTimeout-based sleep */
  sleep?: Sleep | undefined;
}

/** Sleep with `setTimeout`; the production {@link Sleep}. */
export function sleepWithTimer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/** The budget the latest answer reported, and when. */
interface Observation {
  remaining: number;
  resetSeconds: number | undefined;
  /** When the answered request left the pacer. */
  sentAt: number;
  /** When its answer was read. */
  receivedAt: number;
}

/**
 * A token bucket with first-come-first-served waiting. Tokens refill continuously at the current
 * rate up to `burst`; each {@link acquire} takes one, waiting when none is left. The current rate is
 * `requestsPerSecond` until an answer reports the budget, then {@link rateFor} of it.
 */
export class TokenBucketPacer {
  /** The configured pace: the ceiling the adaptive pace never exceeds. */
  readonly requestsPerSecond: number;
  readonly burst: number;
  readonly adaptive: boolean;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private heldUntil = Number.NEGATIVE_INFINITY;
  private rate: number;
  private quota: number | undefined;
  private windowSeconds: number | undefined;
  private observation: Observation | undefined;
  // Times requests left the pacer, oldest first: those after the observed one are not in its `r`.
  private grants: number[] = [];
  // Acquisitions run one after another on this chain so that waiters are served in arrival order.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    this.requestsPerSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    this.burst = options.burst ?? DEFAULT_BURST;
    this.adaptive = options.adaptive ?? true;
    if (!Number.isFinite(this.requestsPerSecond) || this.requestsPerSecond <= 0) {
      throw optionError(
        "requestsPerSecond",
        this.requestsPerSecond,
        "a positive number",
        DEFAULT_REQUESTS_PER_SECOND,
      );
    }
    if (!Number.isInteger(this.burst) || this.burst < 1) {
      throw optionError("burst", this.burst, "a whole number of at least 1", DEFAULT_BURST);
    }
    this.rate = this.requestsPerSecond;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepWithTimer;
    this.tokens = this.burst;
    this.updatedAt = this.clock();
  }

  /** The pace in requests per second right now (the ceiling until an answer reports the budget). */
  get currentRate(): number {
    return this.rate;
  }

  /** The highest pace: `requestsPerSecond`, not the policy's `q/w` (see README "Pacing"). */
  get ceiling(): number {
    return this.requestsPerSecond;
  }

  /** Wait for a token and take it. Resolves with the milliseconds spent waiting. */
  acquire(): Promise<number> {
    const turn = this.queue.then(() => this.take());
    // A rejected take (a throwing sleep) must not wedge everyone queued behind it.
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /**
   * Hold every acquisition until `untilMs` (a `Retry-After`). Afterwards one request may go at
   * once and the rest follow at the configured pace, not as a burst into a server that just
   * refused us. An earlier deadline than the current one is ignored.
   */
  pauseUntil(untilMs: number): void {
    if (untilMs <= this.pausedUntil) return;
    this.pausedUntil = untilMs;
    this.tokens = 1;
    this.updatedAt = Math.max(this.updatedAt, untilMs);
  }

  /**
   * Take in the budget an answer reported (`Ratelimit`/`Ratelimit-Policy`, parsed by
   * `readRateLimitHeaders`) for the request that left the pacer at `sentAtMs`. An answer to a
   * request sent before the one last observed is older news and only its policy is used. Nothing
   * changes when `state` is undefined (no headers) or the pacer is not adaptive.
   */
  observe(state: RateLimitState | undefined, sentAtMs: number): void {
    if (!this.adaptive || state === undefined) return;
    const now = this.clock();
    this.refill(now);
    if (state.quota !== undefined && state.windowSeconds !== undefined) {
      this.quota = state.quota;
      this.windowSeconds = state.windowSeconds;
    }
    const fresher = this.observation === undefined || sentAtMs >= this.observation.sentAt;
    if (state.remaining !== undefined && fresher) {
      this.observation = {
        remaining: state.remaining,
        resetSeconds: state.resetSeconds,
        sentAt: sentAtMs,
        receivedAt: now,
      };
      // Grants before this request's are counted in `remaining` already (or soon will be).
      let drop = 0;
      while (drop < this.grants.length && (this.grants[drop] ?? 0) <= sentAtMs) drop++;
      if (drop > 0) this.grants.splice(0, drop);
    }
    this.recompute(now);
  }

  /**
   * The pace for a budget of `left` requests (the reported `r` less our own requests sent since),
   * `resetInSeconds` before it resets (undefined when not reported or already past); README
   * "Pacing" gives the formula and why. At or below the reserve before the reset, {@link acquire}
   * holds until the reset instead.
   */
  rateFor(left: number, resetInSeconds: number | undefined): number {
    const ceiling = this.ceiling;
    const quota = this.quota ?? RateLimits.REQUESTS_PER_WINDOW;
    const reserve = quota * RATE_LIMIT_RESERVE_FRACTION;
    const brake = quota * RATE_LIMIT_BRAKE_FRACTION;
    // Probing slows further as the reserve runs out: every sharer probes, so probes add up.
    const depletion = Math.min(1, Math.max(0.1, left / reserve));
    const probe = Math.min(ceiling, (1000 / RATE_LIMIT_PROBE_INTERVAL_MS) * depletion);
    const rate = ceiling * Math.min(1, Math.max(0, (left - reserve) / (brake - reserve)));
    // Before the reset, zero means "hold until it", which acquire does; keep the bucket arithmetic finite.
    if (resetInSeconds !== undefined && resetInSeconds > 0) return rate > 0 ? rate : probe;
    return Math.max(rate, probe);
  }

  private recompute(now: number): void {
    const obs = this.observation;
    const windowMs = (this.windowSeconds ?? RateLimits.WINDOW_SECONDS) * 1000;
    if (obs === undefined || now - obs.receivedAt > windowMs) {
      // Nothing reported, or a report older than a window: the configured pace (or the policy's).
      this.observation = undefined;
      this.rate = this.ceiling;
      this.heldUntil = Number.NEGATIVE_INFINITY;
      return;
    }
    const left = obs.remaining - this.grants.length;
    const resetAt = obs.resetSeconds === undefined ? undefined : obs.receivedAt + obs.resetSeconds * 1000;
    const resetIn = resetAt === undefined || resetAt <= now ? undefined : (resetAt - now) / 1000;
    this.rate = this.rateFor(left, resetIn);
    const reserve = (this.quota ?? RateLimits.REQUESTS_PER_WINDOW) * RATE_LIMIT_RESERVE_FRACTION;
    // Down to the reserve: wait for the reset the server announced rather than eat into it.
    this.heldUntil =
      resetAt !== undefined && resetIn !== undefined && left <= reserve ? resetAt : Number.NEGATIVE_INFINITY;
  }

  private async take(): Promise<number> {
    const started = this.clock();
    for (;;) {
      const now = this.clock();
      const until = Math.max(this.pausedUntil, this.heldUntil);
      if (now < until) {
        await this.sleep(until - now);
        this.refill(this.clock());
        this.recompute(this.clock());
        continue;
      }
      this.refill(now);
      this.recompute(now);
      // The tolerance absorbs float error so a wait computed to the token never ends a hair short.
      if (this.tokens >= 1 - 1e-9) {
        this.tokens = Math.max(0, this.tokens - 1);
        if (this.adaptive) {
          this.grants.push(now);
          // A request whose answer has not come within a minute has timed out: no longer in flight.
          while ((this.grants[0] ?? now) < now - IN_FLIGHT_HORIZON_MS) this.grants.shift();
          this.recompute(now);
        }
        return this.clock() - started;
      }
      // At least 1 ms: a shorter wait can be lost in a millisecond clock's rounding (at 1.7e12 ms a
      // double cannot add 0.0001), and the loop would then spin without time passing.
      await this.sleep(Math.max(1, Math.min(MAX_PACING_SLEEP_MS, ((1 - this.tokens) * 1000) / this.rate)));
    }
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    // A slowed pace keeps no burst: it must not save up what it was told not to spend.
    const cap = this.rate < this.requestsPerSecond ? 1 : this.burst;
    this.tokens = Math.min(cap, this.tokens + ((now - this.updatedAt) * this.rate) / 1000);
    this.updatedAt = now;
  }
}

/**
 * Process-wide pacers, one per base URL, credential and pace. A Pulumi dynamic provider builds a
 * client per resource operation in one process; sharing the bucket is what keeps their sum under
 * the budget. Keyed by a hash so no credential is kept as a map key.
 */
const sharedPacers = new Map<string, TokenBucketPacer>();

/** The process-wide pacer for `key` (callers hash credentials into it), created on first use. */
export function getSharedPacer(key: string, options: PacerOptions): TokenBucketPacer {
  let pacer = sharedPacers.get(key);
  if (pacer === undefined) {
    pacer = new TokenBucketPacer(options);
    sharedPacers.set(key, pacer);
  }
  return pacer;
}
