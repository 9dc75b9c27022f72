/**
 * The emulator's timeline: the state at its start (#0) and one delta per change since, each
 * attributed to the write that made it. The store records into a {@link Timeline}; replay gives the
 * state at any position, and continuity.ts judges a stretch of it.
 */
import type { AccountNameserverType } from "../core/cloudflare";
import { checkContinuity } from "./continuity";
import { ContinuityError, type ContinuityRange, type ContinuityViolation } from "./continuity-report";
import { getOrInsert, type StateView, type ZoneNameserversState, type ZoneRecord } from "./model";

/** Which write made a change: an API call, or a store method called directly (drift, test setup). */
export type TimelineCause =
  { source: "http"; method: string; path: string } | { source: "store"; method: string };

/** A zone as the timeline knows it. */
export interface TimelineZone {
  id: string;
  name: string;
  accountId: string;
  nameservers: ZoneNameserversState;
}

/** One change, as a delta: what changed, never a copy of the state. */
export type TimelineChange =
  | { kind: "nameserver-created"; accountId: string; nsName: string; nsSet: number }
  | { kind: "nameserver-deleted"; accountId: string; nsName: string; nsSet: number }
  /** An account-owned Custom Nameserver Set was created; `names` in the set's order. */
  | { kind: "nameserver-set-created"; accountId: string; setId: string; names: string[] }
  /** A Custom Nameserver Set was deleted; `names` as it had them (sets are immutable). */
  | { kind: "nameserver-set-deleted"; accountId: string; setId: string; names: string[] }
  | {
      kind: "zone-nameservers";
      zoneId: string;
      zoneName: string;
      accountId: string;
      before: ZoneNameserversState;
      after: ZoneNameserversState;
    }
  | { kind: "zone-added"; zone: TimelineZone }
  | { kind: "zone-deleted"; zone: TimelineZone }
  | { kind: "account-added"; accountId: string; defaultNameservers: AccountNameserverType }
  | {
      kind: "account-default";
      accountId: string;
      before: AccountNameserverType;
      after: AccountNameserverType;
    }
  | { kind: "entitlement"; accountId: string; before: boolean; after: boolean };

/** One entry of the timeline. */
export interface TimelineEvent {
  /** The position after this change; 1 for the first change after the timeline's start (#0). */
  seq: number;
  /** Emulated time, ISO 8601. */
  at: string;
  cause: TimelineCause;
  change: TimelineChange;
}

/** The part of the state the continuity check needs, at one position of the timeline. */
export interface TimelineState {
  position: number;
  /** Zones by id. */
  zones: ReadonlyMap<string, TimelineZone>;
  /** Per account id: custom nameserver name -> its ns_set. */
  nameservers: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Per account id: Custom Nameserver Set id -> its names, in the set's order. */
  nameserverSets: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>;
}

/** A timeline state whose maps may be changed; what replay works on. */
export interface WorkingState {
  position: number;
  zones: Map<string, TimelineZone>;
  nameservers: Map<string, Map<string, number>>;
  nameserverSets: Map<string, Map<string, readonly string[]>>;
}

/** A copy of `state` that replay may change (its Maps, zones and name lists copied too). */
export function copyState(state: TimelineState): WorkingState {
  return structuredClone(state) as WorkingState;
}

/** Applies one event to a working state (the check replays event by event). */
export function applyChange(state: WorkingState, event: TimelineEvent): void {
  const change = event.change;
  switch (change.kind) {
    case "nameserver-created":
      getOrInsert(state.nameservers, change.accountId, () => new Map()).set(change.nsName, change.nsSet);
      break;
    case "nameserver-deleted":
      state.nameservers.get(change.accountId)?.delete(change.nsName);
      break;
    case "nameserver-set-created":
      getOrInsert(state.nameserverSets, change.accountId, () => new Map()).set(change.setId, [
        ...change.names,
      ]);
      break;
    case "nameserver-set-deleted":
      state.nameserverSets.get(change.accountId)?.delete(change.setId);
      break;
    case "zone-nameservers": {
      const zone = state.zones.get(change.zoneId);
      if (zone !== undefined) zone.nameservers = { ...change.after };
      break;
    }
    case "zone-added":
      state.zones.set(change.zone.id, { ...change.zone, nameservers: { ...change.zone.nameservers } });
      break;
    case "zone-deleted":
      state.zones.delete(change.zone.id);
      break;
    default:
      break;
  }
  state.position = event.seq;
}

/**
 * The state at `position`, replayed from `start` through the events up to and including that
 * position. Pure: `start` is not changed.
 */
export function replayTimeline(
  start: TimelineState,
  events: readonly TimelineEvent[],
  position?: number,
): TimelineState {
  const state = copyState(start);
  for (const event of events) {
    if (event.seq <= start.position) continue;
    if (position !== undefined && event.seq > position) break;
    applyChange(state, event);
  }
  if (position !== undefined) state.position = position;
  return state;
}

/** The names of one set of an account in a timeline state, sorted. */
export function listTimelineSetNames(state: TimelineState, accountId: string, nsSet: number): string[] {
  const names = state.nameservers.get(accountId);
  if (names === undefined) return [];
  return [...names]
    .filter(([, set]) => set === nsSet)
    .map(([name]) => name)
    .sort();
}

/**
 * The names of an account's Custom Nameserver Set in a timeline state, sorted; undefined when the
 * account holds no set with that id at that position.
 */
export function listTimelineNameserverSetNames(
  state: TimelineState,
  accountId: string,
  setId: string,
): string[] | undefined {
  const names = state.nameserverSets.get(accountId)?.get(setId);
  return names === undefined ? undefined : [...names].sort();
}

/** A zone as the timeline records it. */
export function toTimelineZone(zone: ZoneRecord): TimelineZone {
  return { id: zone.id, name: zone.name, accountId: zone.accountId, nameservers: { ...zone.nameservers } };
}

/** The state a new timeline starts from (#0): the zones' nameservers, the names, the sets' names. */
export function captureTimelineState(view: StateView): TimelineState {
  const zones = new Map<string, TimelineZone>();
  for (const zone of view.zones.values()) zones.set(zone.id, toTimelineZone(zone));
  const nameservers = new Map<string, Map<string, number>>();
  for (const [accountId, names] of view.nameservers) {
    nameservers.set(accountId, new Map([...names.values()].map((ns) => [ns.nsName, ns.nsSet])));
  }
  const nameserverSets = new Map<string, Map<string, readonly string[]>>();
  for (const accountId of view.accounts.keys()) {
    const sets = view.nameserverSets.list(accountId);
    if (sets.length === 0) continue;
    nameserverSets.set(accountId, new Map(sets.map((set) => [set.id, set.nameservers.map((ns) => ns.name)])));
  }
  return { position: 0, zones, nameservers, nameserverSets };
}

/** A stretch of the timeline: positions as returned by `markTimeline()`. */
export interface TimelineRangeOptions {
  /** @default 0, the timeline's start (the last reset) */
  from?: number;
  /** @default the current position */
  to?: number;
}

/** The timeline of one store; `now` stamps events with emulated time. */
export class Timeline {
  private start: TimelineState = {
    position: 0,
    zones: new Map(),
    nameservers: new Map(),
    nameserverSets: new Map(),
  };
  private events: TimelineEvent[] = [];
  /** Off while a seed is applied: the seeded state is the timeline's start, not changes. */
  private recording = false;
  /** The write in progress (an API call, or the outermost store method). */
  private cause: TimelineCause | undefined;

  constructor(private readonly now: () => string) {}

  /** Stops recording until the next restart (a seed is being applied). */
  pause(): void {
    this.recording = false;
  }

  /** Starts a new timeline at #0 from `state`, and records again. */
  restart(state: TimelineState): void {
    this.start = state;
    this.events = [];
    this.recording = true;
  }

  /** Appends one change, attributed to the write in progress or to the store method `method`. */
  record(method: string, change: TimelineChange): void {
    if (!this.recording) return;
    this.events.push({
      seq: this.events.length + 1,
      at: this.now(),
      cause: this.cause ?? { source: "store", method },
      change,
    });
  }

  /** Runs `fn` with every change it makes attributed to `cause`; nested calls keep the outer cause. */
  recordWritesAs<T>(cause: TimelineCause, fn: () => T): T {
    if (this.cause !== undefined) return fn();
    this.cause = cause;
    try {
      return fn();
    } finally {
      this.cause = undefined;
    }
  }

  /** The current position: 0 right after a restart, then the number of changes since. */
  mark(): number {
    return this.events.length;
  }

  /** Copies of the events after `from` up to `to`, oldest first. */
  list(options: TimelineRangeOptions = {}): TimelineEvent[] {
    const range = this.resolveRange(options);
    return this.events.slice(range.from, range.to).map((e) => structuredClone(e));
  }

  /** The state at `position`. */
  stateAt(position: number = this.mark()): TimelineState {
    const range = this.resolveRange({ from: position, to: position });
    return replayTimeline(this.start, this.events, range.to);
  }

  /** The continuity violations between `from` and `to` (see continuity.ts); empty when none. */
  check(options: TimelineRangeOptions = {}): ContinuityViolation[] {
    const range = this.resolveRange(options);
    return checkContinuity(this.stateAt(range.from), this.events, range);
  }

  /** Like `check`, but throws a ContinuityError listing every violation. */
  assert(options: TimelineRangeOptions = {}): void {
    const range = this.resolveRange(options);
    const violations = this.check(range);
    if (violations.length > 0) throw new ContinuityError(violations, range);
  }

  private resolveRange(options: TimelineRangeOptions): ContinuityRange {
    const now = this.mark();
    const from = options.from ?? 0;
    const to = options.to ?? now;
    for (const [label, value] of [
      ["from", from],
      ["to", to],
    ] as const) {
      if (!Number.isInteger(value) || value < 0 || value > now) {
        throw new RangeError(
          `timeline ${label} ${value} is not a position of the current timeline, which runs from #0 to #${now}; take positions with markTimeline() after the last reset`,
        );
      }
    }
    if (from > to) throw new RangeError(`timeline from #${from} is after to #${to}; swap them`);
    return { from, to };
  }
}
