/**
 * The demo's engine when a `pulumi` CLI is built: the real CLI through the Automation API, with the
 * program inline (served from this process: there is no Node.js language host, see
 * docs/decisions/003-pulumi-cli-from-go-proxy.md), a local file backend in a temporary directory
 * and the credentials as secret stack config, as examples/basic/README.md sets them.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import {
  LocalWorkspace,
  PulumiCommand,
  type ConfigMap,
  type EngineEvent,
  type OpType,
  type Stack,
  type StepEventMetadata,
} from "@pulumi/pulumi/automation";
import { createPulumiEnv, type HostProject, type PulumiCliLocation } from "../../provider/testing";
import type { DemoProgram } from "./harness-engine";
import {
  describeUpdate,
  formatShortType,
  listChanges,
  readUrnName,
  type LifecycleEngine,
  type OperationReport,
  type ResourceStep,
  type StepOp,
} from "./lifecycle";

export interface PulumiCliEngineOptions {
  cli: PulumiCliLocation;
  project: HostProject;
  stack: string;
  /** Stack config, secrets marked (`pulumi config set [--secret]`). */
  config: ConfigMap;
  program: DemoProgram;
}

/** Only what the program manages; the stack resource and default providers are engine bookkeeping. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";
/** The passphrase of the throw-away stack's secrets provider (the stack lives in a temp directory). */
const DEMO_PASSPHRASE = "acns-demo-passphrase";

/** Creates the stack in a temporary backend and sets its config. */
export async function createPulumiCliEngine(options: PulumiCliEngineOptions): Promise<LifecycleEngine> {
  const stateDir = mkdtempSync(join(tmpdir(), "acns-demo-state-"));
  try {
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: options.stack,
        projectName: options.project.project,
        program: async () => options.program(),
      },
      {
        workDir: options.project.dir,
        // Without a root the Automation API runs the `pulumi` on PATH: the first one, as found.
        pulumiCommand: await PulumiCommand.get(
          options.cli.source === "cache" ? { root: dirname(options.cli.binDir) } : {},
        ),
        envVars: createPulumiEnv({
          binDir: options.cli.binDir,
          stateDir,
          nodePath: options.project.nodePath,
          passphrase: DEMO_PASSPHRASE,
        }),
      },
    );
    await stack.setAllConfig(options.config);
    return new PulumiCliEngine(options.cli, stack, stateDir);
  } catch (err) {
    rmSync(stateDir, { recursive: true, force: true });
    throw err;
  }
}

class PulumiCliEngine implements LifecycleEngine {
  readonly description: string;
  private closed = false;

  constructor(
    cli: PulumiCliLocation,
    private readonly stack: Stack,
    private readonly stateDir: string,
  ) {
    const where = cli.source === "cache" ? "built by scripts/pulumi-cli.sh" : "from PATH";
    this.description = `the Pulumi CLI v${cli.version} (${where}) through the Automation API, program inline`;
  }

  async preview(): Promise<OperationReport> {
    const events = createEventLog();
    await runOperation("preview", events, () =>
      this.stack.preview({ onEvent: events.record, color: "never" }),
    );
    return { steps: events.steps("pre"), warnings: events.warnings };
  }

  async up(): Promise<OperationReport> {
    const events = createEventLog();
    const result = await runOperation("up", events, () =>
      this.stack.up({ onEvent: events.record, color: "never" }),
    );
    const outputs = Object.fromEntries(Object.entries(result.outputs).map(([k, v]) => [k, v.value]));
    return { steps: events.steps("done"), warnings: events.warnings, outputs };
  }

  async refresh(): Promise<OperationReport> {
    const events = createEventLog();
    await runOperation("refresh", events, () =>
      this.stack.refresh({ onEvent: events.record, color: "never" }),
    );
    return { steps: events.steps("refresh"), warnings: events.warnings };
  }

  async destroy(): Promise<OperationReport> {
    const events = createEventLog();
    await runOperation("destroy", events, () =>
      this.stack.destroy({ onEvent: events.record, color: "never" }),
    );
    return { steps: events.steps("done"), warnings: events.warnings };
  }

  async countResources(): Promise<number> {
    const exported = await this.stack.exportStack();
    const resources = (exported.deployment as { resources?: { type?: string }[] }).resources ?? [];
    return resources.filter((r) => r.type?.startsWith(DYNAMIC_TYPE_PREFIX) === true).length;
  }

  async findInState(secret: string): Promise<string[]> {
    const hits = listFiles(this.stateDir)
      .filter((file) => readFileSync(file).includes(secret))
      .map((file) => relative(this.stateDir, file));
    const exported = JSON.stringify(await this.stack.exportStack());
    return exported.includes(secret) ? [...hits, "pulumi stack export"] : hits;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    rmSync(this.stateDir, { recursive: true, force: true });
  }
}

/**
 * Runs one CLI operation. When it fails, the error diagnostics the engine reported (the provider's
 * messages) say why better than the Automation API's error, which wraps the whole CLI output.
 */
async function runOperation<T>(name: string, events: EventLog, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (err) {
    if (events.errors.length === 0) throw err;
    throw new Error(`pulumi ${name} failed:\n${events.errors.join("\n")}`, { cause: err });
  }
}

/** Every file under a directory. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** One operation's engine events as step records and diagnostics. */
interface EventLog {
  record: (event: EngineEvent) => void;
  /**
   * `pre`: the steps the engine planned (preview); `done`: the steps it completed; `refresh`: the
   * reads of a refresh, as what each found.
   */
  steps: (phase: "pre" | "done" | "refresh") => ResourceStep[];
  warnings: string[];
  /** Error diagnostics, e.g. a provider's failure message. */
  errors: string[];
}

function createEventLog(): EventLog {
  const planned: StepEventMetadata[] = [];
  const done: StepEventMetadata[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  return {
    record(event) {
      if (event.resourcePreEvent !== undefined) planned.push(event.resourcePreEvent.metadata);
      if (event.resOutputsEvent !== undefined) done.push(event.resOutputsEvent.metadata);
      const diagnostic = event.diagnosticEvent;
      if (diagnostic?.severity === "warning") warnings.push(`warning: ${diagnostic.message.trim()}`);
      if (diagnostic?.severity === "error") errors.push(diagnostic.message.trim());
    },
    steps: (phase) =>
      (phase === "pre" ? planned : done)
        .filter((m) => m.type.startsWith(DYNAMIC_TYPE_PREFIX))
        .map((m) => (phase === "refresh" ? toRefreshStep(m) : toStep(m)))
        .filter((step): step is ResourceStep => step !== undefined),
    warnings,
    errors,
  };
}

/** The demo's step record for one engine step; undefined for the halves of a replacement. */
function toStep(metadata: StepEventMetadata): ResourceStep | undefined {
  const op = toStepOp(metadata.op);
  if (op === undefined) return undefined;
  const old = { inputs: metadata.old?.inputs ?? {}, outputs: metadata.old?.outputs ?? {} };
  const changes = op === "update" || op === "replace" ? describeUpdate(old, metadata.new?.inputs ?? {}) : [];
  return { op, type: formatShortType(metadata.type), name: readUrnName(metadata.urn), changes };
}

/**
 * A refresh step: what the read found against the state. The engine labels these steps `refresh`,
 * `update` or `same` depending on version, so the outputs decide.
 */
function toRefreshStep(metadata: StepEventMetadata): ResourceStep {
  const base = { type: formatShortType(metadata.type), name: readUrnName(metadata.urn) };
  if (metadata.new === undefined) return { op: "delete", ...base, changes: [] };
  const changes = listChanges(metadata.old?.outputs ?? {}, metadata.new.outputs ?? {});
  return { op: changes.length > 0 ? "update" : "same", ...base, changes };
}

function toStepOp(op: OpType): StepOp | undefined {
  switch (op) {
    case "create":
    case "update":
    case "replace":
    case "delete":
    case "same":
      return op;
    case "create-replacement":
      return "replace";
    default:
      return undefined;
  }
}
