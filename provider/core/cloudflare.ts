/**
 * zod schemas of the Cloudflare v4 API shapes ACNS uses, shared by the emulator, the client and the
 * resources; field names are Cloudflare's (snake_case).
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import { z } from "zod";
import { NameserverSetId } from "./custom-nameserver-sets";
import { CloudflareId } from "./ids";
import { Limits } from "./limits";
import { normaliseName } from "./names";

export { CloudflareId };

/** A nameserver set number, 1-5. */
export const NsSet = z.number().int().min(Limits.MIN_NS_SET).max(Limits.MAX_NS_SET);

/**
 * The zone nameserver types of the numbered-set era (before 2026), which the emulator stores. A
 * zone read from the API may have any other type too: see {@link ZoneNameserversRead}.
 */
export const ZoneNameserverType = z.enum([
  "cloudflare.standard",
  "cloudflare.advanced",
  "custom.account",
  "custom.tenant",
  "custom.zone",
]);
export type ZoneNameserverType = z.infer<typeof ZoneNameserverType>;

/** The type of a zone on an account-owned Custom Nameserver Set (with `nameserver_set_id`). */
export const CUSTOM_NAMESERVER_SET_TYPE = "custom";

/** Account defaults for new zones (`zone_defaults.nameservers.type`) this package writes; a read may answer others. */
export const AccountNameserverType = z.enum([
  "cloudflare.standard",
  "cloudflare.advanced",
  "cloudflare.standard.random",
  "custom.account",
  "custom.tenant",
]);
export type AccountNameserverType = z.infer<typeof AccountNameserverType>;

/** True when `type` is an account default this package can write. */
export function isAccountNameserverType(type: string): type is AccountNameserverType {
  return (AccountNameserverType.options as readonly string[]).includes(type);
}

/** Deprecated account setting `settings.default_nameservers` (mirrors the zone default). */
export const LegacyDefaultNameservers = z.enum(["cloudflare.standard", "custom.account", "custom.tenant"]);
export type LegacyDefaultNameservers = z.infer<typeof LegacyDefaultNameservers>;

/** A glue record of a `CustomNS`, complete (as the emulator renders it). */
export const DnsRecord = z.object({ type: z.enum(["A", "AAAA"]), value: z.string() });
export type DnsRecord = z.infer<typeof DnsRecord>;

/** A glue record as read: both fields are optional in Cloudflare's SDK (7.3.0), so a read must not require them. */
export const DnsRecordRead = DnsRecord.partial();
export type DnsRecordRead = z.infer<typeof DnsRecordRead>;

/** One account custom nameserver (`CustomNS`). */
export const CustomNameserver = z.object({
  ns_name: z.string(),
  ns_set: NsSet.default(Limits.DEFAULT_NS_SET),
  dns_records: z.array(DnsRecordRead),
  status: z.enum(["moved", "pending", "verified"]),
  zone_tag: z.string(),
});
export type CustomNameserver = z.infer<typeof CustomNameserver>;

/** The names of numbered set `nsSet` in an account's `custom_ns` listing, normalised and sorted. */
export function namesOfSet(listing: readonly CustomNameserver[], nsSet: number): string[] {
  return listing
    .filter((ns) => ns.ns_set === nsSet)
    .map((ns) => normaliseName(ns.ns_name))
    .sort();
}

/** The addresses of one record type among a name's glue records, skipping records without a value. */
export function listGlueAddresses(
  nameserver: Pick<CustomNameserver, "dns_records">,
  type: "A" | "AAAA",
): string[] {
  return nameserver.dns_records.flatMap((r) => (r.type === type && r.value !== undefined ? [r.value] : []));
}

/** Body of `POST /accounts/{account_id}/custom_ns`. */
export const CreateCustomNameserverBody = z.looseObject({ ns_name: z.string(), ns_set: NsSet.optional() });
export type CreateCustomNameserverBody = z.infer<typeof CreateCustomNameserverBody>;

/** Body of the deprecated `PUT /zones/{zone_id}/custom_ns`. */
export const PutZoneCustomNameserversBody = z.looseObject({
  enabled: z.boolean().optional(),
  ns_set: NsSet.optional(),
});
export type PutZoneCustomNameserversBody = z.infer<typeof PutZoneCustomNameserversBody>;

/**
 * Zone metadata of the deprecated `GET /zones/{zone_id}/custom_ns`: the PUT body's fields. Cloudflare's
 * spec and the TS SDK put them at the top level of the envelope; the legacy Go client reads them under `result`.
 */
export const ZoneCustomNameserversMetadata = PutZoneCustomNameserversBody;
export type ZoneCustomNameserversMetadata = z.infer<typeof ZoneCustomNameserversMetadata>;

/** `nameservers` of a zone on Cloudflare's own nameservers. */
export const CloudflareZoneNameservers = z.looseObject({
  type: z.enum(["cloudflare.standard", "cloudflare.advanced"]),
});

/** `nameservers` on a numbered set: `custom.account` (ours: 1-5), tenant or zone (any number, as the SDK types it). */
export const NumberedZoneNameservers = z.union([
  z.looseObject({ type: z.literal("custom.account"), ns_set: NsSet.optional() }),
  z.looseObject({ type: z.enum(["custom.tenant", "custom.zone"]), ns_set: z.number().optional() }),
]);

/** `nameservers` of a zone on an account-owned Custom Nameserver Set (2026). */
export const CustomSetZoneNameservers = z.looseObject({
  type: z.literal(CUSTOM_NAMESERVER_SET_TYPE),
  nameserver_set_id: z.string(),
});

/**
 * `nameservers` with a type the SDK we pin does not know yet, or of a known type we do not manage
 * whose fields are not as the SDK types them: kept verbatim rather than failing the read. Only a
 * malformed `custom.account` (the type this package manages: its set must be 1-5) is refused.
 */
export const UnknownZoneNameservers = z
  .looseObject({ type: z.string() })
  .refine((ns) => ns.type !== "custom.account", {
    message: "a custom.account setting needs ns_set 1-5 (or none, meaning 1)",
  });

/**
 * A zone's `nameservers` as Cloudflare answers it: an open union (Cloudflare's changelog of
 * 2026-10-26 asks clients not to treat the type as a closed enum), so one zone on a type we do not
 * manage never makes a read fail. Writes use {@link ZoneNameserversWrite}.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/zone/methods/get/
 */
export const ZoneNameserversRead = z.union([
  CloudflareZoneNameservers,
  NumberedZoneNameservers,
  CustomSetZoneNameservers,
  UnknownZoneNameservers,
]);
export type ZoneNameserversRead = z.infer<typeof ZoneNameserversRead>;

/** Cloudflare's own nameservers, where a zone goes when it leaves custom nameservers. */
export const CLOUDFLARE_NAMESERVER_TYPES = ["cloudflare.standard", "cloudflare.advanced"] as const;

/**
 * What this package writes as a zone's `nameservers`; a setting of another type is refused before
 * any request (see {@link toZoneNameserversWrite}).
 */
export const ZoneNameserversWrite = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("custom.account"), ns_set: NsSet }),
  z.strictObject({ type: z.literal(CUSTOM_NAMESERVER_SET_TYPE), nameserver_set_id: NameserverSetId }),
  z.strictObject({ type: z.enum(CLOUDFLARE_NAMESERVER_TYPES) }),
]);
export type ZoneNameserversWrite = z.infer<typeof ZoneNameserversWrite>;

/** Where a `ZoneAcnsBinding` puts its zone: a numbered account set or a Custom Nameserver Set. */
export type ZoneSetTarget = Extract<ZoneNameserversWrite, { type: "custom.account" | "custom" }>;

/** A zone's nameservers of the numbered-set era: the emulator seed's shape (API answers: {@link ZoneNameserversRead}). */
export const ZoneNameservers = z.object({ type: ZoneNameserverType, ns_set: NsSet.optional() });
export type ZoneNameservers = z.infer<typeof ZoneNameservers>;

/**
 * `result` of `GET/PATCH /zones/{zone_id}/dns_settings` (only the fields we use are typed;
 * `foundation_dns`, gone since 2026-11-23, is not expected).
 */
export const ZoneDnsSettings = z.looseObject({ nameservers: ZoneNameserversRead });
export type ZoneDnsSettings = z.infer<typeof ZoneDnsSettings>;

/** SOA fields with the ranges of the spec's `dns-settings_soa-base`. */
export const SoaFields = z.object({
  expire: z.number().min(86400).max(2419200),
  min_ttl: z.number().min(60).max(86400),
  mname: z.string().nullable(),
  refresh: z.number().min(600).max(86400),
  retry: z.number().min(600).max(86400),
  rname: z.string(),
  ttl: z.number().min(300).max(86400),
});
export type SoaFields = z.infer<typeof SoaFields>;

/**
 * The DNS settings fields zones and account zone defaults share (`dns-settings_dns-settings-base`),
 * without `foundation_dns`, which Cloudflare removed on 2026-11-23 (cloudflare-docs changelog
 * `2026-11-23-remove-foundation-dns-boolean`).
 */
export const DnsSettingsFields = z.object({
  flatten_all_cnames: z.boolean(),
  internal_dns: z.object({ reference_zone_id: z.string().optional() }),
  multi_provider: z.boolean(),
  ns_ttl: z.number().min(30).max(86400),
  secondary_overrides: z.boolean(),
  soa: SoaFields,
  zone_mode: z.enum(["standard", "cdn_only", "dns_only"]),
});
export type DnsSettingsFields = z.infer<typeof DnsSettingsFields>;

/** `foundation_dns` in a PATCH: refused since 2026-11-23 (documented); the code (1101) and wording are ours. */
const RemovedFoundationDns = z
  .custom<never>(() => false, {
    message:
      'was removed from DNS settings on 2026-11-23; send nameservers {"type": "cloudflare.advanced"} for Advanced Nameservers, or {"type": "cloudflare.standard"}',
  })
  .optional();

/** Every field of a DNS settings PATCH is optional and range-checked, so stored state always renders valid. */
const DnsSettingsPatchFields = DnsSettingsFields.extend({ soa: SoaFields.partial() })
  .partial()
  .extend({ foundation_dns: RemovedFoundationDns });

/** Body of `PATCH /zones/{zone_id}/dns_settings` as the API takes it (this package sends only `nameservers`). */
export const PatchZoneDnsSettingsBody = z.looseObject({
  ...DnsSettingsPatchFields.shape,
  nameservers: z
    .looseObject({
      type: z.enum([...ZoneNameserverType.options, CUSTOM_NAMESERVER_SET_TYPE]).optional(),
      ns_set: NsSet.optional(),
      nameserver_set_id: z.string().optional(),
    })
    .refine((ns) => ns.type !== CUSTOM_NAMESERVER_SET_TYPE || ns.nameserver_set_id !== undefined, {
      message: 'is required with type "custom"',
      path: ["nameserver_set_id"],
    })
    .optional(),
});
export type PatchZoneDnsSettingsBody = z.infer<typeof PatchZoneDnsSettingsBody>;

/** An account's `zone_defaults.nameservers` as Cloudflare answers it: any type, kept verbatim. */
export const AccountNameserversRead = z.looseObject({ type: z.string() });
export type AccountNameserversRead = z.infer<typeof AccountNameserversRead>;

/** `result` of `GET/PATCH /accounts/{account_id}/dns_settings` (`foundation_dns` is not expected). */
export const AccountDnsSettings = z.looseObject({
  zone_defaults: z.looseObject({ nameservers: AccountNameserversRead }),
});
export type AccountDnsSettings = z.infer<typeof AccountDnsSettings>;

/** Body of `PATCH /accounts/{account_id}/dns_settings` (this package sends only `zone_defaults.nameservers`). */
export const PatchAccountDnsSettingsBody = z.looseObject({
  enforce_dns_only: z.boolean().optional(),
  zone_defaults: z
    .looseObject({
      ...DnsSettingsPatchFields.shape,
      nameservers: z.looseObject({ type: AccountNameserverType.optional() }).optional(),
    })
    .optional(),
});
export type PatchAccountDnsSettingsBody = z.infer<typeof PatchAccountDnsSettingsBody>;

/** An account as `PUT /accounts/{account_id}` answers it. */
export const Account = z.looseObject({
  id: z.string(),
  name: z.string(),
  type: z.enum(["standard", "enterprise"]),
  settings: z.looseObject({ default_nameservers: LegacyDefaultNameservers.optional() }).optional(),
});
export type Account = z.infer<typeof Account>;

/**
 * Body of `PUT /accounts/{account_id}` (the deprecated way to set the default nameservers). The
 * 2026 spec also requires `id` and `type`; only `name` is required here, as older Cloudflare did.
 */
export const PutAccountBody = z.looseObject({
  id: z.string().optional(),
  name: z.string().min(1).max(100),
  type: z.enum(["standard", "enterprise"]).optional(),
  settings: z
    .looseObject({
      abuse_contact_email: z.string().optional(),
      enforce_twofactor: z.boolean().optional(),
      default_nameservers: LegacyDefaultNameservers.optional(),
      use_account_custom_ns_by_default: z.boolean().optional(),
    })
    .optional(),
});
export type PutAccountBody = z.infer<typeof PutAccountBody>;

/** A zone as `GET /zones/{zone_id}` answers it (the fields we use). */
export const Zone = z.looseObject({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  account: z.object({ id: z.string(), name: z.string() }),
  name_servers: z.array(z.string()),
});
export type Zone = z.infer<typeof Zone>;

export const ResponseInfo = z.object({
  code: z.number().int(),
  message: z.string(),
  documentation_url: z.string().optional(),
});
export type ResponseInfo = z.infer<typeof ResponseInfo>;

/** Paging facts of a list answer; every member is optional in Cloudflare's SDK (7.3.0), so none is required here. */
export const ResultInfo = z.looseObject({
  page: z.number().optional(),
  per_page: z.number().optional(),
  count: z.number().optional(),
  total_count: z.number().optional(),
  total_pages: z.number().optional(),
});
export type ResultInfo = z.infer<typeof ResultInfo>;

/** The v4 envelope around every answer. */
export const Envelope = z.looseObject({
  success: z.boolean(),
  errors: z.array(ResponseInfo),
  messages: z.array(ResponseInfo),
  result: z.unknown(),
  // Some answers send `result_info: null`; neither it nor its members are ever required.
  result_info: ResultInfo.nullish(),
});
export type Envelope = z.infer<typeof Envelope>;
