/**
 * The order of one update's changes to an account's custom nameservers: given the account as it is
 * and as it should be, the order of resource operations in which every state in between obeys
 * Cloudflare's rules and keeps every zone served, or why no order does. Pure: no I/O, no Pulumi.
 *
 * The operations are the ones the Pulumi engine can order, one per resource:
 * - a set's create or update (`AccountNameserverSet`): its new names are added one by one before its
 *   old ones are removed, one name removed first only when the set is full (resources'
 *   `planNameChanges`), and the update is refused while one of its new names is in another set. So a
 *   set never holds more than 5 names, and a set with 2 or more names never drops below 2;
 * - a zone's create or update (`ZoneAcnsBinding`): one PATCH that puts the zone on its set, numbered
 *   or a Custom Nameserver Set (which is on no numbered set: it leaves its numbered set there);
 * - the default's update (`AccountDefaultNameservers`): one PATCH;
 * - deletes, which the engine runs only after every create and update: first the bindings of zones
 *   taken off account custom nameservers, then the sets no longer declared (bindings depend on sets,
 *   and deletes go in reverse dependency order).
 *
 * Rules every state keeps: a name is in one set only; a set holds at most 5 names; a set a zone uses
 * holds 2-5 names, and so does set 1 once this plan made the default `custom.account`; no two zones
 * on one ancestor/descendant chain share a set. Continuity: a zone on account custom nameservers at
 * the start and at the end is on a set at every instant, and is served only by names of the set it
 * starts on (as that set is at the start) or of the set it ends on (as that set is at the end).
 *
 * Every constraint between two operations is decided by those two alone, so the plan is a partial
 * order: {@link AcnsTransitionPlan} lists its constraints, each from an earlier to a later step of
 * one total order, and any order (or concurrent run) that respects them is as safe as the one given.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import type { AccountNameserverType } from "./cloudflare";
import {
  ALL_SETS_MASK,
  HIERARCHY_RULE,
  listHierarchyConflicts,
  listSetsInMask,
  maskOfSet,
  relateZones,
} from "./hierarchy";
import { Limits } from "./limits";
import { isAncestorOrDescendant, normaliseName } from "./names";
import { formatNameList, formatSetList } from "./wording";

/** A set as the account has it or as the target wants it. */
export interface TransitionSet {
  nsSet: number;
  nameservers: readonly string[];
}

/** A zone and its set; `null` when it is not on account custom nameservers. */
export interface TransitionZone {
  name: string;
  nsSet: number | null;
}

/**
 * A zone the update manages: its numbered set, `null` when it leaves account custom nameservers,
 * or `customSet` (the key of a Custom Nameserver Set) when it ends on such a set. A zone on a
 * custom set is on no numbered set at the end, but its binding stays: see {@link AcnsTransitionTarget.zones}.
 */
export interface TransitionTargetZone {
  name: string;
  /** @default 1 (Cloudflare's default) when neither `nsSet` nor `customSet` is given */
  nsSet?: number | null | undefined;
  customSet?: string | undefined;
}

/** The account as it is: every custom nameserver by set, the zones (at least those on ACNS), the default. */
export interface AcnsAccountSnapshot {
  sets: readonly TransitionSet[];
  /** Zones not listed are taken to be off account custom nameservers. */
  zones: readonly TransitionZone[];
  /** `zone_defaults.nameservers.type` as read: verbatim, so also a type this package does not know. */
  defaultNameservers: string;
}

/** The account as it should be after one update. */
export interface AcnsTransitionTarget {
  /** The declared sets, each with 2-5 names, no name in two sets. */
  sets: readonly TransitionSet[];
  /**
   * The zones the update manages: a set number, or `null` for a zone taken off account custom
   * nameservers (its binding is deleted, after every create and update). Zones not listed keep
   * what they have. A zone with `customSet` ends on a Custom Nameserver Set, on no numbered set: a
   * zone on a numbered set at the start moves there in a zone step (`to: null`) that is ordered like
   * any zone leaving its set (a chain zone moving onto that set waits for it; the set adds names
   * only after it); one on no numbered set at the start has no step. The custom set's create is not
   * planned here: the caller orders the zone's move after it.
   */
  zones: readonly TransitionTargetZone[];
  /** @default left as the account has it (no operation) */
  defaultNameservers?: AccountNameserverType | undefined;
  /**
   * What happens to a set of the account that `sets` does not declare: `"delete"` (the engine
   * deletes it after every create and update, as `AcnsConfig` means it) or `"keep"` (it stays as it
   * is; e.g. the caller cannot tell whether it manages the set, and its delete comes last anyway).
   * @default "delete"
   */
  undeclaredSets?: "delete" | "keep";
}

/** One resource operation. */
export type AcnsTransitionStep =
  /** A set's create (`add` only) or update: adds its new names, then removes its old ones. */
  | { kind: "set"; nsSet: number; add: string[]; remove: string[] }
  /**
   * A zone's binding created or updated: the zone moves from `from` (`null`: off ACNS or on a Custom
   * Nameserver Set) to set `to`, or with `to: null` from set `from` to Custom Nameserver Set
   * `customSet` (the configuration's key), where it is on no numbered set.
   */
  | { kind: "zone"; zone: string; from: number | null; to: number; customSet?: undefined }
  | { kind: "zone"; zone: string; from: number; to: null; customSet: string }
  /** The default for new zones changes. */
  | { kind: "default"; from: string; to: AccountNameserverType }
  /** A zone's binding deleted (after every create and update): the zone leaves set `from`. */
  | { kind: "zone-delete"; zone: string; from: number }
  /** A set no longer declared, deleted after every create and update and every binding delete. */
  | { kind: "set-delete"; nsSet: number; remove: string[] };

/** Why one step must wait for another. */
export type AcnsTransitionReason = "name" | "hierarchy" | "continuity" | "size" | "default";

/** Step `after` may start only once step `before` has finished (indices into `steps`; `before < after`). */
export interface AcnsTransitionConstraint {
  before: number;
  after: number;
  reason: AcnsTransitionReason;
  /** The constraint in words, e.g. `set 2 can add "ns3.example.net" only after set 1 has removed it (...)`. */
  why: string;
}

/** Stable codes of {@link AcnsTransitionBlock}. */
export type AcnsTransitionBlockCode =
  /** A set wants a name that another set keeps (one this target does not declare). */
  | "name-kept"
  /** A set wants a name of a set that is deleted, which happens only after every create and update. */
  | "name-released-late"
  /** A zone wants a set that a zone on its chain leaves only when its binding is deleted, at the end. */
  | "zone-released-late"
  /** The state after the update would break a rule. */
  | "end-state"
  /** Steps that each must wait for another, round in a circle. */
  | "cycle";

/** Why no order exists: one problem, with what it involves. */
export interface AcnsTransitionBlock {
  code: AcnsTransitionBlockCode;
  /** One sentence in the house grammar: what is blocked, why, how to get there. */
  message: string;
  zones: string[];
  sets: number[];
  nameservers: string[];
  /**
   * For a problem about zones: the lowest set number that no declared or live set and no zone on the
   * chain of the zone to move uses, to move it through in a first update; `null` when none is free.
   */
  steppingStone?: number | null;
}

/** What {@link planAcnsTransition} found. */
export type AcnsTransitionPlan =
  | {
      ok: true;
      /** Every operation in one safe order: creates and updates, then zone deletes, then set deletes. */
      steps: AcnsTransitionStep[];
      /** The constraints between creates and updates that the order satisfies (deletes come last anyway). */
      constraints: AcnsTransitionConstraint[];
    }
  | { ok: false; blocks: AcnsTransitionBlock[] };

/**
 * Orders the operations that turn `live` into `target` so that every state in between, each name
 * added or removed inside a set's update included, obeys the rules and keeps zones served (see the
 * module comment), or explains why no order of them can. Throws only on a target no validator
 * would pass (a set of fewer than 2 or more than 5 names, a name in two sets, a set or zone listed
 * twice), or a live state Cloudflare cannot have (a name in two sets).
 *
 * Assumes the live state obeys the rules. Names in any spelling (normalised here).
 */
export function planAcnsTransition(
  live: AcnsAccountSnapshot,
  target: AcnsTransitionTarget,
): AcnsTransitionPlan {
  const model = buildModel(live, target);
  const blocks: AcnsTransitionBlock[] = [];
  const edges = collectConstraints(model, blocks);
  checkEndState(model, blocks);
  const order = orderSteps(model.nodes.length, edges);
  if (order.remaining.length > 0) blocks.push(...describeCycles(model, edges, order.remaining));
  if (blocks.length > 0) return { ok: false, blocks };

  const position = new Map<number, number>();
  order.sorted.forEach((node, i) => position.set(node, i));
  const constraints: AcnsTransitionConstraint[] = edges
    .map((edge) => ({
      before: position.get(edge.before) ?? -1,
      after: position.get(edge.after) ?? -1,
      reason: edge.reason,
      why: edge.why,
    }))
    .sort((a, b) => a.after - b.after || a.before - b.before);
  const steps = order.sorted.map((node) => model.nodes[node]?.step).filter(isDefined);
  steps.push(...listDeletes(model));
  return { ok: true, steps, constraints };
}

/** The engine's key of a step's resource: `set:2`, `zone:example.com`, `default`. */
export function keyOfTransitionStep(step: AcnsTransitionStep): string {
  switch (step.kind) {
    case "set":
    case "set-delete":
      return `set:${step.nsSet}`;
    case "zone":
    case "zone-delete":
      return `zone:${step.zone}`;
    case "default":
      return "default";
  }
}

/**
 * A step in words: `set 2: add "c"; remove "a"`, `zone "eu.example.com": set 2 -> 1`,
 * `zone "example.com": set 1 -> custom set "edge"`.
 */
export function formatTransitionStep(step: AcnsTransitionStep): string {
  switch (step.kind) {
    case "set": {
      const parts: string[] = [];
      if (step.add.length > 0) parts.push(`add ${formatNameList(step.add)}`);
      if (step.remove.length > 0) parts.push(`remove ${formatNameList(step.remove)}`);
      return `set ${step.nsSet}: ${parts.join("; ")}`;
    }
    case "zone":
      return `zone "${step.zone}": ${describeSet(step.from)} -> ${step.to ?? `custom set "${step.customSet}"`}`;
    case "default":
      return `default: "${step.from}" -> "${step.to}"`;
    case "zone-delete":
      return `zone "${step.zone}": set ${step.from} -> off (binding deleted)`;
    case "set-delete":
      return `set ${step.nsSet}: delete ${formatNameList(step.remove)}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Model

interface ZoneInfo {
  start: number | null;
  end: number | null;
  managed: boolean;
  /**
   * The key of the Custom Nameserver Set the zone ends on: `end` is null, but its binding is not
   * deleted (a zone leaving a numbered set for it has a zone step).
   */
  customSet?: string;
  /** Zones on its ancestor/descendant chain, by name; filled on demand. */
  chain?: string[];
}

/** A create or update: the steps the order is about. */
interface Node {
  step: AcnsTransitionStep;
}

interface Model {
  liveSets: Map<number, string[]>;
  targetSets: Map<number, string[]>;
  keepUndeclared: boolean;
  liveSetOf: Map<string, number>;
  zones: Map<string, ZoneInfo>;
  zoneNames: string[];
  liveDefault: string;
  targetDefault: AccountNameserverType | undefined;
  nodes: Node[];
  setNode: Map<number, number>;
  zoneNode: Map<string, number>;
  defaultNode: number | undefined;
}

function buildModel(live: AcnsAccountSnapshot, target: AcnsTransitionTarget): Model {
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
    if (zone.customSet !== undefined) {
      zones.set(name, { start: info?.start ?? null, end: null, managed: true, customSet: zone.customSet });
      continue;
    }
    zones.set(name, {
      start: info?.start ?? null,
      end: zone.nsSet === undefined ? Limits.DEFAULT_NS_SET : zone.nsSet,
      managed: true,
    });
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
    model.nodes.push({ step: { kind: "set", nsSet, add, remove } });
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
    model.nodes.push({ step });
  }
  if (target.defaultNameservers !== undefined && target.defaultNameservers !== live.defaultNameservers) {
    model.defaultNode = model.nodes.length;
    model.nodes.push({
      step: { kind: "default", from: live.defaultNameservers, to: target.defaultNameservers },
    });
  }
  return model;
}

function listNames(names: readonly string[]): string[] {
  return [...new Set(names.map(normaliseName))].sort();
}

function isDeclared(model: Model, nsSet: number): boolean {
  return model.targetSets.has(nsSet);
}

/** The names of a set once the update is done (a deleted set has none). */
function listEndNames(model: Model, nsSet: number): string[] {
  return model.targetSets.get(nsSet) ?? (model.keepUndeclared ? (model.liveSets.get(nsSet) ?? []) : []);
}

function listLiveNames(model: Model, nsSet: number): string[] {
  return model.liveSets.get(nsSet) ?? [];
}

function listChain(model: Model, name: string): string[] {
  const info = model.zones.get(name);
  if (info === undefined) return [];
  info.chain ??= model.zoneNames.filter((other) => isAncestorOrDescendant(name, other));
  return info.chain;
}

function describeSet(nsSet: number | null): string {
  return nsSet === null ? "off" : `set ${nsSet}`;
}

/** `custom set "edge"`, or `its Custom Nameserver Set` when the key is not known. */
function describeCustomSet(key: string | undefined): string {
  return key === undefined ? "its Custom Nameserver Set" : `custom set "${key}"`;
}

/** The lowest set number no declared or live set and no zone on the chain of `name` uses, or null. */
function findSteppingStone(model: Model, name: string): number | null {
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

function describeSteppingStone(model: Model, name: string, stone: number | null): string {
  if (stone !== null) {
    return (
      `move "${name}" through a free set first: declare set ${stone} with ${Limits.MIN_NAMES_PER_SET}-` +
      `${Limits.MAX_NAMES_PER_SET} new names, put "${name}" on it and apply, then apply this configuration ` +
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

// ---------------------------------------------------------------------------------------------
// Constraints

interface Edge {
  before: number;
  after: number;
  reason: AcnsTransitionReason;
  why: string;
}

const CONTINUITY = "else it would be served by a name of neither its old nor its new set";

function collectConstraints(model: Model, blocks: AcnsTransitionBlock[]): Edge[] {
  const edges: Edge[] = [];
  const seen = new Set<string>();
  const add = (edge: Edge): void => {
    const key = `${edge.before}>${edge.after}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push(edge);
  };

  // A set can add a name only once the set that holds it has removed it.
  for (const [nsSet, node] of model.setNode) {
    const step = model.nodes[node]?.step;
    if (step?.kind !== "set") continue;
    const byHolder = new Map<number, string[]>();
    for (const name of step.add) {
      const holder = model.liveSetOf.get(name);
      if (holder === undefined || holder === nsSet) continue;
      byHolder.set(holder, [...(byHolder.get(holder) ?? []), name]);
    }
    for (const [holder, names] of [...byHolder].sort((a, b) => a[0] - b[0])) {
      const them = names.length === 1 ? "it" : "them";
      const holderNode = model.setNode.get(holder);
      if (isDeclared(model, holder) && holderNode !== undefined) {
        add({
          before: holderNode,
          after: node,
          reason: "name",
          why: `set ${nsSet} can add ${formatNameList(names)} only after set ${holder} has removed ${them} (a name belongs to one set only)`,
        });
      } else if (model.keepUndeclared) {
        blocks.push({
          code: "name-kept",
          message:
            `set ${nsSet} takes ${formatNameList(names)}, which set ${holder} holds; set ${holder} is not declared ` +
            `here, so it keeps ${them} at least until every create and update is done (Pulumi deletes last); a name ` +
            `belongs to one set only; remove ${them} from set ${holder} in a first update, or leave ${them} out of ` +
            `set ${nsSet}`,
          zones: [],
          sets: [holder, nsSet],
          nameservers: names,
        });
      } else {
        blocks.push({
          code: "name-released-late",
          message:
            `set ${nsSet} takes ${formatNameList(names)} from set ${holder}, which this configuration deletes; Pulumi ` +
            `deletes set ${holder} only after every create and update, so set ${nsSet} cannot take ${them} in the ` +
            `same update; delete set ${holder} (or remove ${formatNameList(names)} from it) in a first update, then ` +
            "apply this configuration",
          zones: [],
          sets: [holder, nsSet],
          nameservers: names,
        });
      }
    }
  }

  for (const [name, node] of model.zoneNode) {
    const info = model.zones.get(name);
    if (info === undefined) continue;
    const { start, end } = info;
    // Onto a Custom Nameserver Set: served by it from then on, so the zone only leaves its set.
    const leaving = end === null ? ` for ${describeCustomSet(info.customSet)}` : "";
    // Joining the end set: it must have its 2-5 names, and none the zone may not be served by.
    const endNode = end === null ? undefined : model.setNode.get(end);
    const endStep = endNode === undefined ? undefined : model.nodes[endNode]?.step;
    if (end !== null && endNode !== undefined && endStep?.kind === "set") {
      const current = listLiveNames(model, end);
      if (current.length < Limits.MIN_NAMES_PER_SET) {
        add({
          before: endNode,
          after: node,
          reason: "size",
          why:
            `zone "${name}" can move to set ${end} only after set ${end} has ${Limits.MIN_NAMES_PER_SET}-` +
            `${Limits.MAX_NAMES_PER_SET} names (it has ${current.length} now)`,
        });
      } else if (start !== null && endStep.remove.length > 0) {
        add({
          before: endNode,
          after: node,
          reason: "continuity",
          why: `zone "${name}" can move to set ${end} only after set ${end} has removed ${formatNameList(endStep.remove)} (${CONTINUITY})`,
        });
      }
    }
    // Leaving the start set before it adds names that are not the zone's.
    const startNode = start === null ? undefined : model.setNode.get(start);
    const startStep = startNode === undefined ? undefined : model.nodes[startNode]?.step;
    if (startNode !== undefined && startStep?.kind === "set" && startStep.add.length > 0) {
      add({
        before: node,
        after: startNode,
        reason: "continuity",
        why: `set ${start} can add ${formatNameList(startStep.add)} only after zone "${name}" has left it${leaving} (${CONTINUITY})`,
      });
    }
    // The hierarchy: every zone of its chain on the end set must have left it (a zone moving onto
    // a Custom Nameserver Set joins no numbered set: the hierarchy per custom set is not planned).
    if (end === null) continue;
    for (const other of listChain(model, name)) {
      const otherInfo = model.zones.get(other);
      if (otherInfo === undefined || otherInfo.start !== end || otherInfo.end === end) continue;
      const otherNode = model.zoneNode.get(other);
      const relation = relateZones(name, other);
      if (otherNode !== undefined) {
        const otherLeaving =
          otherInfo.end === null && otherInfo.customSet !== undefined
            ? ` for ${describeCustomSet(otherInfo.customSet)}`
            : "";
        add({
          before: otherNode,
          after: node,
          reason: "hierarchy",
          why:
            `zone "${name}" can move to set ${end} only after its ${relation} "${other}" has left it${otherLeaving} ` +
            "(zones on one ancestor/descendant chain must use different sets)",
        });
        continue;
      }
      const stone = findSteppingStone(model, name);
      blocks.push({
        code: "zone-released-late",
        message:
          `zone "${name}" cannot move to set ${end} while its ${relation} "${other}" uses it, and "${other}" leaves ` +
          "account custom nameservers only when its binding is deleted, which Pulumi does after every create and " +
          `update; take "${other}" off account custom nameservers in a first update, then apply this configuration; ` +
          `or ${describeSteppingStone(model, name, stone)}`,
        zones: [name, other],
        sets: [end],
        nameservers: [],
        steppingStone: stone,
      });
    }
  }

  if (model.defaultNode !== undefined && model.targetDefault === "custom.account") {
    const setOne = Limits.DEFAULT_NS_SET;
    const setOneNode = model.setNode.get(setOne);
    const current = listLiveNames(model, setOne);
    if (setOneNode !== undefined && current.length < Limits.MIN_NAMES_PER_SET) {
      add({
        before: setOneNode,
        after: model.defaultNode,
        reason: "default",
        why:
          `the default can become "custom.account" only after set ${setOne} has ${Limits.MIN_NAMES_PER_SET}-` +
          `${Limits.MAX_NAMES_PER_SET} names (new zones try set ${setOne} first; it has ${current.length} now)`,
      });
    }
  }
  return edges;
}

/** Rules the state after every operation must obey, deletes included. */
function checkEndState(model: Model, blocks: AcnsTransitionBlock[]): void {
  for (const name of model.zoneNames) {
    const info = model.zones.get(name);
    if (info === undefined || info.end === null) continue;
    const names = listEndNames(model, info.end);
    if (names.length >= Limits.MIN_NAMES_PER_SET) continue;
    const who = info.managed ? `zone "${name}"` : `zone "${name}" (not declared here)`;
    const why = isDeclared(model, info.end)
      ? `has ${names.length} names`
      : model.liveSets.has(info.end) && !model.keepUndeclared
        ? "is deleted by this configuration"
        : `is not declared and has ${names.length === 0 ? "no names" : `only ${names.length} name`}`;
    blocks.push({
      code: "end-state",
      message:
        `${who} would use set ${info.end}, which ${why}; a zone needs a set with ${Limits.MIN_NAMES_PER_SET}-` +
        `${Limits.MAX_NAMES_PER_SET} names; ` +
        (info.managed
          ? `declare set ${info.end}, or give "${name}" a declared set`
          : `keep set ${info.end}, or move "${name}" to another set first`),
      zones: [name],
      sets: [info.end],
      nameservers: [],
    });
  }
  const onAcns: { name: string; nsSet: number }[] = [];
  for (const name of model.zoneNames) {
    const end = model.zones.get(name)?.end;
    if (end != null) onAcns.push({ name, nsSet: end });
  }
  for (const conflict of listHierarchyConflicts(onAcns)) {
    const label = (zone: string): string =>
      model.zones.get(zone)?.managed === true ? `"${zone}"` : `"${zone}" (not declared here)`;
    blocks.push({
      code: "end-state",
      message:
        `zone ${label(conflict.descendant)} and its ${relateZones(conflict.descendant, conflict.ancestor)} ` +
        `${label(conflict.ancestor)} would both use set ${conflict.nsSet}; ${HIERARCHY_RULE}; ` +
        "give one of them another set",
      zones: [conflict.descendant, conflict.ancestor],
      sets: [conflict.nsSet],
      nameservers: [],
    });
  }
  if (model.defaultNode !== undefined && model.targetDefault === "custom.account") {
    const setOne = Limits.DEFAULT_NS_SET;
    const names = listEndNames(model, setOne);
    if (names.length < Limits.MIN_NAMES_PER_SET) {
      blocks.push({
        code: "end-state",
        message:
          `the default for new zones becomes "custom.account", but set ${setOne} would have ${names.length} names; ` +
          `new zones try set ${setOne} first; declare set ${setOne} with ${Limits.MIN_NAMES_PER_SET}-` +
          `${Limits.MAX_NAMES_PER_SET} names, or choose another default`,
        zones: [],
        sets: [setOne],
        nameservers: [],
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Order

/**
 * Kahn's algorithm, always taking the ready step that comes first (sets by number, zones by name,
 * the default): sets go as early as they may, so a zone's set is usually changed before the zone.
 */
function orderSteps(count: number, edges: readonly Edge[]): { sorted: number[]; remaining: number[] } {
  const waiting = new Array<number>(count).fill(0);
  const next = new Map<number, number[]>();
  for (const edge of edges) {
    waiting[edge.after] = (waiting[edge.after] ?? 0) + 1;
    next.set(edge.before, [...(next.get(edge.before) ?? []), edge.after]);
  }
  const done = new Array<boolean>(count).fill(false);
  const sorted: number[] = [];
  for (;;) {
    let ready = -1;
    for (let i = 0; i < count; i++) {
      if (!done[i] && waiting[i] === 0) {
        ready = i;
        break;
      }
    }
    if (ready === -1) break;
    done[ready] = true;
    sorted.push(ready);
    for (const after of next.get(ready) ?? []) waiting[after] = (waiting[after] ?? 0) - 1;
  }
  const remaining: number[] = [];
  for (let i = 0; i < count; i++) if (!done[i]) remaining.push(i);
  return { sorted, remaining };
}

/** One block per circle of steps that wait on each other (per strongly connected group). */
function describeCycles(
  model: Model,
  edges: readonly Edge[],
  remaining: readonly number[],
): AcnsTransitionBlock[] {
  const left = new Set(remaining);
  /** For each step, the edges it waits on. */
  const waitsOn = new Map<number, Edge[]>();
  for (const edge of edges) {
    if (!left.has(edge.before) || !left.has(edge.after)) continue;
    waitsOn.set(edge.after, [...(waitsOn.get(edge.after) ?? []), edge]);
  }
  const blocks: AcnsTransitionBlock[] = [];
  const covered = new Set<number>();
  for (const start of remaining) {
    if (covered.has(start)) continue;
    const cycle = findCycleThrough(start, waitsOn);
    if (cycle === undefined) continue;
    // Every step that reaches `start` and is reached from it is in the same group: one report each.
    for (const member of listGroup(start, waitsOn)) covered.add(member);
    blocks.push(describeCycle(model, cycle));
  }
  return blocks;
}

/** The shortest circle of waits from `start` back to it, as the edges walked; undefined if none. */
function findCycleThrough(start: number, waitsOn: ReadonlyMap<number, Edge[]>): Edge[] | undefined {
  const via = new Map<number, Edge>();
  let frontier = [start];
  while (frontier.length > 0) {
    const following: number[] = [];
    for (const node of frontier) {
      for (const edge of waitsOn.get(node) ?? []) {
        if (edge.before === start) {
          const path = [edge];
          for (let at = node; at !== start;) {
            const step = via.get(at);
            if (step === undefined) break;
            path.unshift(step);
            at = step.after;
          }
          return path;
        }
        if (via.has(edge.before)) continue;
        via.set(edge.before, edge);
        following.push(edge.before);
      }
    }
    frontier = following;
  }
  return undefined;
}

/** The steps that both wait (at some remove) on `start` and that `start` waits on: its circle group. */
function listGroup(start: number, waitsOn: ReadonlyMap<number, Edge[]>): Set<number> {
  const unblocks = new Map<number, number[]>();
  for (const list of waitsOn.values()) {
    for (const edge of list) unblocks.set(edge.before, [...(unblocks.get(edge.before) ?? []), edge.after]);
  }
  const reach = (next: (node: number) => readonly number[]): Set<number> => {
    const seen = new Set([start]);
    const stack = [start];
    for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
      for (const other of next(node)) {
        if (seen.has(other)) continue;
        seen.add(other);
        stack.push(other);
      }
    }
    return seen;
  };
  const before = reach((node) => (waitsOn.get(node) ?? []).map((edge) => edge.before));
  const after = reach((node) => unblocks.get(node) ?? []);
  return new Set([...before].filter((node) => after.has(node)));
}

function describeCycle(model: Model, cycle: readonly Edge[]): AcnsTransitionBlock {
  const zones = new Set<string>();
  const sets = new Set<number>();
  const nameservers = new Set<string>();
  for (const edge of cycle) {
    for (const node of [edge.before, edge.after]) {
      const step = model.nodes[node]?.step;
      if (step?.kind === "zone") {
        zones.add(step.zone);
        if (step.to !== null) sets.add(step.to);
        if (step.from !== null) sets.add(step.from);
      }
      if (step?.kind === "set") {
        sets.add(step.nsSet);
        if (edge.reason === "name" && node === edge.after) {
          const holder = model.nodes[edge.before]?.step;
          for (const name of step.add) {
            if (holder?.kind === "set" && model.liveSetOf.get(name) === holder.nsSet) nameservers.add(name);
          }
        }
      }
    }
  }
  const firstZone = cycle
    .map((edge) => model.nodes[edge.after]?.step)
    .find((step): step is Extract<AcnsTransitionStep, { kind: "zone" }> => step?.kind === "zone");
  let fix: string;
  let steppingStone: number | null | undefined;
  if (firstZone !== undefined) {
    steppingStone = findSteppingStone(model, firstZone.zone);
    fix = describeSteppingStone(model, firstZone.zone, steppingStone);
  } else {
    const nameEdge = cycle.find((edge) => edge.reason === "name");
    const gainer = nameEdge === undefined ? undefined : model.nodes[nameEdge.after]?.step;
    const holder = nameEdge === undefined ? undefined : model.nodes[nameEdge.before]?.step;
    const moved =
      gainer?.kind === "set" && holder?.kind === "set"
        ? gainer.add.filter((name) => model.liveSetOf.get(name) === holder.nsSet)
        : [];
    fix =
      holder?.kind === "set" && moved.length > 0
        ? `remove ${formatNameList(moved)} from set ${holder.nsSet} in a first update, then apply this configuration`
        : "split the change into two updates that each pass this check";
  }
  const block: AcnsTransitionBlock = {
    code: "cycle",
    message:
      "these changes wait on each other, so no order applies them in one update: " +
      `${cycle.map((edge) => edge.why).join("; ")}; ${fix}`,
    zones: [...zones].sort(compareText),
    sets: [...sets].sort((a, b) => a - b),
    nameservers: [...nameservers].sort(compareText),
  };
  if (steppingStone !== undefined) block.steppingStone = steppingStone;
  return block;
}

function listDeletes(model: Model): AcnsTransitionStep[] {
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

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

/** Plain code-unit order, so the result does not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
