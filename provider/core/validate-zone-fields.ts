/**
 * How the validator reads one zone or live zone: the hand-written twins of the zod schemas that
 * take the fast path, the reader for zones holding values not known yet, shape issues in the zone's
 * words, and who first gave each zone id.
 */
import { CLOUDFLARE_ID_RULE } from "./ids";
import type { z } from "zod";
import { AcnsLiveZone, AcnsZone } from "./config";
import { listSetsInMask } from "./hierarchy";
import { Limits, NS_SET_RANGE, SET_NUMBERING, USE_A_SET_NUMBER } from "./limits";
import { checkZoneName, isNormalZoneName, normaliseName } from "./names";
import { RESTORE_TO_HINT, type ZoneRestoreTarget } from "./zone-nameservers";
import { SkippedReasons } from "./unknown-values";
import {
  CLOUDFLARE_ID,
  ZONE_CODES,
  ZONE_CUSTOM_SET_CODES,
  ZONE_ID_CODES,
  ZONE_NAME_CODES,
  ZONE_SET_CODES,
  dropUnknownIssues,
  isObject,
  isUnknownIn,
  readField,
  readHintMask,
  report,
  skip,
  type AccountState,
  type IsUnknown,
  type Path,
} from "./validate-state";
import { formatSetList } from "./wording";
import { describeSetNumberProblem, reportShapeIssues } from "./zod-issues";

/** Imports the per-zone code calls, bound once (see `hot` in validate-zones.ts). */
const hot = {
  isNormalZoneName,
  normaliseName,
  checkZoneName,
  MIN_NS_SET: Limits.MIN_NS_SET,
  MAX_NS_SET: Limits.MAX_NS_SET,
  DEFAULT_NS_SET: Limits.DEFAULT_NS_SET,
} as const;

/** A zone occurrence: a declared zone's index `i` as `i`, a live zone's index `j` as `-(j + 1)`. */
export type Occurrence = number;

export function describeOccurrence(occurrence: Occurrence, prefix: Path, field: string): Path {
  return occurrence >= 0
    ? [...prefix, "zones", occurrence, field]
    : [...prefix, "liveZones", -occurrence - 1, field];
}

/** A zone as read: a field undefined when its value is unknown; `nsSet` null for a live zone not on ACNS. */
export interface ZoneFields {
  rawName: string | undefined;
  /** The name normalised (set by {@link readZone}). */
  name: string | undefined;
  /** False when the name is not a valid zone name (reported). */
  nameValid: boolean;
  zoneId: string | undefined;
  zoneIdUnknown: boolean;
  /** A declared zone's omitted `nsSet` reads as the default set. */
  nsSet: number | null | undefined;
  nsSetOmitted: boolean;
  /** A declared zone's `customSet` when known and given. */
  customSet: string | undefined;
  /** True when a declared zone's `customSet` is unknown: the zone may or may not be on a numbered set. */
  customSetUnknown: boolean;
  /** A declared zone's `restoreTo`, when given and read by zod (the fast path leaves it to zod). */
  restoreTo: ZoneRestoreTarget | undefined;
}

/** A {@link ZoneFields} for {@link readZone} to fill, one per loop: a million zones allocate nothing. */
export function createZoneFields(): ZoneFields {
  return {
    rawName: undefined,
    name: undefined,
    nameValid: false,
    zoneId: undefined,
    zoneIdUnknown: false,
    nsSet: undefined,
    nsSetOmitted: false,
    customSet: undefined,
    customSetUnknown: false,
    restoreTo: undefined,
  };
}

/**
 * Reads zone `index` of `zones` or `liveZones` into `out`: the hand-written twin first, then zod
 * (which explains), or the unknown-value reader. False, with shape issues reported, on a wrong shape.
 */
export function readZone(
  raw: unknown,
  index: number,
  kind: "zone" | "live",
  state: AccountState,
  out: ZoneFields,
): boolean {
  const isUnknown = state.isUnknown;
  if (isUnknown !== undefined && hasUnknownField(raw, isUnknown)) {
    const fields = readPartialZone(raw, index, kind, state);
    if (fields === undefined) return false;
    Object.assign(out, fields);
    return readZoneName(index, kind, state, out);
  }
  let nsSet: number | null | undefined;
  if (isPlainZone(raw, kind)) {
    out.rawName = raw.name;
    out.zoneId = raw.zoneId;
    out.customSet = raw.customSet;
    out.restoreTo = undefined;
    nsSet = raw.nsSet;
  } else {
    const result = (kind === "live" ? AcnsLiveZone : AcnsZone).safeParse(raw);
    if (!result.success) {
      reportZoneShapeIssues(
        result.error.issues,
        raw,
        [...state.prefix, ZONE_LISTS[kind], index],
        kind,
        state,
      );
      return false;
    }
    out.rawName = result.data.name;
    out.zoneId = result.data.zoneId;
    out.customSet = "customSet" in result.data ? result.data.customSet : undefined;
    out.restoreTo = "restoreTo" in result.data ? result.data.restoreTo : undefined;
    nsSet = result.data.nsSet;
  }
  out.zoneIdUnknown = false;
  out.customSetUnknown = false;
  out.nsSetOmitted = nsSet === undefined;
  out.nsSet = nsSet === undefined ? hot.DEFAULT_NS_SET : nsSet;
  return readZoneName(index, kind, state, out);
}

/** Normalises `out.rawName` into `out.name` and reports it when it is not a valid zone name. */
function readZoneName(index: number, kind: "zone" | "live", state: AccountState, out: ZoneFields): true {
  const rawName = out.rawName;
  if (rawName === undefined) {
    out.name = undefined;
    out.nameValid = false;
    return true;
  }
  // Most names are already normal and valid, which one scan settles.
  const isNormal = hot.isNormalZoneName(rawName);
  const name = isNormal ? rawName : hot.normaliseName(rawName);
  const problem = isNormal ? undefined : hot.checkZoneName(name);
  out.name = name;
  out.nameValid = problem === undefined;
  if (problem !== undefined) {
    report(
      state.issues,
      "invalid-zone-name",
      [...state.prefix, ZONE_LISTS[kind], index, "name"],
      `${ZONE_NOUNS[kind]} name ${JSON.stringify(rawName)} is not valid: ${problem.why}; ${problem.fix}`,
      { zones: [name] },
    );
  }
  return true;
}

/** Reports zone `index` of its list as a repeat of zone `first`. */
export function reportDuplicateZone(
  name: string,
  first: number,
  index: number,
  kind: "zone" | "live",
  state: AccountState,
): void {
  const list = ZONE_LISTS[kind];
  report(
    state.issues,
    "duplicate-zone",
    [...state.prefix, list, index, "name"],
    `${ZONE_NOUNS[kind]} "${name}" is listed more than once (${list}[${first}] and ${list}[${index}]); list each zone once`,
    { zones: [name] },
  );
}

/** Where each kind of zone is listed, and how messages name one. */
export const ZONE_LISTS = { zone: "zones", live: "liveZones" } as const;
export const ZONE_NOUNS = { zone: "zone", live: "live zone" } as const;

/** What waits for an unknown zone, its name or its set, by kind of zone. */
const ZONE_REASONS = {
  zone: SkippedReasons.zone,
  name: SkippedReasons.zoneName,
  set: SkippedReasons.zoneSet,
};
const LIVE_ZONE_REASONS = {
  zone: SkippedReasons.liveZone,
  name: SkippedReasons.liveZoneName,
  set: SkippedReasons.liveZoneSet,
};

const ZONE_FIELDS = Object.keys(AcnsZone.shape);

function hasUnknownField(raw: unknown, isUnknown: IsUnknown): boolean {
  if (isUnknown(raw)) return true;
  if (!isObject(raw)) return false;
  const { restoreTo } = raw;
  return (
    ZONE_FIELDS.some((key) => isUnknown(raw[key])) ||
    (isObject(restoreTo) && Object.values(restoreTo).some(isUnknown))
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
): Omit<ZoneFields, "name" | "nameValid"> | undefined {
  const list = ZONE_LISTS[kind];
  const path = [...state.prefix, list, index];
  const reasons = kind === "live" ? LIVE_ZONE_REASONS : ZONE_REASONS;
  if (isUnknownIn(state, raw)) {
    skip(state, path, ZONE_CODES, reasons.zone(index));
    return { ...createZoneFields(), zoneIdUnknown: true, customSetUnknown: kind === "zone" };
  }
  const name = readField(raw, "name");
  const zoneId = readField(raw, "zoneId");
  const nsSet = readField(raw, "nsSet");
  const nameUnknown = isUnknownIn(state, name);
  const label =
    nameUnknown || typeof name !== "string"
      ? `${list}[${index}]`
      : `${ZONE_NOUNS[kind]} ${JSON.stringify(name)}`;
  if (nameUnknown) skip(state, [...path, "name"], ZONE_NAME_CODES, reasons.name(index));
  const zoneIdUnknown = isUnknownIn(state, zoneId);
  if (zoneIdUnknown) skip(state, [...path, "zoneId"], ZONE_ID_CODES, SkippedReasons.zoneId(label));
  const nsSetUnknown = isUnknownIn(state, nsSet);
  if (nsSetUnknown) skip(state, [...path, "nsSet"], ZONE_SET_CODES, reasons.set(label));
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
    restoreTo: undefined,
  };
}

/** A zone occurrence whose name or set is unknown (undefined), which may turn out to be another's first. */
export interface OpenOccurrence {
  /** The occurrence's place in the order of occurrences: declared zones, then live zones. */
  rank: number;
  name: string | undefined;
  nsSet: number | undefined;
}

/**
 * The hand-written twins of `AcnsZone` and `AcnsLiveZone`: true only for input the schema accepts
 * (unknown keys, wrong types and out-of-range sets all go to zod). A live zone has no customSet,
 * and its nsSet is required and may be null.
 */
function isPlainZone(
  value: unknown,
  kind: "zone" | "live",
): value is { name: string; zoneId?: string; nsSet?: number | null; customSet?: string } {
  if (!isObject(value)) return false;
  for (const key in value)
    if (key !== "name" && key !== "zoneId" && key !== "nsSet" && (key !== "customSet" || kind === "live"))
      return false;
  if (typeof value.name !== "string") return false;
  const zoneId = value.zoneId;
  if (zoneId !== undefined && (typeof zoneId !== "string" || !CLOUDFLARE_ID.test(zoneId))) return false;
  if (kind === "live") return value.nsSet === null || isSetNumber(value.nsSet);
  const customSet = value.customSet;
  if (customSet !== undefined && typeof customSet !== "string") return false;
  return value.nsSet === undefined || isSetNumber(value.nsSet);
}

function isSetNumber(value: unknown): value is number {
  return (
    typeof value === "number" && Number.isInteger(value) && value >= hot.MIN_NS_SET && value <= hot.MAX_NS_SET
  );
}

const ZONE_HINTS: Readonly<Record<string, string>> = {
  name: 'the zone\'s domain name, e.g. "example.com"',
  zoneId: `the zone's id (${CLOUDFLARE_ID_RULE}), or leave it out`,
  nsSet: `a set number, ${NS_SET_RANGE}`,
  customSet: 'the key of a set of customSets, e.g. "edge", or leave customSet out',
  restoreTo: RESTORE_TO_HINT,
};

const LIVE_ZONE_HINTS: Readonly<Record<string, string>> = {
  ...ZONE_HINTS,
  nsSet: `the set the zone uses now (${NS_SET_RANGE}), or null when it is not on account custom nameservers`,
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
    name === undefined ? `${ZONE_LISTS[kind]}[${String(index)}]` : `${ZONE_NOUNS[kind]} "${name}"`;
  reportShapeIssues(state.issues, zodIssues, raw, path, {
    subject,
    fields: ZONE_FIELDS,
    subjects: name === undefined ? {} : { zones: [name] },
    hints: kind === "live" ? LIVE_ZONE_HINTS : ZONE_HINTS,
    optionalIds: ["zoneId"],
    describeNsSet: (value) =>
      `${subject} uses ns_set ${value}, which ${describeSetNumberProblem(value)}; ${SET_NUMBERING}; ` +
      (kind === "live"
        ? "refresh the live data"
        : usable.length > 0
          ? `use a declared set (${formatSetList(usable, "or")})`
          : USE_A_SET_NUMBER),
  });
}
