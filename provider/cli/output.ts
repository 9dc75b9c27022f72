/**
 * Rendering for the CLI: aligned tables for people, one stable JSON document for scripts.
 */
import type { CliWriter } from "./io";
export { formatCount } from "../core/wording";

/** Lays rows out in columns two spaces apart, the first row being the header; no trailing spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** Writes lines, each ending in a newline. */
export function writeLines(writer: CliWriter, lines: readonly string[]): void {
  if (lines.length > 0) writer.write(`${lines.join("\n")}\n`);
}

/** Writes one JSON document (two-space indent, newline at the end). */
export function writeJson(writer: CliWriter, value: unknown): void {
  writer.write(`${JSON.stringify(value, null, 2)}\n`);
}
