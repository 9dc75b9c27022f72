/**
 * The validator's zone checks over `zones` and `liveZones`: names, duplicates, ids, the sets zones
 * use, and the hierarchy rule over declared and live zones together.
 */
import { AcnsLiveZone, AcnsZone } from "./config";
import { checkRestoreTarget } from "./zone-nameservers";
import { addZoneSet, countZoneEntries, createZoneSetTable, findZoneEntry, maskOfSet } from "./hierarchy";
import { Limits } from "./limits";
import { addString, createStringTable, type StringTable } from "./string-table";
import { SkippedReasons } from "./unknown-values";
import { ZONE_CODES, isUnknownIn, report, skip, type AccountState } from "./validate-state";
import {
  createZoneFields,
  describeOccurrence,
  readZone,
  reportDuplicateZone,
  type OpenOccurrence,
  type Occurrence,
} from "./validate-zone-fields";
import {
  checkZoneCustomSet,
  reportHierarchyConflicts,
  reportUnknownSet,
  warnCustomSetHierarchy,
  type CustomSetZone,
} from "./validate-zone-sets";

/**
 * What the per-zone loop calls, bound once: esbuild (which `tsx` runs) compiles every use of an
 * import into a getter call, which on a million zones costs about a fifth of the run.
 */
const hot = {
  addZoneSet,
  countZoneEntries,
  addString,
  maskOfSet,
  DEFAULT_NS_SET: Limits.DEFAULT_NS_SET,
} as const;

export interface ZoneResults {
  zones: AcnsZone[];
  liveZones: AcnsLiveZone[] | undefined;
}

export function checkZones(
  rawZones: readonly unknown[],
  rawLiveZonesInput: unknown,
  state: AccountState,
  declaredUnknown: boolean,
): ZoneResults {
  const { prefix, issues } = state;
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

  const read = createZoneFields();
  for (let i = 0; i < rawZones.length; i++) {
    if (!readZone(rawZones[i], i, "zone", state, read)) continue;
    const { name, zoneId, customSet, customSetUnknown, nsSetOmitted, restoreTo } = read;
    if (read.zoneIdUnknown) zoneIdOwners.unknownIds++;
    /** The `nsSet` the zone gives, when known (undefined when omitted or unknown). */
    const givenNsSet = nsSetOmitted ? undefined : (read.nsSet ?? undefined);
    // A zone on a custom set is on no numbered set; one whose custom set is unknown may be.
    const nsSet = customSet !== undefined || customSetUnknown ? undefined : (read.nsSet ?? undefined);
    if (customSet !== undefined) checkZoneCustomSet(name, i, customSet, givenNsSet, state);
    if (nsSet !== undefined && isUnusable(nsSet)) reportUnknownSet(name, nsSet, i, nsSetOmitted, state);
    const owner = zoneId === undefined ? -1 : claimZoneId(zoneIdOwners, zoneId, name, i);
    if (name === undefined) {
      if (firstUnknownName === -1) firstUnknownName = i;
      if (customSet === undefined) open.push({ rank: i, name: undefined, nsSet });
      if (customSet !== undefined || customSetUnknown) openCustom.push({ rank: i, name: undefined });
      continue;
    }
    if (customSet !== undefined || nsSet !== undefined) {
      zones[i] = {
        name,
        ...(zoneId === undefined ? {} : { zoneId }),
        ...(customSet === undefined ? { nsSet } : { customSet }),
        ...(restoreTo === undefined ? {} : { restoreTo }),
      };
    }
    if (customSet === undefined && nsSet !== undefined) {
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
    if (read.nameValid) {
      const entry = nsSet === undefined ? recordName(name, i) : recordOccurrence(name, nsSet, i);
      // A zone on a custom set is declared (it replaces the live zone of its name) on no numbered set.
      if (nsSet === undefined && customSet === undefined) open.push({ rank: i, name, nsSet: undefined });
      if (customSet !== undefined) customZones.push({ name, key: customSet, index: i });
      if (customSetUnknown) openCustom.push({ rank: i, name });
      if (firstOccurrence[entry] !== i)
        reportDuplicateZone(name, firstOccurrence[entry] ?? 0, i, "zone", state);
    }
    const ownerName = zoneIdOwners.names[owner] ?? name;
    if (zoneId !== undefined && ownerName !== name && zoneIdOwners.uncertain[owner] !== true) {
      const both = [ownerName, name].sort();
      report(
        issues,
        "duplicate-zone-id",
        [...prefix, "zones", i, "zoneId"],
        `zoneId "${zoneId}" is given to both "${both[0] ?? ""}" and "${both[1] ?? ""}"; every zone has its own ` +
          "id; give each zone its own id, or leave zoneId out",
        { zones: both },
      );
    }
  }

  const declaredEntries = hot.countZoneEntries(table);
  let liveZones: AcnsLiveZone[] | undefined;
  if (rawLiveZones !== undefined && Array.isArray(rawLiveZones)) {
    liveZones = new Array<AcnsLiveZone>(liveList.length);
    const firstLiveIndex = new Map<string, number>();
    for (let j = 0; j < liveList.length; j++) {
      if (!readZone(liveList[j], j, "live", state, read)) continue;
      const { name, zoneId, nsSet } = read;
      const occurrence: Occurrence = -(j + 1);
      if (read.zoneIdUnknown) zoneIdOwners.unknownIds++;
      if (name === undefined) {
        if (nsSet !== null) open.push({ rank: rawZones.length + j, name: undefined, nsSet });
        if (zoneId !== undefined) claimZoneId(zoneIdOwners, zoneId, undefined, occurrence);
        continue;
      }
      if (nsSet !== undefined)
        liveZones[j] = zoneId === undefined ? { name, nsSet } : { name, zoneId, nsSet };
      const firstLive = firstLiveIndex.get(name);
      if (firstLive !== undefined) reportDuplicateZone(name, firstLive, j, "live", state);
      else firstLiveIndex.set(name, j);
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
      if (isDeclared || !read.nameValid || nsSet === null || firstUnknownName !== -1) continue;
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
