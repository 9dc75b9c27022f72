/**
 * `AccountNameserverSet`'s create and update: the set's names added and removed as one unit, and
 * the outputs with each name's glue.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import { namesOfSet, type CustomNameserver } from "../core/cloudflare";
import { normaliseName } from "../core/names";
import type { AccountNameserverSetOutputs, GlueRecord } from "./account-nameserver-set";
import { AcnsResourceError, formatSubject, toResourceError } from "./errors";
import { readRecord } from "./inputs";
import { NameChangeFailure, applyNameChanges, planNameChanges } from "./nameserver-changes";
import { formatSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, toNameSet, warn, withResourceError } from "./shared";
import { getSession, type Session } from "./session";
import { type AccountNameserverSetInputs, requireSetInputs } from "./account-nameserver-set-inputs";
import { listZonesOnSet } from "./zones-on-set";

const TYPE = ResourceTypeNames.AccountNameserverSet;

export async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const session = getSession();
  const inputs = requireSetInputs(news);
  const { accountId, nsSet, nameservers, adopt } = inputs;
  const client = getClient(session, { resourceType: TYPE, field: "accountId", value: accountId });
  const listing = await listNames(session, client, accountId);
  refuseNamesInOtherSets(listing, inputs);
  const current = namesOfSet(listing, nsSet);
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
  const session = getSession();
  const inputs = requireSetInputs(news);
  const client = getClient(session, { resourceType: TYPE, field: "accountId", value: inputs.accountId });
  const listing = await listNames(session, client, inputs.accountId);
  refuseNamesInOtherSets(listing, inputs);
  // Names added out of band are part of the set this resource manages: they go too.
  const current = namesOfSet(listing, inputs.nsSet);
  const records = await changeNames(session, client, inputs, current, listing, "update");
  return { outs: buildOutputs(inputs, records, readFoundNames(olds)) };
}

function listNames(session: Session, client: AcnsClient, accountId: string): Promise<CustomNameserver[]> {
  return withResourceError(session, { resourceType: TYPE, field: "accountId", value: accountId }, () =>
    client.listCustomNameservers({ accountId }),
  );
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
