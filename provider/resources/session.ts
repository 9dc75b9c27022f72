/**
 * The run-time state of one provider process: settings, one API client, the listings `check()`
 * caches, and what this program's resources declared. The host loads the run-time module once per
 * process and serves a whole deployment from it, so module-level state is per deployment.
 */
import { createAcnsClient, type AcnsClient } from "../client";
import type { CustomNameserver, Zone, ZoneNameserversRead } from "../core/cloudflare";
import { getOrInsert } from "../core/collections";
import { isSameSettings, listSecrets, readProviderSettings, type ProviderSettings } from "./provider-config";

/**
 * Listings read for `check()`, at most one per account (and one settings read per zone) per
 * process. They show the account as it was when first read; what this program changes afterwards
 * is known from {@link Intents}, never by listing again.
 */
export class LiveCache {
  readonly #client: () => AcnsClient;
  readonly #nameservers = new Map<string, Promise<CustomNameserver[]>>();
  readonly #refreshNameservers = new Map<string, Promise<CustomNameserver[]>>();
  readonly #zones = new Map<string, Promise<Zone[]>>();
  readonly #zone = new Map<string, Promise<Zone>>();
  readonly #zoneNameservers = new Map<string, Promise<ZoneNameserversRead>>();
  /** The first zone looked up for a check, and its account's listing. */
  #discovery: Promise<Zone> | undefined;

  constructor(client: () => AcnsClient) {
    this.#client = client;
  }

  /** The account's custom nameservers (`GET /accounts/{id}/custom_ns`), read once. */
  listNameservers(accountId: string): Promise<CustomNameserver[]> {
    return remember(this.#nameservers, accountId, () => this.#client().listCustomNameservers({ accountId }));
  }

  /**
   * The account's custom nameservers for `read()` (refresh): read once per account, kept apart
   * from the checks' listing and dropped whenever this process changes the account's names, so a
   * refresh never reports names from before a write of its own.
   */
  listNameserversForRead(accountId: string): Promise<CustomNameserver[]> {
    return remember(this.#refreshNameservers, accountId, () =>
      this.#client().listCustomNameservers({ accountId }),
    );
  }

  /** This process changed the account's names: the next `read()` lists them again. */
  forgetNameserversForRead(accountId: string): void {
    this.#refreshNameservers.delete(accountId);
  }

  /** The account's zones (`GET /zones?account.id=...`, every page), read once. */
  listZones(accountId: string): Promise<Zone[]> {
    return remember(this.#zones, accountId, async () => {
      const zones = await this.#client().listZones({ accountId });
      // Every zone of the listing is known from now on: no GET of its own (a 2,000-binding check
      // then reads each zone's settings only).
      for (const zone of zones) if (!this.#zone.has(zone.id)) this.#zone.set(zone.id, Promise.resolve(zone));
      return zones;
    });
  }

  /** One zone (`GET /zones/{id}`), read once, or taken from an account listing read before. */
  getZone(zoneId: string): Promise<Zone> {
    return remember(this.#zone, zoneId, () => this.#client().getZone({ zoneId }));
  }

  /**
   * A zone for `check()`, which lists its account next anyway: the engine checks every binding of
   * a stack at once, so the first lookup reads its zone and lists that zone's account while the
   * others wait for it; a zone that listing holds costs nothing more (a 2,000-binding check reads
   * one zone and one listing, not 2,000 zones). A zone of another account is read by id.
   */
  async findZone(zoneId: string): Promise<Zone> {
    const known = this.#zone.get(zoneId);
    if (known !== undefined) return known;
    if (this.#discovery === undefined) {
      const discovery = this.getZone(zoneId).then(async (zone) => {
        await this.listZones(zone.account.id);
        return zone;
      });
      this.#discovery = discovery;
      // A failed discovery is not remembered: the next check tries again.
      discovery.catch(() => {
        if (this.#discovery === discovery) this.#discovery = undefined;
      });
      return discovery;
    }
    await this.#discovery.catch(() => undefined);
    return this.getZone(zoneId);
  }

  /** What this process itself just wrote as a zone's `nameservers` setting, so later reads see it. */
  recordZoneNameservers(zoneId: string, nameservers: ZoneNameserversRead): void {
    this.#zoneNameservers.set(zoneId, Promise.resolve({ ...nameservers }));
  }

  /** A zone's `nameservers` setting (`GET /zones/{id}/dns_settings`), read once. */
  getZoneNameservers(zoneId: string): Promise<ZoneNameserversRead> {
    return remember(this.#zoneNameservers, zoneId, async () => {
      const settings = await this.#client().getZoneDnsSettings({ zoneId });
      return settings.nameservers;
    });
  }
}

/** A failed read is not remembered, so the next check asks again. */
function remember<T>(cache: Map<string, Promise<T>>, key: string, load: () => Promise<T>): Promise<T> {
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const promise = load();
  cache.set(key, promise);
  promise.catch(() => {
    if (cache.get(key) === promise) cache.delete(key);
  });
  return promise;
}

/** A zone this program puts on a set, as a `ZoneAcnsBinding` check declared it. */
export interface ZoneIntent {
  accountId: string;
  zoneName: string;
  /** The numbered set; null when the binding names a Custom Nameserver Set. */
  nsSet: number | null;
  /** The Custom Nameserver Set, when the binding names one. */
  nameserverSetId?: string;
}

/**
 * What this program's resources declared in `check()`, so the live checks judge the account as it
 * will be rather than as the cache saw it. A check carries no resource name, so two resources that
 * declare the same set or zone cannot be told from one resource checked twice: the last one wins.
 *
 * The engine runs every delete of an update after every check of it (a resource the program no
 * longer registers, and the old half of a replacement, go last), and each `pulumi` command starts
 * a new provider process. So when a delete runs, these intents are the whole update's, and a
 * delete can leave alone what another resource of the same update now declares (a rename, a move
 * into a component). A `destroy` runs no check: nothing is declared and every delete restores.
 */
export class Intents {
  /** Per account, set number -> its declared names. */
  readonly sets = new Map<string, Map<number, readonly string[]>>();
  /** Per zone id. */
  readonly zones = new Map<string, ZoneIntent>();
  /** Accounts whose default an `AccountDefaultNameservers` declares. */
  readonly defaults = new Set<string>();
  /**
   * Sets the first check of a replacement saw move from one number to another (key
   * {@link renumberKey}); the engine's second check of that replacement has no olds to tell.
   */
  readonly #renumbered = new Map<string, number>();

  recordDefault(accountId: string): void {
    this.defaults.add(accountId);
  }

  /** True when a resource of this update declares set `nsSet` of the account. */
  declaresSet(accountId: string, nsSet: number): boolean {
    return this.sets.get(accountId)?.has(nsSet) ?? false;
  }

  /** Remembers that a set with these names moves from `fromNsSet` to `toNsSet` in this update. */
  recordRenumber(accountId: string, toNsSet: number, names: readonly string[], fromNsSet: number): void {
    this.#renumbered.set(renumberKey(accountId, toNsSet, names), fromNsSet);
  }

  /** The number a set with these names had before this update renumbered it, if it did. */
  findRenumberedFrom(accountId: string, toNsSet: number, names: readonly string[]): number | undefined {
    return this.#renumbered.get(renumberKey(accountId, toNsSet, names));
  }

  recordSet(accountId: string, nsSet: number, names: readonly string[]): void {
    getOrInsert(this.sets, accountId, () => new Map<number, readonly string[]>()).set(nsSet, [...names]);
  }

  listSets(accountId: string): ReadonlyMap<number, readonly string[]> {
    return this.sets.get(accountId) ?? new Map();
  }

  recordZone(zoneId: string, intent: ZoneIntent): void {
    this.zones.set(zoneId, { ...intent });
  }
}

function renumberKey(accountId: string, nsSet: number, names: readonly string[]): string {
  return `${accountId}/${nsSet}/${[...names].sort().join(",")}`;
}

/**
 * What `check()` saw of the live account for each resource it checked, so `diff()` (which the
 * engine calls right after, with no reason to read the API again) can report a resource whose
 * object differs from Pulumi's state: after an interrupted run or a change outside Pulumi, `up`
 * then repairs it instead of reporting "no changes" (or failing on a rule the stale state hides).
 */
export class Observations {
  /** Per zone id: its `nameservers` setting as check read it. */
  readonly zoneNameservers = new Map<string, ZoneNameserversRead>();
  /** Per set id `<accountId>/<nsSet>`: its live names, normalised and sorted. */
  readonly setNames = new Map<string, readonly string[]>();
  /** Per account id: its default nameservers type. */
  readonly defaults = new Map<string, string>();
}

/**
 * Zones whose binding's delete, in this process, left them on a set because what they had before
 * the binding is not known. A set's delete that finds only such zones on it moves them to
 * `cloudflare.standard` first (they are no longer managed), rather than refusing for ever.
 */
export class ReleasedZones {
  readonly #zones = new Map<string, { accountId: string; zoneName: string; nsSet: number }>();

  record(zoneId: string, zone: { accountId: string; zoneName: string; nsSet: number }): void {
    this.#zones.set(zoneId, { ...zone });
  }

  /** The released zones on set `nsSet` of the account: zone name -> zone id. */
  listOnSet(accountId: string, nsSet: number): Map<string, string> {
    const found = new Map<string, string>();
    for (const [zoneId, zone] of this.#zones) {
      if (zone.accountId === accountId && zone.nsSet === nsSet) found.set(zone.zoneName, zoneId);
    }
    return found;
  }
}

/** One provider process's state. */
export interface Session {
  readonly settings: ProviderSettings;
  /** The API client, built on first use; throws `CloudflareClientError` when there are no credentials. */
  client(): AcnsClient;
  readonly live: LiveCache;
  readonly intents: Intents;
  readonly observed: Observations;
  readonly released: ReleasedZones;
  /** Credentials to scrub from messages. */
  readonly secrets: readonly string[];
}

function createSession(settings: ProviderSettings): Session {
  let client: AcnsClient | undefined;
  const getClient = (): AcnsClient => {
    client ??= createAcnsClient({ ...settings });
    return client;
  };
  return {
    settings,
    client: getClient,
    live: new LiveCache(getClient),
    intents: new Intents(),
    observed: new Observations(),
    released: new ReleasedZones(),
    secrets: listSecrets(settings, process.env),
  };
}

let current: Session | undefined;
// The host caches a provider before calling configure(), so after a failed configure it goes on
// calling the provider. Without this, those calls would quietly fall back to whatever credentials
// and endpoint the environment holds, which the stack config never chose.
let configureFailure: Error | undefined;

/**
 * Applies settings from `configure()`. The host configures each resource type's provider once;
 * the same settings again keep the session, so caches and intents survive.
 */
export function configureSession(settings: ProviderSettings): Session {
  configureFailure = undefined;
  if (current === undefined || !isSameSettings(current.settings, settings)) current = createSession(settings);
  return current;
}

/** The session; without `configure()` (an older engine) the environment alone supplies the settings. */
export function getSession(): Session {
  if (configureFailure !== undefined) throw configureFailure;
  current ??= createSession(readProviderSettings(undefined, process.env));
  return current;
}

/** Forgets the session: settings, client, caches and intents (tests; a long-lived process between deployments). */
export function resetSession(): void {
  current = undefined;
  configureFailure = undefined;
}

/** Records why `configure()` failed; every later call of this process fails with the same error. */
export function failSession(error: Error): void {
  current = undefined;
  configureFailure = error;
}
