/**
 * The validator's checks of the set a zone uses: a declared, usable numbered set or custom set, and
 * the hierarchy rule (no two zones of one ancestor/descendant chain on one set).
 */
import {
  ALL_SETS_MASK,
  HIERARCHY_RULE,
  describeFreeSets,
  describeFullChain,
  describeSharedSet,
  findHierarchyConflicts,
  listHierarchyConflicts,
  listSetsInMask,
  relateZones,
  type ZoneSetTable,
} from "./hierarchy";
import { Limits, NAMES_PER_SET_RANGE } from "./limits";
import { getOrInsert } from "./collections";
import { describeOccurrence, type OpenOccurrence, type Occurrence } from "./validate-zone-fields";
import { readHintMask, report, type AccountState } from "./validate-state";
import { formatSetList } from "./wording";

/** A declared zone on a Custom Nameserver Set. */
export interface CustomSetZone {
  name: string;
  key: string;
  index: number;
}

/** The checks of a zone's `customSet`: not beside `nsSet`, and a declared key. `name` undefined when unknown. */
export function checkZoneCustomSet(
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
export function warnCustomSetHierarchy(
  customZones: readonly CustomSetZone[],
  openCustom: readonly { rank: number; name: string | undefined }[],
  state: AccountState,
): void {
  const byKey = new Map<string, Map<string, number>>();
  for (const { name, key, index } of customZones) {
    const firstIndex = getOrInsert(byKey, key, () => new Map<string, number>());
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
      const relation = relateZones(descendant, ancestor) ?? "ancestor";
      report(
        state.warnings,
        "custom-set-hierarchy-conflict",
        [...state.prefix, "zones", index, "customSet"],
        `${describeSharedSet(descendant, relation, ancestor, `custom set ${JSON.stringify(key)}`)}; ` +
          "Cloudflare documents the hierarchy rule for numbered sets only, and the emulator applies it to each " +
          "Custom Nameserver Set (docs/decisions/010), so the API may refuse the zone; if it does, give " +
          `"${descendant}" another set`,
        { zones: [descendant, ancestor], customSets: [key] },
      );
    }
  }
}

/** Why set `nsSet` cannot take zones, e.g. `is not declared`. */
export function describeUnusableSet(nsSet: number, state: AccountState): string {
  const size = state.declaredSizes.get(nsSet);
  if (size === undefined) return "is not declared";
  return size === 0 ? "has no nameservers" : `has only ${size} nameserver`;
}
/** Reports a zone on a set zones cannot use; `name` undefined when it is unknown (a declared zone). */
export function reportUnknownSet(
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
    : `declare set ${nsSet} with ${NAMES_PER_SET_RANGE} nameservers`;
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
    : `zones can use only declared sets with ${NAMES_PER_SET_RANGE} nameservers`;
  report(
    state.issues,
    "unknown-set",
    describeOccurrence(occurrence, state.prefix, "nsSet"),
    `${who} uses ns_set ${nsSet}${omitted}, which ${describeUnusableSet(nsSet, state)}; ${why}; ${repair}${alternative}`,
    { zones: name === undefined ? [] : [name], sets: [nsSet] },
  );
}

export function reportHierarchyConflicts(
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
    const relation = relateZones(deeper, upper) ?? "ancestor";
    const chainMask = chainMasks[descendant] ?? 0;
    const free = listSetsInMask(hintMask & ~chainMask);
    let fix: string;
    if (free.length > 0) {
      const freeText = describeFreeSets(free);
      fix = deeperIsLive
        ? `declare "${deeper}" here with another set (${freeText}), or give "${upper}" another set`
        : `give "${deeper}" another set (${freeText})`;
    } else {
      const candidates = listSetsInMask(ALL_SETS_MASK & ~hintMask & ~chainMask);
      fix =
        candidates.length > 0
          ? `no usable set is free on the chain of "${deeper}"; declare another set ` +
            `(${formatSetList(candidates, "or")} would be free there) and give it to "${deeper}"`
          : describeFullChain(`the chain of "${deeper}"`);
    }
    report(
      state.issues,
      "hierarchy-conflict",
      describeOccurrence(occurrence, state.prefix, "nsSet"),
      `${describeSharedSet(deeper, relation, upper, `ns_set ${nsSet}`, {
        zone: deeperIsLive ? live : "",
        other: ancestor >= declaredEntries ? live : "",
      })}; ${HIERARCHY_RULE}; ${fix}`,
      { zones: [deeper, upper], sets: [nsSet] },
    );
  }
}
