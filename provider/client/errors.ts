/**
 * The client's two error classes: {@link CloudflareApiError} for anything that went wrong talking to
 * the API, {@link CloudflareClientError} for a refusal before any request was sent (options,
 * credentials, arguments). Both carry a literal `code` so callers can switch on it after
 * `isXxx()`, and neither message ever holds a credential.
 *
 * @see ../../../shared/cloudflare-acns-api.md (envelope, errors, auth)
 */
import { CloudflareId, type ResponseInfo } from "../core/cloudflare";
import { formatCount } from "../core/wording";

/** How a request failed. `http` covers every answer with a status, including 429 and 5xx. */
export type CloudflareApiErrorKind = "http" | "timeout" | "connection" | "invalid_response";

/** Fields of a {@link CloudflareApiError}; the message is built from them. */
export interface CloudflareApiErrorFields {
  kind: CloudflareApiErrorKind;
  /** What the caller asked for, in words, e.g. `create custom nameserver "ns1.example.com" in account …`. */
  action: string;
  /** Client method that failed, e.g. `createCustomNameserver`. */
  operation: string;
  method: string;
  /** Path below the base URL, without the query string. */
  path: string;
  status?: number | undefined;
  errors?: readonly ResponseInfo[] | undefined;
  retryAfterSeconds?: number | undefined;
  attempts: number;
  /** Low-level reason for `timeout`, `connection` and `invalid_response` (e.g. `ECONNRESET`). */
  detail?: string | undefined;
}

/** A request to the Cloudflare API failed: an error answer, a timeout, a lost connection or a malformed answer. */
export class CloudflareApiError extends Error {
  readonly code = "CloudflareApiError" as const;
  readonly kind: CloudflareApiErrorKind;
  readonly operation: string;
  readonly method: string;
  readonly path: string;
  /** HTTP status, absent when no answer arrived. */
  readonly status: number | undefined;
  /** Cloudflare's `errors` array (codes >= 1000 and messages); empty when the answer had none. */
  readonly errors: readonly ResponseInfo[];
  /** Seconds the server asked us to wait (`Retry-After`), when it said so. */
  readonly retryAfterSeconds: number | undefined;
  /** HTTP attempts made for this call before giving up, retries included. */
  readonly attempts: number;

  constructor(fields: CloudflareApiErrorFields) {
    super(formatApiErrorMessage(fields));
    this.name = "CloudflareApiError";
    this.kind = fields.kind;
    this.operation = fields.operation;
    this.method = fields.method;
    this.path = fields.path;
    this.status = fields.status;
    this.errors = fields.errors ?? [];
    this.retryAfterSeconds = fields.retryAfterSeconds;
    this.attempts = fields.attempts;
  }

  /** Cloudflare's error codes, in the order the answer listed them. */
  get cloudflareCodes(): number[] {
    return this.errors.map((e) => e.code);
  }
}

/** Where a {@link CloudflareClientError} comes from. */
export type CloudflareClientErrorReason = "credentials" | "option" | "argument";

/** The client refused to send a request: missing or conflicting credentials, a bad option or argument. */
export class CloudflareClientError extends Error {
  readonly code = "CloudflareClientError" as const;
  readonly reason: CloudflareClientErrorReason;
  /** The option or argument at fault, e.g. `apiToken`, `requestsPerSecond`, `accountId`. */
  readonly field: string;

  constructor(reason: CloudflareClientErrorReason, field: string, message: string) {
    super(message);
    this.name = "CloudflareClientError";
    this.reason = reason;
    this.field = field;
  }
}

/** The refusal of a client option: `field must be <want>, got <value>; use e.g. <example>`. */
export function optionError(
  field: string,
  value: number,
  want: string,
  example: number,
): CloudflareClientError {
  return new CloudflareClientError(
    "option",
    field,
    `${field} must be ${want}, got ${String(value)}; use e.g. ${example}`,
  );
}

/** True for a {@link CloudflareApiError}, also across copies of this module. */
export function isCloudflareApiError(err: unknown): err is CloudflareApiError {
  return err instanceof CloudflareApiError || hasLiteralCode(err, "CloudflareApiError");
}

/** True for a {@link CloudflareClientError}, also across copies of this module. */
export function isCloudflareClientError(err: unknown): err is CloudflareClientError {
  return err instanceof CloudflareClientError || hasLiteralCode(err, "CloudflareClientError");
}

/** True when `err` is an API error whose answer listed Cloudflare error `code` (e.g. 10000, 7003). */
export function hasCloudflareCode(err: unknown, code: number): boolean {
  return isCloudflareApiError(err) && err.errors.some((e) => e.code === code);
}

/** True when `err` is an API error answered with HTTP `status`. */
export function hasHttpStatus(err: unknown, status: number): boolean {
  return isCloudflareApiError(err) && err.status === status;
}

/** Cloudflare's routing refusal: "Could not route to …, perhaps your object identifier is invalid?" */
export const UNROUTABLE_CODE = 7003;
/** Cloudflare's answer to an ACNS call on an account without the feature: "This feature is not enabled for your account." */
export const NOT_ENTITLED_CODE = 1002;

/**
 * True for Cloudflare's routing refusal: HTTP 400 listing 7003 (with 7000 "No route for that URI").
 * Cloudflare answers it for a malformed id in the path; whether it also answers it for a
 * well-formed id of a deleted object is not documented (docs/decisions/009), so callers decide with
 * {@link findMalformedIds} which of the two it is.
 */
export function isUnroutable(err: unknown): boolean {
  return (
    isCloudflareApiError(err) &&
    err.kind === "http" &&
    err.status === 400 &&
    hasCloudflareCode(err, UNROUTABLE_CODE)
  );
}

/**
 * The account and zone ids of a request path (`/accounts/{id}/…`, `/zones/{id}/…`) that are not
 * 32 lowercase hex characters, in path order.
 */
export function findMalformedIds(path: string): string[] {
  const segments = path.split("?")[0]?.split("/") ?? [];
  const malformed: string[] = [];
  segments.forEach((segment, i) => {
    const owner = segments[i - 1];
    if ((owner === "accounts" || owner === "zones") && !CloudflareId.safeParse(segment).success) {
      malformed.push(decodeSegment(segment));
    }
  });
  return malformed;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * True when the answer says the account, zone or name asked for is not there: HTTP 404, or
 * Cloudflare's routing refusal (400 with 7003) for a path whose ids are all well-formed (an id
 * that cannot be routed although well-formed names nothing: deleted, or never created). A routing
 * refusal for a malformed id is *not* "gone": the request was wrong, and reading it as gone would
 * drop a resource from the state.
 */
export function isGone(err: unknown): err is CloudflareApiError {
  if (!isCloudflareApiError(err) || err.kind !== "http") return false;
  if (err.status === 404) return true;
  return isUnroutable(err) && findMalformedIds(err.path).length === 0;
}

function hasLiteralCode(err: unknown, code: string): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === code;
}

/**
 * Replace every occurrence of each secret by `[redacted]`. Applied to anything a server or a
 * socket error hands us before it reaches a message, in case it echoes a credential back.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join("[redacted]");
  }
  return out;
}

function formatApiErrorMessage(f: CloudflareApiErrorFields): string {
  const where = `${f.method} ${f.path}`;
  const tries = formatCount(f.attempts, "attempt");
  const why: Record<CloudflareApiErrorKind, string> = {
    timeout: `${where} got no answer ${f.detail ?? "in time"}`,
    connection: `${where} could not complete the connection (${f.detail ?? "connection error"})`,
    invalid_response: `${where} answered HTTP ${f.status ?? "?"} with a body that is not the expected shape (${f.detail ?? "unparsable"})`,
    http: `${where} answered HTTP ${f.status ?? "?"}${formatCloudflareErrors(f.errors ?? [], f.detail)}`,
  };
  return `${f.action} failed after ${tries}: ${why[f.kind]}; ${hintFor(f)}`;
}

function formatCloudflareErrors(errors: readonly ResponseInfo[], detail: string | undefined): string {
  if (errors.length === 0) return detail === undefined ? " without Cloudflare errors" : ` (${detail})`;
  const list = errors.map((e) => `${e.code} ${JSON.stringify(e.message)}`).join(", ");
  return ` with Cloudflare error${errors.length === 1 ? "" : "s"} ${list}`;
}

/** The hint for every failure without an HTTP answer to read; `http` ones depend on the status. */
const HINT_BY_KIND: Record<Exclude<CloudflareApiErrorKind, "http">, string> = {
  timeout: "raise timeoutMs or maxAttempts, or retry later",
  connection: "check the base URL and the network, or retry later",
  invalid_response: "check that the base URL points at the Cloudflare v4 API (…/client/v4)",
};

function hintFor(f: CloudflareApiErrorFields): string {
  if (f.kind !== "http") return HINT_BY_KIND[f.kind];
  const status = f.status ?? 0;
  if (status === 429) {
    const wait =
      f.retryAfterSeconds === undefined ? "" : `, Cloudflare asked to wait ${f.retryAfterSeconds} s`;
    return `rate limited${wait}; lower requestsPerSecond, or wait for the lockout (up to 5 minutes) to pass`;
  }
  if (status === 401 || status === 403) {
    return "check that the API token (or key and email) is valid and allowed to act on this account or zone";
  }
  if (status === 404) return "check that the account, zone or name exists and that the base URL is right";
  if (status === 400 && (f.errors ?? []).some((e) => e.code === UNROUTABLE_CODE)) {
    const malformed = findMalformedIds(f.path);
    if (malformed.length > 0) {
      return `${malformed.map((id) => JSON.stringify(id)).join(", ")} ${malformed.length === 1 ? "is not an id" : "are not ids"}: account and zone ids are 32 lowercase hex characters (the dashboard shows them on the account's and the zone's Overview page)`;
    }
    return "Cloudflare could not route a well-formed id: the account or zone was deleted, or never existed";
  }
  if (status >= 500) return "Cloudflare failed on its side; retry later";
  return "correct the request as Cloudflare's message says";
}
