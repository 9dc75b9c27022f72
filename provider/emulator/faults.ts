/**
 * Fault injection: rules that make the Nth request matching a method and path pattern fail with a
 * status, wait before being served, or lose its connection before or after its change is
 * committed. Tests add rules through the store or the admin endpoint (from another process).
 */
import { z } from "zod";

/** What a fault does to the request it fires on. */
export const FaultAction = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("fail"),
    status: z.number().int().min(400).max(599),
    /** The envelope's errors; @default one error with code 1190 naming the fault */
    errors: z.array(z.looseObject({ code: z.number().int(), message: z.string() })).optional(),
    /** A whole body to send instead of the failure envelope (any JSON, sent as is). */
    body: z.unknown().optional(),
    /** Extra response headers, e.g. `{"Retry-After": "2"}` for an injected 429. */
    headers: z.record(z.string(), z.string()).optional(),
  }),
  z.strictObject({ kind: z.literal("latency"), ms: z.number().int().min(0).max(600_000) }),
  z.strictObject({ kind: z.literal("drop"), when: z.enum(["before-commit", "after-commit"]) }),
]);
export type FaultAction = z.infer<typeof FaultAction>;

/** A fault rule as tests write it. */
export const FaultSpec = z.strictObject({
  /** HTTP method, or "*" for any. @default "*" */
  method: z.string().default("*"),
  /**
   * Path below /client/v4 (a leading /client/v4 is ignored). One segment matches `*`, `:name` or
   * `{name}`; a final `**` matches the rest. E.g. `/accounts/*\/custom_ns`.
   */
  path: z.string().startsWith("/", { error: 'must start with "/"' }),
  /** Fire on the Nth matching request (1 = the next one). @default 1 */
  nth: z.number().int().min(1).default(1),
  /** How many matching requests, from the Nth on, the rule affects. @default 1 */
  times: z.number().int().min(1).default(1),
  action: FaultAction,
});
export type FaultSpec = z.infer<typeof FaultSpec>;
export type FaultSpecInput = z.input<typeof FaultSpec>;

/** A registered rule with its counters. */
export interface Fault extends FaultSpec {
  id: string;
  /** Matching requests seen so far. */
  matched: number;
  /** Requests the rule has affected so far. */
  fired: number;
}

const API_PREFIX = "/client/v4";

function splitPath(path: string): string[] {
  const bare = path.startsWith(API_PREFIX) ? path.slice(API_PREFIX.length) : path;
  return bare.split("/").filter((s) => s.length > 0);
}

/** True when `path` (no query string) matches the fault pattern. */
export function matchPathPattern(pattern: string, path: string): boolean {
  const want = splitPath(pattern);
  const have = splitPath(path);
  for (let i = 0; i < want.length; i++) {
    const segment = want[i] ?? "";
    if (segment === "**" && i === want.length - 1) return true;
    const actual = have[i];
    if (actual === undefined) return false;
    const wildcard =
      segment === "*" || segment.startsWith(":") || (segment.startsWith("{") && segment.endsWith("}"));
    if (!wildcard && segment !== actual) return false;
  }
  return want.length === have.length;
}

/** The fault rules of one emulator. */
export class FaultRegistry {
  private readonly faults: Fault[] = [];
  private nextId = 1;

  /** Adds a rule; throws a zod error when the spec is malformed. */
  add(spec: FaultSpecInput): Fault {
    const parsed = FaultSpec.parse(spec);
    const fault: Fault = {
      ...parsed,
      method: parsed.method.toUpperCase(),
      id: `fault-${this.nextId++}`,
      matched: 0,
      fired: 0,
    };
    this.faults.push(fault);
    return fault;
  }

  /** Removes one rule; false when there is none with that id. */
  remove(id: string): boolean {
    const index = this.faults.findIndex((f) => f.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  /** Removes every rule; ids keep counting so an old id never names a new rule. */
  clear(): void {
    this.faults.length = 0;
  }

  /** Removes every rule and numbers new ones from 1 again (the emulator's reset). */
  reset(): void {
    this.clear();
    this.nextId = 1;
  }

  /** Copies of the rules with their counters. */
  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /**
   * Counts the request against every matching rule and returns the first rule that fires on it.
   * Rules fire on matches nth .. nth+times-1.
   */
  take(method: string, path: string): Fault | undefined {
    let firing: Fault | undefined;
    for (const fault of this.faults) {
      if (fault.method !== "*" && fault.method !== method) continue;
      if (!matchPathPattern(fault.path, path)) continue;
      fault.matched++;
      if (firing === undefined && fault.matched >= fault.nth && fault.fired < fault.times) {
        fault.fired++;
        firing = fault;
      }
    }
    return firing === undefined ? undefined : { ...firing };
  }
}
