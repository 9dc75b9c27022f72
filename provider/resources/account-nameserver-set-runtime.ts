/**
 * The run-time implementation of `AccountNameserverSet` (its names through
 * `POST/DELETE /accounts/{id}/custom_ns`): check against the account as it is, and diff.
 *
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import type * as pulumi from "@pulumi/pulumi";
import { namesOfSet, type CustomNameserver } from "../core/cloudflare";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { formatSetList } from "../core/wording";
import { describeRefusedId, toResourceError } from "./errors";
import { readRecord, type CheckFailure, type Unknown } from "./inputs";
import { formatSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import {
  formatNameList,
  getClient,
  hasFieldChanged,
  isSameNameSet,
  toNameSet,
  withResourceError,
} from "./shared";
import { getSession, type Session } from "./session";
import { containsUnknown, isUnknown } from "./unknowns";
import { ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS, normaliseSetInputs } from "./account-nameserver-set-inputs";
import {
  create,
  update,
  read,
  deleteSet,
  isLeftByInterruptedCreate,
} from "./account-nameserver-set-operations";
import { listZonesOnSet } from "./zones-on-set";

const TYPE = ResourceTypeNames.AccountNameserverSet;

async function check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseSetInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  const { accountId, nsSet, nameservers, adopt } = inputs;
  if (isUnknown(accountId) || isUnknown(nsSet) || containsUnknown(nameservers)) return { inputs };
  const live = await checkLiveSet(readRecord(olds), {
    accountId,
    nsSet,
    nameservers: nameservers as string[],
    adopt,
  });
  return live.length > 0 ? { inputs, failures: live } : { inputs };
}

/**
 * The account as it is (one cached listing per account) plus what this program declares: names
 * that sit in another set, names another set of this program declares, and a set number that
 * holds names this stack does not manage.
 */
async function checkLiveSet(
  olds: Record<string, unknown>,
  next: { accountId: string; nsSet: number; nameservers: string[]; adopt: boolean | Unknown },
): Promise<CheckFailure[]> {
  const session = getSession();
  const { accountId, nsSet, nameservers } = next;
  const intents = new Map(session.intents.listSets(accountId));
  session.intents.recordSet(accountId, nsSet, nameservers);
  let listing: CustomNameserver[];
  try {
    getClient(session, { resourceType: TYPE, field: "accountId", value: accountId });
    listing = await session.live.listNameservers(accountId);
  } catch (err) {
    const refused = describeRefusedId(err, "accountId", accountId, "account");
    if (refused !== undefined) return [{ property: "accountId", reason: refused }];
    throw toResourceError(err, { resourceType: TYPE, field: "accountId", value: accountId }, session.secrets);
  }
  const liveSetOf = new Map(listing.map((ns) => [normaliseName(ns.ns_name), ns.ns_set]));
  // The set's names now, for diff: names lost or added since the state was written (an
  // interrupted run, a change outside Pulumi) make an update, not "no changes".
  session.observed.setNames.set(formatSetId(accountId, nsSet), namesOfSet(listing, nsSet));
  const old = readOldSet(olds, session, next);
  const oldIsThisAccount = old.accountId === accountId;
  const failures: CheckFailure[] = [];

  if (
    oldIsThisAccount &&
    old.nsSet !== undefined &&
    old.nsSet !== nsSet &&
    !session.intents.findRenumberedFrom(accountId, nsSet, nameservers)
  ) {
    const refused = await checkRenumber(session, accountId, old.nsSet, nsSet, old.nameservers, nameservers);
    if (refused !== undefined) return [refused];
  }

  for (const name of nameservers) {
    const declaredElsewhere = [...intents].find(([set, names]) => set !== nsSet && names.includes(name));
    if (declaredElsewhere !== undefined) {
      failures.push({
        property: "nameservers",
        reason:
          `nameservers: nameserver "${name}" is also declared for set ${declaredElsewhere[0]} of account ${accountId} ` +
          `by another ${TYPE} of this program; a name can belong to one set only; remove it from one of them`,
      });
      continue;
    }
    const liveSet = liveSetOf.get(name);
    if (liveSet === undefined || liveSet === nsSet) continue;
    // This resource held the name in its old set: a replace deletes the old set first.
    if (oldIsThisAccount && old.nsSet === liveSet && old.nameservers.includes(name)) continue;
    // Another resource of this program takes the name out of that set.
    const planned = intents.get(liveSet);
    if (planned !== undefined && !planned.includes(name)) continue;
    failures.push({
      property: "nameservers",
      reason:
        `nameservers: nameserver "${name}" already belongs to set ${liveSet} of account ${accountId}; a name can ` +
        `belong to one set only; remove it from set ${liveSet} first, or choose another name; if the ${TYPE} ` +
        `that manages set ${liveSet} drops it in this same update, list that resource in this one's dependsOn ` +
        `so its update runs first (AccountCustomNameservers orders its own sets)`,
    });
  }

  // A set this stack already manages may hold out-of-band names: that is drift, which update corrects.
  const managesSet = oldIsThisAccount && old.nsSet === nsSet;
  if (!managesSet && next.adopt === false) {
    const taken = namesOfSet(listing, nsSet);
    if (
      taken.length > 0 &&
      !(await isLeftByInterruptedCreate(session, accountId, nsSet, taken, nameservers))
    ) {
      const used = new Set([...listing.map((ns) => ns.ns_set), ...intents.keys(), nsSet]);
      const free: number[] = [];
      for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) if (!used.has(s)) free.push(s);
      failures.push({
        property: "nsSet",
        reason:
          `nsSet: set ${nsSet} of account ${accountId} already holds ${formatNameList(taken)}, and this resource ` +
          `has no record of managing them. If this stack manages set ${nsSet} under another resource name (a ` +
          `rename, or a move into AccountCustomNameservers), add the old name to this resource's aliases ` +
          `(e.g. aliases: [{ name: "<old name>" }], or { parent: pulumi.rootStackResource } when it moved into a ` +
          `component) so Pulumi keeps managing the same set; to take over a set made outside this stack, set ` +
          `adopt: true (its names that nameservers does not list are then removed); or ` +
          (free.length > 0
            ? `choose a free set (${formatSetList(free, "or")})`
            : "free one of the account's sets first"),
      });
    }
  }
  return failures;
}

/**
 * The fields of old inputs or outputs this resource reads; anything malformed reads as absent. The
 * engine checks a replacement twice, the second time without olds: a renumbering the first check
 * accepted is then found in the session.
 */
function readOldSet(
  olds: Record<string, unknown>,
  session: Session,
  next: { accountId: string; nsSet: number; nameservers: readonly string[] },
): {
  accountId: string | undefined;
  nsSet: number | undefined;
  nameservers: string[];
} {
  if (Object.keys(olds).length === 0) {
    const from = session.intents.findRenumberedFrom(next.accountId, next.nsSet, next.nameservers);
    if (from !== undefined)
      return { accountId: next.accountId, nsSet: from, nameservers: [...next.nameservers] };
  }
  return {
    accountId: typeof olds.accountId === "string" ? olds.accountId.trim().toLowerCase() : undefined,
    nsSet: typeof olds.nsSet === "number" ? olds.nsSet : undefined,
    nameservers: toNameSet(olds.nameservers) ?? [],
  };
}

/**
 * A set moving from number `from` to `to` with some of its names: the replacement deletes the old
 * set before it creates the new one (a name belongs to one set only, and Cloudflare has no call
 * that renumbers a set). That is only safe while no zone uses the old set; then the move is
 * remembered for the engine's second check. Otherwise the refusal says what works instead.
 */
async function checkRenumber(
  session: Session,
  accountId: string,
  from: number,
  to: number,
  oldNames: readonly string[],
  names: readonly string[],
): Promise<CheckFailure | undefined> {
  const kept = names.filter((n) => oldNames.includes(n));
  if (kept.length === 0) return undefined;
  const zones = await withResourceError(session, { resourceType: TYPE, field: "nsSet", value: to }, () =>
    listZonesOnSet(session.live, accountId, from),
  );
  if (zones.length === 0) {
    session.intents.recordRenumber(accountId, to, names, from);
    return undefined;
  }
  const them = zones.length === 1 ? "it" : "them";
  const twoSteps =
    oldNames.length >= 2 * Limits.MIN_NAMES_PER_SET
      ? `or renumber in two updates: first give set ${to} ${formatNameList(oldNames.slice(0, Limits.MIN_NAMES_PER_SET))} ` +
        `(kept out of set ${from}'s nameservers) and move ${them} to set ${to}, then move the other names`
      : `or move ${them} to another set first (one with other names, which needs a delegation change at the registrar), ` +
        `renumber, then move ${them} back`;
  return {
    property: "nsSet",
    reason:
      `nsSet: set ${from} of account ${accountId} cannot become set ${to} while zones use it: ${formatNameList(zones)}; ` +
      `a name belongs to one set only and Cloudflare cannot renumber a set, so its names ` +
      `(${formatNameList(kept)}) would leave set ${from} before set ${to} could hold them, and ` +
      `${zones.length === 1 ? "that zone" : "those zones"} would be on a set with fewer than ${Limits.MIN_NAMES_PER_SET} ` +
      `names meanwhile; keep nsSet ${from}, ${twoSteps}`,
  };
}

async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS.filter((field) =>
    hasFieldChanged(old[field], next[field]),
  );
  const oldNames = toNameSet(old.nameservers);
  const newNames = toNameSet(next.nameservers);
  const namesUnknown = containsUnknown(next.nameservers);
  const live = getSession().observed.setNames.get(_id);
  const namesChanged =
    namesUnknown ||
    (oldNames !== undefined && newNames !== undefined && !isSameNameSet(oldNames, newNames)) ||
    (live !== undefined && newNames !== undefined && !isSameNameSet(live, newNames));
  if (replaces.length === 0) return { changes: namesChanged };
  // The old and new sets cannot coexist when they would share a name in one account.
  const otherAccount = !isUnknown(next.accountId) && replaces.includes("accountId");
  const overlap = namesUnknown || (oldNames ?? []).some((n) => (newNames ?? []).includes(n));
  return { changes: true, replaces, deleteBeforeReplace: !otherAccount && overlap };
}

export const accountNameserverSet = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteSet,
};
