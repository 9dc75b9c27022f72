/**
 * The plan-time validator: every Cloudflare rule for account custom nameservers,
 * checked over a whole configuration at once, with every problem returned as
 * data in the house message grammar (what, which names, why, how to fix).
 *
 * zod is the one source of the configuration's shape. Zones are the only part
 * that can be huge, so each zone first meets a hand-written check that accepts
 * exactly what the zod schema accepts (a test holds the two together) and
 * falls back to zod, which then explains what is wrong.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { z } from "zod";
import {
  ACNS_ISSUE_CODES,
  ACNS_WARNING_CODES,
  AcnsConfig,
  AcnsCustomSet,
  AcnsLiveZone,
  AcnsSet,
  AcnsZone,
  type AcnsIssue,
  type AcnsIssueCode,
  type AcnsIssuePath,
  type AcnsIssueSubjects,
  type AcnsWarning,
  type AcnsWarningCode,
} from "./config";
import type { CustomNameserverSetEntry } from "./custom-nameserver-sets";
import {
  ALL_SETS_MASK,
  addZoneSet,
  countZoneEntries,
  createZoneSetTable,
  findHierarchyConflicts,
  findZoneEntry,
  listHierarchyConflicts,
  listSetsInMask,
  maskOfSet,
  type ZoneSetTable,
} from "./hierarchy";
import { checkRestoreTarget, type ZoneRestoreTarget } from "./cloudflare";
import { Limits } from "./limits";
import { addString, createStringTable, type StringTable } from "./string-table";
import { checkHostname, checkZoneName, countLabelsBetween, isNormalZoneName, normaliseName } from "./names";
import { SkippedReasons, type AcnsSkippedCheck, type AcnsValidationOptions } from "./unknown-values";

export type { AcnsSkippedCheck, AcnsValidationOptions } from "./unknown-values";

/**
 * The validator's verdict: the normalised configuration, or every issue found; either way every
 * warning found (rules Cloudflare does not document, see {@link ACNS_WARNING_CODES}). Warnings
 * never make a configuration invalid: `ok` is true when there is no issue, whatever the warnings.
 */
export type AcnsValidationResult =
  | {
      ok: true;
      /** The input with names normalised and defaults filled in, in the input's shape (one account or an array). */
      value: AcnsConfig | AcnsConfig[];
      /** The same accounts, always as an array. */
      accounts: AcnsConfig[];
      /** Sorted like issues; empty when there are none. */
      warnings: AcnsWarning[];
    }
  | { ok: false; issues: AcnsIssue[]; warnings: AcnsWarning[] };

/**
 * The verdict on a configuration some of whose values may be unknown (see
 * {@link AcnsValidationOptions.isUnknown}): `skipped` lists each unknown value with the checks
 * that wait for it. `ok` means no check that could run found an issue; `complete` that every check
 * ran, and only then is the normalised configuration there.
 */
export type AcnsPartialValidationResult =
  | {
      ok: true;
      complete: true;
      value: AcnsConfig | AcnsConfig[];
      accounts: AcnsConfig[];
      warnings: AcnsWarning[];
      /** Always empty here. */
      skipped: AcnsSkippedCheck[];
    }
  | { ok: true; complete: false; warnings: AcnsWarning[]; skipped: AcnsSkippedCheck[] }
  | { ok: false; issues: AcnsIssue[]; warnings: AcnsWarning[]; skipped: AcnsSkippedCheck[] };

/**
 * Checks one account's configuration, or an array of them, against Cloudflare's
 * rules for account custom nameservers: the shape, name syntax, set numbers and
 * sizes, nameserver uniqueness, zone uniqueness and ids, the hierarchy rule
 * (no two zones on one ancestor/descendant chain share a set, live zones
 * included), and the `custom.account` default. Never throws.
 *
 * Custom Nameserver Sets (`customSets`) are checked for their documented rules (keys, hostnames,
 * each name once, one `ipCount` in an advanced set); the rules Cloudflare does not document (2-5
 * names, names shared with other sets, the hierarchy rule per set) come back as `warnings`.
 *
 * Issues and warnings come sorted by path (in the input's order), then by code. With `options.isUnknown`,
 * values not known yet are accepted and only the checks they block are skipped; the result then
 * also says which (`skipped`, sorted by path).
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
export function validateAcnsConfig(config: unknown): AcnsValidationResult;
export function validateAcnsConfig(
  config: unknown,
  options: AcnsValidationOptions,
): AcnsPartialValidationResult;
export function validateAcnsConfig(
  config: unknown,
  options?: AcnsValidationOptions,
): AcnsValidationResult | AcnsPartialValidationResult {
  const run = runValidation(config, options?.isUnknown);
  const warnings = sortIssues(run.warnings);
  if (options === undefined) {
    if (run.value === undefined) return { ok: false, issues: run.issues, warnings };
    return { ok: true, value: run.value, accounts: run.accounts, warnings };
  }
  const skipped = run.skipped.sort((a, b) => comparePaths(a.path, b.path));
  if (run.issues.length > 0) return { ok: false, issues: run.issues, warnings, skipped };
  if (run.value === undefined || skipped.length > 0) return { ok: true, complete: false, warnings, skipped };
  return { ok: true, complete: true, value: run.value, accounts: run.accounts, warnings, skipped };
}

interface ValidationRun {
  issues: AcnsIssue[];
  warnings: AcnsWarning[];
  /** Set when there is no issue and nothing was unknown. */
  value: AcnsConfig | AcnsConfig[] | undefined;
  accounts: AcnsConfig[];
  skipped: AcnsSkippedCheck[];
}

function runValidation(config: unknown, isUnknown: IsUnknown | undefined): ValidationRun {
  const issues: AcnsIssue[] = [];
  const warnings: AcnsWarning[] = [];
  const accounts: AcnsConfig[] = [];
  const skipped: AcnsSkippedCheck[] = [];
  const context: RunContext = { isUnknown, skipped, warnings };
  if (isUnknown?.(config) === true) {
    skipped.push({ path: [], codes: [...ALL_CODES], reason: SkippedReasons.root });
    return { issues, warnings, value: undefined, accounts, skipped };
  }
  if (Array.isArray(config)) {
    const firstByAccountId = new Map<string, number>();
    for (let i = 0; i < config.length; i++) {
      const raw: unknown = config[i];
      if (isUnknown?.(raw) === true) {
        skipped.push({ path: [i], codes: [...ALL_CODES], reason: SkippedReasons.account(i) });
        continue;
      }
      const account = checkAccount(raw, [i], issues, context);
      if (account !== undefined) accounts.push(account);
      const accountId = readField(raw, "accountId");
      // An unknown id is listed by checkAccount; an earlier unknown id may equal this one, which
      // changes only whom the message names: this entry is a duplicate either way.
      if (typeof accountId !== "string" || !CLOUDFLARE_ID.test(accountId) || isUnknown?.(accountId) === true)
        continue;
      const first = firstByAccountId.get(accountId);
      if (first === undefined) {
        firstByAccountId.set(accountId, i);
        continue;
      }
      report(
        issues,
        "duplicate-account",
        [i, "accountId"],
        `accountId "${accountId}" is given to more than one account entry ([${first}] and [${i}]); ` +
          "the rules apply to a whole account, so merge their sets and zones into one entry",
      );
    }
    if (issues.length > 0 || skipped.length > 0)
      return { issues: sortIssues(issues), warnings, value: undefined, accounts, skipped };
    return { issues, warnings, value: accounts, accounts, skipped };
  }
  const account = checkAccount(config, [], issues, context);
  if (issues.length > 0 || account === undefined || skipped.length > 0)
    return { issues: sortIssues(issues), warnings, value: undefined, accounts, skipped };
  return { issues, warnings, value: account, accounts: [account], skipped };
}

/** Every code an unknown root or account entry holds back. */
const ALL_CODES: readonly (AcnsIssueCode | AcnsWarningCode)[] = [...ACNS_ISSUE_CODES, ...ACNS_WARNING_CODES];

/**
 * Renders issues as one line each for a terminal, e.g.
 * `error[hierarchy-conflict] zones[2].nsSet: zone "a.example.com" and its parent ...`.
 */
export function formatIssues(issues: readonly AcnsIssue[]): string[] {
  return issues.map((issue) => `error[${issue.code}] ${formatIssuePath(issue.path)}: ${issue.message}`);
}

/**
 * Renders warnings as {@link formatIssues} renders issues, with `warning[code]`, e.g.
 * `warning[custom-set-too-small] customSets[0].nameservers: custom set "edge" has 1 nameserver ...`.
 */
export function formatWarnings(warnings: readonly AcnsWarning[]): string[] {
  return warnings.map(
    (warning) => `warning[${warning.code}] ${formatIssuePath(warning.path)}: ${warning.message}`,
  );
}

/** Renders a path as `zones[2].nsSet`, `[1].sets[0]`, or `(root)` for the input itself. */
export function formatIssuePath(path: AcnsIssuePath): string {
  if (path.length === 0) return "(root)";
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}

/**
 * What the per-zone loop calls, bound once. Bundlers that keep ES module live
 * bindings (esbuild, which `tsx` runs) compile every use of an import into a
 * getter call; on a million zones those calls cost about a fifth of the run.
 */
const hot = {
  isNormalZoneName,
  normaliseName,
  checkZoneName,
  addZoneSet,
  countZoneEntries,
  addString,
  maskOfSet,
  MIN_NS_SET: Limits.MIN_NS_SET,
  MAX_NS_SET: Limits.MAX_NS_SET,
  DEFAULT_NS_SET: Limits.DEFAULT_NS_SET,
} as const;

/** The same test as `CloudflareId`; the fast path uses it directly (the schema test keeps them equal). */
const CLOUDFLARE_ID = /^[0-9a-f]{32}$/;

/**
 * A list whose elements are checked one by one below. Unlike `z.array`, it does
 * not copy a million-element list; its only issue is the "custom" one for a
 * value that is not a list, which the issue conversion reads as such.
 */
const UncheckedList = z.custom<unknown[]>((value) => Array.isArray(value));

/** The account object without its element schemas. */
const AcnsAccountHead = AcnsConfig.extend({
  sets: UncheckedList,
  customSets: UncheckedList.optional(),
  zones: UncheckedList,
  liveZones: UncheckedList.optional(),
});

type Path = AcnsIssuePath;

function report(
  issues: AcnsIssue[],
  code: AcnsIssueCode,
  path: Path,
  message: string,
  subjects: Partial<AcnsIssueSubjects> = {},
): void {
  issues.push({ code, path, message, subjects: fillSubjects(subjects) });
}

function warn(
  state: { warnings: AcnsWarning[] },
  code: AcnsWarningCode,
  path: Path,
  message: string,
  subjects: Partial<AcnsIssueSubjects> = {},
): void {
  state.warnings.push({ code, path, message, subjects: fillSubjects(subjects) });
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readField(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

type IsUnknown = (value: unknown) => boolean;

/** What every account of one run shares. */
interface RunContext {
  isUnknown: IsUnknown | undefined;
  skipped: AcnsSkippedCheck[];
  warnings: AcnsWarning[];
}

/** Everything the per-account checks share. */
interface AccountState {
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
  isUnknown: IsUnknown | undefined;
  skipped: AcnsSkippedCheck[];
  warnings: AcnsWarning[];
}

/** True when the caller's `isUnknown` says `value` is not known yet. */
function isUnknownIn(state: { isUnknown: IsUnknown | undefined }, value: unknown): boolean {
  return state.isUnknown !== undefined && state.isUnknown(value);
}

function skip(
  state: AccountState,
  path: Path,
  codes: (AcnsIssueCode | AcnsWarningCode)[],
  reason: string,
): void {
  state.skipped.push({ path, codes, reason });
}

/** Sets zones may use: certainly or possibly. Messages suggest these, so the hints do not wait for unknowns. */
function readHintMask(state: AccountState): number {
  return state.usableMask | state.maybeMask;
}

/** zod issues other than those at (or under) an unknown value, which stands in for any type. */
function dropUnknownIssues(
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

type Code = AcnsIssueCode | AcnsWarningCode;

const SET_CODES: Code[] = [
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
const NAME_CODES: Code[] = [
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
const ZONE_CODES: Code[] = [
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
const ZONE_NAME_CODES: Code[] = [
  "invalid-shape",
  "invalid-zone-name",
  "duplicate-zone",
  "duplicate-zone-id",
  "zone-id-mismatch",
  "hierarchy-conflict",
  "unknown-set",
  "custom-set-hierarchy-conflict",
];
const ZONE_ID_CODES: Code[] = ["invalid-shape", "invalid-id", "duplicate-zone-id", "zone-id-mismatch"];
const ZONE_SET_CODES: Code[] = [
  "invalid-shape",
  "ns-set-out-of-range",
  "unknown-set",
  "hierarchy-conflict",
  "ns-set-and-custom-set",
];
const ZONE_CUSTOM_SET_CODES: Code[] = [
  "invalid-shape",
  "ns-set-and-custom-set",
  "unknown-custom-set",
  "unknown-set",
  "hierarchy-conflict",
  "custom-set-hierarchy-conflict",
];

function checkAccount(
  raw: unknown,
  prefix: Path,
  issues: AcnsIssue[],
  context: RunContext,
): AcnsConfig | undefined {
  const where = prefix.length === 0 ? "the configuration" : `account entry [${String(prefix[0])}]`;
  if (!isObject(raw)) {
    report(
      issues,
      "invalid-shape",
      prefix,
      `${where} must be an object with accountId, sets and zones, got ${describeValue(raw)}; ` +
        "write it as { accountId, sets: [...], zones: [...] }" +
        (prefix.length === 0 ? ", or an array of such objects" : ""),
    );
    return undefined;
  }
  const issueCount = issues.length;
  const state: AccountState = {
    prefix,
    issues,
    usableMask: 0,
    maybeMask: 0,
    declaredSizes: new Map(),
    numberedNames: new Map(),
    customKeys: new Map(),
    customKeysOpen: false,
    isUnknown: context.isUnknown,
    skipped: context.skipped,
    warnings: context.warnings,
  };
  const accountIdRaw = raw.accountId;
  const accountIdUnknown = isUnknownIn(state, accountIdRaw);
  if (accountIdUnknown) {
    const inArray = prefix.length > 0;
    skip(
      state,
      [...prefix, "accountId"],
      inArray ? ["invalid-shape", "invalid-id", "duplicate-account"] : ["invalid-shape", "invalid-id"],
      SkippedReasons.accountId(inArray),
    );
  }
  const subject =
    !accountIdUnknown && typeof accountIdRaw === "string" && CLOUDFLARE_ID.test(accountIdRaw)
      ? `account "${accountIdRaw}"`
      : where;
  const head = AcnsAccountHead.safeParse(raw);
  const headIssues = head.success ? [] : dropUnknownIssues(head.error.issues, raw, state.isUnknown);
  if (headIssues.length > 0) {
    reportShapeIssues(issues, headIssues, raw, prefix, {
      subject,
      fields: Object.keys(AcnsConfig.shape),
      subjects: {},
      hints: ACCOUNT_HINTS,
    });
  }
  let sets: AcnsSet[] | undefined;
  if (isUnknownIn(state, raw.sets)) {
    skip(state, [...prefix, "sets"], [...SET_CODES, "too-many-sets"], SkippedReasons.sets);
    state.maybeMask = ALL_SETS_MASK;
  } else if (Array.isArray(raw.sets)) {
    sets = checkSets(raw.sets, state);
  }
  // Read on its own, so a wrong accountId does not hide what the default needs.
  let defaultNameservers: AcnsConfig["defaultNameservers"];
  if (isUnknownIn(state, raw.defaultNameservers)) {
    skip(
      state,
      [...prefix, "defaultNameservers"],
      ["invalid-shape", "default-needs-set"],
      SkippedReasons.defaultNameservers,
    );
  } else {
    const defaultParse = AcnsConfig.shape.defaultNameservers.safeParse(raw.defaultNameservers);
    defaultNameservers = defaultParse.success ? defaultParse.data : undefined;
    if (defaultNameservers === "custom.account") checkDefaultSet(state);
  }
  // Before the zones, which name custom sets by key.
  let customSets: AcnsCustomSet[] | undefined;
  if (isUnknownIn(state, raw.customSets)) {
    skip(state, [...prefix, "customSets"], CUSTOM_SET_CODES, SkippedReasons.customSets);
    state.customKeysOpen = true;
  } else if (Array.isArray(raw.customSets)) {
    customSets = checkCustomSets(raw.customSets, state);
  }
  let zones: ZoneResults | undefined;
  if (isUnknownIn(state, raw.zones)) {
    skip(state, [...prefix, "zones"], ZONE_CODES, SkippedReasons.zones);
    // The live zones are still checked, as far as they can be without the declared ones.
    checkZones([], raw.liveZones, state, true);
  } else if (Array.isArray(raw.zones)) {
    zones = checkZones(raw.zones, raw.liveZones, state, false);
  }
  if (!head.success || sets === undefined || zones === undefined || issues.length > issueCount)
    return undefined;
  // Key order as in the schema, so a normalised config serialises like a parsed one.
  return {
    accountId: head.data.accountId,
    ...(defaultNameservers === undefined ? {} : { defaultNameservers }),
    sets,
    ...(customSets === undefined ? {} : { customSets }),
    zones: zones.zones,
    ...(zones.liveZones === undefined ? {} : { liveZones: zones.liveZones }),
  };
}

// ---------------------------------------------------------------------------
// Sets

/** What a zone could find of a set number: bit 1, the set is usable; bit 2, it is not. Both: not known yet. */
const USABLE = 1;
const UNUSABLE = 2;
const MAYBE_USABLE = USABLE | UNUSABLE;

/** A set entry as read: `nsSet` or `names` undefined when that value is unknown. */
type SetEntry =
  | { kind: "unknown" }
  | { kind: "invalid"; zodIssues: z.core.$ZodIssue[] }
  | { kind: "set"; nsSet: number | undefined; names: readonly unknown[] | undefined };

function readSetEntry(raw: unknown, state: AccountState): SetEntry {
  if (isUnknownIn(state, raw)) return { kind: "unknown" };
  const result = AcnsSet.safeParse(raw);
  if (!result.success) {
    const zodIssues = dropUnknownIssues(result.error.issues, raw, state.isUnknown);
    if (zodIssues.length > 0) return { kind: "invalid", zodIssues };
  }
  // The shape holds (what is known of it), so the fields are what the schema says or unknown.
  const nsSet = readField(raw, "nsSet");
  const names = readField(raw, "nameservers");
  return {
    kind: "set",
    nsSet: isUnknownIn(state, nsSet) ? undefined : (nsSet as number),
    names: isUnknownIn(state, names) ? undefined : (names as unknown[]),
  };
}

const SET_NUMBER_CODES: Code[] = [
  "invalid-shape",
  "ns-set-out-of-range",
  "duplicate-set",
  "nameserver-in-multiple-sets",
  "unknown-set",
  "default-needs-set",
];

/** Lists the unknown values of a set entry whose known values have the wrong shape. */
function listUnknownSetFields(raw: unknown, path: Path, label: string, state: AccountState): void {
  const index = path[path.length - 1] as number;
  if (isUnknownIn(state, readField(raw, "nsSet")))
    skip(state, [...path, "nsSet"], SET_NUMBER_CODES, SkippedReasons.setNumber(index));
  const names = readField(raw, "nameservers");
  if (isUnknownIn(state, names)) {
    skip(state, [...path, "nameservers"], NAME_CODES, SkippedReasons.setNames(label));
  } else if (Array.isArray(names)) {
    names.forEach((name: unknown, j) => {
      if (isUnknownIn(state, name))
        skip(state, [...path, "nameservers", j], NAME_CODES, SkippedReasons.setName(label));
    });
  }
}

function checkSets(rawSets: readonly unknown[], state: AccountState): AcnsSet[] {
  const { prefix, issues } = state;
  const entries = rawSets.map((raw) => readSetEntry(raw, state));
  const declaredNumbers = new Set<number>();
  for (const entry of entries)
    if (entry.kind === "set" && entry.nsSet !== undefined) declaredNumbers.add(entry.nsSet);
  const freeNumbers = listSetsInMask(
    ALL_SETS_MASK & ~[...declaredNumbers].reduce((mask, s) => mask | maskOfSet(s), 0),
  );
  const firstEntryOfSet = new Map<number, number>();
  /** The set that first lists each name; undefined when that set's number is unknown. */
  const setOfNameserver = new Map<string, number | undefined>();
  /** Numbers of the entries so far that may hold any name (some names unknown); undefined: number unknown too. */
  const openSets: (number | undefined)[] = [];
  /** What zones could find of each set number: the first entry of a number decides it. */
  const possible = new Map<number, number>();
  const settled = new Set<number>();
  const addPossible = (nsSet: number | undefined, status: number): void => {
    for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) {
      if (settled.has(s) || (nsSet !== undefined && nsSet !== s)) continue;
      possible.set(s, (possible.get(s) ?? 0) | status);
      if (nsSet !== undefined) settled.add(s);
    }
  };
  const sets: AcnsSet[] = [];
  entries.forEach((entry, i) => {
    const path = [...prefix, "sets", i];
    if (entry.kind === "unknown") {
      skip(state, path, SET_CODES, SkippedReasons.set(i));
      addPossible(undefined, MAYBE_USABLE);
      openSets.push(undefined);
      return;
    }
    if (entry.kind === "invalid") {
      const raw = readField(rawSets[i], "nsSet");
      const rawNumber = typeof raw === "number" && !isUnknownIn(state, raw) ? raw : undefined;
      listUnknownSetFields(
        rawSets[i],
        path,
        rawNumber === undefined ? `sets[${i}]` : `set ${rawNumber}`,
        state,
      );
      reportShapeIssues(issues, entry.zodIssues, rawSets[i], path, {
        subject: rawNumber !== undefined ? `set ${rawNumber}` : `sets[${i}]`,
        fields: Object.keys(AcnsSet.shape),
        subjects: rawNumber !== undefined ? { sets: [rawNumber] } : {},
        hints: SET_HINTS,
        describeNsSet: (value) =>
          `set ${value} (sets[${i}]) ${describeSetNumberProblem(value)}; an account numbers its sets ` +
          `${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}; ` +
          (freeNumbers.length > 0
            ? `renumber it to ${formatSetList(freeNumbers, "or")}`
            : "merge its nameservers into a declared set"),
      });
      return;
    }
    const { nsSet } = entry;
    const label = nsSet === undefined ? "the set whose number is not known yet" : `set ${nsSet}`;
    const setSubjects = nsSet === undefined ? [] : [nsSet];
    let firstEntry: number | undefined;
    if (nsSet === undefined) {
      skip(state, [...path, "nsSet"], SET_NUMBER_CODES, SkippedReasons.setNumber(i));
    } else {
      firstEntry = firstEntryOfSet.get(nsSet);
      if (firstEntry !== undefined) {
        report(
          issues,
          "duplicate-set",
          [...path, "nsSet"],
          `set ${nsSet} is declared twice (sets[${firstEntry}] and sets[${i}]); merge their nameservers into one entry`,
          { sets: [nsSet] },
        );
      } else {
        firstEntryOfSet.set(nsSet, i);
      }
    }
    if (entry.names === undefined) {
      skip(state, [...path, "nameservers"], NAME_CODES, SkippedReasons.setNames(label));
      addPossible(nsSet, MAYBE_USABLE);
      openSets.push(nsSet);
      return;
    }
    // A name of another set may be reported here only if no set before could have listed it first
    // with this set's number (the rule reports a name against the first set that lists it).
    const claimIsCertain =
      nsSet !== undefined && !openSets.some((other) => other === undefined || other === nsSet);
    const firstIndexOfName = new Map<string, number>();
    let unknownNames = 0;
    const nameservers: string[] = [];
    entry.names.forEach((rawItem, j) => {
      const namePath = [...path, "nameservers", j];
      if (isUnknownIn(state, rawItem)) {
        unknownNames++;
        skip(state, namePath, NAME_CODES, SkippedReasons.setName(label));
        return;
      }
      const rawName = rawItem as string;
      const name = normaliseName(rawName);
      nameservers.push(name);
      const problem = checkHostname(name);
      if (problem !== undefined) {
        report(
          issues,
          "invalid-hostname",
          namePath,
          `nameserver ${JSON.stringify(rawName)} in ${label} is not a valid hostname: ${problem.why}; ${problem.fix}`,
          { sets: setSubjects, nameservers: [name] },
        );
      }
      const firstIndex = firstIndexOfName.get(name);
      if (firstIndex !== undefined) {
        report(
          issues,
          "duplicate-nameserver",
          namePath,
          `nameserver "${name}" is listed twice in ${label} (nameservers[${firstIndex}] and nameservers[${j}]); ` +
            "list each name once",
          { sets: setSubjects, nameservers: [name] },
        );
        return;
      }
      firstIndexOfName.set(name, j);
      if (!state.numberedNames.has(name)) state.numberedNames.set(name, { label, nsSet });
      if (!setOfNameserver.has(name)) {
        setOfNameserver.set(name, nsSet);
        return;
      }
      const otherSet = setOfNameserver.get(name);
      // An unknown name before this one in the set may be this name, which then is a repeat here.
      if (!claimIsCertain || unknownNames > 0 || otherSet === undefined || nsSet === undefined) return;
      if (otherSet !== nsSet) {
        const both = [Math.min(otherSet, nsSet), Math.max(otherSet, nsSet)];
        report(
          issues,
          "nameserver-in-multiple-sets",
          namePath,
          `nameserver "${name}" is in set ${both[0]} and set ${both[1]}; a name can belong to one set only; ` +
            "remove it from one of them",
          { sets: both, nameservers: [name] },
        );
      }
    });
    if (unknownNames > 0) openSets.push(nsSet);
    const distinct = firstIndexOfName.size;
    const distinctNames = [...firstIndexOfName.keys()];
    // With names unknown, the distinct count lies between `distinct` (each unknown repeats a known
    // name; at least 1 when all are unknown) and `distinct + unknownNames`.
    const most = distinct + unknownNames;
    let status: number;
    if (most < Limits.MIN_NAMES_PER_SET) {
      const has =
        most === 0
          ? "no nameservers"
          : unknownNames === 0
            ? `1 nameserver ("${distinctNames[0] ?? ""}")`
            : "1 nameserver (not known until apply)";
      const missing = Limits.MIN_NAMES_PER_SET - most;
      report(
        issues,
        "set-too-small",
        [...path, "nameservers"],
        `${label} has ${has}; a set needs ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} distinct ` +
          `names before zones can use it; add at least ${missing}${most === 0 ? "" : " more"}`,
        { sets: setSubjects, nameservers: distinctNames },
      );
      status = UNUSABLE;
    } else if (distinct > Limits.MAX_NAMES_PER_SET) {
      const has =
        unknownNames === 0
          ? `${distinct} nameservers`
          : `at least ${distinct} nameservers (and ${unknownNames} not known until apply)`;
      report(
        issues,
        "set-too-large",
        [...path, "nameservers"],
        `${label} has ${has}; a set holds at most ${Limits.MAX_NAMES_PER_SET}; ` +
          `remove ${unknownNames === 0 ? "" : "at least "}${distinct - Limits.MAX_NAMES_PER_SET}`,
        { sets: setSubjects, nameservers: distinctNames },
      );
      status = USABLE;
    } else {
      status = distinct >= Limits.MIN_NAMES_PER_SET ? USABLE : unknownNames > 0 ? MAYBE_USABLE : UNUSABLE;
    }
    // The size is exact only when all names are known, or when the set is too small whatever they are.
    if (nsSet !== undefined && firstEntry === undefined && (unknownNames === 0 || status === UNUSABLE))
      state.declaredSizes.set(nsSet, most);
    addPossible(nsSet, status);
    if (nsSet !== undefined) sets.push({ nsSet, nameservers });
  });
  if (rawSets.length > Limits.MAX_SETS) {
    const extra = rawSets.length - Limits.MAX_SETS;
    report(
      issues,
      "too-many-sets",
      [...prefix, "sets"],
      `${rawSets.length} sets are declared; an account may have at most ${Limits.MAX_SETS} ` +
        `(numbered ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}); remove or merge ${extra}`,
      { sets: [...declaredNumbers].sort((a, b) => a - b) },
    );
  }
  for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) {
    const status = (possible.get(s) ?? 0) | (settled.has(s) ? 0 : UNUSABLE);
    if (status === USABLE) state.usableMask |= maskOfSet(s);
    else if (status === MAYBE_USABLE) state.maybeMask |= maskOfSet(s);
  }
  return sets;
}

function describeSetNumberProblem(value: number): string {
  return Number.isInteger(value)
    ? `is outside ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`
    : `is not a whole number from ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`;
}

/** Why set `nsSet` cannot take zones, e.g. `which is not declared`. */
function describeUnusableSet(nsSet: number, state: AccountState): string {
  const size = state.declaredSizes.get(nsSet);
  if (size === undefined) return "which is not declared";
  return size === 0 ? "which has no nameservers" : `which has only ${size} nameserver`;
}

function checkDefaultSet(state: AccountState): void {
  const nsSet = Limits.DEFAULT_NS_SET;
  // Possibly usable: the unknown value that makes it so is listed, and this check waits with it.
  if ((readHintMask(state) & maskOfSet(nsSet)) !== 0) return;
  const size = state.declaredSizes.get(nsSet);
  const problem =
    size === undefined
      ? "is not declared"
      : size === 0
        ? "has no nameservers"
        : `has only ${size} nameserver`;
  report(
    state.issues,
    "default-needs-set",
    [...state.prefix, "defaultNameservers"],
    `defaultNameservers is "custom.account", but set ${nsSet} ${problem}; new zones try set ${nsSet} first; ` +
      (size === undefined ? `declare set ${nsSet} with ` : `give set ${nsSet} `) +
      `${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} nameservers, or choose another default`,
    { sets: [nsSet] },
  );
}

// ---------------------------------------------------------------------------
// Custom Nameserver Sets

const CUSTOM_SET_CODES: Code[] = [
  "invalid-shape",
  "unknown-field",
  "invalid-hostname",
  "duplicate-nameserver",
  "duplicate-custom-set",
  "advanced-ip-count-mismatch",
  "unknown-custom-set",
  "custom-set-too-small",
  "custom-set-too-large",
  "nameserver-in-custom-and-numbered-set",
  "nameserver-in-multiple-custom-sets",
];
const CUSTOM_SET_KEY_CODES: Code[] = ["invalid-shape", "duplicate-custom-set", "unknown-custom-set"];
const CUSTOM_SET_NAME_CODES: Code[] = [
  "invalid-shape",
  "invalid-hostname",
  "duplicate-nameserver",
  "advanced-ip-count-mismatch",
  "custom-set-too-small",
  "custom-set-too-large",
  "nameserver-in-custom-and-numbered-set",
  "nameserver-in-multiple-custom-sets",
];

const CUSTOM_SET_HINTS: Readonly<Record<string, string>> = {
  key: 'the set\'s key, 1-63 lowercase letters, digits, - or _, e.g. "edge"',
  nameservers:
    'a list of hostnames, each a string or {name, ipCount}, e.g. ["ns1.example.com", "ns2.example.com"]',
  "": 'a hostname such as "ns1.example.com", or {name: "ns1.example.com", ipCount: 2}',
  name: 'a hostname such as "ns1.example.com"',
  ipCount: "a whole number of addresses per family, or leave ipCount out",
  advanced: "true or false, or leave advanced out",
  ipSet: "the address pool, a whole number from 1, or leave ipSet out",
};

/** How messages name a custom set: by its key when known, else by its place. */
function describeCustomSet(raw: unknown, index: number, state: AccountState): string {
  const key = readField(raw, "key");
  return typeof key === "string" && !isUnknownIn(state, key)
    ? `custom set ${JSON.stringify(key)}`
    : `customSets[${index}]`;
}

/** Lists the unknown values of a custom set entry whose known values have the wrong shape. */
function listUnknownCustomSetFields(raw: unknown, path: Path, label: string, state: AccountState): void {
  const names = readField(raw, "nameservers");
  if (isUnknownIn(state, names)) {
    skip(state, [...path, "nameservers"], CUSTOM_SET_NAME_CODES, SkippedReasons.customSetNames(label));
  } else if (Array.isArray(names)) {
    names.forEach((item: unknown, j) => {
      if (isUnknownIn(state, item) || isUnknownIn(state, readField(item, "name")))
        skip(state, [...path, "nameservers", j], CUSTOM_SET_NAME_CODES, SkippedReasons.customSetName(label));
      else if (isUnknownIn(state, readField(item, "ipCount")))
        skip(
          state,
          [...path, "nameservers", j, "ipCount"],
          ["invalid-shape", "advanced-ip-count-mismatch"],
          SkippedReasons.customSetIpCount(label),
        );
    });
  }
  if (isUnknownIn(state, readField(raw, "advanced")))
    skip(
      state,
      [...path, "advanced"],
      ["invalid-shape", "advanced-ip-count-mismatch"],
      SkippedReasons.customSetAdvanced(label),
    );
  if (isUnknownIn(state, readField(raw, "ipSet")))
    skip(state, [...path, "ipSet"], ["invalid-shape"], SkippedReasons.customSetIpSet(label));
}

/**
 * Checks `customSets`: the documented rules are issues (a key once, hostnames, each name once, one
 * `ipCount` in an advanced set), the chosen ones warnings (2-5 names, names shared with numbered
 * sets or other custom sets). Records the keys zones may name. Returns the sets normalised.
 */
function checkCustomSets(rawSets: readonly unknown[], state: AccountState): AcnsCustomSet[] {
  const { prefix, issues } = state;
  const sets: AcnsCustomSet[] = [];
  /** Each known name of a custom set, with the first set that lists it. */
  const customSetOfName = new Map<string, string>();
  /**
   * Entries so far with an unknown key or names: one may be the first to list a name, with the key
   * of the set that lists it again (no warning then).
   */
  let openEntries = 0;
  rawSets.forEach((raw, i) => {
    const path = [...prefix, "customSets", i];
    if (isUnknownIn(state, raw)) {
      skip(state, path, CUSTOM_SET_CODES, SkippedReasons.customSet(i));
      state.customKeysOpen = true;
      openEntries++;
      return;
    }
    // The key first, whatever else is wrong, so zones naming it are not reported as well.
    const rawKey = readField(raw, "key");
    let key: string | undefined;
    if (isUnknownIn(state, rawKey)) {
      skip(state, [...path, "key"], CUSTOM_SET_KEY_CODES, SkippedReasons.customSetKey(i));
      state.customKeysOpen = true;
    } else if (typeof rawKey === "string") {
      key = rawKey;
      const first = state.customKeys.get(key);
      if (first === undefined) {
        state.customKeys.set(key, i);
      } else {
        report(
          issues,
          "duplicate-custom-set",
          [...path, "key"],
          `custom set ${JSON.stringify(key)} is declared twice (customSets[${first}] and customSets[${i}]); ` +
            "zones name a custom set by its key; give each set its own key, or merge them into one entry",
          { customSets: [key] },
        );
      }
    }
    const entryIsOpen = key === undefined;
    const label = describeCustomSet(raw, i, state);
    const keySubjects = key === undefined ? [] : [key];
    const parsed = AcnsCustomSet.safeParse(raw);
    if (!parsed.success) {
      const zodIssues = dropUnknownIssues(parsed.error.issues, raw, state.isUnknown);
      if (zodIssues.length > 0) {
        listUnknownCustomSetFields(raw, path, label, state);
        reportShapeIssues(issues, zodIssues, raw, path, {
          subject: label,
          fields: Object.keys(AcnsCustomSet.shape),
          subjects: { customSets: keySubjects },
          hints: CUSTOM_SET_HINTS,
        });
        return;
      }
    }
    // The shape holds (what is known of it).
    const advancedRaw = readField(raw, "advanced");
    const advancedUnknown = isUnknownIn(state, advancedRaw);
    if (advancedUnknown)
      skip(
        state,
        [...path, "advanced"],
        ["invalid-shape", "advanced-ip-count-mismatch"],
        SkippedReasons.customSetAdvanced(label),
      );
    const ipSetRaw = readField(raw, "ipSet");
    if (isUnknownIn(state, ipSetRaw))
      skip(state, [...path, "ipSet"], ["invalid-shape"], SkippedReasons.customSetIpSet(label));
    const rawNames = readField(raw, "nameservers");
    if (isUnknownIn(state, rawNames)) {
      skip(state, [...path, "nameservers"], CUSTOM_SET_NAME_CODES, SkippedReasons.customSetNames(label));
      openEntries++;
      return;
    }
    const names = rawNames as readonly unknown[];
    const firstIndexOfName = new Map<string, number>();
    const nameservers: CustomNameserverSetEntry[] = [];
    /** The known counts, by name: undefined for a name without `ipCount`. */
    const counts: { name: string; ipCount: number | undefined }[] = [];
    let unknownNames = 0;
    names.forEach((item, j) => {
      const itemPath = [...path, "nameservers", j];
      const rawName = typeof item === "string" ? item : readField(item, "name");
      if (isUnknownIn(state, item) || isUnknownIn(state, rawName)) {
        unknownNames++;
        skip(state, itemPath, CUSTOM_SET_NAME_CODES, SkippedReasons.customSetName(label));
        return;
      }
      const ipCountRaw = typeof item === "string" ? undefined : readField(item, "ipCount");
      const ipCountUnknown = isUnknownIn(state, ipCountRaw);
      if (ipCountUnknown)
        skip(
          state,
          [...itemPath, "ipCount"],
          ["invalid-shape", "advanced-ip-count-mismatch"],
          SkippedReasons.customSetIpCount(label),
        );
      const name = normaliseName(rawName as string);
      const ipCount = ipCountUnknown ? undefined : (ipCountRaw as number | undefined);
      nameservers.push(ipCount === undefined ? name : { name, ipCount });
      if (!ipCountUnknown) counts.push({ name, ipCount });
      const namePath = typeof item === "string" ? itemPath : [...itemPath, "name"];
      const problem = checkHostname(name);
      if (problem !== undefined) {
        report(
          issues,
          "invalid-hostname",
          namePath,
          `nameserver ${JSON.stringify(rawName)} in ${label} is not a valid hostname: ${problem.why}; ${problem.fix}`,
          { nameservers: [name], customSets: keySubjects },
        );
      }
      const firstIndex = firstIndexOfName.get(name);
      if (firstIndex !== undefined) {
        report(
          issues,
          "duplicate-nameserver",
          itemPath,
          `nameserver "${name}" is listed twice in ${label} (nameservers[${firstIndex}] and nameservers[${j}]); ` +
            "a name appears once in a Custom Nameserver Set; list each name once",
          { nameservers: [name], customSets: keySubjects },
        );
        return;
      }
      firstIndexOfName.set(name, j);
      // An unknown name before this one may be this name, which then is a repeat here.
      if (unknownNames > 0) return;
      const numbered = state.numberedNames.get(name);
      if (numbered !== undefined) {
        warn(
          state,
          "nameserver-in-custom-and-numbered-set",
          itemPath,
          `nameserver "${name}" is in ${label} and in ${numbered.label}; Cloudflare does not document whether ` +
            "a Custom Nameserver Set may share a name with the numbered sets (the emulator allows it, as a zone " +
            `moving between them needs), so the API may refuse the set; once no zone needs both, remove it from one of them`,
          {
            nameservers: [name],
            sets: numbered.nsSet === undefined ? [] : [numbered.nsSet],
            customSets: keySubjects,
          },
        );
      }
      const otherSet = customSetOfName.get(name);
      if (otherSet === undefined) {
        if (key !== undefined) customSetOfName.set(name, key);
      } else if (key !== undefined && otherSet !== key && openEntries === 0) {
        warn(
          state,
          "nameserver-in-multiple-custom-sets",
          itemPath,
          `nameserver "${name}" is in custom set ${JSON.stringify(otherSet)} and ${label}; Cloudflare does not ` +
            "document whether two Custom Nameserver Sets may share a name (the emulator allows it, as replacing a " +
            "set needs), so the API may refuse the set; once the zones have moved, remove it from one of them",
          { nameservers: [name], customSets: [otherSet, key] },
        );
      }
    });
    if (unknownNames > 0 || entryIsOpen) openEntries++;
    // As for numbered sets: with names unknown, the distinct count lies between `distinct` and `most`.
    const distinct = firstIndexOfName.size;
    const distinctNames = [...firstIndexOfName.keys()];
    const most = distinct + unknownNames;
    if (most < Limits.MIN_NAMES_PER_SET) {
      const has =
        most === 0
          ? "no nameservers"
          : unknownNames === 0
            ? `1 nameserver ("${distinctNames[0] ?? ""}")`
            : "1 nameserver (not known until apply)";
      warn(
        state,
        "custom-set-too-small",
        [...path, "nameservers"],
        `${label} has ${has}; Cloudflare does not document how many names a Custom Nameserver Set holds, and the ` +
          `emulator, like a numbered set, takes ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET}, so the API ` +
          `may refuse it; add at least ${Limits.MIN_NAMES_PER_SET - most}${most === 0 ? "" : " more"}`,
        { nameservers: distinctNames, customSets: keySubjects },
      );
    } else if (distinct > Limits.MAX_NAMES_PER_SET) {
      const has =
        unknownNames === 0
          ? `${distinct} nameservers`
          : `at least ${distinct} nameservers (and ${unknownNames} not known until apply)`;
      warn(
        state,
        "custom-set-too-large",
        [...path, "nameservers"],
        `${label} has ${has}; Cloudflare does not document how many names a Custom Nameserver Set holds, and the ` +
          `emulator, like a numbered set, takes at most ${Limits.MAX_NAMES_PER_SET}, so the API may refuse it; ` +
          `remove ${unknownNames === 0 ? "" : "at least "}${distinct - Limits.MAX_NAMES_PER_SET}`,
        { nameservers: distinctNames, customSets: keySubjects },
      );
    }
    // Documented: all names of an advanced set use one ip_count. A name without a count gets
    // Cloudflare's default, which is not documented, so a mix of given and left out differs too.
    // Certain as soon as the known counts differ, whatever the unknown ones are.
    if (advancedRaw === true && new Set(counts.map((c) => c.ipCount)).size > 1) {
      const shown = counts
        .map((c) => `${c.ipCount === undefined ? "none" : String(c.ipCount)} for "${c.name}"`)
        .join(", ");
      report(
        issues,
        "advanced-ip-count-mismatch",
        [...path, "nameservers"],
        `advanced ${label} gives its names different ipCount values (${shown}); all names of an advanced set ` +
          "use one ipCount; give every name the same ipCount, or leave it out on every name",
        { nameservers: distinctNames, customSets: keySubjects },
      );
    }
    if (key === undefined || advancedUnknown || unknownNames > 0) return;
    const data = parsed.success ? parsed.data : undefined;
    if (data === undefined) return;
    sets.push({
      key,
      nameservers,
      ...(data.advanced === undefined ? {} : { advanced: data.advanced }),
      ...(data.ipSet === undefined ? {} : { ipSet: data.ipSet }),
    });
  });
  return sets;
}

// ---------------------------------------------------------------------------
// Zones

interface ZoneResults {
  zones: AcnsZone[];
  liveZones: AcnsLiveZone[] | undefined;
}

/** A zone occurrence: a declared zone's index `i` as `i`, a live zone's index `j` as `-(j + 1)`. */
type Occurrence = number;

function describeOccurrence(occurrence: Occurrence, prefix: Path, field: string): Path {
  return occurrence >= 0
    ? [...prefix, "zones", occurrence, field]
    : [...prefix, "liveZones", -occurrence - 1, field];
}

/** Which zone first gave each zone id: entries of `ids` index `names`, `occurrences` and `uncertain`. */
interface ZoneIdOwners {
  ids: StringTable;
  names: string[];
  occurrences: Occurrence[];
  /** True when the first known owner may not be the first: its name is unknown, or an earlier id is. */
  uncertain: boolean[];
  /** Zones so far whose id is unknown (any of them may give any id first). */
  unknownIds: number;
}

/** Records `name` as the owner of `zoneId` unless the id has one: returns the earlier owner's entry, or -1. */
function claimZoneId(
  owners: ZoneIdOwners,
  zoneId: string,
  name: string | undefined,
  occurrence: Occurrence,
): number {
  const count = owners.ids.keys.length;
  const entry = hot.addString(owners.ids, zoneId);
  if (entry !== count) return entry;
  owners.names.push(name ?? "");
  owners.occurrences.push(occurrence);
  owners.uncertain.push(name === undefined || owners.unknownIds > 0);
  return -1;
}

/** A zone as read: a field undefined when its value is unknown; `nsSet` null for a live zone not on ACNS. */
interface ZoneFields {
  rawName: string | undefined;
  zoneId: string | undefined;
  zoneIdUnknown: boolean;
  nsSet: number | null | undefined;
  nsSetOmitted: boolean;
  /** A declared zone's `customSet` when known and given. */
  customSet: string | undefined;
  /** True when a declared zone's `customSet` is unknown: the zone may or may not be on a numbered set. */
  customSetUnknown: boolean;
}

function hasUnknownField(raw: unknown, isUnknown: IsUnknown): boolean {
  return (
    isUnknown(raw) ||
    (isObject(raw) &&
      (isUnknown(raw.name) ||
        isUnknown(raw.zoneId) ||
        isUnknown(raw.nsSet) ||
        isUnknown(raw.customSet) ||
        isUnknown(raw.restoreTo) ||
        (isObject(raw.restoreTo) && Object.values(raw.restoreTo).some(isUnknown))))
  );
}

/**
 * Reads a zone or live zone that holds unknown values, lists them, and reports shape issues of
 * the known ones; undefined when the shape is wrong.
 */
function readPartialZone(
  raw: unknown,
  index: number,
  kind: "zone" | "live",
  state: AccountState,
): ZoneFields | undefined {
  const list = kind === "live" ? "liveZones" : "zones";
  const path = [...state.prefix, list, index];
  if (isUnknownIn(state, raw)) {
    skip(
      state,
      path,
      ZONE_CODES,
      kind === "live" ? SkippedReasons.liveZone(index) : SkippedReasons.zone(index),
    );
    return {
      rawName: undefined,
      zoneId: undefined,
      zoneIdUnknown: true,
      nsSet: undefined,
      nsSetOmitted: false,
      customSet: undefined,
      customSetUnknown: kind === "zone",
    };
  }
  const name = readField(raw, "name");
  const zoneId = readField(raw, "zoneId");
  const nsSet = readField(raw, "nsSet");
  const nameUnknown = isUnknownIn(state, name);
  const label =
    nameUnknown || typeof name !== "string"
      ? `${list}[${index}]`
      : `${kind === "live" ? "live zone" : "zone"} ${JSON.stringify(name)}`;
  if (nameUnknown) {
    skip(
      state,
      [...path, "name"],
      ZONE_NAME_CODES,
      kind === "live" ? SkippedReasons.liveZoneName(index) : SkippedReasons.zoneName(index),
    );
  }
  const zoneIdUnknown = isUnknownIn(state, zoneId);
  if (zoneIdUnknown) skip(state, [...path, "zoneId"], ZONE_ID_CODES, SkippedReasons.zoneId(label));
  const nsSetUnknown = isUnknownIn(state, nsSet);
  if (nsSetUnknown) {
    skip(
      state,
      [...path, "nsSet"],
      ZONE_SET_CODES,
      kind === "live" ? SkippedReasons.liveZoneSet(label) : SkippedReasons.zoneSet(label),
    );
  }
  const customSet = kind === "zone" ? readField(raw, "customSet") : undefined;
  const customSetUnknown = isUnknownIn(state, customSet);
  if (customSetUnknown)
    skip(state, [...path, "customSet"], ZONE_CUSTOM_SET_CODES, SkippedReasons.zoneCustomSet(label));
  const result = (kind === "live" ? AcnsLiveZone : AcnsZone).safeParse(raw);
  if (!result.success) {
    const zodIssues = dropUnknownIssues(result.error.issues, raw, state.isUnknown);
    if (zodIssues.length > 0) {
      reportZoneShapeIssues(zodIssues, raw, path, kind, state);
      return undefined;
    }
  }
  return {
    rawName: nameUnknown ? undefined : (name as string),
    zoneId: zoneIdUnknown ? undefined : (zoneId as string | undefined),
    zoneIdUnknown,
    nsSet: nsSetUnknown
      ? undefined
      : nsSet === undefined && kind === "zone"
        ? hot.DEFAULT_NS_SET
        : (nsSet as number | null),
    nsSetOmitted: nsSet === undefined,
    customSet: customSetUnknown ? undefined : (customSet as string | undefined),
    customSetUnknown,
  };
}

/** A zone occurrence whose name or set is unknown (undefined), which may turn out to be another's first. */
interface OpenOccurrence {
  /** The occurrence's place in the order of occurrences: declared zones, then live zones. */
  rank: number;
  name: string | undefined;
  nsSet: number | undefined;
}

/**
 * The hand-written twin of `AcnsZone`: true only for input that `AcnsZone`
 * accepts (unknown keys, wrong types and out-of-range sets all go to zod).
 */
function isPlainZone(
  value: unknown,
): value is { name: string; zoneId?: string; nsSet?: number; customSet?: string } {
  if (!isObject(value)) return false;
  for (const key in value)
    if (key !== "name" && key !== "zoneId" && key !== "nsSet" && key !== "customSet") return false;
  if (typeof value.name !== "string") return false;
  const zoneId = value.zoneId;
  if (zoneId !== undefined && (typeof zoneId !== "string" || !CLOUDFLARE_ID.test(zoneId))) return false;
  const customSet = value.customSet;
  if (customSet !== undefined && typeof customSet !== "string") return false;
  const nsSet = value.nsSet;
  return nsSet === undefined || isSetNumber(nsSet);
}

/** The hand-written twin of `AcnsLiveZone`. */
function isPlainLiveZone(value: unknown): value is { name: string; zoneId?: string; nsSet: number | null } {
  if (!isObject(value)) return false;
  for (const key in value) if (key !== "name" && key !== "zoneId" && key !== "nsSet") return false;
  if (typeof value.name !== "string") return false;
  const zoneId = value.zoneId;
  if (zoneId !== undefined && (typeof zoneId !== "string" || !CLOUDFLARE_ID.test(zoneId))) return false;
  return value.nsSet === null || isSetNumber(value.nsSet);
}

function isSetNumber(value: unknown): value is number {
  return (
    typeof value === "number" && Number.isInteger(value) && value >= hot.MIN_NS_SET && value <= hot.MAX_NS_SET
  );
}

function checkZones(
  rawZones: readonly unknown[],
  rawLiveZonesInput: unknown,
  state: AccountState,
  declaredUnknown: boolean,
): ZoneResults {
  const { prefix, issues } = state;
  const isUnknown = state.isUnknown;
  let rawLiveZones = rawLiveZonesInput;
  if (isUnknownIn(state, rawLiveZones)) {
    skip(state, [...prefix, "liveZones"], ZONE_CODES, SkippedReasons.liveZones);
    rawLiveZones = undefined;
  }
  const liveList = Array.isArray(rawLiveZones) ? rawLiveZones : [];
  const table = createZoneSetTable(rawZones.length + liveList.length);
  /** First occurrence of each table entry. */
  const firstOccurrence = new Int32Array(rawZones.length + liveList.length);
  /** Occurrences that added a set to an entry listed before (only duplicates land here). */
  const laterOccurrence = new Map<number, Occurrence>();
  const zoneIdOwners: ZoneIdOwners = {
    ids: createStringTable(rawZones.length),
    names: [],
    occurrences: [],
    uncertain: [],
    // Without the declared zones, any of them may have given a live zone's id first.
    unknownIds: declaredUnknown ? 1 : 0,
  };
  const zones: AcnsZone[] = new Array<AcnsZone>(rawZones.length);
  const usableMask = state.usableMask;
  const maybeMask = state.maybeMask;
  /** The set of each entry's first occurrence; 0 for a name whose set is unknown. */
  const firstSet = new Uint8Array(firstOccurrence.length);
  /** Occurrences with an unknown name or set, in order. */
  const open: OpenOccurrence[] = [];
  /** The first declared zone whose name is unknown, or -1: it may be any zone, live ones included. */
  let firstUnknownName = declaredUnknown ? 0 : -1;
  /** Declared zones whose id is unknown. */
  const unknownIdAt = new Set<number>();
  /** Declared zones on a custom set (known, with a valid name), for the hierarchy warning. */
  const customZones: CustomSetZone[] = [];
  /** Declared zones that may be on a custom set whose name or key is unknown, in order. */
  const openCustom: { rank: number; name: string | undefined }[] = [];
  /** Adds an occurrence to the hierarchy table and remembers where each of its sets was first given. */
  const recordOccurrence = (name: string, nsSet: number, occurrence: Occurrence): number => {
    const entriesBefore = hot.countZoneEntries(table);
    const entry = hot.addZoneSet(table, name, nsSet);
    if (entry === entriesBefore) {
      firstOccurrence[entry] = occurrence;
      firstSet[entry] = nsSet;
    } else if (firstSet[entry] !== nsSet && !laterOccurrence.has(entry * 8 + nsSet)) {
      // Only a name listed again on another set lands here; that occurrence gives the set's path.
      laterOccurrence.set(entry * 8 + nsSet, occurrence);
    }
    return entry;
  };
  /** Adds a declared name whose set is unknown: it is declared (and may repeat), but on no known set. */
  const recordName = (name: string, occurrence: Occurrence): number => {
    const known = findZoneEntry(table, name);
    if (known !== -1) return known;
    const entry = hot.addZoneSet(table, name, hot.DEFAULT_NS_SET);
    table.masks[entry] = 0;
    firstOccurrence[entry] = occurrence;
    firstSet[entry] = 0;
    return entry;
  };
  /** Sets a zone may use: certainly unusable is an issue; possibly usable waits with the value that makes it so. */
  const zoneSetMask = usableMask | maybeMask;
  const isUnusable = (nsSet: number): boolean => (zoneSetMask & hot.maskOfSet(nsSet)) === 0;

  for (let i = 0; i < rawZones.length; i++) {
    const raw = rawZones[i];
    let rawName: string;
    let zoneId: string | undefined;
    let nsSet: number | undefined;
    let nsSetOmitted: boolean;
    let restoreTo: ZoneRestoreTarget | undefined;
    let zoneIdUnknown = false;
    /** The zone's Custom Nameserver Set, when it names one (known). */
    let customSet: string | undefined;
    /** True when `customSet` is unknown: the zone may be on a numbered set or not. */
    let customSetUnknown = false;
    /** The `nsSet` the zone gives, when known (undefined when omitted or unknown). */
    let givenNsSet: number | undefined;
    if (isUnknown !== undefined && hasUnknownField(raw, isUnknown)) {
      const fields = readPartialZone(raw, i, "zone", state);
      if (fields === undefined) continue;
      zoneIdUnknown = fields.zoneIdUnknown;
      if (zoneIdUnknown) {
        zoneIdOwners.unknownIds++;
        unknownIdAt.add(i);
      }
      nsSet = fields.nsSet ?? undefined;
      nsSetOmitted = fields.nsSetOmitted;
      zoneId = fields.zoneId;
      customSet = fields.customSet;
      customSetUnknown = fields.customSetUnknown;
      givenNsSet = nsSetOmitted ? undefined : nsSet;
      // A zone on a custom set is on no numbered set; one whose custom set is unknown may be.
      if (customSet !== undefined || customSetUnknown) nsSet = undefined;
      if (fields.rawName === undefined) {
        if (firstUnknownName === -1) firstUnknownName = i;
        if (customSet === undefined) open.push({ rank: i, name: undefined, nsSet });
        if (customSet !== undefined || customSetUnknown) openCustom.push({ rank: i, name: undefined });
        if (nsSet !== undefined && isUnusable(nsSet))
          reportUnknownSet(undefined, nsSet, i, nsSetOmitted, state);
        if (customSet !== undefined) checkZoneCustomSet(undefined, i, customSet, givenNsSet, state);
        if (zoneId !== undefined) claimZoneId(zoneIdOwners, zoneId, undefined, i);
        continue;
      }
      rawName = fields.rawName;
    } else if (isPlainZone(raw)) {
      rawName = raw.name;
      zoneId = raw.zoneId;
      customSet = raw.customSet;
      nsSetOmitted = raw.nsSet === undefined;
      givenNsSet = raw.nsSet;
      nsSet = customSet !== undefined ? undefined : (raw.nsSet ?? hot.DEFAULT_NS_SET);
    } else {
      const result = AcnsZone.safeParse(raw);
      if (!result.success) {
        reportZoneShapeIssues(result.error.issues, raw, [...prefix, "zones", i], "zone", state);
        continue;
      }
      ({ name: rawName, zoneId, customSet } = result.data);
      givenNsSet = result.data.nsSet;
      nsSetOmitted = givenNsSet === undefined;
      nsSet = customSet !== undefined ? undefined : (givenNsSet ?? hot.DEFAULT_NS_SET);
      restoreTo = result.data.restoreTo;
    }
    // Most names are already normal and valid, which one scan settles.
    const isNormal = hot.isNormalZoneName(rawName);
    const name = isNormal ? rawName : hot.normaliseName(rawName);
    if (customSet !== undefined) {
      zones[i] = {
        name,
        ...(zoneId === undefined ? {} : { zoneId }),
        customSet,
        ...(restoreTo === undefined ? {} : { restoreTo }),
      };
      checkZoneCustomSet(name, i, customSet, givenNsSet, state);
    } else if (nsSet !== undefined) {
      zones[i] = {
        name,
        ...(zoneId === undefined ? {} : { zoneId }),
        nsSet,
        ...(restoreTo === undefined ? {} : { restoreTo }),
      };
      const restoreProblem = restoreTo === undefined ? undefined : checkRestoreTarget(nsSet, restoreTo);
      if (restoreProblem !== undefined) {
        report(
          issues,
          "invalid-restore-to",
          [...prefix, "zones", i, "restoreTo"],
          `zone "${name}": restoreTo ${JSON.stringify(restoreTo)} cannot be used: ${restoreProblem.why}; ${restoreProblem.fix}`,
          { zones: [name] },
        );
      }
    }

    const problem = isNormal ? undefined : hot.checkZoneName(name);
    if (problem !== undefined) {
      report(
        issues,
        "invalid-zone-name",
        [...prefix, "zones", i, "name"],
        `zone name ${JSON.stringify(rawName)} is not valid: ${problem.why}; ${problem.fix}`,
        { zones: [name] },
      );
    } else {
      const entry = nsSet === undefined ? recordName(name, i) : recordOccurrence(name, nsSet, i);
      // A zone on a custom set is declared (it replaces the live zone of its name) on no numbered set.
      if (nsSet === undefined && customSet === undefined) open.push({ rank: i, name, nsSet: undefined });
      if (customSet !== undefined) customZones.push({ name, key: customSet, index: i });
      if (customSetUnknown) openCustom.push({ rank: i, name });
      if (firstOccurrence[entry] !== i) {
        const first = firstOccurrence[entry] ?? 0;
        report(
          issues,
          "duplicate-zone",
          [...prefix, "zones", i, "name"],
          `zone "${name}" is listed more than once (zones[${first}] and zones[${i}]); list each zone once`,
          { zones: [name] },
        );
      }
    }
    if (nsSet !== undefined && (zoneSetMask & hot.maskOfSet(nsSet)) === 0)
      reportUnknownSet(name, nsSet, i, nsSetOmitted, state);
    if (zoneId !== undefined) {
      const owner = claimZoneId(zoneIdOwners, zoneId, name, i);
      const ownerName = zoneIdOwners.names[owner] ?? name;
      if (owner !== -1 && ownerName !== name && zoneIdOwners.uncertain[owner] !== true) {
        const both = [ownerName, name].sort();
        report(
          issues,
          "duplicate-zone-id",
          [...prefix, "zones", i, "zoneId"],
          `zoneId "${zoneId}" is given to both "${both[0] ?? ""}" and "${both[1] ?? ""}"; every zone has its own id; ` +
            "give each zone its own id, or leave zoneId out",
          { zones: both },
        );
      }
    }
  }

  const declaredEntries = hot.countZoneEntries(table);
  let liveZones: AcnsLiveZone[] | undefined;
  if (rawLiveZones !== undefined && Array.isArray(rawLiveZones)) {
    liveZones = new Array<AcnsLiveZone>(liveList.length);
    const firstLiveIndex = new Map<string, number>();
    for (let j = 0; j < liveList.length; j++) {
      const raw = liveList[j];
      const occurrence: Occurrence = -(j + 1);
      let rawName: string;
      let zoneId: string | undefined;
      /** Undefined: unknown. */
      let nsSet: number | null | undefined;
      if (isUnknown !== undefined && hasUnknownField(raw, isUnknown)) {
        const fields = readPartialZone(raw, j, "live", state);
        if (fields === undefined) continue;
        if (fields.zoneIdUnknown) zoneIdOwners.unknownIds++;
        ({ zoneId, nsSet } = fields);
        if (fields.rawName === undefined) {
          if (nsSet !== null) open.push({ rank: rawZones.length + j, name: undefined, nsSet });
          if (zoneId !== undefined) claimZoneId(zoneIdOwners, zoneId, undefined, occurrence);
          continue;
        }
        rawName = fields.rawName;
      } else if (isPlainLiveZone(raw)) {
        ({ name: rawName, zoneId, nsSet } = raw);
      } else {
        const result = AcnsLiveZone.safeParse(raw);
        if (!result.success) {
          reportZoneShapeIssues(result.error.issues, raw, [...prefix, "liveZones", j], "live", state);
          continue;
        }
        ({ name: rawName, zoneId, nsSet } = result.data);
      }
      const name = hot.normaliseName(rawName);
      if (nsSet !== undefined)
        liveZones[j] = zoneId === undefined ? { name, nsSet } : { name, zoneId, nsSet };
      const problem = hot.checkZoneName(name);
      if (problem !== undefined) {
        report(
          issues,
          "invalid-zone-name",
          [...prefix, "liveZones", j, "name"],
          `live zone name ${JSON.stringify(rawName)} is not valid: ${problem.why}; ${problem.fix}`,
          { zones: [name] },
        );
      }
      const firstLive = firstLiveIndex.get(name);
      if (firstLive !== undefined) {
        report(
          issues,
          "duplicate-zone",
          [...prefix, "liveZones", j, "name"],
          `live zone "${name}" is listed more than once (liveZones[${firstLive}] and liveZones[${j}]); ` +
            "list each zone once",
          { zones: [name] },
        );
      } else {
        firstLiveIndex.set(name, j);
      }
      const declared = findZoneEntry(table, name);
      const isDeclared = declared !== -1 && declared < declaredEntries;
      if (zoneId !== undefined) {
        const declaredIndex = isDeclared ? (firstOccurrence[declared] ?? -1) : -1;
        // An earlier zone of unknown name may be this zone's first declaration.
        const declarationIsCertain =
          declaredIndex >= 0 && (firstUnknownName === -1 || firstUnknownName > declaredIndex);
        checkLiveZoneId(
          name,
          zoneId,
          occurrence,
          declarationIsCertain ? declaredIndex : -1,
          zoneIdOwners,
          zones,
          state,
        );
      }
      // A declared zone supersedes what the account has now; while a declared name is unknown,
      // any live zone not declared by a known name may be superseded.
      if (isDeclared || problem !== undefined || nsSet === null || firstUnknownName !== -1) continue;
      if (nsSet === undefined) {
        open.push({ rank: rawZones.length + j, name, nsSet: undefined });
        continue;
      }
      recordOccurrence(name, nsSet, occurrence);
      if (isUnusable(nsSet)) reportUnknownSet(name, nsSet, occurrence, false, state);
    }
  }

  reportHierarchyConflicts(
    table,
    declaredEntries,
    firstOccurrence,
    laterOccurrence,
    open,
    rawZones.length,
    state,
  );
  warnCustomSetHierarchy(customZones, openCustom, state);
  return { zones, liveZones };
}

/** A declared zone on a Custom Nameserver Set. */
interface CustomSetZone {
  name: string;
  key: string;
  index: number;
}

/** The checks of a zone's `customSet`: not beside `nsSet`, and a declared key. `name` undefined when unknown. */
function checkZoneCustomSet(
  name: string | undefined,
  index: number,
  customSet: string,
  givenNsSet: number | undefined,
  state: AccountState,
): void {
  const zone = name === undefined ? `zones[${index}]` : `zone "${name}"`;
  const zones = name === undefined ? [] : [name];
  const path = [...state.prefix, "zones", index, "customSet"];
  if (givenNsSet !== undefined) {
    report(
      state.issues,
      "ns-set-and-custom-set",
      path,
      `${zone} gives both nsSet ${givenNsSet} and customSet ${JSON.stringify(customSet)}; a zone uses one set, ` +
        `a numbered set or a Custom Nameserver Set; remove nsSet to put it on ${JSON.stringify(customSet)}, ` +
        `or remove customSet to keep it on set ${givenNsSet}`,
      { zones, sets: [givenNsSet], customSets: [customSet] },
    );
  }
  if (state.customKeys.has(customSet) || state.customKeysOpen) return;
  const declared = [...state.customKeys.keys()].map((key) => JSON.stringify(key));
  report(
    state.issues,
    "unknown-custom-set",
    path,
    `${zone} uses customSet ${JSON.stringify(customSet)}, which customSets does not declare ` +
      (declared.length === 0 ? "(it declares none)" : `(it declares ${declared.join(", ")})`) +
      "; a zone can use only a Custom Nameserver Set of this configuration; " +
      (declared.length === 0
        ? `declare ${JSON.stringify(customSet)} in customSets with its nameservers, or give the zone an nsSet instead`
        : `use one of the declared keys, or declare ${JSON.stringify(customSet)} in customSets`),
    { zones, customSets: [customSet] },
  );
}

/**
 * Warns about two zones of one ancestor/descendant chain on the same custom set: Cloudflare
 * documents the hierarchy rule for numbered sets only, and the emulator applies it per custom set by
 * choice (docs/decisions/010). Linear, as the numbered rule is: one table per key.
 */
function warnCustomSetHierarchy(
  customZones: readonly CustomSetZone[],
  openCustom: readonly { rank: number; name: string | undefined }[],
  state: AccountState,
): void {
  const byKey = new Map<string, Map<string, number>>();
  for (const { name, key, index } of customZones) {
    let firstIndex = byKey.get(key);
    if (firstIndex === undefined) byKey.set(key, (firstIndex = new Map()));
    if (!firstIndex.has(name)) firstIndex.set(name, index);
  }
  for (const [key, firstIndex] of byKey) {
    if (firstIndex.size < 2) continue;
    const conflicts = listHierarchyConflicts(
      [...firstIndex.keys()].map((name) => ({ name, nsSet: Limits.DEFAULT_NS_SET })),
    );
    for (const { ancestor, descendant } of conflicts) {
      const index = firstIndex.get(descendant) ?? 0;
      // An earlier zone of unknown name or key may be this zone's first on the set, with another path.
      if (openCustom.some((o) => o.rank < index && (o.name === undefined || o.name === descendant))) continue;
      const relation = countLabelsBetween(descendant, ancestor) === 1 ? "parent" : "ancestor";
      warn(
        state,
        "custom-set-hierarchy-conflict",
        [...state.prefix, "zones", index, "customSet"],
        `zone "${descendant}" and its ${relation} "${ancestor}" both use custom set ${JSON.stringify(key)}; ` +
          "Cloudflare documents the hierarchy rule for numbered sets only, and the emulator applies it to each " +
          "Custom Nameserver Set (docs/decisions/010), so the API may refuse the zone; if it does, give " +
          `"${descendant}" another set`,
        { zones: [descendant, ancestor], customSets: [key] },
      );
    }
  }
}

function checkLiveZoneId(
  name: string,
  zoneId: string,
  occurrence: Occurrence,
  declaredIndex: number,
  zoneIdOwners: ZoneIdOwners,
  zones: readonly (AcnsZone | undefined)[],
  state: AccountState,
): void {
  const { prefix, issues } = state;
  // `declaredIndex` is the first occurrence of the same name in `zones`, or -1.
  const declared = declaredIndex >= 0 ? zones[declaredIndex] : undefined;
  if (declared?.zoneId !== undefined && declared.zoneId !== zoneId) {
    report(
      issues,
      "zone-id-mismatch",
      [...prefix, "zones", declaredIndex, "zoneId"],
      `zone "${name}" has zoneId "${declared.zoneId}", but the account's zone "${name}" has id "${zoneId}"; ` +
        `use "${zoneId}", or leave zoneId out`,
      { zones: [name] },
    );
  }
  const entry = claimZoneId(zoneIdOwners, zoneId, name, occurrence);
  if (entry === -1 || zoneIdOwners.uncertain[entry] === true) return;
  const owner = { name: zoneIdOwners.names[entry] ?? name, occurrence: zoneIdOwners.occurrences[entry] ?? 0 };
  if (owner.name === name) return;
  if (owner.occurrence >= 0) {
    report(
      issues,
      "zone-id-mismatch",
      describeOccurrence(owner.occurrence, prefix, "zoneId"),
      `zone "${owner.name}" has zoneId "${zoneId}", but in the account that id belongs to zone "${name}"; ` +
        `use the id of "${owner.name}", or leave zoneId out`,
      { zones: [owner.name, name] },
    );
    return;
  }
  const both = [owner.name, name].sort();
  report(
    issues,
    "duplicate-zone-id",
    describeOccurrence(occurrence, prefix, "zoneId"),
    `zoneId "${zoneId}" is given to both "${both[0] ?? ""}" and "${both[1] ?? ""}" in liveZones; every zone has ` +
      "its own id; refresh the live data",
    { zones: both },
  );
}

/** Reports a zone on a set zones cannot use; `name` undefined when it is unknown (a declared zone). */
function reportUnknownSet(
  name: string | undefined,
  nsSet: number,
  occurrence: Occurrence,
  nsSetOmitted: boolean,
  state: AccountState,
): void {
  const usable = listSetsInMask(readHintMask(state));
  const isLive = occurrence < 0;
  const declared = state.declaredSizes.has(nsSet);
  const repair = declared
    ? `add nameservers to set ${nsSet}`
    : `declare set ${nsSet} with ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} nameservers`;
  const alternative =
    usable.length === 0
      ? ""
      : isLive
        ? `, or declare the zone here with a usable set (${formatSetList(usable, "or")})`
        : `, or give the zone a usable set (${formatSetList(usable, "or")})`;
  const zone = name === undefined ? `zones[${occurrence}]` : `zone "${name}"`;
  const who = isLive ? `${zone} (live, not declared here)` : zone;
  const omitted = nsSetOmitted ? ` (nsSet omitted, so the default ${Limits.DEFAULT_NS_SET})` : "";
  const why = isLive
    ? "the zone would be left on a set without working nameservers"
    : `zones can use only declared sets with ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} nameservers`;
  report(
    state.issues,
    "unknown-set",
    describeOccurrence(occurrence, state.prefix, "nsSet"),
    `${who} uses ns_set ${nsSet}${omitted}, ${describeUnusableSet(nsSet, state)}; ${why}; ${repair}${alternative}`,
    { zones: name === undefined ? [] : [name], sets: [nsSet] },
  );
}

function reportHierarchyConflicts(
  table: ZoneSetTable,
  declaredEntries: number,
  firstOccurrence: Int32Array,
  laterOccurrence: Map<number, Occurrence>,
  open: readonly OpenOccurrence[],
  declaredCount: number,
  state: AccountState,
): void {
  const { conflicts, chainMasks } = findHierarchyConflicts(table);
  const hintMask = readHintMask(state);
  for (const { ancestor, descendant, nsSet } of conflicts) {
    const deeper = table.names.keys[descendant] ?? "";
    const upper = table.names.keys[ancestor] ?? "";
    const occurrence =
      laterOccurrence.get(descendant * 8 + nsSet) ?? (firstOccurrence[descendant] as Occurrence);
    // The conflict is certain, but an earlier occurrence of unknown name or set may turn out to be
    // the first of this name on this set, and the issue's path would be that one's.
    if (open.length > 0) {
      const rank = occurrence >= 0 ? occurrence : declaredCount - occurrence - 1;
      const mayComeFirst = open.some(
        (other) =>
          other.rank < rank &&
          (other.name === undefined || other.name === deeper) &&
          (other.nsSet === undefined || other.nsSet === nsSet),
      );
      if (mayComeFirst) continue;
    }
    const deeperIsLive = descendant >= declaredEntries;
    const live = " (live, not declared here)";
    const relation = countLabelsBetween(deeper, upper) === 1 ? "parent" : "ancestor";
    const chainMask = chainMasks[descendant] ?? 0;
    const free = listSetsInMask(hintMask & ~chainMask);
    let fix: string;
    if (free.length > 0) {
      const freeText = `${formatSetList(free, "and")} ${free.length === 1 ? "is" : "are"} free on its chain`;
      fix = deeperIsLive
        ? `declare "${deeper}" here with another set (${freeText}), or give "${upper}" another set`
        : `give "${deeper}" another set (${freeText})`;
    } else {
      const candidates = listSetsInMask(ALL_SETS_MASK & ~hintMask & ~chainMask);
      fix =
        candidates.length > 0
          ? `no usable set is free on the chain of "${deeper}"; declare another set ` +
            `(${formatSetList(candidates, "or")} would be free there) and give it to "${deeper}"`
          : `every set ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET} is used on the chain of "${deeper}"; ` +
            "take one of these zones off account custom nameservers";
    }
    report(
      state.issues,
      "hierarchy-conflict",
      describeOccurrence(occurrence, state.prefix, "nsSet"),
      `zone "${deeper}"${deeperIsLive ? live : ""} and its ${relation} "${upper}"` +
        `${ancestor >= declaredEntries ? live : ""} both use ns_set ${nsSet}; zones on one ancestor/descendant ` +
        `chain must use different sets; ${fix}`,
      { zones: [deeper, upper], sets: [nsSet] },
    );
  }
}

/** Formats set numbers as `2`, `2 and 3`, `2, 3 and 5`, or a run of three or more as `2-5`. */
export function formatSetList(sets: readonly number[], conjunction: "and" | "or"): string {
  const first = sets[0];
  const last = sets[sets.length - 1];
  if (first === undefined || last === undefined) return "";
  if (sets.length >= 3 && last - first === sets.length - 1) return `${first}-${last}`;
  if (sets.length === 1) return String(first);
  return `${sets.slice(0, -1).join(", ")} ${conjunction} ${last}`;
}

// ---------------------------------------------------------------------------
// zod issues in the house grammar

interface ShapeContext {
  /** How a message names the object at the issue's base path, e.g. `zone "a.com"`. */
  subject: string;
  /** The object's allowed fields, for unknown-field suggestions. */
  fields: readonly string[];
  subjects: Partial<AcnsIssueSubjects>;
  /** What a missing or mistyped field should hold, by field name. */
  hints: Readonly<Record<string, string>>;
  /** The message for a set number out of range, given the number. */
  describeNsSet?: (value: number) => string;
}

const ACCOUNT_HINTS: Readonly<Record<string, string>> = {
  accountId: "the account's id (32 lowercase hex characters)",
  defaultNameservers: "one of the nameserver types listed",
  sets: 'a list of sets such as [{ nsSet: 1, nameservers: ["ns1.example.com", "ns2.example.com"] }]',
  customSets:
    'a list of Custom Nameserver Sets such as [{ key: "edge", nameservers: ["ns1.example.com", "ns2.example.com"] }], or leave customSets out',
  zones: 'a list of zones such as [{ name: "example.com", nsSet: 1 }], or [] for none',
  liveZones: 'a list of zones such as [{ name: "example.com", nsSet: null }]',
};

const SET_HINTS: Readonly<Record<string, string>> = {
  nsSet: `the set number, ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`,
  nameservers: `a list of ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} hostnames`,
  "": 'a hostname such as "ns1.example.com"',
};

const ZONE_HINTS: Readonly<Record<string, string>> = {
  name: 'the zone\'s domain name, e.g. "example.com"',
  zoneId: "the zone's id (32 lowercase hex characters), or leave it out",
  nsSet: `a set number, ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`,
  customSet: 'the key of a set of customSets, e.g. "edge", or leave customSet out',
  restoreTo:
    "{type: custom.account, nsSet: <1-5>}, {type: cloudflare.standard} or {type: cloudflare.advanced}, or leave restoreTo out",
};

const LIVE_ZONE_HINTS: Readonly<Record<string, string>> = {
  ...ZONE_HINTS,
  nsSet: `the set the zone uses now (${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}), or null when it is not on account custom nameservers`,
};

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "an object",
  boolean: "true or false",
};

function reportZoneShapeIssues(
  zodIssues: readonly z.core.$ZodIssue[],
  raw: unknown,
  path: Path,
  kind: "zone" | "live",
  state: AccountState,
): void {
  const rawName = readField(raw, "name");
  const index = path[path.length - 1];
  const name =
    typeof rawName === "string" && !isUnknownIn(state, rawName) ? normaliseName(rawName) : undefined;
  const usable = listSetsInMask(readHintMask(state));
  const subject =
    name === undefined
      ? `${kind === "live" ? "liveZones" : "zones"}[${String(index)}]`
      : `${kind === "live" ? "live zone" : "zone"} "${name}"`;
  reportShapeIssues(state.issues, zodIssues, raw, path, {
    subject,
    fields: Object.keys(AcnsZone.shape),
    subjects: name === undefined ? {} : { zones: [name] },
    hints: kind === "live" ? LIVE_ZONE_HINTS : ZONE_HINTS,
    describeNsSet: (value) =>
      `${subject} uses ns_set ${value}, which ${describeSetNumberProblem(value)}; Cloudflare numbers sets ` +
      `${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}; ` +
      (kind === "live"
        ? "refresh the live data"
        : usable.length > 0
          ? `use a declared set (${formatSetList(usable, "or")})`
          : `use a set number from ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`),
  });
}

function reportShapeIssues(
  issues: AcnsIssue[],
  zodIssues: readonly z.core.$ZodIssue[],
  raw: unknown,
  basePath: Path,
  context: ShapeContext,
): void {
  const subjects = context.subjects;
  for (const issue of zodIssues) {
    const relative = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    const path = [...basePath, ...relative];
    const value = readPath(raw, relative);
    const last = relative[relative.length - 1];
    const field = formatIssuePath(relative);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        if (relative.length > 0) {
          // A field of a nested object (a zone's restoreTo): its own fields, not the zone's.
          const nestedHint = context.hints[String(relative[0])];
          report(
            issues,
            "unknown-field",
            [...path, key],
            `${field} of ${context.subject} has an unknown field ${JSON.stringify(key)}` +
              (nestedHint === undefined ? "; remove it" : `; write ${nestedHint}`),
            subjects,
          );
          continue;
        }
        const suggestion = suggestField(key, context.fields);
        report(
          issues,
          "unknown-field",
          [...path, key],
          `${context.subject} has an unknown field ${JSON.stringify(key)}; ` +
            (suggestion === undefined
              ? `remove it (known fields: ${context.fields.join(", ")})`
              : `did you mean "${suggestion}"?`),
          subjects,
        );
      }
      continue;
    }
    if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
      // A discriminated union's tag (a zone's restoreTo.type) that is none of its options.
      const options = issue.options.map((option) => JSON.stringify(option)).join(", ");
      const nestedHint = context.hints[String(relative[0])];
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be one of ${options}, got ${describeValue(value)}` +
          (nestedHint === undefined ? "; pick one of them" : `; write ${nestedHint}`),
        subjects,
      );
      continue;
    }
    if (
      last === "nsSet" &&
      typeof value === "number" &&
      relative.length > 1 &&
      (issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_type")
    ) {
      // A set number inside a nested object (a zone's restoreTo.nsSet).
      report(
        issues,
        "ns-set-out-of-range",
        path,
        `${field} of ${context.subject} is ${value}, which ${describeSetNumberProblem(value)}; Cloudflare numbers ` +
          `sets ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}; use a set number from ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`,
        { ...subjects, sets: [value] },
      );
      continue;
    }
    if (
      last === "nsSet" &&
      typeof value === "number" &&
      context.describeNsSet !== undefined &&
      (issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_type")
    ) {
      report(issues, "ns-set-out-of-range", path, context.describeNsSet(value), {
        ...subjects,
        sets: [value],
      });
      continue;
    }
    if (last === "ipSet" && typeof value === "number" && issue.code === "too_small") {
      report(
        issues,
        "invalid-shape",
        path,
        `ipSet of ${context.subject} is ${value}, which is below 1; an account's address pools are numbered from ` +
          "1; use 1 or more, or leave ipSet out for the default 1",
        subjects,
      );
      continue;
    }
    if (last === "key" && typeof value === "string" && issue.code === "invalid_format") {
      report(
        issues,
        "invalid-shape",
        path,
        `key of ${context.subject} must be 1-63 lowercase letters, digits, - or _, starting and ending with a ` +
          `letter or digit, got ${describeValue(value)}; zones name the set by it; write e.g. "edge"`,
        subjects,
      );
      continue;
    }
    if (issue.code === "invalid_union" && !("options" in issue)) {
      // An entry of a union without a tag (a custom set's name: a hostname or {name, ipCount}).
      const hint = context.hints[""];
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be ${hint ?? "one of the allowed shapes"}, got ${describeValue(value)}`,
        subjects,
      );
      continue;
    }
    if ((last === "accountId" || last === "zoneId") && value !== undefined) {
      report(
        issues,
        "invalid-id",
        path,
        `${last} of ${context.subject} must be a Cloudflare id (32 lowercase hex characters), got ` +
          `${describeValue(value)}; copy it from the Cloudflare dashboard or API` +
          (last === "zoneId" ? ", or leave zoneId out" : ""),
        subjects,
      );
      continue;
    }
    const hint = context.hints[typeof last === "string" ? last : ""] ?? "";
    // Only `UncheckedList` raises "custom" issues: the value is not a list.
    const expectedType =
      issue.code === "invalid_type" ? issue.expected : issue.code === "custom" ? "array" : undefined;
    if (expectedType !== undefined && value === undefined && relative.length > 0) {
      report(issues, "invalid-shape", path, `${context.subject} has no ${field}; add ${hint}`, subjects);
      continue;
    }
    if (expectedType !== undefined) {
      const expected = EXPECTED_TEXT[expectedType] ?? expectedType;
      const what = relative.length === 0 ? context.subject : `${field} of ${context.subject}`;
      report(
        issues,
        "invalid-shape",
        path,
        `${what} must be ${expected}, got ${describeValue(value)}${hint === "" ? "" : `; write ${hint}`}`,
        subjects,
      );
      continue;
    }
    if (issue.code === "invalid_value") {
      const options = issue.values.map((option) => JSON.stringify(option)).join(", ");
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be one of ${options}, got ${describeValue(value)}; pick one of them`,
        subjects,
      );
      continue;
    }
    report(
      issues,
      "invalid-shape",
      path,
      `${field === "" ? "it" : field} of ${context.subject} is not valid: ${issue.message}`,
      subjects,
    );
  }
}

function readPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** A known field that differs from `key` only in case, `_` or `-` (`ns_set` for `nsSet`). */
function suggestField(key: string, fields: readonly string[]): string | undefined {
  const fold = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, "");
  return fields.find((field) => fold(field) === fold(key));
}

/** A short, safe rendering of an input value for a message. */
function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    return value.length > 80
      ? `${JSON.stringify(value.slice(0, 80))}... (a string)`
      : `${JSON.stringify(value)} (a string)`;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${String(value)} (a ${typeof value})`;
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

// ---------------------------------------------------------------------------
// Order

/** Fields in schema order, so issues read top to bottom like the configuration. */
const FIELD_ORDER = new Map<string, number>(
  [
    "accountId",
    "defaultNameservers",
    "sets",
    "customSets",
    "zones",
    "liveZones",
    "key",
    "name",
    "zoneId",
    "nsSet",
    "customSet",
    "restoreTo",
    "nameservers",
    "ipCount",
    "advanced",
    "ipSet",
  ].map((field, rank) => [field, rank]),
);
const CODE_ORDER = new Map<string, number>(
  [...ACNS_ISSUE_CODES, ...ACNS_WARNING_CODES].map((code, rank) => [code, rank]),
);

function comparePathParts(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const rankA = FIELD_ORDER.get(a) ?? FIELD_ORDER.size;
  const rankB = FIELD_ORDER.get(b) ?? FIELD_ORDER.size;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePaths(a: Path, b: Path): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const order = comparePathParts(a[i] ?? "", b[i] ?? "");
    if (order !== 0) return order;
  }
  return a.length - b.length;
}

function compareIssues(a: AcnsIssue | AcnsWarning, b: AcnsIssue | AcnsWarning): number {
  return comparePaths(a.path, b.path) || (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0);
}

/** Sorts by path, then code; ties keep the order found (the sort is stable). */
function sortIssues<T extends AcnsIssue | AcnsWarning>(issues: T[]): T[] {
  return issues.sort(compareIssues);
}
