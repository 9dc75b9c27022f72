/**
 * Request shapes the emulator accepts, as the spec bundle defines them, and the one place that
 * turns zod issues into messages naming the field and the value received. Response shapes come
 * from provider/core/cloudflare.ts; these are the emulator's stricter view of request bodies
 * (every optional field of a PATCH is range-checked so the stored state always renders valid).
 */
import { z } from "zod";
import {
  AccountNameserverType,
  LegacyDefaultNameservers,
  NsSet,
  ZoneNameserverType,
} from "../core/cloudflare";
import { createApiErrorFromProblems, type ApiError, type Problem } from "./errors";

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

/**
 * `foundation_dns` in a PATCH: refused since 2026-11-23 (documented); the code (1101) and the
 * wording are ours.
 */
const RemovedFoundationDns = z
  .custom<never>(() => false, {
    message:
      'was removed from DNS settings on 2026-11-23; send nameservers {"type": "cloudflare.advanced"} for Advanced Nameservers, or {"type": "cloudflare.standard"}',
  })
  .optional();

const DnsSettingsPatchFields = DnsSettingsFields.extend({ soa: SoaFields.partial() })
  .partial()
  .extend({ foundation_dns: RemovedFoundationDns });

/** Body of `PATCH /zones/{zone_id}/dns_settings`; `nameservers.type` is optional in the spec. */
export const ZoneDnsSettingsPatch = z.looseObject({
  ...DnsSettingsPatchFields.shape,
  nameservers: z
    .looseObject({
      // "custom" with nameserver_set_id: an account-owned Custom Nameserver Set (nameserver-sets.ts).
      type: z.enum([...ZoneNameserverType.options, "custom"]).optional(),
      ns_set: NsSet.optional(),
      nameserver_set_id: z.string().optional(),
    })
    .refine((ns) => ns.type !== "custom" || ns.nameserver_set_id !== undefined, {
      message: 'is required with type "custom"',
      path: ["nameserver_set_id"],
    })
    .optional(),
});
export type ZoneDnsSettingsPatch = z.infer<typeof ZoneDnsSettingsPatch>;

/** Body of `PATCH /accounts/{account_id}/dns_settings`. */
export const AccountDnsSettingsPatch = z.looseObject({
  enforce_dns_only: z.boolean().optional(),
  zone_defaults: z
    .looseObject({
      ...DnsSettingsPatchFields.shape,
      nameservers: z.looseObject({ type: AccountNameserverType.optional() }).optional(),
    })
    .optional(),
});
export type AccountDnsSettingsPatch = z.infer<typeof AccountDnsSettingsPatch>;

/** Body of `POST /accounts/{account_id}/custom_ns`. */
export const CreateNameserverRequest = z.looseObject({ ns_name: z.string(), ns_set: NsSet.optional() });
export type CreateNameserverRequest = z.infer<typeof CreateNameserverRequest>;

/** Body of the deprecated `PUT /zones/{zone_id}/custom_ns`. */
export const ZoneCustomNsRequest = z.looseObject({
  enabled: z.boolean().optional(),
  ns_set: NsSet.optional(),
});
export type ZoneCustomNsRequest = z.infer<typeof ZoneCustomNsRequest>;

/**
 * Body of `PUT /accounts/{account_id}`. The 2026 spec also requires `id` and `type`; the emulator
 * accepts them but needs only `name`, as older Cloudflare answers did, and reads the deprecated
 * `settings.default_nameservers` and `settings.use_account_custom_ns_by_default`.
 */
export const UpdateAccountRequest = z.looseObject({
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
export type UpdateAccountRequest = z.infer<typeof UpdateAccountRequest>;

/** Query of `GET /zones`: Cloudflare's page/per_page pagination (per_page 5-50, default 20). */
export const ListZonesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(5).max(50).default(20),
  name: z.string().optional(),
  "account.id": z.string().optional(),
  "account.name": z.string().optional(),
  status: z.string().optional(),
});
export type ListZonesQuery = z.infer<typeof ListZonesQuery>;

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "object":
      return "an object";
    case "array":
      return "an array";
    default:
      return `a ${expected}`;
  }
}

function describeBound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === "too_big";
  const bound = big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
  const inclusive = issue.inclusive !== false;
  const word = big ? (inclusive ? "at most" : "less than") : inclusive ? "at least" : "more than";
  const n = Number(bound);
  switch (issue.origin) {
    case "string":
      return `must be ${word} ${n} characters long`;
    case "array":
      return `must hold ${word} ${n} items`;
    default:
      return `must be ${word} ${n}`;
  }
}

function readPath(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** Renders a received value for a message, short enough for one line. */
export function renderValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Names a path the way messages do: `nameservers.ns_set`, `accounts[0].id`. */
export function formatPath(path: readonly PropertyKey[], root: string): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out === "" ? root : out;
}

/**
 * Turns zod issues into messages of the form `<field> <what is wrong>; got <value>`, one per issue,
 * reading the received value from `input` so the message shows what the client sent.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root: string,
  isSecret: (path: readonly PropertyKey[]) => boolean = () => false,
): string[] {
  return issues.map((issue) => {
    const field = formatPath(issue.path, root);
    const received = readPath(input, issue.path);
    let what: string;
    switch (issue.code) {
      case "invalid_type":
        what = received === undefined ? "is required" : `must be ${describeExpected(issue.expected)}`;
        break;
      case "too_big":
      case "too_small":
        what = describeBound(issue);
        break;
      case "invalid_value":
        what = `must be one of ${issue.values.map((v) => renderValue(v)).join(", ")}`;
        break;
      case "unrecognized_keys":
        return `${field} has unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => renderValue(k)).join(", ")}`;
      default:
        what = issue.message;
    }
    // A secret's value never goes into a message, not even a malformed one.
    if (received === undefined || isSecret(issue.path)) return `${field} ${what}`;
    return `${field} ${what}; got ${renderValue(received)}`;
  });
}

/** Parses a request body or query, or returns the 400 listing every offending field. */
export function parseRequest<T extends z.ZodType>(
  schema: T,
  input: unknown,
  root = "body",
): { ok: true; value: z.infer<T> } | { ok: false; error: ApiError } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, value: parsed.data };
  const problems: Problem[] = describeIssues(parsed.error.issues, input, root).map((message) => ({
    error: "INVALID_BODY",
    message,
  }));
  return { ok: false, error: createApiErrorFromProblems(problems) };
}
