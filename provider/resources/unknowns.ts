/**
 * Values the Pulumi engine does not know yet. During a preview, an input computed from another
 * resource's output reaches a dynamic provider's `check` and `diff` as a fixed sentinel string
 * (the host turns the gRPC Struct into plain JavaScript, see
 * node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js), whole or inside a list.
 */

/**
 * The engine's stand-in for an unknown value; equal to `pulumi.runtime.unknownValue` (a test holds
 * the two together). Copied so the run-time module need not load the Pulumi SDK to recognise it.
 */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `value` is the engine's unknown sentinel. */
export function isUnknown(value: unknown): value is typeof UNKNOWN_VALUE {
  return value === UNKNOWN_VALUE;
}

/** True when `value` is unknown or holds an unknown anywhere inside (lists and objects). */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
