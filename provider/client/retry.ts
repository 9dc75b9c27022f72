/**
 * When to retry a failed attempt and how long to wait. We retry ourselves (the SDK runs with
 * `maxRetries: 0`) so every attempt goes through our pacer and a `Retry-After` is honoured
 * exactly, whatever its size, instead of the SDK's two retries.
 */
import { optionError, type CloudflareApiError } from "./errors";

export interface RetryPolicy {
  /** Attempts per call, the first included; 1 disables retries. @default 5 */
  maxAttempts: number;
  /** Backoff before the first retry, before jitter. @default 500 */
  baseDelayMs: number;
  /** Ceiling of the exponential backoff, before jitter. @default 30000 */
  maxDelayMs: number;
  /**
   * Longest `Retry-After` the client will sit out; a longer one fails the call at once rather than
   * hang a deployment. Cloudflare's lockout is 300 s. @default 600
   */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterSeconds: 600,
};

/** Fill in and check a partial policy; refuses nonsense with the option's name. */
export function resolveRetryPolicy(given: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy: RetryPolicy = {
    maxAttempts: given.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMs: given.baseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: given.maxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    maxRetryAfterSeconds: given.maxRetryAfterSeconds ?? DEFAULT_RETRY_POLICY.maxRetryAfterSeconds,
  };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw optionError("maxAttempts", policy.maxAttempts, "a whole number of at least 1", 5);
  }
  if (!Number.isFinite(policy.baseDelayMs) || policy.baseDelayMs < 0) {
    throw optionError("baseDelayMs", policy.baseDelayMs, "a number of milliseconds >= 0", 500);
  }
  if (!Number.isFinite(policy.maxDelayMs) || policy.maxDelayMs < policy.baseDelayMs) {
    throw optionError("maxDelayMs", policy.maxDelayMs, "a number of milliseconds >= baseDelayMs", 30_000);
  }
  if (!Number.isFinite(policy.maxRetryAfterSeconds) || policy.maxRetryAfterSeconds < 0) {
    throw optionError("maxRetryAfterSeconds", policy.maxRetryAfterSeconds, "a number of seconds >= 0", 600);
  }
  return policy;
}

/**
 * Backoff before retry number `retry` (1 for the first retry): the exponential delay
 * `baseDelayMs * 2^(retry-1)` capped at `maxDelayMs`, then "equal jitter": half of it fixed, the
 * other half scaled by `random()` in [0, 1). The result lies in [delay/2, delay). The fixed half
 * keeps a floor under the wait; the random half spreads out clients that failed together.
 */
export function computeBackoffMs(retry: number, policy: RetryPolicy, random: () => number): number {
  const exponential = policy.baseDelayMs * 2 ** Math.max(0, retry - 1);
  const capped = Math.min(policy.maxDelayMs, exponential);
  const r = Math.min(Math.max(random(), 0), 1);
  return capped / 2 + (capped / 2) * r;
}

/** How one failed attempt bears on the next. */
export interface FailureAssessment {
  /** Another attempt may succeed. */
  retryable: boolean;
  /**
   * The request may have been carried out although we saw a failure (lost connection, timeout,
   * 5xx): before repeating a non-idempotent request the caller must check the current state.
   */
  uncertain: boolean;
}

/** Statuses worth another attempt: request timeout, rate limit, and server-side failures. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Classify a failed attempt. Other 4xx mean the request itself is wrong: repeating it cannot help. */
export function assessFailure(err: CloudflareApiError, connectionRefused: boolean): FailureAssessment {
  switch (err.kind) {
    case "timeout":
      return { retryable: true, uncertain: true };
    case "connection":
      // A refused connection never carried the request; any other break may have come after it.
      return { retryable: true, uncertain: !connectionRefused };
    case "invalid_response":
      return { retryable: false, uncertain: false };
    case "http": {
      const status = err.status ?? 0;
      // 429 is answered before the request is processed; 5xx may come after it was.
      return { retryable: isRetryableStatus(status), uncertain: status >= 500 };
    }
  }
}

/**
 * Parse a `Retry-After` header: delta-seconds (fractions tolerated) or an HTTP date, relative to
 * `nowMs`. Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfterSeconds(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  // An HTTP date names its day and month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowMs) / 1000));
}
