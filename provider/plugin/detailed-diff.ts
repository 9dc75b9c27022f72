/**
 * The per-property diff the plugin adds to the run-time `diff`: the run-time decides whether there
 * are changes and which properties force a replacement (one rule for the dynamic resources and the
 * plugin); this names each input whose value differs, so `pulumi preview` shows field by field
 * what changes, and so `replaceOnChanges` sees the changed keys.
 */
import type { DiffResult } from "@pulumi/pulumi/provider";
import { readRecord } from "../resources/inputs";
import { containsUnknown } from "../resources/unknowns";

/** How one property changes (the engine's `PropertyDiff.Kind`, by name). */
export type PropertyDiffKind = "add" | "addReplace" | "delete" | "deleteReplace" | "update" | "updateReplace";

export interface DetailedDiffResult extends DiffResult {
  /** The inputs that differ, by name. */
  readonly diffs: string[];
  readonly detailedDiff: Record<string, PropertyDiffKind>;
  /** False when the details compare the recorded state (outputs) rather than the recorded inputs. */
  readonly inputDiff: boolean;
}

function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** How `name` changes between the recorded state and the new inputs, or undefined if it does not. */
function describeChange(
  name: string,
  oldInputs: Record<string, unknown>,
  news: Record<string, unknown>,
  replaces: boolean,
) {
  const before = oldInputs[name];
  const after = news[name];
  if (isAbsent(before) && isAbsent(after)) return undefined;
  if (isAbsent(before)) return replaces ? "addReplace" : "add";
  if (isAbsent(after)) return replaces ? "deleteReplace" : "delete";
  if (!containsUnknown(after) && JSON.stringify(before) === JSON.stringify(after)) return undefined;
  return replaces ? "updateReplace" : "update";
}

/**
 * `result` (the run-time's answer) with the inputs among `inputs` that differ between the recorded
 * inputs `oldInputs` and the checked `news` (an input left out of both, such as a zone name the
 * binding looks up, is no change), else between the recorded state `olds` and `news`. No changes, no details: the run-time's answer wins, so a value
 * that differs only in spelling the run-time normalises away is not shown as a change.
 */
export function addDetailedDiff(
  inputs: readonly string[],
  olds: unknown,
  oldInputs: unknown,
  news: unknown,
  result: DiffResult,
): DetailedDiffResult {
  const detailedDiff: Record<string, PropertyDiffKind> = {};
  let inputDiff = true;
  if (result.changes === true) {
    const old = readRecord(oldInputs);
    const next = readRecord(news);
    const replaces = new Set(result.replaces ?? []);
    for (const name of inputs) {
      const kind = describeChange(name, old, next, replaces.has(name));
      if (kind !== undefined) detailedDiff[name] = kind;
    }
    // Inputs unchanged, yet a change: the live object moved away from them (a refresh recorded it),
    // so name the inputs the recorded state no longer matches, which the update puts back.
    if (Object.keys(detailedDiff).length === 0) {
      inputDiff = false;
      const state = readRecord(olds);
      for (const name of inputs) {
        if (isAbsent(next[name])) continue;
        const kind = describeChange(name, state, next, replaces.has(name));
        if (kind !== undefined) detailedDiff[name] = kind;
      }
    }
    // A replacement the run-time asks for is always shown, even when the value compares equal here.
    for (const name of replaces) detailedDiff[name] ??= "updateReplace";
  }
  return { ...result, diffs: Object.keys(detailedDiff), detailedDiff, inputDiff };
}
