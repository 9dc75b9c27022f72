/**
 * The records the emulator's store keeps. Plain data: the store holds them in Maps, the rules read
 * them through `StateView`, the router renders them as Cloudflare's shapes. Also the DNS settings
 * records start with, and how a patch merges into them.
 */
import type { AccountNameserverType, DnsSettingsFields, ZoneNameserverType } from "../core/cloudflare";
import { Limits } from "../core/limits";
export { getOrInsert } from "../core/collections";
import type { NameserverSetLimits, NameserverSetsView } from "./nameserver-sets";

export interface AccountRecord {
  id: string;
  name: string;
  type: "standard" | "enterprise";
  acnsEntitled: boolean;
  createdOn: string;
  /** DNS settings new zones start with; `foundation_dns` is derived from `nameserversType`. */
  zoneDefaults: Omit<DnsSettingsFields, "foundation_dns">;
  /** `zone_defaults.nameservers.type`, mirrored by the deprecated `settings.default_nameservers`. */
  nameserversType: AccountNameserverType;
  enforceDnsOnly: boolean;
  abuseContactEmail?: string;
  enforceTwofactor: boolean;
}

/**
 * Where a zone's nameservers come from; `ns_set` only with `custom.account`, `nameserver_set_id`
 * only with `custom` (an account-owned Custom Nameserver Set, see nameserver-sets.ts).
 */
export interface ZoneNameserversState {
  type: ZoneNameserverType | "custom";
  ns_set?: number;
  nameserver_set_id?: string;
}

/**
 * `target` with exactly the fields of its type: `ns_set` (default 1) with `custom.account`,
 * `nameserver_set_id` with `custom`. An ns_set out of range stays, for the rules to refuse.
 */
export function normaliseZoneNameservers(target: ZoneNameserversState): ZoneNameserversState {
  if (target.type === "custom.account")
    return { type: target.type, ns_set: target.ns_set ?? Limits.DEFAULT_NS_SET };
  if (target.type === "custom")
    return { type: target.type, nameserver_set_id: target.nameserver_set_id ?? "" };
  return { type: target.type };
}

/** Whether two nameserver states are the same (type, `ns_set` and `nameserver_set_id`). */
export function sameZoneNameservers(a: ZoneNameserversState, b: ZoneNameserversState): boolean {
  return a.type === b.type && a.ns_set === b.ns_set && a.nameserver_set_id === b.nameserver_set_id;
}

export interface ZoneRecord {
  id: string;
  name: string;
  accountId: string;
  createdOn: string;
  modifiedOn: string;
  nameservers: ZoneNameserversState;
  /** The zone's other DNS settings; `foundation_dns` is derived from `nameservers.type`. */
  settings: Omit<DnsSettingsFields, "foundation_dns">;
}

export interface NameserverRecord {
  accountId: string;
  nsName: string;
  nsSet: number;
}

/** What the rules may read. */
export interface StateView {
  readonly accounts: ReadonlyMap<string, AccountRecord>;
  readonly zones: ReadonlyMap<string, ZoneRecord>;
  /** Per account id: ns name -> record. */
  readonly nameservers: ReadonlyMap<string, ReadonlyMap<string, NameserverRecord>>;
  /** The account-owned Custom Nameserver Sets. */
  readonly nameserverSets: NameserverSetsView;
  /** The sets' limits and choices the rules apply. */
  readonly nameserverSetLimits: Readonly<NameserverSetLimits>;
}

/** Cloudflare's defaults for a new zone's DNS settings. */
export function createDefaultDnsSettings(): Omit<DnsSettingsFields, "foundation_dns"> {
  return {
    flatten_all_cnames: false,
    internal_dns: {},
    multi_provider: false,
    ns_ttl: 86400,
    secondary_overrides: false,
    soa: {
      expire: 604800,
      min_ttl: 1800,
      mname: null,
      refresh: 10000,
      retry: 2400,
      rname: "dns.cloudflare.com",
      ttl: 3600,
    },
    zone_mode: "standard",
  };
}

/** A patch of DNS settings as zones and account zone defaults take it. */
export type DnsSettingsPatch = Partial<Omit<DnsSettingsFields, "soa">> & {
  soa?: Partial<DnsSettingsFields["soa"]>;
};

/** Merges a DNS settings patch into stored settings; `soa` field by field. */
export function mergeDnsSettings(
  target: Omit<DnsSettingsFields, "foundation_dns">,
  patch: DnsSettingsPatch,
): void {
  if (patch.flatten_all_cnames !== undefined) target.flatten_all_cnames = patch.flatten_all_cnames;
  if (patch.internal_dns !== undefined) target.internal_dns = { ...patch.internal_dns };
  if (patch.multi_provider !== undefined) target.multi_provider = patch.multi_provider;
  if (patch.ns_ttl !== undefined) target.ns_ttl = patch.ns_ttl;
  if (patch.secondary_overrides !== undefined) target.secondary_overrides = patch.secondary_overrides;
  if (patch.zone_mode !== undefined) target.zone_mode = patch.zone_mode;
  if (patch.soa !== undefined) {
    for (const [key, value] of Object.entries(patch.soa)) {
      if (value !== undefined) (target.soa as Record<string, unknown>)[key] = value;
    }
  }
}
