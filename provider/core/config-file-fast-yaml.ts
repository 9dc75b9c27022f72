/**
 * The YAML fast path of `parseConfigFile` (see config-file-fast.ts): the plain block style people
 * write, read once for the value and, only when an issue is located, once more for positions.
 */
import type { AcnsIssuePath } from "./config";
import { ID_KEYS, LineIndex, followPath, type FastPosition } from "./config-file-fast";

/** A value's place as the recording pass keeps it: a scalar's offset, or a collection's. */
type PlaceNode = number | PlaceMap | PlaceList;
interface PlaceMap {
  at: number;
  entries: Map<string, PlaceNode>;
}
interface PlaceList {
  at: number;
  items: PlaceNode[];
}

/** Thrown inside the reader when the text leaves the plain style; caught by {@link readSimpleYaml}. */
class GiveUp {}
const GIVE_UP = new GiveUp();

/** A plain scalar this reader takes: letters, digits and `_ . / -`, not starting with `-`. */
const PLAIN = /[A-Za-z0-9_./][A-Za-z0-9_./-]*/y;
/** Plain scalars YAML 1.2's core schema reads as something other than a string. */
const CORE_NULL = /^(?:~|[Nn]ull|NULL)$/;
const CORE_TRUE = /^(?:[Tt]rue|TRUE)$/;
const CORE_FALSE = /^(?:[Ff]alse|FALSE)$/;
const SMALL_INT = /^[0-9]{1,15}$/;
const CORE_OTHER =
  /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?)$/;
/** Tabs, control characters and a carriage return outside `\r\n`: left to the document path. */
// eslint-disable-next-line no-control-regex
const UNUSUAL_CHARACTER = /[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]|\r(?!\n)/;
/** Keys JS would reorder (integer-like) or treat specially: left to the document path. */
const AWKWARD_KEY = /^(?:0|[1-9][0-9]*|__proto__)$/;

/**
 * Reads YAML written in the plain block style into the value YAML's document path gives, or
 * `undefined` when the text uses anything else (the caller then takes the document path).
 */
export function readSimpleYaml(text: string): { value: unknown } | undefined {
  if (text.charCodeAt(0) === 0xfeff || UNUSUAL_CHARACTER.test(text)) return undefined;
  try {
    return { value: new SimpleYamlReader(text, false).read() };
  } catch (err: unknown) {
    if (err instanceof GiveUp || err instanceof RangeError) return undefined;
    throw err;
  }
}

/**
 * Where a path into a text {@link readSimpleYaml} read is written, with the document path's rules.
 * The first call reads the text once more, keeping only the offsets of its values.
 */
export function createSimpleYamlLocator(text: string): (path: AcnsIssuePath) => FastPosition | undefined {
  const lines = new LineIndex(text);
  let root: PlaceNode | undefined;
  return (path) => {
    root ??= new SimpleYamlReader(text, true).read() as PlaceNode;
    const node = followPath(root, path, (place, part) => {
      if (typeof place === "number") return null;
      if ("entries" in place) return typeof part === "string" ? place.entries.get(part) : undefined;
      return typeof part === "number" ? place.items[part] : null;
    });
    return node === undefined ? undefined : lines.position(placeOf(node));
  };
}

function placeOf(node: PlaceNode): number {
  return typeof node === "number" ? node : node.at;
}

/**
 * A line-by-line reader of block YAML. With `record`, it gives {@link PlaceNode}s instead of values
 * (for a text it has read once, so without the checks). Any construct it does not know throws
 * {@link GIVE_UP}.
 */
class SimpleYamlReader {
  /** The current line: where it starts, its first non-space character, and its end (before `\r\n`). */
  private lineStart = 0;
  private content = 0;
  private end = 0;
  private done = false;
  /** The offset just after the scalar or flow collection last read. */
  private next = 0;

  constructor(
    private readonly text: string,
    private readonly record: boolean,
  ) {}

  read(): unknown {
    this.seekLine(0);
    if (this.done) throw GIVE_UP;
    const value = this.readBlock(this.indent());
    if (!this.done) throw GIVE_UP;
    return value;
  }

  private indent(): number {
    return this.content - this.lineStart;
  }

  /** Moves to the first line at or after `from` that holds more than spaces and a comment. */
  private seekLine(from: number): void {
    const text = this.text;
    let start = from;
    while (start < text.length) {
      let newline = text.indexOf("\n", start);
      if (newline < 0) newline = text.length;
      let content = start;
      while (content < newline && text.charCodeAt(content) === 32) content++;
      const end = newline > content && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      const first = text.charCodeAt(content);
      if (content < end && first !== 35 /* # */) {
        // Directives and document markers belong to the document path.
        if (
          content === start &&
          (first === 37 || text.startsWith("---", start) || text.startsWith("...", start))
        )
          throw GIVE_UP;
        this.lineStart = start;
        this.content = content;
        this.end = end;
        return;
      }
      start = newline + 1;
    }
    this.done = true;
    this.lineStart = this.content = this.end = text.length;
  }

  private nextLine(): void {
    this.seekLine(this.end + 1);
  }

  private isSequenceEntry(at: number): boolean {
    return (
      this.text.charCodeAt(at) === 45 /* - */ && (at + 1 === this.end || this.text.charCodeAt(at + 1) === 32)
    );
  }

  /** A block node whose first line is the current line, indented by `indent`. */
  private readBlock(indent: number): unknown {
    if (this.isSequenceEntry(this.content)) return this.readSequence(indent);
    return this.readMapping(indent, this.content);
  }

  private readSequence(indent: number): unknown {
    const items: unknown[] = [];
    const at = this.content;
    while (!this.done && this.indent() === indent && this.isSequenceEntry(this.content)) {
      let item = this.content + 1;
      while (item < this.end && this.text.charCodeAt(item) === 32) item++;
      if (item >= this.end || this.isSequenceEntry(item) || this.text.charCodeAt(item) === 35) throw GIVE_UP;
      if (this.findKeyEnd(item) !== undefined) {
        items.push(this.readMapping(item - this.lineStart, item));
      } else {
        items.push(this.readInlineValue(item));
        this.nextLine();
      }
      if (!this.done && this.indent() > indent) throw GIVE_UP;
    }
    return this.record ? ({ at, items: items as PlaceNode[] } satisfies PlaceList) : items;
  }

  /** A mapping whose keys are at column `indent`; its first key starts at `first` on the current line. */
  private readMapping(indent: number, first: number): unknown {
    const value: Record<string, unknown> = {};
    const entries = this.record ? new Map<string, PlaceNode>() : undefined;
    let keyAt = first;
    for (;;) {
      const keyEnd = this.findKeyEnd(keyAt);
      if (keyEnd === undefined) throw GIVE_UP;
      const key = this.readKey(keyAt, keyEnd);
      let valueAt = keyEnd + 1;
      while (valueAt < this.end && this.text.charCodeAt(valueAt) === 32) valueAt++;
      let item: unknown;
      if (valueAt < this.end && this.text.charCodeAt(valueAt) !== 35) {
        item = this.readInlineValue(valueAt);
        this.nextLine();
        if (!this.done && this.indent() > indent) throw GIVE_UP;
      } else {
        this.nextLine();
        if (this.done) throw GIVE_UP;
        if (this.indent() > indent) item = this.readBlock(this.indent());
        else if (this.indent() === indent && this.isSequenceEntry(this.content))
          item = this.readSequence(indent);
        else throw GIVE_UP; // an empty value
      }
      if (entries !== undefined) entries.set(key, item as PlaceNode);
      else this.addEntry(value, key, item);
      if (this.done || this.indent() < indent) break;
      if (this.indent() > indent || this.isSequenceEntry(this.content)) throw GIVE_UP;
      keyAt = this.content;
    }
    return entries !== undefined ? ({ at: first, entries } satisfies PlaceMap) : value;
  }

  /** Adds a key to a mapping; gives up on a repeated key or a numeric id (the document path reports both). */
  private addEntry(value: Record<string, unknown>, key: string, item: unknown): void {
    if (Object.prototype.hasOwnProperty.call(value, key)) throw GIVE_UP;
    if (typeof item === "number" && ID_KEYS.has(key)) throw GIVE_UP;
    value[key] = item;
  }

  /** The offset of the `:` that ends a key starting at `at` (followed by a space or the line's end). */
  private findKeyEnd(at: number): number | undefined {
    const text = this.text;
    let end: number;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) {
      end = text.indexOf(c === 34 ? '"' : "'", at + 1) + 1;
      if (end <= 0 || end > this.end) return undefined;
    } else {
      PLAIN.lastIndex = at;
      if (!PLAIN.test(text)) return undefined;
      end = PLAIN.lastIndex;
    }
    if (text.charCodeAt(end) !== 58) return undefined;
    return end + 1 === this.end || text.charCodeAt(end + 1) === 32 ? end : undefined;
  }

  private readKey(at: number, end: number): string {
    const c = this.text.charCodeAt(at);
    const quoted = c === 34 || c === 39;
    const key = quoted ? this.readQuoted(at) : this.text.slice(at, end);
    if (this.record) return key;
    if (!quoted && resolvePlain(key) !== key) throw GIVE_UP;
    if (key.length > 1000 || AWKWARD_KEY.test(key)) throw GIVE_UP;
    return key;
  }

  /** A scalar or one-line flow collection at `at` that runs to the end of the line (or a comment). */
  private readInlineValue(at: number): unknown {
    const value = this.readValue(at, false);
    const next = this.next;
    let after = next;
    while (after < this.end && this.text.charCodeAt(after) === 32) after++;
    if (after < this.end && !(this.text.charCodeAt(after) === 35 && after > next)) throw GIVE_UP;
    return value;
  }

  /** A scalar or flow collection at `at`; sets {@link next} to the offset after it. */
  private readValue(at: number, inFlow: boolean): unknown {
    const text = this.text;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) {
      const quoted = this.readQuoted(at);
      return this.record ? at : quoted;
    }
    if (c === 91) return this.readFlowSequence(at);
    if (c === 123) return this.readFlowMapping(at);
    PLAIN.lastIndex = at;
    if (!PLAIN.test(text)) throw GIVE_UP;
    const next = PLAIN.lastIndex;
    if (next > this.end) throw GIVE_UP;
    const after = text.charCodeAt(next);
    // A plain scalar ends at a space or the line's end (in a flow, also at , ] }).
    if (next < this.end && after !== 32 && !(inFlow && (after === 44 || after === 93 || after === 125)))
      throw GIVE_UP;
    this.next = next;
    return this.record ? at : resolvePlain(text.slice(at, next));
  }

  /** A quoted scalar without escapes, closed on its line; sets {@link next}. */
  private readQuoted(at: number): string {
    const quote = this.text.charCodeAt(at);
    const close = this.text.indexOf(quote === 34 ? '"' : "'", at + 1);
    if (close < 0 || close >= this.end) throw GIVE_UP;
    const inner = this.text.slice(at + 1, close);
    if (quote === 34 && inner.includes("\\")) throw GIVE_UP;
    if (quote === 39 && this.text.charCodeAt(close + 1) === 39) throw GIVE_UP;
    this.next = close + 1;
    return inner;
  }

  private skipFlowSpace(at: number): number {
    while (at < this.end && this.text.charCodeAt(at) === 32) at++;
    if (at >= this.end) throw GIVE_UP; // a flow collection over several lines
    return at;
  }

  /** The entries of a flow collection opened at `open`, each read by `readEntry`, which sets {@link next}. */
  private readFlowEntries(open: number, close: number, readEntry: (at: number) => void): void {
    let at = this.skipFlowSpace(open + 1);
    if (this.text.charCodeAt(at) !== close) {
      for (;;) {
        readEntry(at);
        at = this.skipFlowSpace(this.next);
        const c = this.text.charCodeAt(at);
        if (c === close) break;
        if (c !== 44) throw GIVE_UP;
        at = this.skipFlowSpace(at + 1);
        if (this.text.charCodeAt(at) === close) throw GIVE_UP;
      }
    }
    this.next = at + 1;
  }

  private readFlowSequence(open: number): unknown {
    const items: unknown[] = [];
    this.readFlowEntries(open, 93, (at) => items.push(this.readValue(at, true)));
    return this.record ? ({ at: open, items: items as PlaceNode[] } satisfies PlaceList) : items;
  }

  private readFlowMapping(open: number): unknown {
    const value: Record<string, unknown> = {};
    const entries = this.record ? new Map<string, PlaceNode>() : undefined;
    this.readFlowEntries(open, 125, (at) => {
      const keyEnd = this.findKeyEnd(at);
      if (keyEnd === undefined || keyEnd + 1 >= this.end) throw GIVE_UP;
      const key = this.readKey(at, keyEnd);
      const valueAt = this.skipFlowSpace(keyEnd + 1);
      const c = this.text.charCodeAt(valueAt);
      if (c === 44 || c === 125) throw GIVE_UP; // an empty value
      const item = this.readValue(valueAt, true);
      if (entries !== undefined) entries.set(key, item as PlaceNode);
      else this.addEntry(value, key, item);
    });
    return entries !== undefined ? ({ at: open, entries } satisfies PlaceMap) : value;
  }
}

/** A plain scalar as YAML 1.2's core schema reads it; gives up on numbers it does not read exactly. */
function resolvePlain(source: string): unknown {
  const c = source.charCodeAt(0);
  // Only these first characters can start a null, a boolean or a number.
  if (!((c >= 48 && c <= 57) || c === 46 || c === 126 || "nNtTfF".includes(source.charAt(0)))) return source;
  if (CORE_NULL.test(source)) return null;
  if (CORE_TRUE.test(source)) return true;
  if (CORE_FALSE.test(source)) return false;
  if (SMALL_INT.test(source)) return Number(source);
  if (CORE_OTHER.test(source)) throw GIVE_UP;
  return source;
}
