/**
 * Account-owned Custom Nameserver Sets (Cloudflare's 2026 API): their rules, limits and records.
 * Cloudflare documents few of their rules, so every rule, limit and code is in
 * {@link NameserverSetRules}, marked documented, observed or chosen, to change in one place.
 *
 * @see ../../docs/decisions/010-custom-nameserver-sets.md
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 */
import type { AnycastGroup } from "../core/custom-nameserver-sets";
import { Limits } from "../core/limits";
import { ApiError, ErrorCodes, type ErrorSource } from "./errors";

/** What the emulator answers when a rule refuses a request. */
export interface NameserverSetErrorDefinition {
  readonly status: number;
  readonly code: number;
  /** Where the code (not the rule) comes from. */
  readonly codeSource: ErrorSource;
}

/** One rule, limit or behaviour of the sets, and where it comes from. */
export interface NameserverSetRule {
  /** What the emulator does. */
  readonly rule: string;
  /** Where the rule comes from. */
  readonly source: ErrorSource;
  /** The emulator option that overrides it, when one does. */
  readonly option?: keyof NameserverSetLimits;
  /** The answer when the rule refuses a request; absent for behaviours that never refuse. */
  readonly error?: NameserverSetErrorDefinition;
}

/** The emulator's limits for the sets; every field can be overridden through `nameserverSetLimits`. */
export interface NameserverSetLimits {
  /** Sets one account may hold. */
  maxSetsPerAccount: number;
  /** Fewest names a set may be created with. */
  minNamesPerSet: number;
  /** Most names a set may be created with. */
  maxNamesPerSet: number;
  /** `ip_count` when a name leaves it out. */
  defaultIpCount: number;
  /** Largest `ip_count`. */
  maxIpCount: number;
  /** Largest `ip_set` (the entitlement's maximum); at most {@link MAX_EMULATED_IP_SET}. */
  maxIpSet: number;
  /** Whether a name may be in several sets of one account. */
  allowNameInSeveralSets: boolean;
  /** Whether a set may use a name that is also a numbered-set (`/custom_ns`) name of the account. */
  allowNumberedSetNames: boolean;
}

/** The emulator's defaults for {@link NameserverSetLimits} (see NameserverSetRules for why). */
export const DEFAULT_NAMESERVER_SET_LIMITS: Readonly<NameserverSetLimits> = {
  maxSetsPerAccount: 10,
  minNamesPerSet: Limits.MIN_NAMES_PER_SET,
  maxNamesPerSet: Limits.MAX_NAMES_PER_SET,
  defaultIpCount: 1,
  maxIpCount: 4,
  maxIpSet: 3,
  allowNameInSeveralSets: true,
  allowNumberedSetNames: true,
};

/** The documentation ranges hold 762 IPv4 addresses: 6 pools of 127 (`ip_set` 1-3, standard and advanced). */
export const MAX_EMULATED_IP_SET = 3;
/** IPv4 addresses in one pool (one `ip_set` and `advanced` value). */
export const IPV4_ADDRESSES_PER_POOL = 127;
/**
 * Every rule of the sets in one table: the documented ones, and our choices where Cloudflare is
 * silent. Rules sharing a code with the numbered sets point at the same ErrorCodes entry.
 */
export const NameserverSetRules = {
  NOT_ENTITLED: {
    rule: "an account without the ACNS entitlement is refused on every nameserver_sets call and on putting a zone on a set",
    source: "chosen by us",
    error: {
      status: ErrorCodes.NOT_ENTITLED.status,
      code: ErrorCodes.NOT_ENTITLED.code,
      codeSource: "observed from Cloudflare",
    },
  },
  IMMUTABLE: {
    rule: "a set cannot change: there is no update route, so PUT/PATCH on a set answer the no-route 404",
    source: "documented by Cloudflare",
  },
  SET_ID_MALFORMED: {
    rule: "a set id in the path that is not 32 characters cannot name a set",
    source: "chosen by us",
    error: { status: 400, code: 7003, codeSource: "documented by Cloudflare" },
  },
  SET_NOT_FOUND: {
    rule: "get or delete of a set id the account does not hold",
    source: "documented by Cloudflare",
    error: { status: 404, code: 1121, codeSource: "chosen by us" },
  },
  SET_IN_USE: {
    rule: "only a set no zone uses may be deleted",
    source: "documented by Cloudflare",
    error: { status: 400, code: 1122, codeSource: "chosen by us" },
  },
  NAME_COUNT: {
    rule: "a set holds 2 to 5 names, as a numbered set zones can use",
    source: "chosen by us",
    option: "maxNamesPerSet",
    error: { status: 400, code: 1123, codeSource: "chosen by us" },
  },
  NAME_INVALID: {
    rule: "a name is a valid hostname in lowercase punycode, sent exactly so (not lowercased for the client)",
    source: "documented by Cloudflare",
    error: { status: 400, code: 1124, codeSource: "chosen by us" },
  },
  NAME_REPEATED: {
    rule: "a name appears once within a set",
    source: "documented by Cloudflare",
    error: { status: 400, code: 1125, codeSource: "chosen by us" },
  },
  IP_COUNT_RANGE: {
    rule: "ip_count is a whole number from 1 to 4; default 1 (one IPv4 and one IPv6 address, as a numbered-set name has)",
    source: "chosen by us",
    option: "maxIpCount",
    error: { status: 400, code: 1126, codeSource: "chosen by us" },
  },
  IP_COUNT_MIXED: {
    rule: "all names of an advanced set use the same ip_count",
    source: "documented by Cloudflare",
    error: { status: 400, code: 1127, codeSource: "chosen by us" },
  },
  IP_SET_ABOVE_ENTITLEMENT: {
    rule: "ip_set is at least 1 (documented, checked by the body schema) and at most the entitlement's maximum, 3 here",
    source: "chosen by us",
    option: "maxIpSet",
    error: { status: 400, code: 1128, codeSource: "chosen by us" },
  },
  ACCOUNT_FULL: {
    rule: "an account holds at most 10 sets",
    source: "chosen by us",
    option: "maxSetsPerAccount",
    error: { status: 400, code: 1129, codeSource: "chosen by us" },
  },
  NAME_IN_OTHER_SET: {
    rule: "a name may be in several sets (needed to change a set by creating a new one with the same names); refused only when the option is off",
    source: "chosen by us",
    option: "allowNameInSeveralSets",
    error: { status: 400, code: 1130, codeSource: "chosen by us" },
  },
  NAME_IS_NUMBERED: {
    rule: "a name may also be a numbered-set name of the account (migration from numbered sets); refused only when the option is off",
    source: "chosen by us",
    option: "allowNumberedSetNames",
    error: { status: 400, code: 1131, codeSource: "chosen by us" },
  },
  ZONE_SET_MISSING: {
    rule: "a zone can be put only on a set of its own account; Cloudflare's message for a numbered set that does not exist",
    source: "chosen by us",
    error: { status: 400, code: 1001, codeSource: "documented by Cloudflare" },
  },
  HIERARCHY: {
    rule: "the hierarchy rule holds per set: a zone may not use the set an ancestor or descendant zone of the account uses; sets that only share addresses do not conflict",
    source: "chosen by us",
    error: {
      status: ErrorCodes.HIERARCHY_CONFLICT.status,
      code: ErrorCodes.HIERARCHY_CONFLICT.code,
      codeSource: "chosen by us",
    },
  },
  ADDRESSES: {
    rule: "glue comes from documentation ranges: pool (ip_set, advanced) q = 2*(ip_set-1)+advanced owns IPv4 block q of 127 (192.0.2.1-127, 192.0.2.128-254, 198.51.100.1-127, ...) and 2001:db8:<account tag>:<q+1>::/64; a name keeps its slots in a pool for good, so sets of one pool share a name's addresses and pools never overlap",
    source: "chosen by us",
  },
  ANYCAST_GROUPS: {
    rule: "in an advanced set, address k of the i-th name is in group a, b, c by (i + k) mod 3, so the names start in distinct groups",
    source: "chosen by us",
  },
  LIST_ORDER: {
    rule: "the list is oldest first; page ≥ 1 and per_page 1-5000000 are documented, default per_page 20 is from Cloudflare's example; a page past the end is empty",
    source: "chosen by us",
  },
  ACCOUNT_DEFAULT: {
    rule: "account zone_defaults cannot name a set: its nameservers type stays one of the numbered-era types",
    source: "chosen by us",
  },
} as const satisfies Record<string, NameserverSetRule>;

export type NameserverSetRuleName = keyof typeof NameserverSetRules;

type RefusingRuleName = {
  [K in NameserverSetRuleName]: (typeof NameserverSetRules)[K] extends { error: object } ? K : never;
}[NameserverSetRuleName];

/** A refusal found by a set rule. */
export interface NameserverSetProblem {
  rule: RefusingRuleName;
  message: string;
}

/** One ApiError carrying every problem; the status is the first problem's. */
export function createNameserverSetError(problems: readonly NameserverSetProblem[]): ApiError {
  const first = problems[0];
  if (first === undefined) throw new Error("createNameserverSetError needs at least one problem");
  return new ApiError(
    NameserverSetRules[first.rule].error.status,
    problems.map((p) => ({ code: NameserverSetRules[p.rule].error.code, message: p.message })),
  );
}

/** Resolves and checks emulator options against the defaults. */
export function resolveNameserverSetLimits(given: Partial<NameserverSetLimits> = {}): NameserverSetLimits {
  const limits = { ...DEFAULT_NAMESERVER_SET_LIMITS, ...given };
  const whole = (field: keyof NameserverSetLimits, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    const value = limits[field];
    if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
      throw new RangeError(
        `nameserverSetLimits.${field} must be a whole number from ${min} to ${max}, got ${String(value)}`,
      );
    }
  };
  whole("maxSetsPerAccount", 0);
  whole("minNamesPerSet", 1);
  whole("maxNamesPerSet", limits.minNamesPerSet);
  whole("maxIpCount", 1);
  whole("defaultIpCount", 1, limits.maxIpCount);
  // The documentation ranges hold six disjoint IPv4 pools, so no more ip_set values than 3.
  whole("maxIpSet", 1, MAX_EMULATED_IP_SET);
  return limits;
}

/** One name of a stored set, with the addresses given to it at create. */
export interface NameserverSetNameserverRecord {
  name: string;
  ipCount: number;
  ipv4: string[];
  ipv6: string[];
  /** Only in advanced sets. */
  ipv4Groups?: AnycastGroup[];
  ipv6Groups?: AnycastGroup[];
}

/** A stored set. Never changed after create. */
export interface NameserverSetRecord {
  id: string;
  accountId: string;
  advanced: boolean;
  ipSet: number;
  createdOn: string;
  nameservers: NameserverSetNameserverRecord[];
}

/** A create request after its body parsed. */
export interface NameserverSetInput {
  nameservers: { name: string; ip_count?: number | undefined }[];
  advanced?: boolean | undefined;
  ip_set?: number | undefined;
}

/** What the rules and renderers read of the sets. */
export interface NameserverSetsView {
  get(accountId: string, setId: string): NameserverSetRecord | undefined;
  list(accountId: string): NameserverSetRecord[];
  /** Every account's sets, each account's oldest first. */
  listAll(): NameserverSetRecord[];
}
