/**
 * Every error the emulator answers, in one table: HTTP status, Cloudflare error code and where the
 * code comes from. Cloudflare documents almost no ACNS failure codes, so most of the rule codes are
 * ours; `source` says which is which so nobody mistakes a chosen code for a Cloudflare fact.
 *
 * @see ../../docs/decisions/002-emulator-error-codes.md
 */

/** Where a code comes from. */
export type ErrorSource =
  /** Named in Cloudflare's API documentation or OpenAPI spec. */
  | "documented by Cloudflare"
  /** Not documented, but what Cloudflare's API answers (seen in public bug reports and SDK issues). */
  | "observed from Cloudflare"
  /** Cloudflare's answer is unknown; the emulator picked this code. */
  | "chosen by us";

export interface ErrorDefinition {
  readonly status: number;
  readonly code: number;
  readonly source: ErrorSource;
  /** When the emulator answers it. */
  readonly when: string;
  /** Cloudflare's own wording, when the code's message is documented or observed; sent verbatim. */
  readonly message?: string;
  /** Error items Cloudflare always sends after this one in the same answer (7000 after 7003). */
  readonly companions?: readonly { readonly code: number; readonly message: string }[];
  /** `documentation_url` of the error item. */
  readonly documentationUrl?: string;
  /** Where the code, message or status comes from (and which parts of it are chosen). */
  readonly reference: string;
}

const API_NOTES = "../shared/cloudflare-acns-api.md";

/** The emulator's error table. Keys are the names the rest of the emulator uses. */
export const ErrorCodes = {
  ROUTE_NOT_FOUND: {
    status: 404,
    code: 7003,
    source: "chosen by us",
    when: "no route matches the method and path",
    reference:
      "chosen: Cloudflare's answer for an unknown route is not documented; 7003 is its routing code, 404 keeps a wrong base URL loud (house style)",
  },
  INVALID_IDENTIFIER: {
    status: 400,
    code: 7003,
    source: "observed from Cloudflare",
    when: "an account or zone id in the path is not 32 lowercase hex characters",
    message: "Could not route to /client/v4/<path>, perhaps your object identifier is invalid?",
    companions: [{ code: 7000, message: "No route for that URI" }],
    reference: `${API_NOTES} "Envelope, errors, auth" (cloudflare-go#118, terraform-provider-cloudflare#192)`,
  },
  OBJECT_NOT_FOUND: {
    status: 404,
    code: 7003,
    source: "chosen by us",
    when: "a well-formed account or zone id that names nothing (never existed, or deleted)",
    message: "Could not route to /client/v4/<path>, perhaps your object identifier is invalid?",
    companions: [{ code: 7000, message: "No route for that URI" }],
    reference:
      "chosen (docs/decisions/009): Cloudflare's answer for a well-formed id of a deleted object is not documented; the body is the documented routing refusal, the status 404 so clients can tell 'gone' from 'not an id'",
  },
  MISSING_CREDENTIALS: {
    status: 400,
    code: 9106,
    source: "observed from Cloudflare",
    when: "no Authorization header and no complete X-Auth-Email + X-Auth-Key pair",
    reference: `${API_NOTES} "Envelope, errors, auth"`,
  },
  INVALID_REQUEST_HEADERS: {
    status: 400,
    code: 6003,
    source: "observed from Cloudflare",
    when: "an Authorization header that is not `Bearer <token>` (error_chain code 6111)",
    reference: `${API_NOTES} "Envelope, errors, auth"`,
  },
  INVALID_TOKEN: {
    status: 403,
    code: 1000,
    source: "documented by Cloudflare",
    when: "a bearer token the emulator does not know",
    message: "Invalid API Token",
    reference: `${API_NOTES} "Envelope, errors, auth" (code and message); the status 403 is chosen (not documented)`,
  },
  AUTHENTICATION_ERROR: {
    status: 403,
    code: 10000,
    source: "documented by Cloudflare",
    when: "a token or key used on an account or zone outside its scope, or a read-only token used to write",
    message: "Forbidden",
    documentationUrl: "https://developers.cloudflare.com/fundamentals/api/",
    reference: `${API_NOTES} "Envelope, errors, auth" (403, "Forbidden", documentation_url since 2026-08); the URL itself is chosen`,
  },
  UNKNOWN_API_KEY: {
    status: 403,
    code: 9103,
    source: "observed from Cloudflare",
    when: "X-Auth-Email + X-Auth-Key that match no key",
    reference: "docs/decisions/002 (kept from the first emulator; not in the API notes)",
  },
  RATE_LIMITED: {
    status: 429,
    code: 971,
    source: "observed from Cloudflare",
    when: "the user is over the request budget, or inside the lockout that follows (every credential of the user)",
    message: "Please wait and consider throttling your request speed",
    reference: `observed: ${API_NOTES} "Envelope, errors, auth" (cloudflare/workers-sdk#10025, lablabs/cloudflare-exporter#74); 971 is below the spec's failure-envelope minimum of 1000 (the spec bundle allows it, with a note); docs/decisions/011`,
  },
  MALFORMED_JSON: {
    status: 400,
    code: 6007,
    source: "observed from Cloudflare",
    when: "the request body is not JSON",
    message: "Malformed JSON in request body",
    reference: `${API_NOTES} "Envelope, errors, auth"`,
  },
  INVALID_BODY: {
    status: 400,
    code: 1101,
    source: "chosen by us",
    when: "a body or query field violates the operation's schema (one error per field), including foundation_dns, removed on 2026-11-23",
    reference:
      "chosen; that a PATCH with foundation_dns is refused is documented (cloudflare-docs changelog 2026-11-23-remove-foundation-dns-boolean), its code and message are not",
  },
  SET_NOT_FOUND: {
    status: 400,
    code: 1001,
    source: "observed from Cloudflare",
    when: "a zone (or a new zone through the account default) is put on a set with fewer than 2 names",
    message: "Custom Nameserver set doesn't exist",
    reference: `${API_NOTES} "Envelope, errors, auth" (a set with no names; alchemy-run/alchemy); the same answer for a set of 1 name and the status 400 are chosen`,
  },
  NOT_ENTITLED: {
    status: 400,
    code: 1002,
    source: "observed from Cloudflare",
    when: "any /custom_ns call of an account without the ACNS entitlement (the listing included), or putting its zone or default on custom.account",
    message: "This feature is not enabled for your account.",
    reference: `${API_NOTES} "The rules" 6 and "Envelope, errors, auth" (alchemy-run/alchemy tests); the status 400 is chosen`,
  },
  INVALID_NS_NAME: {
    status: 400,
    code: 1102,
    source: "chosen by us",
    when: "ns_name is not a valid hostname",
    reference: "chosen (docs/decisions/002)",
  },
  NS_NAME_EXISTS: {
    status: 400,
    code: 1103,
    source: "chosen by us",
    when: "ns_name already belongs to a set of the account",
    reference: "chosen (docs/decisions/002)",
  },
  SET_FULL: {
    status: 400,
    code: 1104,
    source: "chosen by us",
    when: "the set already holds the maximum number of names",
    reference: "chosen (docs/decisions/002)",
  },
  NS_NAME_NOT_FOUND: {
    status: 404,
    code: 1105,
    source: "chosen by us",
    when: "deleting a name the account does not have",
    reference: "chosen (docs/decisions/002)",
  },
  HIERARCHY_CONFLICT: {
    status: 400,
    code: 1107,
    source: "chosen by us",
    when: "a zone is put on the set an ancestor or descendant zone of the account uses",
    reference: "chosen (docs/decisions/002); the rule itself is Cloudflare's",
  },
  SET_IN_USE: {
    status: 400,
    code: 1108,
    source: "chosen by us",
    when: "only with the store option refuseShrinkingSetsInUse: deleting a name would leave a set that zones use with fewer than 2 names",
    reference:
      "chosen, off by default (docs/decisions/009): Cloudflare's docs say such a set is no longer listed, not that the delete is refused",
  },
  UNSUPPORTED_NAMESERVER_TYPE: {
    status: 400,
    code: 1109,
    source: "chosen by us",
    when: "custom.tenant or custom.zone nameservers (the emulator models no tenants and no zone custom nameservers)",
    reference: "chosen (docs/decisions/002)",
  },
  ZONE_DEFAULTS_NOT_ENTERPRISE: {
    status: 400,
    code: 1111,
    source: "chosen by us",
    when: "an account that is not on an Enterprise plan changes zone_defaults (or the deprecated settings.default_nameservers)",
    reference:
      "chosen: zone defaults are an Enterprise option (cloudflare-docs dns/additional-options/dns-zone-defaults.mdx); the error is not documented",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    code: 1198,
    source: "chosen by us",
    when: "a request body over 1 MiB",
    reference: "chosen (docs/decisions/002)",
  },
  INTERNAL_ERROR: {
    status: 500,
    code: 1199,
    source: "chosen by us",
    when: "a bug in the emulator (never expected; the message names the exception)",
    reference: "chosen (docs/decisions/002)",
  },
  INJECTED_FAULT: {
    status: 500,
    code: 1190,
    source: "chosen by us",
    when: "a fault rule failed the request and gave no body of its own (the status is the rule's)",
    reference: "chosen (docs/decisions/002)",
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorName = keyof typeof ErrorCodes;

/** One entry of the envelope's `errors` array. */
export interface ApiErrorItem {
  code: number;
  message: string;
  documentation_url?: string;
  error_chain?: { code: number; message: string }[];
}

/**
 * A refused request. Thrown by the store's rules and the router; the server renders it as the
 * Cloudflare failure envelope. Holds every problem found, not only the first.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly errors: ApiErrorItem[];
  readonly headers: Record<string, string>;
  /**
   * The emulator's own account of each problem (which name, zone or set, and the fix), one per
   * problem; never sent, because Cloudflare's documented messages are answered verbatim. Seeds
   * and drift report these.
   */
  readonly details: readonly string[];

  constructor(
    status: number,
    errors: ApiErrorItem[],
    headers: Record<string, string> = {},
    details: readonly string[] = errors.map((e) => e.message),
  ) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("; "));
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.headers = headers;
    this.details = details;
  }
}

/** A problem found by a rule, before it becomes an HTTP answer. */
export interface Problem {
  error: ErrorName;
  /** What the answer says: Cloudflare's message where the table has one, else ours. */
  message: string;
  /** Our explanation when `message` is Cloudflare's terse one. @default message */
  detail?: string;
}

/** A problem of a table entry with a documented or observed message: that message, and our detail. */
export function createCloudflareProblem(error: ErrorName, detail: string): Problem {
  const def: ErrorDefinition = ErrorCodes[error];
  return { error, message: def.message ?? detail, detail };
}

/** The `errors` items one table entry answers: its own item, then its companions. */
function toErrorItems(name: ErrorName, message: string): ApiErrorItem[] {
  const def: ErrorDefinition = ErrorCodes[name];
  const item: ApiErrorItem = { code: def.code, message };
  if (def.documentationUrl !== undefined) item.documentation_url = def.documentationUrl;
  return [item, ...(def.companions ?? []).map((c) => ({ code: c.code, message: c.message }))];
}

/**
 * Builds an ApiError from one table entry. `message` defaults to the entry's Cloudflare message;
 * entries without one need it.
 */
export function createApiError(
  name: ErrorName,
  message?: string,
  headers: Record<string, string> = {},
): ApiError {
  const def: ErrorDefinition = ErrorCodes[name];
  const text = message ?? def.message;
  if (text === undefined) throw new Error(`createApiError: ${name} has no message of its own; pass one`);
  return new ApiError(def.status, toErrorItems(name, text), headers, [text]);
}

/**
 * The documented routing refusal for `path` (below /client/v4): 400 when an id in it is malformed,
 * 404 (chosen) when it is well-formed but names nothing.
 */
export function createRouteRefusal(name: "INVALID_IDENTIFIER" | "OBJECT_NOT_FOUND", path: string): ApiError {
  return createApiError(
    name,
    ErrorCodes[name].message.replace("/<path>", () => path),
  );
}

/**
 * Builds one ApiError from several problems. The HTTP status is the first problem's: problems of
 * one request come from one family of checks and share a status.
 */
export function createApiErrorFromProblems(problems: readonly Problem[]): ApiError {
  const first = problems[0];
  if (first === undefined) throw new Error("createApiErrorFromProblems needs at least one problem");
  return new ApiError(
    ErrorCodes[first.error].status,
    problems.flatMap((p) => toErrorItems(p.error, p.message)),
    {},
    problems.map((p) => p.detail ?? p.message),
  );
}

/** Throws the ApiError of `problems` unless there are none: how a rule's answer refuses a change. */
export function throwProblems(problems: readonly Problem[]): void {
  if (problems.length > 0) throw createApiErrorFromProblems(problems);
}

/** Recognises an ApiError. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
