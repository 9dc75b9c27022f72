/**
 * The order of one update's changes to an account's custom nameservers: an order of the operations
 * the Pulumi engine runs (creates and updates, then deletes: bindings, then sets) in which every
 * state in between obeys Cloudflare's rules and keeps every zone served, or why no order does. Pure.
 *
 * A set's update adds its new names before it removes its old ones (one removed first only when the
 * set is full: resources' `planNameChanges`), so it never holds more than 5 names nor, with 2 or
 * more, drops below 2. A zone's update and the default's are one PATCH each.
 *
 * Rules every state keeps: a name is in one set only; a set holds at most 5 names; a set a zone uses
 * holds 2-5 names, and so does set 1 once this plan made the default `custom.account`; no two zones
 * on one ancestor/descendant chain share a set. Continuity: a zone on account custom nameservers at
 * the start and at the end is on a set at every instant, and is served only by names of the set it
 * starts on (as that set is at the start) or of the set it ends on (as that set is at the end).
 *
 * Every constraint between two operations is decided by those two alone, so the plan is a partial
 * order: any order (or concurrent run) that respects its constraints is as safe as the one given.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import type { AccountNameserverType } from "./cloudflare";
import { checkEndState, collectConstraints } from "./transition-constraints";
import { buildModel, listDeletes } from "./transition-model";
import { describeCycles, orderSteps } from "./transition-order";
import { formatNameList } from "./wording";

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
 * or `customSet` (a Custom Nameserver Set's key) when it ends on one, keeping its binding.
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
   * The zones the update manages; `nsSet: null` takes a zone off account custom nameservers (its
   * binding is deleted last). Zones not listed keep what they have. A zone moving from a numbered
   * set onto a `customSet` is a zone step (`to: null`) ordered like any zone leaving its set; the
   * custom set's create is not planned here: the caller orders the zone's move after it.
   */
  zones: readonly TransitionTargetZone[];
  /** @default left as the account has it (no operation) */
  defaultNameservers?: AccountNameserverType | undefined;
  /**
   * A set `sets` does not declare: `"delete"` (after every create and update, as `AcnsConfig` means
   * it) or `"keep"` (e.g. the caller cannot tell whether it manages the set).
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
 * module comment), or explains why no order can. Throws only on a target no validator would pass
 * or a live state Cloudflare cannot have. Assumes the live state obeys the rules; names in any spelling.
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
  const steps = order.sorted.map((node) => model.nodes[node]).filter((step) => step !== undefined);
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
    case "zone": {
      const from = step.from === null ? "off" : `set ${step.from}`;
      return `zone "${step.zone}": ${from} -> ${step.to ?? `custom set "${step.customSet}"`}`;
    }
    case "default":
      return `default: "${step.from}" -> "${step.to}"`;
    case "zone-delete":
      return `zone "${step.zone}": set ${step.from} -> off (binding deleted)`;
    case "set-delete":
      return `set ${step.nsSet}: delete ${formatNameList(step.remove)}`;
  }
}
