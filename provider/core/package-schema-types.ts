/**
 * From zod to the Pulumi package schema's types: property types, named object and enum types
 * (referred to by `$ref`), and a resource's properties. package-schema.ts hands in what zod cannot say.
 */
import { z } from "zod";
import type { ComplexTypeSpec, PropertySpec, ResourceSpec, TypeSpec } from "./package-schema";
import { findInputShape } from "./resource-inputs";

/** What the zod schemas cannot say, from package-schema.ts's tables. */
export interface TypeNaming {
  /** The named object and enum types: (schema, name). */
  names: ReadonlyArray<readonly [z.core.$ZodType, string]>;
  /** Per named object type, its properties that are plain. */
  plainProperties: Readonly<Record<string, readonly string[]>>;
  /** A type name's token, e.g. `cloudflare-acns:index:AnycastGroup`. */
  token(name: string): string;
}

type Shape = Readonly<Record<string, z.core.$ZodType>>;

/** Turns zod schemas into property and type specs, collecting the named types they use. */
export class TypeCollector {
  private readonly types = new Map<string, ComplexTypeSpec>();

  /**
   * @param naming what the zod schemas cannot say: the named types (schema, name), the properties
   * of a named type that are plain, and the token of a type name.
   */
  constructor(private readonly naming: TypeNaming) {}

  /** `types`, by token. */
  sorted(): Record<string, ComplexTypeSpec> {
    const entries = [...this.types.entries()].sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries);
  }

  resource(
    description: string,
    inputs: Shape,
    outputs: z.ZodObject,
    replaceOnChanges: readonly string[],
    plainInputs: readonly string[] = [],
  ): ResourceSpec {
    const replaces = (name: string) =>
      replaceOnChanges.includes(name) ? { replaceOnChanges: true, willReplaceOnChanges: true } : {};
    const inputProperties = this.properties(inputs, plainInputs, replaces);
    const properties = this.properties(outputs.shape, [], replaces);
    return {
      description,
      inputProperties,
      requiredInputs: listRequired(inputs),
      properties,
      required: listRequired(outputs.shape),
    };
  }

  private properties(
    shape: Shape,
    plain: readonly string[],
    extra: (name: string) => Partial<PropertySpec> = () => ({}),
  ): Record<string, PropertySpec> {
    const out: Record<string, PropertySpec> = {};
    for (const [name, schema] of Object.entries(shape)) {
      const description = findDescription(schema);
      const type = this.typeOf(schema);
      out[name] = {
        ...type,
        // A plain list holds plain entries: the component walks them when the program runs.
        ...(plain.includes(name)
          ? { plain: true, ...(type.items ? { items: { ...type.items, plain: true } } : {}) }
          : {}),
        ...(description === undefined ? {} : { description }),
        ...extra(name),
      };
    }
    return out;
  }

  /** The type of a value that matches `schema` (optional and nullable read as its inner type). */
  typeOf(schema: z.core.$ZodType): TypeSpec {
    const shape = findInputShape(schema);
    if (shape !== undefined) return this.typeOf(shape);
    const name = findTypeName(this.naming.names, schema);
    if (name !== undefined) return { $ref: this.define(name, schema) };
    if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable)
      return this.typeOf(schema.unwrap());
    if (schema instanceof z.ZodDefault) return this.typeOf(schema.unwrap());
    if (schema instanceof z.ZodPipe) return this.typeOf(schema.in);
    if (schema instanceof z.ZodString) return { type: "string" };
    if (schema instanceof z.ZodBoolean) return { type: "boolean" };
    if (schema instanceof z.ZodNumber) {
      return { type: z.toJSONSchema(schema).type === "integer" ? "integer" : "number" };
    }
    if (schema instanceof z.ZodArray) return { type: "array", items: this.typeOf(schema.element) };
    if (schema instanceof z.ZodRecord)
      return { type: "object", additionalProperties: this.typeOf(schema.valueType) };
    if (schema instanceof z.ZodUnion)
      return { oneOf: schema.options.map((o: z.core.$ZodType) => this.typeOf(o)) };
    throw new Error(
      `package schema: no Pulumi type for a zod ${schema._zod.def.type}; name it in NAMED_TYPES (package-schema.ts)`,
    );
  }

  /** Defines a named type once and answers its `$ref`. */
  private define(name: string, schema: z.core.$ZodType): string {
    const ref = `#/types/${this.naming.token(name)}`;
    if (this.types.has(this.naming.token(name))) return ref;
    // Reserve the name first: a type may refer to itself through its properties.
    this.types.set(this.naming.token(name), { type: "object" });
    this.types.set(this.naming.token(name), this.complexType(name, schema));
    return ref;
  }

  private complexType(name: string, schema: z.core.$ZodType): ComplexTypeSpec {
    const description = findDescription(schema);
    const described = description === undefined ? {} : { description };
    if (schema instanceof z.ZodEnum) {
      return { type: "string", ...described, enum: listEnumValues(schema.options as string[]) };
    }
    if (schema instanceof z.ZodObject) {
      const plain = this.naming.plainProperties[name] ?? [];
      const properties = this.properties(schema.shape, plain);
      const required = listRequired(schema.shape);
      return { type: "object", ...described, properties, ...(required.length > 0 ? { required } : {}) };
    }
    if (schema instanceof z.ZodDiscriminatedUnion) return this.mergeVariants(name, schema, described);
    throw new Error(`package schema: type ${name} is a zod ${schema._zod.def.type}, not an object or enum`);
  }

  /**
   * A discriminated union as one object type: the SDKs have no tagged unions, so the discriminator
   * becomes an enum of every variant's value and the other fields optional properties.
   */
  private mergeVariants(
    name: string,
    schema: z.ZodDiscriminatedUnion,
    described: { description?: string },
  ): ComplexTypeSpec {
    const key = schema._zod.def.discriminator;
    const values: string[] = [];
    const fields: Record<string, z.core.$ZodType> = {};
    for (const option of schema.options) {
      if (!(option instanceof z.ZodObject))
        throw new Error(`package schema: ${name} has a variant that is not an object`);
      for (const [field, fieldSchema] of Object.entries(option.shape as Shape)) {
        if (field === key) values.push(...listLiteralValues(fieldSchema));
        else fields[field] ??= fieldSchema;
      }
    }
    const enumName = `${name}${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    const enumToken = this.naming.token(enumName);
    this.types.set(enumToken, { type: "string", enum: listEnumValues(values) });
    const properties: Record<string, PropertySpec> = {
      [key]: {
        $ref: `#/types/${enumToken}`,
        description: `One of ${values.map((v) => `\`${v}\``).join(", ")}.`,
      },
      ...this.properties(fields, []),
    };
    return { type: "object", ...described, properties, required: [key] };
  }
}

/** The name given to this schema (or to the one it was cloned from) in `names`. */
function findTypeName(names: TypeNaming["names"], schema: z.core.$ZodType): string | undefined {
  for (let s: z.core.$ZodType | undefined = schema; s !== undefined; s = s._zod.parent) {
    const named = names.find(([candidate]) => candidate === s);
    if (named !== undefined) return named[1];
  }
  return undefined;
}

/** The documentation of a field: its own, else that of the schema it wraps. */
function findDescription(schema: z.core.$ZodType): string | undefined {
  const own = z.globalRegistry.get(schema)?.description;
  if (own !== undefined) return own;
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodDefault) {
    return findDescription(schema.unwrap() as z.core.$ZodType);
  }
  if (schema instanceof z.ZodPipe) return findDescription(schema.in);
  return undefined;
}

/** Fields a value must have: not optional, not nullable (an SDK has no null for a required field). */
function listRequired(shape: Shape): string[] {
  return Object.entries(shape)
    .filter(([, schema]) => !isOptional(schema))
    .map(([name]) => name);
}

function isOptional(schema: z.core.$ZodType): boolean {
  if (schema._zod.optin !== undefined) return true; // optional, or filled in by a default
  if (schema instanceof z.ZodNullable) return true;
  if (schema instanceof z.ZodPipe) return isOptional(schema.in);
  return false;
}

function listLiteralValues(schema: z.core.$ZodType): string[] {
  if (schema instanceof z.ZodLiteral) return [...schema.values].map(String);
  if (schema instanceof z.ZodEnum) return (schema.options as string[]).map(String);
  throw new Error(`package schema: a discriminator is a zod ${schema._zod.def.type}, not a literal or enum`);
}

/** Enum values with names the SDKs can use: `cloudflare.standard` is `CloudflareStandard`. */
function listEnumValues(values: readonly string[]): { name: string; value: string }[] {
  return values.map((value) => ({
    name: value
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part !== "")
      .map((part) => `${part.charAt(0).toUpperCase()}${part.slice(1)}`)
      .join(""),
    value,
  }));
}
