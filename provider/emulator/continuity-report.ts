/**
 * What the continuity check (continuity.ts) reports: its violations as data, each with its
 * rendered line, and the error that lists them.
 */
import { formatCount } from "../core/wording";
import type { ZoneNameserversState } from "./model";
import type { TimelineCause } from "./timeline";

/** The kinds of violation, in the order the check reports them within one write. */
export const ContinuityViolationKinds = [
  "zone-off-acns",
  "set-too-small",
  "foreign-nameserver",
  "name-recreated",
] as const;
export type ContinuityViolationKind = (typeof ContinuityViolationKinds)[number];

/** A zone named by a violation. */
export interface ZoneRef {
  id: string;
  name: string;
}

interface ViolationBase {
  accountId: string;
  /** The write where it happened. */
  seq: number;
  /** Emulated time of that write, ISO 8601. */
  at: string;
  cause: TimelineCause;
  message: string;
}

/** What a zone rule found, with the zone's ends for context. */
interface ZoneViolationBase extends ViolationBase {
  zone: ZoneRef;
  /** The zone's nameservers after the write; null when the write deleted the zone. */
  nameservers: ZoneNameserversState | null;
  /** The names serving the zone after the write (none when it was off every set). */
  names: string[];
  /** The zone's ns_set at `from` and at `to`; null at an end where it was on a Custom Nameserver Set. */
  fromSet: number | null;
  toSet: number | null;
  /** The zone's Custom Nameserver Set id at `from` and at `to`; null at an end where it was on an ns_set. */
  fromSetId: string | null;
  toSetId: string | null;
}

/** One break of continuity, as data; `message` is the rendered line. */
export type ContinuityViolation =
  | (ZoneViolationBase & { kind: "zone-off-acns" })
  | (ZoneViolationBase & { kind: "set-too-small" })
  | (ZoneViolationBase & { kind: "foreign-nameserver"; foreignNames: string[] })
  | (ViolationBase & {
      kind: "name-recreated";
      nsName: string;
      nsSet: number;
      /** The write that created the name again, and the set it went to. */
      recreatedSeq: number;
      recreatedSet: number;
      /** The zones on the name's set when it was deleted. */
      zones: ZoneRef[];
    });

/** The positions a check runs between. */
export interface ContinuityRange {
  from: number;
  to: number;
}

/** Renders violations, one line each, under a heading naming the range. */
export function formatContinuityViolations(
  violations: readonly ContinuityViolation[],
  range: ContinuityRange,
): string {
  const count = formatCount(violations.length, "violation");
  return [
    `continuity broken between #${range.from} and #${range.to} (${count}):`,
    ...violations.map((v) => `  - ${v.kind}: ${v.message}`),
  ].join("\n");
}

/** Zones lost continuity between two positions of the emulator's timeline; `violations` has them all. */
export class ContinuityError extends Error {
  readonly code = "ContinuityError" as const;
  readonly violations: readonly ContinuityViolation[];
  readonly from: number;
  readonly to: number;

  constructor(violations: readonly ContinuityViolation[], range: ContinuityRange) {
    super(formatContinuityViolations(violations, range));
    this.name = "ContinuityError";
    this.violations = violations;
    this.from = range.from;
    this.to = range.to;
  }
}

/** Recognises a ContinuityError. */
export function isContinuityError(value: unknown): value is ContinuityError {
  return value instanceof ContinuityError;
}
