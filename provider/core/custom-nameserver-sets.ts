/**
 * zod shapes of Cloudflare's account-owned Custom Nameserver Sets (2026). No released SDK types these
 * endpoints yet (cloudflare 7.3.0): they follow the API reference and cloudflare-go v7
 * `dns/settingaccountnameserverset.go`.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 * @see ../../docs/decisions/010-custom-nameserver-sets.md
 */
import { z } from "zod";
import { CloudflareId } from "./ids";

/** How long a set's id is (the reference gives only the length; Cloudflare's ids are hex). */
export const NAMESERVER_SET_ID_LENGTH = 32;
export const NameserverSetId = z
  .string()
  .length(NAMESERVER_SET_ID_LENGTH, `must be ${NAMESERVER_SET_ID_LENGTH} characters`);
export type NameserverSetId = z.infer<typeof NameserverSetId>;

/** An Advanced anycast group; one per address, in address order. */
export const AnycastGroup = z.enum(["a", "b", "c"]);
export type AnycastGroup = z.infer<typeof AnycastGroup>;

/** One entry of a create request: the name and how many IPv4 and IPv6 addresses it gets. */
export const NameserverSetNameserverInput = z.object({
  /** A unique lowercase Punycode nameserver name within the set. */
  name: z.string(),
  /** Addresses of each family for this name; all names of an advanced set use one value. */
  ip_count: z.number().int().optional(),
});
export type NameserverSetNameserverInput = z.infer<typeof NameserverSetNameserverInput>;

/** Body of `POST /accounts/{account_id}/dns_settings/nameserver_sets`. */
export const CreateNameserverSetBody = z.object({
  nameservers: z.array(NameserverSetNameserverInput),
  /** Allocate the names from distinct Advanced anycast groups. Cloudflare's CLI default: false. */
  advanced: z.boolean().optional(),
  /** The account-specific address pool, at least 1. Cloudflare's CLI default: 1. */
  ip_set: z.number().int().min(1).optional(),
});
export type CreateNameserverSetBody = z.infer<typeof CreateNameserverSetBody>;

/** A name of a standard set with its glue addresses. */
export const StandardNameserverSetNameserver = z.looseObject({
  name: z.string(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
});
export type StandardNameserverSetNameserver = z.infer<typeof StandardNameserverSetNameserver>;

/** A name of an advanced set: its addresses and each address's anycast group, same order. */
export const AdvancedNameserverSetNameserver = StandardNameserverSetNameserver.extend({
  ipv4_groups: z.array(AnycastGroup),
  ipv6_groups: z.array(AnycastGroup),
});
export type AdvancedNameserverSetNameserver = z.infer<typeof AdvancedNameserverSetNameserver>;

const NameserverSetFields = {
  id: NameserverSetId,
  created_on: z.string(),
  ip_set: z.number().int().min(1),
};

/** A Custom Nameserver Set as create, get and list answer it; `advanced` tells the two variants apart. */
export const NameserverSet = z.discriminatedUnion("advanced", [
  z.looseObject({
    ...NameserverSetFields,
    advanced: z.literal(false),
    nameservers: z.array(StandardNameserverSetNameserver),
  }),
  z.looseObject({
    ...NameserverSetFields,
    advanced: z.literal(true),
    nameservers: z.array(AdvancedNameserverSetNameserver),
  }),
]);
export type NameserverSet = z.infer<typeof NameserverSet>;

/** `result` of `DELETE /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}`. */
export const DeletedNameserverSet = z.looseObject({ id: NameserverSetId });
export type DeletedNameserverSet = z.infer<typeof DeletedNameserverSet>;

/** Query of the list: `page` ≥ 1, `per_page` 1-5000000 (Cloudflare's documented bounds). */
export const ListNameserverSetsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(1).max(5_000_000).default(20),
});
export type ListNameserverSetsQuery = z.infer<typeof ListNameserverSetsQuery>;

// ---------------------------------------------------------------------------------------------
// The `CustomNameserverSet` resource's inputs, in the resources' camelCase

/** One name of a `CustomNameserverSet` as a program gives it: a hostname, or the name with its address count. */
export const CustomNameserverSetEntry = z.union([
  z.string(),
  z
    .strictObject({
      name: z.string().describe("The hostname, e.g. `ns1.example.com`."),
      // Only "a whole number" is checked: the range (1-4 in the emulator) is not documented, so the
      // API answers it.
      ipCount: z
        .number()
        .int()
        .optional()
        .describe(
          "IPv4 and IPv6 addresses Cloudflare gives this name (of each family). All names of an advanced " +
            "set use one count. Default: Cloudflare's (one of each in the emulator).",
        ),
    })
    .describe("One name of a Custom Nameserver Set with the number of addresses it gets."),
]);
export type CustomNameserverSetEntry = z.infer<typeof CustomNameserverSetEntry>;

/**
 * The inputs of a `CustomNameserverSet` once checked: names normalised, in order, each once; defaults
 * filled in. Limits Cloudflare does not document are not part of the shape: the API answers them.
 */
export const CustomNameserverSetSpec = z.object({
  accountId: CloudflareId,
  nameservers: z.array(CustomNameserverSetEntry),
  advanced: z.boolean(),
  /** The account's address pool; documented as at least 1. */
  ipSet: z.number().int().min(1),
});
export type CustomNameserverSetSpec = z.infer<typeof CustomNameserverSetSpec>;

/** Cloudflare's `advanced` when a create leaves it out (its CLI's default). */
export const DEFAULT_NAMESERVER_SET_ADVANCED = false;
/** Cloudflare's `ip_set` when a create leaves it out (its CLI's default). */
export const DEFAULT_NAMESERVER_SET_IP_SET = 1;
/**
 * The addresses per family a name gets when its `ip_count` is left out. Not documented: one of each,
 * as a numbered-set name has, is the emulator's choice (docs/decisions/010). Reading a live set
 * back into inputs (import) and comparing an omitted count with an explicit one rely on it.
 */
export const ASSUMED_DEFAULT_IP_COUNT = 1;

/** Why a Custom Nameserver Set's names must be listed once, in messages. */
export const CUSTOM_SET_NAME_ONCE = "a name appears once in a Custom Nameserver Set; ";

/**
 * Documented: all names of an advanced set use one `ip_count`. A name without a count gets an
 * undocumented default, so a mix of given and left out differs too. The problem in words, or undefined.
 */
export function describeIpCountMismatch(
  label: string,
  counts: readonly { name: string; ipCount: number | undefined }[],
): string | undefined {
  if (new Set(counts.map((c) => c.ipCount)).size <= 1) return undefined;
  const shown = counts
    .map((c) => `${c.ipCount === undefined ? "none" : String(c.ipCount)} for "${c.name}"`)
    .join(", ");
  return (
    `advanced ${label} gives its names different ipCount values (${shown}); all names of an advanced set ` +
    "use one ipCount; give every name the same ipCount, or leave it out on every name"
  );
}

export function nameOfSetEntry(entry: CustomNameserverSetEntry): string {
  return typeof entry === "string" ? entry : entry.name;
}

/** The address count an entry asks for, undefined when it leaves it to Cloudflare. */
export function ipCountOfSetEntry(entry: CustomNameserverSetEntry): number | undefined {
  return typeof entry === "string" ? undefined : entry.ipCount;
}
