/**
 * Cloudflare's limits for account custom nameservers, named once for the checks and their messages.
 * @see ../../README.md#cloudflares-rules
 */
export const Limits = {
  /** Lowest nameserver set number. */
  MIN_NS_SET: 1,
  /** Highest nameserver set number; also the number of sets an account may have. */
  MAX_NS_SET: 5,
  /** Sets per account. */
  MAX_SETS: 5,
  /** A set with fewer names than this is not offered to zones. */
  MIN_NAMES_PER_SET: 2,
  /** Names one set may hold. */
  MAX_NAMES_PER_SET: 5,
  /** Octets in one DNS label. */
  MAX_LABEL_LENGTH: 63,
  /** Octets in a whole name, without the trailing dot. */
  MAX_NAME_LENGTH: 253,
  /** The set Cloudflare uses when a request omits `ns_set`. */
  DEFAULT_NS_SET: 1,
} as const;

/** The set numbers in messages and docs: `1-5`. */
export const NS_SET_RANGE = `${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`;

/** How many names a set holds, in messages and docs: `2-5`. */
export const NAMES_PER_SET_RANGE = `${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET}`;

/** How Cloudflare numbers an account's sets, in messages about a set number outside them. */
export const SET_NUMBERING = `Cloudflare numbers sets ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`;

/** The fix for a set number outside them. */
export const USE_A_SET_NUMBER = `use a set number from ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`;

/**
 * Cloudflare's documented rate limit: requests per window per *user*, shared by all of the user's
 * credentials (API tokens, the global API key) and the dashboard.
 *
 * @see https://developers.cloudflare.com/fundamentals/api/reference/limits/
 */
export const RateLimits = {
  REQUESTS_PER_WINDOW: 1200,
  WINDOW_SECONDS: 300,
  /** Once over the limit, every call of the user stays blocked this long. */
  LOCKOUT_SECONDS: 300,
  /**
   * The policy name in the `Ratelimit` and `Ratelimit-Policy` headers. Cloudflare's documented
   * `Ratelimit` example names "default"; that the policy has the same name is our assumption.
   */
  POLICY_NAME: "default",
} as const;
