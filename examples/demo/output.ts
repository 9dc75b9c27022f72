/**
 * How the demo prints: sections, commands with their output indented under them, Pulumi steps one
 * per line with what changed. Every line passes through one redacting writer, so the API token
 * cannot reach the terminal whatever a message holds.
 */
import {
  countSteps,
  type OperationReport,
  type PropertyChange,
  type ResourceStep,
  type StepOp,
} from "./lifecycle";

/** Where the demo writes (process.stdout, or a test's collector). */
export interface DemoWriter {
  write(text: string): unknown;
}

const INDENT = "  ";
/** Longest value shown in a change line before it is shortened. */
const MAX_VALUE_WIDTH = 72;

/** Line-oriented printer over a writer. */
export class DemoPrinter {
  private sectionCount = 0;

  constructor(
    private readonly writer: DemoWriter,
    private readonly secrets: readonly string[],
  ) {}

  /** Prints lines as they are (each redacted). */
  line(...lines: string[]): void {
    for (const line of lines) this.writer.write(`${this.redact(line)}\n`);
  }

  /** Prints lines indented under the current command; blank-trimmed, empty lines kept inside. */
  block(text: string): void {
    const lines = text.replace(/\s+$/, "").split("\n");
    for (const line of lines) this.line(line === "" ? "" : `${INDENT}${line}`);
  }

  /** A numbered section heading. */
  section(title: string): void {
    this.sectionCount += 1;
    this.line("", `== ${this.sectionCount}. ${title}`);
  }

  /** A command as a user would type it. */
  command(text: string): void {
    this.line("", `$ ${text}`);
  }

  /** A note in the flow (what the demo did or checked). */
  note(text: string): void {
    this.line(`${INDENT}${text}`);
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) if (secret !== "") out = out.split(secret).join("[redacted]");
    return out;
  }
}

const OP_SIGNS: Record<StepOp, string> = { create: "+", update: "~", replace: "+-", delete: "-", same: " " };
/** Past and future tense of each operation, for the summary lines. */
const OP_WORDS: Record<StepOp, { planned: string; done: string }> = {
  create: { planned: "to create", done: "created" },
  update: { planned: "to update", done: "updated" },
  replace: { planned: "to replace", done: "replaced" },
  delete: { planned: "to delete", done: "deleted" },
  same: { planned: "unchanged", done: "unchanged" },
};
/**
 * The order steps are listed in, the order they run in: sets before the bindings that use them,
 * and deletes the other way round (a set is deleted only once no zone uses it).
 */
const TYPE_ORDER = ["AccountNameserverSet", "ZoneAcnsBinding", "AccountDefaultNameservers"];

/** Steps in a stable order (the engine runs independent steps in parallel, so its order varies). */
export function sortSteps(steps: readonly ResourceStep[]): ResourceStep[] {
  const rank = (step: ResourceStep): number => {
    const index = TYPE_ORDER.indexOf(step.type);
    const known = index === -1 ? TYPE_ORDER.length : index;
    return step.op === "delete" ? -known : known;
  };
  return [...steps].sort((a, b) => rank(a) - rank(b) || a.name.localeCompare(b.name));
}

/**
 * One line per resource (`+ AccountNameserverSet  set-4`), changes under updates, unchanged
 * resources left out unless nothing else happened.
 */
export function formatSteps(report: OperationReport): string[] {
  const steps = sortSteps(report.steps);
  const typeWidth = Math.max(0, ...steps.map((s) => s.type.length));
  const nameWidth = Math.max(0, ...steps.map((s) => s.name.length));
  const lines: string[] = [];
  for (const step of steps) {
    if (step.op === "same") continue;
    const head = `${OP_SIGNS[step.op].padEnd(2)} ${step.type.padEnd(typeWidth)}  ${step.name.padEnd(nameWidth)}`;
    const [first, ...rest] = step.changes.map(formatChange);
    lines.push(first === undefined ? head.trimEnd() : `${head}  ${first}`);
    for (const change of rest) lines.push(`${" ".repeat(head.length)}  ${change}`);
  }
  return lines;
}

/** `5 to create`, `2 updated, 3 unchanged`: the engine's counts in its own words. */
export function formatCounts(report: OperationReport, tense: "planned" | "done"): string {
  const counts = countSteps(report);
  const order: StepOp[] = ["create", "update", "replace", "delete", "same"];
  const parts = order
    .filter((op) => (counts[op] ?? 0) > 0)
    .map((op) => `${counts[op] ?? 0} ${OP_WORDS[op][tense]}`);
  return parts.length === 0 ? "no resources" : parts.join(", ");
}

function formatChange(change: PropertyChange): string {
  return `${change.key}: ${formatValue(change.before)} => ${formatValue(change.after)}`;
}

/**
 * A value short enough for one line: arrays of names as `[a, b]`, glue records by their names
 * (their addresses follow from the names), the rest as JSON.
 */
export function formatValue(value: unknown): string {
  const text = isGlueRecordList(value)
    ? `glue for [${value.map((g) => g.nsName).join(", ")}]`
    : Array.isArray(value) && value.every((v) => typeof v === "string")
      ? `[${value.join(", ")}]`
      : JSON.stringify(value ?? null);
  return text.length > MAX_VALUE_WIDTH ? `${text.slice(0, MAX_VALUE_WIDTH - 1)}…` : text;
}

/** Glue-record shaped values, as the stack exports them. */
interface GlueRecordLike {
  nsName: string;
  ipv4: string | null;
  ipv6: string | null;
}

function isGlueRecordList(value: unknown): value is GlueRecordLike[] {
  return (
    Array.isArray(value) &&
    value.every((v) => typeof v === "object" && v !== null && "nsName" in v && "ipv4" in v && "ipv6" in v)
  );
}

/** Stack outputs, one per line; glue records as a small table under their key. */
export function formatOutputs(outputs: Record<string, unknown>): string[] {
  const keys = Object.keys(outputs).sort();
  const width = Math.max(0, ...keys.map((k) => k.length));
  const lines: string[] = [];
  for (const key of keys) {
    const value = outputs[key];
    if (isGlueRecordList(value)) {
      const nameWidth = Math.max(0, ...value.map((g) => g.nsName.length));
      value.forEach((glue, i) => {
        const label = i === 0 ? key.padEnd(width) : " ".repeat(width);
        lines.push(
          `${label}  ${glue.nsName.padEnd(nameWidth)}  A ${glue.ipv4 ?? "-"}  AAAA ${glue.ipv6 ?? "-"}`,
        );
      });
      continue;
    }
    lines.push(`${key.padEnd(width)}  ${formatValue(value)}`);
  }
  return lines;
}
