/**
 * The demo's engine when no `pulumi` CLI is built: the program runs in this process under
 * `pulumi.runtime.setMocks`, and the mocks play the engine's part by sending every resource the
 * program registers through Pulumi's real dynamic-provider host over gRPC (test/harness): Check,
 * then Diff and Update or Create, with the state kept as the checkpoint keeps it. So the provider
 * code runs exactly as under `pulumi up`, in a host process started like the CLI starts it, one
 * per command.
 *
 * What the mocks cannot do as the engine does: resources have flat URNs (the mocks do not see
 * parents), and deletes run in the reverse order of creation rather than from the dependency graph
 * (the same order here: every resource is created after what it depends on).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  CheckFailedError,
  HostedStack,
  ProviderHost,
  UNKNOWN,
  isProviderRpcError,
  makeUrn,
  type HostProject,
  type JsonValue,
  type PropertyMap,
  type ResourceState,
  type StackConfig,
  type StepResult,
} from "../../provider/testing";
import {
  describeUpdate,
  formatShortType,
  listChanges,
  readUrnName,
  type LifecycleEngine,
  type OperationReport,
  type ResourceStep,
} from "./lifecycle";

/** A Pulumi program as a function: declares resources, returns the stack's outputs. */
export type DemoProgram = () => Record<string, pulumi.Input<unknown>>;

export interface HarnessEngineOptions {
  project: HostProject;
  stack: string;
  /** Stack config the engine sends the provider in Configure (secrets as `{secret}`). */
  config: StackConfig;
  program: DemoProgram;
}

/** Type tokens of the resources the dynamic-provider host manages. */
const DYNAMIC_TYPE_PREFIX = "pulumi-nodejs:dynamic";

/** Starts nothing yet: each operation starts its own host, as each `pulumi` command does. */
export function createHarnessEngine(options: HarnessEngineOptions): LifecycleEngine {
  return new HarnessEngine(options);
}

class HarnessEngine implements LifecycleEngine {
  readonly description =
    "the provider-host harness: Pulumi's own dynamic-provider host, driven over gRPC as the engine drives it";
  private host: ProviderHost | undefined;
  private readonly state = new HostedStack(() => this.requireHost());

  constructor(private readonly options: HarnessEngineOptions) {
    process.on("unhandledRejection", this.collectRejection);
  }

  preview(): Promise<OperationReport> {
    return this.withHost(() => this.runProgram(true));
  }

  up(): Promise<OperationReport> {
    return this.withHost(() => this.runProgram(false));
  }

  refresh(): Promise<OperationReport> {
    return this.withHost(async () => {
      const steps: ResourceStep[] = [];
      for (const old of this.state.list()) {
        const fresh = await this.state.refresh(old.urn);
        const changes = fresh === undefined ? [] : listChanges(old.outputs, fresh.outputs);
        steps.push({
          op: fresh === undefined ? "delete" : changes.length > 0 ? "update" : "same",
          ...this.describe(old.urn),
          changes,
        });
      }
      return { steps, warnings: this.readWarnings() };
    });
  }

  destroy(): Promise<OperationReport> {
    return this.withHost(async () => ({
      steps: await this.deleteAll(() => true),
      warnings: this.readWarnings(),
    }));
  }

  async countResources(): Promise<number> {
    return this.state.list().length;
  }

  async findInState(secret: string): Promise<string[]> {
    return this.state.stateHistory
      .filter((blob) => JSON.stringify(blob).includes(secret))
      .map((blob) => `state of ${blob.urn}`);
  }

  async close(): Promise<void> {
    await this.closeHost();
    process.off("unhandledRejection", this.collectRejection);
  }

  private async closeHost(): Promise<void> {
    await this.host?.close();
    this.host = undefined;
  }

  /**
   * A failed registration also rejects every output that depends on it, and nobody awaits those;
   * the language host would catch them, so this engine does, for its whole life (they surface some
   * ticks after the failure). The first failure is what the engine reports; these only join it.
   */
  private readonly collectRejection = (reason: unknown): void => {
    if (this.failures !== undefined) this.failures.push(reason);
    else if (!this.failedBefore) process.stderr.write(`demo: unhandled rejection: ${String(reason)}\n`);
  };

  /** Whether a program run failed: its late rejections are expected then. */
  private failedBefore = false;

  /** Failures of the program run in progress, if one is. */
  private failures: unknown[] | undefined;

  /** Type and name of a URN this stack manages. */
  private describe(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    return { type: formatShortType(parts[parts.length - 2] ?? ""), name: readUrnName(urn) };
  }

  private requireHost(): ProviderHost {
    if (this.host === undefined) throw new Error("the provider host is not running");
    return this.host;
  }

  private async withHost<T>(operation: () => Promise<T>): Promise<T> {
    this.host = await ProviderHost.start({ project: this.options.project, stack: this.options.stack });
    try {
      await this.host.configure(this.options.config);
      return await operation();
    } finally {
      await this.closeHost();
    }
  }

  /** Warnings and errors the provider logged during this command. */
  private readWarnings(): string[] {
    return (this.host?.engine.logs ?? [])
      .filter((log) => log.severity === "warning" || log.severity === "error")
      .map((log) => `${log.severity}: ${log.message}`);
  }

  /**
   * Runs the program once with the mocks as its engine: preview (Check, Diff) or up (Check, then
   * Create/Update/replace), then, for up, deletes what the program no longer declares.
   */
  private async runProgram(preview: boolean): Promise<OperationReport> {
    const { project, stack } = this.options;
    const steps: ResourceStep[] = [];
    const failures: unknown[] = [];
    this.failures = failures;
    const declared = new Set<string>();
    await pulumi.runtime.setMocks(
      {
        newResource: async (args) => {
          if (!args.type.startsWith(DYNAMIC_TYPE_PREFIX)) {
            throw new Error(`the demo's harness engine runs only dynamic resources, not ${args.type}`);
          }
          const urn = makeUrn(stack, project.project, args.type, args.name);
          declared.add(urn);
          const news = toWireProperties(args.inputs);
          const before = this.state.get(urn);
          try {
            const result = preview ? await this.state.preview(urn, news) : await this.state.up(urn, news);
            steps.push(toStep(result, before, formatShortType(args.type), args.name));
            return preview ? previewOutputs(result) : upOutputs(result);
          } catch (err) {
            failures.push(err);
            throw err;
          }
        },
        call: (args) => {
          throw new Error(`the demo's harness engine answers no function calls (${args.token})`);
        },
      },
      project.project,
      stack,
      preview,
    );
    try {
      const outputs = this.options.program();
      // Waits for every registration the program started, dependents included.
      await pulumi.runtime.disconnect();
      const [failure] = failures;
      if (failure !== undefined) {
        this.failedBefore = true;
        throw explainFailure(failure);
      }
      const report: OperationReport = { steps, warnings: [] };
      if (!preview) {
        steps.push(...(await this.deleteAll((urn) => !declared.has(urn))));
        report.outputs = await resolveOutputs(outputs);
      }
      report.warnings = this.readWarnings();
      return report;
    } finally {
      this.failures = undefined;
    }
  }

  /** Deletes the selected resources, newest first (each was created after what it depends on). */
  private async deleteAll(select: (urn: string) => boolean): Promise<ResourceStep[]> {
    const steps: ResourceStep[] = [];
    for (const resource of this.state.list().reverse()) {
      if (!select(resource.urn)) continue;
      await this.state.destroy(resource.urn);
      steps.push({ op: "delete", ...this.describe(resource.urn), changes: [] });
    }
    return steps;
  }
}

/** The engine's step record for a preview or up result; `before` is the state before the step. */
function toStep(
  result: StepResult,
  before: ResourceState | undefined,
  type: string,
  name: string,
): ResourceStep {
  const changes =
    before !== undefined && (result.op === "update" || result.op === "replace")
      ? describeUpdate(before, result.check.inputs)
      : [];
  return { op: result.op, type, name, changes };
}

/**
 * What a preview step gives the program back: the old outputs when nothing changes, else the
 * checked inputs, so outputs the provider has not computed yet read as unknown (the SDK marks a
 * missing output unknown during a preview), as with the engine.
 */
function previewOutputs(result: StepResult): { id: string | undefined; state: PropertyMap } {
  if (result.op === "same" && result.state !== undefined) {
    return { id: result.state.id, state: result.state.outputs };
  }
  return { id: result.op === "create" ? undefined : result.state?.id, state: result.check.inputs };
}

/** What an up step gives the program back: the resource's id and outputs. */
function upOutputs(result: StepResult): { id: string; state: PropertyMap } {
  if (result.state === undefined) throw new Error("an up step left no state");
  return { id: result.state.id, state: result.state.outputs };
}

/**
 * Inputs as the mocks receive them, put back into the engine's wire form: unknown values (during a
 * preview) as the unknown sentinel; secret wrappers stay, the stack strips them as the engine does.
 */
function toWireProperties(inputs: unknown): PropertyMap {
  const wire = toWireValue(inputs);
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) {
    throw new Error("a resource's inputs must be an object");
  }
  return wire;
}

function toWireValue(value: unknown): JsonValue {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map(toWireValue);
  if (typeof value === "object") {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    return Object.fromEntries(entries.map(([k, v]) => [k, toWireValue(v)]));
  }
  throw new Error(`an input of type ${typeof value} cannot cross the engine's wire`);
}

/** The error the CLI would show for a failed step: the provider's own message. */
function explainFailure(failure: unknown): Error {
  if (failure instanceof CheckFailedError) {
    return new Error(failure.failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
  if (isProviderRpcError(failure)) return new Error(failure.details);
  return failure instanceof Error ? failure : new Error(String(failure));
}

/** The program's outputs as plain values (after an up, every output is known). */
async function resolveOutputs(
  outputs: Record<string, pulumi.Input<unknown>>,
): Promise<Record<string, unknown>> {
  const resolved: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(outputs)) {
    const output = pulumi.output(value) as pulumi.Output<unknown>;
    resolved[key] = await new Promise((resolve) => output.apply(resolve));
  }
  return resolved;
}
