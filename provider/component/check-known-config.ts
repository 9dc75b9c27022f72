/**
 * Checking a configuration of which only part is known: during `pulumi preview`, values computed
 * from other resources are unknown until apply. Each unknown value is set aside (or stood in for by
 * a value that cannot cause an issue), the core validator checks the rest, and issues that only a
 * stand-in could have caused are dropped. What could not be checked comes back as data, so the
 * component can say exactly what waits until apply.
 *
 * Pure: no Pulumi, no I/O. The unknown marker is the engine's sentinel string, as
 * `pulumi.runtime.serializeProperty` renders an unknown output.
 */
import type { AcnsIssue, AcnsIssuePath } from "../core/config";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { formatIssuePath, validateAcnsConfig } from "../core/validate";
import { containsUnknown, isUnknown } from "../resources/unknowns";

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
  /** The unknown values, in configuration order; empty when everything was known. */
  unchecked: UncheckedValue[];
}

/** Stands in for an unknown account id; any valid id would do, since no rule relates two accounts here. */
const PLACEHOLDER_ACCOUNT_ID = "0".repeat(32);

/** `.invalid` is reserved (RFC 2606), so a stand-in can never equal a real nameserver. */
const PLACEHOLDER_DOMAIN = "acns-unknown.invalid";

/** Issue codes that only the names themselves decide, checked for zones whose set is unknown. */
const ZONE_NAME_CODES: ReadonlySet<string> = new Set(["invalid-zone-name", "duplicate-zone"]);

/** Issue codes about a set's size, which a set with an unknown name cannot settle. */
const SET_SIZE_CODES: ReadonlySet<string> = new Set(["set-too-small", "set-too-large"]);

type Config = Record<string, unknown>;

/**
 * Checks a configuration (one account, the {@link AcnsConfig} shape) whose values may be the
 * engine's unknown sentinel. With nothing unknown this is exactly {@link validateAcnsConfig}.
 *
 * Otherwise: an unknown account id is stood in for; an unknown default or `liveZones` entry is left
 * out; an unknown nameserver is stood in for by a unique `.invalid` name (so zones may still use the
 * set, and the set's size is not judged); a zone with an unknown id is checked without it; a zone
 * with an unknown set is left out of the set and hierarchy rules, its name still checked. Set
 * numbers and zone names must be known (the component's structure needs them anyway).
 */
export function checkKnownConfig(config: unknown): KnownConfigVerdict {
  if (!containsUnknown(config)) return { issues: listIssues(validateAcnsConfig(config)), unchecked: [] };
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    // Only values inside an account object are ever unknown; anything else the validator explains.
    return { issues: listIssues(validateAcnsConfig(config)), unchecked: [] };
  }
  const unchecked: UncheckedValue[] = [];
  const known: Config = { ...(config as Config) };
  const placeholders = new Set<string>();
  const setsWithPlaceholders = new Set<number>();

  if (isUnknown(known.accountId)) {
    known.accountId = PLACEHOLDER_ACCOUNT_ID;
    unchecked.push({ path: ["accountId"], checks: "the account id's format" });
  }
  if (isUnknown(known.defaultNameservers)) {
    delete known.defaultNameservers;
    unchecked.push({
      path: ["defaultNameservers"],
      checks: `the default for new zones, and whether set ${Limits.DEFAULT_NS_SET} can serve it`,
    });
  }
  if (Array.isArray(known.sets)) {
    known.sets = known.sets.map((set: unknown, i) =>
      standInForNameservers(set, i, placeholders, setsWithPlaceholders, unchecked),
    );
  }

  // Zones with an unknown set leave the main check; `zoneIndex` maps the check's indices back.
  const zoneIndex: number[] = [];
  const setAsideZones: number[] = [];
  if (Array.isArray(known.zones)) {
    const zones: unknown[] = [];
    known.zones.forEach((zone: unknown, i) => {
      if (!isRecord(zone)) {
        zones.push(zone);
        zoneIndex.push(i);
        return;
      }
      const copy: Config = { ...zone };
      const label = describeZone(copy.name, i);
      if (isUnknown(copy.zoneId)) {
        delete copy.zoneId;
        unchecked.push({
          path: ["zones", i, "zoneId"],
          checks: `the id of ${label} (its format, and that no other zone has it)`,
        });
      }
      if (isUnknown(copy.nsSet)) {
        setAsideZones.push(i);
        unchecked.push({
          path: ["zones", i, "nsSet"],
          checks: `which set ${label} uses: that the set is usable, and the hierarchy rule on the zone's chain`,
        });
        return;
      }
      zones.push(copy);
      zoneIndex.push(i);
    });
    known.zones = zones;
  }

  const liveIndex: number[] = [];
  if (isUnknown(known.liveZones)) {
    delete known.liveZones;
    unchecked.push({ path: ["liveZones"], checks: "the live zones, and the hierarchy rule against them" });
  } else if (Array.isArray(known.liveZones)) {
    const live: unknown[] = [];
    known.liveZones.forEach((zone: unknown, j) => {
      if (containsUnknown(zone)) {
        const label = isRecord(zone) ? describeZone(zone.name, j) : `live zone ${j}`;
        unchecked.push({ path: ["liveZones", j], checks: `${label}, and the hierarchy rule against it` });
        return;
      }
      live.push(zone);
      liveIndex.push(j);
    });
    known.liveZones = live;
  }

  const issues = listIssues(validateAcnsConfig(known))
    .map((issue) => restoreIndices(issue, zoneIndex, liveIndex))
    .filter((issue) => !isCausedByStandIn(issue, placeholders, setsWithPlaceholders));
  if (setAsideZones.length > 0) {
    issues.push(...checkSetAsideZoneNames(config as Config, setAsideZones, issues));
    sortByEntry(issues);
  }
  return { issues, unchecked };
}

/** Renders unknown values for a warning: one `path: checks` line each. */
export function formatUncheckedValues(unchecked: readonly UncheckedValue[]): string[] {
  return unchecked.map((value) => `${formatIssuePath(value.path)}: ${value.checks}`);
}

function listIssues(result: ReturnType<typeof validateAcnsConfig>): AcnsIssue[] {
  return result.ok ? [] : result.issues;
}

function isRecord(value: unknown): value is Config {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeZone(name: unknown, index: number): string {
  return typeof name === "string" ? `zone ${JSON.stringify(name)}` : `zones[${index}]`;
}

function standInForNameservers(
  set: unknown,
  i: number,
  placeholders: Set<string>,
  setsWithPlaceholders: Set<number>,
  unchecked: UncheckedValue[],
): unknown {
  if (!isRecord(set)) return set;
  const label = typeof set.nsSet === "number" ? `set ${set.nsSet}` : `sets[${i}]`;
  const standIn = (j: number): string => {
    const name = `unknown-${i}-${j}.${PLACEHOLDER_DOMAIN}`;
    placeholders.add(name);
    setsWithPlaceholders.add(i);
    return name;
  };
  if (isUnknown(set.nameservers)) {
    unchecked.push({
      path: ["sets", i, "nameservers"],
      checks: `the names of ${label}: their syntax, their number, and that none is in another set`,
    });
    return { ...set, nameservers: [standIn(0), standIn(1)] };
  }
  if (!Array.isArray(set.nameservers) || !set.nameservers.some(isUnknown)) return set;
  const nameservers = set.nameservers.map((name: unknown, j) => {
    if (!isUnknown(name)) return name;
    unchecked.push({
      path: ["sets", i, "nameservers", j],
      checks: `one name of ${label}: its syntax, that it is not listed twice or in another set, and the set's size`,
    });
    return standIn(j);
  });
  // The set's size waits for the unknown names; until then it counts as usable, so no zone on it is
  // refused for a size that is not known.
  for (let j = nameservers.length; j < Limits.MIN_NAMES_PER_SET; j++) nameservers.push(standIn(j));
  return { ...set, nameservers };
}

/**
 * Maps the indices of the reduced zone lists back to the configuration's own, in the path and in
 * the message (which names entries as `zones[3]` or `liveZones[0]`, e.g. for a duplicate).
 */
function restoreIndices(
  issue: AcnsIssue,
  zoneIndex: readonly number[],
  liveIndex: readonly number[],
): AcnsIssue {
  const restore = (field: unknown, index: number): number =>
    (field === "zones" ? zoneIndex[index] : field === "liveZones" ? liveIndex[index] : index) ?? index;
  const [field, index, ...rest] = issue.path;
  const path =
    typeof index === "number" && field !== undefined ? [field, restore(field, index), ...rest] : issue.path;
  const message = issue.message.replace(
    /\b(zones|liveZones)\[(\d+)\]/g,
    (_, list: string, n: string) => `${list}[${restore(list, Number(n))}]`,
  );
  return { ...issue, path, message };
}

const FIELD_ORDER = ["accountId", "defaultNameservers", "sets", "zones", "liveZones"];

/** Orders issues by the entry they are about (field, then index), keeping the validator's order within one. */
function sortByEntry(issues: AcnsIssue[]): void {
  const rank = (issue: AcnsIssue): [number, number] => {
    const [field, index] = issue.path;
    return [FIELD_ORDER.indexOf(String(field)), typeof index === "number" ? index : -1];
  };
  issues.sort((a, b) => {
    const [fa, ia] = rank(a);
    const [fb, ib] = rank(b);
    return fa - fb || ia - ib;
  });
}

function isCausedByStandIn(
  issue: AcnsIssue,
  placeholders: ReadonlySet<string>,
  setsWithPlaceholders: ReadonlySet<number>,
): boolean {
  if (issue.subjects.nameservers.some((name) => placeholders.has(name))) return true;
  if (issue.message.includes(PLACEHOLDER_DOMAIN)) return true;
  const [field, index] = issue.path;
  return (
    field === "sets" &&
    typeof index === "number" &&
    SET_SIZE_CODES.has(issue.code) &&
    setsWithPlaceholders.has(index)
  );
}

/**
 * The name rules for zones whose set is unknown: every zone is checked by name alone (all on one
 * usable stand-in set), and only name issues that involve a set-aside zone are kept, so nothing the
 * main check reported comes twice.
 */
function checkSetAsideZoneNames(
  config: Config,
  setAside: readonly number[],
  reported: readonly AcnsIssue[],
): AcnsIssue[] {
  const zones = Array.isArray(config.zones) ? config.zones : [];
  const setAsideNames = new Set<string>();
  for (const i of setAside) {
    const zone: unknown = zones[i];
    if (isRecord(zone) && typeof zone.name === "string") setAsideNames.add(normaliseName(zone.name));
  }
  const byName = validateAcnsConfig({
    accountId: PLACEHOLDER_ACCOUNT_ID,
    sets: [
      { nsSet: Limits.DEFAULT_NS_SET, nameservers: [`a.${PLACEHOLDER_DOMAIN}`, `b.${PLACEHOLDER_DOMAIN}`] },
    ],
    zones: zones.map((zone: unknown) => (isRecord(zone) ? { name: zone.name } : zone)),
  });
  const seen = new Set(reported.map(describeIssueKey));
  return listIssues(byName).filter((issue) => {
    if (!ZONE_NAME_CODES.has(issue.code)) return false;
    const index = issue.path[1];
    const involvesSetAside =
      (typeof index === "number" && setAside.includes(index)) ||
      issue.subjects.zones.some((name) => setAsideNames.has(name));
    return involvesSetAside && !seen.has(describeIssueKey(issue));
  });
}

function describeIssueKey(issue: AcnsIssue): string {
  return `${issue.code} ${JSON.stringify(issue.path)} ${issue.message}`;
}
