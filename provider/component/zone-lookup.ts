/**
 * Finding zone ids by name, for zones a configuration lists without `zoneId`. The lookup runs in
 * the Pulumi program (not in a provider), reads credentials when it runs, and only its result, the
 * ids, ever reaches a resource's inputs and so the state.
 */
import { createAcnsClient, type AcnsClientOptions } from "../client";
import { normaliseName } from "../core/names";
import { readProgramSettings, withSecretsRedacted } from "./live-state";

/** What a zone-id lookup is asked: zone names (normalised) of one account. */
export interface ZoneIdQuery {
  accountId: string;
  /** Normalised zone names (see `normaliseName`), each once. */
  names: readonly string[];
}

/**
 * Finds the ids of zones of one account by name. The answer maps each normalised name that was
 * found to its id; a name the account does not have is left out. Throws when the lookup itself fails.
 */
export type ZoneIdLookup = (query: ZoneIdQuery) => Promise<ReadonlyMap<string, string>>;

/** Up to this many names are looked up one by one; more, and one listing of the account is cheaper. */
const MAX_SINGLE_LOOKUPS = 10;

/**
 * A lookup through the Cloudflare API: one `GET /zones?name=...` per name for a few names, else
 * one listing of the account's zones (every page).
 */
export function createApiZoneIdLookup(options: AcnsClientOptions = {}): ZoneIdLookup {
  return async ({ accountId, names }) => {
    const client = createAcnsClient(options);
    const found = new Map<string, string>();
    if (names.length <= MAX_SINGLE_LOOKUPS) {
      for (const name of names) {
        const zone = await client.findZoneByName({ accountId, name });
        if (zone !== undefined) found.set(name, zone.id);
      }
      return found;
    }
    const wanted = new Set(names);
    const zones = await client.listZones({ accountId });
    // An active zone wins over a pending copy of the same name, as findZoneByName chooses.
    for (const zone of [...zones].sort(
      (a, b) => Number(b.status === "active") - Number(a.status === "active"),
    )) {
      const name = normaliseName(zone.name);
      if (wanted.has(name) && !found.has(name)) found.set(name, zone.id);
    }
    return found;
  };
}

/**
 * The default lookup: the Cloudflare API with the credentials and base URL the resources use
 * (Pulumi config `cloudflare:apiToken`, `cloudflare:baseUrl`, ... else `CLOUDFLARE_API_TOKEN`, ...),
 * read when the lookup runs.
 */
export const lookupZoneIdsThroughApi: ZoneIdLookup = async (query) => {
  const settings = readProgramSettings();
  // The client already keeps credentials out of its messages; this holds for any other error too.
  return withSecretsRedacted(settings, () => createApiZoneIdLookup(settings)(query));
};
