/**
 * The resources' inputs as documented zod schemas (the package schema publishes them), with each
 * resource's input and replace-on-change lists. The validator's translator words their issues
 * (`parseInput`); only hostnames, zone names and repeated names word their own.
 */
import { z } from "zod";
import { AccountNameserverType, CloudflareId, NsSet } from "./cloudflare";
import { RESTORE_TO_HINT, ZoneRestoreTarget } from "./zone-nameservers";
import { AcnsSet } from "./config";
import {
  CUSTOM_SET_NAME_ONCE,
  CustomNameserverSetSpec,
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  NAMESERVER_SET_ID_LENGTH,
  NameserverSetId,
  nameOfSetEntry,
} from "./custom-nameserver-sets";
import { CLOUDFLARE_ID_PATTERN, CLOUDFLARE_ID_RULE } from "./ids";
import { Limits, NAMES_PER_SET_RANGE, NS_SET_RANGE } from "./limits";
import { checkHostname, checkZoneName, normaliseName } from "./names";
import { CUSTOM_SET_HINTS } from "./validate-custom-sets";
import { describeBadHostname, describeRepeatedName, readField } from "./validate-state";

/** The shape a field's parser accepts, which its transforms hide from the package schema (`NsSet` is an integer). */
export function findInputShape(schema: z.core.$ZodType): z.core.$ZodType | undefined {
  // `.describe()` and `.meta()` clone a schema; the clone names what it was cloned from.
  for (let s: z.core.$ZodType | undefined = schema; s !== undefined; s = s._zod.parent) {
    const shape = INPUT_SHAPES.get(s);
    if (shape !== undefined) return shape;
  }
  return undefined;
}

const INPUT_SHAPES = new WeakMap<z.core.$ZodType, z.core.$ZodType>();

function withShape<T extends z.core.$ZodType>(schema: T, shape: z.core.$ZodType): T {
  INPUT_SHAPES.set(schema, shape);
  return schema;
}

/** An absent value (undefined or null) reads as `fallback`; anything else must match `schema`. */
function withDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema.nullish().transform((value) => value ?? fallback);
}

/** A Cloudflare id, trimmed and lower-cased; without `CloudflareId`'s API-style message, so the translator words it. */
export const CloudflareIdInput = withShape(
  z
    .string()
    .transform((text) => text.trim().toLowerCase())
    .pipe(z.string().regex(CLOUDFLARE_ID_PATTERN)),
  CloudflareId,
);

/** A numbered set, 1-5; absent is Cloudflare's default, 1. */
export const NsSetInput = withShape(withDefault(NsSet, Limits.DEFAULT_NS_SET), NsSet);

function booleanInput(fallback: boolean) {
  return withDefault(z.boolean(), fallback);
}

/** `type` of `AccountDefaultNameservers` (white space around it is dropped). */
const AccountNameserverTypeInput = withShape(
  z
    .string()
    .transform((text) => text.trim())
    .pipe(AccountNameserverType),
  AccountNameserverType,
);

/** `ipSet` of a Custom Nameserver Set: a whole number of at least 1 (its maximum is the API's). */
const IpSetInput = withShape(
  withDefault(z.number().int().min(1), DEFAULT_NAMESERVER_SET_IP_SET),
  CustomNameserverSetSpec.shape.ipSet,
);

/** A Custom Nameserver Set's id (32 characters, as Cloudflare gives it); white space is dropped. */
const NameserverSetIdInput = withShape(
  z
    .string()
    .transform((text) => text.trim())
    .pipe(z.string().length(NAMESERVER_SET_ID_LENGTH)),
  NameserverSetId,
);

/** What each resource input should hold, in the translator's messages; `""` is a list's entry. */
export const RESOURCE_INPUT_HINTS: Readonly<Record<string, string>> = {
  ...CUSTOM_SET_HINTS,
  accountId: `the account's id (${CLOUDFLARE_ID_RULE}), shown in the Cloudflare dashboard`,
  zoneId: `the zone's id (${CLOUDFLARE_ID_RULE})`,
  nsSet: `a set number, ${NS_SET_RANGE}`,
  adopt: "true or false, or leave adopt out",
  type: `one of ${AccountNameserverType.options.map((o) => JSON.stringify(o)).join(", ")}`,
  nameserverSetId: `a CustomNameserverSet's nameserverSetId output (${NAMESERVER_SET_ID_LENGTH} characters)`,
  zoneName: 'the zone\'s domain name, e.g. "example.com", or leave zoneName out',
  setNameservers: "the AccountNameserverSet's nameservers output, or leave setNameservers out",
  restoreTo: RESTORE_TO_HINT,
};

/** An optional zone name, normalised. */
const ZoneNameInput = z
  .string()
  .refine((raw) => checkZoneName(normaliseName(raw)) === undefined, {
    error: (iss) => {
      const raw = String(iss.input);
      const problem = checkZoneName(normaliseName(raw));
      return `zoneName ${JSON.stringify(raw)} is not a valid zone name: ${problem?.why}; ${problem?.fix}`;
    },
  })
  .transform(normaliseName)
  .nullish()
  .transform((name) => name ?? undefined);

/** One of a set's hostnames, normalised; refused with the hostname rule's reason and fix. */
export const HostnameInput = withShape(hostname().transform(normaliseName), z.string());

/** A hostname as given; see {@link HostnameInput}. (A union's option does not transform: zod would hide its issues.) */
function hostname() {
  return z.string().refine((raw) => checkHostname(normaliseName(raw)) === undefined, {
    error: (iss) => {
      const raw = String(iss.input);
      const problem = checkHostname(normaliseName(raw));
      return problem === undefined ? undefined : describeBadHostname(raw, problem);
    },
  });
}

/**
 * A Custom Nameserver Set's names in order, each a hostname or `{name, ipCount}`, normalised
 * (`{name}` alone is the plain name), each once. Undocumented limits (ipCount range, names per set) are the API's.
 */
export const CustomSetNamesInput = withShape(
  z
    .array(
      z
        .union([hostname(), z.strictObject({ name: hostname(), ipCount: z.number().int().optional() })])
        .transform((entry) => {
          const name = normaliseName(nameOfSetEntry(entry));
          return typeof entry === "string" || entry.ipCount === undefined
            ? name
            : { name, ipCount: entry.ipCount };
        }),
    )
    .superRefine(
      (entries, ctx) => {
        // Run even when entries are refused (when: always), so the value may be as given.
        if (!Array.isArray(entries)) return;
        const firstIndexOf = new Map<string, number>();
        entries.forEach((entry: unknown, index) => {
          const raw = typeof entry === "string" ? entry : readField(entry, "name");
          if (typeof raw !== "string") return;
          const name = normaliseName(raw);
          const first = firstIndexOf.get(name);
          if (first === undefined) firstIndexOf.set(name, index);
          else {
            const message = describeRepeatedName(name, undefined, first, index, CUSTOM_SET_NAME_ONCE);
            ctx.addIssue({ code: "custom", path: [index], message });
          }
        });
      },
      { when: () => true },
    ),
  CustomNameserverSetSpec.shape.nameservers,
);

const ACCOUNT_ID_DOC = "The account's id: 32 lowercase hex characters, shown in the Cloudflare dashboard.";

export const ACCOUNT_NAMESERVER_SET_INPUTS = ["accountId", "nsSet", "nameservers", "adopt"] as const;

/** Inputs whose change replaces the set (its id is `<accountId>/<nsSet>`); `nameservers` changes in place. */
export const ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS = ["accountId", "nsSet"] as const;

/** The inputs of `AccountNameserverSet` but its names, which the core validator checks as a set's. */
export const AccountNameserverSetInput = z.object({
  accountId: CloudflareIdInput.describe(`${ACCOUNT_ID_DOC} Changing it replaces the set.`),
  nsSet: NsSetInput.describe(
    `The set number, ${NS_SET_RANGE}. Changing it replaces the set. ` +
      `Default: ${Limits.DEFAULT_NS_SET} (as Cloudflare does when \`ns_set\` is omitted).`,
  ),
  adopt: booleanInput(false).describe(
    "Take over a set that already holds names in the account instead of refusing to create. The set " +
      "then holds exactly `nameservers`: existing names that are not listed are removed. A name that " +
      "sits in another set is never moved. Default: false.",
  ),
});

/** Every input of `AccountNameserverSet` with its shape and documentation, in the order of {@link ACCOUNT_NAMESERVER_SET_INPUTS}. */
export const AccountNameserverSetProperties = {
  accountId: AccountNameserverSetInput.shape.accountId,
  nsSet: AccountNameserverSetInput.shape.nsSet,
  // Read by the resources' own reader: the core validator words the names' problems as a set's.
  nameservers: AcnsSet.shape.nameservers.describe(
    `The set's ${NAMES_PER_SET_RANGE} hostnames, e.g. \`["ns1.example.com", "ns2.example.com"]\`. Case, a ` +
      "trailing dot and Unicode spellings are normalised; order does not matter. Changes apply in place.",
  ),
  adopt: AccountNameserverSetInput.shape.adopt,
} satisfies Record<(typeof ACCOUNT_NAMESERVER_SET_INPUTS)[number], z.ZodType>;

export const ACCOUNT_DEFAULT_NAMESERVERS_INPUTS = ["accountId", "type"] as const;

/** Inputs whose change replaces the resource (its id is the account id); `type` changes in place. */
export const ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS = ["accountId"] as const;

export const AccountDefaultNameserversInput = z.object({
  accountId: CloudflareIdInput.describe(`${ACCOUNT_ID_DOC} Changing it replaces the resource.`),
  type: AccountNameserverTypeInput.describe(
    `What new zones of the account get: ${AccountNameserverType.options.map((o) => `\`${o}\``).join(", ")}. ` +
      `With \`custom.account\` a new zone tries set ${Limits.MIN_NS_SET} first, then the next sets. Changes apply in place.`,
  ),
});

/** Every input of `AccountDefaultNameservers` with its shape and documentation. */
export const AccountDefaultNameserversProperties = {
  ...AccountDefaultNameserversInput.shape,
} satisfies Record<(typeof ACCOUNT_DEFAULT_NAMESERVERS_INPUTS)[number], z.ZodType>;

export const CUSTOM_NAMESERVER_SET_INPUTS = ["accountId", "nameservers", "advanced", "ipSet"] as const;

/** Inputs whose change replaces the set: all of them, since Cloudflare cannot change a set. */
export const CUSTOM_NAMESERVER_SET_REPLACE_FIELDS = CUSTOM_NAMESERVER_SET_INPUTS;

/** The inputs of `CustomNameserverSet` but its names (each a hostname or `{name, ipCount}`, see below). */
export const CustomNameserverSetInput = z.object({
  accountId: CloudflareIdInput.describe(`${ACCOUNT_ID_DOC} Changing it replaces the set.`),
  advanced: booleanInput(DEFAULT_NAMESERVER_SET_ADVANCED).describe(
    "Allocate the names from distinct Advanced anycast groups (`ipv4Groups`/`ipv6Groups` in the glue). " +
      `Changing it replaces the set. Default: ${DEFAULT_NAMESERVER_SET_ADVANCED}.`,
  ),
  ipSet: IpSetInput.describe(
    "The account's address pool, a whole number of at least 1. Sets of one pool and `advanced` value " +
      `may share a name's addresses; other pools never do. Changing it replaces the set. Default: ${DEFAULT_NAMESERVER_SET_IP_SET}.`,
  ),
});

/** Every input of `CustomNameserverSet` with its shape and documentation. */
export const CustomNameserverSetProperties = {
  accountId: CustomNameserverSetInput.shape.accountId,
  nameservers: CustomSetNamesInput.describe(
    "The set's names in order, each a hostname or `{ name, ipCount }`, e.g. " +
      '`["ns1.example.com", "ns2.example.com"]`. Case, a trailing dot and Unicode spellings are ' +
      "normalised; a name may appear once. Order is part of the set: reordering replaces it.",
  ),
  advanced: CustomNameserverSetInput.shape.advanced,
  ipSet: CustomNameserverSetInput.shape.ipSet,
} satisfies Record<(typeof CUSTOM_NAMESERVER_SET_INPUTS)[number], z.ZodType>;

export const ZONE_ACNS_BINDING_INPUTS = [
  "zoneId",
  "nsSet",
  "nameserverSetId",
  "zoneName",
  "setNameservers",
  "restoreTo",
] as const;

/** Inputs whose change replaces the binding (its id is the zone id); the zone's set changes in place. */
export const ZONE_ACNS_BINDING_REPLACE_FIELDS = ["zoneId"] as const;

/** The inputs of `ZoneAcnsBinding` but `setNameservers` and `restoreTo`. */
export const ZoneAcnsBindingInput = z.object({
  zoneId: CloudflareIdInput.describe(
    "The zone's id: 32 lowercase hex characters. Changing it replaces the binding.",
  ),
  // Optional: the binding reads it only when given (then nsSet is not read).
  nameserverSetId: NameserverSetIdInput.optional().describe(
    "The account-owned Custom Nameserver Set the zone uses instead of a numbered set: pass a " +
      "`CustomNameserverSet`'s `nameserverSetId` output. Give this or `nsSet`, not both. Changes " +
      "(including a move between a numbered set and a Custom Nameserver Set) apply in place.",
  ),
  nsSet: NsSetInput.describe(
    `The numbered set the zone uses, ${NS_SET_RANGE}. Changes apply in place. Leave it out when the zone ` +
      `uses a Custom Nameserver Set (\`nameserverSetId\`). Default: ${Limits.DEFAULT_NS_SET} (as Cloudflare ` +
      "does when `ns_set` is omitted), unless `nameserverSetId` is given.",
  ),
  zoneName: ZoneNameInput.describe(
    "The zone's name, as a check: the binding refuses a zone whose name differs. Default: looked up from the zone.",
  ),
});

/** Every input of `ZoneAcnsBinding` with its shape and documentation, in the order of {@link ZONE_ACNS_BINDING_INPUTS}. */
export const ZoneAcnsBindingProperties = {
  zoneId: ZoneAcnsBindingInput.shape.zoneId,
  nsSet: ZoneAcnsBindingInput.shape.nsSet,
  nameserverSetId: ZoneAcnsBindingInput.shape.nameserverSetId,
  zoneName: ZoneAcnsBindingInput.shape.zoneName,
  // Read by the resources' own readers (the names as a set's; restoreTo against the zone's own set).
  setNameservers: z
    .array(HostnameInput)
    .optional()
    .describe(
      "The set's names: pass the `AccountNameserverSet`'s `nameservers` output. It keeps the " +
        "`nameservers` output current when the set's names change in place (the binding then reads " +
        "them again, without writing anything), and orders the binding after the set. Without it, " +
        "`nameservers` catches up with such a change only at the next `pulumi refresh`.",
    ),
  restoreTo: ZoneRestoreTarget.optional().describe(
    "Where delete puts the zone when what it had before this binding is not known: after an import, " +
      "or when create found the zone already on its set (as after a run killed between the zone's " +
      'move and Pulumi recording it). `{type: "custom.account", nsSet}` (another set), ' +
      '`{type: "cloudflare.standard"}` or `{type: "cloudflare.advanced"}`. A recorded earlier setting ' +
      "always wins. Changing it writes nothing. Default: none: the zone stays on its set, and goes " +
      "to `cloudflare.standard` when that set is deleted in the same update.",
  ),
} satisfies Record<(typeof ZONE_ACNS_BINDING_INPUTS)[number], z.ZodType>;
