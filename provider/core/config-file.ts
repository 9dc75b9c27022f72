/**
 * Reading `acns.yaml` or `acns.json` into the raw value {@link validateAcnsConfig} checks, with every
 * problem pointed at a line and column. YAML 1.2 (`on`, `yes`, `no` stay strings); a `.json` file
 * must be strict JSON, as every other JSON reader of the file will want it. Pure.
 * @see ../../README.md#the-acns-cli
 */
import { z } from "zod";
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from "yaml";
import type { AcnsIssue, AcnsIssuePath } from "./config";
import { ID_KEYS, LineIndex, createJsonLocator, followPath, readJson } from "./config-file-fast";
import { createSimpleYamlLocator, readSimpleYaml } from "./config-file-fast-yaml";

/** How a configuration file is written. */
export const ConfigFileFormat = z.enum(["yaml", "json"]);
export type ConfigFileFormat = z.infer<typeof ConfigFileFormat>;

/**
 * Stable codes of problems with the file itself, before any rule is checked. Adding a code is a
 * minor change; renaming or removing one is a breaking change.
 */
export const CONFIG_FILE_PROBLEM_CODES = [
  /** The file holds nothing (or only comments). */
  "empty-file",
  /** Not well-formed YAML. */
  "yaml-syntax",
  /** Not strict JSON (a `.json` file). */
  "json-syntax",
  /** One key twice in one mapping; YAML would otherwise keep one of them silently. */
  "duplicate-key",
  /** More than one YAML document (`---`). */
  "multiple-documents",
  /** An `accountId` or `zoneId` written without quotes that YAML reads as a number. */
  "unquoted-id",
] as const;

export const ConfigFileProblemCode = z.enum(CONFIG_FILE_PROBLEM_CODES);
export type ConfigFileProblemCode = z.infer<typeof ConfigFileProblemCode>;

/** A place in the file: 1-based line and column. */
export const SourcePosition = z.object({ line: z.number().int().min(1), column: z.number().int().min(1) });
export type SourcePosition = z.infer<typeof SourcePosition>;

/** One problem with the file itself: a stable code, where, and what is wrong and how to fix it. */
export const ConfigFileProblem = z.object({
  code: ConfigFileProblemCode,
  line: z.number().int().min(1),
  column: z.number().int().min(1),
  message: z.string(),
});
export type ConfigFileProblem = z.infer<typeof ConfigFileProblem>;

/** Options of {@link parseConfigFile}. */
export interface ParseConfigFileOptions {
  /** The file's name, used only to choose the format by its extension (`.json` is JSON). */
  fileName?: string | undefined;
  /** The format, overriding the extension. @default "json" for a `.json` name, else "yaml" */
  format?: ConfigFileFormat | undefined;
}

/** What {@link parseConfigFile} gives back. */
export type ParsedConfigFile =
  | {
      ok: true;
      format: ConfigFileFormat;
      /** The file's content as plain data, unchecked: hand it to {@link validateAcnsConfig}. */
      value: unknown;
      /**
       * Where a path into `value` (an issue's `path`) is written in the file: the value at the path,
       * else its key, else the nearest enclosing entry that is in the file; `undefined` for a path
       * that leads nowhere in the file (e.g. into `liveZones` added after reading).
       */
      locate(path: AcnsIssuePath): SourcePosition | undefined;
    }
  | { ok: false; format: ConfigFileFormat; problems: ConfigFileProblem[] };

/** A validator issue with the place in the file it points at, when it has one. */
export type LocatedIssue = AcnsIssue & { position: SourcePosition | undefined };

/**
 * Parses the text of an ACNS configuration file into the raw value the validator checks. Never
 * throws; problems come back with line and column, in the order they appear in the file.
 *
 * @example
 * const file = parseConfigFile(text, { fileName: "acns.yaml" });
 * if (file.ok) { const result = validateAcnsConfig(file.value); ... }
 */
export function parseConfigFile(text: string, options: ParseConfigFileOptions = {}): ParsedConfigFile {
  const format = options.format ?? chooseFormat(options.fileName);
  // Fast paths for big files: plain data first, positions only for the paths an issue points at.
  if (format === "json") {
    const read = readJson(text);
    if (read === "syntax") return { ok: false, format, problems: [describeJsonSyntaxProblem(text)] };
    if (read !== "fallback") return { ok: true, format, value: read.value, locate: createJsonLocator(text) };
  } else {
    const read = readSimpleYaml(text);
    if (read !== undefined)
      return { ok: true, format, value: read.value, locate: createSimpleYamlLocator(text) };
  }
  return parseDocumentPath(text, format);
}

/**
 * The document path: every file the fast paths give up on (YAML beyond the plain block style, a
 * repeated key, a numeric id, and every file with a problem), with a source range on every node.
 */
function parseDocumentPath(text: string, format: ConfigFileFormat): ParsedConfigFile {
  const lineCounter = new LineCounter();
  // JSON is YAML 1.2, so one reader serves both and gives both the same positions.
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, version: "1.2" });
  const problems = doc.errors.map((error) => describeYamlError(error, format, lineCounter));
  if (problems.length === 0) problems.push(...findUnquotedIds(doc, lineCounter));
  if (problems.length === 0 && isEmptyDocument(doc)) problems.push(describeEmptyFile(format));
  if (problems.length > 0) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    return { ok: false, format, problems };
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err: unknown) {
    // Only the alias limit (a "billion laughs" file) throws here.
    const reason = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      format,
      problems: [
        { code: "yaml-syntax", line: 1, column: 1, message: `${reason}; use fewer aliases (*name)` },
      ],
    };
  }
  return { ok: true, format, value, locate: (path) => locatePath(doc, lineCounter, path) };
}

/** Adds to each issue the place in the file it points at (see {@link ParsedConfigFile} `locate`). */
export function locateIssues(
  file: Extract<ParsedConfigFile, { ok: true }>,
  issues: readonly AcnsIssue[],
): LocatedIssue[] {
  return issues.map((issue) => ({ ...issue, position: file.locate(issue.path) }));
}

function chooseFormat(fileName: string | undefined): ConfigFileFormat {
  return fileName !== undefined && /\.json$/i.test(fileName) ? "json" : "yaml";
}

type YamlError = Document.Parsed["errors"][number];

function describeYamlError(
  error: YamlError,
  format: ConfigFileFormat,
  lines: LineCounter,
): ConfigFileProblem {
  const at = error.linePos?.[0] ?? lines.linePos(error.pos[0]);
  // The parser's message ends with its own " at line L, column C:" and a code excerpt; we give both apart.
  const reason = (error.message.split("\n")[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, "");
  const [code, message]: [ConfigFileProblemCode, string] =
    error.code === "DUPLICATE_KEY"
      ? [
          "duplicate-key",
          `a key is repeated in one mapping (${reason}); keep one of them, merging what they hold`,
        ]
      : error.code === "MULTIPLE_DOCS"
        ? [
            "multiple-documents",
            "the file holds more than one YAML document (---); put several accounts in one list instead: " +
              "- accountId: ...",
          ]
        : format === "json"
          ? ["json-syntax", `${reason}; correct the JSON syntax there`]
          : ["yaml-syntax", `${reason}; correct the YAML syntax there`];
  return { code, line: at.line, column: at.col, message };
}

/** Where and why text that `JSON.parse` refused is not JSON, with {@link scanJson}, since V8's messages do not always say. */
function describeJsonSyntaxProblem(text: string): ConfigFileProblem {
  if (text.trim() === "") return describeEmptyFile("json");
  const found = scanJson(text) ?? { offset: 0, reason: "the text is not valid JSON" };
  const { line, column } = new LineIndex(text).position(Math.min(found.offset, text.length));
  return {
    code: "json-syntax",
    line,
    column,
    message: `${found.reason}; correct the JSON there (a .json file is strict JSON: no comments, no trailing commas)`,
  };
}

/** Deeper than this, the scanner gives up and points at the opening bracket (JSON.parse refused the text anyway). */
const MAX_JSON_DEPTH = 5000;

/**
 * A strict JSON scanner that only finds the first error: its offset and, in words, what was
 * expected there. Returns undefined for valid JSON.
 */
function scanJson(text: string): { offset: number; reason: string } | undefined {
  let i = 0;
  const fail = (reason: string): { offset: number; reason: string } => ({ offset: i, reason });
  const skipSpace = (): void => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const describeHere = (): string =>
    i >= text.length ? "the end of the file" : JSON.stringify(text.charAt(i));
  const scanString = (): { offset: number; reason: string } | undefined => {
    i++;
    while (i < text.length) {
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return undefined;
      }
      if (c === "\\") {
        const next = text.charAt(i + 1);
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6)))
            return fail("a \\u escape needs 4 hex digits");
          i += 6;
        } else if ('"\\/bfnrt'.includes(next) && next !== "") {
          i += 2;
        } else {
          return fail(`"\\${next}" is not a JSON escape`);
        }
        continue;
      }
      if (c < " ") return fail("a control character (such as a line break) inside a string must be escaped");
      i++;
    }
    return fail("a string is not closed with a double quote");
  };
  const scanValue = (depth: number): { offset: number; reason: string } | undefined => {
    if (depth > MAX_JSON_DEPTH) return fail("the value is nested too deeply");
    skipSpace();
    const c = text.charAt(i);
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      skipSpace();
      if (text.charAt(i) === close) {
        i++;
        return undefined;
      }
      for (;;) {
        if (c === "{") {
          skipSpace();
          if (text.charAt(i) !== '"') return fail(`expected a double-quoted key, found ${describeHere()}`);
          const keyProblem = scanString();
          if (keyProblem !== undefined) return keyProblem;
          skipSpace();
          if (text.charAt(i) !== ":") return fail(`expected ":" after the key, found ${describeHere()}`);
          i++;
        }
        const problem = scanValue(depth + 1);
        if (problem !== undefined) return problem;
        skipSpace();
        const after = text.charAt(i);
        if (after === close) {
          i++;
          return undefined;
        }
        if (after !== ",") return fail(`expected "," or "${close}", found ${describeHere()}`);
        i++;
        skipSpace();
        if (text.charAt(i) === close)
          return fail(`a trailing comma before "${close}" is not allowed in JSON`);
      }
    }
    if (c === '"') return scanString();
    const literal = /^(?:true|false|null|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)/.exec(
      text.slice(i, i + 400),
    );
    if (literal !== null) {
      i += literal[0].length;
      return undefined;
    }
    return fail(
      `expected a value (an object, list, string, number, true, false or null), found ${describeHere()}`,
    );
  };
  const problem = scanValue(0);
  if (problem !== undefined) return problem;
  skipSpace();
  return i < text.length
    ? fail(`expected the end of the file after the value, found ${describeHere()}`)
    : undefined;
}

function describeEmptyFile(format: ConfigFileFormat): ConfigFileProblem {
  return {
    code: "empty-file",
    line: 1,
    column: 1,
    message:
      `the file holds no ${format === "json" ? "JSON" : "YAML"} value; write one account as ` +
      "{ accountId, sets: [...], zones: [...] }, or a list of them",
  };
}

function isEmptyDocument(doc: Document.Parsed): boolean {
  const contents = doc.contents;
  return contents === null || (isScalar(contents) && contents.value === null && contents.source === "");
}

/** `accountId: 12345678901234567890123456789012` is a number to YAML (and loses digits); say so. */
function findUnquotedIds(doc: Document.Parsed, lines: LineCounter): ConfigFileProblem[] {
  const problems: ConfigFileProblem[] = [];
  visit(doc, {
    Pair(_, pair) {
      const key = pair.key;
      const value = pair.value;
      if (!isScalar(key) || typeof key.value !== "string" || !ID_KEYS.has(key.value)) return;
      if (!isScalar(value) || typeof value.value !== "number") return;
      const start = value.range?.[0] ?? 0;
      const { line, col } = lines.linePos(start);
      const source = value.source ?? String(value.value);
      problems.push({
        code: "unquoted-id",
        line,
        column: col,
        message:
          `${key.value} ${source} is read as a number, not as an id; put the id in quotes: ` +
          `${key.value}: "${source}"`,
      });
    },
  });
  return problems;
}

function locatePath(
  doc: Document.Parsed,
  lines: LineCounter,
  path: AcnsIssuePath,
): SourcePosition | undefined {
  // `at` is the offset of the node, else of its key, else of the nearest enclosing node that has one.
  const root = { node: doc.contents as unknown, at: offsetOf(doc.contents) };
  const found = followPath(root, path, ({ node, at }, part) => {
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && item.key.value === part);
      if (pair === undefined) return undefined;
      return { node: pair.value as unknown, at: offsetOf(pair.value) ?? offsetOf(pair.key) ?? at };
    }
    if (!isSeq(node) || typeof part !== "number") return null;
    const item: unknown = node.items[part];
    return item === undefined ? undefined : { node: item, at: offsetOf(item) ?? at };
  });
  if (found?.at === undefined) return undefined;
  const { line, col } = lines.linePos(found.at);
  return { line, column: col };
}

function offsetOf(node: unknown): number | undefined {
  if (typeof node !== "object" || node === null || !("range" in node)) return undefined;
  const range = (node as { range?: unknown }).range;
  return Array.isArray(range) && typeof range[0] === "number" ? range[0] : undefined;
}
