/**
 * Progress of long account reads, on stderr only (stdout keeps the command's result, so `--json`
 * stays one JSON document): on a terminal one line rewritten in place and cleared when done; else
 * (a pipe, a CI log, `--json`) few plain lines (README, "Progress"), none at all in short
 * runs and tests.
 */
import type { CliWriter } from "./io";
import { formatCount } from "./output";

/** Where a long read is, as a progress display shows it. */
export interface ProgressReport {
  /** The step, e.g. `account 75cc…: zone settings`; a new step restarts the 10 % count. */
  step: string;
  /** Whole units done and to do in the step (`2/6`), when known. */
  done?: number | undefined;
  total?: number | undefined;
  /** Requests sent so far in the run. */
  requests: number;
  /** Seconds the rest of the step should take at the pace the client is allowed; undefined when unknown. */
  etaSeconds?: number | undefined;
}

/** A progress display. */
export interface Progress {
  /** Shows where the read is (no-op when nothing changed, or when a plain line is not due). */
  update(report: ProgressReport | string): void;
  /** Clears the terminal line; a plain display prints nothing more. */
  done(): void;
}

/** Plain lines: not more often than this (since the start or the last line)… */
export const PLAIN_INTERVAL_MS = 30_000;
/** …and once the step's share done grew by this much since its last line (time alone while unknown). */
export const PLAIN_STEP = 0.1;

const CLEAR_LINE = "\r\u001b[2K";

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Plain lines even on a terminal (`--json`). @default false */
  plain?: boolean | undefined;
  /** Put before each plain line, e.g. `acns drift: `. @default "" */
  prefix?: string | undefined;
  /** @default Date.now */
  clock?: (() => number) | undefined;
}

/** A progress display on `writer`: the in-place line on a terminal (unless `plain`), else plain lines. */
export function createProgress(writer: CliWriter, options: ProgressOptions = {}): Progress {
  if (writer.isTTY === true && options.plain !== true) return createTerminalProgress(writer);
  return createPlainProgress(writer, options.prefix ?? "", options.clock ?? Date.now);
}

function createTerminalProgress(writer: CliWriter): Progress {
  let shown = "";
  return {
    update(report) {
      const text = typeof report === "string" ? report : formatProgress(report);
      // One line only: a line longer than the terminal would wrap and could not be rewritten.
      // A pseudo-terminal may report 0 columns; assume the classic 80 then.
      const width = writer.columns !== undefined && writer.columns > 0 ? writer.columns : 80;
      const line = text.length >= width ? `${text.slice(0, Math.max(0, width - 2))}…` : text;
      if (line === shown) return;
      shown = line;
      writer.write(`${CLEAR_LINE}${line}`);
    },
    done() {
      if (shown === "") return;
      shown = "";
      writer.write(CLEAR_LINE);
    },
  };
}

function createPlainProgress(writer: CliWriter, prefix: string, clock: () => number): Progress {
  const started = clock();
  let lastAt = started;
  let lastStep: string | undefined;
  let lastShare = 0;
  return {
    update(report) {
      // Plain strings are short single-request steps (glue): never worth a line of their own.
      if (typeof report === "string") return;
      const now = clock();
      if (now - lastAt < PLAIN_INTERVAL_MS) return;
      const share = shareOf(report);
      const baseline = report.step === lastStep ? lastShare : 0;
      if (share !== undefined && share - baseline < PLAIN_STEP - 1e-9) return;
      lastAt = now;
      lastStep = report.step;
      lastShare = share ?? 0;
      writer.write(`${prefix}${formatProgress(report, true)}\n`);
    },
    done: () => undefined,
  };
}

function shareOf(report: ProgressReport): number | undefined {
  if (report.done === undefined || report.total === undefined || report.total <= 0) return undefined;
  return report.done / report.total;
}

/**
 * `account 75cc…: zone settings 2/6, 5 requests, about 1 min 40 s left`; with `percent`,
 * `zone settings 2/6 (33 %)`.
 */
export function formatProgress(report: ProgressReport, percent = false): string {
  let text = report.step;
  if (report.done !== undefined && report.total !== undefined) {
    text += ` ${report.done}/${report.total}`;
    const share = shareOf(report);
    if (percent && share !== undefined) text += ` (${Math.floor(share * 100)} %)`;
  }
  text += `, ${formatCount(report.requests, "request")}`;
  if (report.etaSeconds !== undefined) {
    text += report.etaSeconds < 1 ? ", under 1 s left" : `, about ${formatDuration(report.etaSeconds)} left`;
  }
  return text;
}

/** `under 1 s`, `42 s`, `3 min 20 s`, `42 min`, `1 h 5 min`: precise where it matters, rounded where not. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return "an unknown time";
  if (seconds < 1) return "under 1 s";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/**
 * Seconds for `remaining` requests: at the pace the client's pacer allows now, or at the pace
 * requests actually went lately when that is slower (slow answers with few in flight); undefined
 * when nothing is left to estimate.
 */
export function estimateSeconds(
  remaining: number,
  allowedPerSecond: number,
  measuredPerSecond?: number | undefined,
): number | undefined {
  if (remaining <= 0 || !(allowedPerSecond > 0)) return undefined;
  const pace =
    measuredPerSecond !== undefined && measuredPerSecond > 0
      ? Math.min(allowedPerSecond, measuredPerSecond)
      : allowedPerSecond;
  return remaining / pace;
}
