/**
 * `ZoneAcnsBinding`'s read (refresh and import) and delete, which puts the zone back where it was.
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  CloudflareId,
  type ZoneSetTarget,
  type ZoneNameserversRead,
  type ZoneNameserversWrite,
} from "../core/cloudflare";
import {
  describeZoneNameservers,
  findNameserverSetId,
  findZoneSet,
  isZoneOnTarget,
  toRestoreWrite,
  toZoneNameserversWrite,
} from "../core/zone-nameservers";
import { NameserverSetId } from "../core/custom-nameserver-sets";
import { getNameserverSet } from "../client/nameserver-sets";
import { normaliseName } from "../core/names";
import { AcnsResourceError, formatSubject } from "./errors";
import { readRecord } from "./inputs";
import { readCloudflareIdOf } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { getClient, readUnlessGone, toNameSet, warn, withResourceError } from "./shared";
import { getSession } from "./session";
import {
  readRecordedRestoreTo,
  recordedTarget,
  describeTarget,
  targetOutputs,
  describeField,
} from "./zone-acns-binding-inputs";
import {
  type BindingOutputs,
  withRestoreTo,
  withSetNameservers,
  readZone,
  listCachedSetNames,
  toNameserversRecord,
  toWire,
  readPrevious,
} from "./zone-acns-binding-state";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;

export async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const zoneId = readCloudflareIdOf(TYPE, id, "zone");
  const client = getClient(session, where);
  const state = readRecord(props);
  // Always fresh: a zone deleted since is caught here.
  const ns = await readUnlessGone(session, where, async () => {
    return (await client.getZoneDnsSettings({ zoneId })).nameservers;
  });
  // The zone is gone, and the binding with it: an empty id tells the engine to drop the resource.
  if (ns === undefined) return {};
  const found = findLiveTarget(ns);
  // A zone's name and account never change: the state has them (one GET per refresh, plus one
  // listing of names per account and process). The zone itself is read only for an import (no
  // state), a state written before accountId was recorded, or a zone on no set (its own names).
  let zoneName = typeof state.zoneName === "string" ? normaliseName(state.zoneName) : undefined;
  const recordedAccount = CloudflareId.safeParse(state.accountId);
  let accountId = recordedAccount.success ? recordedAccount.data : undefined;
  let nameservers: string[] = [];
  if (zoneName === undefined || accountId === undefined || found === null) {
    const zone = await readUnlessGone(session, where, () => session.live.getZone(zoneId));
    if (zone === undefined) return {};
    zoneName = normaliseName(zone.name);
    accountId = zone.account.id;
    nameservers = zone.name_servers.map(normaliseName).sort();
  }
  if (found?.type === "custom.account") {
    nameservers = await listCachedSetNames(session, accountId, found.ns_set);
  } else if (found?.type === "custom") {
    const nameserverSetId = found.nameserver_set_id;
    const set = await readUnlessGone(
      session,
      { resourceType: TYPE, field: "nameserverSetId", value: nameserverSetId },
      () => getNameserverSet(client, { accountId, nameserverSetId }),
    );
    // A Custom Nameserver Set gone from under the zone: the names the zone lists stand.
    const names = set?.nameservers.map((ns) => ns.name) ?? (await session.live.getZone(zoneId)).name_servers;
    nameservers = names.map(normaliseName).sort();
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
export async function deleteBinding(id: string, props: unknown): Promise<void> {
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
  const now = await readUnlessGone(session, where, async () => {
    return (await client.getZoneDnsSettings({ zoneId })).nameservers;
  });
  if (now === undefined) return;
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
  const then =
    `Zone "${zoneName}" is still on ${set}; it was to go back to ${describeZoneNameservers(target)} ` +
    `(${origin}). Make that possible (e.g. free that set on the zone's chain) and ` +
    `run pulumi destroy again, or set the zone's nameservers in the Cloudflare dashboard.`;
  await withResourceError(session, { ...where, then }, () =>
    client.editZoneDnsSettings({ zoneId, nameservers: target }),
  );
}
