/**
 * Client-side pacing: a token bucket every HTTP attempt passes through (retries and verification
 * reads included), so a large apply stays under Cloudflare's 1200 requests per 300 s and never
 * earns the 5-minute lockout. A `Retry-After` from the server pauses the whole bucket, so
 * concurrent calls sharing it wait too instead of each collecting its own 429.
 *
 * @see ../../../shared/cloudflare-acns-api.md#envelope-errors-auth
 */
import { RateLimits } from "../core/limits";
import { CloudflareClientError } from "./errors";

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

export interface PacerOptions {
  /** @default 4 ({@link DEFAULT_REQUESTS_PER_SECOND}) */
  requestsPerSecond?: number | undefined;
  /** Bucket size. @default 1 ({@link DEFAULT_BURST}) */
  burst?: number | undefined;
  /** @default Date.now */
  clock?: Clock | undefined;
  /** @default a setTimeout-based sleep */
  sleep?: Sleep | undefined;
}

/** Sleep with `setTimeout`; the production {@link Sleep}. */
export function sleepWithTimer(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

/**
 * A token bucket with first-come-first-served waiting. Tokens refill continuously at
 * `requestsPerSecond` up to `burst`; each {@link acquire} takes one, waiting when none is left.
 */
export class TokenBucketPacer {
  readonly requestsPerSecond: number;
  readonly burst: number;
  private readonly intervalMs: number;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private tokens: number;
  private updatedAt: number;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  // Acquisitions run one after another on this chain so that waiters are served in arrival order.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: PacerOptions = {}) {
    this.requestsPerSecond = options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND;
    this.burst = options.burst ?? DEFAULT_BURST;
    if (!Number.isFinite(this.requestsPerSecond) || this.requestsPerSecond <= 0) {
      throw new CloudflareClientError(
        "option",
        "requestsPerSecond",
        `requestsPerSecond must be a positive number, got ${String(this.requestsPerSecond)}; use e.g. ${DEFAULT_REQUESTS_PER_SECOND}`,
      );
    }
    if (!Number.isInteger(this.burst) || this.burst < 1) {
      throw new CloudflareClientError(
        "option",
        "burst",
        `burst must be a whole number of at least 1, got ${String(this.burst)}; use e.g. ${DEFAULT_BURST}`,
      );
    }
    this.intervalMs = 1000 / this.requestsPerSecond;
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? sleepWithTimer;
    this.tokens = this.burst;
    this.updatedAt = this.clock();
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

  private async take(): Promise<number> {
    const started = this.clock();
    for (;;) {
      const now = this.clock();
      if (now < this.pausedUntil) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      this.refill(now);
      // The tolerance absorbs float error so a wait computed to the token never ends a hair short.
      if (this.tokens >= 1 - 1e-9) {
        this.tokens = Math.max(0, this.tokens - 1);
        return this.clock() - started;
      }
      await this.sleep((1 - this.tokens) * this.intervalMs);
    }
  }

  private refill(now: number): void {
    if (now <= this.updatedAt) return;
    this.tokens = Math.min(this.burst, this.tokens + (now - this.updatedAt) / this.intervalMs);
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
