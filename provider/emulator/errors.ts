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
}

/** The emulator's error table. Keys are the names the rest of the emulator uses. */
export const ErrorCodes = {
  ROUTE_NOT_FOUND: {
    status: 404,
    code: 7003,
    source: "documented by Cloudflare",
    when: "no route matches the method and path",
  },
  OBJECT_NOT_FOUND: {
    status: 404,
    code: 7003,
    source: "observed from Cloudflare",
    when: "the account or zone id in the path does not exist (or is not a 32-hex id)",
  },
  MISSING_CREDENTIALS: {
    status: 400,
    code: 9106,
    source: "observed from Cloudflare",
    when: "no Authorization header and no complete X-Auth-Email + X-Auth-Key pair",
  },
  INVALID_REQUEST_HEADERS: {
    status: 400,
    code: 6003,
    source: "observed from Cloudflare",
    when: "an Authorization header that is not `Bearer <token>` (error_chain code 6111)",
  },
  AUTHENTICATION_ERROR: {
    status: 403,
    code: 10000,
    source: "documented by Cloudflare",
    when: "unknown token, or a token or key used on an account or zone outside its scope, or a read-only token used to write",
  },
  UNKNOWN_API_KEY: {
    status: 403,
    code: 9103,
    source: "observed from Cloudflare",
    when: "X-Auth-Email + X-Auth-Key that match no key",
  },
  RATE_LIMITED: {
    status: 429,
    code: 1015,
    source: "chosen by us",
    when: "over the request budget, or inside the lockout that follows",
  },
  MALFORMED_JSON: {
    status: 400,
    code: 6007,
    source: "observed from Cloudflare",
    when: "the request body is not JSON",
  },
  INVALID_BODY: {
    status: 400,
    code: 1101,
    source: "chosen by us",
    when: "a body or query field violates the operation's schema (one error per field)",
  },
  NOT_ENTITLED: {
    status: 400,
    code: 1002,
    source: "observed from Cloudflare",
    when: "an account without the ACNS entitlement creates a name or puts a zone or its default on custom.account",
  },
  INVALID_NS_NAME: {
    status: 400,
    code: 1102,
    source: "chosen by us",
    when: "ns_name is not a valid hostname",
  },
  NS_NAME_EXISTS: {
    status: 400,
    code: 1103,
    source: "chosen by us",
    when: "ns_name already belongs to a set of the account",
  },
  SET_FULL: {
    status: 400,
    code: 1104,
    source: "chosen by us",
    when: "the set already holds the maximum number of names",
  },
  NS_NAME_NOT_FOUND: {
    status: 404,
    code: 1105,
    source: "chosen by us",
    when: "deleting a name the account does not have",
  },
  SET_TOO_SMALL: {
    status: 400,
    code: 1106,
    source: "chosen by us",
    when: "a zone (or a new zone through the account default) is put on a set with fewer than 2 names",
  },
  HIERARCHY_CONFLICT: {
    status: 400,
    code: 1107,
    source: "chosen by us",
    when: "a zone is put on the set an ancestor or descendant zone of the account uses",
  },
  SET_IN_USE: {
    status: 400,
    code: 1108,
    source: "chosen by us",
    when: "deleting a name would leave a set that zones use with fewer than 2 names",
  },
  UNSUPPORTED_NAMESERVER_TYPE: {
    status: 400,
    code: 1109,
    source: "chosen by us",
    when: "custom.tenant or custom.zone nameservers (the emulator models no tenants and no zone custom nameservers)",
  },
  FOUNDATION_DNS_CONFLICT: {
    status: 400,
    code: 1110,
    source: "chosen by us",
    when: "foundation_dns true together with a nameserver type other than cloudflare.advanced",
  },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    code: 1198,
    source: "chosen by us",
    when: "a request body over 1 MiB",
  },
  INTERNAL_ERROR: {
    status: 500,
    code: 1199,
    source: "chosen by us",
    when: "a bug in the emulator (never expected; the message names the exception)",
  },
  INJECTED_FAULT: {
    status: 500,
    code: 1190,
    source: "chosen by us",
    when: "a fault rule failed the request and gave no body of its own (the status is the rule's)",
  },
} as const satisfies Record<string, ErrorDefinition>;

export type ErrorName = keyof typeof ErrorCodes;

/** One entry of the envelope's `errors` array. */
export interface ApiErrorItem {
  code: number;
  message: string;
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

  constructor(status: number, errors: ApiErrorItem[], headers: Record<string, string> = {}) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join("; "));
    this.name = "ApiError";
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}

/** A problem found by a rule, before it becomes an HTTP answer. */
export interface Problem {
  error: ErrorName;
  message: string;
}

/** Builds an ApiError from one table entry. */
export function createApiError(
  name: ErrorName,
  message: string,
  headers: Record<string, string> = {},
): ApiError {
  const def = ErrorCodes[name];
  return new ApiError(def.status, [{ code: def.code, message }], headers);
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
    problems.map((p) => ({ code: ErrorCodes[p.error].code, message: p.message })),
  );
}

/** Recognises an ApiError. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}
