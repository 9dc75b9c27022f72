/** The transition planner's order: the steps sorted by their constraints, and the cycles described when none exists. */
import type { Edge } from "./transition-constraints";
import type { AcnsTransitionBlock, AcnsTransitionStep } from "./transition-plan";
import { compareText, getOrInsert } from "./collections";
import { describeSteppingStone, findSteppingStone, type Model } from "./transition-model";
import { formatNameList } from "./wording";

/**
 * Kahn's algorithm, always taking the ready step that comes first (sets by number, zones by name,
 * the default): sets go as early as they may, so a zone's set is usually changed before the zone.
 */
export function orderSteps(count: number, edges: readonly Edge[]): { sorted: number[]; remaining: number[] } {
  const waiting = new Array<number>(count).fill(0);
  const next = new Map<number, number[]>();
  for (const edge of edges) {
    waiting[edge.after] = (waiting[edge.after] ?? 0) + 1;
    getOrInsert(next, edge.before, () => []).push(edge.after);
  }
  const done = new Array<boolean>(count).fill(false);
  const sorted: number[] = [];
  for (;;) {
    const ready = done.findIndex((isDone, i) => !isDone && waiting[i] === 0);
    if (ready === -1) break;
    done[ready] = true;
    sorted.push(ready);
    for (const after of next.get(ready) ?? []) waiting[after] = (waiting[after] ?? 0) - 1;
  }
  const remaining = Array.from({ length: count }, (_, i) => i).filter((i) => !done[i]);
  return { sorted, remaining };
}

/** One block per circle of steps that wait on each other (per strongly connected group). */
export function describeCycles(
  model: Model,
  edges: readonly Edge[],
  remaining: readonly number[],
): AcnsTransitionBlock[] {
  const left = new Set(remaining);
  /** For each step, the edges it waits on. */
  const waitsOn = new Map<number, Edge[]>();
  for (const edge of edges) {
    if (!left.has(edge.before) || !left.has(edge.after)) continue;
    getOrInsert(waitsOn, edge.after, () => []).push(edge);
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
    for (const edge of list) getOrInsert(unblocks, edge.before, () => []).push(edge.after);
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
      const step = model.nodes[node];
      if (step?.kind === "zone") {
        zones.add(step.zone);
        if (step.to !== null) sets.add(step.to);
        if (step.from !== null) sets.add(step.from);
      }
      if (step?.kind === "set") {
        sets.add(step.nsSet);
        if (edge.reason === "name" && node === edge.after) {
          const holder = model.nodes[edge.before];
          for (const name of step.add) {
            if (holder?.kind === "set" && model.liveSetOf.get(name) === holder.nsSet) nameservers.add(name);
          }
        }
      }
    }
  }
  const firstZone = cycle
    .map((edge) => model.nodes[edge.after])
    .find((step): step is Extract<AcnsTransitionStep, { kind: "zone" }> => step?.kind === "zone");
  let fix: string;
  let steppingStone: number | null | undefined;
  if (firstZone !== undefined) {
    steppingStone = findSteppingStone(model, firstZone.zone);
    fix = describeSteppingStone(model, firstZone.zone, steppingStone);
  } else {
    const nameEdge = cycle.find((edge) => edge.reason === "name");
    const gainer = nameEdge === undefined ? undefined : model.nodes[nameEdge.after];
    const holder = nameEdge === undefined ? undefined : model.nodes[nameEdge.before];
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
