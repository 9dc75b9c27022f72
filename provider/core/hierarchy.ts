/**
 * Cloudflare's hierarchy rule (no two zones on one ancestor/descendant chain use the same set): the
 * relation between two names, the rule's wording, and the linear whole-account pair finder
 * (docs/decisions/001-hierarchy-check.md).
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { Limits, NS_SET_RANGE } from "./limits";
import {
  addString,
  createStringTable,
  findString,
  findSuffix,
  HASH_BASE,
  type StringTable,
} from "./string-table";
import { formatSetList } from "./wording";

/**
 * The account's zones that use a set, one entry per distinct normalised name. A name listed twice
 * merges its sets into one mask, so the verdict does not depend on which occurrence comes first.
 */
export interface ZoneSetTable {
  /** Normalised, valid zone names by entry. */
  names: StringTable;
  /** Bit `1 << s` is set when some occurrence of the entry uses set `s`. */
  masks: Uint8Array;
}

/** One conflicting pair: entry indices into a {@link ZoneSetTable}, and the shared set. */
export interface HierarchyConflict {
  ancestor: number;
  descendant: number;
  nsSet: number;
}

/** What {@link findHierarchyConflicts} learns about a table. */
export interface HierarchyAnalysis {
  /** Each conflicting pair once per shared set, grouped by descendant in table order, the ancestor nearest the root first. */
  conflicts: HierarchyConflict[];
  /** Per entry, the mask of sets used by every other zone on its chain (ancestors and descendants). */
  chainMasks: Uint8Array;
}

export function maskOfSet(nsSet: number): number {
  return 1 << nsSet;
}

/** The set numbers in a mask, ascending. */
export function listSetsInMask(mask: number): number[] {
  const sets: number[] = [];
  for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) if ((mask & (1 << s)) !== 0) sets.push(s);
  return sets;
}

/** The mask of every set number 1-5. */
export const ALL_SETS_MASK = ((1 << (Limits.MAX_NS_SET + 1)) - 1) & ~((1 << Limits.MIN_NS_SET) - 1);

const CODE_DOT = 46;

/**
 * The hot imports, bound once: esbuild (which `tsx` runs) compiles every use of an import into a
 * getter call, which in the loops below would be one call per character.
 */
const hot = { addString, findSuffix, HASH_BASE } as const;

/** An empty table with room for `capacity` zones (it grows past that). */
export function createZoneSetTable(capacity: number): ZoneSetTable {
  return { names: createStringTable(capacity), masks: new Uint8Array(Math.max(capacity, 16)) };
}

/** The entry of zone `name`, or -1. */
export function findZoneEntry(table: ZoneSetTable, name: string): number {
  return findString(table.names, name);
}

/** Records that zone `name` (normalised and valid) uses set `nsSet`; returns its entry (a new name's is the old count). */
export function addZoneSet(table: ZoneSetTable, name: string, nsSet: number): number {
  const entry = hot.addString(table.names, name);
  if (entry === table.masks.length) {
    const masks = new Uint8Array(entry * 2);
    masks.set(table.masks);
    table.masks = masks;
  }
  table.masks[entry] = (table.masks[entry] ?? 0) | maskOfSet(nsSet);
  return entry;
}

export function countZoneEntries(table: ZoneSetTable): number {
  return table.names.keys.length;
}

/**
 * Finds every pair of zones on one ancestor/descendant chain that share a set. One right-to-left
 * pass over each name yields the hash of each label suffix, probed once in the table: a suffix that
 * is a zone is an ancestor, so each pair is found once, from the deeper side, which also collects
 * the sets used above each zone and, pushed up, below it. O(total characters) plus O(conflicts).
 */
export function findHierarchyConflicts(table: ZoneSetTable): HierarchyAnalysis {
  const { masks } = table;
  const names = table.names.keys;
  const count = names.length;
  const above = new Uint8Array(count);
  const below = new Uint8Array(count);
  const conflicts: HierarchyConflict[] = [];
  for (let entry = 0; entry < count; entry++) {
    const name = names[entry] ?? "";
    // A name of two labels (an apex such as "example.com") has no ancestor that can be a zone.
    if (name.indexOf(".") === name.lastIndexOf(".")) continue;
    const mask = masks[entry] ?? 0;
    let hash = 0;
    let power = 1;
    // A one-label suffix is a top-level domain, never a zone: probing starts at the second dot from the right.
    let dotsSeen = 0;
    for (let i = name.length - 1; i > 0; i--) {
      const c = name.charCodeAt(i);
      if (c === CODE_DOT && ++dotsSeen >= 2) {
        const ancestor = hot.findSuffix(table.names, name, i + 1, hash);
        if (ancestor !== -1) {
          const ancestorMask = masks[ancestor] ?? 0;
          above[entry] = (above[entry] ?? 0) | ancestorMask;
          below[ancestor] = (below[ancestor] ?? 0) | mask;
          const shared = ancestorMask & mask;
          if (shared !== 0) {
            for (const nsSet of listSetsInMask(shared))
              conflicts.push({ ancestor, descendant: entry, nsSet });
          }
        }
      }
      hash = (hash + Math.imul(c, power)) | 0;
      power = Math.imul(power, hot.HASH_BASE);
    }
  }
  const chainMasks = above;
  for (let entry = 0; entry < count; entry++) chainMasks[entry] = (above[entry] ?? 0) | (below[entry] ?? 0);
  return { conflicts, chainMasks };
}

/** A named conflict, for callers that hold a plain list of zones. */
export interface NamedHierarchyConflict {
  ancestor: string;
  descendant: string;
  nsSet: number;
}

/** Every conflicting pair in a plain list of zones whose names are normalised and valid. */
export function listHierarchyConflicts(
  zones: readonly { name: string; nsSet: number }[],
): NamedHierarchyConflict[] {
  const table = createZoneSetTable(zones.length);
  for (const zone of zones) addZoneSet(table, zone.name, zone.nsSet);
  return findHierarchyConflicts(table).conflicts.map((conflict) => ({
    ancestor: table.names.keys[conflict.ancestor] ?? "",
    descendant: table.names.keys[conflict.descendant] ?? "",
    nsSet: conflict.nsSet,
  }));
}

/** How `other` stands to `zone` on its ancestor/descendant chain, as messages name it. */
export type ZoneRelation = "parent" | "ancestor" | "child" | "descendant";

/**
 * How `other` stands to `zone` (both normalised), or undefined off its chain: siblings, cousins,
 * unrelated names and the same name. By whole labels, so `ample.com` is not a parent of
 * `example.com`, and reverse zones work alike (`1.10.in-addr.arpa` is a child of `10.in-addr.arpa`).
 */
export function relateZones(zone: string, other: string): ZoneRelation | undefined {
  if (isSubdomainOf(zone, other)) return countLabelsBetween(zone, other) === 1 ? "parent" : "ancestor";
  if (isSubdomainOf(other, zone)) return countLabelsBetween(other, zone) === 1 ? "child" : "descendant";
  return undefined;
}

/** The rule as messages state it. */
export const HIERARCHY_RULE = "zones on one ancestor/descendant chain must use different sets";

/**
 * The subject of a hierarchy message, e.g. `zone "a.example.com" and its parent "example.com" both
 * use ns_set 1`; a note follows its zone's name, e.g. ` (live, not declared here)`.
 */
export function describeSharedSet(
  zone: string,
  relation: ZoneRelation,
  other: string,
  set: string,
  notes: { zone?: string; other?: string } = {},
): string {
  return `zone "${zone}"${notes.zone ?? ""} and its ${relation} "${other}"${notes.other ?? ""} both use ${set}`;
}

/** The set numbers not in `used`, ascending. */
export function listFreeSets(used: Iterable<number | null>): number[] {
  let mask = ALL_SETS_MASK;
  for (const nsSet of used) if (nsSet !== null) mask &= ~maskOfSet(nsSet);
  return listSetsInMask(mask);
}

/** `2 and 3 are free on its chain`: the sets a zone can move to (`free` not empty). */
export function describeFreeSets(free: readonly number[]): string {
  return `${formatSetList(free, "and")} ${free.length === 1 ? "is" : "are"} free on its chain`;
}

/** The fix when no set is free on a chain, e.g. `every set 1-5 is used on its chain; take one ...`. */
export function describeFullChain(chain = "its chain"): string {
  return (
    `every set ${NS_SET_RANGE} is used on ${chain}; ` +
    "take one of these zones off account custom nameservers"
  );
}

/**
 * True when normalised `name` lies strictly below `ancestor`, by whole labels (a dot must precede
 * the suffix): `a.example.com` is under `example.com`, `badexample.com` is not.
 */
export function isSubdomainOf(name: string, ancestor: string): boolean {
  return (
    name.length > ancestor.length + 1 &&
    ancestor.length > 0 &&
    name.endsWith(ancestor) &&
    name.charCodeAt(name.length - ancestor.length - 1) === CODE_DOT
  );
}

/** True when two normalised names lie on one ancestor/descendant chain (and differ). */
export function isAncestorOrDescendant(a: string, b: string): boolean {
  return isSubdomainOf(a, b) || isSubdomainOf(b, a);
}

/** Labels between `name` and its ancestor: 1 for a parent. Assumes {@link isSubdomainOf}. */
export function countLabelsBetween(name: string, ancestor: string): number {
  let count = 0;
  const end = name.length - ancestor.length - 1;
  for (let i = 0; i < end; i++) if (name.charCodeAt(i) === CODE_DOT) count++;
  return count + 1;
}
