/**
 * zod issues in the house message grammar: what is wrong, where, the value received, and what to
 * write instead. The validator renders a configuration's shape issues with it; other layers can
 * turn a zod error on their own inputs into `{path, message}` pairs with {@link describeZodIssues}.
 */
import type { z } from "zod";
import type { AcnsIssue, AcnsIssuePath, AcnsIssueSubjects } from "./config";
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
 * One resource input (`property`) parsed by its schema, with each issue as a message: the ones a
 * rule words itself (a hostname, a zone name, a repeated name) as they are, prefixed with where they
 * are inside the input; all others (ids, set numbers, lists, an object's fields, a union's tag) in
 * the validator's grammar naming `subject`, with `hints` saying what each field should hold.
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
  const subjects = context.subjects;
  for (const issue of zodIssues) {
    const relative = issue.path.filter((part): part is string | number => typeof part !== "symbol");
    const path = [...basePath, ...relative];
    const value = readPath(raw, relative);
    const last = relative[relative.length - 1];
    const field = formatIssuePath(relative);
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        if (relative.length > 0) {
          // A field of a nested object (a zone's restoreTo): its own fields, not the zone's.
          const nestedHint = context.hints[String(relative[0])];
          report(
            issues,
            "unknown-field",
            [...path, key],
            `${field} of ${context.subject} has an unknown field ${JSON.stringify(key)}` +
              (nestedHint === undefined ? "; remove it" : `; write ${nestedHint}`),
            subjects,
          );
          continue;
        }
        const suggestion = suggestField(key, context.fields);
        report(
          issues,
          "unknown-field",
          [...path, key],
          `${context.subject} has an unknown field ${JSON.stringify(key)}; ` +
            (suggestion !== undefined
              ? `did you mean "${suggestion}"?`
              : context.fields.length === 0
                ? "remove it"
                : `remove it (known fields: ${context.fields.join(", ")})`),
          subjects,
        );
      }
      continue;
    }
    if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
      // A discriminated union's tag (a zone's restoreTo.type) that is none of its options.
      const options = issue.options.map((option) => JSON.stringify(option)).join(", ");
      const nestedHint = context.hints[String(relative[0])];
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be one of ${options}, got ${describeValue(value)}` +
          (nestedHint === undefined ? "; pick one of them" : `; write ${nestedHint}`),
        subjects,
      );
      continue;
    }
    if (
      last === "nsSet" &&
      typeof value === "number" &&
      (relative.length > 1 || context.describeNsSet === undefined) &&
      (issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_type")
    ) {
      // A set number inside a nested object (a zone's restoreTo.nsSet), or a resource's.
      report(
        issues,
        "ns-set-out-of-range",
        path,
        `${field} of ${context.subject} is ${value}, which ${describeSetNumberProblem(value)}; ${SET_NUMBERING}; ` +
          USE_A_SET_NUMBER,
        { ...subjects, sets: [value] },
      );
      continue;
    }
    if (
      last === "nsSet" &&
      typeof value === "number" &&
      context.describeNsSet !== undefined &&
      (issue.code === "too_small" || issue.code === "too_big" || issue.code === "invalid_type")
    ) {
      report(issues, "ns-set-out-of-range", path, context.describeNsSet(value), {
        ...subjects,
        sets: [value],
      });
      continue;
    }
    if (last === "ipSet" && typeof value === "number" && issue.code === "too_small") {
      report(
        issues,
        "invalid-shape",
        path,
        `ipSet of ${context.subject} is ${value}, which is below 1; an account's address pools are numbered from ` +
          "1; use 1 or more, or leave ipSet out for the default 1",
        subjects,
      );
      continue;
    }
    if (last === "key" && typeof value === "string" && issue.code === "invalid_format") {
      report(
        issues,
        "invalid-shape",
        path,
        `key of ${context.subject} must be 1-63 lowercase letters, digits, - or _, starting and ending with a ` +
          `letter or digit, got ${describeValue(value)}; zones name the set by it; write e.g. "edge"`,
        subjects,
      );
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
      const hint = context.hints[""];
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be ${hint ?? "one of the allowed shapes"}, got ${describeValue(value)}`,
        subjects,
      );
      continue;
    }
    if ((last === "accountId" || last === "zoneId") && value !== undefined) {
      report(
        issues,
        "invalid-id",
        path,
        `${last} of ${context.subject} must be a Cloudflare id (${CLOUDFLARE_ID_RULE}), got ` +
          `${describeValue(value)}; ${CLOUDFLARE_ID_FIX}` +
          (context.optionalIds?.includes(last) === true ? `, or leave ${last} out` : ""),
        subjects,
      );
      continue;
    }
    const hint = context.hints[typeof last === "string" ? last : ""] ?? "";
    // Only `UncheckedList` raises "custom" issues: the value is not a list.
    const expectedType =
      issue.code === "invalid_type" ? issue.expected : issue.code === "custom" ? "array" : undefined;
    if (expectedType !== undefined && value === undefined && relative.length > 0) {
      report(issues, "invalid-shape", path, `${context.subject} has no ${field}; add ${hint}`, subjects);
      continue;
    }
    if (expectedType !== undefined) {
      const expected = EXPECTED_TEXT[expectedType] ?? expectedType;
      const what = relative.length === 0 ? context.subject : `${field} of ${context.subject}`;
      report(
        issues,
        "invalid-shape",
        path,
        `${what} must be ${expected}, got ${describeValue(value)}${hint === "" ? "" : `; write ${hint}`}`,
        subjects,
      );
      continue;
    }
    if (issue.code === "invalid_value") {
      const options = issue.values.map((option) => JSON.stringify(option)).join(", ");
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be one of ${options}, got ${describeValue(value)}; pick one of them`,
        subjects,
      );
      continue;
    }
    if (hint !== "" && (issue.code === "too_small" || issue.code === "too_big")) {
      // A length or bound the hint states (a Custom Nameserver Set id's 32 characters).
      report(
        issues,
        "invalid-shape",
        path,
        `${field} of ${context.subject} must be ${hint}, got ${describeValue(value)}`,
        subjects,
      );
      continue;
    }
    report(
      issues,
      "invalid-shape",
      path,
      `${field === "" ? "it" : field} of ${context.subject} is not valid: ${issue.message}`,
      subjects,
    );
  }
}

/** The value at `path` inside `value`, or undefined where the path leaves it. */
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
