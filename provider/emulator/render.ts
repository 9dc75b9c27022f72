/**
 * Turns the store's records into the shapes Cloudflare's API answers (snake_case, as in
 * provider/core/cloudflare.ts and the spec bundle).
 */
import { type CustomNameserver, type LegacyDefaultNameservers } from "../core/cloudflare";
import { findZoneSet } from "../core/zone-nameservers";
import { deriveAdvancedNameservers, deriveNameserverRecords, deriveStandardNameservers } from "./addresses";
import { isWithinZone } from "./hostnames";
import type { AccountRecord, NameserverRecord, StateView, ZoneRecord } from "./model";
import { listNameserverSetNamesOf } from "./nameserver-set-state";
import { listSetNames } from "./rules";

/** The zone of the account that holds `nsName` (the deepest one), if any. */
function findOwningZone(view: StateView, accountId: string, nsName: string): ZoneRecord | undefined {
  let best: ZoneRecord | undefined;
  for (const zone of view.zones.values()) {
    if (zone.accountId !== accountId || !isWithinZone(nsName, zone.name)) continue;
    if (best === undefined || zone.name.length > best.name.length) best = zone;
  }
  return best;
}

/**
 * A `CustomNS`. When the name lies in a zone of the same account Cloudflare creates its A/AAAA
 * records itself: `zone_tag` is that zone and the (deprecated) status "verified". Otherwise the
 * user must publish them: `zone_tag` is empty and the status "pending".
 */
export function renderCustomNameserver(view: StateView, ns: NameserverRecord): CustomNameserver {
  const zone = findOwningZone(view, ns.accountId, ns.nsName);
  return {
    ns_name: ns.nsName,
    ns_set: ns.nsSet,
    dns_records: deriveNameserverRecords(ns.nsName),
    status: zone === undefined ? "pending" : "verified",
    zone_tag: zone?.id ?? "",
  };
}

/** The names a zone is served by, as `GET /zones/{id}` lists them in `name_servers`. */
export function listZoneNameServers(view: StateView, zone: ZoneRecord): string[] {
  const nsSet = findZoneSet(zone.nameservers);
  if (nsSet !== null) return listSetNames(view, zone.accountId, nsSet);
  switch (zone.nameservers.type) {
    case "custom":
      return listNameserverSetNamesOf(view, zone.accountId, zone.nameservers.nameserver_set_id ?? "");
    case "cloudflare.advanced":
      return deriveAdvancedNameservers(zone.accountId);
    default:
      return deriveStandardNameservers(zone.accountId);
  }
}

/** The store's `reportFoundationDns` (StoreOptions): add the `foundation_dns` removed on 2026-11-23. */
type DnsSettingsRenderOptions = { reportFoundationDns?: boolean };

/** `foundation_dns` when asked for: true exactly for Advanced Nameservers. */
function renderFoundationDns(type: string, options: DnsSettingsRenderOptions): Record<string, boolean> {
  return options.reportFoundationDns === true ? { foundation_dns: type === "cloudflare.advanced" } : {};
}

/** `result` of `GET/PATCH /zones/{zone_id}/dns_settings`. */
export function renderZoneDnsSettings(
  zone: ZoneRecord,
  options: DnsSettingsRenderOptions = {},
): Record<string, unknown> {
  return {
    ...structuredClone(zone.settings),
    ...renderFoundationDns(zone.nameservers.type, options),
    // The store keeps exactly the fields of the type (ns_set always with custom.account).
    nameservers: { ...zone.nameservers },
  };
}

/** `result` of `GET/PATCH /accounts/{account_id}/dns_settings`. */
export function renderAccountDnsSettings(
  account: AccountRecord,
  options: DnsSettingsRenderOptions = {},
): Record<string, unknown> {
  return {
    enforce_dns_only: account.enforceDnsOnly,
    zone_defaults: {
      ...structuredClone(account.zoneDefaults),
      ...renderFoundationDns(account.nameserversType, options),
      nameservers: { type: account.nameserversType },
    },
  };
}

/** An account as `PUT /accounts/{account_id}` answers it. */
export function renderAccount(account: AccountRecord): Record<string, unknown> {
  // The deprecated `settings.default_nameservers` view of the account default: it has no value for
  // `cloudflare.advanced`; `cloudflare.standard.random` shows as `cloudflare.standard`.
  const type = account.nameserversType;
  const legacy: LegacyDefaultNameservers | undefined =
    type === "cloudflare.advanced"
      ? undefined
      : type === "cloudflare.standard.random"
        ? "cloudflare.standard"
        : type;
  return {
    id: account.id,
    name: account.name,
    type: account.type,
    created_on: account.createdOn,
    settings: {
      enforce_twofactor: account.enforceTwofactor,
      ...(account.abuseContactEmail === undefined ? {} : { abuse_contact_email: account.abuseContactEmail }),
      ...(legacy === undefined ? {} : { default_nameservers: legacy }),
      use_account_custom_ns_by_default: account.nameserversType === "custom.account",
    },
  };
}

/** A zone as `GET /zones/{zone_id}` and `GET /zones` answer it (the fields clients read). */
export function renderZone(view: StateView, zone: ZoneRecord): Record<string, unknown> {
  const account = view.accounts.get(zone.accountId);
  const accountName = account?.name ?? "";
  const plan = account?.type === "enterprise" ? "enterprise" : "business";
  return {
    id: zone.id,
    name: zone.name,
    status: "active",
    paused: false,
    type: "full",
    development_mode: 0,
    name_servers: listZoneNameServers(view, zone),
    original_name_servers: null,
    original_registrar: null,
    original_dnshost: null,
    vanity_name_servers: [],
    created_on: zone.createdOn,
    modified_on: zone.modifiedOn,
    activated_on: zone.createdOn,
    account: { id: zone.accountId, name: accountName },
    owner: { id: null, type: "organization", name: accountName },
    permissions: ["#dns_records:read", "#dns_records:edit", "#zone:read", "#zone:edit"],
    plan: {
      id: plan,
      name: plan === "enterprise" ? "Enterprise Website" : "Business Website",
      price: 0,
      currency: "USD",
      frequency: "",
      is_subscribed: true,
      can_subscribe: false,
      legacy_id: plan,
      legacy_discount: false,
      externally_managed: false,
    },
    meta: {
      step: 4,
      custom_certificate_quota: 0,
      page_rule_quota: 50,
      phishing_detected: false,
      foundation_dns: zone.nameservers.type === "cloudflare.advanced",
    },
  };
}
