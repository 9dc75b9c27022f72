/**
 * The rules of Custom Nameserver Sets as pure checks over the state: each takes a {@link StateView}
 * and the request, and returns every problem it finds (empty = allowed). The store applies a change
 * only when the list is empty.
 *
 * @see ./nameserver-sets.ts for the table of rules, limits and codes
 */
import { ErrorCodes } from "./errors";
import { findHostnameProblem } from "./hostnames";
import type { AccountRecord, StateView, ZoneRecord } from "./model";
import type { NameserverSetInput, NameserverSetProblem } from "./nameserver-sets";
import { formatCount } from "../core/wording";
import { findChainZones, listZonesOnSet } from "./rules";

/** The 1002 refusal every set call of an account without the entitlement gets. */
export function checkNameserverSetEntitlement(account: AccountRecord): NameserverSetProblem[] {
  // Cloudflare's wording, verbatim, as for the numbered sets.
  return account.acnsEntitled ? [] : [{ rule: "NOT_ENTITLED", message: ErrorCodes.NOT_ENTITLED.message }];
}

/** Checks a create request against the account's sets and names; every problem at once. */
export function checkCreateNameserverSet(
  view: StateView,
  account: AccountRecord,
  input: NameserverSetInput,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  const limits = view.nameserverSetLimits;
  const problems: NameserverSetProblem[] = [];
  const existing = view.nameserverSets.list(account.id);
  if (existing.length >= limits.maxSetsPerAccount) {
    problems.push({
      rule: "ACCOUNT_FULL",
      message: `cannot create a Custom Nameserver Set: account ${account.id} already has ${formatCount(existing.length, "set")}, the maximum is ${limits.maxSetsPerAccount}; delete a set no zone uses first`,
    });
  }
  const names = input.nameservers.map((ns) => ns.name);
  if (names.length < limits.minNamesPerSet || names.length > limits.maxNamesPerSet) {
    problems.push({
      rule: "NAME_COUNT",
      message: `cannot create a Custom Nameserver Set with ${formatCount(names.length, "name")}: a set holds ${limits.minNamesPerSet} to ${limits.maxNamesPerSet} names; got ${JSON.stringify(names)}`,
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
  account: AccountRecord,
  setId: string,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  if (view.nameserverSets.get(account.id, setId) === undefined)
    return [describeSetNotFound(account.id, setId)];
  const zones = listZonesOnSet(view, account.id, setId);
  if (zones.length === 0) return [];
  return [
    {
      rule: "SET_IN_USE",
      message: `cannot delete Custom Nameserver Set ${setId}: ${formatCount(zones.length, "zone")} use${zones.length === 1 ? "s" : ""} it (${zones.map((z) => z.name).join(", ")}); only an unassigned set can be deleted, so move those zones to another set first`,
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
  account: AccountRecord,
  zone: ZoneRecord,
  setId: string,
): NameserverSetProblem[] {
  const entitlement = checkNameserverSetEntitlement(account);
  if (entitlement.length > 0) return entitlement;
  if (view.nameserverSets.get(account.id, setId) === undefined) {
    return [
      {
        rule: "ZONE_SET_MISSING",
        message: `Custom Nameserver set doesn't exist: cannot put zone "${zone.name}" on ${JSON.stringify(setId)}, which is not a set of account ${account.id}; use an id from GET /accounts/${account.id}/dns_settings/nameserver_sets`,
      },
    ];
  }
  return findChainZones(zone, listZonesOnSet(view, account.id, setId)).map(({ other, relation }) => ({
    rule: "HIERARCHY",
    message: `cannot put zone "${zone.name}" on Custom Nameserver Set ${setId}: its ${relation} "${other.name}" already uses that set; give one of them another set`,
  }));
}
