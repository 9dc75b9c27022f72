/**
 * The transition planner's model: every zone's start and end, the sets at both ends, one node per
 * step, and the helpers the constraints and the messages read it with.
 */
import type { AccountNameserverType } from "./cloudflare";
import { ALL_SETS_MASK, listSetsInMask, maskOfSet } from "./hierarchy";
import { Limits, NAMES_PER_SET_RANGE } from "./limits";
import { isAncestorOrDescendant, normaliseName } from "./names";
import type { AcnsAccountSnapshot, AcnsTransitionStep, AcnsTransitionTarget } from "./transition-plan";
import { compareText } from "./collections";
import { formatSetList } from "./wording";

export interface ZoneInfo {
  start: number | null;
  end: number | null;
  managed: boolean;
  /** The key of the Custom Nameserver Set the zone ends on (`end` null, but its binding stays). */
  customSet?: string;
  /** Zones on its ancestor/descendant chain, by name; filled on demand. */
  chain?: string[];
}

export interface Model {
  liveSets: Map<number, string[]>;
  targetSets: Map<number, string[]>;
  keepUndeclared: boolean;
  liveSetOf: Map<string, number>;
  zones: Map<string, ZoneInfo>;
  zoneNames: string[];
  liveDefault: string;
  targetDefault: AccountNameserverType | undefined;
  /** The creates and updates: the steps the order is about. */
  nodes: AcnsTransitionStep[];
  setNode: Map<number, number>;
  zoneNode: Map<string, number>;
  defaultNode: number | undefined;
}

export function buildModel(live: AcnsAccountSnapshot, target: AcnsTransitionTarget): Model {
  const liveSets = new Map<number, string[]>();
  const liveSetOf = new Map<string, number>();
  for (const set of live.sets) {
    const names = listNames(set.nameservers);
    const merged = [...new Set([...(liveSets.get(set.nsSet) ?? []), ...names])].sort();
    if (merged.length > 0) liveSets.set(set.nsSet, merged);
    for (const name of names) {
      const other = liveSetOf.get(name);
      if (other !== undefined && other !== set.nsSet) {
        throw new Error(
          `planAcnsTransition: live nameserver "${name}" is in set ${other} and set ${set.nsSet}`,
        );
      }
      liveSetOf.set(name, set.nsSet);
    }
  }
  const targetSets = new Map<number, string[]>();
  const claimed = new Map<string, number>();
  for (const set of target.sets) {
    if (targetSets.has(set.nsSet)) throw new Error(`planAcnsTransition: set ${set.nsSet} is declared twice`);
    const names = listNames(set.nameservers);
    if (names.length < Limits.MIN_NAMES_PER_SET || names.length > Limits.MAX_NAMES_PER_SET) {
      throw new Error(
        `planAcnsTransition: set ${set.nsSet} has ${names.length} names; validate the target first`,
      );
    }
    for (const name of names) {
      const other = claimed.get(name);
      if (other !== undefined) {
        throw new Error(
          `planAcnsTransition: nameserver "${name}" is declared in set ${other} and set ${set.nsSet}`,
        );
      }
      claimed.set(name, set.nsSet);
    }
    targetSets.set(set.nsSet, names);
  }

  const zones = new Map<string, ZoneInfo>();
  for (const zone of live.zones) {
    zones.set(normaliseName(zone.name), { start: zone.nsSet, end: zone.nsSet, managed: false });
  }
  for (const zone of target.zones) {
    const name = normaliseName(zone.name);
    const info = zones.get(name);
    if (info?.managed === true) throw new Error(`planAcnsTransition: zone "${name}" is listed twice`);
    const start = info?.start ?? null;
    zones.set(
      name,
      zone.customSet === undefined
        ? { start, end: zone.nsSet === undefined ? Limits.DEFAULT_NS_SET : zone.nsSet, managed: true }
        : { start, end: null, managed: true, customSet: zone.customSet },
    );
  }
  const zoneNames = [...zones.keys()].sort(compareText);

  const model: Model = {
    liveSets,
    targetSets,
    keepUndeclared: target.undeclaredSets === "keep",
    liveSetOf,
    zones,
    zoneNames,
    liveDefault: live.defaultNameservers,
    targetDefault: target.defaultNameservers,
    nodes: [],
    setNode: new Map(),
    zoneNode: new Map(),
    defaultNode: undefined,
  };
  for (const [nsSet, names] of [...targetSets].sort((a, b) => a[0] - b[0])) {
    const current = liveSets.get(nsSet) ?? [];
    const add = names.filter((n) => !current.includes(n));
    const remove = current.filter((n) => !names.includes(n));
    if (add.length === 0 && remove.length === 0) continue;
    model.setNode.set(nsSet, model.nodes.length);
    model.nodes.push({ kind: "set", nsSet, add, remove });
  }
  for (const name of zoneNames) {
    const info = zones.get(name);
    if (info === undefined) continue;
    let step: AcnsTransitionStep;
    if (info.end !== null && info.end !== info.start) {
      step = { kind: "zone", zone: name, from: info.start, to: info.end };
    } else if (info.customSet !== undefined && info.start !== null) {
      // Leaving a numbered set for a Custom Nameserver Set: a binding update, like any zone leaving.
      step = { kind: "zone", zone: name, from: info.start, to: null, customSet: info.customSet };
    } else {
      continue;
    }
    model.zoneNode.set(name, model.nodes.length);
    model.nodes.push(step);
  }
  if (target.defaultNameservers !== undefined && target.defaultNameservers !== live.defaultNameservers) {
    model.defaultNode = model.nodes.length;
    model.nodes.push({ kind: "default", from: live.defaultNameservers, to: target.defaultNameservers });
  }
  return model;
}

function listNames(names: readonly string[]): string[] {
  return [...new Set(names.map(normaliseName))].sort();
}

export function isDeclared(model: Model, nsSet: number): boolean {
  return model.targetSets.has(nsSet);
}

/** The names of a set once the update is done (a deleted set has none). */
export function listEndNames(model: Model, nsSet: number): string[] {
  return model.targetSets.get(nsSet) ?? (model.keepUndeclared ? (model.liveSets.get(nsSet) ?? []) : []);
}

export function listLiveNames(model: Model, nsSet: number): string[] {
  return model.liveSets.get(nsSet) ?? [];
}

export function listChain(model: Model, name: string): string[] {
  const info = model.zones.get(name);
  if (info === undefined) return [];
  info.chain ??= model.zoneNames.filter((other) => isAncestorOrDescendant(name, other));
  return info.chain;
}

/** `custom set "edge"`, or `its Custom Nameserver Set` when the key is not known. */
export function describeCustomSet(key: string | undefined): string {
  return key === undefined ? "its Custom Nameserver Set" : `custom set "${key}"`;
}

/** The lowest set number no declared or live set and no zone on the chain of `name` uses, or null. */
export function findSteppingStone(model: Model, name: string): number | null {
  let used = 0;
  for (const nsSet of model.targetSets.keys()) used |= maskOfSet(nsSet);
  for (const nsSet of model.liveSets.keys()) used |= maskOfSet(nsSet);
  for (const zone of [name, ...listChain(model, name)]) {
    const info = model.zones.get(zone);
    if (info?.start != null) used |= maskOfSet(info.start);
    if (info?.end != null) used |= maskOfSet(info.end);
  }
  return listSetsInMask(ALL_SETS_MASK & ~used)[0] ?? null;
}

export function describeSteppingStone(model: Model, name: string, stone: number | null): string {
  if (stone !== null) {
    return (
      `move "${name}" through a free set first: declare set ${stone} with ${NAMES_PER_SET_RANGE} new names, ` +
      `put "${name}" on it and apply, then apply this configuration ` +
      `(set ${stone} is the lowest number no set and no zone on the chain of "${name}" uses)`
    );
  }
  const used = listSetsInMask(ALL_SETS_MASK);
  return (
    `no set number is free to move "${name}" through (${formatSetList(used, "and")} are all declared, live or ` +
    `used on its chain); take one of these zones off account custom nameservers in a first update, then apply ` +
    `this configuration`
  );
}

export function listDeletes(model: Model): AcnsTransitionStep[] {
  const deletes: AcnsTransitionStep[] = [];
  for (const name of model.zoneNames) {
    const info = model.zones.get(name);
    if (info?.managed === true && info.customSet === undefined && info.end === null && info.start !== null) {
      deletes.push({ kind: "zone-delete", zone: name, from: info.start });
    }
  }
  if (!model.keepUndeclared) {
    for (const [nsSet, names] of [...model.liveSets].sort((a, b) => a[0] - b[0])) {
      if (!isDeclared(model, nsSet)) deletes.push({ kind: "set-delete", nsSet, remove: [...names] });
    }
  }
  return deletes;
}
