/**
 * Cloudflare's ACNS rules as pure functions over the store's state: each takes a {@link StateView}
 * and the request and returns every problem it finds (empty = allowed); the store applies a change
 * only when the list is empty. The rules of Custom Nameserver Sets are in nameserver-set-rules.ts.
 *
 * @see ../../docs/decisions/002-emulator-error-codes.md for the choices where Cloudflare is silent
 */
import { type AccountNameserverType } from "../core/cloudflare";
import { findNameserverSetId, findZoneSet } from "../core/zone-nameservers";
import { relateZones, type ZoneRelation } from "../core/hierarchy";
import { Limits } from "../core/limits";
import { formatCount, formatOtherSets } from "../core/wording";
import { createCloudflareProblem, type Problem } from "./errors";
import { findHostnameProblem, findZoneNameProblem } from "./hostnames";
import type { AccountRecord, StateView, ZoneNameserversState, ZoneRecord } from "./model";

/** The names of one set of an account, sorted. */
export function listSetNames(view: StateView, accountId: string, nsSet: number): string[] {
  const names = view.nameservers.get(accountId);
  if (names === undefined) return [];
  return [...names.values()]
    .filter((ns) => ns.nsSet === nsSet)
    .map((ns) => ns.nsName)
    .sort();
}

/**
 * The zones of an account on a set (a set number, or a Custom Nameserver Set id), sorted by name;
 * of the store's state or a timeline state.
 */
export function listZonesOnSet<Z extends Pick<ZoneRecord, "accountId" | "name" | "nameservers">>(
  view: { readonly zones: ReadonlyMap<string, Z> },
  accountId: string,
  set: number | string,
): Z[] {
  const setOf = typeof set === "number" ? findZoneSet : findNameserverSetId;
  return [...view.zones.values()]
    .filter((z) => z.accountId === accountId && setOf(z.nameservers) === set)
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** `1 name`, `3 names`: the emulator's messages count this way. */
function describeSetSize(names: readonly string[]): string {
  if (names.length === 0) return "has no names";
  return `has ${formatCount(names.length, "name")} (${names.join(", ")})`;
}

/**
 * Cloudflare answers 1002 "This feature is not enabled for your account." verbatim; the detail
 * (for seeds and drift) says what was refused and why.
 */
export function checkEntitlement(account: AccountRecord, what: string): Problem[] {
  if (account.acnsEntitled) return [];
  return [
    createCloudflareProblem(
      "NOT_ENTITLED",
      `cannot ${what}: account ${account.id} is not entitled to account custom nameservers; they need a Business or Enterprise plan with the feature enabled by Cloudflare`,
    ),
  ];
}

/**
 * Account zone defaults (the nameservers and DNS settings new zones get) are an Enterprise option
 * (cloudflare-docs dns/additional-options/dns-zone-defaults.mdx); the refusal is ours.
 */
export function checkZoneDefaultsAllowed(account: AccountRecord, what: string): Problem[] {
  if (account.type === "enterprise") return [];
  return [
    {
      error: "ZONE_DEFAULTS_NOT_ENTERPRISE",
      message: `cannot ${what}: zone defaults are an Enterprise option and account ${account.id} is on a ${account.type} plan; set the nameservers of each zone instead (PATCH /zones/{zone_id}/dns_settings)`,
    },
  ];
}

/** Checks adding an account (out of band: seeds, tests): its id must be new. */
export function checkAddAccount(view: StateView, accountId: string): Problem[] {
  if (!view.accounts.has(accountId)) return [];
  return [{ error: "INVALID_BODY", message: `account ${accountId} already exists` }];
}

/**
 * Checks adding a zone (out of band): a valid name (`name` lowercased, `given` as sent), a new id,
 * a name new in the account. The first problem only: each makes the next moot.
 */
export function checkAddZone(
  view: StateView,
  account: AccountRecord,
  zone: { id: string; name: string; given: string },
): Problem[] {
  const problem = findZoneNameProblem(zone.name);
  const refuse = (message: string): Problem[] => [{ error: "INVALID_BODY", message }];
  if (problem !== undefined) return refuse(`zone name "${zone.given}" is not a valid zone name: ${problem}`);
  if (view.zones.has(zone.id)) return refuse(`zone ${zone.id} already exists`);
  const other = [...view.zones.values()].find((o) => o.accountId === account.id && o.name === zone.name);
  return other === undefined
    ? []
    : refuse(`zone "${zone.name}" already exists in account ${account.id} as ${other.id}`);
}

/** Checks adding `nsName` (already lowercased) to set `nsSet` of an account. */
export function checkCreateNameserver(
  view: StateView,
  account: AccountRecord,
  nsName: string,
  nsSet: number,
): Problem[] {
  const entitlement = checkEntitlement(account, `add nameserver "${nsName}"`);
  if (entitlement.length > 0) return entitlement;
  const hostnameProblem = findHostnameProblem(nsName);
  if (hostnameProblem !== undefined) {
    return [
      {
        error: "INVALID_NS_NAME",
        message: `cannot add nameserver "${nsName}": it is not a valid hostname: ${hostnameProblem}`,
      },
    ];
  }
  const problems: Problem[] = [];
  const existing = view.nameservers.get(account.id)?.get(nsName);
  if (existing !== undefined) {
    const where =
      existing.nsSet === nsSet
        ? `it is already in ns_set ${nsSet}`
        : `it already belongs to ns_set ${existing.nsSet}`;
    problems.push({
      error: "NS_NAME_EXISTS",
      message: `cannot add nameserver "${nsName}" to ns_set ${nsSet}: ${where}; a name may belong to one set only, so delete it first or choose another name`,
    });
  }
  const setNames = listSetNames(view, account.id, nsSet);
  if (existing === undefined && setNames.length >= Limits.MAX_NAMES_PER_SET) {
    problems.push({
      error: "SET_FULL",
      message: `cannot add nameserver "${nsName}" to ns_set ${nsSet}: the set already has ${setNames.length} names (${setNames.join(", ")}), the maximum is ${Limits.MAX_NAMES_PER_SET}; delete one or use another set (${formatOtherSets(nsSet)})`,
    });
  }
  return problems;
}

/** Rules the emulator can switch; each default is what Cloudflare does, as far as known. */
export interface RuleOptions {
  /**
   * Refuse (1108) to delete a name when a set that zones use would keep fewer than 2 names.
   * Cloudflare allows it (its docs only say such a set is no longer listed); the guard is ours, for
   * tests that want the old emulator. @default false
   */
  refuseShrinkingSetsInUse?: boolean;
}

/**
 * Checks deleting `nsName` from an account. The delete is allowed even when zones use the set and
 * fewer than 2 names stay (docs/decisions/009); with `refuseShrinkingSetsInUse` it is refused.
 */
export function checkDeleteNameserver(
  view: StateView,
  accountId: string,
  nsName: string,
  options: RuleOptions = {},
): Problem[] {
  const existing = view.nameservers.get(accountId)?.get(nsName);
  if (existing === undefined) {
    return [
      {
        error: "NS_NAME_NOT_FOUND",
        message: `cannot delete nameserver "${nsName}": account ${accountId} has no such custom nameserver`,
      },
    ];
  }
  if (options.refuseShrinkingSetsInUse !== true) return [];
  const zones = listZonesOnSet(view, accountId, existing.nsSet);
  const remaining = listSetNames(view, accountId, existing.nsSet).filter((n) => n !== nsName);
  if (zones.length > 0 && remaining.length < Limits.MIN_NAMES_PER_SET) {
    return [
      {
        error: "SET_IN_USE",
        message: `cannot delete nameserver "${nsName}": ns_set ${existing.nsSet} would keep ${formatCount(remaining.length, "name")} while zones use it (${zones.map((z) => z.name).join(", ")}); a set in use needs at least ${Limits.MIN_NAMES_PER_SET} names, so move those zones to another set or add a name first`,
      },
    ];
  }
  return [];
}

/** The zones of `others` (not `zone` itself) on `zone`'s chain, each with how it relates to `zone`. */
export function findChainZones(
  zone: ZoneRecord,
  others: readonly ZoneRecord[],
): { other: ZoneRecord; relation: ZoneRelation }[] {
  return others.flatMap((other) => {
    const relation = other.id === zone.id ? undefined : relateZones(zone.name, other.name);
    return relation === undefined ? [] : [{ other, relation }];
  });
}

/** Checks putting a zone on `target` nameservers (current API and deprecated one alike). */
export function checkZoneNameservers(
  view: StateView,
  account: AccountRecord,
  zone: ZoneRecord,
  target: ZoneNameserversState,
): Problem[] {
  switch (target.type) {
    case "custom.tenant":
    case "custom.zone": {
      const why =
        target.type === "custom.tenant"
          ? `account ${account.id} belongs to no tenant (the emulator models no tenants)`
          : "the zone has no zone custom nameservers (the emulator models none)";
      return [
        {
          error: "UNSUPPORTED_NAMESERVER_TYPE",
          message: `cannot set zone "${zone.name}" to nameservers type "${target.type}": ${why}; use "custom.account" or "cloudflare.standard"`,
        },
      ];
    }
    case "custom.account":
      break;
    default:
      return [];
  }
  // The target to check, not a stored zone: an ns_set out of range is refused below, not read as none.
  const nsSet = target.ns_set ?? Limits.DEFAULT_NS_SET;
  const entitlement = checkEntitlement(account, `put zone "${zone.name}" on ns_set ${nsSet}`);
  if (entitlement.length > 0) return entitlement;
  const problems: Problem[] = [];
  const names = listSetNames(view, account.id, nsSet);
  if (names.length < Limits.MIN_NAMES_PER_SET) {
    // Cloudflare: 1001 "Custom Nameserver set doesn't exist" for a set without names; a set of one
    // name is not offered to zones either, so it gets the same answer (our choice).
    problems.push(
      createCloudflareProblem(
        "SET_NOT_FOUND",
        `cannot put zone "${zone.name}" on ns_set ${nsSet}: the set ${describeSetSize(names)}; a zone needs a set with at least ${Limits.MIN_NAMES_PER_SET} names, so add names to ns_set ${nsSet} first`,
      ),
    );
  }
  // The hierarchy rule for this one zone: a problem per zone on its chain that uses the set (core's
  // `findHierarchyConflicts` finds every pair of a whole account instead).
  for (const { other, relation } of findChainZones(zone, listZonesOnSet(view, zone.accountId, nsSet))) {
    problems.push({
      error: "HIERARCHY_CONFLICT",
      message: `cannot put zone "${zone.name}" on ns_set ${nsSet}: its ${relation} "${other.name}" already uses ns_set ${nsSet}; give one of them another set (${formatOtherSets(nsSet)})`,
    });
  }
  return problems;
}

/** Checks an account's default nameserver type for new zones. */
export function checkAccountDefault(account: AccountRecord, type: AccountNameserverType): Problem[] {
  if (type === "custom.tenant") {
    return [
      {
        error: "UNSUPPORTED_NAMESERVER_TYPE",
        message: `cannot default new zones of account ${account.id} to "custom.tenant": the account belongs to no tenant (the emulator models no tenants)`,
      },
    ];
  }
  if (type === "custom.account") return checkEntitlement(account, "default new zones to custom.account");
  return [];
}

/**
 * The nameservers a new zone gets from its account's default. For `custom.account` Cloudflare tries
 * set 1, then the next sets in ascending order when a set conflicts with the hierarchy rule; the
 * emulator also skips sets with fewer than 2 names, and falls back to standard nameservers when no
 * set fits (undocumented; the zone stays reachable).
 */
export function chooseNewZoneNameservers(
  view: StateView,
  account: AccountRecord,
  zone: ZoneRecord,
): ZoneNameserversState {
  switch (account.nameserversType) {
    case "cloudflare.advanced":
      return { type: "cloudflare.advanced" };
    case "custom.account":
      for (let nsSet = Limits.MIN_NS_SET; nsSet <= Limits.MAX_NS_SET; nsSet++) {
        if (
          checkZoneNameservers(view, account, zone, { type: "custom.account", ns_set: nsSet }).length === 0
        ) {
          return { type: "custom.account", ns_set: nsSet };
        }
      }
      return { type: "cloudflare.standard" };
    default:
      return { type: "cloudflare.standard" };
  }
}
