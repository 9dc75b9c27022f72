import {
  CloudflareApiError,
  DEFAULT_RETRY_POLICY,
  assessFailure,
  computeBackoffMs,
  isCloudflareClientError,
  parseRetryAfterSeconds,
  resolveRetryPolicy,
  type CloudflareApiErrorKind,
} from "../../provider/client";

const policy = { maxAttempts: 8, baseDelayMs: 500, maxDelayMs: 4000, maxRetryAfterSeconds: 600 };

describe("computeBackoffMs", () => {
  it("doubles from baseDelayMs and stops at maxDelayMs (random = 1 gives the full delay)", () => {
    const delays = [1, 2, 3, 4, 5, 6, 7].map((retry) => computeBackoffMs(retry, policy, () => 1));
    expect(delays).toEqual([500, 1000, 2000, 4000, 4000, 4000, 4000]);
  });

  it("keeps half of the delay fixed (random = 0 gives the floor)", () => {
    const delays = [1, 2, 3, 4, 5].map((retry) => computeBackoffMs(retry, policy, () => 0));
    expect(delays).toEqual([250, 500, 1000, 2000, 2000]);
  });

  it("scales the other half by random()", () => {
    expect(computeBackoffMs(2, policy, () => 0.5)).toBe(750);
    expect(computeBackoffMs(3, policy, () => 0.25)).toBe(1250);
  });

  it("stays within [delay/2, delay] for random values out of range", () => {
    expect(computeBackoffMs(1, policy, () => -3)).toBe(250);
    expect(computeBackoffMs(1, policy, () => 7)).toBe(500);
  });

  it("does not overflow for very late retries", () => {
    expect(computeBackoffMs(5000, policy, () => 1)).toBe(4000);
  });
});

describe("parseRetryAfterSeconds", () => {
  const now = Date.parse("2025-01-01T00:00:00Z");

  it.each([
    ["7", 7],
    ["0", 0],
    [" 300 ", 300],
    ["1.5", 1.5],
    ["Wed, 01 Jan 2025 00:00:30 GMT", 30],
    ["Tue, 31 Dec 2024 23:59:00 GMT", 0],
  ])("reads %j as %d s", (header, seconds) => {
    expect(parseRetryAfterSeconds(header, now)).toBe(seconds);
  });

  it.each([[null], [undefined], [""], ["soon"], ["-5"]])("ignores %j", (header) => {
    expect(parseRetryAfterSeconds(header, now)).toBeUndefined();
  });
});

describe("resolveRetryPolicy", () => {
  it("fills in the defaults", () => {
    expect(resolveRetryPolicy({})).toEqual({
      maxAttempts: 5,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterSeconds: 600,
    });
    expect(DEFAULT_RETRY_POLICY.maxAttempts).toBe(5);
  });

  it.each([
    [
      { maxAttempts: 0 },
      "maxAttempts",
      "maxAttempts must be a whole number of at least 1, got 0; use e.g. 5",
    ],
    [
      { maxAttempts: 2.5 },
      "maxAttempts",
      "maxAttempts must be a whole number of at least 1, got 2.5; use e.g. 5",
    ],
    [
      { baseDelayMs: -1 },
      "baseDelayMs",
      "baseDelayMs must be a number of milliseconds >= 0, got -1; use e.g. 500",
    ],
    [
      { baseDelayMs: 1000, maxDelayMs: 10 },
      "maxDelayMs",
      "maxDelayMs must be a number of milliseconds >= baseDelayMs, got 10; use e.g. 30000",
    ],
    [
      { maxRetryAfterSeconds: Number.NaN },
      "maxRetryAfterSeconds",
      "maxRetryAfterSeconds must be a number of seconds >= 0, got NaN; use e.g. 600",
    ],
  ])("refuses %j", (given, field, message) => {
    let caught: unknown;
    try {
      resolveRetryPolicy(given);
    } catch (err) {
      caught = err;
    }
    expect(isCloudflareClientError(caught) && caught.field).toBe(field);
    expect((caught as Error).message).toBe(message);
  });
});

describe("assessFailure", () => {
  function apiError(kind: CloudflareApiErrorKind, status?: number): CloudflareApiError {
    return new CloudflareApiError({
      kind,
      status,
      action: "a",
      operation: "o",
      method: "GET",
      path: "/p",
      attempts: 1,
    });
  }

  it.each([
    [400, false, false],
    [401, false, false],
    [403, false, false],
    [404, false, false],
    [409, false, false],
    [422, false, false],
    [408, true, false],
    [429, true, false],
    [500, true, true],
    [502, true, true],
    [503, true, true],
    [504, true, true],
  ])("HTTP %d: retryable %s, uncertain %s", (status, retryable, uncertain) => {
    expect(assessFailure(apiError("http", status), false)).toEqual({ retryable, uncertain });
  });

  it("retries timeouts and broken connections, and treats both as possibly committed", () => {
    expect(assessFailure(apiError("timeout"), false)).toEqual({ retryable: true, uncertain: true });
    expect(assessFailure(apiError("connection"), false)).toEqual({ retryable: true, uncertain: true });
  });

  it("knows a refused connection never carried the request", () => {
    expect(assessFailure(apiError("connection"), true)).toEqual({ retryable: true, uncertain: false });
  });

  it("does not retry a malformed answer", () => {
    expect(assessFailure(apiError("invalid_response", 200), false)).toEqual({
      retryable: false,
      uncertain: false,
    });
  });
});
