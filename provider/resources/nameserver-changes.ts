/**
 * Changing the names of one set safely: the order of adds and removes, and applying them as one
 * unit that is undone when a step fails, so a create or update either happens fully or not at all.
 */
import type { AcnsClient } from "../client";
import type { CustomNameserver } from "../core/cloudflare";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";

/** One step on a set. */
export interface NameChange {
  kind: "add" | "remove";
  name: string;
}

/**
 * The steps that turn set names `current` into `desired`. Adds come first, so a set that zones use
 * keeps at least as many names as before until the new ones exist; only when the set is full
 * (5 names) is one name removed before the next add. The set therefore never exceeds 5 names, and
 * never drops below min(current size, 4) until the trailing removes take it down to `desired`
 * (which has 2 or more names).
 */
export function planNameChanges(
  current: readonly string[],
  desired: readonly string[],
  maxNames: number = Limits.MAX_NAMES_PER_SET,
): NameChange[] {
  const have = new Set(current);
  const want = new Set(desired);
  const adds = [...want].filter((n) => !have.has(n)).sort();
  const removes = [...have].filter((n) => !want.has(n)).sort();
  const changes: NameChange[] = [];
  let size = have.size;
  for (const name of adds) {
    if (size >= maxNames) {
      const removed = removes.shift();
      // Unreachable with desired <= maxNames: a full set always holds a name that is not desired.
      if (removed === undefined) break;
      changes.push({ kind: "remove", name: removed });
      size--;
    }
    changes.push({ kind: "add", name });
    size++;
  }
  for (const name of removes) changes.push({ kind: "remove", name });
  return changes;
}

/** Where the changes go. */
export interface SetTarget {
  accountId: string;
  nsSet: number;
}

/** What applying changes produced: the records of the names added, by name. */
export type AddedNames = Map<string, CustomNameserver>;

/** Why {@link applyNameChanges} stopped, and what it did about the steps already taken. */
export class NameChangeFailure extends Error {
  /** The step that failed. */
  readonly failed: NameChange;
  /** The client's error. */
  readonly error: unknown;
  /** Steps undone, as sentences (`"ns1.example.com" removed again`). */
  readonly undone: string[];
  /** Steps that could not be undone, as sentences; empty when the set is as it was. */
  readonly leftover: string[];

  constructor(failed: NameChange, error: unknown, undone: string[], leftover: string[]) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "NameChangeFailure";
    this.failed = failed;
    this.error = error;
    this.undone = undone;
    this.leftover = leftover;
  }
}

/**
 * Applies `changes` to a set in order. When a step fails, the steps taken so far and the failing
 * one (whose effect may have been committed before the failure was seen) are undone against a
 * fresh listing, then a {@link NameChangeFailure} is thrown. A name removed and added back gets
 * new glue addresses if Cloudflare assigns them anew (not documented).
 */
export async function applyNameChanges(
  client: AcnsClient,
  target: SetTarget,
  changes: readonly NameChange[],
): Promise<AddedNames> {
  const added: AddedNames = new Map();
  const attempted: NameChange[] = [];
  for (const change of changes) {
    attempted.push(change);
    try {
      if (change.kind === "add") {
        added.set(change.name, await client.createCustomNameserver({ ...target, nsName: change.name }));
      } else {
        await client.deleteCustomNameserver({ accountId: target.accountId, nsName: change.name });
      }
    } catch (err) {
      const { undone, leftover } = await undoNameChanges(client, target, attempted);
      throw new NameChangeFailure(change, err, undone, leftover);
    }
  }
  return added;
}

/** Reverses attempted steps, newest first, touching only names this call changed. */
async function undoNameChanges(
  client: AcnsClient,
  target: SetTarget,
  attempted: readonly NameChange[],
): Promise<{ undone: string[]; leftover: string[] }> {
  const undone: string[] = [];
  const leftover: string[] = [];
  let live: Map<string, number> | undefined;
  try {
    const names = await client.listCustomNameservers({ accountId: target.accountId });
    live = new Map(names.map((ns) => [normaliseName(ns.ns_name), ns.ns_set]));
  } catch {
    // Without a listing, the steps known to have succeeded are still undone; the failing one is not.
    live = undefined;
  }
  for (const [i, change] of [...attempted].reverse().entries()) {
    const isFailingStep = i === 0;
    if (change.kind === "add") {
      const present = live === undefined ? !isFailingStep : live.get(change.name) === target.nsSet;
      if (!present) continue;
      try {
        await client.deleteCustomNameserver({ accountId: target.accountId, nsName: change.name });
        undone.push(`"${change.name}" removed again`);
      } catch {
        leftover.push(`"${change.name}" is still in set ${target.nsSet}`);
      }
    } else {
      const absent = live === undefined ? !isFailingStep : !live.has(change.name);
      if (!absent) continue;
      try {
        await client.createCustomNameserver({ ...target, nsName: change.name });
        undone.push(`"${change.name}" added back`);
      } catch {
        leftover.push(`"${change.name}" is missing from set ${target.nsSet}`);
      }
    }
  }
  return { undone, leftover };
}
