/**
 * Which children of `AccountCustomNameservers` wait for which: the fixed dependencies (a binding on
 * its set, the default on every set) and, when the account's live state is known, the order
 * `planAcnsTransition` finds for the update (a set that gives up a name before the set that takes
 * it, a zone that leaves a set, for another or for its Custom Nameserver Set, before a zone of its
 * chain moves onto it, ...).
 *
 * Children are named by the planner's keys: `set:2`, `zone:example.com`, `default`.
 */
import type { AcnsTransitionPlan } from "../core/transition-plan";
import { keyOfTransitionStep } from "../core/transition-plan";

/** The key of set `nsSet`'s child. */
export function formatSetKey(nsSet: number): string {
  return `set:${nsSet}`;
}

/** The key of the child of Custom Nameserver Set `key` (the configuration's key). */
export function formatCustomSetKey(key: string): string {
  return `custom:${key}`;
}

/** The key of zone `name`'s child (`name` normalised). */
export function formatZoneKey(name: string): string {
  return `zone:${name}`;
}

/** The key of the default's child. */
export const DEFAULT_KEY = "default";

/** The children's dependencies, by key. Plain data: it travels inside a Pulumi output. */
export interface ChildOrder {
  /** For each child, the keys of the children it waits for (and which are deleted after it). */
  dependsOn: Readonly<Record<string, readonly string[]>>;
  /**
   * Zones whose set changes only after the zone has moved onto it: their binding must not take its
   * set's names as an input (`setNameservers`), which would make it wait for that set.
   */
  zonesWithoutSetInput: readonly string[];
}

/** What the fixed dependencies are built from. */
export interface ChildList {
  /** The declared set numbers. */
  sets: readonly number[];
  /** The declared Custom Nameserver Sets' keys. */
  customSets: readonly string[];
  /**
   * The declared zones (normalised names) and their set when it is a plain number, else undefined;
   * or the key of their Custom Nameserver Set.
   */
  zones: readonly { name: string; nsSet: number | undefined; customSet?: string | undefined }[];
  hasDefault: boolean;
}

/**
 * The dependencies the component always had: a binding waits for its set (for every set while its
 * set number is not a plain value; for its Custom Nameserver Set), the default waits for every
 * numbered set, sets wait for nothing.
 */
export function listFixedOrder(children: ChildList): ChildOrder {
  const allSets = children.sets.map(formatSetKey);
  const dependsOn: Record<string, string[]> = {};
  for (const nsSet of children.sets) dependsOn[formatSetKey(nsSet)] = [];
  for (const key of children.customSets) dependsOn[formatCustomSetKey(key)] = [];
  for (const zone of children.zones) {
    if (zone.customSet !== undefined) {
      // A Custom Nameserver Set is created before and deleted after the zones on it; the numbered
      // sets' order is not its business.
      dependsOn[formatZoneKey(zone.name)] = children.customSets.includes(zone.customSet)
        ? [formatCustomSetKey(zone.customSet)]
        : [];
      continue;
    }
    const own = zone.nsSet !== undefined && children.sets.includes(zone.nsSet);
    dependsOn[formatZoneKey(zone.name)] = own ? [formatSetKey(zone.nsSet as number)] : allSets;
  }
  if (children.hasDefault) dependsOn[DEFAULT_KEY] = allSets;
  return { dependsOn, zonesWithoutSetInput: [] };
}

/**
 * The fixed dependencies that agree with the plan's order, plus every constraint of the plan. A
 * fixed dependency is dropped only when both children have a step and the plan puts the one depended
 * on later; every added one goes from an earlier step to a later one. Children without a step (no
 * change) only ever wait for others, so the result has no cycle.
 */
export function deriveChildOrder(
  plan: Extract<AcnsTransitionPlan, { ok: true }>,
  children: ChildList,
): ChildOrder {
  const fixed = listFixedOrder(children);
  const position = new Map<string, number>();
  const keys = plan.steps.map(keyOfTransitionStep);
  plan.steps.forEach((step, i) => {
    // Deletes belong to children no longer declared; they have no say in the order of the rest.
    if (step.kind !== "set-delete" && step.kind !== "zone-delete") position.set(keyOfTransitionStep(step), i);
  });
  const dependsOn: Record<string, string[]> = {};
  const zonesWithoutSetInput: string[] = [];
  for (const [key, base] of Object.entries(fixed.dependsOn)) {
    const at = position.get(key);
    const kept = base.filter((dep) => {
      const depAt = position.get(dep);
      return at === undefined || depAt === undefined || depAt < at;
    });
    dependsOn[key] = kept;
    const zone = children.zones.find((z) => formatZoneKey(z.name) === key);
    const own = zone?.nsSet;
    if (
      zone !== undefined &&
      own !== undefined &&
      children.sets.includes(own) &&
      !kept.includes(formatSetKey(own))
    ) {
      zonesWithoutSetInput.push(zone.name);
    }
  }
  for (const constraint of plan.constraints) {
    const after = keys[constraint.after];
    const before = keys[constraint.before];
    if (after === undefined || before === undefined) continue;
    const list = dependsOn[after];
    if (list !== undefined && !list.includes(before)) list.push(before);
  }
  for (const list of Object.values(dependsOn)) list.sort();
  return { dependsOn, zonesWithoutSetInput };
}
