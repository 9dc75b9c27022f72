/**
 * Reading a resource's raw inputs in `check()`: each field comes back normalised, unknown (a
 * preview value the engine does not know yet), or refused with a `CheckFailure` whose reason
 * names the property, the value received and the fix.
 */
import type { z } from "zod";
import { isObject } from "../core/validate-state";
import { suggestField } from "../core/wording";
import { parseInput } from "../core/zod-issues";
import { AcnsResourceError } from "./errors";
import type { ResourceTypeName } from "./resource-types";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

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
  return isObject(value) ? value : {};
}

/**
 * The inputs as an object, with a failure for each key the resource does not have (a misspelt
 * `nsset`, say); the readers below add theirs to the same list.
 */
export function openInputs(
  news: unknown,
  known: readonly string[],
  context: InputContext,
): { raw: Record<string, unknown>; failures: CheckFailure[] } {
  const raw = readRecord(news);
  const failures: CheckFailure[] = [];
  for (const key of Object.keys(raw)) {
    if (key === PROVIDER_KEY || known.includes(key) || raw[key] === undefined) continue;
    const suggestion = suggestField(key, known);
    failures.push({
      property: key,
      reason:
        `${key}: ${context.resourceType} has no input ${JSON.stringify(key)}; ` +
        (suggestion === undefined
          ? `remove it (inputs: ${known.join(", ")})`
          : `did you mean "${suggestion}"?`),
    });
  }
  return { raw, failures };
}

/** Who reads inputs: the resource type messages name, and what each field should hold (see `parseInput`). */
export interface InputContext {
  resourceType: ResourceTypeName;
  hints?: Readonly<Record<string, string>>;
}

/**
 * Reads one input with its zod schema (provider/core/resource-inputs.ts): a value not known yet
 * (a preview) reads as unknown; one the schema refuses reads as undefined, with one failure per
 * issue, worded by core's `parseInput` (the validator's translator).
 */
export function readField<T extends z.ZodType>(
  schema: T,
  raw: unknown,
  property: string,
  context: InputContext,
  failures: CheckFailure[],
): z.output<T> | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  const parsed = parseInput(schema, raw, property, context.resourceType, context.hints);
  if (parsed.success) return parsed.data;
  for (const reason of parsed.messages) failures.push({ property, reason });
  return undefined;
}

/** Reads every field of a resource's input schema, in the schema's order (see {@link readField}). */
export function readInputs<S extends z.ZodRawShape>(
  schema: z.ZodObject<S>,
  raw: Record<string, unknown>,
  context: InputContext,
  failures: CheckFailure[],
): { [K in keyof S]: z.output<S[K]> | Unknown | undefined } {
  const entries = Object.entries(schema.shape).map(([key, field]) => [
    key,
    readField(field as z.ZodType, raw[key], key, context, failures),
  ]);
  return Object.fromEntries(entries) as { [K in keyof S]: z.output<S[K]> | Unknown | undefined };
}

/**
 * The inputs create and update act on: refused when check would have refused them, or when a
 * value is still unknown (the engine resolves them first, so that is a bug in the caller).
 */
export function requireKnownInputs<T extends object>(
  resourceType: ResourceTypeName,
  read: { inputs: T; failures: CheckFailure[] },
  operations = "create and update",
): T {
  const { inputs, failures } = read;
  if (failures.length > 0) {
    throw new AcnsResourceError(
      resourceType,
      failures[0]?.property ?? "inputs",
      `${resourceType} inputs are not valid: ${failures.map((f) => f.reason).join("; ")}`,
    );
  }
  if (containsUnknown(inputs)) {
    throw new AcnsResourceError(
      resourceType,
      "inputs",
      `${resourceType} inputs hold values that are not known yet; the engine resolves them before ${operations}, so this is a bug in the caller`,
    );
  }
  return inputs;
}
