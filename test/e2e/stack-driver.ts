/**
 * A child process that owns one Pulumi stack and runs the real CLI on it through the Automation
 * API, one command per IPC message from the test (see {@link DriverRequest}). It is a process of
 * its own because the Automation API serves the inline program from the process that calls it and
 * sees that process's unhandled rejections, which Jest would pin on a test; and because the
 * program must load `@pulumi/pulumi` from the same place as the Automation API, not from Jest's
 * module registry.
 *
 * Started by use-pulumi-stack.ts as `node --import tsx stack-driver.ts` with an IPC channel.
 */
import { sep } from "node:path";
import {
  LocalWorkspace,
  type EngineEvent,
  type OpMap,
  type PulumiFn,
  type Stack,
  type StepEventMetadata,
} from "@pulumi/pulumi/automation";
import {
  DriverRequest,
  type CommandReport,
  type Diagnostic,
  type DriverReply,
  type E2eProgram,
  type StackInit,
  type StepRecord,
} from "./driver-protocol";

let stack: Stack | undefined;
let params: Record<string, unknown> = {};

/** Drops the project directory's own modules from require's cache, so an edited program file runs as edited. */
function forgetProjectModules(projectDir: string): void {
  const prefix = `${projectDir}${sep}`;
  const modules = `${prefix}node_modules${sep}`;
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(prefix) && !key.startsWith(modules)) delete require.cache[key];
  }
}

function loadProgram(setup: StackInit): PulumiFn {
  return async () => {
    forgetProjectModules(setup.projectDir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the program module is chosen at run time
    const module = require(setup.programModule) as { runProgram: E2eProgram };
    return module.runProgram({ projectDir: setup.projectDir, params });
  };
}

async function openStack(setup: StackInit): Promise<Stack> {
  // The program and the dynamic-provider plugin read credentials from stack config only; nothing
  // of the caller's Cloudflare environment may leak in.
  for (const key of Object.keys(process.env)) if (key.startsWith("CLOUDFLARE_")) delete process.env[key];
  Object.assign(process.env, setup.env);
  params = setup.params;
  return LocalWorkspace.createOrSelectStack(
    { stackName: setup.stackName, projectName: setup.projectName, program: loadProgram(setup) },
    { workDir: setup.projectDir, envVars: setup.env },
  );
}

/** Runs one engine command and reports it whether it succeeded or not. */
async function runCommand(
  name: string,
  command: (on: {
    onEvent: (event: EngineEvent) => void;
    onOutput: (text: string) => void;
  }) => Promise<{ stdout: string; stderr: string; changes: OpMap | null }>,
): Promise<CommandReport> {
  const steps: StepRecord[] = [];
  const results: StepRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  const onEvent = (event: EngineEvent): void => {
    const pre = event.resourcePreEvent?.metadata;
    if (pre !== undefined) steps.push(toStepRecord(pre));
    const done = event.resOutputsEvent?.metadata;
    if (done !== undefined) results.push(toStepRecord(done));
    const diag = event.diagnosticEvent;
    // The SDK's type leaves "debug" out, but the engine sends it: lines that echo every RPC
    // (serialized providers included). A user sees the rest.
    const severity: string | undefined = diag?.severity;
    if (diag !== undefined && severity !== "debug") {
      diagnostics.push({ severity: diag.severity, message: diag.message, urn: diag.urn ?? null });
    }
  };
  let output = "";
  const onOutput = (text: string): void => {
    output += text;
  };
  const started = Date.now();
  try {
    const result = await command({ onEvent, onOutput });
    return {
      command: name,
      succeeded: true,
      stdout: result.stdout,
      stderr: result.stderr,
      error: null,
      changes: result.changes,
      steps,
      results,
      diagnostics,
      ms: Date.now() - started,
    };
  } catch (err) {
    return {
      command: name,
      succeeded: false,
      stdout: output,
      stderr: "",
      error: err instanceof Error ? err.message : String(err),
      changes: null,
      steps,
      results,
      diagnostics,
      ms: Date.now() - started,
    };
  }
}

function toStepRecord(meta: StepEventMetadata): StepRecord {
  return {
    op: meta.op,
    type: meta.type,
    name: meta.urn.slice(meta.urn.lastIndexOf("::") + 2),
    diffs: [...(meta.diffs ?? [])].sort(),
  };
}

function requireStack(): Stack {
  if (stack === undefined) throw new Error("stack-driver: no stack yet (send init first)");
  return stack;
}

async function handle(request: DriverRequest): Promise<unknown> {
  switch (request.kind) {
    case "init":
      stack = await openStack(request.init);
      return null;
    case "setParams":
      params = request.params;
      return null;
    case "setConfig":
      await requireStack().setConfig(request.key, { value: request.value, secret: request.secret });
      return null;
    case "removeConfig":
      await requireStack().removeConfig(request.key);
      return null;
    case "exportStack":
      return requireStack().exportStack();
    case "outputs":
      return requireStack().outputs();
    case "cancel":
      await requireStack().cancel();
      return null;
    case "preview":
      return runCommand("preview", async (on) => {
        const r = await requireStack().preview({ ...request.options, ...on });
        return { stdout: r.stdout, stderr: r.stderr, changes: r.changeSummary };
      });
    case "up":
      return runCommand("up", async (on) => {
        const r = await requireStack().up({ ...request.options, ...on });
        return { stdout: r.stdout, stderr: r.stderr, changes: r.summary.resourceChanges ?? null };
      });
    case "refresh":
      return runCommand("refresh", async (on) => {
        const r = await requireStack().refresh({ ...request.options, ...on });
        return { stdout: r.stdout, stderr: r.stderr, changes: r.summary.resourceChanges ?? null };
      });
    case "previewRefresh":
      return runCommand("refresh --preview-only", async (on) => {
        const r = await requireStack().previewRefresh({ ...request.options, ...on });
        return { stdout: r.stdout, stderr: r.stderr, changes: r.changeSummary };
      });
    case "destroy":
      return runCommand("destroy", async (on) => {
        const r = await requireStack().destroy({ ...request.options, ...on });
        return { stdout: r.stdout, stderr: r.stderr, changes: r.summary.resourceChanges ?? null };
      });
  }
}

function reply(message: DriverReply): void {
  process.send?.(message);
}

process.on("message", (raw: unknown) => {
  const parsed = DriverRequest.safeParse(raw);
  if (!parsed.success) {
    reply({ id: -1, ok: false, error: `stack-driver: malformed request: ${parsed.error.message}` });
    return;
  }
  const request = parsed.data;
  handle(request).then(
    (result) => reply({ id: request.id, ok: true, result }),
    (err: unknown) =>
      reply({
        id: request.id,
        ok: false,
        error: err instanceof Error ? (err.stack ?? err.message) : String(err),
      }),
  );
});

// The Automation API's language server can reject outside any command; say so instead of dying.
process.on("unhandledRejection", (reason) => {
  process.stderr.write(
    `stack-driver: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}\n`,
  );
});
process.on("disconnect", () => process.exit(0));
