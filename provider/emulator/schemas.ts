/**
 * The one place that turns zod issues into messages naming the field and the value received, and
 * the query of `GET /zones`. Request bodies and answers are parsed with the shared schemas of
 * provider/core (cloudflare.ts, custom-nameserver-sets.ts).
 */
import { z } from "zod";
import { formatIssuePath, readPath } from "../core/zod-issues";
import { createApiErrorFromProblems, type Problem } from "./errors";

/** Query of `GET /zones`: Cloudflare's page/per_page pagination (per_page 5-50, default 20). */
export const ListZonesQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  per_page: z.coerce.number().int().min(5).max(50).default(20),
  name: z.string().optional(),
  "account.id": z.string().optional(),
  "account.name": z.string().optional(),
  status: z.string().optional(),
});
export type ListZonesQuery = z.infer<typeof ListZonesQuery>;

function describeExpected(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "object":
      return "an object";
    case "array":
      return "an array";
    default:
      return `a ${expected}`;
  }
}

function describeBound(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall): string {
  const big = issue.code === "too_big";
  const bound = big ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
  const inclusive = issue.inclusive !== false;
  const word = big ? (inclusive ? "at most" : "less than") : inclusive ? "at least" : "more than";
  const n = Number(bound);
  switch (issue.origin) {
    case "string":
      return `must be ${word} ${n} characters long`;
    case "array":
      return `must hold ${word} ${n} items`;
    default:
      return `must be ${word} ${n}`;
  }
}

/** Renders a received value for a message, short enough for one line. */
function renderValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Turns zod issues into messages of the form `<field> <what is wrong>; got <value>`, one per issue,
 * reading the received value from `input` so the message shows what the client sent.
 */
export function describeIssues(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  root: string,
  isSecret: (path: readonly PropertyKey[]) => boolean = () => false,
): string[] {
  return issues.map((issue) => {
    const path = issue.path.filter((key): key is string | number => typeof key !== "symbol");
    // Paths are named as the validator names them: `nameservers.ns_set`, `accounts[0].id`.
    const field = path.length === 0 ? root : formatIssuePath(path);
    const received = readPath(input, path);
    let what: string;
    switch (issue.code) {
      case "invalid_type":
        what = received === undefined ? "is required" : `must be ${describeExpected(issue.expected)}`;
        break;
      case "too_big":
      case "too_small":
        what = describeBound(issue);
        break;
      case "invalid_value":
        what = `must be one of ${issue.values.map((v) => renderValue(v)).join(", ")}`;
        break;
      case "unrecognized_keys":
        return `${field} has unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => renderValue(k)).join(", ")}`;
      default:
        what = issue.message;
    }
    // A secret's value never goes into a message, not even a malformed one.
    if (received === undefined || isSecret(issue.path)) return `${field} ${what}`;
    return `${field} ${what}; got ${renderValue(received)}`;
  });
}

/** Parses a request body or query, or throws the 400 listing every offending field. */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, root = "body"): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems: Problem[] = describeIssues(parsed.error.issues, input, root).map((message) => ({
    error: "INVALID_BODY",
    message,
  }));
  throw createApiErrorFromProblems(problems);
}
