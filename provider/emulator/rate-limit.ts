/**
 * Cloudflare's per-user API rate limit: a budget of requests per sliding window, and once it is
 * exceeded every call is refused for a lockout period. Runs on the emulator's clock; the seconds it
 * reports are real seconds (emulated seconds divided by the clock's scale), so a client that
 * honours Retry-After waits the right real time under a compressed clock.
 *
 * @see https://developers.cloudflare.com/fundamentals/api/reference/limits/
 */
import { RateLimits } from "../core/limits";
import type { Clock } from "./clock";

/** The budget. */
export interface RateLimitOptions {
  /** Requests per window; `Infinity` turns the limit off. @default 1200 */
  requests?: number;
  /** Window length in emulated seconds. @default 300 */
  windowSeconds?: number;
  /** How long calls stay refused once over the budget, in emulated seconds. @default 300 */
  lockoutSeconds?: number;
}

/** The outcome for one request, with what the rate-limit headers should say. */
export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Real seconds until the budget recovers (the oldest counted request leaves the window, or the lockout ends). */
  resetSeconds: number;
  /** Real seconds to wait; set when refused. */
  retryAfterSeconds?: number;
}

interface PrincipalState {
  /** Emulated ms of the requests still in the window, oldest first. */
  times: number[];
  lockedUntil: number;
}

/** A per-principal sliding-window limiter with a lockout. */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  private readonly clock: Clock;
  private readonly principals = new Map<string, PrincipalState>();

  constructor(options: RateLimitOptions, clock: Clock) {
    this.limit = options.requests ?? RateLimits.REQUESTS_PER_WINDOW;
    this.windowMs = (options.windowSeconds ?? RateLimits.WINDOW_SECONDS) * 1000;
    this.lockoutMs = (options.lockoutSeconds ?? RateLimits.LOCKOUT_SECONDS) * 1000;
    for (const [name, value] of [
      ["requests", this.limit],
      ["windowSeconds", this.windowMs],
      ["lockoutSeconds", this.lockoutMs],
    ] as const) {
      if (!(value > 0)) throw new RangeError(`rateLimit.${name} must be positive, got ${value}`);
    }
    this.clock = clock;
  }

  private toRealSeconds(emulatedMs: number): number {
    return Math.max(0, Math.ceil(emulatedMs / 1000 / this.clock.scale));
  }

  /** Counts one request of `principal` and says whether it may proceed. */
  take(principal: string): RateDecision {
    if (this.limit === Infinity)
      return { allowed: true, limit: this.limit, remaining: this.limit, resetSeconds: 0 };
    const now = this.clock.now();
    let state = this.principals.get(principal);
    if (state === undefined) {
      state = { times: [], lockedUntil: 0 };
      this.principals.set(principal, state);
    }
    if (state.lockedUntil > now) return this.refuse(state, now);
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < state.times.length && (state.times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) state.times.splice(0, drop);
    if (state.times.length >= this.limit) {
      // The lockout starts afresh: the requests that led to it are forgiven once it ends.
      state.lockedUntil = now + this.lockoutMs;
      state.times = [];
      return this.refuse(state, now);
    }
    state.times.push(now);
    const oldest = state.times[0] ?? now;
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - state.times.length,
      resetSeconds: this.toRealSeconds(oldest + this.windowMs - now),
    };
  }

  private refuse(state: PrincipalState, now: number): RateDecision {
    const wait = this.toRealSeconds(state.lockedUntil - now);
    return { allowed: false, limit: this.limit, remaining: 0, resetSeconds: wait, retryAfterSeconds: wait };
  }

  /** Forgets every count and lockout. */
  reset(): void {
    this.principals.clear();
  }
}
