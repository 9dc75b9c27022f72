/**
 * What the validator's checks share: the per-account state, the issue and warning sinks, the
 * unknown-value bookkeeping, and which codes each part of a configuration can raise (the codes a
 * value not known yet holds back).
 */
import type { z } from "zod";
import type {
  AcnsIssue,
  AcnsIssueCode,
  AcnsIssuePath,
  AcnsIssueSubjects,
  AcnsWarning,
  AcnsWarningCode,
} from "./config";
import { Limits } from "./limits";
import { checkHostname } from "./names";
import type { AcnsSkippedCheck } from "./unknown-values";

/** `CloudflareId`'s pattern; the fast path tests strings with it directly. */
export { CLOUDFLARE_ID_PATTERN as CLOUDFLARE_ID } from "./ids";

export type Path = AcnsIssuePath;

/** Files an issue, or a warning when `list` is the state's warnings. */
export function report<Code extends AcnsIssueCode | AcnsWarningCode>(
  list: { code: Code; path: Path; message: string; subjects: AcnsIssueSubjects }[],
  code: NoInfer<Code>,
  path: Path,
  message: string,
  subjects: Partial<AcnsIssueSubjects> = {},
): void {
  list.push({ code, path, message, subjects: fillSubjects(subjects) });
}

function fillSubjects(subjects: Partial<AcnsIssueSubjects>): AcnsIssueSubjects {
  const filled: AcnsIssueSubjects = {
    zones: subjects.zones ?? [],
    sets: subjects.sets ?? [],
    nameservers: subjects.nameservers ?? [],
  };
  if (subjects.customSets !== undefined && subjects.customSets.length > 0)
    filled.customSets = subjects.customSets;
  return filled;
}

/**
 * The checks every set's name list shares, numbered or custom: the name is a valid hostname, and
 * listed once (`firstIndexOfName` records where each name stood first). False for a repeat, which
 * the caller then skips; `repeatPath` and `repeatRule` are where and how a repeat is reported.
 */
export function checkSetName(
  issues: AcnsIssue[],
  firstIndexOfName: Map<string, number>,
  at: { rawName: string; name: string; index: number; label: string; namePath: Path; repeatPath: Path },
  subjects: Partial<AcnsIssueSubjects>,
  repeatRule = "",
): boolean {
  const { rawName, name, index, label } = at;
  const problem = checkHostname(name);
  const nameSubjects = { ...subjects, nameservers: [name] };
  if (problem !== undefined) {
    report(
      issues,
      "invalid-hostname",
      at.namePath,
      describeBadHostname(rawName, problem, label),
      nameSubjects,
    );
  }
  const firstIndex = firstIndexOfName.get(name);
  if (firstIndex !== undefined) {
    report(
      issues,
      "duplicate-nameserver",
      at.repeatPath,
      describeRepeatedName(name, label, firstIndex, index, repeatRule),
      nameSubjects,
    );
    return false;
  }
  firstIndexOfName.set(name, index);
  return true;
}

/** A set's name that is no hostname: `nameserver "a..b" in set 2 is not a valid hostname: <why>; <fix>`. */
export function describeBadHostname(
  rawName: string,
  problem: { why: string; fix: string },
  label?: string,
): string {
  const where = label === undefined ? "" : ` in ${label}`;
  return `nameserver ${JSON.stringify(rawName)}${where} is not a valid hostname: ${problem.why}; ${problem.fix}`;
}

/** A set's name listed twice, at `first` and `index` of its `nameservers`; `rule` says why once. */
export function describeRepeatedName(
  name: string,
  label: string | undefined,
  first: number,
  index: number,
  rule = "",
): string {
  const where = label === undefined ? "" : ` in ${label}`;
  return (
    `nameserver "${name}" is listed twice${where} (nameservers[${first}] and nameservers[${index}]); ` +
    `${rule}list each name once`
  );
}

/**
 * The names-per-set limits, for numbered and Custom Nameserver Sets alike: too small when even the
 * distinct known names plus the unknown ones are under the minimum, too large when the known ones
 * are over the maximum. Gives what the set has ("<set> has …") and the fix, for the caller's message.
 */
export function checkNameCount(
  distinctNames: readonly string[],
  unknownNames: number,
): { size: "too-small" | "too-large"; has: string; fix: string } | undefined {
  const distinct = distinctNames.length;
  const most = distinct + unknownNames;
  if (most >= Limits.MIN_NAMES_PER_SET && distinct <= Limits.MAX_NAMES_PER_SET) return undefined;
  const has =
    most === 0
      ? "no nameservers"
      : most === 1
        ? unknownNames === 0
          ? `1 nameserver ("${distinctNames[0] ?? ""}")`
          : "1 nameserver (not known until apply)"
        : unknownNames === 0
          ? `${distinct} nameservers`
          : `at least ${distinct} nameservers (and ${unknownNames} not known until apply)`;
  const tooSmall = most < Limits.MIN_NAMES_PER_SET;
  const fix = tooSmall
    ? `add at least ${Limits.MIN_NAMES_PER_SET - most}${most === 0 ? "" : " more"}`
    : `remove ${unknownNames === 0 ? "" : "at least "}${distinct - Limits.MAX_NAMES_PER_SET}`;
  return { size: tooSmall ? "too-small" : "too-large", has, fix };
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function readField(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

export type IsUnknown = (value: unknown) => boolean;

/** What every account of one run shares. */
export interface RunContext {
  isUnknown: IsUnknown | undefined;
  skipped: AcnsSkippedCheck[];
  warnings: AcnsWarning[];
}

/** Everything the per-account checks share. */
export interface AccountState extends RunContext {
  prefix: Path;
  issues: AcnsIssue[];
  /** Sets that zones can certainly use (declared with 2 or more distinct names), as a mask. */
  usableMask: number;
  /** Sets that zones may or may not be able to use, depending on values not known yet, as a mask. */
  maybeMask: number;
  /** Distinct name count of the first entry of each declared set number. */
  declaredSizes: Map<number, number>;
  /** Each known name of a numbered set, with the label of the first set that lists it (`set 2`). */
  numberedNames: Map<string, { label: string; nsSet: number | undefined }>;
  /** The known keys of `customSets`, with the index of the first entry that has each. */
  customKeys: Map<string, number>;
  /** True when a key of `customSets` (or the list) is unknown: a zone's key may be declared by it. */
  customKeysOpen: boolean;
}

/** True when the caller's `isUnknown` says `value` is not known yet. */
export function isUnknownIn(state: { isUnknown: IsUnknown | undefined }, value: unknown): boolean {
  return state.isUnknown !== undefined && state.isUnknown(value);
}

export function skip(
  state: AccountState,
  path: Path,
  codes: (AcnsIssueCode | AcnsWarningCode)[],
  reason: string,
): void {
  state.skipped.push({ path, codes, reason });
}

/** Sets zones may use: certainly or possibly. Messages suggest these, so the hints do not wait for unknowns. */
export function readHintMask(state: AccountState): number {
  return state.usableMask | state.maybeMask;
}

/** zod issues other than those at (or under) an unknown value, which stands in for any type. */
export function dropUnknownIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  raw: unknown,
  isUnknown: IsUnknown | undefined,
): z.core.$ZodIssue[] {
  if (isUnknown === undefined) return [...zodIssues];
  return zodIssues.filter((issue) => {
    let current = raw;
    for (const part of issue.path) {
      if (typeof current !== "object" || current === null) return true;
      current = (current as Record<PropertyKey, unknown>)[part];
      if (isUnknown(current)) return false;
    }
    // A union (a custom set's name) that one of its shapes accepts once its unknowns are set aside.
    if (issue.code === "invalid_union" && Array.isArray(issue.errors))
      return !issue.errors.some((branch) => dropUnknownIssues(branch, current, isUnknown).length === 0);
    return true;
  });
}

export type Code = AcnsIssueCode | AcnsWarningCode;

export const SET_CODES: Code[] = [
  "invalid-shape",
  "unknown-field",
  "ns-set-out-of-range",
  "duplicate-set",
  "invalid-hostname",
  "set-too-small",
  "set-too-large",
  "duplicate-nameserver",
  "nameserver-in-multiple-sets",
  "unknown-set",
  "default-needs-set",
  "nameserver-in-custom-and-numbered-set",
];
export const NAME_CODES: Code[] = [
  "invalid-shape",
  "invalid-hostname",
  "duplicate-nameserver",
  "nameserver-in-multiple-sets",
  "set-too-small",
  "set-too-large",
  "unknown-set",
  "default-needs-set",
  "nameserver-in-custom-and-numbered-set",
];
export const ZONE_CODES: Code[] = [
  "invalid-shape",
  "unknown-field",
  "invalid-id",
  "invalid-zone-name",
  "ns-set-out-of-range",
  "unknown-set",
  "duplicate-zone",
  "duplicate-zone-id",
  "zone-id-mismatch",
  "hierarchy-conflict",
  "ns-set-and-custom-set",
  "unknown-custom-set",
  "custom-set-hierarchy-conflict",
];
export const ZONE_NAME_CODES: Code[] = [
  "invalid-shape",
  "invalid-zone-name",
  "duplicate-zone",
  "duplicate-zone-id",
  "zone-id-mismatch",
  "hierarchy-conflict",
  "unknown-set",
  "custom-set-hierarchy-conflict",
];
export const ZONE_ID_CODES: Code[] = ["invalid-shape", "invalid-id", "duplicate-zone-id", "zone-id-mismatch"];
export const ZONE_SET_CODES: Code[] = [
  "invalid-shape",
  "ns-set-out-of-range",
  "unknown-set",
  "hierarchy-conflict",
  "ns-set-and-custom-set",
];
export const ZONE_CUSTOM_SET_CODES: Code[] = [
  "invalid-shape",
  "ns-set-and-custom-set",
  "unknown-custom-set",
  "unknown-set",
  "hierarchy-conflict",
  "custom-set-hierarchy-conflict",
];
