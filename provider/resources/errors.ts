/**
 * The one error the resources throw, and how API failures become one: every message names the
 * resource type, the field and the value at stake, what went wrong and how to fix it, in the
 * house grammar. Messages are scrubbed of credentials before they leave the process.
 */
import { ClientEnv, isCloudflareApiError, isCloudflareClientError, redactSecrets } from "../client";
import { findMalformedIds, isUnroutable } from "../client/errors";
import { CloudflareId } from "../core/cloudflare";
import { ProviderConfigKeys } from "./provider-config";
import type { ResourceTypeName } from "./resource-types";

/** A resource operation failed; `message` says what, for which field and value, why, and the fix. */
export class AcnsResourceError extends Error {
  readonly code = "AcnsResourceError" as const;
  readonly resourceType: ResourceTypeName;
  /** The input the failure is about, e.g. `nameservers`. */
  readonly field: string;

  constructor(resourceType: ResourceTypeName, field: string, message: string) {
    super(message);
    this.name = "AcnsResourceError";
    this.resourceType = resourceType;
    this.field = field;
  }
}

/** True for an {@link AcnsResourceError}, also across copies of this module (the dist and the source). */
export function isAcnsResourceError(err: unknown): err is AcnsResourceError {
  return (
    err instanceof AcnsResourceError ||
    (typeof err === "object" && err !== null && (err as { code?: unknown }).code === "AcnsResourceError")
  );
}

/** How an error starts: `AccountNameserverSet nameservers "ns1.example.com": `. */
export function formatSubject(resourceType: ResourceTypeName, field: string, value: unknown): string {
  return `${resourceType} ${field} ${formatValue(value)}`;
}

/** A value as messages show it: JSON, shortened past 200 characters. */
export function formatValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** What a refused write adds when the caller has nothing more precise to say. */
export const STALE_STATE_HINT =
  "If Pulumi's state may be older than the account (after an interrupted run or a change outside Pulumi), " +
  "run pulumi refresh, then this command again.";

function isRefusedWrite(err: unknown): boolean {
  return (
    isCloudflareApiError(err) &&
    err.method !== "GET" &&
    (err.status === 400 || err.status === 404 || err.status === 409)
  );
}

/** What an error is about: the resource, the field and its value, and what to add after the cause. */
export interface ErrorWhere {
  resourceType: ResourceTypeName;
  field: string;
  value: unknown;
  then?: string;
}

/**
 * Turns anything a client call threw into an {@link AcnsResourceError}: the client's own message
 * (what was asked, the HTTP answer, Cloudflare's codes and a hint) behind the resource, field and
 * value, and `then` appended (e.g. what was undone). Credential problems get the Pulumi config
 * keys as the fix.
 */
export function toResourceError(
  err: unknown,
  where: ErrorWhere,
  secrets: readonly string[],
): AcnsResourceError {
  if (isAcnsResourceError(err)) return err;
  const subject = formatSubject(where.resourceType, where.field, where.value);
  let cause: string;
  if (isCloudflareClientError(err) && err.reason === "credentials") {
    cause =
      `no usable Cloudflare credentials (${err.message}); set ${ProviderConfigKeys.apiToken} ` +
      `(pulumi config set --secret ${ProviderConfigKeys.apiToken} <token>) or ${ClientEnv.API_TOKEN}, ` +
      `or ${ProviderConfigKeys.apiKey} with ${ProviderConfigKeys.email}`;
  } else if (isCloudflareClientError(err) && err.reason === "option") {
    cause = `a provider setting is not valid: ${err.message}`;
  } else if (err instanceof Error) {
    cause = err.message;
  } else {
    cause = String(err);
  }
  // A write Cloudflare refused on its rules is most often planned from a state older than the
  // account (an interrupted run, a change outside Pulumi): refresh is what brings them together.
  const after = where.then ?? (isRefusedWrite(err) ? STALE_STATE_HINT : undefined);
  // The client's messages end without a full stop; `then` is a sentence of its own.
  const then = after === undefined ? "" : `${cause.endsWith(".") ? "" : "."} ${after}`;
  return new AcnsResourceError(
    where.resourceType,
    where.field,
    redactSecrets(`${subject}: ${cause}${then}`, secrets),
  );
}

/** The account, zone or name is not there any more (the client's `isGone`; see docs/decisions/009). */
export { isGone as isNotFound } from "../client/errors";

/**
 * The `check()` reason for an id the API will not serve: a malformed id Cloudflare cannot route
 * (400, 7003), an object that is not there (404, or the same refusal for a well-formed id) or one
 * these credentials may not use (403, which is also how Cloudflare answers an id outside the
 * token's scope). Undefined for any other failure, which is not about the input.
 */
export function describeRefusedId(
  err: unknown,
  property: string,
  value: string,
  what: "account" | "zone",
): string | undefined {
  if (!isCloudflareApiError(err)) return undefined;
  const unroutable = isUnroutable(err);
  if (!unroutable && err.status !== 404 && err.status !== 403) return undefined;
  const codes = err.errors.map((e) => `${e.code} ${JSON.stringify(e.message)}`).join(", ");
  const answer = `HTTP ${err.status}${codes === "" ? "" : `, error${err.errors.length === 1 ? "" : "s"} ${codes}`}`;
  if (unroutable && (!CloudflareId.safeParse(value).success || findMalformedIds(err.path).length > 0)) {
    return (
      `${property} "${value}": not a ${what} id; Cloudflare could not route it (${answer}); ` +
      `a ${what} id is 32 lowercase hex characters, as the dashboard shows it on the ${what}'s Overview page`
    );
  }
  const why =
    err.status === 403
      ? `Cloudflare refuses these credentials access to this ${what} (${answer})`
      : `Cloudflare knows no such ${what} (${answer})`;
  return `${property} "${value}": ${why}; check the id, and that the API token may act on this ${what}`;
}
