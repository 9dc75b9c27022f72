/**
 * The client's two error classes: {@link CloudflareApiError} for anything that went wrong talking to
 * the API, {@link CloudflareClientError} for a refusal before any request was sent (options,
 * credentials, arguments). Both carry a literal `code` so callers can switch on it after
 * `isXxx()`, and neither message ever holds a credential.
 *
 * @see ../../../shared/cloudflare-acns-api.md (envelope, errors, auth)
 */
import type { ResponseInfo } from "../core/cloudflare";

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
  const tries = `${f.attempts} attempt${f.attempts === 1 ? "" : "s"}`;
  let why: string;
  switch (f.kind) {
    case "timeout":
      why = `${where} got no answer ${f.detail ?? "in time"}`;
      break;
    case "connection":
      why = `${where} could not complete the connection (${f.detail ?? "connection error"})`;
      break;
    case "invalid_response":
      why = `${where} answered HTTP ${f.status ?? "?"} with a body that is not the expected shape (${f.detail ?? "unparsable"})`;
      break;
    case "http":
      why = `${where} answered HTTP ${f.status ?? "?"}${formatCloudflareErrors(f.errors ?? [], f.detail)}`;
      break;
  }
  return `${f.action} failed after ${tries}: ${why}; ${hintFor(f)}`;
}

function formatCloudflareErrors(errors: readonly ResponseInfo[], detail: string | undefined): string {
  if (errors.length === 0) return detail === undefined ? " without Cloudflare errors" : ` (${detail})`;
  const list = errors.map((e) => `${e.code} ${JSON.stringify(e.message)}`).join(", ");
  return ` with Cloudflare error${errors.length === 1 ? "" : "s"} ${list}`;
}

function hintFor(f: CloudflareApiErrorFields): string {
  switch (f.kind) {
    case "timeout":
      return "raise timeoutMs or maxAttempts, or retry later";
    case "connection":
      return "check the base URL and the network, or retry later";
    case "invalid_response":
      return "check that the base URL points at the Cloudflare v4 API (…/client/v4)";
    case "http":
      break;
  }
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
  if (status >= 500) return "Cloudflare failed on its side; retry later";
  return "correct the request as Cloudflare's message says";
}
