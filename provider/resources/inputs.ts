/**
 * Reading a resource's raw inputs in `check()`: each field comes back normalised, unknown (a
 * preview value the engine does not know yet), or refused with a `CheckFailure` whose reason
 * names the property, the value received and the fix.
 */
import { Limits } from "../core/limits";
import { UNKNOWN_VALUE, isUnknown } from "./unknowns";

/** One problem with one input, as Pulumi's dynamic `check()` reports it. */
export interface CheckFailure {
  /** The top-level input, so the engine can print its value next to the reason. */
  property: string;
  reason: string;
}

/** A field that is not known yet. */
export type Unknown = typeof UNKNOWN_VALUE;

/** The key `pulumi.dynamic.Resource` adds to every input bag; never an input of ours. */
export const PROVIDER_KEY = "__provider";

/** The inputs as an object; anything else becomes an empty bag (every field then reads as missing). */
export function readRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Reports input keys the resource does not have (a misspelt `nsset`, say). */
export function reportUnknownKeys(
  raw: Record<string, unknown>,
  known: readonly string[],
  resourceType: string,
  failures: CheckFailure[],
): void {
  for (const key of Object.keys(raw)) {
    if (key === PROVIDER_KEY || known.includes(key) || raw[key] === undefined) continue;
    const fold = (text: string): string => text.toLowerCase().replace(/[-_]/g, "");
    const suggestion = known.find((k) => fold(k) === fold(key));
    failures.push({
      property: key,
      reason:
        `${key}: ${resourceType} has no input ${JSON.stringify(key)}; ` +
        (suggestion === undefined
          ? `remove it (inputs: ${known.join(", ")})`
          : `did you mean "${suggestion}"?`),
    });
  }
}

/** A short rendering of a received value: `"abc" (a string)`, `5 (a number)`, `a list`. */
export function describeInput(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    const shown = value.length > 80 ? `${JSON.stringify(value.slice(0, 80))}...` : JSON.stringify(value);
    return `${shown} (a string)`;
  }
  if (typeof value === "number" || typeof value === "boolean") return `${String(value)} (a ${typeof value})`;
  if (Array.isArray(value)) return "a list";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

const HEX_ID = /^[0-9a-fA-F]{32}$/;

/**
 * Reads a Cloudflare account or zone id. Surrounding white space and upper-case hex are accepted
 * and normalised (Cloudflare's ids are lower case); anything else is refused.
 */
export function readCloudflareId(
  raw: unknown,
  property: string,
  what: "account" | "zone",
  failures: CheckFailure[],
): string | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) {
    failures.push({
      property,
      reason: `${property} is required: give the ${what}'s id (32 lowercase hex characters), shown in the Cloudflare dashboard`,
    });
    return undefined;
  }
  const text = typeof raw === "string" ? raw.trim() : undefined;
  if (text === undefined || !HEX_ID.test(text)) {
    failures.push({
      property,
      reason:
        `${property} ${describeInput(raw)} is not a Cloudflare ${what} id: it must be 32 lowercase hex ` +
        `characters; copy it from the Cloudflare dashboard or API`,
    });
    return undefined;
  }
  return text.toLowerCase();
}

/** Reads a set number; an omitted one is Cloudflare's default, 1. */
export function readNsSet(
  raw: unknown,
  property: string,
  failures: CheckFailure[],
): number | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return Limits.DEFAULT_NS_SET;
  const range = `${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`;
  if (typeof raw !== "number") {
    failures.push({
      property,
      reason: `${property} must be a set number from ${range}, got ${describeInput(raw)}; write it as a number, e.g. 1`,
    });
    return undefined;
  }
  if (!Number.isInteger(raw) || raw < Limits.MIN_NS_SET || raw > Limits.MAX_NS_SET) {
    const why = Number.isInteger(raw) ? `is outside ${range}` : "is not a whole number";
    failures.push({
      property,
      reason: `${property} ${raw} ${why}: Cloudflare numbers an account's nameserver sets ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}; use a number from ${range}`,
    });
    return undefined;
  }
  return raw;
}

/** Reads an optional boolean. */
export function readBoolean(
  raw: unknown,
  property: string,
  fallback: boolean,
  failures: CheckFailure[],
): boolean | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return fallback;
  if (typeof raw !== "boolean") {
    failures.push({
      property,
      reason: `${property} must be true or false, got ${describeInput(raw)}; write it without quotes`,
    });
    return undefined;
  }
  return raw;
}

/** Reads one of a list of string options. */
export function readChoice<T extends string>(
  raw: unknown,
  property: string,
  options: readonly T[],
  failures: CheckFailure[],
): T | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  const list = options.map((o) => JSON.stringify(o)).join(", ");
  if (raw === undefined || raw === null) {
    failures.push({ property, reason: `${property} is required: give one of ${list}` });
    return undefined;
  }
  const text = typeof raw === "string" ? raw.trim() : undefined;
  const match = options.find((o) => o === text);
  if (match === undefined) {
    failures.push({
      property,
      reason: `${property} must be one of ${list}, got ${describeInput(raw)}; pick one of them`,
    });
    return undefined;
  }
  return match;
}

/** Drops keys whose value is `undefined`: the host's Struct conversion throws on them. */
export function dropUndefined<T extends Record<string, unknown>>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
