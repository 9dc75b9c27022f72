/**
 * zod issues in the house message grammar: what is wrong, where, the value received, and what to
 * write instead. The validator renders a configuration's shape issues with it; other layers can
 * turn a zod error on their own inputs into `{path, message}` pairs with {@link describeZodIssues}.
 */
import type { z } from "zod";
import type { AcnsIssue, AcnsIssueCode, AcnsIssuePath, AcnsIssueSubjects } from "./config";
import { CLOUDFLARE_ID_FIX, CLOUDFLARE_ID_RULE } from "./ids";
import { Limits, NS_SET_RANGE, SET_NUMBERING, USE_A_SET_NUMBER } from "./limits";
import { describeValue, suggestField } from "./wording";
import { report, type Path } from "./validate-state";

export interface ShapeContext {
  /** How a message names the object at the issue's base path, e.g. `zone "a.com"`. */
  subject: string;
  /** The object's allowed fields, for unknown-field suggestions. */
  fields: readonly string[];
  subjects: Partial<AcnsIssueSubjects>;
  /** What a missing or mistyped field should hold, by field name. */
  hints: Readonly<Record<string, string>>;
  /** The message for a set number out of range, given the number; else the generic one. */
  describeNsSet?: (value: number) => string;
  /** Ids that may be left out (a declared zone's `zoneId`): their fix says so. */
  optionalIds?: readonly string[];
}

const EXPECTED_TEXT: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  array: "a list",
  object: "an object",
  boolean: "true or false",
};

/**
 * A zod error on `value` as `{path, message}` pairs in the house grammar, e.g. for a provider's
 * `CheckFailure`s. `subject` names the value in messages (`ZoneAcnsBinding "web"`); `hints` say what
 * each field should hold, by field name, and their keys are the fields an unknown one is matched to.
 */
export function describeZodIssues(
  error: z.ZodError,
  value: unknown,
  subject: string,
  hints: Readonly<Record<string, string>> = {},
): { path: (string | number)[]; message: string }[] {
  const issues: AcnsIssue[] = [];
  reportShapeIssues(issues, error.issues, value, [], {
    subject,
    fields: Object.keys(hints),
    subjects: {},
    hints,
  });
  return issues.map(({ path, message }) => ({ path, message }));
}

/** The message zod gives an issue its schema does not word itself (see {@link parseInput}). */
const UNWORDED = "\u0000unworded";

/**
 * One resource input (`property`) parsed by its schema, each issue as a message: one a rule words
 * itself (a hostname, a zone name, a repeated name) as it is, prefixed with where it is inside the
 * input; all others in the validator's grammar naming `subject`, with `hints` as above.
 */
export function parseInput<T extends z.ZodType>(
  schema: T,
  value: unknown,
  property: string,
  subject: string,
  hints: Readonly<Record<string, string>> = {},
): { success: true; data: z.output<T> } | { success: false; messages: string[] } {
  const parsed = schema.safeParse(value, { error: () => UNWORDED });
  if (parsed.success) return { success: true, data: parsed.data };
  const messages: string[] = [];
  const context = { subject, fields: [], subjects: {}, hints };
  for (const issue of parsed.error.issues) {
    const path = [
      property,
      ...issue.path.filter((part): part is string | number => typeof part !== "symbol"),
    ];
    if (issue.message !== UNWORDED) {
      messages.push(issue.path.length === 0 ? issue.message : `${formatIssuePath(path)}: ${issue.message}`);
      continue;
    }
    const issues: AcnsIssue[] = [];
    reportShapeIssues(issues, [{ ...issue, path }], { [property]: value }, [], context);
    // A shape no case of the translator words falls back to zod's message, which here is the marker.
    messages.push(...issues.map((i) => i.message.replace(UNWORDED, "it does not have the expected shape")));
  }
  return { success: false, messages };
}

export function reportShapeIssues(
  issues: AcnsIssue[],
  zodIssues: readonly z.core.$ZodIssue[],
  raw: unknown,
  basePath: Path,
  context: ShapeContext,
): void {
  const { subject, subjects } = context;
  for (const issue of zodIssues) {
    const relative = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    const path = [...basePath, ...relative];
    if (issue.code === "unrecognized_keys") {
      // A field of a nested object (a zone's restoreTo) is matched against its own fields, not the zone's.
      const nestedHint = relative.length > 0 ? context.hints[String(relative[0])] : undefined;
      for (const key of issue.keys) {
        const suggestion = suggestField(key, context.fields);
        const message =
          relative.length > 0
            ? `${formatIssuePath(relative)} of ${subject} has an unknown field ${JSON.stringify(key)}` +
              (nestedHint === undefined ? "; remove it" : `; write ${nestedHint}`)
            : `${subject} has an unknown field ${JSON.stringify(key)}; ` +
              (suggestion !== undefined
                ? `did you mean "${suggestion}"?`
                : context.fields.length === 0
                  ? "remove it"
                  : `remove it (known fields: ${context.fields.join(", ")})`);
        report(issues, "unknown-field", [...path, key], message, subjects);
      }
      continue;
    }
    if (issue.code === "invalid_union" && !("options" in issue)) {
      // An entry of a union without a tag (a custom set's name: a hostname or {name, ipCount}). When
      // one option matched the entry's own shape and only its fields failed, those are the problems.
      const closest = issue.errors.find((option) => option.every((inner) => inner.path.length > 0));
      if (closest !== undefined && closest.length > 0) {
        const inner = closest.map((i) => ({ ...i, path: [...relative, ...i.path] }));
        reportShapeIssues(issues, inner, raw, basePath, context);
        continue;
      }
    }
    const value = readPath(raw, relative);
    const [code, message] = wordShapeIssue(issue, relative, value, context);
    const sets = code === "ns-set-out-of-range" && typeof value === "number" ? [value] : undefined;
    report(issues, code, path, message, sets === undefined ? subjects : { ...subjects, sets });
  }
}

/** One zod issue, other than an unknown field or a union one of whose options nearly matched, as a code and a message. */
function wordShapeIssue(
  issue: z.core.$ZodIssue,
  relative: Path,
  value: unknown,
  context: ShapeContext,
): [AcnsIssueCode, string] {
  const { subject, hints } = context;
  const last = relative[relative.length - 1];
  const field = formatIssuePath(relative);
  const isBound = issue.code === "too_small" || issue.code === "too_big";
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
    // A discriminated union's tag (a zone's restoreTo.type) that is none of its options.
    const options = issue.options.map((option) => JSON.stringify(option)).join(", ");
    const nestedHint = hints[String(relative[0])];
    return [
      "invalid-shape",
      `${field} of ${subject} must be one of ${options}, got ${describeValue(value)}` +
        (nestedHint === undefined ? "; pick one of them" : `; write ${nestedHint}`),
    ];
  }
  if (last === "nsSet" && typeof value === "number" && (isBound || issue.code === "invalid_type")) {
    // The caller words its own set numbers; one inside a nested object (a zone's restoreTo.nsSet),
    // or a resource's, gets these words.
    if (relative.length === 1 && context.describeNsSet !== undefined)
      return ["ns-set-out-of-range", context.describeNsSet(value)];
    return [
      "ns-set-out-of-range",
      `${field} of ${subject} is ${value}, which ${describeSetNumberProblem(value)}; ${SET_NUMBERING}; ` +
        USE_A_SET_NUMBER,
    ];
  }
  if (last === "ipSet" && typeof value === "number" && issue.code === "too_small") {
    return [
      "invalid-shape",
      `ipSet of ${subject} is ${value}, which is below 1; an account's address pools are numbered from ` +
        "1; use 1 or more, or leave ipSet out for the default 1",
    ];
  }
  if (last === "key" && typeof value === "string" && issue.code === "invalid_format") {
    return [
      "invalid-shape",
      `key of ${subject} must be 1-63 lowercase letters, digits, - or _, starting and ending with a ` +
        `letter or digit, got ${describeValue(value)}; zones name the set by it; write e.g. "edge"`,
    ];
  }
  if (issue.code === "invalid_union" && !("options" in issue)) {
    const shape = hints[""] ?? "one of the allowed shapes";
    return ["invalid-shape", `${field} of ${subject} must be ${shape}, got ${describeValue(value)}`];
  }
  if ((last === "accountId" || last === "zoneId") && value !== undefined) {
    return [
      "invalid-id",
      `${last} of ${subject} must be a Cloudflare id (${CLOUDFLARE_ID_RULE}), got ` +
        `${describeValue(value)}; ${CLOUDFLARE_ID_FIX}` +
        (context.optionalIds?.includes(last) === true ? `, or leave ${last} out` : ""),
    ];
  }
  const hint = hints[typeof last === "string" ? last : ""] ?? "";
  // Only `UncheckedList` raises "custom" issues: the value is not a list.
  const expectedType =
    issue.code === "invalid_type" ? issue.expected : issue.code === "custom" ? "array" : undefined;
  if (expectedType !== undefined && value === undefined && relative.length > 0)
    return ["invalid-shape", `${subject} has no ${field}; add ${hint}`];
  if (expectedType !== undefined) {
    const expected = EXPECTED_TEXT[expectedType] ?? expectedType;
    const what = relative.length === 0 ? subject : `${field} of ${subject}`;
    return [
      "invalid-shape",
      `${what} must be ${expected}, got ${describeValue(value)}${hint === "" ? "" : `; write ${hint}`}`,
    ];
  }
  if (issue.code === "invalid_value") {
    const options = issue.values.map((option) => JSON.stringify(option)).join(", ");
    return [
      "invalid-shape",
      `${field} of ${subject} must be one of ${options}, got ${describeValue(value)}; pick one of them`,
    ];
  }
  // A length or bound the hint states (a Custom Nameserver Set id's 32 characters).
  if (hint !== "" && isBound)
    return ["invalid-shape", `${field} of ${subject} must be ${hint}, got ${describeValue(value)}`];
  return ["invalid-shape", `${field === "" ? "it" : field} of ${subject} is not valid: ${issue.message}`];
}

/** The items of `raw` that `schema` accepts, parsed; the others dropped (none when `raw` is no list). */
export function parseValidItems<T>(schema: z.ZodType<T>, raw: unknown): T[] {
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    const parsed = schema.safeParse(item);
    return parsed.success ? [parsed.data] : [];
  });
}

export function readPath(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const part of path) {
    if (typeof current !== "object" || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[part];
  }
  return current;
}

/** Why a set number is refused: `is outside 1-5`. */
export function describeSetNumberProblem(value: number): string {
  return Number.isInteger(value)
    ? `is outside ${NS_SET_RANGE}`
    : `is not a whole number from ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}`;
}

/** Renders a path as `zones[2].nsSet`, `[1].sets[0]`, or `(root)` for the input itself. */
export function formatIssuePath(path: AcnsIssuePath): string {
  if (path.length === 0) return "(root)";
  let text = "";
  for (const part of path) {
    if (typeof part === "number") text += `[${part}]`;
    else text += text === "" ? part : `.${part}`;
  }
  return text;
}
