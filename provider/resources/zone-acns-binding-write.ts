/**
 * `ZoneAcnsBinding`'s diff, create and update: what changed, and moving the zone onto its set
 * (undone when a later step fails).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import { type ZoneSetTarget, type ZoneNameserversRead } from "../core/cloudflare";
import { describeZoneNameservers, isZoneOnTarget, toZoneNameserversWrite } from "../core/zone-nameservers";
import { toResourceError } from "./errors";
import { readRecord } from "./inputs";
import { ResourceTypeNames } from "./resource-types";
import { getClient, hasFieldChanged, isSameNameSet, toNameSet } from "./shared";
import { getSession, type Session } from "./session";
import { containsUnknown, isUnknown } from "./unknowns";
import {
  ZONE_ACNS_BINDING_REPLACE_FIELDS,
  type ZoneAcnsBindingInputs,
  requireBindingInputs,
  targetOf,
  recordedTarget,
  describeTarget,
  targetOutputs,
  describeField,
} from "./zone-acns-binding-inputs";
import {
  type NameserversRecord,
  type BindingOutputs,
  withRestoreTo,
  withSetNameservers,
  readZone,
  readZoneNameservers,
  listSetNames,
  toNameserversRecord,
  readPrevious,
} from "./zone-acns-binding-state";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;

export async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
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
    nsSet: typeof next.nsSet === "number" ? next.nsSet : undefined,
    nameserverSetId: typeof next.nameserverSetId === "string" ? next.nameserverSetId : undefined,
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

export async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
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
  return { id: inputs.zoneId, outs: buildOutputs(inputs, zone, nameservers, previous) };
}

export async function update(
  _id: string,
  olds: unknown,
  news: unknown,
): Promise<pulumi.dynamic.UpdateResult> {
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
  return { outs: buildOutputs(inputs, zone, nameservers, readPrevious(old.previousNameservers)) };
}

/** The state after create or update. */
function buildOutputs(
  inputs: ZoneAcnsBindingInputs,
  zone: { name: string; accountId: string },
  nameservers: string[],
  previous: NameserversRecord | null,
): BindingOutputs {
  return withSetNameservers<BindingOutputs>(
    {
      zoneId: inputs.zoneId,
      zoneName: zone.name,
      accountId: zone.accountId,
      ...targetOutputs(targetOf(inputs)),
      nameservers,
      previousNameservers: previous,
      ...withRestoreTo(inputs.restoreTo),
    },
    inputs.setNameservers,
  );
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
