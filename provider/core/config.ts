/**
 * The shape of an account's custom nameserver configuration and of the validator's problems: one
 * zod schema per shape, the types from `z.infer`.
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { z } from "zod";
import { AccountNameserverType, CloudflareId, NsSet } from "./cloudflare";
import { ZoneRestoreTarget } from "./zone-nameservers";
import {
  CustomNameserverSetEntry,
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
} from "./custom-nameserver-sets";
import { Limits, NAMES_PER_SET_RANGE, NS_SET_RANGE } from "./limits";

// Each shape's and field's documentation is its `.describe()`: the JSON Schema (acns.schema.json)
// and the Pulumi package schema (schema.json) publish it.

export const AcnsSet = z
  .strictObject({
    nsSet: NsSet.describe(`The set number, ${NS_SET_RANGE}.`),
    nameservers: z
      .array(z.string())
      .describe(
        `The set's ${NAMES_PER_SET_RANGE} hostnames, e.g. \`["ns1.example.com", "ns2.example.com"]\`.`,
      ),
  })
  .describe(`One nameserver set of the account: its number and its ${NAMES_PER_SET_RANGE} hostnames.`);
export type AcnsSet = z.output<typeof AcnsSet>;

/** The pattern of a Custom Nameserver Set's key in a configuration. */
export const CUSTOM_SET_KEY_PATTERN = /^[a-z0-9](?:[a-z0-9_-]{0,61}[a-z0-9])?$/;

/** Cloudflare identifies a Custom Nameserver Set by an id it assigns at create, so a configuration names it by a `key`. */
export const AcnsCustomSet = z
  .strictObject({
    key: z
      .string()
      .regex(CUSTOM_SET_KEY_PATTERN, "must be 1-63 lowercase letters, digits, - or _")
      .describe(
        "This configuration's name for the set, e.g. `edge`: lowercase letters, digits, `-` and `_`, " +
          "1-63 characters. Not sent to Cloudflare; zones name it in `customSet`.",
      ),
    nameservers: z
      .array(CustomNameserverSetEntry)
      .describe("The set's names in order: a hostname, or `{ name, ipCount }`."),
    advanced: z
      .boolean()
      .optional()
      .describe(
        `Allocate the names from distinct Advanced anycast groups. Default: ${DEFAULT_NAMESERVER_SET_ADVANCED}.`,
      ),
    ipSet: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe(`The account's address pool, at least 1. Default: ${DEFAULT_NAMESERVER_SET_IP_SET}.`),
  })
  .describe(
    "An account-owned Custom Nameserver Set, named by its `key`. Sets are immutable: any change of " +
      "`nameservers`, `advanced` or `ipSet` makes a new set (the zones move onto it before the old one is deleted).",
  );
export type AcnsCustomSet = z.output<typeof AcnsCustomSet>;

/** Listing a zone means it is on `nameservers.type` `custom.account` (`nsSet`) or `custom` (`customSet`). */
export const AcnsZone = z
  .strictObject({
    name: z
      .string()
      .describe("The zone's domain name; case, one trailing dot and IDN spellings are normalised."),
    zoneId: CloudflareId.optional().describe(
      "The zone's Cloudflare id (32 lowercase hex characters), when known; checked against the live zones.",
    ),
    // Optional in the shape so that a zone on a Custom Nameserver Set has none; the validator
    // fills in the default for every other zone.
    nsSet: NsSet.optional().meta({
      default: Limits.DEFAULT_NS_SET,
      description:
        `The numbered set the zone uses, ${NS_SET_RANGE}. Default: ${Limits.DEFAULT_NS_SET} (as Cloudflare ` +
        "does when `ns_set` is omitted), unless `customSet` is given.",
    }),
    customSet: z
      .string()
      .optional()
      .describe(
        "The key of a Custom Nameserver Set of `customSets` the zone uses instead of a numbered set; " +
          "give it or `nsSet`, not both.",
      ),
    restoreTo: ZoneRestoreTarget.optional().describe(
      "Where the zone goes when it leaves account custom nameservers and what it had before is not " +
        "known (an adopted zone, a run interrupted after the zone's move): `{type: custom.account, " +
        "nsSet}`, `{type: cloudflare.standard}` or `{type: cloudflare.advanced}`. Default: none: the zone " +
        "stays on its set, and goes to cloudflare.standard when that set is deleted.",
    ),
  })
  .describe(
    "A zone on account custom nameservers: on numbered set `nsSet`, or on the Custom Nameserver Set `customSet` names.",
  );
export type AcnsZone = z.output<typeof AcnsZone>;

/** A fact about a live zone (`nsSet` required, so it is never misread); a declaration of its name in `zones` wins. */
export const AcnsLiveZone = z
  .strictObject({
    name: z.string().describe("The zone's domain name."),
    zoneId: CloudflareId.optional().describe(
      "The zone's Cloudflare id (32 lowercase hex characters), when known.",
    ),
    nsSet: NsSet.nullable().describe(
      "The set the zone uses now, or `null` when it is not on account custom nameservers.",
    ),
  })
  .describe(
    "A zone of the live account that the configuration does not list, so the rules are checked against it too.",
  );
export type AcnsLiveZone = z.output<typeof AcnsLiveZone>;

/** One account's configuration: `sets` is complete once applied; zones not listed keep what they have. */
export const AcnsConfig = z.strictObject({
  accountId: CloudflareId.describe("The account id (32 lowercase hex characters)."),
  defaultNameservers: AccountNameserverType.optional().describe(
    "What new zones of the account use (`zone_defaults.nameservers.type`). With `custom.account`, a " +
      `new zone tries set ${Limits.MIN_NS_SET} first. Default: left as the account has it.`,
  ),
  sets: z.array(AcnsSet).describe("The account's nameserver sets."),
  customSets: z
    .array(AcnsCustomSet)
    .optional()
    .describe("The account's Custom Nameserver Sets (2026), each named by its `key`. Default: none."),
  zones: z.array(AcnsZone).describe("The zones on account custom nameservers."),
  liveZones: z
    .array(AcnsLiveZone)
    .optional()
    .describe(
      "Zones of the live account that `zones` does not list, so a plan is checked against the account " +
        "as it is. Default: none.",
    ),
});
export type AcnsConfig = z.output<typeof AcnsConfig>;

/** What the validator accepts: one account, or several (the rules apply within each account). */
export const AcnsConfigInput = z.union([AcnsConfig, z.array(AcnsConfig)]);
export type AcnsConfigInput = z.input<typeof AcnsConfigInput>;

/**
 * The validator's stable issue codes, in the order issues at one path are reported.
 * Adding a code is a minor change; renaming or removing one is a breaking change.
 */
export const ACNS_ISSUE_CODES = [
  /** The input does not have the configuration's shape (wrong type, missing field). */
  "invalid-shape",
  /** A field the configuration does not know (often a misspelling). */
  "unknown-field",
  /** An account or zone id that is not 32 lowercase hex characters. */
  "invalid-id",
  /** Two accounts of one input with the same id. */
  "duplicate-account",
  /** A nameserver that is not a valid hostname. */
  "invalid-hostname",
  /** A zone name that is not a valid forward or reverse domain name. */
  "invalid-zone-name",
  /** A set number outside 1-5, on a set or a zone. */
  "ns-set-out-of-range",
  /** One set number declared twice. */
  "duplicate-set",
  /** More sets than an account may have. */
  "too-many-sets",
  /** A set with fewer than 2 distinct names (zones cannot use it). */
  "set-too-small",
  /** A set with more than 5 distinct names. */
  "set-too-large",
  /** One name listed twice in a set. */
  "duplicate-nameserver",
  /** One name in two sets. */
  "nameserver-in-multiple-sets",
  /** A zone on a set that is not declared or has fewer than 2 names. */
  "unknown-set",
  /** One zone listed twice. */
  "duplicate-zone",
  /** One zone id given to two zones. */
  "duplicate-zone-id",
  /** A declared zone id that the live account gives to another zone, or a different id for the same zone. */
  "zone-id-mismatch",
  /** Two zones on one ancestor/descendant chain on the same set. */
  "hierarchy-conflict",
  /** `custom.account` as the default for new zones without a usable set 1. */
  "default-needs-set",
  /** A zone's `restoreTo` that it cannot use (its own set). */
  "invalid-restore-to",
  /** Two Custom Nameserver Sets with one `key`. */
  "duplicate-custom-set",
  /** An advanced Custom Nameserver Set whose names do not share one `ipCount` (documented). */
  "advanced-ip-count-mismatch",
  /** A zone that gives both `nsSet` and `customSet`. */
  "ns-set-and-custom-set",
  /** A zone whose `customSet` is not the key of a declared Custom Nameserver Set. */
  "unknown-custom-set",
] as const;

export const AcnsIssueCode = z.enum(ACNS_ISSUE_CODES);
export type AcnsIssueCode = z.infer<typeof AcnsIssueCode>;

/**
 * The validator's stable warning codes: rules Cloudflare does not document, which the emulator
 * enforces or allows by choice (docs/decisions/010). A warning never makes a configuration
 * invalid; the API has the last word. Adding a code is a minor change; renaming or removing one,
 * or turning a warning into an issue, is a breaking change.
 */
export const ACNS_WARNING_CODES = [
  /** A Custom Nameserver Set with fewer than 2 distinct names (the emulator's chosen minimum). */
  "custom-set-too-small",
  /** A Custom Nameserver Set with more than 5 distinct names (the emulator's chosen maximum). */
  "custom-set-too-large",
  /** One name in a Custom Nameserver Set and in a numbered set (allowed by the emulator by default). */
  "nameserver-in-custom-and-numbered-set",
  /** One name in two Custom Nameserver Sets (allowed by the emulator by default). */
  "nameserver-in-multiple-custom-sets",
  /** Two zones on one ancestor/descendant chain on the same Custom Nameserver Set (the emulator refuses it). */
  "custom-set-hierarchy-conflict",
] as const;

export const AcnsWarningCode = z.enum(ACNS_WARNING_CODES);
export type AcnsWarningCode = z.infer<typeof AcnsWarningCode>;

/** A path into the validator's input, zod-style: `["zones", 2, "nsSet"]`, or `[1, "zones", 2, "nsSet"]` for an array of accounts. */
export const AcnsIssuePath = z.array(z.union([z.string(), z.number()]));
export type AcnsIssuePath = z.infer<typeof AcnsIssuePath>;

/** What an issue is about, by name: normalised zone names, set numbers and nameserver hostnames. */
export const AcnsIssueSubjects = z.object({
  zones: z.array(z.string()),
  sets: z.array(z.number()),
  nameservers: z.array(z.string()),
  /** Keys of the Custom Nameserver Sets (`customSets`) the issue involves; present only when there are any. */
  customSets: z.array(z.string()).optional(),
});
export type AcnsIssueSubjects = z.infer<typeof AcnsIssueSubjects>;

/** One problem with a configuration: a stable code, where it is, what is wrong and how to fix it, and what it involves. */
export const AcnsIssue = z.object({
  code: AcnsIssueCode,
  path: AcnsIssuePath,
  /** One sentence in the house grammar: what, which names, why, how to fix. */
  message: z.string(),
  subjects: AcnsIssueSubjects,
});
export type AcnsIssue = z.infer<typeof AcnsIssue>;

/** Something the validator accepts but Cloudflare may refuse (an undocumented rule), with a warning code. */
export const AcnsWarning = AcnsIssue.extend({ code: AcnsWarningCode });
export type AcnsWarning = z.infer<typeof AcnsWarning>;
