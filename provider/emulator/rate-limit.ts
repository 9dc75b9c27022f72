/**
 * Cloudflare's API rate limit: one budget of requests per window for each *user*, shared by every
 * credential of that user (API tokens, the global API key); once it is exceeded every call of the
 * user is refused for a lockout period. Runs on the emulator's clock; the seconds it reports are
 * real seconds (emulated seconds divided by the clock's scale), so a client that honours
 * `Ratelimit` and `retry-after` waits the right real time under a compressed clock.
 *
 * What is documented and what is chosen: docs/decisions/011-rate-limit.md.
 *
 * @see https://developers.cloudflare.com/fundamentals/api/reference/limits/
 */
import { RateLimits } from "../core/limits";
import type { Clock } from "./clock";
import { getOrInsert } from "./model";

/**
 * How the window moves. `sliding`: a request counts for `windowSeconds` after it was made, so no
 * stretch of `windowSeconds` holds more than `requests`. `fixed`: a window starts with a user's
 * first request after the previous one ended and the whole budget comes back when it ends.
 */
export type RateLimitWindow = "sliding" | "fixed";

/** The budget. */
export interface RateLimitOptions {
  /** Requests per window; `Infinity` turns the limit off (and its headers with it). @default 1200 */
  requests?: number;
  /** Window length in emulated seconds. @default 300 */
  windowSeconds?: number;
  /** How long every call of a user stays refused once over the budget, in emulated seconds. @default 300 */
  lockoutSeconds?: number;
  /** How the window moves (chosen: Cloudflare does not say). @default "sliding" */
  window?: RateLimitWindow;
  /** The name in `Ratelimit` and `Ratelimit-Policy` (chosen, after Cloudflare's example). @default "default" */
  policyName?: string;
}

/** The outcome for one request, with what the rate-limit headers say. */
export interface RateDecision {
  allowed: boolean;
  /** The policy's name. */
  policy: string;
  /** The quota (`q`). */
  limit: number;
  /** The window in real seconds, rounded up (`w`). */
  windowSeconds: number;
  /** Requests left (`r`); 0 when refused. */
  remaining: number;
  /**
   * Real seconds, rounded up, until more quota is available (`t`): until the oldest counted request
   * leaves a sliding window, until a fixed window ends, or until the lockout ends.
   */
  resetSeconds: number;
  /** Real seconds to wait (`retry-after`); set only when refused, equal to `resetSeconds`. */
  retryAfterSeconds?: number;
}

interface UserState {
  /** Sliding window: emulated ms of the requests still in the window, oldest first. */
  times: number[];
  /** Fixed window: emulated ms at which the current window started, or undefined when none runs. */
  windowStart: number | undefined;
  /** Fixed window: requests counted in the current window. */
  count: number;
  /** Emulated ms until which every call is refused; 0 when not locked out. */
  lockedUntil: number;
}

/** Characters a structured-field string may hold unescaped (RFC 9651 §3.3.3), minus `"` and `\`. */
const SF_STRING_SAFE = /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/;

/** A per-user limiter with a lockout; a user is any string key (see `Principal.bucket`). */
export class RateLimiter {
  readonly limit: number;
  readonly windowMs: number;
  readonly lockoutMs: number;
  readonly window: RateLimitWindow;
  readonly policyName: string;
  private readonly clock: Clock;
  private readonly users = new Map<string, UserState>();
  #lockouts = 0;

  constructor(options: RateLimitOptions, clock: Clock) {
    this.limit = options.requests ?? RateLimits.REQUESTS_PER_WINDOW;
    this.windowMs = (options.windowSeconds ?? RateLimits.WINDOW_SECONDS) * 1000;
    this.lockoutMs = (options.lockoutSeconds ?? RateLimits.LOCKOUT_SECONDS) * 1000;
    this.window = options.window ?? "sliding";
    this.policyName = options.policyName ?? RateLimits.POLICY_NAME;
    for (const [name, value] of [
      ["requests", this.limit],
      ["windowSeconds", this.windowMs],
      ["lockoutSeconds", this.lockoutMs],
    ] as const) {
      if (!(value > 0)) throw new RangeError(`rateLimit.${name} must be positive, got ${value}`);
    }
    if (this.limit !== Infinity && !Number.isInteger(this.limit))
      throw new RangeError(`rateLimit.requests must be a whole number or Infinity, got ${this.limit}`);
    if (this.window !== "sliding" && this.window !== "fixed")
      throw new RangeError(`rateLimit.window must be "sliding" or "fixed", got ${String(this.window)}`);
    if (!SF_STRING_SAFE.test(this.policyName))
      throw new RangeError(
        `rateLimit.policyName must be printable ASCII without quotes or backslashes, got ${JSON.stringify(this.policyName)}`,
      );
    this.clock = clock;
  }

  /** Lockouts started since the limiter was made or last reset (every user together). */
  get lockouts(): number {
    return this.#lockouts;
  }

  /** Whether the limit is on (it is off with `requests: Infinity`). */
  get enabled(): boolean {
    return this.limit !== Infinity;
  }

  private toRealSeconds(emulatedMs: number): number {
    return Math.max(0, Math.ceil(emulatedMs / 1000 / this.clock.scale));
  }

  /** Counts one request of `user` and says whether it may proceed. */
  take(user: string): RateDecision {
    if (!this.enabled) return this.decide(true, this.limit, 0);
    const now = this.clock.now();
    const state = getOrInsert(this.users, user, () => ({
      times: [],
      windowStart: undefined,
      count: 0,
      lockedUntil: 0,
    }));
    if (state.lockedUntil > now) return this.refuse(state, now);
    return this.window === "sliding" ? this.takeSliding(state, now) : this.takeFixed(state, now);
  }

  private takeSliding(state: UserState, now: number): RateDecision {
    const cutoff = now - this.windowMs;
    let drop = 0;
    while (drop < state.times.length && (state.times[drop] ?? 0) <= cutoff) drop++;
    if (drop > 0) state.times.splice(0, drop);
    if (state.times.length >= this.limit) return this.lockOut(state, now);
    state.times.push(now);
    const oldest = state.times[0] ?? now;
    return this.decide(true, this.limit - state.times.length, oldest + this.windowMs - now);
  }

  private takeFixed(state: UserState, now: number): RateDecision {
    if (state.windowStart === undefined || now >= state.windowStart + this.windowMs) {
      state.windowStart = now;
      state.count = 0;
    }
    if (state.count >= this.limit) return this.lockOut(state, now);
    state.count += 1;
    return this.decide(true, this.limit - state.count, state.windowStart + this.windowMs - now);
  }

  /**
   * Starts the lockout. The requests that led to it are forgiven once it ends: with Cloudflare's
   * numbers (lockout = window) they have left a sliding window by then anyway.
   */
  private lockOut(state: UserState, now: number): RateDecision {
    this.#lockouts += 1;
    state.lockedUntil = now + this.lockoutMs;
    state.times = [];
    state.windowStart = undefined;
    state.count = 0;
    return this.refuse(state, now);
  }

  private refuse(state: UserState, now: number): RateDecision {
    return this.decide(false, 0, state.lockedUntil - now);
  }

  private decide(allowed: boolean, remaining: number, untilMoreMs: number): RateDecision {
    const resetSeconds = this.toRealSeconds(untilMoreMs);
    return {
      allowed,
      policy: this.policyName,
      limit: this.limit,
      windowSeconds: this.toRealSeconds(this.windowMs),
      remaining,
      resetSeconds,
      ...(allowed ? {} : { retryAfterSeconds: resetSeconds }),
    };
  }

  /** Forgets every count and lockout. */
  reset(): void {
    this.users.clear();
    this.#lockouts = 0;
  }
}

/**
 * The headers one answer carries, in Cloudflare's structured-field syntax:
 * `Ratelimit: "default";r=<remaining>;t=<seconds>` and `Ratelimit-Policy: "default";q=<quota>;w=<window>`,
 * plus `Retry-After` on a refusal. None while the limit is off.
 */
export function formatRateLimitHeaders(decision: RateDecision): Record<string, string> {
  if (decision.limit === Infinity) return {};
  const headers: Record<string, string> = {
    Ratelimit: `"${decision.policy}";r=${decision.remaining};t=${decision.resetSeconds}`,
    "Ratelimit-Policy": `"${decision.policy}";q=${decision.limit};w=${decision.windowSeconds}`,
  };
  if (decision.retryAfterSeconds !== undefined) headers["Retry-After"] = String(decision.retryAfterSeconds);
  return headers;
}
