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
  AcnsConfig,
  AcnsLiveZone,
  AcnsSet,
  AcnsZone,
  type AcnsIssue,
  type AcnsIssueCode,
  type AcnsIssuePath,
  type AcnsIssueSubjects,
} from "./config";
import {
  ALL_SETS_MASK,
  addZoneSet,
  countZoneEntries,
  createZoneSetTable,
  findHierarchyConflicts,
  findZoneEntry,
  listSetsInMask,
  maskOfSet,
  type ZoneSetTable,
} from "./hierarchy";
import { Limits } from "./limits";
import { addString, createStringTable, type StringTable } from "./string-table";
import { checkHostname, checkZoneName, countLabelsBetween, isNormalZoneName, normaliseName } from "./names";

/** The validator's verdict: the normalised configuration, or every issue found. */
export type AcnsValidationResult =
  | {
      ok: true;
      /** The input with names normalised and defaults filled in, in the input's shape (one account or an array). */
      value: AcnsConfig | AcnsConfig[];
      /** The same accounts, always as an array. */
      accounts: AcnsConfig[];
    }
  | { ok: false; issues: AcnsIssue[] };

/**
 * Checks one account's configuration, or an array of them, against Cloudflare's
 * rules for account custom nameservers: the shape, name syntax, set numbers and
 * sizes, nameserver uniqueness, zone uniqueness and ids, the hierarchy rule
 * (no two zones on one ancestor/descendant chain share a set, live zones
 * included), and the `custom.account` default. Never throws.
 *
 * Issues come sorted by path (in the input's order), then by code.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
export function validateAcnsConfig(config: unknown): AcnsValidationResult {
  const issues: AcnsIssue[] = [];
  const accounts: AcnsConfig[] = [];
  if (Array.isArray(config)) {
    const firstByAccountId = new Map<string, number>();
    for (let i = 0; i < config.length; i++) {
      const raw: unknown = config[i];
      const account = checkAccount(raw, [i], issues);
      if (account !== undefined) accounts.push(account);
      const accountId = readField(raw, "accountId");
      if (typeof accountId !== "string" || !CLOUDFLARE_ID.test(accountId)) continue;
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
    if (issues.length > 0) return { ok: false, issues: sortIssues(issues) };
    return { ok: true, value: accounts, accounts };
  }
  const account = checkAccount(config, [], issues);
  if (issues.length > 0 || account === undefined) return { ok: false, issues: sortIssues(issues) };
  return { ok: true, value: account, accounts: [account] };
}

/**
 * Renders issues as one line each for a terminal, e.g.
 * `error[hierarchy-conflict] zones[2].nsSet: zone "a.example.com" and its parent ...`.
 */
export function formatIssues(issues: readonly AcnsIssue[]): string[] {
  return issues.map((issue) => `error[${issue.code}] ${formatIssuePath(issue.path)}: ${issue.message}`);
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
  issues.push({
    code,
    path,
    message,
    subjects: {
      zones: subjects.zones ?? [],
      sets: subjects.sets ?? [],
      nameservers: subjects.nameservers ?? [],
    },
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readField(value: unknown, key: string): unknown {
  return isObject(value) ? value[key] : undefined;
}

/** Everything the per-account checks share. */
interface AccountState {
  prefix: Path;
  issues: AcnsIssue[];
  /** Sets declared with 2 or more distinct names, as a mask. */
  usableMask: number;
  /** Distinct name count of the first entry of each declared set number. */
  declaredSizes: Map<number, number>;
}

function checkAccount(raw: unknown, prefix: Path, issues: AcnsIssue[]): AcnsConfig | undefined {
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
  const accountIdRaw = raw.accountId;
  const subject =
    typeof accountIdRaw === "string" && CLOUDFLARE_ID.test(accountIdRaw)
      ? `account "${accountIdRaw}"`
      : where;
  const head = AcnsAccountHead.safeParse(raw);
  if (!head.success) {
    reportShapeIssues(issues, head.error.issues, raw, prefix, {
      subject,
      fields: Object.keys(AcnsConfig.shape),
      subjects: {},
      hints: ACCOUNT_HINTS,
    });
  }
  const state: AccountState = { prefix, issues, usableMask: 0, declaredSizes: new Map() };
  const sets = Array.isArray(raw.sets) ? checkSets(raw.sets, state) : undefined;
  // Read on its own, so a wrong accountId does not hide what the default needs.
  const defaultParse = AcnsConfig.shape.defaultNameservers.safeParse(raw.defaultNameservers);
  const defaultNameservers = defaultParse.success ? defaultParse.data : undefined;
  if (defaultNameservers === "custom.account") checkDefaultSet(state);
  const zones = Array.isArray(raw.zones) ? checkZones(raw.zones, raw.liveZones, state) : undefined;
  if (!head.success || sets === undefined || zones === undefined || issues.length > issueCount)
    return undefined;
  // Key order as in the schema, so a normalised config serialises like a parsed one.
  return {
    accountId: head.data.accountId,
    ...(defaultNameservers === undefined ? {} : { defaultNameservers }),
    sets,
    zones: zones.zones,
    ...(zones.liveZones === undefined ? {} : { liveZones: zones.liveZones }),
  };
}

// ---------------------------------------------------------------------------
// Sets

function checkSets(rawSets: readonly unknown[], state: AccountState): AcnsSet[] {
  const { prefix, issues } = state;
  const parsed = rawSets.map((raw) => AcnsSet.safeParse(raw));
  const declaredNumbers = new Set<number>();
  for (const result of parsed) if (result.success) declaredNumbers.add(result.data.nsSet);
  const freeNumbers = listSetsInMask(
    ALL_SETS_MASK & ~[...declaredNumbers].reduce((mask, s) => mask | maskOfSet(s), 0),
  );
  const firstEntryOfSet = new Map<number, number>();
  const setOfNameserver = new Map<string, number>();
  const sets: AcnsSet[] = [];
  parsed.forEach((result, i) => {
    const path = [...prefix, "sets", i];
    if (!result.success) {
      const rawNumber = readField(rawSets[i], "nsSet");
      reportShapeIssues(issues, result.error.issues, rawSets[i], path, {
        subject: typeof rawNumber === "number" ? `set ${rawNumber}` : `sets[${i}]`,
        fields: Object.keys(AcnsSet.shape),
        subjects: typeof rawNumber === "number" ? { sets: [rawNumber] } : {},
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
    const { nsSet } = result.data;
    const firstEntry = firstEntryOfSet.get(nsSet);
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
    const firstIndexOfName = new Map<string, number>();
    const nameservers = result.data.nameservers.map((rawName, j) => {
      const name = normaliseName(rawName);
      const namePath = [...path, "nameservers", j];
      const problem = checkHostname(name);
      if (problem !== undefined) {
        report(
          issues,
          "invalid-hostname",
          namePath,
          `nameserver ${JSON.stringify(rawName)} in set ${nsSet} is not a valid hostname: ${problem.why}; ${problem.fix}`,
          { sets: [nsSet], nameservers: [name] },
        );
      }
      const firstIndex = firstIndexOfName.get(name);
      if (firstIndex !== undefined) {
        report(
          issues,
          "duplicate-nameserver",
          namePath,
          `nameserver "${name}" is listed twice in set ${nsSet} (nameservers[${firstIndex}] and nameservers[${j}]); ` +
            "list each name once",
          { sets: [nsSet], nameservers: [name] },
        );
        return name;
      }
      firstIndexOfName.set(name, j);
      const otherSet = setOfNameserver.get(name);
      if (otherSet === undefined) {
        setOfNameserver.set(name, nsSet);
      } else if (otherSet !== nsSet) {
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
      return name;
    });
    const distinct = firstIndexOfName.size;
    const distinctNames = [...firstIndexOfName.keys()];
    if (distinct < Limits.MIN_NAMES_PER_SET) {
      const has = distinct === 0 ? "no nameservers" : `1 nameserver ("${distinctNames[0] ?? ""}")`;
      const missing = Limits.MIN_NAMES_PER_SET - distinct;
      report(
        issues,
        "set-too-small",
        [...path, "nameservers"],
        `set ${nsSet} has ${has}; a set needs ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} distinct ` +
          `names before zones can use it; add at least ${missing}${distinct === 0 ? "" : " more"}`,
        { sets: [nsSet], nameservers: distinctNames },
      );
    } else if (distinct > Limits.MAX_NAMES_PER_SET) {
      report(
        issues,
        "set-too-large",
        [...path, "nameservers"],
        `set ${nsSet} has ${distinct} nameservers; a set holds at most ${Limits.MAX_NAMES_PER_SET}; ` +
          `remove ${distinct - Limits.MAX_NAMES_PER_SET}`,
        { sets: [nsSet], nameservers: distinctNames },
      );
    }
    if (firstEntry === undefined) {
      state.declaredSizes.set(nsSet, distinct);
      if (distinct >= Limits.MIN_NAMES_PER_SET) state.usableMask |= maskOfSet(nsSet);
    }
    sets.push({ nsSet, nameservers });
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
  if ((state.usableMask & maskOfSet(nsSet)) !== 0) return;
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

/** Which zone first gave each zone id: entries of `ids` index `names` and `occurrences`. */
interface ZoneIdOwners {
  ids: StringTable;
  names: string[];
  occurrences: Occurrence[];
}

/** Records `name` as the owner of `zoneId` unless the id has one: returns the earlier owner's entry, or -1. */
function claimZoneId(owners: ZoneIdOwners, zoneId: string, name: string, occurrence: Occurrence): number {
  const count = owners.ids.keys.length;
  const entry = hot.addString(owners.ids, zoneId);
  if (entry !== count) return entry;
  owners.names.push(name);
  owners.occurrences.push(occurrence);
  return -1;
}

/**
 * The hand-written twin of `AcnsZone`: true only for input that `AcnsZone`
 * accepts (unknown keys, wrong types and out-of-range sets all go to zod).
 */
function isPlainZone(value: unknown): value is { name: string; zoneId?: string; nsSet?: number } {
  if (!isObject(value)) return false;
  for (const key in value) if (key !== "name" && key !== "zoneId" && key !== "nsSet") return false;
  if (typeof value.name !== "string") return false;
  const zoneId = value.zoneId;
  if (zoneId !== undefined && (typeof zoneId !== "string" || !CLOUDFLARE_ID.test(zoneId))) return false;
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

function checkZones(rawZones: readonly unknown[], rawLiveZones: unknown, state: AccountState): ZoneResults {
  const { prefix, issues } = state;
  const liveList = Array.isArray(rawLiveZones) ? rawLiveZones : [];
  const table = createZoneSetTable(rawZones.length + liveList.length);
  /** First occurrence of each table entry. */
  const firstOccurrence = new Int32Array(rawZones.length + liveList.length);
  /** Occurrences that added a set to an entry listed before (only duplicates land here). */
  const laterOccurrence = new Map<number, Occurrence>();
  const zoneIdOwners: ZoneIdOwners = { ids: createStringTable(rawZones.length), names: [], occurrences: [] };
  const zones: AcnsZone[] = new Array<AcnsZone>(rawZones.length);
  const usableMask = state.usableMask;
  /** The set of each entry's first occurrence. */
  const firstSet = new Uint8Array(firstOccurrence.length);
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

  for (let i = 0; i < rawZones.length; i++) {
    const raw = rawZones[i];
    let rawName: string;
    let zoneId: string | undefined;
    let nsSet: number;
    let nsSetOmitted: boolean;
    if (isPlainZone(raw)) {
      rawName = raw.name;
      zoneId = raw.zoneId;
      nsSetOmitted = raw.nsSet === undefined;
      nsSet = raw.nsSet ?? hot.DEFAULT_NS_SET;
    } else {
      const result = AcnsZone.safeParse(raw);
      if (!result.success) {
        reportZoneShapeIssues(result.error.issues, raw, [...prefix, "zones", i], "zone", state);
        continue;
      }
      ({ name: rawName, zoneId, nsSet } = result.data);
      nsSetOmitted = readField(raw, "nsSet") === undefined;
    }
    // Most names are already normal and valid, which one scan settles.
    const isNormal = hot.isNormalZoneName(rawName);
    const name = isNormal ? rawName : hot.normaliseName(rawName);
    zones[i] = zoneId === undefined ? { name, nsSet } : { name, zoneId, nsSet };

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
      const entry = recordOccurrence(name, nsSet, i);
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
    if ((usableMask & hot.maskOfSet(nsSet)) === 0) reportUnknownSet(name, nsSet, i, nsSetOmitted, state);
    if (zoneId !== undefined) {
      const owner = claimZoneId(zoneIdOwners, zoneId, name, i);
      const ownerName = zoneIdOwners.names[owner] ?? name;
      if (owner !== -1 && ownerName !== name) {
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
      let rawName: string;
      let zoneId: string | undefined;
      let nsSet: number | null;
      if (isPlainLiveZone(raw)) {
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
      liveZones[j] = zoneId === undefined ? { name, nsSet } : { name, zoneId, nsSet };
      const occurrence: Occurrence = -(j + 1);
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
        checkLiveZoneId(name, zoneId, occurrence, declaredIndex, zoneIdOwners, zones, state);
      }
      // A declared zone supersedes what the account has now.
      if (isDeclared || problem !== undefined || nsSet === null) continue;
      recordOccurrence(name, nsSet, occurrence);
      if ((usableMask & hot.maskOfSet(nsSet)) === 0) reportUnknownSet(name, nsSet, occurrence, false, state);
    }
  }

  reportHierarchyConflicts(table, declaredEntries, firstOccurrence, laterOccurrence, state);
  return { zones, liveZones };
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
  if (entry === -1) return;
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

function reportUnknownSet(
  name: string,
  nsSet: number,
  occurrence: Occurrence,
  nsSetOmitted: boolean,
  state: AccountState,
): void {
  const usable = listSetsInMask(state.usableMask);
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
  const who = isLive ? `zone "${name}" (live, not declared here)` : `zone "${name}"`;
  const omitted = nsSetOmitted ? ` (nsSet omitted, so the default ${Limits.DEFAULT_NS_SET})` : "";
  const why = isLive
    ? "the zone would be left on a set without working nameservers"
    : `zones can use only declared sets with ${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET} nameservers`;
  report(
    state.issues,
    "unknown-set",
    describeOccurrence(occurrence, state.prefix, "nsSet"),
    `${who} uses ns_set ${nsSet}${omitted}, ${describeUnusableSet(nsSet, state)}; ${why}; ${repair}${alternative}`,
    { zones: [name], sets: [nsSet] },
  );
}

function reportHierarchyConflicts(
  table: ZoneSetTable,
  declaredEntries: number,
  firstOccurrence: Int32Array,
  laterOccurrence: Map<number, Occurrence>,
  state: AccountState,
): void {
  const { conflicts, chainMasks } = findHierarchyConflicts(table);
  for (const { ancestor, descendant, nsSet } of conflicts) {
    const deeper = table.names.keys[descendant] ?? "";
    const upper = table.names.keys[ancestor] ?? "";
    const deeperIsLive = descendant >= declaredEntries;
    const live = " (live, not declared here)";
    const relation = countLabelsBetween(deeper, upper) === 1 ? "parent" : "ancestor";
    const chainMask = chainMasks[descendant] ?? 0;
    const free = listSetsInMask(state.usableMask & ~chainMask);
    let fix: string;
    if (free.length > 0) {
      const freeText = `${formatSetList(free, "and")} ${free.length === 1 ? "is" : "are"} free on its chain`;
      fix = deeperIsLive
        ? `declare "${deeper}" here with another set (${freeText}), or give "${upper}" another set`
        : `give "${deeper}" another set (${freeText})`;
    } else {
      const candidates = listSetsInMask(ALL_SETS_MASK & ~state.usableMask & ~chainMask);
      fix =
        candidates.length > 0
          ? `no usable set is free on the chain of "${deeper}"; declare another set ` +
            `(${formatSetList(candidates, "or")} would be free there) and give it to "${deeper}"`
          : `every set ${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET} is used on the chain of "${deeper}"; ` +
            "take one of these zones off account custom nameservers";
    }
    const occurrence =
      laterOccurrence.get(descendant * 8 + nsSet) ?? (firstOccurrence[descendant] as Occurrence);
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
  const name = typeof rawName === "string" ? normaliseName(rawName) : undefined;
  const usable = listSetsInMask(state.usableMask);
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
    "zones",
    "liveZones",
    "name",
    "zoneId",
    "nsSet",
    "nameservers",
  ].map((field, rank) => [field, rank]),
);
const CODE_ORDER = new Map<string, number>(ACNS_ISSUE_CODES.map((code, rank) => [code, rank]));

function comparePathParts(a: string | number, b: string | number): number {
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "number") return -1;
  if (typeof b === "number") return 1;
  const rankA = FIELD_ORDER.get(a) ?? FIELD_ORDER.size;
  const rankB = FIELD_ORDER.get(b) ?? FIELD_ORDER.size;
  if (rankA !== rankB) return rankA - rankB;
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareIssues(a: AcnsIssue, b: AcnsIssue): number {
  const length = Math.min(a.path.length, b.path.length);
  for (let i = 0; i < length; i++) {
    const order = comparePathParts(a.path[i] ?? "", b.path[i] ?? "");
    if (order !== 0) return order;
  }
  if (a.path.length !== b.path.length) return a.path.length - b.path.length;
  return (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0);
}

/** Sorts by path, then code; ties keep the order found (the sort is stable). */
function sortIssues(issues: AcnsIssue[]): AcnsIssue[] {
  return issues.sort(compareIssues);
}
