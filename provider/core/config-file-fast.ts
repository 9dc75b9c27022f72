/**
 * The fast paths of {@link parseConfigFile} for big files (issue 11: a million zones, where the YAML
 * document path costs gigabytes): positions only for the paths an issue points at. JSON here, YAML's
 * block style in config-file-fast-yaml.ts; both match the document path and give up on anything else.
 */
import type { AcnsIssuePath } from "./config";

/** A place in the file: 1-based line and column (the shape of `SourcePosition`). */
export interface FastPosition {
  line: number;
  column: number;
}

/** The keys whose values must not be numbers (the document path reports `unquoted-id`). */
export const ID_KEYS = new Set(["accountId", "zoneId"]);

/** Line starts of a text, found once on first use; positions as YAML's `LineCounter` gives them. */
export class LineIndex {
  private starts: Uint32Array | undefined;
  private count = 0;

  constructor(private readonly text: string) {}

  position(offset: number): FastPosition {
    const starts = this.build();
    let low = 0;
    let high = this.count;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((starts[mid] ?? 0) <= offset) low = mid + 1;
      else high = mid;
    }
    const start = starts[low - 1] ?? 0;
    return { line: low, column: offset - start + 1 };
  }

  private build(): Uint32Array {
    if (this.starts !== undefined) return this.starts;
    let starts = new Uint32Array(1024);
    let count = 1;
    for (let at = this.text.indexOf("\n"); at >= 0; at = this.text.indexOf("\n", at + 1)) {
      if (count === starts.length) {
        const grown = new Uint32Array(starts.length * 2);
        grown.set(starts);
        starts = grown;
      }
      starts[count++] = at + 1;
    }
    this.starts = starts;
    this.count = count;
    return starts;
  }
}

/**
 * Follows `path` from `root` with the document path's rules (see `ParsedConfigFile.locate`): a
 * missing last step is a field an issue says is missing, so its parent is the place; any other
 * missing step leads nowhere. `child` gives a node's entry for a step: undefined when it has none,
 * null when the node holds nothing a step can name (a scalar, or a list named by a key).
 */
export function followPath<N>(
  root: N,
  path: AcnsIssuePath,
  child: (node: N, part: string | number) => N | undefined | null,
): N | undefined {
  let node = root;
  for (const [i, part] of path.entries()) {
    const next = child(node, part);
    if (next === null) return undefined;
    if (next === undefined) return i === path.length - 1 ? node : undefined;
    node = next;
  }
  return node;
}

// ---------------------------------------------------------------------------------------------
// JSON

/**
 * Reads strict JSON with `JSON.parse`. `syntax` when the text is not JSON (the caller describes
 * where); `fallback` when it is JSON that the document path must judge: a key repeated in one
 * object, or an `accountId`/`zoneId` written as a number.
 */
export function readJson(text: string): { value: unknown } | "syntax" | "fallback" {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return "syntax";
  }
  const keys = countKeysAndCheckIds(value);
  if (keys === undefined || keys !== countJsonKeys(text)) return "fallback";
  return { value };
}

/** The keys of every object in a parsed value, or undefined when an id key holds a number. */
function countKeysAndCheckIds(root: unknown): number | undefined {
  let keys = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value !== "object" || value === null) continue;
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === "object" && item !== null) stack.push(item);
      continue;
    }
    for (const key in value) {
      keys++;
      const item = (value as Record<string, unknown>)[key];
      if (typeof item === "number" && ID_KEYS.has(key)) return undefined;
      if (typeof item === "object" && item !== null) stack.push(item);
    }
  }
  return keys;
}

/** The keys written in valid JSON text: each is the only thing followed by `:` outside a string. */
function countJsonKeys(text: string): number {
  let keys = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 58 /* : */) keys++;
    else if (c === 34 /* " */) i = skipJsonString(text, i);
  }
  return keys;
}

/** From the opening quote of a string in valid JSON, the offset of its closing quote. */
function skipJsonString(text: string, open: number): number {
  let at = open;
  for (;;) {
    at = text.indexOf('"', at + 1);
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

function isJsonSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9;
}

/**
 * Where a path into valid JSON text is written, with the document path's rules (see
 * `ParsedConfigFile.locate`). Each object or list a path passes through is indexed once (the
 * offsets of its entries); nothing else is kept.
 */
export function createJsonLocator(text: string): (path: AcnsIssuePath) => FastPosition | undefined {
  const lines = new LineIndex(text);
  const indexed = new Map<number, Map<string | number, number>>();

  const skipSpace = (at: number): number => {
    while (at < text.length && isJsonSpace(text.charCodeAt(at))) at++;
    return at;
  };
  /** The offset just after the value that starts at `at`. */
  const skipValue = (at: number): number => {
    const c = text.charCodeAt(at);
    if (c === 34) return skipJsonString(text, at) + 1;
    if (c !== 123 && c !== 91) {
      while (at < text.length) {
        const d = text.charCodeAt(at);
        if (d === 44 || d === 93 || d === 125 || isJsonSpace(d)) break;
        at++;
      }
      return at;
    }
    let depth = 0;
    for (; at < text.length; at++) {
      const d = text.charCodeAt(at);
      if (d === 34) at = skipJsonString(text, at);
      else if (d === 123 || d === 91) depth++;
      else if (d === 125 || d === 93) {
        depth--;
        if (depth === 0) return at + 1;
      }
    }
    return at;
  };
  /** The offsets of the entries of the object or list at `open`, by key or index; indexed once. */
  const indexEntries = (open: number): Map<string | number, number> => {
    let entries = indexed.get(open);
    if (entries !== undefined) return entries;
    entries = new Map();
    const close = text.charCodeAt(open) === 123 ? 125 : 93;
    let at = skipSpace(open + 1);
    if (text.charCodeAt(at) !== close) {
      for (;;) {
        let key: string | number = entries.size;
        if (close === 125) {
          const keyEnd = skipJsonString(text, at) + 1;
          key = JSON.parse(text.slice(at, keyEnd)) as string;
          at = skipSpace(skipSpace(keyEnd) + 1);
        }
        // Keys are unique here (a repeated key takes the document path).
        entries.set(key, at);
        at = skipSpace(skipValue(at));
        if (text.charCodeAt(at) !== 44) break;
        at = skipSpace(at + 1);
      }
    }
    indexed.set(open, entries);
    return entries;
  };

  return (path) => {
    const node = followPath(skipSpace(0), path, (at, part) => {
      const c = text.charCodeAt(at);
      if (c === 123) return typeof part === "string" ? indexEntries(at).get(part) : undefined;
      return c === 91 && typeof part === "number" ? indexEntries(at).get(part) : null;
    });
    return node === undefined ? undefined : lines.position(node);
  };
}
