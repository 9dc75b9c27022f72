/**
 * The continuity check: did every zone stay served by account custom nameservers through a series
 * of changes? Pure functions over the store's timeline (timeline.ts). Our invention, not a
 * Cloudflare rule: the product's first principle ("every change keeps every zone served") made
 * checkable. What "served" means and the four violation kinds: README "Continuity check" and
 * docs/decisions/007.
 */
import { describeZoneNameservers, findNameserverSetId, findZoneSet } from "../core/zone-nameservers";
import { Limits } from "../core/limits";
import { getOrInsert, type ZoneNameserversState } from "./model";
import {
  ContinuityViolationKinds,
  type ContinuityRange,
  type ContinuityViolation,
  type ZoneRef,
} from "./continuity-report";
import { formatCount } from "../core/wording";
import { listZonesOnSet } from "./rules";
import {
  applyChange,
  copyState,
  listTimelineNameserverSetNames,
  listTimelineSetNames,
  replayTimeline,
  type TimelineCause,
  type TimelineChange,
  type TimelineEvent,
  type TimelineState,
  type TimelineZone,
} from "./timeline";

/** The set a zone's nameservers point at: a numbered set, or a Custom Nameserver Set by id. */
type ZoneSetRef = { type: "custom.account"; nsSet: number } | { type: "custom"; setId: string };

function findZoneSetRef(ns: ZoneNameserversState): ZoneSetRef | undefined {
  const nsSet = findZoneSet(ns);
  if (nsSet !== null) return { type: "custom.account", nsSet };
  const setId = findNameserverSetId(ns);
  return setId === undefined ? undefined : { type: "custom", setId };
}

/** The set's names, sorted; undefined for a Custom Nameserver Set the account does not hold. */
function listSetRefNames(state: TimelineState, accountId: string, ref: ZoneSetRef): string[] | undefined {
  return ref.type === "custom.account"
    ? listTimelineSetNames(state, accountId, ref.nsSet)
    : listTimelineNameserverSetNames(state, accountId, ref.setId);
}

// ---- wording ----

function describeCause(cause: TimelineCause): string {
  return cause.source === "http" ? `${cause.method} ${cause.path}` : `store.${cause.method}`;
}

function describeSetRef(ref: ZoneSetRef): string {
  return ref.type === "custom.account"
    ? `ns_set ${ref.nsSet}`
    : describeZoneNameservers({ type: ref.type, nameserver_set_id: ref.setId });
}

/** `ns_set 2`, `custom nameserver set <id>`, or the type. */
function describeNameservers(ns: ZoneNameserversState): string {
  const nsSet = findZoneSet(ns);
  if (nsSet !== null) return `ns_set ${nsSet}`;
  return ns.type === "custom" ? describeZoneNameservers(ns) : ns.type;
}

function describeChange(change: TimelineChange): string {
  switch (change.kind) {
    case "nameserver-created":
      return `${change.nsName} added to ns_set ${change.nsSet}`;
    case "nameserver-deleted":
      return `${change.nsName} removed from ns_set ${change.nsSet}`;
    case "nameserver-set-created":
      return `${describeSetRef({ type: "custom", setId: change.setId })} created with ${change.names.join(", ")}`;
    case "nameserver-set-deleted":
      return `${describeSetRef({ type: "custom", setId: change.setId })} deleted`;
    case "zone-nameservers":
      return describeNameservers(change.after);
    case "zone-added":
      return `zone added on ${describeNameservers(change.zone.nameservers)}`;
    case "zone-deleted":
      return "zone deleted";
    case "account-added":
      return "account added";
    case "account-default":
      return `account default ${change.after}`;
    case "entitlement":
      return change.after ? "entitlement granted" : "entitlement revoked";
  }
}

/** `#7 (PATCH /zones/…/dns_settings → cloudflare.standard)` */
function describeWrite(event: TimelineEvent): string {
  return `#${event.seq} (${describeCause(event.cause)} → ${describeChange(event.change)})`;
}

function describeEnds(from: string, to: string, range: ContinuityRange): string {
  return from === to
    ? `it was on ${from} at #${range.from} and at #${range.to}`
    : `it was on ${from} at #${range.from} and on ${to} at #${range.to}`;
}

function describeZone(zone: ZoneRef): string {
  return `zone "${zone.name}" (${zone.id})`;
}

// ---- the check ----

/** A zone judged by the zone rules: served at both ends. */
interface JudgedZone {
  ref: ZoneRef;
  accountId: string;
  /** The set it was on at `from` and at `to`. */
  fromRef: ZoneSetRef;
  toRef: ZoneSetRef;
  /** Names it may be served by: its names at `from` and at `to`. */
  allowed: ReadonlySet<string>;
  fromNames: string[];
  toNames: string[];
  /** What was wrong after the previous write that touched it: "off", "small", "foreign:<name>". */
  issues: Set<string>;
  /** The key of the set it is on now (see setKey), or undefined when off every set or deleted. */
  onSet: string | undefined;
}

/** The set a zone is served by at a position, or undefined when it is not served there. */
function findServingSet(
  state: TimelineState,
  zoneId: string,
): { zone: TimelineZone; ref: ZoneSetRef; names: string[] } | undefined {
  const zone = state.zones.get(zoneId);
  if (zone === undefined) return undefined;
  const ref = findZoneSetRef(zone.nameservers);
  if (ref === undefined) return undefined;
  const names = listSetRefNames(state, zone.accountId, ref);
  if (names === undefined || names.length < Limits.MIN_NAMES_PER_SET) return undefined;
  return { zone, ref, names };
}

/** Numbered sets and Custom Nameserver Sets never share a key. */
function setKey(accountId: string, ref: ZoneSetRef): string {
  return ref.type === "custom.account" ? `${accountId}/ns_set/${ref.nsSet}` : `${accountId}/set/${ref.setId}`;
}

/**
 * Judges the changes between two positions. `start` is the state at `range.from`; `events` are the
 * timeline's events (those outside `(from, to]` are ignored). Returns every violation, ordered by
 * write, then kind, then zone or name. Pure.
 */
export function checkContinuity(
  start: TimelineState,
  events: readonly TimelineEvent[],
  range: ContinuityRange,
): ContinuityViolation[] {
  if (start.position !== range.from) {
    throw new RangeError(
      `checkContinuity: the start state is at #${start.position} but from is #${range.from}; pass the state at from`,
    );
  }
  if (range.to < range.from) {
    throw new RangeError(`checkContinuity: from #${range.from} is after to #${range.to}`);
  }
  const between = events.filter((e) => e.seq > range.from && e.seq <= range.to);
  const end = replayTimeline(start, between, range.to);
  const state = copyState(start);
  const violations: ContinuityViolation[] = [];

  // Zones served at both ends, and an index of them by the set they are on now.
  const judged = new Map<string, JudgedZone>();
  const bySet = new Map<string, Set<string>>();
  const place = (zone: JudgedZone, key: string | undefined): void => {
    if (zone.onSet !== undefined) bySet.get(zone.onSet)?.delete(zone.ref.id);
    zone.onSet = key;
    if (key === undefined) return;
    getOrInsert(bySet, key, () => new Set()).add(zone.ref.id);
  };
  for (const id of start.zones.keys()) {
    const atFrom = findServingSet(start, id);
    const atTo = findServingSet(end, id);
    if (atFrom === undefined || atTo === undefined) continue;
    const zone: JudgedZone = {
      ref: { id, name: atFrom.zone.name },
      accountId: atFrom.zone.accountId,
      fromRef: atFrom.ref,
      toRef: atTo.ref,
      allowed: new Set([...atFrom.names, ...atTo.names]),
      fromNames: atFrom.names,
      toNames: atTo.names,
      issues: new Set(),
      onSet: undefined,
    };
    judged.set(id, zone);
    place(zone, setKey(zone.accountId, atFrom.ref));
  }

  const judgeZone = (zone: JudgedZone, event: TimelineEvent): void => {
    const current = state.zones.get(zone.ref.id);
    const nameservers = current === undefined ? null : { ...current.nameservers };
    const setRef = nameservers === null ? undefined : findZoneSetRef(nameservers);
    // A zone on a Custom Nameserver Set is indexed under it even while the set is missing, so the
    // set's creation judges it again.
    place(zone, setRef === undefined ? undefined : setKey(zone.accountId, setRef));
    const setNames = setRef === undefined ? undefined : listSetRefNames(state, zone.accountId, setRef);
    const names = setNames ?? [];
    const issues = new Set<string>();
    if (setNames === undefined) issues.add("off");
    else {
      if (names.length < Limits.MIN_NAMES_PER_SET) issues.add("small");
      for (const name of names) if (!zone.allowed.has(name)) issues.add(`foreign:${name}`);
    }
    const base = {
      accountId: zone.accountId,
      seq: event.seq,
      at: event.at,
      cause: event.cause,
      zone: zone.ref,
      nameservers,
      names,
      fromSet: zone.fromRef.type === "custom.account" ? zone.fromRef.nsSet : null,
      toSet: zone.toRef.type === "custom.account" ? zone.toRef.nsSet : null,
      fromSetId: zone.fromRef.type === "custom" ? zone.fromRef.setId : null,
      toSetId: zone.toRef.type === "custom" ? zone.toRef.setId : null,
    };
    const ends = describeEnds(describeSetRef(zone.fromRef), describeSetRef(zone.toRef), range);
    const onSet = setRef === undefined ? "" : describeSetRef(setRef);
    if (issues.has("off") && !zone.issues.has("off")) {
      // Only a Custom Nameserver Set can be missing: a numbered set always has its (maybe no) names.
      const missing = setRef === undefined ? "" : `: ${onSet} is not a set of account ${zone.accountId}`;
      violations.push({
        ...base,
        kind: "zone-off-acns",
        message: `${describeZone(zone.ref)} was off account custom nameservers after write ${describeWrite(event)}${missing}; ${ends}`,
      });
    }
    if (issues.has("small") && !zone.issues.has("small")) {
      const listed =
        names.length === 0 ? "no names" : `${formatCount(names.length, "name")} (${names.join(", ")})`;
      violations.push({
        ...base,
        kind: "set-too-small",
        message: `${describeZone(zone.ref)} was on ${onSet} with ${listed} after write ${describeWrite(event)}; a zone needs at least ${Limits.MIN_NAMES_PER_SET} names; ${ends}`,
      });
    }
    const foreignNames = names.filter((n) => issues.has(`foreign:${n}`) && !zone.issues.has(`foreign:${n}`));
    if (foreignNames.length > 0) {
      violations.push({
        ...base,
        kind: "foreign-nameserver",
        foreignNames,
        message: `${describeZone(zone.ref)} on ${onSet} was served by ${foreignNames.join(", ")} after write ${describeWrite(event)}, ${foreignNames.length === 1 ? "a name" : "names"} it had neither at #${range.from} (${zone.fromNames.join(", ")}) nor at #${range.to} (${zone.toNames.join(", ")})`,
      });
    }
    zone.issues = issues;
  };

  const judgeSet = (accountId: string, ref: ZoneSetRef, event: TimelineEvent): void => {
    const ids = bySet.get(setKey(accountId, ref));
    if (ids === undefined) return;
    for (const id of [...ids]) {
      const zone = judged.get(id);
      if (zone !== undefined) judgeZone(zone, event);
    }
  };

  // Names in the same set at both ends; their deletions in between are violations.
  const kept = (accountId: string, nsName: string, nsSet: number): boolean =>
    start.nameservers.get(accountId)?.get(nsName) === nsSet &&
    end.nameservers.get(accountId)?.get(nsName) === nsSet;

  between.forEach((event, index) => {
    const change = event.change;
    const zonesOnDeletedSet =
      change.kind === "nameserver-deleted"
        ? listZonesOnSet(state, change.accountId, change.nsSet).map((z) => ({ id: z.id, name: z.name }))
        : [];
    applyChange(state, event);
    switch (change.kind) {
      case "nameserver-created":
      case "nameserver-deleted":
        judgeSet(change.accountId, { type: "custom.account", nsSet: change.nsSet }, event);
        break;
      case "nameserver-set-created":
      case "nameserver-set-deleted":
        judgeSet(change.accountId, { type: "custom", setId: change.setId }, event);
        break;
      case "zone-nameservers":
      case "zone-added":
      case "zone-deleted": {
        const zone = judged.get(change.kind === "zone-nameservers" ? change.zoneId : change.zone.id);
        if (zone !== undefined) judgeZone(zone, event);
        break;
      }
      default:
        break;
    }
    if (change.kind === "nameserver-deleted" && kept(change.accountId, change.nsName, change.nsSet)) {
      const recreated = between
        .slice(index + 1)
        .find(
          (e) =>
            e.change.kind === "nameserver-created" &&
            e.change.accountId === change.accountId &&
            e.change.nsName === change.nsName,
        );
      const recreatedSet =
        recreated?.change.kind === "nameserver-created" ? recreated.change.nsSet : change.nsSet;
      const recreatedSeq = recreated?.seq ?? range.to;
      const lost =
        zonesOnDeletedSet.length === 0
          ? `no zone was on ns_set ${change.nsSet} then`
          : `zones on ns_set ${change.nsSet} lost it in between: ${zonesOnDeletedSet.map((z) => `${z.name} (${z.id})`).join(", ")}`;
      const by =
        recreated === undefined
          ? ""
          : ` and re-created in ns_set ${recreatedSet} by write ${describeWrite(recreated)}`;
      violations.push({
        kind: "name-recreated",
        accountId: change.accountId,
        seq: event.seq,
        at: event.at,
        cause: event.cause,
        nsName: change.nsName,
        nsSet: change.nsSet,
        recreatedSeq,
        recreatedSet,
        zones: zonesOnDeletedSet,
        message: `nameserver "${change.nsName}" of account ${change.accountId} was deleted by write ${describeWrite(event)}${by}; it was in ns_set ${change.nsSet} at #${range.from} and at #${range.to}, and ${lost}`,
      });
    }
  });

  const order = (v: ContinuityViolation): string => (v.kind === "name-recreated" ? v.nsName : v.zone.name);
  return violations.sort(
    (a, b) =>
      a.seq - b.seq ||
      ContinuityViolationKinds.indexOf(a.kind) - ContinuityViolationKinds.indexOf(b.kind) ||
      order(a).localeCompare(order(b)),
  );
}
