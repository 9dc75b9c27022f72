/**
 * Reads Cloudflare's rate-limit headers (since 2025-09; structured-field lists of RFC 9651):
 * `Ratelimit: "default";r=1187;t=293`, `Ratelimit-Policy: "default";q=1200;w=300`. A malformed member
 * is skipped, never thrown: a header we do not understand only costs the adaptation. Cloudflare sends
 * no `X-RateLimit-*`.
 * @see https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/
 */
import { z } from "zod";

/** A structured-field bare item as this parser returns it (byte sequences stay base64 text). */
export type SfBareItem = string | number | boolean;

/** One list member: its value (an inner list becomes an array) and its parameters, keys lowercased. */
export interface SfMember {
  value: SfBareItem | SfBareItem[];
  params: Record<string, SfBareItem>;
}

class SfSyntaxError extends Error {}

const TOKEN_START = /[A-Za-z*]/;
const TOKEN_CHAR = /[A-Za-z0-9:/!#$%&'*+\-.^_`|~]/;
const KEY_START = /[A-Za-z*]/;
const KEY_CHAR = /[A-Za-z0-9_\-.*]/;

/**
 * Parse a structured-field list (RFC 9651 §4.2.1), tolerantly: whitespace around members and
 * parameters, upper-case keys (lowercased) and members that do not parse (skipped) are accepted.
 */
export function parseStructuredList(input: string): SfMember[] {
  const members: SfMember[] = [];
  let pos = 0;
  const peek = (): string => input.charAt(pos);
  const skipSpace = (): void => {
    while (pos < input.length && (peek() === " " || peek() === "\t")) pos++;
  };
  const fail = (): never => {
    throw new SfSyntaxError(`unexpected ${JSON.stringify(peek())} at ${pos}`);
  };

  const bareItem = (): SfBareItem => {
    const c = peek();
    if (c === '"') {
      pos++;
      let out = "";
      while (pos < input.length) {
        const ch = input.charAt(pos++);
        if (ch === "\\") out += input.charAt(pos++);
        else if (ch === '"') return out;
        else out += ch;
      }
      return fail();
    }
    if (c === "?") {
      const bit = input.charAt(pos + 1);
      if (bit !== "0" && bit !== "1") return fail();
      pos += 2;
      return bit === "1";
    }
    if (c === ":") {
      const end = input.indexOf(":", pos + 1);
      if (end < 0) return fail();
      const bytes = input.slice(pos + 1, end);
      pos = end + 1;
      return bytes;
    }
    if (c === "-" || (c >= "0" && c <= "9")) {
      const m = /^-?\d+(\.\d+)?/.exec(input.slice(pos));
      if (m === null) return fail();
      pos += m[0].length;
      return Number(m[0]);
    }
    if (TOKEN_START.test(c)) {
      const start = pos;
      while (pos < input.length && TOKEN_CHAR.test(peek())) pos++;
      return input.slice(start, pos);
    }
    return fail();
  };

  const params = (): Record<string, SfBareItem> => {
    const out: Record<string, SfBareItem> = {};
    for (;;) {
      skipSpace();
      if (peek() !== ";") return out;
      pos++;
      skipSpace();
      if (!KEY_START.test(peek())) fail();
      const start = pos;
      while (pos < input.length && KEY_CHAR.test(peek())) pos++;
      const key = input.slice(start, pos).toLowerCase();
      skipSpace();
      if (peek() === "=") {
        pos++;
        skipSpace();
        out[key] = bareItem();
      } else {
        out[key] = true;
      }
    }
  };

  const member = (): SfMember => {
    if (peek() === "(") {
      pos++;
      const items: SfBareItem[] = [];
      for (;;) {
        skipSpace();
        if (peek() === ")") {
          pos++;
          break;
        }
        if (pos >= input.length) fail();
        items.push(bareItem());
        params(); // parameters of inner items are not needed here
      }
      return { value: items, params: params() };
    }
    const value = bareItem();
    return { value, params: params() };
  };

  /** Move past the rest of a broken member: to the next comma outside a string. */
  const skipToComma = (): void => {
    let quoted = false;
    while (pos < input.length) {
      const ch = input.charAt(pos);
      if (quoted && ch === "\\") pos++;
      else if (ch === '"') quoted = !quoted;
      else if (ch === "," && !quoted) return;
      pos++;
    }
  };

  while (pos < input.length) {
    skipSpace();
    if (peek() === ",") {
      pos++;
      continue;
    }
    if (pos >= input.length) break;
    const start = pos;
    try {
      const m = member();
      skipSpace();
      if (pos < input.length && peek() !== ",") fail();
      members.push(m);
    } catch (err) {
      if (!(err instanceof SfSyntaxError)) throw err;
      pos = Math.max(pos, start + 1);
      skipToComma();
    }
  }
  return members;
}

const Name = z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v));
const Count = z.number().finite().nonnegative();
const Positive = z.number().finite().positive();

/** A `Ratelimit` member: `"<policy>";r=<remaining>;t=<seconds until reset>`. */
export const RateLimitMember = z
  .object({
    value: Name,
    params: z.looseObject({ r: Count, t: Count.optional() }),
  })
  .transform((m) => ({ name: m.value, remaining: Math.floor(m.params.r), resetSeconds: m.params.t }));

/** A `Ratelimit-Policy` member: `"<policy>";q=<quota>;w=<window seconds>`. */
export const RateLimitPolicyMember = z
  .object({
    value: Name,
    params: z.looseObject({ q: Positive, w: Positive.optional() }),
  })
  .transform((m) => ({ name: m.value, quota: m.params.q, windowSeconds: m.params.w }));

/** What one answer says about the budget; any part may be missing. */
export const RateLimitState = z.object({
  /** The policy the figures belong to, e.g. `default`. */
  policy: z.string().optional(),
  /** Requests left (`r`). */
  remaining: Count.optional(),
  /** Seconds until the quota resets (`t`). */
  resetSeconds: Count.optional(),
  /** Requests per window (`q`). */
  quota: Positive.optional(),
  /** Window length in seconds (`w`). */
  windowSeconds: Positive.optional(),
});
export type RateLimitState = z.output<typeof RateLimitState>;

function members<T>(raw: string | null | undefined, schema: z.ZodType<T>): T[] {
  if (raw === null || raw === undefined || raw.trim() === "") return [];
  return parseStructuredList(raw).flatMap((m) => {
    const parsed = schema.safeParse(m);
    return parsed.success ? [parsed.data] : [];
  });
}

/**
 * Combine the two header values into one {@link RateLimitState}. With several members, the
 * `Ratelimit` member named by a policy is taken, else the first; the policy of the same name, else
 * the first. Names match without regard to case. Undefined when neither header says anything usable.
 */
export function parseRateLimitFields(
  ratelimit: string | null | undefined,
  policy: string | null | undefined,
): RateLimitState | undefined {
  const limits = members(ratelimit, RateLimitMember);
  const policies = members(policy, RateLimitPolicyMember);
  const same = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();
  const limit = limits.find((l) => policies.some((p) => same(p.name, l.name))) ?? limits[0];
  const pol =
    (limit === undefined ? undefined : policies.find((p) => same(p.name, limit.name))) ?? policies[0];
  if (limit === undefined && pol === undefined) return undefined;
  return RateLimitState.parse({
    policy: limit?.name ?? pol?.name,
    remaining: limit?.remaining,
    resetSeconds: limit?.resetSeconds,
    quota: pol?.quota,
    windowSeconds: pol?.windowSeconds,
  });
}

/** Read `Ratelimit` and `Ratelimit-Policy` from an answer's headers; undefined when absent. */
export function readRateLimitHeaders(headers: Pick<Headers, "get"> | undefined): RateLimitState | undefined {
  if (headers === undefined) return undefined;
  return parseRateLimitFields(headers.get("ratelimit"), headers.get("ratelimit-policy"));
}
