/**
 * Checking a configuration of which only part is known (during `pulumi preview`, values computed
 * from other resources are the engine's unknown sentinel): the core validator checks everything
 * they do not block and lists what waits for each. Pure: no Pulumi, no I/O.
 */
import type { AcnsIssue, AcnsIssuePath, AcnsWarning } from "../core/config";
import { formatIssuePath, validateAcnsConfig } from "../core/validate";
import { isUnknown } from "../resources/unknowns";

/** A value that is not known yet, and the checks that wait for it. */
export interface UncheckedValue {
  /** Where the value is in the configuration, e.g. `["zones", 2, "nsSet"]`. */
  path: AcnsIssuePath;
  /** The checks that wait for it, in words. */
  checks: string;
}

/** What {@link checkKnownConfig} found. */
export interface KnownConfigVerdict {
  /** Every issue the known values already show; any one of them makes the configuration invalid. */
  issues: AcnsIssue[];
  /** What Cloudflare may refuse on rules it does not document (the configuration stays valid). */
  warnings: AcnsWarning[];
  /** The unknown values, in configuration order; empty when everything was known. */
  unchecked: UncheckedValue[];
}

/**
 * Checks a configuration (one account, the {@link AcnsConfig} shape) whose values may be the
 * engine's unknown sentinel. With nothing unknown this is exactly {@link validateAcnsConfig}; the
 * rules an unknown value holds back are those of `AcnsValidationOptions.isUnknown`.
 */
export function checkKnownConfig(config: unknown): KnownConfigVerdict {
  const result = validateAcnsConfig(config, { isUnknown });
  return {
    issues: result.ok ? [] : result.issues,
    warnings: result.warnings,
    unchecked: result.skipped.map(({ path, reason }) => ({ path, checks: reason })),
  };
}

/** Renders unknown values for a warning: one `path: checks` line each. */
export function formatUncheckedValues(unchecked: readonly UncheckedValue[]): string[] {
  return unchecked.map((value) => `${formatIssuePath(value.path)}: ${value.checks}`);
}
