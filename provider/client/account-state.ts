/**
 * Reading the live ACNS state of an account: its custom nameservers (names, sets, glue records),
 * its default for new zones, and its zones with their nameserver settings. No endpoint lists zones
 * with their nameserver settings, so a read costs one request per zone whose `dns_settings` it
 * reads (see {@link ZoneDetail}); docs/decisions/012-reading-many-zones.md has the cost and why.
 * @see ../../../shared/cloudflare-acns-api.md
 */
import type { AcnsLiveZone } from "../core/config";
import { type CustomNameserver, type Zone, type ZoneNameserversRead } from "../core/cloudflare";
import { findNameserverSetId, findZoneSet } from "../core/zone-nameservers";
import type { ObservedAccount, ObservedCustomSet } from "../core/drift";
import { normaliseName } from "../core/names";
import { compareText } from "../core/collections";
import type { NameserverSet } from "../core/custom-nameserver-sets";
import type { AcnsClient } from "./acns-client";
import { hasCloudflareCode, isCloudflareApiError, NOT_ENTITLED_CODE, UNROUTABLE_CODE } from "./errors";
import { listNameserverSets } from "./nameserver-sets";

/**
 * Which zones get their `dns_settings` read: `"listed"`, only the zones named in `zones` (what
 * drift needs); `"acns"`, those, the zones on a chain with one of them, and the zones whose listed
 * `name_servers` are empty or name one of the account's custom nameservers (the rest are taken to be
 * off ACNS: decision 012 says why that is safe); `"all"`, every zone.
 */
export type ZoneDetail = "listed" | "acns" | "all";

/** Zone settings read at once; the client's pacer still spaces the requests. */
const ZONE_SETTINGS_CONCURRENCY = 4;

/** Options of {@link readAccountState}. */
export interface ReadAccountStateOptions {
  accountId: string;
  /** Zones to read exactly, by name (any spelling; compared in normal form): e.g. the zones a file lists. @default none */
  zones?: readonly string[] | undefined;
  /** Which zones' `dns_settings` to read. @default "acns" */
  zoneDetail?: ZoneDetail | undefined;
  /** Also list the account's Custom Nameserver Sets (one request per 50 sets). @default false */
  customSets?: boolean | undefined;
  /** Called as the read goes on (progress indicators). Must not throw. */
  onProgress?: ((progress: AccountStateProgress) => void) | undefined;
  /**
   * Stops the read when aborted (Ctrl-C): no new request starts and requests under way are no
   * longer awaited. Before the zone listing is complete the read throws {@link ReadInterruptedError};
   * from then on it returns the state with the zone settings read so far and `interrupted` set.
   */
  signal?: AbortSignal | undefined;
}

/** How far an interrupted read got in the zone settings (the zone listing itself is complete). */
export interface ReadInterruption {
  /** Zones whose `dns_settings` were read. */
  zonesRead: number;
  /** Zones whose `dns_settings` the read meant to read (see {@link ZoneDetail}). */
  zonesToRead: number;
  /** Ids of the zones meant to be read that were not: their settings are unknown. */
  unreadZoneIds: string[];
}

/** The read was stopped (its `signal` aborted) before the account's zones were listed: nothing to report. */
export class ReadInterruptedError extends Error {
  readonly code = "ReadInterrupted" as const;
  constructor(readonly accountId: string) {
    super(`the read of account ${accountId} was interrupted before its zones were listed`);
    this.name = "ReadInterruptedError";
  }
}

/** Where a read is: `done` of `total` steps of `phase` (`total` unknown while the zone pages are listed). */
export interface AccountStateProgress {
  phase: "custom-nameservers" | "custom-sets" | "account-settings" | "zones" | "zone-settings";
  done: number;
  total: number | undefined;
}

/** A live zone, with its nameserver settings when they were read. */
export interface LiveZone {
  id: string;
  /** As Cloudflare lists it (ASCII, lower case). */
  name: string;
  status: string;
  /** `name_servers` from the zone list. */
  nameServers: string[];
  /**
   * `dns_settings.nameservers`, when read (see {@link ZoneDetail}): any type, as Cloudflare answered
   * it (a zone on a Custom Nameserver Set or on a type we do not know is kept verbatim).
   */
  nameservers: ZoneNameserversRead | undefined;
}

/** An account's ACNS state as read by {@link readAccountState}. */
export interface AccountState {
  accountId: string;
  /** `zone_defaults.nameservers.type`, verbatim (one of `AccountNameserverType`, or a type we do not know). */
  defaultNameservers: string;
  /** The account's custom nameservers with their sets and glue records, by set then name. */
  nameservers: CustomNameserver[];
  /**
   * The account's Custom Nameserver Sets in listing order (oldest first), with `customSets`;
   * `undefined` when not asked for. Empty when the listing was unavailable (see below).
   */
  nameserverSets: NameserverSet[] | undefined;
  /**
   * Why the sets could not be listed, when the API answered that it has none for this account
   * (`HTTP 404 with Cloudflare error 7003`); `undefined` when listed or not asked for.
   */
  nameserverSetsUnavailable: string | undefined;
  /** Every zone of the account, in Cloudflare's order. */
  zones: LiveZone[];
  /** How zone settings were chosen for reading. */
  zoneDetail: ZoneDetail;
  /** Requests sent for this read (attempts, retries included), per client method. */
  requests: { total: number; byOperation: Record<string, number> };
  /** Set when `signal` stopped the read during the zone settings: a partial state. */
  interrupted: ReadInterruption | undefined;
}

/**
 * Reads an account's custom nameservers, default and zones, with `dns_settings` for the zones
 * `zoneDetail` picks. Throws the client's errors (`CloudflareApiError`, `CloudflareClientError`).
 */
export async function readAccountState(
  client: AcnsClient,
  options: ReadAccountStateOptions,
): Promise<AccountState> {
  const { accountId } = options;
  const zoneDetail = options.zoneDetail ?? "acns";
  const report = options.onProgress ?? (() => undefined);
  const { signal } = options;
  const step = <T>(work: () => Promise<T>): Promise<T> =>
    unlessInterrupted(signal, work, () => new ReadInterruptedError(accountId));
  const before = client.stats();

  report({ phase: "custom-nameservers", done: 0, total: 1 });
  const nameservers = await step(() => client.listCustomNameservers({ accountId }));
  nameservers.sort((a, b) => a.ns_set - b.ns_set || compareText(a.ns_name, b.ns_name));
  let nameserverSets: NameserverSet[] | undefined;
  let nameserverSetsUnavailable: string | undefined;
  if (options.customSets === true) {
    report({ phase: "custom-sets", done: 0, total: 1 });
    const listed = await step(() => listCustomSetsIfAvailable(client, accountId));
    nameserverSets = listed.sets;
    nameserverSetsUnavailable = listed.unavailable;
  }
  report({ phase: "account-settings", done: 0, total: 1 });
  const settings = await step(() => client.getAccountDnsSettings({ accountId }));
  report({ phase: "zones", done: 0, total: undefined });
  const listed = await step(() => client.listZones({ accountId }));
  report({ phase: "zones", done: listed.length, total: listed.length });

  const pick = chooseZonesToRead(listed, options.zones ?? [], nameservers, zoneDetail);
  const zones: LiveZone[] = listed.map((zone) => ({
    id: zone.id,
    name: zone.name,
    status: zone.status,
    nameServers: [...zone.name_servers],
    nameservers: undefined,
  }));
  const toRead = zones.filter((_, i) => pick[i] === true);
  let done = 0;
  report({ phase: "zone-settings", done, total: toRead.length });
  await runLimited(
    toRead,
    ZONE_SETTINGS_CONCURRENCY,
    async (zone) => {
      const dns = await client.getZoneDnsSettings({ zoneId: zone.id });
      // An answer after the interrupt is not used: the partial result is what was read before it.
      if (signal?.aborted === true) return;
      zone.nameservers = dns.nameservers;
      done++;
      report({ phase: "zone-settings", done, total: toRead.length });
    },
    signal,
  );
  const interrupted: ReadInterruption | undefined =
    signal?.aborted === true
      ? {
          zonesRead: done,
          zonesToRead: toRead.length,
          unreadZoneIds: toRead.filter((zone) => zone.nameservers === undefined).map((zone) => zone.id),
        }
      : undefined;

  const after = client.stats();
  const byOperation: Record<string, number> = {};
  for (const [operation, count] of Object.entries(after.byOperation)) {
    const delta = count - (before.byOperation[operation] ?? 0);
    if (delta > 0) byOperation[operation] = delta;
  }
  return {
    accountId,
    defaultNameservers: settings.zone_defaults.nameservers.type,
    nameservers,
    nameserverSets,
    nameserverSetsUnavailable,
    zones,
    zoneDetail,
    requests: { total: after.requests - before.requests, byOperation },
    interrupted,
  };
}

/**
 * The account's Custom Nameserver Sets, or none with the reason when the API says it has none to
 * list: HTTP 404 (an API without the endpoint, Cloudflare's 7003 "could not route"), 7003 on
 * another status, or 1002 (the account lacks the feature). Any other failure is thrown.
 */
export async function listCustomSetsIfAvailable(
  client: AcnsClient,
  accountId: string,
): Promise<{ sets: NameserverSet[]; unavailable: string | undefined }> {
  try {
    return { sets: await listNameserverSets(client, { accountId }), unavailable: undefined };
  } catch (err: unknown) {
    if (
      isCloudflareApiError(err) &&
      (err.status === 404 ||
        hasCloudflareCode(err, UNROUTABLE_CODE) ||
        hasCloudflareCode(err, NOT_ENTITLED_CODE))
    ) {
      const codes = err.cloudflareCodes;
      const unavailable = `HTTP ${String(err.status)}${codes.length === 0 ? "" : ` with Cloudflare error ${codes.join(", ")}`}`;
      return { sets: [], unavailable };
    }
    throw err;
  }
}

/**
 * The account's zones as the validator's `liveZones` facts: each zone's numbered set, or `null`
 * for any other nameservers (see `findZoneSet`). A zone whose settings were not read counts as off
 * ACNS, which `"acns"` and `"all"` reads establish ({@link ZoneDetail}); a `"listed"` read knows
 * only the listed zones, so this refuses it. Of two zones with one name the active one is kept;
 * after an interrupted read, zones meant to be read and not read are left out (nothing is known).
 */
export function listLiveZoneFacts(state: AccountState): AcnsLiveZone[] {
  if (state.zoneDetail === "listed") {
    throw new Error(
      'listLiveZoneFacts: a "listed" read knows only the listed zones; read the account with zoneDetail "acns" or "all"',
    );
  }
  const unread = new Set(state.interrupted?.unreadZoneIds ?? []);
  const byName = new Map<string, LiveZone>();
  for (const zone of state.zones) {
    if (unread.has(zone.id)) continue;
    const name = normaliseName(zone.name);
    const kept = byName.get(name);
    if (kept === undefined || (kept.status !== "active" && zone.status === "active")) byName.set(name, zone);
  }
  return [...byName.values()].map((zone) => ({
    name: normaliseName(zone.name),
    zoneId: zone.id,
    nsSet: findZoneSet(zone.nameservers),
  }));
}

/** The state as core's drift comparison takes it: only zones whose settings were read. */
export function toObservedAccount(state: AccountState): ObservedAccount {
  return {
    accountId: state.accountId,
    defaultNameservers: state.defaultNameservers,
    nameservers: state.nameservers.map((ns) => ({ name: ns.ns_name, nsSet: ns.ns_set })),
    ...(state.nameserverSets === undefined
      ? {}
      : { customSets: state.nameserverSets.map(toObservedCustomSet) }),
    zones: state.zones.flatMap((zone) => {
      if (zone.nameservers === undefined) return [];
      const nameserverSetId = findNameserverSetId(zone.nameservers);
      return [
        {
          zoneId: zone.id,
          name: zone.name,
          type: zone.nameservers.type,
          nsSet: findZoneSet(zone.nameservers),
          ...(nameserverSetId === undefined ? {} : { nameserverSetId }),
        },
      ];
    }),
  };
}

/** A live Custom Nameserver Set as core's drift comparison takes it. */
export function toObservedCustomSet(set: NameserverSet): ObservedCustomSet {
  return {
    id: set.id,
    nameservers: set.nameservers.map((ns) => ({ name: ns.name, ipCount: ns.ipv4.length })),
    advanced: set.advanced,
    ipSet: set.ip_set,
  };
}

/** Marks, by index into `zones`, the zones whose settings to read. */
function chooseZonesToRead(
  zones: readonly Zone[],
  listedNames: readonly string[],
  nameservers: readonly CustomNameserver[],
  detail: ZoneDetail,
): boolean[] {
  if (detail === "all") return zones.map(() => true);
  const listed = new Set(listedNames.map((name) => normaliseName(name)));
  const isListed = zones.map((zone) => listed.has(normaliseName(zone.name)));
  if (detail === "listed") return isListed;
  const aboveListed = new Set([...listed].flatMap(listAncestors));
  const customNames = new Set(nameservers.map((ns) => normaliseName(ns.ns_name)));
  return zones.map((zone, i) => {
    if (isListed[i] === true) return true;
    const name = normaliseName(zone.name);
    if (aboveListed.has(name) || listAncestors(name).some((above) => listed.has(above))) return true;
    return (
      zone.name_servers.length === 0 || zone.name_servers.some((ns) => customNames.has(normaliseName(ns)))
    );
  });
}

/** The names above `name`, nearest first: `b.c` and `c` for `a.b.c`. */
function listAncestors(name: string): string[] {
  const above: string[] = [];
  for (let dot = name.indexOf("."); dot !== -1; dot = name.indexOf(".", dot + 1))
    above.push(name.slice(dot + 1));
  return above;
}

/**
 * Runs `work` over `items` with at most `limit` at once. After the first failure no new item
 * starts; the calls under way are awaited (so no request outlives the read), then the first
 * failure is thrown. Once `signal` aborts, no new item starts either and it returns at once,
 * without awaiting the calls under way (their failures are dropped).
 */
async function runLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && signal?.aborted !== true && next < items.length) {
      const item = items[next];
      next++;
      if (item === undefined) continue;
      try {
        await work(item);
      } catch (error: unknown) {
        failure ??= { error };
      }
    }
  };
  const all = Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  // `all` never rejects (each worker keeps its failure), so only the interrupt is caught here.
  await unlessInterrupted(
    signal,
    () => all,
    () => new Error("interrupted"),
  ).catch(() => undefined);
  if (signal?.aborted === true) return;
  if (failure !== undefined) throw failure.error;
}

/**
 * `work()` unless `signal` is aborted; stops waiting for it when `signal` aborts meanwhile. Either
 * way it rejects with `interrupted()`, and a late failure of `work` is dropped.
 */
function unlessInterrupted<T>(
  signal: AbortSignal | undefined,
  work: () => Promise<T>,
  interrupted: () => Error,
): Promise<T> {
  if (signal === undefined) return work();
  if (signal.aborted) return Promise.reject(interrupted());
  const pending = work();
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      pending.catch(() => undefined);
      reject(interrupted());
    };
    signal.addEventListener("abort", onAbort, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}
