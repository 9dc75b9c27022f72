/** Helpers the resource implementations share: warnings, the client and its errors, diff comparisons. */
import type { AcnsClient } from "../client";
import { normaliseName } from "../core/names";
import { isNotFound, toResourceError, type ErrorWhere } from "./errors";
import type { Session } from "./session";
import { isUnknown } from "./unknowns";

export { formatNameList } from "../core/wording";

let warningSink: ((message: string) => void) | undefined;

/**
 * A warning for the person running Pulumi. A dynamic provider has no engine connection to log
 * through; the engine shows the dynamic host's stderr lines in the command's output. The provider
 * plugin, whose stderr the engine hides, sends them to the engine instead ({@link setWarningSink}).
 */
export function warn(message: string): void {
  if (warningSink !== undefined) warningSink(message);
  else process.stderr.write(`warning: ${message}\n`);
}

/** Sends this process's warnings to `sink` instead of stderr; `undefined` goes back to stderr. */
export function setWarningSink(sink: ((message: string) => void) | undefined): void {
  warningSink = sink;
}

/** Collects this process's warnings instead of printing them, until `restore()` (tests). */
export function captureWarnings(): { readonly warnings: string[]; restore(): void } {
  const warnings: string[] = [];
  setWarningSink((message) => warnings.push(message));
  return { warnings, restore: () => setWarningSink(undefined) };
}

/** The session's client; missing or conflicting credentials become an error about `field`. */
export function getClient(session: Session, where: ErrorWhere): AcnsClient {
  try {
    return session.client();
  } catch (err) {
    throw toResourceError(err, where, session.secrets);
  }
}

/** Runs `call`; anything it throws becomes a resource error about `where`. */
export async function withResourceError<T>(
  session: Session,
  where: ErrorWhere,
  call: () => Promise<T>,
): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toResourceError(err, where, session.secrets);
  }
}

/**
 * Reads what read or delete acts on: a 404 (the zone, account or set is gone) reads as undefined,
 * any other error becomes a resource error about `where`.
 */
export async function readUnlessGone<T>(
  session: Session,
  where: ErrorWhere,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw toResourceError(err, where, session.secrets);
  }
}

/**
 * Whether a field differs between the old outputs and the new checked inputs. An unknown new value
 * may differ; an old value that is missing (state written by an older version of this package)
 * counts as unchanged, so an upgrade alone never causes an update or a replace.
 */
export function hasFieldChanged(oldValue: unknown, newValue: unknown): boolean {
  if (isUnknown(newValue)) return true;
  if (oldValue === undefined || oldValue === null || newValue === undefined) return false;
  if (typeof oldValue === "string" && typeof newValue === "string") {
    return oldValue.trim().toLowerCase() !== newValue.trim().toLowerCase();
  }
  return oldValue !== newValue;
}

/** Names as a set: normalised, without duplicates, sorted; undefined when `value` is not a list of strings. */
export function toNameSet(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === "string")) return undefined;
  return [...new Set(value.map(normaliseName))].sort();
}

/** True when two lists hold the same names (order, case and a trailing dot ignored). */
export function isSameNameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = toNameSet(a) ?? [];
  const right = toNameSet(b) ?? [];
  return left.length === right.length && left.every((name, i) => name === right[i]);
}
