/**
 * zod schemas of the Cloudflare v4 API shapes that ACNS uses, shared by the
 * emulator (what it accepts and answers), the client (what it parses) and the
 * resources. Field names are Cloudflare's (snake_case).
 *
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import { z } from "zod";
import { Limits } from "./limits";

/** A Cloudflare account or zone id: 32 lowercase hex characters. */
export const CloudflareId = z.string().regex(/^[0-9a-f]{32}$/, "must be 32 lowercase hex characters");

/** A nameserver set number, 1-5. */
export const NsSet = z.number().int().min(Limits.MIN_NS_SET).max(Limits.MAX_NS_SET);

/** Nameserver types a zone can have (`dns_settings.nameservers.type`). */
export const ZoneNameserverType = z.enum([
  "cloudflare.standard",
  "cloudflare.advanced",
  "custom.account",
  "custom.tenant",
  "custom.zone",
]);
export type ZoneNameserverType = z.infer<typeof ZoneNameserverType>;

/** Nameserver types an account can default new zones to (`zone_defaults.nameservers.type`). */
export const AccountNameserverType = z.enum([
  "cloudflare.standard",
  "cloudflare.advanced",
  "cloudflare.standard.random",
  "custom.account",
  "custom.tenant",
]);
export type AccountNameserverType = z.infer<typeof AccountNameserverType>;

/** Deprecated account setting `settings.default_nameservers` (mirrors the zone default). */
export const LegacyDefaultNameservers = z.enum(["cloudflare.standard", "custom.account", "custom.tenant"]);
export type LegacyDefaultNameservers = z.infer<typeof LegacyDefaultNameservers>;

export const DnsRecord = z.object({ type: z.enum(["A", "AAAA"]), value: z.string() });
export type DnsRecord = z.infer<typeof DnsRecord>;

/** One account custom nameserver (`CustomNS`). */
export const CustomNameserver = z.object({
  ns_name: z.string(),
  ns_set: NsSet.default(Limits.DEFAULT_NS_SET),
  dns_records: z.array(DnsRecord),
  status: z.enum(["moved", "pending", "verified"]),
  zone_tag: z.string(),
});
export type CustomNameserver = z.infer<typeof CustomNameserver>;

/** Body of `POST /accounts/{account_id}/custom_ns`. */
export const CreateCustomNameserverBody = z.object({
  ns_name: z.string(),
  ns_set: NsSet.optional(),
});
export type CreateCustomNameserverBody = z.infer<typeof CreateCustomNameserverBody>;

/** Body of the deprecated `PUT /zones/{zone_id}/custom_ns`. */
export const PutZoneCustomNameserversBody = z.object({
  enabled: z.boolean().optional(),
  ns_set: NsSet.optional(),
});
export type PutZoneCustomNameserversBody = z.infer<typeof PutZoneCustomNameserversBody>;

/**
 * Zone metadata of the deprecated `GET /zones/{zone_id}/custom_ns`. Cloudflare's spec and the TS SDK
 * put these fields at the top level of the envelope; the legacy Go client reads them under `result`.
 */
export const ZoneCustomNameserversMetadata = z.looseObject({
  enabled: z.boolean().optional(),
  ns_set: NsSet.optional(),
});
export type ZoneCustomNameserversMetadata = z.infer<typeof ZoneCustomNameserversMetadata>;

export const ZoneNameservers = z.object({ type: ZoneNameserverType, ns_set: NsSet.optional() });
export type ZoneNameservers = z.infer<typeof ZoneNameservers>;

/**
 * The account set a zone's `nameservers` setting puts it on, or null when it is not on account
 * custom nameservers. `ns_set` omitted means set 1, as Cloudflare reads it.
 */
export function findZoneSet(
  nameservers: { type: string; ns_set?: number | undefined } | undefined,
): number | null {
  if (nameservers?.type !== "custom.account") return null;
  return nameservers.ns_set ?? Limits.DEFAULT_NS_SET;
}

/** `result` of `GET/PATCH /zones/{zone_id}/dns_settings` (only the fields we use are typed). */
export const ZoneDnsSettings = z.looseObject({ nameservers: ZoneNameservers });
export type ZoneDnsSettings = z.infer<typeof ZoneDnsSettings>;

/** Body of `PATCH /zones/{zone_id}/dns_settings`. */
export const PatchZoneDnsSettingsBody = z.looseObject({ nameservers: ZoneNameservers.optional() });
export type PatchZoneDnsSettingsBody = z.infer<typeof PatchZoneDnsSettingsBody>;

/** `result` of `GET/PATCH /accounts/{account_id}/dns_settings`. */
export const AccountDnsSettings = z.looseObject({
  zone_defaults: z.looseObject({ nameservers: z.object({ type: AccountNameserverType }) }),
});
export type AccountDnsSettings = z.infer<typeof AccountDnsSettings>;

/** Body of `PATCH /accounts/{account_id}/dns_settings`. */
export const PatchAccountDnsSettingsBody = z.looseObject({
  zone_defaults: z
    .looseObject({ nameservers: z.object({ type: AccountNameserverType }).optional() })
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

/** Body of `PUT /accounts/{account_id}` (the deprecated way to set the default nameservers). */
export const PutAccountBody = z.looseObject({
  name: z.string().max(100),
  settings: z.looseObject({ default_nameservers: LegacyDefaultNameservers.optional() }).optional(),
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

export const ResultInfo = z.object({
  page: z.number(),
  per_page: z.number(),
  count: z.number(),
  total_count: z.number(),
  total_pages: z.number().optional(),
});
export type ResultInfo = z.infer<typeof ResultInfo>;

/** The v4 envelope around every answer. */
export const Envelope = z.looseObject({
  success: z.boolean(),
  errors: z.array(ResponseInfo),
  messages: z.array(ResponseInfo),
  result: z.unknown(),
  result_info: ResultInfo.optional(),
});
export type Envelope = z.infer<typeof Envelope>;
