/**
 * The run-time implementation of `ZoneAcnsBinding` (a zone's `nameservers` setting through
 * `GET/PATCH /zones/{id}/dns_settings`): check, with the hierarchy rule against the live account.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/zone/
 */
import type * as pulumi from "@pulumi/pulumi";
import { namesOfSet, type Zone, type ZoneSetTarget } from "../core/cloudflare";
import { findNameserverSetId, findZoneSet, isZoneOnTarget } from "../core/zone-nameservers";
import { getNameserverSet } from "../client/nameserver-sets";
import { Limits, NAMES_PER_SET_RANGE } from "../core/limits";
import {
  describeFreeSets,
  describeFullChain,
  describeSharedSet,
  HIERARCHY_RULE,
  listFreeSets,
  relateZones,
  type ZoneRelation,
} from "../core/hierarchy";
import { normaliseName } from "../core/names";
import { formatNameList } from "../core/wording";
import { describeRefusedId, isNotFound, toResourceError } from "./errors";
import { readRecord, type CheckFailure } from "./inputs";
import { ResourceTypeNames } from "./resource-types";
import { getClient, warn } from "./shared";
import { getSession, type Session } from "./session";
import { isUnknown } from "./unknowns";
import { normaliseBindingInputs, targetOf, describeTarget } from "./zone-acns-binding-inputs";
import { read, deleteBinding } from "./zone-acns-binding-read";
import { diff, create, update } from "./zone-acns-binding-write";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;

async function check(_olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseBindingInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  const { zoneId, nsSet, nameserverSetId, zoneName } = inputs;
  if (isUnknown(zoneId) || isUnknown(nsSet) || isUnknown(nameserverSetId)) return { inputs };
  const target = targetOf({ nsSet, nameserverSetId });
  const live = await checkLiveBinding(zoneId, target, isUnknown(zoneName) ? undefined : zoneName);
  return live.length > 0 ? { inputs, failures: live } : { inputs };
}

/** One zone on the checked zone's ancestor/descendant chain and the set it uses (or will use). */
interface ChainZone {
  name: string;
  nsSet: number | null;
  /** The Custom Nameserver Set it uses, if it uses one. */
  nameserverSetId?: string | undefined;
  /** True when the set comes from another binding of this program rather than the account. */
  planned: boolean;
  /** How it stands to the checked zone. */
  relation: ZoneRelation;
}

/**
 * The zone exists and has the given name, and no zone on its ancestor/descendant chain uses the
 * same set, judged on the account as it is (one cached zone listing per account, one settings read
 * per chain zone) with the sets this program's other bindings declare laid over it.
 */
async function checkLiveBinding(
  zoneId: string,
  target: ZoneSetTarget,
  zoneName: string | undefined,
): Promise<CheckFailure[]> {
  const nsSet = target.type === "custom.account" ? target.ns_set : null;
  const session = getSession();
  const where = { resourceType: TYPE, field: "zoneId", value: zoneId } as const;
  let zone: Zone;
  try {
    getClient(session, where);
    zone = await session.live.findZone(zoneId);
  } catch (err) {
    const refused = describeRefusedId(err, "zoneId", zoneId, "zone");
    if (refused !== undefined) return [{ property: "zoneId", reason: refused }];
    throw toResourceError(err, where, session.secrets);
  }
  const name = normaliseName(zone.name);
  if (zoneName !== undefined && zoneName !== name) {
    return [
      {
        property: "zoneName",
        reason: `zoneName "${zoneName}" does not match zone ${zoneId}, which is "${name}"; write "${name}", or leave zoneName out`,
      },
    ];
  }
  const accountId = zone.account.id;
  const planned = new Map(session.intents.zones);
  session.intents.recordZone(zoneId, {
    accountId,
    zoneName: name,
    nsSet,
    ...(target.type === "custom" ? { nameserverSetId: target.nameserver_set_id } : {}),
  });
  const field = target.type === "custom" ? "nameserverSetId" : "nsSet";
  let chain: ChainZone[];
  let small: CheckFailure | undefined;
  try {
    // Where the zone is now, for diff: a zone moved since the state was written (an interrupted
    // run, a change outside Pulumi) is then an update, not "no changes".
    const now = await session.live.getZoneNameservers(zoneId);
    session.observed.zoneNameservers.set(zoneId, now);
    if (target.type === "custom") {
      const missing = await checkNameserverSetExists(session, accountId, target.nameserver_set_id);
      if (missing !== undefined) return [missing];
    } else {
      small = await checkSetSize(session, accountId, name, target.ns_set, isZoneOnTarget(now, target));
    }
    chain = await listChainZones(session, accountId, zoneId, name, planned);
  } catch (err) {
    throw toResourceError(
      err,
      { resourceType: TYPE, field, value: target.type === "custom" ? target.nameserver_set_id : nsSet },
      session.secrets,
    );
  }
  const free = listFreeSets(chain.map((z) => z.nsSet));
  const conflicts = chain
    .filter((other) =>
      target.type === "custom"
        ? other.nameserverSetId === target.nameserver_set_id
        : other.nsSet === target.ns_set,
    )
    .map((other) => ({ property: field, reason: describeConflict(name, other, target, free) }));
  return small === undefined ? conflicts : [small, ...conflicts];
}

/**
 * A numbered set this program does not declare and that holds fewer than 2 names in the account
 * (deleting a name may leave a set in use that small: Cloudflare allows it and stops listing the
 * set). Moving a zone onto it is refused here, as Cloudflare would refuse it (1001); a zone already
 * on it gets a warning, since this binding cannot give the set its names back.
 */
async function checkSetSize(
  session: Session,
  accountId: string,
  zoneName: string,
  nsSet: number,
  alreadyOn: boolean,
): Promise<CheckFailure | undefined> {
  if (session.intents.declaresSet(accountId, nsSet)) return undefined;
  const names = namesOfSet(await session.live.listNameservers(accountId), nsSet);
  if (names.length >= Limits.MIN_NAMES_PER_SET) return undefined;
  const holds =
    names.length === 0
      ? "holds no name"
      : `holds only ${names.length === 1 ? "" : "the names "}${formatNameList(names)}`;
  const fix =
    `declare set ${nsSet} with ${NAMES_PER_SET_RANGE} names (an AccountNameserverSet) ` +
    "in this program, or put the zone on another set";
  if (alreadyOn) {
    warn(
      `${TYPE}: zone "${zoneName}" is on set ${nsSet} of account ${accountId}, which ${holds}: resolvers following ` +
        `its delegation reach fewer than ${Limits.MIN_NAMES_PER_SET} nameservers; ${fix}`,
    );
    return undefined;
  }
  return {
    property: "nsSet",
    reason:
      `nsSet: set ${nsSet} of account ${accountId} ${holds}; Cloudflare puts no zone on a set of fewer than ` +
      `${Limits.MIN_NAMES_PER_SET} names ("Custom Nameserver set doesn't exist"); ${fix}`,
  };
}

/** A failure when the account holds no Custom Nameserver Set with this id (one GET). */
async function checkNameserverSetExists(
  session: Session,
  accountId: string,
  nameserverSetId: string,
): Promise<CheckFailure | undefined> {
  try {
    await getNameserverSet(session.client(), { accountId, nameserverSetId });
    return undefined;
  } catch (err) {
    if (!isNotFound(err)) throw err;
    return {
      property: "nameserverSetId",
      reason:
        `nameserverSetId "${nameserverSetId}": account ${accountId} has no Custom Nameserver Set with this id; ` +
        "create it with a CustomNameserverSet and pass its nameserverSetId output",
    };
  }
}

async function listChainZones(
  session: Session,
  accountId: string,
  zoneId: string,
  name: string,
  planned: ReadonlyMap<string, { nsSet: number | null; nameserverSetId?: string }>,
): Promise<ChainZone[]> {
  const zones = await session.live.listZones(accountId);
  const chain: ChainZone[] = [];
  for (const other of zones) {
    const otherName = normaliseName(other.name);
    const relation = relateZones(name, otherName);
    if (other.id === zoneId || relation === undefined) continue;
    const intent = planned.get(other.id);
    if (intent !== undefined) {
      chain.push({
        name: otherName,
        nsSet: intent.nsSet,
        nameserverSetId: intent.nameserverSetId,
        planned: true,
        relation,
      });
      continue;
    }
    const ns = await session.live.getZoneNameservers(other.id);
    chain.push({
      name: otherName,
      nsSet: findZoneSet(ns),
      nameserverSetId: findNameserverSetId(ns),
      planned: false,
      relation,
    });
  }
  return chain.sort((a, b) => a.name.length - b.name.length || a.name.localeCompare(b.name));
}

function describeConflict(
  name: string,
  other: ChainZone,
  target: ZoneSetTarget,
  free: readonly number[],
): string {
  const set = describeTarget(target);
  const fix =
    target.type === "custom"
      ? `put "${name}" on another Custom Nameserver Set (this package applies the numbered sets' rule to each custom set)`
      : free.length > 0
        ? `give "${name}" another set (${describeFreeSets(free)})`
        : describeFullChain();
  const source = other.planned
    ? `; "${other.name}" is put on ${set} by another ${TYPE} of this program`
    : `; if this program moves "${other.name}" to another set in the same update, list that ${TYPE} in this ` +
      `one's dependsOn so its move runs first (AccountCustomNameservers orders its own bindings), or apply that ` +
      `move in an earlier update`;
  return (
    `${target.type === "custom" ? "nameserverSetId" : "nsSet"}: ` +
    `${describeSharedSet(name, other.relation, other.name, set)}; ${HIERARCHY_RULE}; ${fix}${source}`
  );
}

export const zoneAcnsBinding = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteBinding,
};
