/**
 * The Pulumi package schema (schema.json), built from the zod schemas of the resources and of the
 * configuration (for the component); `npm run generate` writes it.
 * @see https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/
 */
import { z } from "zod";
import { AccountNameserverType } from "./cloudflare";
import { ZoneRestoreTarget } from "./zone-nameservers";
import { AcnsConfig, AcnsCustomSet, AcnsLiveZone, AcnsSet, AcnsZone } from "./config";
import { AnycastGroup, CustomNameserverSetEntry } from "./custom-nameserver-sets";
import { NAMES_PER_SET_RANGE, NS_SET_RANGE } from "./limits";
import { TypeCollector } from "./package-schema-types";
import {
  ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
  ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
  ACCOUNT_NAMESERVER_SET_INPUTS,
  ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
  AccountDefaultNameserversProperties,
  AccountNameserverSetInput,
  AccountNameserverSetProperties,
  CUSTOM_NAMESERVER_SET_INPUTS,
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
  CustomNameserverSetProperties,
  ZONE_ACNS_BINDING_INPUTS,
  ZONE_ACNS_BINDING_REPLACE_FIELDS,
  ZoneAcnsBindingProperties,
} from "./resource-inputs";
import {
  AccountCustomNameserversOutput,
  AccountDefaultNameserversOutput,
  AccountNameserverSetOutput,
  CustomNameserverSetGlueOutput,
  CustomNameserverSetOutput,
  GlueRecordOutput,
  ZoneAcnsBindingOutput,
  ZoneNameserversRecordOutput,
} from "./resource-outputs";

/** The Pulumi package's name: the first part of every type token, and the config namespace. */
export const PULUMI_PACKAGE_NAME = "cloudflare-acns";

/** The file the package schema is written to, at the package's root. */
export const PACKAGE_SCHEMA_FILE = "schema.json";

type Token<T extends string> = `${typeof PULUMI_PACKAGE_NAME}:index:${T}`;

function formatToken<T extends string>(name: T): Token<T> {
  return `${PULUMI_PACKAGE_NAME}:index:${name}`;
}

/** The Pulumi type tokens of the resources and the component. */
export const PulumiTypeTokens = {
  AccountNameserverSet: formatToken("AccountNameserverSet"),
  ZoneAcnsBinding: formatToken("ZoneAcnsBinding"),
  AccountDefaultNameservers: formatToken("AccountDefaultNameservers"),
  CustomNameserverSet: formatToken("CustomNameserverSet"),
  AccountCustomNameservers: formatToken("AccountCustomNameservers"),
} as const;

/** The token of one of the four custom resources (not the component). */
export type PulumiResourceToken = Exclude<
  (typeof PulumiTypeTokens)[keyof typeof PulumiTypeTokens],
  typeof PulumiTypeTokens.AccountCustomNameservers
>;

/**
 * Per resource token: its description (the class's documentation, provider/resources/*.ts, which
 * lives on a TS class, not on a zod schema), its input and output shapes, its input properties
 * (anything else is an unknown input) and those whose change replaces it.
 */
const RESOURCE_SCHEMAS = {
  [PulumiTypeTokens.AccountNameserverSet]: {
    description:
      `One account custom nameserver set (${NS_SET_RANGE}) with its ` +
      `${NAMES_PER_SET_RANGE} names, and the glue records the registrar ` +
      "needs for them. Create adds every name or none; update adds before it removes; delete refuses " +
      "while zones use the set. The id is `<accountId>/<nsSet>`.",
    inputs: ACCOUNT_NAMESERVER_SET_INPUTS,
    replaceOnChanges: ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
    properties: AccountNameserverSetProperties,
    outputs: AccountNameserverSetOutput,
  },
  [PulumiTypeTokens.ZoneAcnsBinding]: {
    description:
      "Puts a zone on account custom nameserver set `nsSet`, or on the Custom Nameserver Set " +
      "`nameserverSetId`, and gives the names the registrar must delegate to. Delete takes the zone " +
      "back to the nameservers it had before. The id is the zone id.",
    inputs: ZONE_ACNS_BINDING_INPUTS,
    replaceOnChanges: ZONE_ACNS_BINDING_REPLACE_FIELDS,
    properties: ZoneAcnsBindingProperties,
    outputs: ZoneAcnsBindingOutput,
  },
  [PulumiTypeTokens.AccountDefaultNameservers]: {
    description:
      "Sets the nameserver type new zones of an account get (`zone_defaults.nameservers.type`). Delete " +
      "restores the type found at create. The id is the account id.",
    inputs: ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
    replaceOnChanges: ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
    properties: AccountDefaultNameserversProperties,
    outputs: AccountDefaultNameserversOutput,
  },
  [PulumiTypeTokens.CustomNameserverSet]: {
    description:
      "One account-owned Custom Nameserver Set. Cloudflare cannot change a set, so every input change " +
      "replaces it: the new set is created first, zones are moved to it, and the old set is deleted " +
      "last. Delete refuses while a zone uses the set, naming the zones. The id is " +
      "`<accountId>/<nameserverSetId>`.",
    inputs: CUSTOM_NAMESERVER_SET_INPUTS,
    replaceOnChanges: CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
    properties: CustomNameserverSetProperties,
    outputs: CustomNameserverSetOutput,
  },
} satisfies Record<PulumiResourceToken, object>;

/**
 * Per resource token: its input properties and those whose change replaces the resource. The
 * schema's `inputProperties` and `replaceOnChanges` say the same; a provider's check and diff read
 * them from here.
 */
export const ResourcePropertyLists: Readonly<
  Record<PulumiResourceToken, { inputs: readonly string[]; replaceOnChanges: readonly string[] }>
> = RESOURCE_SCHEMAS;

// ---------------------------------------------------------------------------------------------
// The package schema's shapes (the subset this package uses)

/** A type reference: primitive, array, map, named type or union. */
export interface TypeSpec {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: TypeSpec;
  additionalProperties?: TypeSpec;
  $ref?: string;
  oneOf?: TypeSpec[];
  plain?: boolean;
}

/** A property of a resource, an object type or the configuration. */
export interface PropertySpec extends TypeSpec {
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  willReplaceOnChanges?: boolean;
}

/** An object type or an enum type of `types`. */
export interface ComplexTypeSpec {
  type: "object" | "string";
  description?: string;
  properties?: Record<string, PropertySpec>;
  required?: string[];
  enum?: { name: string; value: string }[];
}

/** A resource or component. */
export interface ResourceSpec {
  description: string;
  isComponent?: boolean;
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** The package schema document. */
export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  keywords: string[];
  license: string;
  meta: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec> };
  provider: { description: string; inputProperties: Record<string, PropertySpec> };
  resources: Record<string, ResourceSpec>;
  types: Record<string, ComplexTypeSpec>;
  language: Record<string, Record<string, unknown>>;
}

// ---------------------------------------------------------------------------------------------
// What the zod schemas cannot say: small tables, each with the reason it is a table

/**
 * Names of the object and enum types in `types`. zod schemas have no names of their own, and the
 * SDKs need one per type; the shapes are core's (AcnsSet is the component's `sets` entry).
 */
const NAMED_TYPES: ReadonlyArray<readonly [z.core.$ZodType, string]> = [
  [AccountNameserverType, "AccountNameserverType"],
  [AnycastGroup, "AnycastGroup"],
  [ZoneRestoreTarget, "ZoneRestoreTarget"],
  [CustomNameserverSetEntry.options[1], "CustomNameserverSetNameserver"],
  [GlueRecordOutput, "GlueRecord"],
  [CustomNameserverSetGlueOutput, "CustomNameserverSetGlue"],
  [ZoneNameserversRecordOutput, "ZoneNameserversRecord"],
  [AcnsSet, "AccountCustomNameserversSet"],
  [AcnsCustomSet, "AccountCustomNameserversCustomSet"],
  [AcnsZone, "AccountCustomNameserversZone"],
  [AcnsLiveZone, "AccountCustomNameserversLiveZone"],
];

/**
 * The component's inputs that are plain values, not outputs: it names its children after them
 * (`<name>-set-<nsSet>`, `<name>-zone-<name>`, `<name>-custom-<key>`) and walks the lists when
 * the program runs (provider/component/account-custom-nameservers-args.ts types them so).
 */
const PLAIN_COMPONENT_INPUTS: readonly string[] = ["sets", "customSets", "zones"];
const PLAIN_TYPE_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
  AccountCustomNameserversSet: ["nsSet"],
  AccountCustomNameserversCustomSet: ["key"],
  AccountCustomNameserversZone: ["name", "customSet"],
};

/**
 * The component's inputs: one account's configuration (the {@link AcnsConfig} shape) and `adopt`,
 * which the component hands to its sets. Its other arguments (aliases, a zone-id lookup, a live
 * state reader) are program-side options, functions or resource references, not data.
 */
const COMPONENT_INPUTS = {
  ...AcnsConfig.shape,
  adopt: AccountNameserverSetInput.shape.adopt.describe(
    "Take over sets that already hold names in the account (see `AccountNameserverSet`'s `adopt`). Default: false.",
  ),
};

/** The component's and the provider's own descriptions (as {@link RESOURCE_SCHEMAS}' for the resources). */
const DESCRIPTIONS = {
  AccountCustomNameservers:
    "One account's custom nameservers: its sets (with glue records), Custom Nameserver Sets, the " +
    "zones on them and the default for new zones, checked as a whole against Cloudflare's rules " +
    "before anything changes.",
  provider:
    "The cloudflare-acns provider. Credentials and the API base URL come from its configuration, " +
    "else the environment (`CLOUDFLARE_API_TOKEN`, or `CLOUDFLARE_API_KEY` with `CLOUDFLARE_EMAIL`; " +
    "`CLOUDFLARE_BASE_URL`).",
} as const;

/**
 * The provider's configuration (`cloudflare-acns:<key>`). Its rules live in
 * provider/resources/provider-config.ts (read by the resources, beside the client it configures),
 * which core cannot import; the test checks these keys are that file's keys.
 */
const PROVIDER_CONFIG: Record<string, PropertySpec> = {
  apiToken: {
    type: "string",
    secret: true,
    description: "A Cloudflare API token; wins over the environment (`CLOUDFLARE_API_TOKEN`).",
  },
  apiKey: {
    type: "string",
    secret: true,
    description: "The legacy global API key; needs `email` (else `CLOUDFLARE_API_KEY`).",
  },
  email: {
    type: "string",
    description: "The account email that goes with `apiKey` (else `CLOUDFLARE_EMAIL`).",
  },
  baseUrl: {
    type: "string",
    description:
      "The API base URL, e.g. `http://127.0.0.1:8787/client/v4` for the emulator (else `CLOUDFLARE_BASE_URL`, " +
      "else `https://api.cloudflare.com/client/v4`).",
  },
  requestsPerSecond: {
    type: "number",
    description: "Client-side pace in requests per second, a positive number.",
  },
  burst: {
    type: "integer",
    description: "Requests that may go back to back after an idle spell, at least 1.",
  },
  maxAttempts: { type: "integer", description: "Attempts per API call, the first included, at least 1." },
  timeoutMs: { type: "integer", description: "Per-attempt timeout in milliseconds, at least 1." },
  retryBaseDelayMs: {
    type: "number",
    description: "Backoff before the first retry, in milliseconds, at least 0.",
  },
};

/** Where the Go SDK would live; Go needs an import path, the other languages a package name. */
const GO_IMPORT_BASE_PATH = "github.com/pulumi-cloudflare-acns/pulumi-cloudflare-acns/sdk/go/cloudflareacns";

const LANGUAGE = {
  nodejs: {
    packageName: "pulumi-cloudflare-acns-sdk",
    packageDescription:
      "Cloudflare account custom nameservers (ACNS) for Pulumi, through the cloudflare-acns provider.",
    dependencies: { "@pulumi/pulumi": "^3.142.0" },
    respectSchemaVersion: true,
  },
  python: {
    packageName: "pulumi_cloudflare_acns",
    requires: { pulumi: ">=3.142.0,<4.0.0" },
    pyproject: { enabled: true },
    respectSchemaVersion: true,
  },
  go: {
    importBasePath: GO_IMPORT_BASE_PATH,
    generateResourceContainerTypes: true,
    // The component's plain lists hold input types (`[]AccountCustomNameserversSetArgs`), which Go's
    // generator writes only for types some input uses as an output-capable value, unless told to.
    generateExtraInputTypes: true,
    respectSchemaVersion: true,
  },
  csharp: {
    rootNamespace: "Pulumi",
    namespaces: { [PULUMI_PACKAGE_NAME]: "CloudflareAcns" },
    packageReferences: { Pulumi: "3.*" },
    respectSchemaVersion: true,
  },
};

// ---------------------------------------------------------------------------------------------
// From zod to the package schema

/** Builds the package schema, a new object on every call; `version` is the npm package's (package.json). */
export function buildPackageSchema(version: string): PackageSchema {
  const types = new TypeCollector({
    names: NAMED_TYPES,
    plainProperties: PLAIN_TYPE_PROPERTIES,
    token: formatToken,
  });
  const resources: Record<string, ResourceSpec> = {};
  for (const [token, { description, properties, outputs, replaceOnChanges }] of Object.entries(
    RESOURCE_SCHEMAS,
  )) {
    resources[token] = types.resource(description, properties, outputs, replaceOnChanges);
  }
  resources[PulumiTypeTokens.AccountCustomNameservers] = {
    isComponent: true,
    ...types.resource(
      DESCRIPTIONS.AccountCustomNameservers,
      COMPONENT_INPUTS,
      AccountCustomNameserversOutput,
      [],
      PLAIN_COMPONENT_INPUTS,
    ),
  };
  // A copy: the tables above are shared, and a caller may change what it gets.
  return structuredClone({
    name: PULUMI_PACKAGE_NAME,
    displayName: "Cloudflare Account Custom Nameservers",
    version,
    description:
      "Manage Cloudflare account custom nameservers (ACNS): nameserver sets, Custom Nameserver Sets, the " +
      "zones on them and the account default, with Cloudflare's rules checked before anything changes.",
    keywords: ["pulumi", "cloudflare", "dns", "nameservers", "category/network", "kind/native"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    config: { variables: PROVIDER_CONFIG },
    provider: { description: DESCRIPTIONS.provider, inputProperties: PROVIDER_CONFIG },
    resources,
    types: types.sorted(),
    language: LANGUAGE,
  });
}

/** schema.json's text: two-space JSON with a final newline. */
export function formatPackageSchema(version: string): string {
  return `${JSON.stringify(buildPackageSchema(version), null, 2)}\n`;
}
