/**
 * `AccountNameserverSet`'s create and update (the set's names added and removed as one unit, with
 * each name's glue), read (refresh and import) and delete, which refuses while zones use the set
 * and restores an adopted set's names.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import { namesOfSet, type CustomNameserver } from "../core/cloudflare";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import type { AccountNameserverSetOutputs, GlueRecord } from "./account-nameserver-set";
import { AcnsResourceError, formatSubject, isNotFound, toResourceError } from "./errors";
import { readRecord, requireKnownInputs } from "./inputs";
import { NameChangeFailure, applyNameChanges, planNameChanges } from "./nameserver-changes";
import { formatSetId, parseSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, readUnlessGone, toNameSet, warn, withResourceError } from "./shared";
import { getSession, type Session } from "./session";
import { type AccountNameserverSetInputs, normaliseSetInputs } from "./account-nameserver-set-inputs";
import { listZonesOnSet, withFreshSettings } from "./zones-on-set";

const TYPE = ResourceTypeNames.AccountNameserverSet;

export async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const { session, inputs, client, listing, current } = await readSetToChange(news);
  const { accountId, nsSet, nameservers, adopt } = inputs;
  const leftByUs =
    current.length > 0 &&
    !adopt &&
    (await isLeftByInterruptedCreate(session, accountId, nsSet, current, nameservers));
  if (leftByUs) {
    warn(
      `${TYPE} set ${nsSet} of account ${accountId}: it already held ${formatNameList(current)}, all declared here ` +
        `and used by no zone, as an interrupted create of this resource leaves it; taking them over as this resource's own`,
    );
  }
  if (current.length > 0 && !adopt && !leftByUs) {
    const declared = current.filter((n) => nameservers.includes(n));
    const others = current.filter((n) => !nameservers.includes(n));
    const holds =
      declared.length > 0 && others.length > 0
        ? `${formatNameList(declared)} (declared here) and ${formatNameList(others)}`
        : formatNameList(current);
    throw new AcnsResourceError(
      TYPE,
      declared.length > 0 ? "nameservers" : "nsSet",
      `${formatSubject(TYPE, declared.length > 0 ? "nameservers" : "nsSet", declared.length > 0 ? nameservers : nsSet)}: ` +
        `set ${nsSet} of account ${accountId} already holds ${holds}; this resource never takes over existing names ` +
        `silently; set adopt: true to manage the existing set (its names that nameservers does not list are then ` +
        `removed), or choose another set or other names`,
    );
  }
  const records = await changeNames(session, client, inputs, current, listing, "create");
  // An adopted set's names as found: delete restores exactly them.
  const found = adopt && current.length > 0 ? current : undefined;
  return { id: formatSetId(accountId, nsSet), outs: buildOutputs(inputs, records, found) };
}

export async function update(
  _id: string,
  olds: unknown,
  news: unknown,
): Promise<pulumi.dynamic.UpdateResult> {
  // Names added out of band are part of the set this resource manages: they go too.
  const { session, inputs, client, listing, current } = await readSetToChange(news);
  const records = await changeNames(session, client, inputs, current, listing, "update");
  return { outs: buildOutputs(inputs, records, readFoundNames(olds)) };
}

/** What create and update start from: the account's names (none of them in another set) and the set's. */
async function readSetToChange(news: unknown): Promise<{
  session: Session;
  inputs: AccountNameserverSetInputs;
  client: AcnsClient;
  listing: CustomNameserver[];
  current: string[];
}> {
  const session = getSession();
  const inputs = requireKnownInputs(TYPE, normaliseSetInputs(news)) as AccountNameserverSetInputs;
  const { accountId } = inputs;
  const where = { resourceType: TYPE, field: "accountId", value: accountId } as const;
  const client = getClient(session, where);
  const listing = await withResourceError(session, where, () => client.listCustomNameservers({ accountId }));
  refuseNamesInOtherSets(listing, inputs);
  return { session, inputs, client, listing, current: namesOfSet(listing, inputs.nsSet) };
}

function refuseNamesInOtherSets(
  listing: readonly CustomNameserver[],
  inputs: AccountNameserverSetInputs,
): void {
  const { accountId, nsSet, nameservers } = inputs;
  const elsewhere = listing.filter(
    (ns) => ns.ns_set !== nsSet && nameservers.includes(normaliseName(ns.ns_name)),
  );
  const first = elsewhere[0];
  if (first === undefined) return;
  const list = elsewhere.map((ns) => `"${normaliseName(ns.ns_name)}" is in set ${ns.ns_set}`).join(", ");
  throw new AcnsResourceError(
    TYPE,
    "nameservers",
    `${formatSubject(TYPE, "nameservers", nameservers)}: ${list} of account ${accountId}; a name can belong to ` +
      `one set only, and adopt never moves a name between sets; remove it from set ${first.ns_set} first, or choose another name`,
  );
}

/** Applies the changes as one unit; a failure is undone and reported with what was undone. */
async function changeNames(
  session: Session,
  client: AcnsClient,
  inputs: AccountNameserverSetInputs,
  current: readonly string[],
  listing: readonly CustomNameserver[],
  operation: "create" | "update",
): Promise<Map<string, CustomNameserver>> {
  const { accountId, nsSet, nameservers } = inputs;
  // From here on this resource's own writes decide the set's names, not what check saw.
  session.observed.setNames.delete(formatSetId(accountId, nsSet));
  const records = new Map(
    listing.filter((ns) => ns.ns_set === nsSet).map((ns) => [normaliseName(ns.ns_name), ns] as const),
  );
  try {
    const added = await applyNameChanges(client, { accountId, nsSet }, planNameChanges(current, nameservers));
    for (const [name, record] of added) records.set(name, record);
    return records;
  } catch (err) {
    if (!(err instanceof NameChangeFailure)) throw err;
    const undone = err.undone.length > 0 ? ` (${err.undone.join(", ")})` : "";
    const recovery =
      operation === "create"
        ? `they are not in Pulumi's state: delete them in the Cloudflare dashboard or API, or run pulumi up again with adopt: true`
        : "run pulumi refresh, then pulumi up again, or correct the set in the Cloudflare dashboard";
    const then =
      err.leftover.length === 0
        ? `Nothing was changed${undone}.`
        : `Undoing the earlier steps failed, so set ${nsSet} of account ${accountId} is left changed: ` +
          `${err.leftover.join(", ")}${undone}; ${recovery}.`;
    throw toResourceError(
      err.error,
      { resourceType: TYPE, field: "nameservers", value: err.failed.name, then },
      session.secrets,
    );
  } finally {
    // After the writes, whatever they did: the next refresh lists the names again.
    session.live.forgetNameserversForRead(accountId);
  }
}

export function buildOutputs(
  inputs: AccountNameserverSetInputs,
  records: ReadonlyMap<string, CustomNameserver>,
  foundNameservers: readonly string[] | undefined,
): AccountNameserverSetOutputs {
  const outs: AccountNameserverSetOutputs = {
    accountId: inputs.accountId,
    nsSet: inputs.nsSet,
    nameservers: [...inputs.nameservers],
    glueRecords: inputs.nameservers.map((name) => buildGlueRecord(name, records.get(name))),
  };
  if (foundNameservers !== undefined) outs.foundNameservers = [...foundNameservers];
  return outs;
}

/** The names an adopted set held when this resource took it over (state), if it adopted any. */
export function readFoundNames(state: unknown): string[] | undefined {
  const names = toNameSet(readRecord(state).foundNameservers);
  return names !== undefined && names.length > 0 ? names : undefined;
}

function buildGlueRecord(nsName: string, record: CustomNameserver | undefined): GlueRecord {
  const address = (type: "A" | "AAAA"): string | null =>
    record?.dns_records.find((r) => r.type === type)?.value ?? null;
  return { nsName, ipv4: address("A"), ipv6: address("AAAA") };
}

/**
 * True when set `nsSet` holds only names this resource declares and no zone uses it: what a create
 * of this resource that was interrupted (a killed CI job) leaves behind, which the stack never
 * recorded. Anything else in the set belongs to someone else and is refused.
 */
export async function isLeftByInterruptedCreate(
  session: Session,
  accountId: string,
  nsSet: number,
  held: readonly string[],
  declared: readonly string[],
): Promise<boolean> {
  if (!held.every((name) => declared.includes(name))) return false;
  const zones = await withResourceError(session, { resourceType: TYPE, field: "nsSet", value: nsSet }, () =>
    listZonesOnSet(session.live, accountId, nsSet),
  );
  return zones.length === 0;
}

export async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const { accountId, nsSet } = parseSetId(id);
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const client = getClient(session, where);
  const listing = await readUnlessGone(session, where, () => client.listCustomNameservers({ accountId }));
  // The account itself is gone: so is the set.
  if (listing === undefined) return {};
  const names = namesOfSet(listing, nsSet);
  // A set without names does not exist: an empty id tells the engine to drop the resource.
  if (names.length === 0) return {};
  const records = new Map(
    listing.filter((ns) => ns.ns_set === nsSet).map((ns) => [normaliseName(ns.ns_name), ns] as const),
  );
  const outs = buildOutputs(
    { accountId, nsSet, nameservers: names, adopt: false },
    records,
    readFoundNames(props),
  );
  return { id: formatSetId(accountId, nsSet), props: outs, inputs: { accountId, nsSet, nameservers: names } };
}

/**
 * Deletes the set's names, or for an adopted set restores the names it found (deleting only those
 * it added, re-creating found names that are gone). Leaves the set alone when another resource of
 * the same update declares it (a rename or a move into a component: that resource manages the set
 * now), and refuses while zones use the set unless what stays still has 2 names or more.
 */
export async function deleteSet(id: string, props: unknown): Promise<void> {
  const session = getSession();
  const { accountId, nsSet } = parseSetId(id);
  if (session.intents.declaresSet(accountId, nsSet)) return;
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const client = getClient(session, where);
  const listing = await readUnlessGone(session, where, () => client.listCustomNameservers({ accountId }));
  if (listing === undefined) return;
  const current = namesOfSet(listing, nsSet);
  const found = readFoundNames(props) ?? [];
  const inAccount = new Set(listing.map((ns) => normaliseName(ns.ns_name)));
  const restore = found.filter((n) => !inAccount.has(n));
  const names = current.filter((n) => !found.includes(n));
  if (names.length === 0 && restore.length === 0) return;
  const stays = current.length - names.length + restore.length;
  let zones =
    stays >= Limits.MIN_NAMES_PER_SET ? [] : await findZonesUsingSet(session, client, accountId, nsSet);
  const released = session.released.listOnSet(accountId, nsSet);
  if (zones.length > 0 && zones.every((zone) => released.has(zone))) {
    // Their bindings were deleted in this update and what they had before is not known: they go to
    // Cloudflare's nameservers before the names go, rather than the set being kept for ever.
    await releaseZones(
      session,
      client,
      zones.map((zone) => ({ zoneName: zone, zoneId: released.get(zone) ?? "" })),
      nsSet,
    );
    zones = [];
  }
  if (zones.length > 0) {
    throw new AcnsResourceError(
      TYPE,
      "nsSet",
      `${formatSubject(TYPE, "nsSet", nsSet)}: cannot delete set ${nsSet} of account ${accountId} while zones use ` +
        `it: ${formatNameList(zones)}; move ${zones.length === 1 ? "that zone" : "those zones"} to another set or ` +
        `off account custom nameservers first (change or delete ${zones.length === 1 ? "its" : "their"} ` +
        `ZoneAcnsBinding), then delete the set again`,
    );
  }
  if (restore.length > 0) {
    // The adopted names go back first, so a zone on the set keeps its names throughout.
    try {
      await applyNameChanges(
        client,
        { accountId, nsSet },
        restore.map((name) => ({ kind: "add" as const, name })),
      );
    } catch (err) {
      const failure = err instanceof NameChangeFailure ? err : undefined;
      throw toResourceError(
        failure?.error ?? err,
        {
          resourceType: TYPE,
          field: "nameservers",
          value: failure?.failed.name ?? restore,
          then: `The names set ${nsSet} held when it was adopted could not all be re-created; nothing was deleted. Run pulumi destroy again.`,
        },
        session.secrets,
      );
    } finally {
      session.live.forgetNameserversForRead(accountId);
    }
  }
  const deleted: string[] = [];
  for (const name of names) {
    try {
      await client.deleteCustomNameserver({ accountId, nsName: name });
    } catch (err) {
      // Gone already (deleted out of band meanwhile): that is what we wanted.
      if (isNotFound(err)) continue;
      const before =
        deleted.length > 0
          ? ` ${formatNameList(deleted)} ${deleted.length === 1 ? "was" : "were"} deleted before the failure;`
          : "";
      throw toResourceError(
        err,
        {
          resourceType: TYPE,
          field: "nameservers",
          value: name,
          then: `The set is not fully deleted:${before} run pulumi destroy (or up) again to finish.`,
        },
        session.secrets,
      );
    } finally {
      session.live.forgetNameserversForRead(accountId);
    }
    deleted.push(name);
  }
}

/**
 * The zones of the account on set `nsSet`, by name. Every zone's `dns_settings` is read (one GET
 * per zone): whether `GET /zones` lists a zone's custom names in `name_servers` is not documented,
 * so only the settings are trusted. Deleting a set is rare; being exact is worth the requests.
 */
async function findZonesUsingSet(
  session: Session,
  client: AcnsClient,
  accountId: string,
  nsSet: number,
): Promise<string[]> {
  const then = "Nothing was deleted: the set is only deleted once no zone is known to use it.";
  return withResourceError(session, { resourceType: TYPE, field: "nsSet", value: nsSet, then }, () =>
    listZonesOnSet(
      withFreshSettings(client, (id) => client.listZones({ accountId: id })),
      accountId,
      nsSet,
    ),
  );
}

/** Moves zones off set `nsSet` to `cloudflare.standard`, one PATCH each. */
async function releaseZones(
  session: Session,
  client: AcnsClient,
  zones: readonly { zoneName: string; zoneId: string }[],
  nsSet: number,
): Promise<void> {
  const then = "Nothing of the set was deleted; run pulumi destroy (or up) again.";
  for (const zone of zones) {
    warn(
      `${TYPE}: zone "${zone.zoneName}" is on set ${nsSet}, which is being deleted, and what it had before its ` +
        `ZoneAcnsBinding is not known; moving it to cloudflare.standard`,
    );
    await withResourceError(session, { resourceType: TYPE, field: "nsSet", value: nsSet, then }, () =>
      client.editZoneDnsSettings({ zoneId: zone.zoneId, nameservers: { type: "cloudflare.standard" } }),
    );
  }
}
