import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import type { z } from "zod";
import {
  PACKAGE_SCHEMA_FILE,
  PulumiTypeTokens,
  ResourcePropertyLists,
  buildPackageSchema,
  formatPackageSchema,
  type PackageSchema,
  type PropertySpec,
} from "../../provider/core/package-schema";
import type * as outputs from "../../provider/core/resource-outputs";
import type { AccountDefaultNameserversOutputs } from "../../provider/resources/account-default-nameservers";
import type {
  AccountNameserverSetOutputs,
  GlueRecord,
} from "../../provider/resources/account-nameserver-set";
import {
  ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
  ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
} from "../../provider/resources/account-default-nameservers-runtime";
import {
  ACCOUNT_NAMESERVER_SET_INPUTS,
  ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
} from "../../provider/resources/account-nameserver-set-inputs";
import type {
  CustomNameserverSetGlue,
  CustomNameserverSetOutputs,
} from "../../provider/resources/custom-nameserver-set";
import {
  CUSTOM_NAMESERVER_SET_INPUTS,
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
} from "../../provider/resources/custom-nameserver-set-inputs";
import { ProviderConfigKeys } from "../../provider/resources/provider-config";
import {
  ZONE_ACNS_BINDING_INPUTS,
  ZONE_ACNS_BINDING_REPLACE_FIELDS,
} from "../../provider/resources/zone-acns-binding-inputs";
import type { BindingOutputs, NameserversRecord } from "../../provider/resources/zone-acns-binding-state";

const ROOT = join(__dirname, "..", "..");
const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
const schemaText = readFileSync(join(ROOT, PACKAGE_SCHEMA_FILE), "utf8");
const schema = JSON.parse(schemaText) as PackageSchema;
// Pulumi's meta-schema, vendored: see test/fixtures/pulumi-package-schema.md.
const metaSchema = JSON.parse(
  readFileSync(join(ROOT, "test", "fixtures", "pulumi-package-schema.json"), "utf8"),
) as Record<string, unknown>;

// Compile-time: each output schema in core infers exactly the type the resources declare (same
// keys, and each assignable to the other). `npm run typecheck` fails when they drift apart.
type Same<A, B> = [A] extends [B]
  ? [B] extends [A]
    ? [keyof A] extends [keyof B]
      ? [keyof B] extends [keyof A]
        ? true
        : false
      : false
    : false
  : false;
function expectSame<T extends true>(): T | undefined {
  return undefined;
}
expectSame<Same<z.infer<typeof outputs.GlueRecordOutput>, GlueRecord>>();
expectSame<Same<z.infer<typeof outputs.AccountNameserverSetOutput>, AccountNameserverSetOutputs>>();
expectSame<Same<z.infer<typeof outputs.ZoneNameserversRecordOutput>, NameserversRecord>>();
expectSame<Same<z.infer<typeof outputs.ZoneAcnsBindingOutput>, BindingOutputs>>();
expectSame<Same<z.infer<typeof outputs.CustomNameserverSetGlueOutput>, CustomNameserverSetGlue>>();
expectSame<Same<z.infer<typeof outputs.CustomNameserverSetOutput>, CustomNameserverSetOutputs>>();
// The runtime writes the types verbatim, as read (account-default-nameservers-runtime.ts's DefaultOutputs).
expectSame<
  Same<
    z.infer<typeof outputs.AccountDefaultNameserversOutput>,
    Omit<AccountDefaultNameserversOutputs, "type" | "previousType"> & {
      type: string;
      previousType: string | null;
    }
  >
>();

const T = PulumiTypeTokens;

function resourceOf(token: string) {
  const resource = schema.resources[token];
  if (resource === undefined) throw new Error(`no resource ${token} in schema.json`);
  return resource;
}

function replacing(properties: Record<string, PropertySpec>): string[] {
  return Object.entries(properties)
    .filter(([, p]) => p.replaceOnChanges === true)
    .map(([name]) => name);
}

describe("schema.json (the Pulumi package schema)", () => {
  it("is what `npm run generate` writes from the zod schemas (run it after changing provider/core)", () => {
    expect(schemaText).toBe(formatPackageSchema(version));
  });

  describe("against Pulumi's package-schema meta-schema (pulumi/pulumi v3.259.0)", () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    const validate = ajv.compile(metaSchema);

    it("validates", () => {
      const valid = validate(schema);
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    it("refuses a schema that breaks it (so the check above can fail)", () => {
      const broken = JSON.parse(schemaText) as Record<string, unknown>;
      broken.$comment = "generated";
      const resources = broken.resources as Record<string, Record<string, unknown>>;
      (resources[T.ZoneAcnsBinding] as Record<string, unknown>).isComponent = "yes";
      expect(validate(broken)).toBe(false);
      const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
      expect(messages).toContain(" must NOT have additional properties");
      expect(messages).toContain(
        "/resources/cloudflare-acns:index:ZoneAcnsBinding/isComponent must be boolean",
      );
    });
  });

  it("names the package, its version and the five tokens", () => {
    expect(schema.name).toBe("cloudflare-acns");
    expect(schema.version).toBe(version);
    expect(Object.keys(schema.resources)).toEqual([
      "cloudflare-acns:index:AccountNameserverSet",
      "cloudflare-acns:index:ZoneAcnsBinding",
      "cloudflare-acns:index:AccountDefaultNameservers",
      "cloudflare-acns:index:CustomNameserverSet",
      "cloudflare-acns:index:AccountCustomNameservers",
    ]);
    expect(resourceOf(T.AccountCustomNameservers).isComponent).toBe(true);
    expect(Object.values(schema.resources).filter((r) => r.isComponent === true)).toHaveLength(1);
  });

  it("lists each resource's inputs as the resources' check does, from the same constants", () => {
    expect(ResourcePropertyLists[T.AccountNameserverSet].inputs).toBe(ACCOUNT_NAMESERVER_SET_INPUTS);
    expect(ResourcePropertyLists[T.ZoneAcnsBinding].inputs).toBe(ZONE_ACNS_BINDING_INPUTS);
    expect(ResourcePropertyLists[T.AccountDefaultNameservers].inputs).toBe(
      ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
    );
    expect(ResourcePropertyLists[T.CustomNameserverSet].inputs).toBe(CUSTOM_NAMESERVER_SET_INPUTS);
    for (const [token, lists] of Object.entries(ResourcePropertyLists)) {
      expect([token, Object.keys(resourceOf(token).inputProperties)]).toEqual([token, [...lists.inputs]]);
    }
    expect(resourceOf(T.AccountNameserverSet).requiredInputs).toEqual(["accountId", "nameservers"]);
    expect(resourceOf(T.ZoneAcnsBinding).requiredInputs).toEqual(["zoneId"]);
    expect(resourceOf(T.AccountDefaultNameservers).requiredInputs).toEqual(["accountId", "type"]);
    expect(resourceOf(T.CustomNameserverSet).requiredInputs).toEqual(["accountId", "nameservers"]);
  });

  it("marks replaceOnChanges where the resources' diff replaces, on inputs and outputs alike", () => {
    expect(ResourcePropertyLists[T.AccountNameserverSet].replaceOnChanges).toBe(
      ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
    );
    expect(ResourcePropertyLists[T.ZoneAcnsBinding].replaceOnChanges).toBe(ZONE_ACNS_BINDING_REPLACE_FIELDS);
    expect(ResourcePropertyLists[T.AccountDefaultNameservers].replaceOnChanges).toBe(
      ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
    );
    expect(ResourcePropertyLists[T.CustomNameserverSet].replaceOnChanges).toBe(
      CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
    );
    const expected: Record<string, string[]> = {
      [T.AccountNameserverSet]: ["accountId", "nsSet"],
      [T.ZoneAcnsBinding]: ["zoneId"],
      [T.AccountDefaultNameservers]: ["accountId"],
      [T.CustomNameserverSet]: ["accountId", "nameservers", "advanced", "ipSet"],
      [T.AccountCustomNameservers]: [],
    };
    for (const [token, fields] of Object.entries(expected)) {
      const resource = resourceOf(token);
      expect([token, replacing(resource.inputProperties)]).toEqual([token, fields]);
      expect([token, replacing(resource.properties)]).toEqual([token, fields]);
    }
  });

  it("types inputs from core's shapes: set numbers are integers, the default's type an enum, restoreTo an object", () => {
    const binding = resourceOf(T.ZoneAcnsBinding).inputProperties;
    expect(binding.nsSet?.type).toBe("integer");
    expect(binding.restoreTo?.$ref).toBe("#/types/cloudflare-acns:index:ZoneRestoreTarget");
    expect(resourceOf(T.CustomNameserverSet).inputProperties.ipSet?.type).toBe("integer");
    expect(resourceOf(T.AccountDefaultNameservers).inputProperties.type?.$ref).toBe(
      "#/types/cloudflare-acns:index:AccountNameserverType",
    );
    expect(schema.types["cloudflare-acns:index:AccountNameserverType"]?.enum?.map((e) => e.value)).toEqual([
      "cloudflare.standard",
      "cloudflare.advanced",
      "cloudflare.standard.random",
      "custom.account",
      "custom.tenant",
    ]);
    expect(schema.types["cloudflare-acns:index:ZoneRestoreTarget"]).toMatchObject({
      type: "object",
      required: ["type"],
      properties: {
        type: { $ref: "#/types/cloudflare-acns:index:ZoneRestoreTargetType" },
        nsSet: { type: "integer" },
      },
    });
    expect(schema.types["cloudflare-acns:index:ZoneRestoreTargetType"]?.enum).toEqual([
      { name: "CustomAccount", value: "custom.account" },
      { name: "CloudflareStandard", value: "cloudflare.standard" },
      { name: "CloudflareAdvanced", value: "cloudflare.advanced" },
    ]);
    expect(resourceOf(T.CustomNameserverSet).inputProperties.nameservers?.items).toEqual({
      oneOf: [{ type: "string" }, { $ref: "#/types/cloudflare-acns:index:CustomNameserverSetNameserver" }],
    });
  });

  it("takes each input's documentation from its zod schema", () => {
    expect(resourceOf(T.ZoneAcnsBinding).inputProperties.zoneId?.description).toBe(
      "The zone's id: 32 lowercase hex characters. Changing it replaces the binding.",
    );
    expect(resourceOf(T.AccountNameserverSet).inputProperties.nsSet?.description).toBe(
      "The set number, 1-5. Changing it replaces the set. Default: 1 (as Cloudflare does when `ns_set` is omitted).",
    );
    const undocumented: string[] = [];
    for (const [token, resource] of Object.entries(schema.resources)) {
      for (const [kind, properties] of [
        ["input", resource.inputProperties],
        ["output", resource.properties],
      ] as const) {
        for (const [name, p] of Object.entries(properties)) {
          if (!p.description) undocumented.push(`${token} ${kind} ${name}`);
        }
      }
    }
    for (const [token, type] of Object.entries(schema.types)) {
      for (const [name, p] of Object.entries(type.properties ?? {})) {
        if (!p.description) undocumented.push(`${token} ${name}`);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it("gives the component its configuration's shape, with the values it names children after plain", () => {
    const component = resourceOf(T.AccountCustomNameservers);
    expect(Object.keys(component.inputProperties)).toEqual([
      "accountId",
      "defaultNameservers",
      "sets",
      "customSets",
      "zones",
      "liveZones",
      "adopt",
    ]);
    expect(component.requiredInputs).toEqual(["accountId", "sets", "zones"]);
    expect(Object.keys(component.properties)).toEqual(["glueRecords", "customGlueRecords", "nameservers"]);
    const plain = (properties: Record<string, PropertySpec>) =>
      Object.entries(properties)
        .filter(([, p]) => p.plain === true)
        .map(([name]) => name);
    expect(plain(component.inputProperties)).toEqual(["sets", "customSets", "zones"]);
    expect(component.inputProperties.sets?.items).toEqual({
      $ref: "#/types/cloudflare-acns:index:AccountCustomNameserversSet",
      plain: true,
    });
    expect(
      plain(schema.types["cloudflare-acns:index:AccountCustomNameserversSet"]?.properties ?? {}),
    ).toEqual(["nsSet"]);
    expect(
      plain(schema.types["cloudflare-acns:index:AccountCustomNameserversZone"]?.properties ?? {}),
    ).toEqual(["name", "customSet"]);
  });

  it("configures the provider with the keys the resources read, credentials secret", () => {
    expect(Object.keys(schema.config.variables)).toEqual(Object.keys(ProviderConfigKeys));
    expect(schema.provider.inputProperties).toEqual(schema.config.variables);
    expect(replacing(schema.config.variables)).toEqual([]);
    const secret = Object.entries(schema.config.variables)
      .filter(([, p]) => p.secret === true)
      .map(([name]) => name);
    expect(secret).toEqual(["apiToken", "apiKey"]);
  });

  it("defines every type it refers to, and refers to every type it defines", () => {
    const refs = new Set([...schemaText.matchAll(/"\$ref": "#\/types\/([^"]+)"/g)].map((m) => m[1]));
    expect([...refs].sort()).toEqual(Object.keys(schema.types).sort());
  });

  it("is built afresh on every call (a caller may change its copy)", () => {
    const first = buildPackageSchema(version);
    (first.config.variables.apiToken as PropertySpec).secret = false;
    (first.provider.inputProperties.apiKey as PropertySpec).secret = false;
    const second = buildPackageSchema(version);
    expect(second.config.variables.apiToken?.secret).toBe(true);
    expect(second.provider.inputProperties.apiKey?.secret).toBe(true);
  });
});
