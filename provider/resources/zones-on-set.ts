/**
 * Which zones of an account use a set (numbered or Custom Nameserver Set): one settings read per
 * zone, since only the zone's `dns_settings` say it. Shared by the two set resources' checks and
 * deletes.
 */
import type { AcnsClient } from "../client";
import { type Zone, type ZoneNameserversRead } from "../core/cloudflare";
import { findZoneSet } from "../core/zone-nameservers";
import { normaliseName } from "../core/names";

/** How {@link listZonesUsing} reads: fresh from the client, or through the session's cache (`LiveCache`). */
export interface ZoneReader {
  listZones(accountId: string): Promise<Zone[]>;
  getZoneNameservers(zoneId: string): Promise<ZoneNameserversRead>;
}

/** A reader whose zone settings are fresh from `client` (a binding of this update may just have moved a zone). */
export function withFreshSettings(client: AcnsClient, listZones: ZoneReader["listZones"]): ZoneReader {
  return {
    listZones,
    getZoneNameservers: async (zoneId) => (await client.getZoneDnsSettings({ zoneId })).nameservers,
  };
}

/** The names of the account's zones whose `nameservers` setting `isOn` accepts, sorted. */
export async function listZonesUsing(
  reader: ZoneReader,
  accountId: string,
  isOn: (nameservers: ZoneNameserversRead) => boolean,
): Promise<string[]> {
  const using: string[] = [];
  for (const zone of await reader.listZones(accountId)) {
    if (isOn(await reader.getZoneNameservers(zone.id))) using.push(normaliseName(zone.name));
  }
  return using.sort();
}

/**
 * The names of the account's zones on set `nsSet`, sorted. A zone of any other nameserver type (a
 * Custom Nameserver Set, a type we do not know) is not on it.
 */
export async function listZonesOnSet(
  reader: ZoneReader,
  accountId: string,
  nsSet: number,
): Promise<string[]> {
  return listZonesUsing(reader, accountId, (ns) => findZoneSet(ns) === nsSet);
}
