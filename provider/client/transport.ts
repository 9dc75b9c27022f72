/**
 * The one place a request is sent and its answer unwrapped: pace, send through the official SDK,
 * map its errors to {@link CloudflareApiError}, unwrap the v4 envelope with zod, count, retry.
 * The endpoint functions only describe requests for it (request-spec.ts).
 *
 * @see ../../../shared/cloudflare-acns-api.md#envelope-errors-auth
 */
import { APIConnectionError, APIError, type Cloudflare } from "cloudflare";
import { z } from "zod";
import { Envelope, ResponseInfo } from "../core/cloudflare";
import { parseValidItems } from "../core/zod-issues";
import { CloudflareApiError, redactSecrets, type CloudflareApiErrorFields } from "./errors";
import type { Clock, Sleep, TokenBucketPacer } from "./pacer";
import { readRateLimitHeaders } from "./rate-limit-headers";
import type { ClientStats, Reconciled, RequestEvent, RequestOutcome, RequestSpec } from "./request-spec";
import { assessFailure, computeBackoffMs, parseRetryAfterSeconds, type RetryPolicy } from "./retry";

export interface TransportOptions {
  sdk: Cloudflare;
  pacer: TokenBucketPacer;
  policy: RetryPolicy;
  timeoutMs: number;
  clock: Clock;
  sleep: Sleep;
  random: () => number;
  /** Credentials to scrub from anything that reaches a message. */
  secrets: readonly string[];
  onRequest?: ((event: RequestEvent) => void) | undefined;
}

/** Runs {@link RequestSpec}s; one per client. */
export class Transport {
  // ES private fields: JSON.stringify, util.inspect and closure serializers do not see them, so
  // the SDK instance (which holds the credentials) cannot leak through a dump of the client.
  readonly #options: TransportOptions;
  #counters: ClientStats = emptyStats();

  constructor(options: TransportOptions) {
    this.#options = options;
  }

  /** A copy of the counters. */
  stats(): ClientStats {
    return {
      ...this.#counters,
      byRoute: { ...this.#counters.byRoute },
      byOperation: { ...this.#counters.byOperation },
    };
  }

  resetStats(): void {
    this.#counters = emptyStats();
  }

  /** Send `spec` with pacing and retries; resolves with the parsed result or throws {@link CloudflareApiError}. */
  async execute<T>(spec: RequestSpec<T>): Promise<T> {
    const { policy, clock, pacer } = this.#options;
    let uncertain = false;
    // After an attempt whose effect is unknown, the current state may show the call's intent met.
    const look = async (tolerant: boolean): Promise<Reconciled<T>> => {
      if (!uncertain || spec.reconcile === undefined) return { settled: false };
      return tolerant ? spec.reconcile().catch(() => ({ settled: false })) : spec.reconcile();
    };
    for (let attempt = 1; ; attempt++) {
      const before = attempt > 1 ? await look(false) : { settled: false as const };
      if (before.settled) return before.value;
      let failure: CloudflareApiError;
      let refused = false;
      try {
        return await this.attempt(spec, attempt);
      } catch (err) {
        if (!(err instanceof AttemptFailure)) throw err;
        failure = err.error;
        refused = err.connectionRefused;
      }
      const assessment = assessFailure(failure, refused);
      if (!assessment.retryable) {
        // An earlier attempt may have done the work, so this refusal ("already exists",
        // "not found") can be the echo of our own success: look before failing.
        const after = isRefusalOfTheRequest(failure) ? await look(true) : { settled: false as const };
        if (after.settled) return after.value;
        throw failure;
      }
      uncertain ||= assessment.uncertain;
      const retryAfter = failure.retryAfterSeconds;
      if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterSeconds) throw failure;
      if (retryAfter !== undefined) {
        // Pause the shared bucket rather than sleeping here, so concurrent calls hold off too.
        pacer.pauseUntil(clock() + retryAfter * 1000);
      }
      if (attempt >= policy.maxAttempts) {
        // Out of attempts, but one of them may have gone through: a last look decides.
        const last = await look(true);
        if (last.settled) return last.value;
        throw failure;
      }
      if (retryAfter === undefined) {
        const backoff = computeBackoffMs(attempt, policy, this.#options.random);
        this.#counters.backoffWaitMs += backoff;
        await this.#options.sleep(backoff);
      }
    }
  }

  private async attempt<T>(spec: RequestSpec<T>, attempt: number): Promise<T> {
    const { clock, sdk } = this.#options;
    const pacingWaitMs = await this.#options.pacer.acquire();
    const started = clock();
    const report = (
      outcome: RequestOutcome,
      status: number | undefined,
      headers: Headers | undefined,
    ): void => {
      const c = this.#counters;
      const route = `${spec.method} ${spec.route}`;
      c.requests += 1;
      c.byRoute[route] = (c.byRoute[route] ?? 0) + 1;
      c.byOperation[spec.operation] = (c.byOperation[spec.operation] ?? 0) + 1;
      c.pacingWaitMs += pacingWaitMs;
      if (attempt > 1) c.retries += 1;
      if (outcome !== "ok") c.failures += 1;
      if (status === 429) c.rateLimited += 1;
      // Every answer, refusals and 429s included, tells the pacer what is left of the budget.
      const rateLimit = readRateLimitHeaders(headers);
      this.#options.pacer.observe(rateLimit, started);
      this.#options.onRequest?.({
        operation: spec.operation,
        method: spec.method,
        route: spec.route,
        path: spec.path,
        attempt,
        outcome,
        status,
        durationMs: clock() - started,
        pacingWaitMs,
        rateLimitRemaining: rateLimit?.remaining,
        rateLimit,
      });
    };
    const fail = (
      outcome: RequestOutcome,
      fields: Omit<CloudflareApiErrorFields, "action" | "operation" | "method" | "path" | "attempts">,
      headers: Headers | undefined,
      connectionRefused = false,
    ): AttemptFailure => {
      report(outcome, fields.status, headers);
      const error = new CloudflareApiError({
        ...fields,
        action: spec.action,
        operation: spec.operation,
        method: spec.method,
        path: spec.path,
        attempts: attempt,
        detail: fields.detail === undefined ? undefined : this.redact(fields.detail),
        errors: fields.errors?.map((e) => ({ ...e, message: this.redact(e.message) })),
      });
      return new AttemptFailure(error, connectionRefused);
    };

    // Our own timer rather than the SDK's: under a test runner's separate realm the SDK cannot
    // always tell its abort from a broken connection, and ours also covers reading the body.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.#options.timeoutMs);
    const timeoutFailure = (): AttemptFailure =>
      fail("timeout", { kind: "timeout", detail: `within ${this.#options.timeoutMs} ms` }, undefined);

    let response: Response;
    let text: string;
    try {
      try {
        response = await spec.send(sdk, { signal: controller.signal }).asResponse();
      } catch (err) {
        if (timedOut) throw timeoutFailure();
        if (err instanceof APIConnectionError) {
          const reason = describeConnectionFailure(err);
          throw fail(
            "connection_error",
            { kind: "connection", detail: reason.text },
            undefined,
            reason.refused,
          );
        }
        if (!(err instanceof APIError) || err.status === undefined) throw err;
        const status = err.status;
        // The well-formed entries of the answer's errors: a malformed one must not hide the others.
        const errors = parseValidItems(ResponseInfo, err.errors);
        throw fail(
          "http_error",
          {
            kind: "http",
            status,
            errors,
            retryAfterSeconds: parseRetryAfterSeconds(err.headers?.get("retry-after"), clock()),
            detail: errors.length === 0 ? describeNonEnvelopeBody(err.message, status) : undefined,
          },
          err.headers,
        );
      }
      try {
        text = await response.text();
      } catch (err) {
        if (timedOut) throw timeoutFailure();
        // The answer was cut off after its status line: the change may well have been made.
        const reason = describeConnectionFailure(err);
        throw fail(
          "connection_error",
          { kind: "connection", status: response.status, detail: reason.text },
          response.headers,
        );
      }
    } finally {
      clearTimeout(timer);
    }

    const status = response.status;
    let value: T;
    try {
      const envelope = Envelope.parse(JSON.parse(text));
      if (!envelope.success) {
        throw fail("http_error", { kind: "http", status, errors: envelope.errors }, response.headers);
      }
      value = spec.parse(envelope);
    } catch (err) {
      // A body that is not JSON, not an envelope, or not the result's shape.
      if (!(err instanceof SyntaxError || err instanceof z.ZodError)) throw err;
      throw fail(
        "invalid_response",
        { kind: "invalid_response", status, detail: describeParseFailure(err) },
        response.headers,
      );
    }
    report("ok", status, response.headers);
    return value;
  }

  private redact(text: string): string {
    return redactSecrets(text, this.#options.secrets);
  }
}

/** Internal carrier so {@link Transport.execute} knows whether a connection was refused outright. */
class AttemptFailure extends Error {
  constructor(
    readonly error: CloudflareApiError,
    readonly connectionRefused: boolean,
  ) {
    super(error.message);
  }
}

function emptyStats(): ClientStats {
  return {
    requests: 0,
    retries: 0,
    failures: 0,
    rateLimited: 0,
    pacingWaitMs: 0,
    backoffWaitMs: 0,
    byRoute: {},
    byOperation: {},
  };
}

/** A 4xx that refuses the request itself (not auth, not rate limiting): "exists", "not found", "invalid". */
function isRefusalOfTheRequest(err: CloudflareApiError): boolean {
  const status = err.status ?? 0;
  return err.kind === "http" && status >= 400 && status < 500 && ![401, 403, 408, 429].includes(status);
}

/** For error answers that are not a v4 envelope (an HTML 502 from a proxy): a short excerpt. */
function describeNonEnvelopeBody(sdkMessage: string, status: number): string | undefined {
  const body = sdkMessage.startsWith(`${status} `) ? sdkMessage.slice(`${status} `.length) : sdkMessage;
  const oneLine = body.replace(/\s+/g, " ").trim();
  if (oneLine === "" || oneLine === "status code (no body)") return undefined;
  return `body ${JSON.stringify(oneLine.length > 120 ? `${oneLine.slice(0, 120)}…` : oneLine)}`;
}

function describeParseFailure(err: unknown): string {
  if (err instanceof z.ZodError) {
    const shown = err.issues
      .slice(0, 3)
      .map((i) => `${i.path.length === 0 ? "(root)" : i.path.join(".")}: ${i.message}`);
    const more = err.issues.length > 3 ? `, and ${err.issues.length - 3} more` : "";
    return `${shown.join(", ")}${more}`;
  }
  if (err instanceof SyntaxError) return "body is not JSON";
  return err instanceof Error ? err.message : String(err);
}

/**
 * Walk an error's `cause` chain for the socket-level code (ECONNRESET, ECONNREFUSED,
 * UND_ERR_SOCKET). Duck-typed: errors from fetch may come from another realm than ours.
 */
function describeConnectionFailure(err: unknown): { text: string; refused: boolean } {
  const codes: string[] = [];
  const messages: string[] = [];
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === "object" && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (typeof code === "string") codes.push(code);
    if (typeof message === "string" && message !== "" && message !== "Connection error.")
      messages.push(message);
    current = cause;
  }
  const code = codes[codes.length - 1];
  const message = messages[messages.length - 1] ?? "connection error";
  return {
    text: code === undefined ? message : `${code}: ${message}`,
    refused: codes.includes("ECONNREFUSED"),
  };
}
