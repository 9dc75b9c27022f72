/**
 * A one-line progress indicator on stderr for long account reads. It shows only when stderr is a
 * terminal, so pipes, CI logs and tests see nothing of it; it rewrites its line in place and
 * clears it when done, so the command's own output starts on a clean line.
 */
import type { CliWriter } from "./io";

/** A progress line. */
export interface Progress {
  /** Shows `text` in place of the previous line (no-op when it is unchanged or stderr is no terminal). */
  update(text: string): void;
  /** Clears the line. */
  done(): void;
}

const CLEAR_LINE = "\r\u001b[2K";

/** A progress line on `writer`, active only when `writer.isTTY`. */
export function createProgress(writer: CliWriter): Progress {
  if (writer.isTTY !== true) return { update: () => undefined, done: () => undefined };
  let shown = "";
  return {
    update(text) {
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
