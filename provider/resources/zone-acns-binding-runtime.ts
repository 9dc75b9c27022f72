/**
 * The run-time implementation of `ZoneAcnsBinding`: a zone's `nameservers` setting through
 * `GET/PATCH /zones/{id}/dns_settings`, with the setting found at create restored on delete.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/zone/
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import {
  checkRestoreTarget,
  CloudflareId,
  describeZoneNameservers,
  findNameserverSetId,
  findZoneSet,
  isZoneOnTarget,
  namesOfSet,
  toRestoreWrite,
  toZoneNameserversWrite,
  WRITTEN_ZONE_NAMESERVER_TYPES,
  ZoneRestoreTarget,
  type Zone,
  type ZoneSetTarget,
  type ZoneNameserversRead,
  type ZoneNameserversWrite,
} from "../core/cloudflare";
import { NameserverSetId } from "../core/custom-nameserver-sets";
import { getNameserverSet } from "../client/nameserver-sets";
import { Limits } from "../core/limits";
import {
  checkHostname,
  checkZoneName,
  countLabelsBetween,
  isAncestorOrDescendant,
  isSubdomainOf,
  normaliseName,
} from "../core/names";
import { formatSetList } from "../core/validate";
import { formatNameList } from "../core/wording";
import { AcnsResourceError, describeRefusedId, formatSubject, isNotFound, toResourceError } from "./errors";
import {
  describeInput,
  readCloudflareId,
  readNsSet,
  readRecord,
  reportUnknownKeys,
  type CheckFailure,
  type Unknown,
} from "./inputs";
import { readCloudflareIdOf } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { getClient, hasFieldChanged, isSameNameSet, toNameSet, warn } from "./shared";
import { getSession, type Session } from "./session";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";
import type { ZoneAcnsBindingOutputs } from "./zone-acns-binding";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;

/**
 * A zone's nameserver setting as the state records it (`previousNameservers`, `liveNameservers`):
 * the type verbatim (any type, known or not), the numbered set for `custom.account`, and the
 * Custom Nameserver Set's id for `custom`. Wider than the declared `ZoneNameserversRecord`, which
 * predates the open union.
 */
interface NameserversRecord {
  type: string;
  nsSet: number | null;
  nameserverSetId?: string;
}

/** What this runtime returns as outputs: the declared ones, with records of any type. */
type BindingOutputs = Omit<ZoneAcnsBindingOutputs, "previousNameservers"> & {
  previousNameservers: NameserversRecord | null;
  /** Only when read finds the zone on no numbered set nor cloudflare.standard: where it is instead (see {@link read}). */
  liveNameservers?: NameserversRecord;
};

/** The inputs of a `ZoneAcnsBinding`. */
export const ZONE_ACNS_BINDING_INPUTS = [
  "zoneId",
  "nsSet",
  "nameserverSetId",
  "zoneName",
  "setNameservers",
  "restoreTo",
] as const;

/** Inputs whose change replaces the binding (its id is the zone id); the zone's set changes in place. */
export const ZONE_ACNS_BINDING_REPLACE_FIELDS = ["zoneId"] as const;

/** The checked inputs. */
export interface ZoneAcnsBindingInputs {
  zoneId: string;
  /** The numbered set; absent when the binding names a Custom Nameserver Set instead. */
  nsSet?: number;
  /** The account-owned Custom Nameserver Set; present only when given (then `nsSet` is not). */
  nameserverSetId?: string;
  /** Present only when given. */
  zoneName?: string;
  /** The set's names as its resource has them, normalised and sorted; present only when given. */
  setNameservers?: string[];
  /** Where delete puts the zone when nothing earlier is recorded; present only when given. */
  restoreTo?: ZoneRestoreTarget;
}

interface PartialBindingInputs {
  zoneId: string | Unknown;
  nsSet?: number | Unknown;
  nameserverSetId?: string | Unknown;
  zoneName?: string | Unknown;
  setNameservers?: string[] | Unknown;
  restoreTo?: ZoneRestoreTarget | Unknown;
}

// ---------------------------------------------------------------------------------------------
// Inputs

/** Normalises raw inputs; every problem becomes a {@link CheckFailure}. Pure: no API call. */
export function normaliseBindingInputs(news: unknown): {
  inputs: PartialBindingInputs;
  failures: CheckFailure[];
} {
  const raw = readRecord(news);
  const failures: CheckFailure[] = [];
  reportUnknownKeys(raw, ZONE_ACNS_BINDING_INPUTS, TYPE, failures);
  const zoneId = readCloudflareId(raw.zoneId, "zoneId", "zone", failures);
  const customGiven = raw.nameserverSetId !== undefined && raw.nameserverSetId !== null;
  const nameserverSetId = customGiven ? readNameserverSetId(raw.nameserverSetId, failures) : undefined;
  if (customGiven && raw.nsSet !== undefined && raw.nsSet !== null) {
    failures.push({
      property: "nsSet",
      reason:
        `give nsSet (a numbered set, 1-5) or nameserverSetId (a Custom Nameserver Set), not both: got nsSet ` +
        `${describeInput(raw.nsSet)} and nameserverSetId ${describeInput(raw.nameserverSetId)}; remove one`,
    });
  }
  // nsSet omitted means set 1, as in Cloudflare, unless the binding names a Custom Nameserver Set.
  const nsSet = customGiven ? undefined : readNsSet(raw.nsSet, "nsSet", failures);
  const zoneName = readZoneName(raw.zoneName, failures);
  const setNameservers = readSetNameservers(raw.setNameservers, failures);
  const restoreTo = readRestoreTo(raw.restoreTo, failures);
  const inputs: PartialBindingInputs = customGiven
    ? { zoneId: zoneId ?? "", nameserverSetId: nameserverSetId ?? "" }
    : { zoneId: zoneId ?? "", nsSet: nsSet ?? Limits.DEFAULT_NS_SET };
  if (zoneName !== undefined) inputs.zoneName = zoneName;
  if (setNameservers !== undefined) inputs.setNameservers = setNameservers;
  if (restoreTo !== undefined) inputs.restoreTo = restoreTo;
  if (nsSet !== undefined && !isUnknown(nsSet) && restoreTo !== undefined && !isUnknown(restoreTo)) {
    const problem = checkRestoreTarget(nsSet, restoreTo);
    if (problem !== undefined) {
      failures.push({
        property: "restoreTo",
        reason: `restoreTo ${JSON.stringify(restoreTo)} cannot be used: ${problem.why}; ${problem.fix}`,
      });
    }
  }
  return { inputs, failures };
}

/** A Custom Nameserver Set's id (32 characters, as Cloudflare gives it). */
function readNameserverSetId(raw: unknown, failures: CheckFailure[]): string | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  const text = typeof raw === "string" ? raw.trim() : undefined;
  const parsed = NameserverSetId.safeParse(text);
  if (!parsed.success) {
    failures.push({
      property: "nameserverSetId",
      reason:
        `nameserverSetId ${describeInput(raw)} is not a Custom Nameserver Set id: it must be 32 characters; ` +
        "pass a CustomNameserverSet's nameserverSetId output, or copy the id from the Cloudflare API",
    });
    return undefined;
  }
  return parsed.data;
}

const RESTORE_TO_FIX =
  'write {type: "custom.account", nsSet: <1-5>}, {type: "cloudflare.standard"} or {type: "cloudflare.advanced"}, or leave restoreTo out';

/**
 * Where delete puts the zone when nothing earlier is recorded (see {@link deleteBinding}): one of
 * the settings this package writes ({@link ZoneRestoreTarget}), each problem named with its field.
 */
function readRestoreTo(raw: unknown, failures: CheckFailure[]): ZoneRestoreTarget | Unknown | undefined {
  if (containsUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "object" || Array.isArray(raw)) {
    failures.push({
      property: "restoreTo",
      reason: `restoreTo must be an object, got ${describeInput(raw)}; ${RESTORE_TO_FIX}`,
    });
    return undefined;
  }
  const record = readRecord(raw);
  const before = failures.length;
  for (const key of Object.keys(record)) {
    if (key === "type" || key === "nsSet" || record[key] === undefined) continue;
    failures.push({
      property: "restoreTo",
      reason: `restoreTo.${key}: restoreTo has no field ${JSON.stringify(key)}; remove it (fields: type, nsSet)`,
    });
  }
  const { type, nsSet } = record;
  if (typeof type !== "string" || !WRITTEN_ZONE_NAMESERVER_TYPES.includes(type)) {
    failures.push({
      property: "restoreTo",
      reason: `restoreTo.type ${describeInput(type)} is not a setting this package writes; ${RESTORE_TO_FIX}`,
    });
  } else if (type === "custom.account") {
    readNsSet(nsSet, "restoreTo.nsSet", failures);
  } else if (nsSet !== undefined && nsSet !== null) {
    failures.push({
      property: "restoreTo",
      reason: `restoreTo.nsSet is only for type "custom.account", not ${JSON.stringify(type)}; remove it`,
    });
  }
  if (failures.length > before) return undefined;
  return ZoneRestoreTarget.parse(type === "custom.account" ? { type, nsSet: nsSet ?? undefined } : { type });
}

/** A recorded `restoreTo` from state; anything malformed reads as not given. */
function readRecordedRestoreTo(value: unknown): ZoneRestoreTarget | undefined {
  const parsed = ZoneRestoreTarget.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The set's names (the `AccountNameserverSet`'s `nameservers` output), normalised, without
 * duplicates and sorted, so that only a real change of the set's names shows as a change.
 */
function readSetNameservers(raw: unknown, failures: CheckFailure[]): string[] | Unknown | undefined {
  // During preview the set's output is unknown while the set itself changes.
  if (containsUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return undefined;
  const fix = "pass the AccountNameserverSet's nameservers output, or leave setNameservers out";
  if (!Array.isArray(raw)) {
    failures.push({
      property: "setNameservers",
      reason: `setNameservers must be a list of hostnames, got ${describeInput(raw)}; ${fix}`,
    });
    return undefined;
  }
  const before = failures.length;
  raw.forEach((item: unknown, i) => {
    if (typeof item !== "string") {
      failures.push({
        property: "setNameservers",
        reason: `setNameservers[${i}] must be a hostname, got ${describeInput(item)}; ${fix}`,
      });
      return;
    }
    const problem = checkHostname(normaliseName(item));
    if (problem !== undefined) {
      failures.push({
        property: "setNameservers",
        reason: `setNameservers[${i}] ${JSON.stringify(item)} is not a valid hostname: ${problem.why}; ${problem.fix}`,
      });
    }
  });
  return failures.length > before ? undefined : toNameSet(raw);
}

function readZoneName(raw: unknown, failures: CheckFailure[]): string | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== "string") {
    failures.push({
      property: "zoneName",
      reason: `zoneName must be the zone's domain name, got ${describeInput(raw)}; write it as a string such as "example.com", or leave it out`,
    });
    return undefined;
  }
  const name = normaliseName(raw);
  const problem = checkZoneName(name);
  if (problem !== undefined) {
    failures.push({
      property: "zoneName",
      reason: `zoneName ${JSON.stringify(raw)} is not a valid zone name: ${problem.why}; ${problem.fix}`,
    });
    return undefined;
  }
  return name;
}

function requireBindingInputs(news: unknown): ZoneAcnsBindingInputs {
  const { inputs, failures } = normaliseBindingInputs(news);
  if (failures.length > 0) {
    throw new AcnsResourceError(
      TYPE,
      failures[0]?.property ?? "inputs",
      `${TYPE} inputs are not valid: ${failures.map((f) => f.reason).join("; ")}`,
    );
  }
  const { zoneId, nsSet, nameserverSetId, zoneName, setNameservers, restoreTo } = inputs;
  if (
    isUnknown(zoneId) ||
    isUnknown(nsSet) ||
    isUnknown(nameserverSetId) ||
    isUnknown(zoneName) ||
    isUnknown(setNameservers) ||
    isUnknown(restoreTo)
  ) {
    throw new AcnsResourceError(
      TYPE,
      "inputs",
      `${TYPE} inputs hold values that are not known yet; the engine resolves them before create and update, so this is a bug in the caller`,
    );
  }
  const checked: ZoneAcnsBindingInputs =
    nameserverSetId !== undefined
      ? { zoneId, nameserverSetId }
      : { zoneId, nsSet: nsSet ?? Limits.DEFAULT_NS_SET };
  if (zoneName !== undefined) checked.zoneName = zoneName;
  if (setNameservers !== undefined) checked.setNameservers = setNameservers;
  if (restoreTo !== undefined) checked.restoreTo = restoreTo;
  return checked;
}

/** The set the binding puts its zone on. */
function targetOf(inputs: { nsSet?: number; nameserverSetId?: string }): ZoneSetTarget {
  return inputs.nameserverSetId !== undefined
    ? { type: "custom", nameserver_set_id: inputs.nameserverSetId }
    : { type: "custom.account", ns_set: inputs.nsSet ?? Limits.DEFAULT_NS_SET };
}

/** The set a binding's state records, or null when it records none (a refresh found the zone off). */
function recordedTarget(state: Record<string, unknown>): ZoneSetTarget | null {
  if (typeof state.nameserverSetId === "string")
    return { type: "custom", nameserver_set_id: state.nameserverSetId };
  return typeof state.nsSet === "number" ? { type: "custom.account", ns_set: state.nsSet } : null;
}

/** A set in messages: `ns_set 2`, or `custom nameserver set <id>`. */
function describeTarget(target: ZoneSetTarget): string {
  return target.type === "custom.account" ? `ns_set ${target.ns_set}` : describeZoneNameservers(target);
}

/** The set fields of the outputs: `nsSet` (null on a Custom Nameserver Set) and `nameserverSetId`. */
function targetOutputs(target: ZoneSetTarget): { nsSet: number | null; nameserverSetId?: string } {
  return target.type === "custom.account"
    ? { nsSet: target.ns_set }
    : { nsSet: null, nameserverSetId: target.nameserver_set_id };
}

// ---------------------------------------------------------------------------------------------
// check

async function check(_olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseBindingInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  const { zoneId, nsSet, nameserverSetId, zoneName } = inputs;
  // Preview with values still unknown: no API call.
  if (isUnknown(zoneId) || isUnknown(nsSet) || isUnknown(nameserverSetId)) return { inputs };
  const target = targetOf({
    ...(nsSet === undefined ? {} : { nsSet }),
    ...(nameserverSetId === undefined ? {} : { nameserverSetId }),
  });
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
  const usedOnChain = new Set(chain.map((z) => z.nsSet));
  const free: number[] = [];
  for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) if (!usedOnChain.has(s)) free.push(s);
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
    `declare set ${nsSet} with ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} names (an AccountNameserverSet) ` +
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
    if (other.id === zoneId || !isAncestorOrDescendant(name, otherName)) continue;
    const intent = planned.get(other.id);
    if (intent !== undefined) {
      chain.push({
        name: otherName,
        nsSet: intent.nsSet,
        nameserverSetId: intent.nameserverSetId,
        planned: true,
      });
      continue;
    }
    const ns = await session.live.getZoneNameservers(other.id);
    chain.push({
      name: otherName,
      nsSet: findZoneSet(ns),
      nameserverSetId: findNameserverSetId(ns),
      planned: false,
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
  const otherIsAbove = isSubdomainOf(name, other.name);
  const [deeper, upper] = otherIsAbove ? [name, other.name] : [other.name, name];
  const near = countLabelsBetween(deeper, upper) === 1;
  const relation = otherIsAbove ? (near ? "parent" : "ancestor") : near ? "child" : "descendant";
  const set = describeTarget(target);
  const fix =
    target.type === "custom"
      ? `put "${name}" on another Custom Nameserver Set (this package applies the numbered sets' rule to each custom set)`
      : free.length > 0
        ? `give "${name}" another set (${formatSetList(free, "and")} ${free.length === 1 ? "is" : "are"} free on its chain)`
        : `every set ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET} is used on its chain; take one of these zones off account custom nameservers`;
  const source = other.planned
    ? `; "${other.name}" is put on ${set} by another ${TYPE} of this program`
    : `; if this program moves "${other.name}" to another set in the same update, list that ${TYPE} in this ` +
      `one's dependsOn so its move runs first (AccountCustomNameservers orders its own bindings), or apply that ` +
      `move in an earlier update`;
  return (
    `${target.type === "custom" ? "nameserverSetId" : "nsSet"}: zone "${name}" and its ${relation} "${other.name}" both use ${set}; zones on one ` +
    `ancestor/descendant chain must use different sets; ${fix}${source}`
  );
}

// ---------------------------------------------------------------------------------------------
// diff

async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = ZONE_ACNS_BINDING_REPLACE_FIELDS.filter((field) =>
    hasFieldChanged(old[field], next[field]),
  );
  if (replaces.length > 0) {
    // The old zone is let go before the new one is bound: two zones on one chain may not share a set.
    return { changes: true, replaces, deleteBeforeReplace: true };
  }
  // A refresh that found the zone on no set (or another) records that; the update puts it back.
  const nsSetChanged = hasTargetChanged(old, next) || hasZoneMoved(next);
  // restoreTo changes only what delete will do: the update records it (and writes nothing).
  const restoreToChanged =
    containsUnknown(next.restoreTo) ||
    JSON.stringify(old.restoreTo ?? null) !== JSON.stringify(next.restoreTo ?? null);
  return { changes: nsSetChanged || restoreToChanged || hasSetNameserversChanged(old, next.setNameservers) };
}

/** True when the declared set differs from the one the state records (or the state records none). */
function hasTargetChanged(old: Record<string, unknown>, next: Record<string, unknown>): boolean {
  if (isUnknown(next.nsSet) || isUnknown(next.nameserverSetId)) return true;
  const recorded = recordedTarget(old);
  if (recorded === null) return true;
  if (typeof next.nameserverSetId === "string") {
    return recorded.type !== "custom" || recorded.nameserver_set_id !== next.nameserverSetId;
  }
  return recorded.type !== "custom.account" || hasFieldChanged(recorded.ns_set, next.nsSet);
}

/** True when check saw the zone on another set than the one declared (or off ACNS). */
function hasZoneMoved(next: { zoneId?: unknown; nsSet?: unknown; nameserverSetId?: unknown }): boolean {
  if (typeof next.zoneId !== "string") return false;
  if (typeof next.nsSet !== "number" && typeof next.nameserverSetId !== "string") return false;
  const live = getSession().observed.zoneNameservers.get(next.zoneId);
  const target = targetOf({
    ...(typeof next.nsSet === "number" ? { nsSet: next.nsSet } : {}),
    ...(typeof next.nameserverSetId === "string" ? { nameserverSetId: next.nameserverSetId } : {}),
  });
  return live !== undefined && !isZoneOnTarget(live, target);
}

/**
 * True when the set's names (the set's `nameservers` output, given as `setNameservers`) differ from
 * the names this binding last recorded: the engine then calls update, which reads the names again,
 * so `nameservers` follows the set without a refresh. The comparison is with the `nameservers`
 * output, not only with the last `setNameservers`: after a refresh found a name added out of band,
 * the set's update removes it again while its declared names (and so `setNameservers`) stay the
 * same, and the binding must drop that name from its output in the same run.
 */
function hasSetNameserversChanged(old: Record<string, unknown>, newValue: unknown): boolean {
  if (containsUnknown(newValue)) return true;
  const after = toNameSet(newValue);
  const recorded = toNameSet(old.setNameservers);
  if (after === undefined || recorded === undefined) return recorded !== after;
  const served = toNameSet(old.nameservers);
  return !isSameNameSet(recorded, after) || (served !== undefined && !isSameNameSet(served, after));
}

// ---------------------------------------------------------------------------------------------
// create, update

async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const session = getSession();
  const inputs = requireBindingInputs(news);
  const client = getClient(session, { resourceType: TYPE, field: "zoneId", value: inputs.zoneId });
  const zone = await readZone(session, inputs);
  const before = await readZoneNameservers(session, client, inputs.zoneId, "zoneId");
  // What the zone had when this binding was created, as found. Already on its own set, that says
  // nothing of what it had before (this stack may have moved it in a run interrupted before it
  // could record it): delete treats a record equal to its own set as "nothing earlier known".
  const previous: NameserversRecord = toNameserversRecord(before);
  const target = targetOf(inputs);
  await moveZone(session, client, inputs, before, zone.name);
  const nameservers = await listSetNames(session, client, zone.accountId, target);
  const outs = withSetNameservers<BindingOutputs>(
    {
      zoneId: inputs.zoneId,
      zoneName: zone.name,
      accountId: zone.accountId,
      ...targetOutputs(target),
      nameservers,
      previousNameservers: previous,
      ...withRestoreTo(inputs.restoreTo),
    },
    inputs.setNameservers,
  );
  return { id: inputs.zoneId, outs };
}

async function update(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  const session = getSession();
  const inputs = requireBindingInputs(news);
  const old = readRecord(olds);
  const client = getClient(session, { resourceType: TYPE, field: "zoneId", value: inputs.zoneId });
  const zone = await readZone(session, inputs);
  // Only the set's names changed (the zone stays on its set): nothing to write, only the names to
  // read again. A zone moved behind Pulumi's back is refresh's to find, as without this input.
  const target = targetOf(inputs);
  const onlyNamesChanged =
    inputs.setNameservers !== undefined &&
    old.zoneId === inputs.zoneId &&
    !hasTargetChanged(old, { ...inputs }) &&
    !hasZoneMoved(inputs);
  if (!onlyNamesChanged) {
    const before = await readZoneNameservers(session, client, inputs.zoneId, describeField(target));
    await moveZone(session, client, inputs, before, zone.name);
  }
  const nameservers = await listSetNames(session, client, zone.accountId, target);
  const outs = withSetNameservers<BindingOutputs>(
    {
      zoneId: inputs.zoneId,
      zoneName: zone.name,
      accountId: zone.accountId,
      ...targetOutputs(target),
      nameservers,
      previousNameservers: readPrevious(old.previousNameservers),
      ...withRestoreTo(inputs.restoreTo),
    },
    inputs.setNameservers,
  );
  return { outs };
}

/** The input that names the binding's set. */
function describeField(target: ZoneSetTarget): "nsSet" | "nameserverSetId" {
  return target.type === "custom" ? "nameserverSetId" : "nsSet";
}

/** `restoreTo` for the state, only when given (diff and delete read it from there). */
function withRestoreTo(restoreTo: ZoneRestoreTarget | undefined): { restoreTo?: ZoneRestoreTarget } {
  return restoreTo === undefined ? {} : { restoreTo };
}

/**
 * Records the set's names given as input in the state (diff compares against them next time);
 * without the input the state stays as it always was.
 */
function withSetNameservers<T extends object>(
  outs: T,
  setNameservers: readonly string[] | undefined,
): T & { setNameservers?: string[] } {
  return setNameservers === undefined ? outs : { ...outs, setNameservers: [...setNameservers] };
}

/** The zone's name and account; refuses a zone that is gone or whose name differs from `zoneName`. */
async function readZone(
  session: Session,
  inputs: ZoneAcnsBindingInputs,
): Promise<{ name: string; accountId: string }> {
  let zone: Zone;
  try {
    // Name and account never change, so the lookup `check()` made serves here too.
    zone = await session.live.getZone(inputs.zoneId);
  } catch (err) {
    throw toResourceError(
      err,
      { resourceType: TYPE, field: "zoneId", value: inputs.zoneId },
      session.secrets,
    );
  }
  const name = normaliseName(zone.name);
  if (inputs.zoneName !== undefined && inputs.zoneName !== name) {
    throw new AcnsResourceError(
      TYPE,
      "zoneName",
      `${formatSubject(TYPE, "zoneName", inputs.zoneName)}: zone ${inputs.zoneId} is "${name}"; write "${name}", or leave zoneName out`,
    );
  }
  return { name, accountId: zone.account.id };
}

async function readZoneNameservers(
  session: Session,
  client: AcnsClient,
  zoneId: string,
  field: string,
): Promise<ZoneNameserversRead> {
  try {
    return (await client.getZoneDnsSettings({ zoneId })).nameservers;
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field, value: zoneId }, session.secrets);
  }
}

/**
 * Puts the zone on `inputs.nsSet` unless it is there already. When the PATCH fails after its
 * retries, the zone is read again: a change that did land is reverted, so the operation either
 * happened or not.
 */
async function moveZone(
  session: Session,
  client: AcnsClient,
  inputs: ZoneAcnsBindingInputs,
  before: ZoneNameserversRead,
  zoneName: string,
): Promise<void> {
  // From here on this binding's own write decides where the zone is, not what check saw.
  session.observed.zoneNameservers.delete(inputs.zoneId);
  const target = targetOf(inputs);
  if (isZoneOnTarget(before, target)) return;
  try {
    await client.editZoneDnsSettings({ zoneId: inputs.zoneId, nameservers: target });
    session.live.recordZoneNameservers(inputs.zoneId, target);
  } catch (err) {
    const then = await revertZone(client, inputs.zoneId, before, target, zoneName);
    const field = describeField(target);
    throw toResourceError(
      err,
      {
        resourceType: TYPE,
        field,
        value: field === "nsSet" ? (inputs.nsSet ?? null) : (inputs.nameserverSetId ?? null),
        then,
      },
      session.secrets,
    );
  }
}

async function revertZone(
  client: AcnsClient,
  zoneId: string,
  before: ZoneNameserversRead,
  target: ZoneSetTarget,
  zoneName: string,
): Promise<string> {
  try {
    const now = (await client.getZoneDnsSettings({ zoneId })).nameservers;
    if (!isZoneOnTarget(now, target)) return `Zone "${zoneName}" was not changed.`;
    const back = toZoneNameserversWrite(before);
    const set = describeTarget(target);
    if (back === undefined) {
      return (
        `Zone "${zoneName}" had been moved to ${set} before the failure was seen; it had ` +
        `${describeZoneNameservers(before)}, which this package does not write, so it was left on ${set}: ` +
        `run pulumi up again, or put it back in the Cloudflare dashboard.`
      );
    }
    await client.editZoneDnsSettings({ zoneId, nameservers: back });
    return `Zone "${zoneName}" had been moved before the failure was seen and was put back to ${describeZoneNameservers(back)}.`;
  } catch {
    return (
      `Whether zone "${zoneName}" was moved is not known (reading it back failed too); run pulumi refresh, ` +
      `and check its nameservers in the Cloudflare dashboard.`
    );
  }
}

/**
 * A numbered set's names from the account's listing this process read once (refresh: every
 * binding of an account shares one listing).
 */
async function listCachedSetNames(session: Session, accountId: string, nsSet: number): Promise<string[]> {
  try {
    return namesOfSet(await session.live.listNameserversForRead(accountId), nsSet);
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field: "nsSet", value: nsSet }, session.secrets);
  }
}

/** The names of the binding's set, normalised and sorted (one listing, or one GET of a custom set). */
async function listSetNames(
  session: Session,
  client: AcnsClient,
  accountId: string,
  target: ZoneSetTarget,
): Promise<string[]> {
  try {
    if (target.type === "custom") {
      const set = await getNameserverSet(client, { accountId, nameserverSetId: target.nameserver_set_id });
      return set.nameservers.map((ns) => normaliseName(ns.name)).sort();
    }
    return namesOfSet(await client.listCustomNameservers({ accountId }), target.ns_set);
  } catch (err) {
    const field = describeField(target);
    const value = target.type === "custom" ? target.nameserver_set_id : target.ns_set;
    throw toResourceError(err, { resourceType: TYPE, field, value }, session.secrets);
  }
}

/** A zone's setting as the state records it; see {@link NameserversRecord}. */
function toNameserversRecord(ns: ZoneNameserversRead): NameserversRecord {
  const nameserverSetId = findNameserverSetId(ns);
  return {
    type: ns.type,
    nsSet: findZoneSet(ns),
    ...(nameserverSetId === undefined ? {} : { nameserverSetId }),
  };
}

/** A record back in the API's shape, for the core's helpers. */
function toWire(record: NameserversRecord): { type: string; ns_set?: number; nameserver_set_id?: string } {
  return {
    type: record.type,
    ...(record.nsSet === null ? {} : { ns_set: record.nsSet }),
    ...(record.nameserverSetId === undefined ? {} : { nameserver_set_id: record.nameserverSetId }),
  };
}

/**
 * A recorded previous setting from state, of any type (one this package cannot write is kept, so
 * delete can refuse to restore it rather than guess); anything malformed reads as unknown (null).
 */
function readPrevious(value: unknown): NameserversRecord | null {
  const record = readRecord(value);
  if (typeof record.type !== "string" || record.type === "") return null;
  const nsSet = typeof record.nsSet === "number" ? record.nsSet : null;
  const nameserverSetId = typeof record.nameserverSetId === "string" ? record.nameserverSetId : undefined;
  return {
    type: record.type,
    nsSet: record.type === "custom.account" ? (nsSet ?? Limits.DEFAULT_NS_SET) : null,
    ...(record.type === "custom" && nameserverSetId !== undefined ? { nameserverSetId } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// read, delete

async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const zoneId = readCloudflareIdOf(TYPE, id, "zone");
  const client = getClient(session, where);
  const state = readRecord(props);
  let ns: ZoneNameserversRead;
  try {
    // Always fresh: a zone deleted since is caught here.
    ns = (await client.getZoneDnsSettings({ zoneId })).nameservers;
  } catch (err) {
    // The zone is gone, and the binding with it: an empty id tells the engine to drop the resource.
    if (isNotFound(err)) return {};
    throw toResourceError(err, where, session.secrets);
  }
  const found = findLiveTarget(ns);
  // A zone's name and account never change: the state has them (one GET per refresh, plus one
  // listing of names per account and process). The zone itself is read only for an import (no
  // state), a state written before accountId was recorded, or a zone on no set (its own names).
  let zoneName = typeof state.zoneName === "string" ? normaliseName(state.zoneName) : undefined;
  const recordedAccount = CloudflareId.safeParse(state.accountId);
  let accountId = recordedAccount.success ? recordedAccount.data : undefined;
  let nameservers: string[] = [];
  if (zoneName === undefined || accountId === undefined || found === null) {
    let zone: Zone;
    try {
      zone = await session.live.getZone(zoneId);
    } catch (err) {
      if (isNotFound(err)) return {};
      throw toResourceError(err, where, session.secrets);
    }
    zoneName = normaliseName(zone.name);
    accountId = zone.account.id;
    nameservers = zone.name_servers.map(normaliseName).sort();
  }
  if (found?.type === "custom.account") {
    nameservers = await listCachedSetNames(session, accountId, found.ns_set);
  } else if (found?.type === "custom") {
    try {
      const set = await getNameserverSet(client, { accountId, nameserverSetId: found.nameserver_set_id });
      nameservers = set.nameservers.map((ns) => normaliseName(ns.name)).sort();
    } catch (err) {
      // A Custom Nameserver Set gone from under the zone: the names the zone lists stand.
      if (!isNotFound(err)) {
        throw toResourceError(
          err,
          { resourceType: TYPE, field: "nameserverSetId", value: found.nameserver_set_id },
          session.secrets,
        );
      }
      nameservers = (await session.live.getZone(zoneId)).name_servers.map(normaliseName).sort();
    }
  }
  // The set's names as last given stay recorded: they are an input, not something read here.
  const setNameservers = toNameSet(state.setNameservers);
  const restoreTo = withRestoreTo(readRecordedRestoreTo(state.restoreTo));
  // On a numbered set: nsSet; on a Custom Nameserver Set: nsSet null and nameserverSetId. On
  // neither, nsSet is null and, unless the zone is simply on cloudflare.standard (which its
  // nameservers output shows), liveNameservers says where it is instead: cloudflare.advanced,
  // tenant or zone custom nameservers, a type we do not know.
  const outs = withSetNameservers<BindingOutputs>(
    {
      zoneId,
      zoneName,
      accountId,
      ...(found === null ? { nsSet: null } : targetOutputs(found)),
      nameservers,
      previousNameservers: readPrevious(state.previousNameservers),
      ...(found === null && ns.type !== "cloudflare.standard"
        ? { liveNameservers: toNameserversRecord(ns) }
        : {}),
      ...restoreTo,
    },
    setNameservers,
  );
  // Off custom nameservers the zone has no set to put in the inputs: they stay as they were.
  if (found === null) return { id: zoneId, props: outs };
  const setInput =
    found.type === "custom" ? { nameserverSetId: found.nameserver_set_id } : { nsSet: found.ns_set };
  return {
    id: zoneId,
    props: outs,
    inputs: withSetNameservers({ zoneId, ...setInput, zoneName, ...restoreTo }, setNameservers),
  };
}

/** The numbered or Custom Nameserver Set a zone's setting puts it on, or null for anything else. */
function findLiveTarget(ns: ZoneNameserversRead): ZoneSetTarget | null {
  const nsSet = findZoneSet(ns);
  if (nsSet !== null) return { type: "custom.account", ns_set: nsSet };
  const setId = NameserverSetId.safeParse(findNameserverSetId(ns));
  return setId.success ? { type: "custom", nameserver_set_id: setId.data } : null;
}

/**
 * Takes the zone back to what it had before the binding, but only while it is still on this
 * binding's set: a zone someone moved meanwhile is left where they put it. When nothing earlier is
 * known (an import, or a create that found the zone already on its set), the zone goes to the
 * binding's `restoreTo`; without one it stays on its set, and a delete of that set in the same
 * update moves it to `cloudflare.standard` first.
 */
async function deleteBinding(id: string, props: unknown): Promise<void> {
  const session = getSession();
  const zoneId = readCloudflareIdOf(TYPE, id, "zone");
  // Another binding of this same update declares the zone (a rename, a move into a component): it
  // manages the zone now, and has already put it where it belongs.
  if (session.intents.zones.has(zoneId)) return;
  const state = readRecord(props);
  const ours = recordedTarget(state);
  const where = {
    resourceType: TYPE,
    field: ours === null ? "nsSet" : describeField(ours),
    value: ours?.type === "custom" ? ours.nameserver_set_id : (state.nsSet ?? null),
  } as const;
  const client = getClient(session, where);
  let now: ZoneNameserversRead;
  try {
    now = (await client.getZoneDnsSettings({ zoneId })).nameservers;
  } catch (err) {
    if (isNotFound(err)) return;
    throw toResourceError(err, where, session.secrets);
  }
  if (ours === null || !isZoneOnTarget(now, ours)) return;
  const set = describeTarget(ours);
  const zoneName = typeof state.zoneName === "string" ? state.zoneName : zoneId;
  const previous = readPrevious(state.previousNameservers);
  let target: ZoneNameserversWrite | undefined;
  let origin: string;
  if (previous === null || isZoneOnTarget(toWire(previous), ours)) {
    // Nothing earlier is known (none recorded, or the zone was on this very set when the binding
    // was created).
    const restoreTo = readRecordedRestoreTo(state.restoreTo);
    if (restoreTo === undefined) {
      // It stays on its set. A numbered set deleted in this same update moves it to
      // cloudflare.standard first; a Custom Nameserver Set's delete names it instead.
      if (ours.type === "custom.account") {
        const zone = await readZone(session, { zoneId, nsSet: ours.ns_set });
        session.released.record(zoneId, {
          accountId: zone.accountId,
          zoneName: zone.name,
          nsSet: ours.ns_set,
        });
      }
      return;
    }
    target = toRestoreWrite(restoreTo);
    origin = "its restoreTo: what it had before this binding is not known";
    if (!isZoneOnTarget(target, ours)) {
      warn(
        `${TYPE}: what zone "${zoneName}" had before this binding is not known; moving it from ${set} ` +
          `to its restoreTo, ${describeZoneNameservers(target)}`,
      );
    }
  } else {
    target = toZoneNameserversWrite(toWire(previous));
    origin = "what it had before this binding";
    if (target === undefined) {
      // Tenant or zone custom nameservers, a type we do not know: this package does not write
      // those, so it refuses rather than put the zone somewhere else.
      throw new AcnsResourceError(
        TYPE,
        "previousNameservers",
        `${formatSubject(TYPE, "previousNameservers", previous)}: cannot give zone "${zoneName}" back its ` +
          `${describeZoneNameservers(toWire(previous))} (what it had before this binding): this package writes only ` +
          `custom.account sets, Custom Nameserver Sets, cloudflare.standard and cloudflare.advanced, so the zone ` +
          `stays on ${set}; put it back in the Cloudflare dashboard or API, then run pulumi destroy again (the ` +
          `binding then leaves the zone where it is)`,
      );
    }
  }
  // The zone is on this binding's set now: restoring that very set writes nothing.
  if (isZoneOnTarget(target, ours)) return;
  try {
    await client.editZoneDnsSettings({ zoneId, nameservers: target });
  } catch (err) {
    throw toResourceError(
      err,
      {
        ...where,
        then:
          `Zone "${zoneName}" is still on ${set}; it was to go back to ${describeZoneNameservers(target)} ` +
          `(${origin}). Make that possible (e.g. free that set on the zone's chain) and ` +
          `run pulumi destroy again, or set the zone's nameservers in the Cloudflare dashboard.`,
      },
      session.secrets,
    );
  }
}

/** The implementation the serialized `ZoneAcnsBinding` provider forwards to. */
export const zoneAcnsBinding = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteBinding,
};
