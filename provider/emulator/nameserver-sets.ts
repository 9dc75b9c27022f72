/**
 * Account-owned Custom Nameserver Sets (Cloudflare's 2026 API): their state, their rules as pure
 * checks, their glue addresses and their rendering. The store owns one {@link NameserverSetState}
 * and calls it from its write methods; the routes in nameserver-set-routes.ts call the store.
 *
 * Cloudflare documents few of these sets' rules. Every rule, limit and error code the emulator
 * applies to them is in {@link NameserverSetRules}, marked as documented, observed or chosen, so a
 * choice can change in one place when Cloudflare says more.
 *
 * @see ../../docs/decisions/010-custom-nameserver-sets.md
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 */
import { createHash } from "node:crypto";
import type { AnycastGroup, NameserverSet } from "../core/custom-nameserver-sets";
import { ApiError, ErrorCodes, type ErrorSource } from "./errors";
import { findHostnameProblem, relateZones } from "./hostnames";
import type { AccountRecord, StateView, ZoneRecord } from "./model";

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
  minNamesPerSet: 2,
  maxNamesPerSet: 5,
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
/** The list's page size when the request gives none (as in Cloudflare's example answer). */
export const DEFAULT_NAMESERVER_SETS_PER_PAGE = 20;

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

const IPV4_PREFIXES = ["192.0.2", "198.51.100", "203.0.113"] as const;
const ANYCAST_GROUPS: readonly AnycastGroup[] = ["a", "b", "c"];

function poolIndex(ipSet: number, advanced: boolean): number {
  return 2 * (ipSet - 1) + (advanced ? 1 : 0);
}

/** The IPv4 address of slot `slot` of pool `pool` (slots past 126 wrap: a pool may reuse addresses). */
export function deriveSetIpv4(pool: number, slot: number): string {
  const index = pool * IPV4_ADDRESSES_PER_POOL + (slot % IPV4_ADDRESSES_PER_POOL);
  return `${IPV4_PREFIXES[Math.floor(index / 254)] ?? IPV4_PREFIXES[0]}.${(index % 254) + 1}`;
}

/** The IPv6 address of slot `slot` of an account's pool: `2001:db8:<account tag>:<pool+1>::<slot+1>`. */
export function deriveSetIpv6(accountId: string, pool: number, slot: number): string {
  const tag = createHash("sha256").update(`acns-set-pool:${accountId}`).digest("hex").slice(0, 4);
  return `2001:db8:${tag.replace(/^0+(?=.)/, "")}:${(pool + 1).toString(16)}::${(slot + 1).toString(16)}`;
}

/** Zones' use of sets, read by the rules. */
interface ZoneSetUse {
  type: string;
  nameserver_set_id?: string | undefined;
}

function usesSet(zone: { nameservers: ZoneSetUse }, setId: string): boolean {
  return zone.nameservers.type === "custom" && zone.nameservers.nameserver_set_id === setId;
}

/** The zones of an account on set `setId`, by name. */
export function listZonesOnNameserverSet(view: StateView, accountId: string, setId: string): ZoneRecord[] {
  return [...view.zones.values()]
    .filter((z) => z.accountId === accountId && usesSet(z, setId))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What the rules and renderers read of the sets. */
export interface NameserverSetsView {
  get(accountId: string, setId: string): NameserverSetRecord | undefined;
  list(accountId: string): NameserverSetRecord[];
}

/**
 * The sets of every account and the address slots their names hold. Slots are never given back, so
 * a name keeps its glue in a pool even when its set is deleted and a new one created.
 */
export class NameserverSetState implements NameserverSetsView {
  readonly limits: NameserverSetLimits;
  /** Per account: id -> set, in creation order. */
  private readonly sets = new Map<string, Map<string, NameserverSetRecord>>();
  /** Per account and pool: name -> its slots, and the next free slot. */
  private readonly slots = new Map<string, { next: number; byName: Map<string, number[]> }>();
  private seq = 0;

  constructor(limits: Partial<NameserverSetLimits> = {}) {
    this.limits = resolveNameserverSetLimits(limits);
  }

  /** Forgets every set and slot (the store's reset). */
  clear(): void {
    this.sets.clear();
    this.slots.clear();
    this.seq = 0;
  }

  /** The sets of an account, oldest first. */
  list(accountId: string): NameserverSetRecord[] {
    return [...(this.sets.get(accountId)?.values() ?? [])];
  }

  get(accountId: string, setId: string): NameserverSetRecord | undefined {
    return this.sets.get(accountId)?.get(setId);
  }

  /** Every account's sets, for views that need them all. */
  listAll(): NameserverSetRecord[] {
    return [...this.sets.values()].flatMap((m) => [...m.values()]);
  }

  /** Stores a checked set; derives its id (unless given) and addresses. */
  add(accountId: string, input: NameserverSetInput, createdOn: string, id?: string): NameserverSetRecord {
    const advanced = input.advanced ?? false;
    const ipSet = input.ip_set ?? 1;
    const pool = poolIndex(ipSet, advanced);
    const setId = id ?? this.nextId(accountId);
    const record: NameserverSetRecord = {
      id: setId,
      accountId,
      advanced,
      ipSet,
      createdOn,
      nameservers: input.nameservers.map((ns, i) => {
        const ipCount = ns.ip_count ?? this.limits.defaultIpCount;
        const slots = this.takeSlots(accountId, pool, ns.name, ipCount);
        const entry: NameserverSetNameserverRecord = {
          name: ns.name,
          ipCount,
          ipv4: slots.map((s) => deriveSetIpv4(pool, s)),
          ipv6: slots.map((s) => deriveSetIpv6(accountId, pool, s)),
        };
        if (advanced) {
          const groups = slots.map((_, k) => ANYCAST_GROUPS[(i + k) % ANYCAST_GROUPS.length] ?? "a");
          entry.ipv4Groups = groups;
          entry.ipv6Groups = [...groups];
        }
        return entry;
      }),
    };
    let sets = this.sets.get(accountId);
    if (sets === undefined) {
      sets = new Map();
      this.sets.set(accountId, sets);
    }
    sets.set(setId, record);
    return record;
  }

  delete(accountId: string, setId: string): NameserverSetRecord | undefined {
    const record = this.sets.get(accountId)?.get(setId);
    this.sets.get(accountId)?.delete(setId);
    return record;
  }

  private nextId(accountId: string): string {
    for (;;) {
      const id = createHash("sha256")
        .update(`nameserver-set:${accountId}:${++this.seq}`)
        .digest("hex")
        .slice(0, 32);
      if (this.get(accountId, id) === undefined) return id;
    }
  }

  private takeSlots(accountId: string, pool: number, name: string, count: number): number[] {
    const key = `${accountId}/${pool}`;
    let book = this.slots.get(key);
    if (book === undefined) {
      book = { next: 0, byName: new Map() };
      this.slots.set(key, book);
    }
    const held = book.byName.get(name) ?? [];
    while (held.length < count) held.push(book.next++);
    book.byName.set(name, held);
    return held.slice(0, count);
  }
}

// ---- rules ----

const CLOUDFLARE_NOT_ENTITLED = "This feature is not enabled for your account.";

/** The 1002 refusal every set call of an account without the entitlement gets. */
export function checkNameserverSetEntitlement(account: AccountRecord): NameserverSetProblem[] {
  if (account.acnsEntitled) return [];
  return [
    {
      rule: "NOT_ENTITLED",
      // Cloudflare's wording, verbatim, as for the numbered sets; `what` is not in the answer.
      message: CLOUDFLARE_NOT_ENTITLED,
    },
  ];
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Checks a create request against the account's sets and names; every problem at once. */
export function checkCreateNameserverSet(
  view: StateView,
  state: NameserverSetState,
  account: AccountRecord,
  input: NameserverSetInput,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  const { limits } = state;
  const problems: NameserverSetProblem[] = [];
  const existing = state.list(account.id);
  if (existing.length >= limits.maxSetsPerAccount) {
    problems.push({
      rule: "ACCOUNT_FULL",
      message: `cannot create a Custom Nameserver Set: account ${account.id} already has ${plural(existing.length, "set")}, the maximum is ${limits.maxSetsPerAccount}; delete a set no zone uses first`,
    });
  }
  const names = input.nameservers.map((ns) => ns.name);
  if (names.length < limits.minNamesPerSet || names.length > limits.maxNamesPerSet) {
    problems.push({
      rule: "NAME_COUNT",
      message: `cannot create a Custom Nameserver Set with ${plural(names.length, "name")}: a set holds ${limits.minNamesPerSet} to ${limits.maxNamesPerSet} names; got ${JSON.stringify(names)}`,
    });
  }
  const ipSet = input.ip_set ?? 1;
  if (ipSet > limits.maxIpSet) {
    problems.push({
      rule: "IP_SET_ABOVE_ENTITLEMENT",
      message: `cannot create a Custom Nameserver Set on ip_set ${ipSet}: account ${account.id} is entitled to ip_set 1 to ${limits.maxIpSet}; use one of those`,
    });
  }
  const seen = new Set<string>();
  const numbered = view.nameservers.get(account.id);
  input.nameservers.forEach((ns, i) => {
    const where = `nameservers[${i}].name ${JSON.stringify(ns.name)}`;
    const hostnameProblem = findHostnameProblem(ns.name.toLowerCase());
    if (hostnameProblem !== undefined) {
      problems.push({
        rule: "NAME_INVALID",
        message: `${where} is not a valid hostname: ${hostnameProblem}`,
      });
    } else if (ns.name !== ns.name.toLowerCase()) {
      problems.push({
        rule: "NAME_INVALID",
        message: `${where} has uppercase letters; send it in lowercase (${JSON.stringify(ns.name.toLowerCase())})`,
      });
    }
    if (seen.has(ns.name)) {
      problems.push({
        rule: "NAME_REPEATED",
        message: `${where} appears more than once in the set; each name of a set must be unique`,
      });
    }
    seen.add(ns.name);
    const ipCount = ns.ip_count ?? limits.defaultIpCount;
    if (!Number.isInteger(ipCount) || ipCount < 1 || ipCount > limits.maxIpCount) {
      problems.push({
        rule: "IP_COUNT_RANGE",
        message: `nameservers[${i}].ip_count must be a whole number from 1 to ${limits.maxIpCount}; got ${JSON.stringify(ns.ip_count)}`,
      });
    }
    if (!limits.allowNameInSeveralSets) {
      const other = existing.find((s) => s.nameservers.some((n) => n.name === ns.name));
      if (other !== undefined) {
        problems.push({
          rule: "NAME_IN_OTHER_SET",
          message: `${where} already belongs to Custom Nameserver Set ${other.id}; a name may be in one set only here, so delete that set first or choose another name`,
        });
      }
    }
    const numberedName = numbered?.get(ns.name);
    if (!limits.allowNumberedSetNames && numberedName !== undefined) {
      problems.push({
        rule: "NAME_IS_NUMBERED",
        message: `${where} is a custom nameserver of ns_set ${numberedName.nsSet}; delete it from /custom_ns first or choose another name`,
      });
    }
  });
  if (input.advanced === true) {
    const counts = [...new Set(input.nameservers.map((ns) => ns.ip_count ?? limits.defaultIpCount))];
    if (counts.length > 1) {
      problems.push({
        rule: "IP_COUNT_MIXED",
        message: `cannot create an advanced Custom Nameserver Set with ip_count values ${counts.join(", ")}: all names of an advanced set use the same ip_count; give every name the same value`,
      });
    }
  }
  return problems;
}

/** Checks deleting a set: it must exist and no zone may use it. */
export function checkDeleteNameserverSet(
  view: StateView,
  state: NameserverSetState,
  account: AccountRecord,
  setId: string,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  if (state.get(account.id, setId) === undefined) return [describeSetNotFound(account.id, setId)];
  const zones = listZonesOnNameserverSet(view, account.id, setId);
  if (zones.length === 0) return [];
  return [
    {
      rule: "SET_IN_USE",
      message: `cannot delete Custom Nameserver Set ${setId}: ${plural(zones.length, "zone")} use${zones.length === 1 ? "s" : ""} it (${zones.map((z) => z.name).join(", ")}); only an unassigned set can be deleted, so move those zones to another set first`,
    },
  ];
}

/** The 404 for a set id the account does not hold. */
export function describeSetNotFound(accountId: string, setId: string): NameserverSetProblem {
  return {
    rule: "SET_NOT_FOUND",
    message: `Custom Nameserver Set ${setId} not found in account ${accountId}; list the account's sets with GET /accounts/${accountId}/dns_settings/nameserver_sets`,
  };
}

/** Checks putting `zone` on set `setId`: entitlement, the set's existence, the hierarchy rule. */
export function checkZoneOnNameserverSet(
  view: StateView,
  state: NameserverSetState,
  account: AccountRecord,
  zone: ZoneRecord,
  setId: string,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  if (state.get(account.id, setId) === undefined) {
    return [
      {
        rule: "ZONE_SET_MISSING",
        message: `Custom Nameserver set doesn't exist: cannot put zone "${zone.name}" on ${JSON.stringify(setId)}, which is not a set of account ${account.id}; use an id from GET /accounts/${account.id}/dns_settings/nameserver_sets`,
      },
    ];
  }
  const problems: NameserverSetProblem[] = [];
  for (const other of listZonesOnNameserverSet(view, account.id, setId)) {
    if (other.id === zone.id) continue;
    const relation = relateZones(zone.name, other.name);
    if (relation === undefined) continue;
    problems.push({
      rule: "HIERARCHY",
      message: `cannot put zone "${zone.name}" on Custom Nameserver Set ${setId}: its ${relation} "${other.name}" already uses that set; give one of them another set`,
    });
  }
  return problems;
}

// ---- rendering ----

/** A set as Cloudflare answers it. */
export function renderNameserverSet(record: NameserverSetRecord): NameserverSet {
  const base = { id: record.id, created_on: record.createdOn, ip_set: record.ipSet };
  if (!record.advanced) {
    return {
      ...base,
      advanced: false,
      nameservers: record.nameservers.map((ns) => ({
        name: ns.name,
        ipv4: [...ns.ipv4],
        ipv6: [...ns.ipv6],
      })),
    };
  }
  return {
    ...base,
    advanced: true,
    nameservers: record.nameservers.map((ns) => ({
      name: ns.name,
      ipv4: [...ns.ipv4],
      ipv4_groups: [...(ns.ipv4Groups ?? [])],
      ipv6: [...ns.ipv6],
      ipv6_groups: [...(ns.ipv6Groups ?? [])],
    })),
  };
}

/** The names serving a zone on set `setId`, in the set's order (none if the set is gone). */
export function listNameserverSetNamesOf(view: StateView, accountId: string, setId: string): string[] {
  return view.nameserverSets.get(accountId, setId)?.nameservers.map((ns) => ns.name) ?? [];
}
