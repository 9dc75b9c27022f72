/**
 * The transition planner's constraints: which step must come before which (names, hierarchy,
 * continuity, size, default), and what no order can fix (the end state itself).
 */
import { getOrInsert } from "./collections";
import { HIERARCHY_RULE, listHierarchyConflicts, relateZones } from "./hierarchy";
import { Limits, NAMES_PER_SET_RANGE } from "./limits";
import type { AcnsTransitionBlock, AcnsTransitionReason } from "./transition-plan";
import {
  describeCustomSet,
  describeSteppingStone,
  findSteppingStone,
  isDeclared,
  listChain,
  listEndNames,
  listLiveNames,
  type Model,
} from "./transition-model";
import { formatNameList } from "./wording";

export interface Edge {
  before: number;
  after: number;
  reason: AcnsTransitionReason;
  why: string;
}

const CONTINUITY = "else it would be served by a name of neither its old nor its new set";

export function collectConstraints(model: Model, blocks: AcnsTransitionBlock[]): Edge[] {
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
    const step = model.nodes[node];
    if (step?.kind !== "set") continue;
    const byHolder = new Map<number, string[]>();
    for (const name of step.add) {
      const holder = model.liveSetOf.get(name);
      if (holder === undefined || holder === nsSet) continue;
      getOrInsert(byHolder, holder, () => []).push(name);
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
      } else {
        blocks.push({
          code: model.keepUndeclared ? "name-kept" : "name-released-late",
          message: model.keepUndeclared
            ? `set ${nsSet} takes ${formatNameList(names)}, which set ${holder} holds; set ${holder} is not declared ` +
              `here, so it keeps ${them} at least until every create and update is done (Pulumi deletes last); a name ` +
              `belongs to one set only; remove ${them} from set ${holder} in a first update, or leave ${them} out of ` +
              `set ${nsSet}`
            : `set ${nsSet} takes ${formatNameList(names)} from set ${holder}, which this configuration deletes; Pulumi ` +
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
    const endStep = endNode === undefined ? undefined : model.nodes[endNode];
    if (end !== null && endNode !== undefined && endStep?.kind === "set") {
      const current = listLiveNames(model, end);
      if (current.length < Limits.MIN_NAMES_PER_SET) {
        add({
          before: endNode,
          after: node,
          reason: "size",
          why:
            `zone "${name}" can move to set ${end} only after set ${end} has ${NAMES_PER_SET_RANGE} names ` +
            `(it has ${current.length} now)`,
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
    const startStep = startNode === undefined ? undefined : model.nodes[startNode];
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
          `the default can become "custom.account" only after set ${setOne} has ${NAMES_PER_SET_RANGE} names ` +
          `(new zones try set ${setOne} first; it has ${current.length} now)`,
      });
    }
  }
  return edges;
}

/** Rules the state after every operation must obey, deletes included. */
export function checkEndState(model: Model, blocks: AcnsTransitionBlock[]): void {
  const onAcns: { name: string; nsSet: number }[] = [];
  for (const name of model.zoneNames) {
    const info = model.zones.get(name);
    if (info === undefined || info.end === null) continue;
    onAcns.push({ name, nsSet: info.end });
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
        `${who} would use set ${info.end}, which ${why}; a zone needs a set with ${NAMES_PER_SET_RANGE} names; ` +
        (info.managed
          ? `declare set ${info.end}, or give "${name}" a declared set`
          : `keep set ${info.end}, or move "${name}" to another set first`),
      zones: [name],
      sets: [info.end],
      nameservers: [],
    });
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
          `new zones try set ${setOne} first; declare set ${setOne} with ${NAMES_PER_SET_RANGE} names, ` +
          "or choose another default",
        zones: [],
        sets: [setOne],
        nameservers: [],
      });
    }
  }
}
