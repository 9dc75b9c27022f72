/**
 * `AccountNameserverSet`'s read (refresh and import) and delete, which refuses while zones use the
 * set and restores an adopted set's names.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import { namesOfSet } from "../core/cloudflare";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { AcnsResourceError, formatSubject, isNotFound, toResourceError } from "./errors";
import { NameChangeFailure, applyNameChanges } from "./nameserver-changes";
import { formatSetId, parseSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, readUnlessGone, warn, withResourceError } from "./shared";
import { getSession, type Session } from "./session";
import { buildOutputs, readFoundNames } from "./account-nameserver-set-write";
import { listZonesOnSet } from "./zones-on-set";

const TYPE = ResourceTypeNames.AccountNameserverSet;

export async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const { accountId, nsSet } = parseSetId(id);
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  const listing = await readUnlessGone(session, { resourceType: TYPE, field: "id", value: id }, () =>
    client.listCustomNameservers({ accountId }),
  );
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
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  const listing = await readUnlessGone(session, { resourceType: TYPE, field: "id", value: id }, () =>
    client.listCustomNameservers({ accountId }),
  );
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
      {
        listZones: (id) => client.listZones({ accountId: id }),
        getZoneNameservers: async (zoneId) => (await client.getZoneDnsSettings({ zoneId })).nameservers,
      },
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
