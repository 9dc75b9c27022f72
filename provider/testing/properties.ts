/**
 * Property values as they cross the engine <-> provider gRPC boundary: the engine's sentinels for
 * unknown and secret values, and conversion to and from `google.protobuf.Struct`.
 *
 * @see node_modules/@pulumi/pulumi/runtime/rpc.js (unknownValue, specialSigKey, specialSecretSig)
 */
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { z } from "zod";

/** The string the engine sends in place of a value it does not know yet (preview). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** The key under which the engine marks a special object (secret, asset, ...). */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** The signature value of a secret. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** The input key under which `pulumi.dynamic.Resource` stores the serialized provider. */
export const PROVIDER_KEY = "__provider";

/** A JSON value as it travels in a Struct. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
/** A property map (a Struct's fields). */
export type PropertyMap = Record<string, JsonValue>;

const JsonValueSchema: z.ZodType<JsonValue> = z.lazy(() =>
  z.union([
    z.null(),
    z.boolean(),
    z.number(),
    z.string(),
    z.array(JsonValueSchema),
    z.record(z.string(), JsonValueSchema),
  ]),
);
export const PropertyMapSchema = z.record(z.string(), JsonValueSchema);

/** Wraps a value the way the engine marks a secret on the wire. */
export function wrapSecret(value: JsonValue): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** True for a value the engine marked as a secret. */
export function isSecretValue(value: JsonValue | undefined): value is { value: JsonValue } {
  return (
    typeof value === "object" && value !== null && !Array.isArray(value) && value[SIG_KEY] === SECRET_SIG
  );
}

/**
 * Removes secret wrappers, as the engine does before it sends properties to a provider that did not
 * accept secrets (the dynamic-provider host answers Configure with acceptSecrets=false).
 */
export function stripSecrets(value: JsonValue): JsonValue {
  if (isSecretValue(value)) return stripSecrets(value.value ?? null);
  if (Array.isArray(value)) return value.map(stripSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripSecrets(v)]));
  }
  return value;
}

/** Builds a Struct from a property map; `undefined` fields are dropped as the SDK drops them. */
export function toStruct(properties: Record<string, JsonValue | undefined>): Struct {
  const defined = Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined));
  return Struct.fromJavaScript(defined as Record<string, JsonValue>);
}

/** Reads a Struct back into a property map (an absent Struct reads as `{}`). */
export function fromStruct(struct: Struct | undefined): PropertyMap {
  if (struct === undefined) return {};
  return PropertyMapSchema.parse(struct.toJavaScript());
}

/** True when the value, or anything inside it, is the unknown sentinel. */
export function containsUnknown(value: JsonValue): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
