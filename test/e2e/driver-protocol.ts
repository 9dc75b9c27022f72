/**
 * The messages between a test (use-pulumi-stack.ts) and its stack driver process
 * (stack-driver.ts): one request per Pulumi command or config change, one reply each.
 */
import { z } from "zod";

/** How the driver opens its stack. */
export const StackInit = z.strictObject({
  /** The project directory: the Automation API's workDir, with Pulumi.yaml and node_modules. */
  projectDir: z.string(),
  /** The `file://` backend and PULUMI_HOME live here. */
  stateDir: z.string(),
  projectName: z.string(),
  stackName: z.string(),
  /** A module exporting `runProgram` ({@link E2eProgram}), the inline program. */
  programModule: z.string(),
  /** Handed to `runProgram`; a later `setParams` replaces them. */
  params: z.record(z.string(), z.unknown()),
  /** The Automation API's envVars, also set in the driver's own environment. */
  env: z.record(z.string(), z.string()),
});
export type StackInit = z.infer<typeof StackInit>;

/** Options the tests pass to the engine commands (the Automation API's names). */
const CommandOptions = z
  .strictObject({
    expectNoChanges: z.boolean(),
    refresh: z.boolean(),
    diff: z.boolean(),
    /** `refresh --clear-pending-creates` (refresh only). */
    clearPendingCreates: z.boolean(),
  })
  .partial();

export const DriverRequest = z.discriminatedUnion("kind", [
  z.strictObject({ id: z.number(), kind: z.literal("init"), init: StackInit }),
  z.strictObject({ id: z.number(), kind: z.literal("setParams"), params: z.record(z.string(), z.unknown()) }),
  z.strictObject({
    id: z.number(),
    kind: z.literal("setConfig"),
    key: z.string(),
    value: z.string(),
    secret: z.boolean(),
  }),
  z.strictObject({ id: z.number(), kind: z.literal("removeConfig"), key: z.string() }),
  z.strictObject({ id: z.number(), kind: z.literal("exportStack") }),
  z.strictObject({ id: z.number(), kind: z.literal("outputs") }),
  /** `pulumi cancel`: removes the lock an interrupted update left. */
  z.strictObject({ id: z.number(), kind: z.literal("cancel") }),
  ...(["preview", "up", "refresh", "previewRefresh", "destroy"] as const).map((kind) =>
    z.strictObject({ id: z.number(), kind: z.literal(kind), options: CommandOptions }),
  ),
]);
export type DriverRequest = z.infer<typeof DriverRequest>;

/** A request without its id (the id is the channel's business). */
export type DriverCommand = DriverRequest extends infer R
  ? R extends { id: number }
    ? Omit<R, "id">
    : never
  : never;

export type DriverReply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };

/** One step the engine announced (a resourcePreEvent). */
export interface StepRecord {
  /** `create`, `same`, `update`, `replace`, `delete`, `refresh`, `read`, ... */
  op: string;
  type: string;
  /** The resource's name (the URN's last segment). */
  name: string;
  /** Top-level properties that differ, sorted. */
  diffs: string[];
}

/** A diagnostic the engine reported (errors and warnings a user sees). */
export interface Diagnostic {
  severity: string;
  message: string;
  urn: string | null;
}

/** What one engine command did, whether or not it succeeded. */
export interface CommandReport {
  command: string;
  succeeded: boolean;
  stdout: string;
  stderr: string;
  /** The Automation API's error text when the command failed (the CLI's output is in it). */
  error: string | null;
  /** Count per operation (`changeSummary` of a preview, `resourceChanges` of an update). */
  changes: Record<string, number> | null;
  /** The steps the engine announced (resourcePreEvent), in order. */
  steps: StepRecord[];
  /** The steps the engine finished (resOutputsEvent): a refresh reports what it found here. */
  results: StepRecord[];
  diagnostics: Diagnostic[];
  /** Wall time of the command, program and CLI included. */
  ms: number;
}

/** The context an inline program gets. */
export interface E2eProgramContext {
  projectDir: string;
  params: Record<string, unknown>;
}

/** What a program module under test/e2e/programs exports as `runProgram`. */
export type E2eProgram = (
  context: E2eProgramContext,
) => Record<string, unknown> | Promise<Record<string, unknown>>;
