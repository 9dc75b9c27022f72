/**
 * What an endpoint function hands the transport: one {@link RequestSpec} per call, its route
 * template written once and its path derived from it ({@link resolveEndpoint}); and what the
 * transport reports back (events, counters).
 */
import type { Cloudflare } from "cloudflare";
import type { Envelope } from "../core/cloudflare";
import type { RateLimitState } from "./rate-limit-headers";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** What happened to one HTTP attempt. */
export type RequestOutcome = "ok" | "http_error" | "timeout" | "connection_error" | "invalid_response";

/** Reported to `onRequest` after every HTTP attempt, retries and verification reads included. */
export interface RequestEvent {
  /** Client method the attempt belongs to, e.g. `createCustomNameserver`. */
  operation: string;
  method: HttpMethod;
  /** Route template, e.g. `/accounts/{account_id}/custom_ns`. */
  route: string;
  /** Concrete path below the base URL, without the query string. */
  path: string;
  /** 1 for the first attempt of a call. */
  attempt: number;
  outcome: RequestOutcome;
  /** HTTP status when an answer arrived. */
  status: number | undefined;
  /** Milliseconds from sending to the end of the answer (or the failure). */
  durationMs: number;
  /** Milliseconds the pacer held this attempt back. */
  pacingWaitMs: number;
  /** Requests left in the user's budget (`r` of the answer's `Ratelimit` header), when present. */
  rateLimitRemaining: number | undefined;
  /** Everything the answer's `Ratelimit` and `Ratelimit-Policy` headers said, when present. */
  rateLimit: RateLimitState | undefined;
}

/** Request counts since the client was made (or {@link Transport.resetStats}). */
export interface ClientStats {
  /** HTTP attempts sent. */
  requests: number;
  /** Attempts beyond the first of their call. */
  retries: number;
  /** Attempts that failed in any way. */
  failures: number;
  /** Attempts answered 429. */
  rateLimited: number;
  /** Milliseconds spent waiting on the pacer, `Retry-After` pauses included. */
  pacingWaitMs: number;
  /** Milliseconds spent in retry backoff (not counting pacer waits). */
  backoffWaitMs: number;
  /** Attempts per `METHOD route`, e.g. `POST /accounts/{account_id}/custom_ns`. */
  byRoute: Record<string, number>;
  /** Attempts per client method. */
  byOperation: Record<string, number>;
}

/** Answer of a reconcile step: either the call's outcome is settled, or the request must be sent again. */
export type Reconciled<T> = { settled: true; value: T } | { settled: false };

/** Something the SDK hands back: an `APIPromise` or a `PagePromise`. */
export interface SdkCall {
  asResponse(): Promise<Response>;
}

/** Per-request options the transport hands to the SDK (its `RequestOptions` accepts them). */
export interface SdkRequestOptions {
  signal: AbortSignal;
}

/** One endpoint call, as the endpoint methods describe it. */
export interface RequestSpec<T> {
  operation: string;
  /** For messages: what was asked, e.g. `create custom nameserver "ns1.example.com" in account …`. */
  action: string;
  method: HttpMethod;
  /** Route template, e.g. `/zones/{zone_id}/dns_settings`. */
  route: string;
  /** The route filled in: use {@link resolveEndpoint} rather than writing it by hand. */
  path: string;
  /** Start the request through the SDK, passing `request` on as its per-request options. */
  send: (sdk: Cloudflare, request: SdkRequestOptions) => SdkCall;
  /** Turn the success envelope into the result; zod errors thrown here mean a malformed answer. */
  parse: (envelope: Envelope) => T;
  /**
   * For requests that are not idempotent by themselves (create, delete). Called before sending
   * again after an attempt whose effect is unknown, when a later attempt is refused with a 4xx, and
   * when attempts run out after such an attempt: it reads the current state and says whether the
   * call's intent is already met.
   */
  reconcile?: (() => Promise<Reconciled<T>>) | undefined;
}

/** An endpoint's method, route template and the path it names for `params` (each value URI-encoded). */
export function resolveEndpoint(
  method: HttpMethod,
  route: string,
  params: Readonly<Record<string, string>> = {},
): Pick<RequestSpec<unknown>, "method" | "route" | "path"> {
  const path = route.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`resolveEndpoint: ${route} needs ${name}`);
    return encodeURIComponent(value);
  });
  return { method, route, path };
}
