/**
 * The resources' and the component's outputs as documented zod schemas, for the package schema.
 * provider/resources types them as interfaces core cannot import; test/core/package-schema.test.ts
 * checks at compile time that each schema infers exactly its interface.
 */
import { z } from "zod";
import { CloudflareId, NsSet } from "./cloudflare";
import { ZoneRestoreTarget } from "./zone-nameservers";
import {
  AnycastGroup,
  CustomNameserverSetEntry,
  CustomNameserverSetSpec,
  NameserverSetId,
} from "./custom-nameserver-sets";
import { NS_SET_RANGE } from "./limits";

/** A numbered set's glue: one address of each family, or null (`GlueRecord`). */
export const GlueRecordOutput = z
  .object({
    nsName: z.string().describe("The nameserver's hostname."),
    ipv4: z
      .string()
      .nullable()
      .describe("Its IPv4 address, assigned by Cloudflare; null if Cloudflare lists none."),
    ipv6: z
      .string()
      .nullable()
      .describe("Its IPv6 address, assigned by Cloudflare; null if Cloudflare lists none."),
  })
  .describe("The A and AAAA glue the registrar of a nameserver's domain must publish for it.");

/** A Custom Nameserver Set's glue: every address of each family (`CustomNameserverSetGlue`). */
export const CustomNameserverSetGlueOutput = z
  .object({
    nsName: z.string().describe("The nameserver's hostname."),
    ipv4: z.array(z.string()).describe("Its IPv4 addresses, assigned by Cloudflare."),
    ipv6: z.array(z.string()).describe("Its IPv6 addresses, assigned by Cloudflare."),
    ipv4Groups: z
      .array(AnycastGroup)
      .optional()
      .describe("Advanced sets only: the anycast group of each IPv4 address, same order."),
    ipv6Groups: z
      .array(AnycastGroup)
      .optional()
      .describe("Advanced sets only: the anycast group of each IPv6 address, same order."),
  })
  .describe("The A and AAAA glue the registrar of a nameserver's domain must publish for it.");

/** A zone's nameserver setting as a binding's state records it (`NameserversRecord`). */
export const ZoneNameserversRecordOutput = z
  .object({
    type: z
      .string()
      .describe("The zone's nameserver type, verbatim (any type, known to this package or not)."),
    nsSet: NsSet.nullable().describe("The numbered set, when `type` is `custom.account`; null otherwise."),
    nameserverSetId: NameserverSetId.optional().describe(
      "The Custom Nameserver Set's id, when `type` is `custom`.",
    ),
  })
  .describe("A zone's nameserver setting as the binding found it.");

/** Outputs of `AccountNameserverSet` (`AccountNameserverSetOutputs`). */
export const AccountNameserverSetOutput = z.object({
  accountId: CloudflareId.describe("The account's id."),
  nsSet: NsSet.describe(`The set number, ${NS_SET_RANGE}.`),
  nameservers: z.array(z.string()).describe("The set's names, normalised and sorted."),
  glueRecords: z
    .array(GlueRecordOutput)
    .describe(
      "Glue (A and AAAA) for each name, in the order of `nameservers`, to publish at the registrar of the name's domain.",
    ),
  foundNameservers: z
    .array(z.string())
    .optional()
    .describe(
      "Only on a set taken over with `adopt: true` that already held names: those names, as found. " +
        "Deleting the resource restores exactly them (it removes only the names it added).",
    ),
});

/** Outputs of `ZoneAcnsBinding` as its run time writes them (`BindingOutputs`). */
export const ZoneAcnsBindingOutput = z.object({
  zoneId: CloudflareId.describe("The zone's id."),
  zoneName: z.string().describe("The zone's name, normalised."),
  accountId: CloudflareId.describe("The zone's account (so a refresh reads only the zone's settings)."),
  nsSet: NsSet.nullable().describe(
    "The numbered set the zone uses; null on a Custom Nameserver Set, or when refresh found it on neither.",
  ),
  nameserverSetId: NameserverSetId.optional().describe(
    "The Custom Nameserver Set the zone uses; present only when it uses one.",
  ),
  nameservers: z
    .array(z.string())
    .describe("The set's names, sorted: what the registrar must delegate the zone to."),
  previousNameservers: ZoneNameserversRecordOutput.nullable().describe(
    "What the zone had before this binding, restored on delete; null when unknown (the binding was " +
      "imported). Equal to the binding's own set when create found the zone already there, which delete " +
      "also reads as unknown (see `restoreTo`).",
  ),
  setNameservers: z
    .array(z.string())
    .optional()
    .describe("The `setNameservers` input, normalised and sorted; present only when given."),
  restoreTo: ZoneRestoreTarget.optional().describe("The `restoreTo` input; present only when given."),
  liveNameservers: ZoneNameserversRecordOutput.optional().describe(
    "Only when a read finds the zone on no numbered set nor `cloudflare.standard`: where it is instead.",
  ),
});

/** Outputs of `AccountDefaultNameservers` as its run time writes them: types verbatim, as read. */
export const AccountDefaultNameserversOutput = z.object({
  accountId: CloudflareId.describe("The account's id."),
  type: z
    .string()
    .describe("What new zones get, as read (an account may default to a type this package does not write)."),
  previousType: z
    .string()
    .nullable()
    .describe(
      "The type found at create, restored on delete; null when unknown (imported), then delete sets `cloudflare.standard`.",
    ),
});

/** Outputs of `CustomNameserverSet` (`CustomNameserverSetOutputs`). */
export const CustomNameserverSetOutput = z.object({
  accountId: CloudflareId.describe("The account's id."),
  nameserverSetId: NameserverSetId.describe("The set's id, which a zone's `nameserverSetId` names."),
  nameservers: z.array(CustomNameserverSetEntry).describe("The names as given, normalised, in their order."),
  advanced: z.boolean().describe("Whether the names come from distinct Advanced anycast groups."),
  ipSet: CustomNameserverSetSpec.shape.ipSet.describe("The account's address pool the set uses."),
  createdOn: z.string().describe("When Cloudflare created the set (ISO 8601)."),
  glueRecords: z
    .array(CustomNameserverSetGlueOutput)
    .describe(
      "Glue (A and AAAA) for each name, in the order of `nameservers`, to publish at the registrar of the name's domain.",
    ),
});

/** Outputs of the `AccountCustomNameservers` component (its `registerOutputs`). */
export const AccountCustomNameserversOutput = z.object({
  glueRecords: z
    .record(z.string(), z.array(GlueRecordOutput))
    .describe(
      "Glue records (A and AAAA per name) of each set, keyed by set number: `{ 1: [...], 2: [...] }`.",
    ),
  customGlueRecords: z
    .record(z.string(), z.array(CustomNameserverSetGlueOutput))
    .describe(
      "Glue records of each Custom Nameserver Set (every address of each name), keyed by the set's key.",
    ),
  nameservers: z
    .record(z.string(), z.array(z.string()))
    .describe("The names each zone must be delegated to at its registrar, keyed by normalised zone name."),
});
