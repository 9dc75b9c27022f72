/**
 * Reading a command's planned steps the way a reviewer reads `pulumi preview`: how many of each
 * operation per resource type, and which properties each changed resource differs in.
 */
import type { Diagnostic, StepRecord } from "./driver-protocol";

/** The type token prefixes of the dynamic resources and of the plugin's. */
const PREFIXES = ["pulumi-nodejs:dynamic/cloudflare-acns:", "cloudflare-acns:index:"];

/** `pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding` (or `cloudflare-acns:index:…`) -> `ZoneAcnsBinding`. */
export function shortenType(type: string): string {
  const prefix = PREFIXES.find((p) => type.startsWith(p));
  return prefix === undefined ? type : type.slice(prefix.length);
}

/** Operation counts per resource type, e.g. `{ AccountNameserverSet: { create: 2 } }`. */
export function countStepsByType(steps: readonly StepRecord[]): Record<string, Record<string, number>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const step of steps) {
    const type = shortenType(step.type);
    const perOp = (counts[type] ??= {});
    perOp[step.op] = (perOp[step.op] ?? 0) + 1;
  }
  return counts;
}

/**
 * The steps that change something, as `op name [diffs]`, sorted: not `same`, and not `refresh`
 * (a refresh announces every resource; what it found is in the command's `results`).
 */
export function listChanges(steps: readonly StepRecord[]): string[] {
  return steps
    .filter((s) => s.op !== "same" && s.op !== "refresh")
    .map((s) => `${s.op} ${s.name}${s.diffs.length > 0 ? ` [${s.diffs.join(",")}]` : ""}`)
    .sort();
}

/**
 * The error diagnostics of a command, sorted by message (the engine's order of the resource's and
 * the stack's errors varies from run to run).
 */
export function listErrors(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics
    .filter((d) => d.severity === "error")
    .sort((a, b) => compareText(a.message, b.message) || compareText(a.urn ?? "", b.urn ?? ""));
}

/** Code-unit order, the same on every machine (unlike localeCompare). */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
