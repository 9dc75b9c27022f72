/**
 * The plan-time validator: every Cloudflare rule for account custom nameservers over a whole
 * configuration, problems as data. zod is the one source of the shape; zones, which can be huge,
 * first meet hand-written twins of their schemas (validate-zone-fields.ts), zod then explains.
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { compareText } from "./collections";
import { CLOUDFLARE_ID_RULE } from "./ids";
import { z } from "zod";
import {
  ACNS_ISSUE_CODES,
  ACNS_WARNING_CODES,
  AcnsConfig,
  AcnsZone,
  type AcnsCustomSet,
  type AcnsIssue,
  type AcnsIssueCode,
  type AcnsSet,
  type AcnsWarning,
  type AcnsWarningCode,
} from "./config";
import { ALL_SETS_MASK } from "./hierarchy";
import { SkippedReasons, type AcnsSkippedCheck, type AcnsValidationOptions } from "./unknown-values";
import { CUSTOM_SET_CODES, checkCustomSets } from "./validate-custom-sets";
import { checkDefaultSet, checkSets } from "./validate-sets";
import {
  CLOUDFLARE_ID,
  SET_CODES,
  ZONE_CODES,
  dropUnknownIssues,
  isObject,
  isUnknownIn,
  readField,
  report,
  skip,
  type AccountState,
  type IsUnknown,
  type Path,
  type RunContext,
} from "./validate-state";
import { checkZones, type ZoneResults } from "./validate-zones";
import { describeValue } from "./wording";
import { formatIssuePath, reportShapeIssues } from "./zod-issues";

export type { AcnsSkippedCheck, AcnsValidationOptions } from "./unknown-values";
export { describeZodIssues, formatIssuePath, parseInput } from "./zod-issues";
export { formatSetList } from "./wording";

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
 * The verdict when values may be unknown ({@link AcnsValidationOptions.isUnknown}): `ok` means no
 * check that could run found an issue; `complete` that every check ran, and only then is the
 * normalised configuration there. `skipped` lists each unknown value with the checks that wait for it.
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
 * Checks one account's configuration, or an array of them, against every Cloudflare rule for
 * account custom nameservers ({@link ACNS_ISSUE_CODES}), live zones included; the rules Cloudflare
 * does not document come back as `warnings` ({@link ACNS_WARNING_CODES}). Never throws. Issues and
 * warnings come sorted by path, then code. With `options.isUnknown`, see {@link AcnsValidationOptions}.
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
  let value: AcnsConfig | AcnsConfig[] | undefined;
  if (isUnknown?.(config) === true) {
    skipped.push({ path: [], codes: [...ALL_CODES], reason: SkippedReasons.root });
  } else if (Array.isArray(config)) {
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
    value = accounts;
  } else {
    value = checkAccount(config, [], issues, context);
    if (value !== undefined) accounts.push(value);
  }
  const complete = issues.length === 0 && skipped.length === 0;
  return { issues: sortIssues(issues), warnings, value: complete ? value : undefined, accounts, skipped };
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

/** A list whose elements are checked one by one below: unlike `z.array`, it copies no million-element list. */
const UncheckedList = z.custom<unknown[]>((value) => Array.isArray(value));

/** The account object without its element schemas. */
const AcnsAccountHead = AcnsConfig.extend({
  sets: UncheckedList,
  customSets: UncheckedList.optional(),
  zones: UncheckedList,
  liveZones: UncheckedList.optional(),
});

const ACCOUNT_HINTS: Readonly<Record<string, string>> = {
  accountId: `the account's id (${CLOUDFLARE_ID_RULE})`,
  defaultNameservers: "one of the nameserver types listed",
  sets: 'a list of sets such as [{ nsSet: 1, nameservers: ["ns1.example.com", "ns2.example.com"] }]',
  customSets:
    'a list of Custom Nameserver Sets such as [{ key: "edge", nameservers: ["ns1.example.com", "ns2.example.com"] }], or leave customSets out',
  zones: 'a list of zones such as [{ name: "example.com", nsSet: 1 }], or [] for none',
  liveZones: 'a list of zones such as [{ name: "example.com", nsSet: null }]',
};

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
    ...context,
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
// Order

/** Fields in schema order, so issues read top to bottom like the configuration. */
const FIELD_ORDER = new Map<string, number>(
  [
    ...Object.keys(AcnsConfig.shape),
    "key",
    ...Object.keys(AcnsZone.shape),
    "nameservers",
    "ipCount",
    "advanced",
    "ipSet",
  ].map((field, rank) => [field, rank]),
);
const CODE_ORDER = new Map<string, number>(ALL_CODES.map((code, rank) => [code, rank]));

function comparePathParts(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const rankA = FIELD_ORDER.get(a) ?? FIELD_ORDER.size;
  const rankB = FIELD_ORDER.get(b) ?? FIELD_ORDER.size;
  if (rankA !== rankB) return rankA - rankB;
  return compareText(a, b);
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
