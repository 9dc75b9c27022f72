/**
 * The client's options and what it builds from them: the SDK instance (with the credentials), the
 * pacer (shared with like clients unless told otherwise) and the transport they go through.
 */
import { createHash } from "node:crypto";
import { Cloudflare } from "cloudflare";
import { secretsOf, type Connection, type ConnectionOptions } from "./config";
import { optionError } from "./errors";
import {
  DEFAULT_BURST,
  DEFAULT_REQUESTS_PER_SECOND,
  TokenBucketPacer,
  getSharedPacer,
  sleepWithTimer,
  type Clock,
  type Sleep,
} from "./pacer";
import type { RequestEvent } from "./request-spec";
import { resolveRetryPolicy, type RetryPolicy } from "./retry";
import { Transport } from "./transport";

/** Per-attempt timeout the client uses unless told otherwise. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** A `fetch` with the platform signature, for tests or proxies. */
export type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** Options of {@link createAcnsClient}. Every field is optional; credentials fall back to the environment. */
export interface AcnsClientOptions extends ConnectionOptions, Partial<RetryPolicy> {
  /** Client-side pace. @default 4 (Cloudflare's 1200 requests per 300 s) */
  requestsPerSecond?: number | undefined;
  /** Requests that may go back to back after an idle spell. @default 1 */
  burst?: number | undefined;
  /**
   * Share one pacer with every other client in this process that has the same base URL,
   * credentials, pace and burst (several resources applying at once). Ignored when `clock`,
   * `sleep` or `pacer` is given. @default true
   */
  sharePacing?: boolean | undefined;
  /** Use this pacer instead of building one (several clients, one budget). */
  pacer?: TokenBucketPacer | undefined;
  /** Per-attempt timeout in milliseconds. @default 30000 */
  timeoutMs?: number | undefined;
  /** Called after every HTTP attempt (benchmarks, tests, logging). Must not throw. */
  onRequest?: ((event: RequestEvent) => void) | undefined;
  /** Passed to the SDK. @default the platform's fetch */
  fetch?: Fetch | undefined;
  /** For tests: milliseconds now. @default Date.now */
  clock?: Clock | undefined;
  /** For tests: wait for pacing and backoff. @default setTimeout */
  sleep?: Sleep | undefined;
  /** For tests: jitter source in [0, 1). @default Math.random */
  random?: (() => number) | undefined;
}

/** The transport and pacer a client with these options and connection sends through; checks the options first. */
export function createTransport(
  options: AcnsClientOptions,
  connection: Connection,
): [Transport, TokenBucketPacer] {
  const policy = resolveRetryPolicy(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw optionError(
      "timeoutMs",
      timeoutMs,
      "a whole number of milliseconds of at least 1",
      DEFAULT_TIMEOUT_MS,
    );
  }
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? sleepWithTimer;
  const creds = connection.credentials;
  const sdk = new Cloudflare({
    baseURL: connection.baseUrl,
    // Explicit nulls stop the SDK from topping up from the environment on its own.
    apiToken: creds.kind === "token" ? creds.apiToken : null,
    apiKey: creds.kind === "key" ? creds.apiKey : null,
    apiEmail: creds.kind === "key" ? creds.email : null,
    userServiceKey: null,
    maxRetries: 0,
    // Only a backstop: the transport aborts at timeoutMs itself (see Transport.attempt).
    timeout: timeoutMs + 1000,
    // Our errors report what matters; the SDK's own log lines would only duplicate them.
    logLevel: "off",
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
  });
  const pacer = choosePacer(options, connection, clock, sleep);
  const transport = new Transport({
    sdk,
    pacer,
    policy,
    timeoutMs,
    clock,
    sleep,
    random: options.random ?? Math.random,
    secrets: secretsOf(creds),
    onRequest: options.onRequest,
  });
  return [transport, pacer];
}

function choosePacer(
  options: AcnsClientOptions,
  connection: Connection,
  clock: Clock,
  sleep: Sleep,
): TokenBucketPacer {
  if (options.pacer !== undefined) return options.pacer;
  const pacerOptions = {
    requestsPerSecond: options.requestsPerSecond ?? DEFAULT_REQUESTS_PER_SECOND,
    burst: options.burst ?? DEFAULT_BURST,
    clock,
    sleep,
  };
  const injected = options.clock !== undefined || options.sleep !== undefined;
  if (options.sharePacing === false || injected) return new TokenBucketPacer(pacerOptions);
  const identity = createHash("sha256").update(JSON.stringify(connection.credentials)).digest("hex");
  const key = [connection.baseUrl, identity, pacerOptions.requestsPerSecond, pacerOptions.burst].join("\n");
  return getSharedPacer(key, pacerOptions);
}
