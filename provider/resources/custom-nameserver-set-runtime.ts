/**
 * The run-time implementation of `CustomNameserverSet`, created and deleted through
 * `/accounts/{id}/dns_settings/nameserver_sets`. A set is immutable: every change replaces it.
 *
 * Only Cloudflare's documented rules are checked before a request: names in normal form and each
 * once, one `ipCount` for every name of an advanced set, `ipSet` at least 1. The limits Cloudflare
 * does not document (2-5 names per set, `ip_count` 1-4, sets per account, the `ip_set` maximum; see
 * docs/decisions/010) are deliberately left to the API, which answers them at create: refusing them
 * here would refuse what Cloudflare may accept.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  createNameserverSet,
  deleteNameserverSet,
  getNameserverSet,
  isCloudflareApiError,
  listNameserverSets,
} from "../client";
import { findNameserverSetId } from "../core/zone-nameservers";
import {
  ASSUMED_DEFAULT_IP_COUNT,
  CustomNameserverSetSpec,
  ipCountOfSetEntry,
  nameOfSetEntry,
  type NameserverSet,
  type StandardNameserverSetNameserver,
} from "../core/custom-nameserver-sets";
import { normaliseName } from "../core/names";
import { listZonesUsing, withFreshSettings } from "./zones-on-set";
import type {
  CustomNameserverSetGlue,
  CustomNameserverSetNameserver,
  CustomNameserverSetOutputs,
} from "./custom-nameserver-set";
import { AcnsResourceError, formatSubject, toResourceError } from "./errors";
import { readRecord, requireKnownInputs } from "./inputs";
import { formatCustomSetId, parseCustomSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, readUnlessGone, hasFieldChanged, withResourceError } from "./shared";
import { getSession } from "./session";
import { containsUnknown, isUnknown } from "./unknowns";
import {
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
  normaliseCustomSetInputs,
} from "./custom-nameserver-set-inputs";

const TYPE = ResourceTypeNames.CustomNameserverSet;

/** Checks the inputs only: nothing about the account decides whether a set may be created (names may be in several sets, docs/decisions/010). */
async function check(_olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseCustomSetInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  return { inputs: { ...inputs } };
}

/**
 * A name as diff compares it: `name` or `name#count`. An omitted count and a count equal to the
 * default it stands for compare equal (the state of an imported set lists plain names).
 */
function toEntryKey(entry: unknown): string | undefined {
  if (isUnknown(entry)) return undefined;
  if (typeof entry === "string") return `${normaliseName(entry)}#${ASSUMED_DEFAULT_IP_COUNT}`;
  const record = readRecord(entry);
  if (typeof record.name !== "string") return undefined;
  const count = typeof record.ipCount === "number" ? record.ipCount : ASSUMED_DEFAULT_IP_COUNT;
  return `${normaliseName(record.name)}#${count}`;
}

/** Whether the names changed: order counts (it is part of the set), case and a trailing dot do not. */
function haveNamesChanged(oldValue: unknown, newValue: unknown): boolean {
  if (containsUnknown(newValue)) return true;
  // State written without names (never by this version) counts as unchanged, as hasFieldChanged does.
  if (!Array.isArray(oldValue) || !Array.isArray(newValue)) return false;
  const left = oldValue.map(toEntryKey);
  const right = newValue.map(toEntryKey);
  return left.length !== right.length || left.some((key, i) => key === undefined || key !== right[i]);
}

/**
 * Every change replaces: Cloudflare has no update for a set. The new set is created before the old
 * one is deleted (a name may be in two sets), so zones can move from the old set to the new one.
 */
async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = CUSTOM_NAMESERVER_SET_REPLACE_FIELDS.filter((field) =>
    field === "nameservers"
      ? haveNamesChanged(old.nameservers, next.nameservers)
      : hasFieldChanged(old[field], next[field]),
  );
  if (replaces.length === 0) return { changes: false };
  return { changes: true, replaces, deleteBeforeReplace: false };
}

/**
 * Creates the set. The account's sets are listed first, so that after a lost answer the client
 * takes only a set that did not exist before this call as the one it created: never a second set.
 */
async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const session = getSession();
  // The shape every later step relies on, asserted once.
  const inputs = CustomNameserverSetSpec.parse(
    requireKnownInputs(TYPE, normaliseCustomSetInputs(news), "create"),
  );
  const { accountId, nameservers, advanced, ipSet } = inputs;
  const where = { resourceType: TYPE, field: "accountId", value: accountId } as const;
  const client = getClient(session, where);
  const existing = await withResourceError(session, where, () => listNameserverSets(client, { accountId }));
  let set: NameserverSet;
  try {
    set = await createNameserverSet(client, {
      accountId,
      nameservers: nameservers.map((e) => ({ name: nameOfSetEntry(e), ipCount: ipCountOfSetEntry(e) })),
      advanced,
      ipSet,
      existingIds: existing.map((s) => s.id),
    });
  } catch (err) {
    // Refused on its rules (a limit Cloudflare does not document, say): not a stale state, no set made.
    const refused = isCloudflareApiError(err) && err.status === 400;
    throw toResourceError(
      err,
      {
        resourceType: TYPE,
        field: "nameservers",
        value: nameservers.map(nameOfSetEntry),
        ...(refused ? { then: "No set was created; change the inputs as Cloudflare's answer says." } : {}),
      },
      session.secrets,
    );
  }
  return { id: formatCustomSetId(accountId, set.id), outs: buildOutputs(accountId, set, nameservers) };
}

/** Never called: diff replaces on every change. Refuses rather than write anything. */
async function update(id: string, _olds: unknown, _news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  throw new AcnsResourceError(
    TYPE,
    "id",
    `${formatSubject(TYPE, "id", id)}: a Custom Nameserver Set cannot be updated, Cloudflare has no call that ` +
      `changes one, and this resource's diff replaces it on every change; the engine asked for an update anyway, ` +
      `which is a bug: nothing was changed; run pulumi refresh, then pulumi up again, and report it`,
  );
}

function buildOutputs(
  accountId: string,
  set: NameserverSet,
  nameservers: readonly CustomNameserverSetNameserver[],
): CustomNameserverSetOutputs {
  return {
    accountId,
    nameserverSetId: set.id,
    nameservers: nameservers.map((e) => (typeof e === "string" ? e : { ...e })),
    advanced: set.advanced,
    ipSet: set.ip_set,
    createdOn: set.created_on,
    glueRecords: buildGlueRecords(set),
  };
}

function buildGlueRecords(set: NameserverSet): CustomNameserverSetGlue[] {
  const glue = (ns: StandardNameserverSetNameserver): CustomNameserverSetGlue => ({
    nsName: normaliseName(ns.name),
    ipv4: [...ns.ipv4],
    ipv6: [...ns.ipv6],
  });
  if (!set.advanced) return set.nameservers.map(glue);
  return set.nameservers.map((ns) => ({
    ...glue(ns),
    ipv4Groups: [...ns.ipv4_groups],
    ipv6Groups: [...ns.ipv6_groups],
  }));
}

/**
 * The names of a live set as inputs: the plain name, or `{name, ipCount}` when the name has a count
 * other than the one a name without `ipCount` gets.
 */
function toEntries(set: NameserverSet): CustomNameserverSetNameserver[] {
  return set.nameservers.map((ns) => {
    const name = normaliseName(ns.name);
    const count = Math.max(ns.ipv4.length, ns.ipv6.length);
    return count === ASSUMED_DEFAULT_IP_COUNT ? name : { name, ipCount: count };
  });
}

/**
 * Reads the set by id; gone means an empty answer, which drops it from the state. Works from the
 * id alone (`import`): the inputs are then rebuilt from the live set. With a state whose names
 * match the live set, the names stay as the program gave them.
 */
async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const { accountId, nameserverSetId } = parseCustomSetId(id);
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const client = getClient(session, where);
  const set = await readUnlessGone(session, where, () =>
    getNameserverSet(client, { accountId, nameserverSetId }),
  );
  if (set === undefined) return {};
  const live = toEntries(set);
  const recorded = readRecord(props).nameservers;
  const nameservers =
    Array.isArray(recorded) && !haveNamesChanged(recorded, live)
      ? (recorded as CustomNameserverSetNameserver[])
      : live;
  const outs = buildOutputs(accountId, set, nameservers);
  return {
    id: formatCustomSetId(accountId, set.id),
    props: outs,
    inputs: { accountId, nameservers: outs.nameservers, advanced: outs.advanced, ipSet: outs.ipSet },
  };
}

/**
 * Deletes the set. Cloudflare refuses to delete a set a zone still uses, so the account's zones
 * are looked at first and the delete is refused naming them. A set already gone is deleted.
 */
async function deleteSet(id: string, _props: unknown): Promise<void> {
  const session = getSession();
  const { accountId, nameserverSetId } = parseCustomSetId(id);
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  const where = { resourceType: TYPE, field: "nameserverSetId", value: nameserverSetId } as const;
  const then = "Nothing was deleted: the set is only deleted once no zone is known to use it.";
  const zones = await readUnlessGone(session, { ...where, then }, () =>
    listZonesUsing(
      // The zones from the session's cache, each zone's setting fresh.
      withFreshSettings(client, (account) => session.live.listZones(account)),
      accountId,
      (ns) => findNameserverSetId(ns) === nameserverSetId,
    ),
  );
  // The account itself is gone: so is the set.
  if (zones === undefined) return;
  if (zones.length > 0) {
    const those = zones.length === 1 ? "that zone" : "those zones";
    throw new AcnsResourceError(
      TYPE,
      "nameserverSetId",
      `${formatSubject(TYPE, "nameserverSetId", nameserverSetId)}: cannot delete Custom Nameserver Set ` +
        `${nameserverSetId} of account ${accountId} while zones use it: ${formatNameList(zones)}; Cloudflare ` +
        `deletes only a set no zone uses; move ${those} to another set first (give ${zones.length === 1 ? "its" : "their"} ` +
        `ZoneAcnsBinding another nameserverSetId, or delete ${zones.length === 1 ? "it" : "them"}), then delete the set again`,
    );
  }
  // Gone already (deleted out of band meanwhile): that is what we wanted.
  await readUnlessGone(session, where, () => deleteNameserverSet(client, { accountId, nameserverSetId }));
}

export const customNameserverSet = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteSet,
};
