/** What `ZoneAcnsBinding`'s operations share: the zone's setting as the state records it, and reads. */
import type { AcnsClient } from "../client";
import { namesOfSet, type ZoneSetTarget, type ZoneNameserversRead } from "../core/cloudflare";
import { findNameserverSetId, findZoneSet, ZoneRestoreTarget } from "../core/zone-nameservers";
import { getNameserverSet } from "../client/nameserver-sets";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { AcnsResourceError, formatSubject } from "./errors";
import { withResourceError } from "./shared";
import { readRecord } from "./inputs";
import { ResourceTypeNames } from "./resource-types";
import { type Session } from "./session";
import type { ZoneAcnsBindingOutputs } from "./zone-acns-binding";
import { type ZoneAcnsBindingInputs, describeField } from "./zone-acns-binding-inputs";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;

/**
 * A zone's nameserver setting as the state records it (`previousNameservers`, `liveNameservers`):
 * the type verbatim (any type, known or not), the numbered set for `custom.account`, and the
 * Custom Nameserver Set's id for `custom`. Wider than the declared `ZoneNameserversRecord`, which
 * predates the open union.
 */
export interface NameserversRecord {
  type: string;
  nsSet: number | null;
  nameserverSetId?: string;
}

/** What this runtime returns as outputs: the declared ones, with records of any type. */
export type BindingOutputs = Omit<ZoneAcnsBindingOutputs, "previousNameservers"> & {
  previousNameservers: NameserversRecord | null;
  /** Only when read finds the zone on no numbered set nor cloudflare.standard: where it is instead (see {@link read}). */
  liveNameservers?: NameserversRecord;
};

/** `restoreTo` for the state, only when given (diff and delete read it from there). */
export function withRestoreTo(restoreTo: ZoneRestoreTarget | undefined): { restoreTo?: ZoneRestoreTarget } {
  return restoreTo === undefined ? {} : { restoreTo };
}

/**
 * Records the set's names given as input in the state (diff compares against them next time);
 * without the input the state stays as it always was.
 */
export function withSetNameservers<T extends object>(
  outs: T,
  setNameservers: readonly string[] | undefined,
): T & { setNameservers?: string[] } {
  return setNameservers === undefined ? outs : { ...outs, setNameservers: [...setNameservers] };
}

/** The zone's name and account; refuses a zone that is gone or whose name differs from `zoneName`. */
export async function readZone(
  session: Session,
  inputs: ZoneAcnsBindingInputs,
): Promise<{ name: string; accountId: string }> {
  // Name and account never change, so the lookup `check()` made serves here too.
  const zone = await withResourceError(
    session,
    { resourceType: TYPE, field: "zoneId", value: inputs.zoneId },
    () => session.live.getZone(inputs.zoneId),
  );
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

export async function readZoneNameservers(
  session: Session,
  client: AcnsClient,
  zoneId: string,
  field: string,
): Promise<ZoneNameserversRead> {
  const settings = await withResourceError(session, { resourceType: TYPE, field, value: zoneId }, () =>
    client.getZoneDnsSettings({ zoneId }),
  );
  return settings.nameservers;
}

/**
 * A numbered set's names from the account's listing this process read once (refresh: every
 * binding of an account shares one listing).
 */
export async function listCachedSetNames(
  session: Session,
  accountId: string,
  nsSet: number,
): Promise<string[]> {
  const listing = await withResourceError(session, { resourceType: TYPE, field: "nsSet", value: nsSet }, () =>
    session.live.listNameserversForRead(accountId),
  );
  return namesOfSet(listing, nsSet);
}

/** The names of the binding's set, normalised and sorted (one listing, or one GET of a custom set). */
export async function listSetNames(
  session: Session,
  client: AcnsClient,
  accountId: string,
  target: ZoneSetTarget,
): Promise<string[]> {
  const value = target.type === "custom" ? target.nameserver_set_id : target.ns_set;
  return withResourceError(session, { resourceType: TYPE, field: describeField(target), value }, async () => {
    if (target.type === "custom") {
      const set = await getNameserverSet(client, { accountId, nameserverSetId: target.nameserver_set_id });
      return set.nameservers.map((ns) => normaliseName(ns.name)).sort();
    }
    return namesOfSet(await client.listCustomNameservers({ accountId }), target.ns_set);
  });
}

/** A zone's setting as the state records it; see {@link NameserversRecord}. */
export function toNameserversRecord(ns: ZoneNameserversRead): NameserversRecord {
  const nameserverSetId = findNameserverSetId(ns);
  return {
    type: ns.type,
    nsSet: findZoneSet(ns),
    ...(nameserverSetId === undefined ? {} : { nameserverSetId }),
  };
}

/** A record back in the API's shape, for the core's helpers. */
export function toWire(record: NameserversRecord): {
  type: string;
  ns_set?: number;
  nameserver_set_id?: string;
} {
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
export function readPrevious(value: unknown): NameserversRecord | null {
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
