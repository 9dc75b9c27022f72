/**
 * The emulator's state: plain Maps of accounts, zones and custom nameservers, and the sets, with
 * the lookups, answers and snapshot that only read them. The store extends it with the changes.
 */
import type { CustomNameserver } from "../core/cloudflare";
import type { NameserverSet } from "../core/custom-nameserver-sets";
import type { Clock } from "./clock";
import { createRouteRefusal, throwProblems } from "./errors";
import type { AccountRecord, NameserverRecord, StateView, ZoneRecord } from "./model";
import { checkNameserverSetEntitlement, describeSetNotFound } from "./nameserver-set-rules";
import { NameserverSetState, renderNameserverSet } from "./nameserver-set-state";
import {
  createNameserverSetError,
  type NameserverSetLimits,
  type NameserverSetProblem,
  type NameserverSetsView,
} from "./nameserver-sets";
import { listZoneNameServers, renderCustomNameserver } from "./render";
import { checkEntitlement } from "./rules";
import type { SeedAccount } from "./seed";

/** A JSON view of the state, seed-shaped, without secrets. */
export interface EmulatorSnapshot {
  accounts: Required<SeedAccount>[];
  zones: (Pick<ZoneRecord, "id" | "name" | "accountId" | "nameservers"> & { name_servers: string[] })[];
  nameservers: (CustomNameserver & { accountId: string })[];
  /** The account-owned Custom Nameserver Sets, oldest first per account. */
  nameserverSets: (NameserverSet & { accountId: string })[];
  users: { id: string; email?: string; name?: string }[];
  tokens: { name: string; accountIds: string[]; readOnly: boolean; user?: string }[];
  apiKeys: { email: string; accountIds: string[]; user?: string }[];
}

/** The emulator's state and its read-only lookups. */
export class EmulatorState implements StateView {
  protected readonly accountMap = new Map<string, AccountRecord>();
  protected readonly zoneMap = new Map<string, ZoneRecord>();
  protected readonly nameserverMap = new Map<string, Map<string, NameserverRecord>>();
  protected readonly nameserverSetState: NameserverSetState;

  constructor(
    readonly clock: Clock,
    nameserverSetLimits: Partial<NameserverSetLimits> | undefined,
  ) {
    this.nameserverSetState = new NameserverSetState(nameserverSetLimits);
  }

  /** The accounts by id; read-only: change them through the store's methods, which run the rules. */
  get accounts(): ReadonlyMap<string, AccountRecord> {
    return this.accountMap;
  }

  /** The zones by id; read-only, like `accounts`. */
  get zones(): ReadonlyMap<string, ZoneRecord> {
    return this.zoneMap;
  }

  /** Per account id, its custom nameservers by name; read-only, like `accounts`. */
  get nameservers(): ReadonlyMap<string, ReadonlyMap<string, NameserverRecord>> {
    return this.nameserverMap;
  }

  /** Forgets every account, zone, name and set (the store's reset). */
  protected clearState(): void {
    this.accountMap.clear();
    this.zoneMap.clear();
    this.nameserverMap.clear();
    this.nameserverSetState.clear();
  }

  protected nowIso(): string {
    return new Date(this.clock.now()).toISOString();
  }

  // ---- lookups ----

  getAccount(accountId: string): AccountRecord | undefined {
    return this.accountMap.get(accountId);
  }

  getZone(zoneId: string): ZoneRecord | undefined {
    return this.zoneMap.get(zoneId);
  }

  /** The account, or the 404 routing refusal. */
  requireAccount(accountId: string): AccountRecord {
    const account = this.accountMap.get(accountId);
    if (account === undefined) throw createRouteRefusal("OBJECT_NOT_FOUND", `/accounts/${accountId}`);
    return account;
  }

  /** The zone, or the 404 routing refusal. */
  requireZone(zoneId: string): ZoneRecord {
    const zone = this.zoneMap.get(zoneId);
    if (zone === undefined) throw createRouteRefusal("OBJECT_NOT_FOUND", `/zones/${zoneId}`);
    return zone;
  }

  /** Throws 1002 unless the account has the ACNS entitlement (every /custom_ns call checks it). */
  requireAcnsEntitlement(accountId: string): void {
    throwProblems(checkEntitlement(this.requireAccount(accountId), "use account custom nameservers"));
  }

  /** The account's custom nameservers as `GET /accounts/{id}/custom_ns` lists them (by set, then name). */
  listNameservers(accountId: string): CustomNameserver[] {
    this.requireAccount(accountId);
    const names = [...(this.nameserverMap.get(accountId)?.values() ?? [])];
    names.sort((a, b) => a.nsSet - b.nsSet || a.nsName.localeCompare(b.nsName));
    return names.map((ns) => renderCustomNameserver(this, ns));
  }

  /** The names a zone is served by (`name_servers`). */
  listZoneNameServers(zoneId: string): string[] {
    return listZoneNameServers(this, this.requireZone(zoneId));
  }

  // ---- account-owned Custom Nameserver Sets (rules and choices: nameserver-sets.ts) ----

  /** The account-owned sets; read-only: change them through the store's methods, which run the rules. */
  get nameserverSets(): NameserverSetsView {
    return this.nameserverSetState;
  }

  /** The sets' limits and choices this store runs with. */
  get nameserverSetLimits(): Readonly<NameserverSetLimits> {
    return this.nameserverSetState.limits;
  }

  protected applyNameserverSetProblems(problems: readonly NameserverSetProblem[]): void {
    if (problems.length > 0) throw createNameserverSetError(problems);
  }

  /** The account's sets as `GET /accounts/{id}/dns_settings/nameserver_sets` lists them, oldest first. */
  listNameserverSets(accountId: string): NameserverSet[] {
    this.applyNameserverSetProblems(checkNameserverSetEntitlement(this.requireAccount(accountId)));
    return this.nameserverSetState.list(accountId).map(renderNameserverSet);
  }

  /** One set (`GET .../nameserver_sets/{id}`). */
  getNameserverSet(accountId: string, setId: string): NameserverSet {
    this.applyNameserverSetProblems(checkNameserverSetEntitlement(this.requireAccount(accountId)));
    const record = this.nameserverSetState.get(accountId, setId);
    if (record === undefined) throw createNameserverSetError([describeSetNotFound(accountId, setId)]);
    return renderNameserverSet(record);
  }

  /** The state as JSON, seed-shaped (the store adds its credentials, without secrets). */
  protected snapshotState(): Omit<EmulatorSnapshot, "users" | "tokens" | "apiKeys"> {
    const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
    return {
      accounts: [...this.accounts.values()].map((a) => ({
        id: a.id,
        name: a.name,
        type: a.type,
        acnsEntitled: a.acnsEntitled,
        defaultNameservers: a.nameserversType,
      })),
      zones: [...this.zones.values()].sort(byName).map((z) => ({
        id: z.id,
        name: z.name,
        accountId: z.accountId,
        nameservers: { ...z.nameservers },
        name_servers: listZoneNameServers(this, z),
      })),
      nameservers: [...this.accounts.keys()].flatMap((id) =>
        this.listNameservers(id).map((ns) => ({ accountId: id, ...ns })),
      ),
      nameserverSets: this.nameserverSets
        .listAll()
        .map((s) => ({ accountId: s.accountId, ...renderNameserverSet(s) })),
    };
  }
}
