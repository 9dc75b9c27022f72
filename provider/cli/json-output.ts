/**
 * The `--json` documents of the `acns` commands: one JSON object on stdout per run. These schemas
 * are their contract (tests parse every output with them); adding a field is a minor change,
 * renaming or removing one is a breaking change.
 */
import { z } from "zod";
import { AcnsIssueSubjects } from "../core/config";
import { AnycastGroup } from "../core/custom-nameserver-sets";
import { AcnsDrift } from "../core/drift";

/** A problem found by `validate` (or by `drift`/`glue` in a file they refuse). */
export const ReportedIssue = z.strictObject({
  /** A validator code (`AcnsIssueCode`), a file code (`ConfigFileProblemCode`), or `zone-not-in-account` (--live). */
  code: z.string(),
  /** Path into the file's value, as the validator gives it; `[]` for a problem of the file's syntax. */
  path: z.array(z.union([z.string(), z.number()])),
  /** `file`: the problem is in the file (line/column given when known); `account`: in a zone the account has and the file does not list. */
  source: z.enum(["file", "account"]),
  /** The account an `account` issue is about, else null. */
  accountId: z.string().nullable(),
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  message: z.string(),
  subjects: AcnsIssueSubjects,
});
export type ReportedIssue = z.infer<typeof ReportedIssue>;

/** What went wrong when a command could not run (exit code ERROR). */
export const JsonError = z.strictObject({
  error: z.strictObject({
    /** `usage`, `file` (unreadable), `invalid-config` (drift/glue on a file that breaks rules), `credentials`, `api`. */
    kind: z.enum(["usage", "file", "invalid-config", "credentials", "api"]),
    message: z.string(),
    /** The file's problems, for `invalid-config`. */
    issues: z.array(ReportedIssue).optional(),
  }),
});
export type JsonError = z.infer<typeof JsonError>;

/** Per account of a valid file: what it declares, and with --live what the account has. */
export const ValidatedAccount = z.strictObject({
  accountId: z.string(),
  sets: z.number().int(),
  nameservers: z.number().int(),
  zones: z.number().int(),
  /** With --live: zones in the account, and how many of them the file does not list; else null. */
  live: z
    .strictObject({
      zones: z.number().int(),
      unlisted: z.number().int(),
      unlistedOnAcns: z.number().int(),
      /**
       * Unlisted zones on nameservers this tool does not manage (a Custom Nameserver Set, tenant or
       * zone custom nameservers, a type it does not know), each with its setting in words; present
       * only when there are any. Every rule treats them as on no numbered set.
       */
      unlistedOnOtherNameservers: z
        .array(z.strictObject({ name: z.string(), nameservers: z.string() }))
        .optional(),
    })
    .nullable(),
});
export type ValidatedAccount = z.infer<typeof ValidatedAccount>;

/** How far a run stopped by Ctrl-C got (exit code 130); the document then holds the result over what was read. */
export const InterruptedRead = z.strictObject({
  /** Zones whose DNS settings were read, over the accounts read. */
  zonesRead: z.number().int(),
  /** Zones whose DNS settings the run meant to read in those accounts. */
  zonesToRead: z.number().int(),
  /** Accounts whose zones were not listed before the interrupt: nothing of them was checked. */
  accountsNotRead: z.array(z.string()),
});
export type InterruptedRead = z.infer<typeof InterruptedRead>;

/** `acns validate --json`. */
export const ValidateJson = z.strictObject({
  file: z.string(),
  valid: z.boolean(),
  /** Whether the account was read (--live). */
  live: z.boolean(),
  /** Per account, when valid; empty when not. */
  accounts: z.array(ValidatedAccount),
  issues: z.array(ReportedIssue),
  /**
   * What the file does that Cloudflare may refuse though it documents no rule against it (the
   * validator's `AcnsWarning`s: a Custom Nameserver Set's size, shared names, the hierarchy rule per
   * custom set); they never make the file invalid.
   */
  warnings: z.array(ReportedIssue),
  /** API requests sent (0 without --live). */
  requests: z.number().int(),
  /** Present only when Ctrl-C stopped --live: the result covers only what was read. */
  partial: z.literal(true).optional(),
  interrupted: InterruptedRead.optional(),
});
export type ValidateJson = z.infer<typeof ValidateJson>;

/**
 * An account whose Custom Nameserver Sets could not be listed because the API has none for it (an
 * API without the endpoint: HTTP 404 / Cloudflare's 7003; an account without the feature: 1002):
 * it was read as an account without sets.
 */
export const CustomSetsUnavailable = z.strictObject({
  accountId: z.string(),
  /** What the API answered, e.g. `HTTP 404 with Cloudflare error 7003`. */
  reason: z.string(),
});
export type CustomSetsUnavailable = z.infer<typeof CustomSetsUnavailable>;

/** `acns drift --json`. */
export const DriftJson = z.strictObject({
  file: z.string(),
  /** True when some difference is not `informational` (exit code 2). */
  drift: z.boolean(),
  /** The accounts compared, in the file's order. */
  accounts: z.array(z.string()),
  /**
   * Every difference (see `AcnsDrift`), per account in the file's order; `informational` ones
   * (`custom-set-unmanaged`) are listed but are not drift.
   */
  differences: z.array(AcnsDrift),
  /** Accounts whose Custom Nameserver Sets could not be listed; present only when there are any. */
  customSetsUnavailable: z.array(CustomSetsUnavailable).optional(),
  requests: z.number().int(),
  /** Present only when Ctrl-C stopped the read: the differences cover only what was read. */
  partial: z.literal(true).optional(),
  interrupted: InterruptedRead.optional(),
});
export type DriftJson = z.infer<typeof DriftJson>;

/** One name's glue records. */
export const GlueNameserver = z.strictObject({
  name: z.string(),
  /** False for a name of the file that the account does not have yet (no addresses known). */
  inAccount: z.boolean(),
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
  /** Cloudflare's (deprecated) verification status, null when not in the account. */
  status: z.string().nullable(),
  /** The account zone holding the name, when there is one: Cloudflare then creates its A/AAAA records itself. */
  zoneTag: z.string().nullable(),
});
export type GlueNameserver = z.infer<typeof GlueNameserver>;

/** One name of a Custom Nameserver Set with its glue addresses. */
export const GlueCustomSetNameserver = z.strictObject({
  name: z.string(),
  /** Every IPv4 address of the name (`ip_count` of them); empty for a set not in the account yet. */
  ipv4: z.array(z.string()),
  ipv6: z.array(z.string()),
  /** For an advanced set: the Advanced anycast group of each address, same order; else null. */
  ipv4Groups: z.array(AnycastGroup).nullable(),
  ipv6Groups: z.array(AnycastGroup).nullable(),
});

/** A Custom Nameserver Set's glue: a live set, or a set of the file's `customSets` not in the account yet. */
export const GlueCustomSet = z.strictObject({
  /** The live set's id; null for a set of the file the account does not have yet. */
  nameserverSetId: z.string().nullable(),
  /** The key of the file's `customSets` entry whose names, counts, `advanced` and `ipSet` it matches exactly; else null. */
  key: z.string().nullable(),
  advanced: z.boolean(),
  ipSet: z.number().int(),
  nameservers: z.array(GlueCustomSetNameserver),
});
export type GlueCustomSet = z.infer<typeof GlueCustomSet>;

/** `acns glue --json`. */
export const GlueJson = z.strictObject({
  /** The file given, or null with --account. */
  file: z.string().nullable(),
  /** False when some names or Custom Nameserver Sets of the file are not in the account (exit code 2). */
  complete: z.boolean(),
  accounts: z.array(
    z.strictObject({
      accountId: z.string(),
      sets: z.array(z.strictObject({ nsSet: z.number().int(), nameservers: z.array(GlueNameserver) })),
      /**
       * The account's Custom Nameserver Sets in listing order (oldest first), then, with a file,
       * the file's sets that no live set matches.
       */
      customSets: z.array(GlueCustomSet),
    }),
  ),
  /** Accounts whose Custom Nameserver Sets could not be listed; present only when there are any. */
  customSetsUnavailable: z.array(CustomSetsUnavailable).optional(),
  requests: z.number().int(),
});
export type GlueJson = z.infer<typeof GlueJson>;
