/**
 * What the demo asks of a Pulumi engine, whichever runs the program: the real `pulumi` CLI through
 * the Automation API, or the provider-host harness. Both report the same step records, so the demo
 * prints one format and its test checks one set of lines.
 */

/** What happened to one resource in one operation (`same`: nothing to do, or nothing drifted). */
export type StepOp = "create" | "update" | "replace" | "delete" | "same";

/** One top-level property that differs, with its value before and after. */
export interface PropertyChange {
  key: string;
  before: unknown;
  after: unknown;
}

/** One resource's step, as the demo prints it. */
export interface ResourceStep {
  op: StepOp;
  /** The short type name, e.g. `ZoneAcnsBinding`. */
  type: string;
  /** The resource's name in the program, e.g. `eu-example-com`. */
  name: string;
  /** For updates and refreshes: what differs. */
  changes: PropertyChange[];
}

/** What an operation did (or, for a preview, would do). */
export interface OperationReport {
  steps: ResourceStep[];
  /** Warnings and errors the engine or the provider reported. */
  warnings: string[];
  /** The stack's outputs after an `up`. */
  outputs?: Record<string, unknown>;
}

/** The Pulumi lifecycle of one stack of the demo's program. */
export interface LifecycleEngine {
  /** One line naming the engine, e.g. `the Pulumi CLI v3.259.0 through the Automation API`. */
  readonly description: string;
  preview(): Promise<OperationReport>;
  up(): Promise<OperationReport>;
  refresh(): Promise<OperationReport>;
  destroy(): Promise<OperationReport>;
  /** How many resources the stack's state holds (cleanup destroys when it is not 0). */
  countResources(): Promise<number>;
  /** Where `secret` occurs in the stack's state (empty: nowhere). */
  findInState(secret: string): Promise<string[]>;
  /** Releases processes and temporary files; safe to call twice. */
  close(): Promise<void>;
}

/** Keys that are bookkeeping, not what a user manages: the serialized provider. */
const HIDDEN_KEYS = new Set(["__provider"]);

/** The short name of a type token: `pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding` -> `ZoneAcnsBinding`. */
export function formatShortType(type: string): string {
  return type.slice(type.lastIndexOf(":") + 1);
}

/** The resource name at the end of a URN. */
export function readUrnName(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/**
 * Top-level properties whose values differ between two property maps, in key order. With
 * `sharedOnly`, only keys both maps hold: a key the new inputs add with its default (`adopt: false`)
 * is not a change the user made.
 */
export function listChanges(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  options: { sharedOnly?: boolean } = {},
): PropertyChange[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys
    .filter((key) => !HIDDEN_KEYS.has(key))
    .filter((key) => !options.sharedOnly || (key in before && key in after))
    .filter((key) => JSON.stringify(before[key] ?? null) !== JSON.stringify(after[key] ?? null))
    .sort()
    .map((key) => ({ key, before: before[key] ?? null, after: after[key] ?? null }));
}

/**
 * What an update changes, as the CLI shows it: old inputs (a refresh rewrites them from what it
 * read) against the new ones; when those agree (a provider that keeps the inputs because the live
 * value has no input form, e.g. a zone taken off ACNS), old outputs against the new inputs.
 */
export function describeUpdate(
  old: { inputs: Record<string, unknown>; outputs: Record<string, unknown> },
  news: Record<string, unknown>,
): PropertyChange[] {
  const byInputs = listChanges(old.inputs, news, { sharedOnly: true });
  return byInputs.length > 0 ? byInputs : listChanges(old.outputs, news, { sharedOnly: true });
}

/** Counts steps per operation, e.g. `{create: 5}`; `same` included. */
export function countSteps(report: OperationReport): Partial<Record<StepOp, number>> {
  const counts: Partial<Record<StepOp, number>> = {};
  for (const step of report.steps) counts[step.op] = (counts[step.op] ?? 0) + 1;
  return counts;
}
