/**
 * The engine's side of `pulumi preview`, `up`, `refresh` and `destroy` for dynamic resources,
 * reduced to the provider calls it makes and the state it keeps (inputs and outputs per URN, as
 * the checkpoint stores them). Every state blob it writes is kept for the secret scans.
 *
 * Sequences (pulumi/pulumi pkg/resource/deploy step_generator.go / step.go):
 * - new resource: Check(olds = {}, news) -> Create (preview: no Create, the host does not
 *   support previews);
 * - existing: Check(olds = old inputs, news) -> Diff(olds = old outputs, oldInputs, news) ->
 *   Update, or a replacement: a second Check(olds = {}, news) to recompute defaults (its inputs
 *   are the new resource's), then Create then Delete, or Delete then Create when
 *   deleteBeforeReplace (step_generator.go, "recompute the default values"; preview does it too);
 * - refresh: Read(id, old outputs, old inputs); an empty id drops the resource;
 * - destroy: Delete(id, old outputs, old inputs).
 */
import type { ProviderHost } from "./provider-host";
import type { CheckResult, DiffResult } from "./provider-rpc";
import type { PropertyMap } from "./properties";

/** One resource as the checkpoint holds it. */
export interface ResourceState {
  urn: string;
  id: string;
  inputs: PropertyMap;
  outputs: PropertyMap;
}

/** What a preview or up decided for one resource. */
export type StepOp = "create" | "same" | "update" | "replace";

export interface StepResult {
  op: StepOp;
  check: CheckResult;
  diff?: DiffResult;
  /** The state after the step (for preview: the state before, if any). */
  state: ResourceState | undefined;
}

/** A check that returned failures: the engine stops there and shows them. */
export class CheckFailedError extends Error {
  constructor(
    readonly urn: string,
    readonly failures: CheckResult["failures"],
  ) {
    super(`Check of ${urn} failed: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    this.name = "CheckFailedError";
  }
}

/** A stack of dynamic resources managed through one provider host. */
export class HostedStack {
  private readonly resources = new Map<string, ResourceState>();
  /** Every state blob written, in order (inputs and outputs of each step). */
  readonly stateHistory: ResourceState[] = [];

  /** @param currentHost the host to call (a function, so the stack survives a host restart) */
  constructor(private readonly currentHost: () => ProviderHost) {}

  get host(): ProviderHost {
    return this.currentHost();
  }

  /** The current state of a resource, if the stack has it. */
  get(urn: string): ResourceState | undefined {
    return this.resources.get(urn);
  }

  /** All resources, in creation order. */
  list(): ResourceState[] {
    return [...this.resources.values()];
  }

  private save(state: ResourceState): ResourceState {
    this.resources.set(state.urn, state);
    this.stateHistory.push(structuredClone(state));
    return state;
  }

  /** What `pulumi preview` does for one resource: Check and, for an existing one, Diff. */
  async preview(urn: string, news: PropertyMap): Promise<StepResult> {
    const old = this.resources.get(urn);
    const check = await this.host.check({ urn, olds: old?.inputs ?? {}, news });
    if (check.failures.length > 0) throw new CheckFailedError(urn, check.failures);
    if (old === undefined) return { op: "create", check, state: undefined };
    const diff = await this.diffAgainst(old, check.inputs);
    const op = opOf(diff);
    if (op === "replace") return { op, check: await this.recheck(urn, news), diff, state: old };
    return { op, check, diff, state: old };
  }

  /** The engine's second Check of a replacement: no olds, the program's inputs as news. */
  private async recheck(urn: string, news: PropertyMap): Promise<CheckResult> {
    const check = await this.host.check({ urn, olds: {}, news });
    if (check.failures.length > 0) throw new CheckFailedError(urn, check.failures);
    return check;
  }

  /** What `pulumi up` does for one resource. */
  async up(urn: string, news: PropertyMap): Promise<StepResult> {
    const old = this.resources.get(urn);
    const check = await this.host.check({ urn, olds: old?.inputs ?? {}, news });
    if (check.failures.length > 0) throw new CheckFailedError(urn, check.failures);
    if (old === undefined) {
      const created = await this.host.create({ urn, properties: check.inputs });
      const state = this.save({ urn, id: created.id, inputs: check.inputs, outputs: created.properties });
      return { op: "create", check, state };
    }
    const diff = await this.diffAgainst(old, check.inputs);
    const op = opOf(diff);
    if (op === "same") {
      // The engine keeps the old outputs and records the new inputs (a new __provider included).
      const state = this.save({ ...old, inputs: check.inputs });
      return { op, check, diff, state };
    }
    if (op === "update") {
      const updated = await this.host.update({
        urn,
        id: old.id,
        olds: old.outputs,
        oldInputs: old.inputs,
        news: check.inputs,
      });
      const state = this.save({ ...old, inputs: check.inputs, outputs: updated.properties });
      return { op, check, diff, state };
    }
    const recheck = await this.recheck(urn, news);
    if (diff.deleteBeforeReplace) {
      await this.host.delete({ urn, id: old.id, properties: old.outputs, oldInputs: old.inputs });
      this.resources.delete(urn);
      const created = await this.host.create({ urn, properties: recheck.inputs });
      const state = this.save({ urn, id: created.id, inputs: recheck.inputs, outputs: created.properties });
      return { op, check: recheck, diff, state };
    }
    const created = await this.host.create({ urn, properties: recheck.inputs });
    await this.host.delete({ urn, id: old.id, properties: old.outputs, oldInputs: old.inputs });
    const state = this.save({ urn, id: created.id, inputs: recheck.inputs, outputs: created.properties });
    return { op, check: recheck, diff, state };
  }

  /**
   * What `pulumi refresh` does for one resource. Returns the new state, or undefined when the
   * provider reported it gone (the engine then drops it from the stack).
   */
  async refresh(urn: string): Promise<ResourceState | undefined> {
    const old = this.require(urn);
    const read = await this.host.read({ urn, id: old.id, properties: old.outputs, inputs: old.inputs });
    if (read.id === "") {
      this.resources.delete(urn);
      return undefined;
    }
    return this.save({ urn, id: read.id, inputs: read.inputs ?? old.inputs, outputs: read.properties });
  }

  /**
   * What the `import` resource option does: Read with the id and no state at all. For a dynamic
   * resource that cannot work: the host finds no `__provider` to load and fails with "code must be
   * a string, not undefined" (pulumi/pulumi#16175, #3550, open). Kept so tests pin that down.
   */
  async import(urn: string, id: string): Promise<ResourceState | undefined> {
    const read = await this.host.read({ urn, id, properties: {}, inputs: {} });
    if (read.id === "") return undefined;
    return this.save({ urn, id: read.id, inputs: read.inputs ?? {}, outputs: read.properties });
  }

  /** What `pulumi destroy` does for one resource. */
  async destroy(urn: string): Promise<void> {
    const old = this.require(urn);
    await this.host.delete({ urn, id: old.id, properties: old.outputs, oldInputs: old.inputs });
    this.resources.delete(urn);
  }

  /** Puts a state in as if an earlier run had written it (e.g. by an older package version). */
  adopt(state: ResourceState): void {
    this.save(state);
  }

  private async diffAgainst(old: ResourceState, news: PropertyMap): Promise<DiffResult> {
    return this.host.diff({ urn: old.urn, id: old.id, olds: old.outputs, oldInputs: old.inputs, news });
  }

  private require(urn: string): ResourceState {
    const state = this.resources.get(urn);
    if (state === undefined) throw new Error(`the stack has no resource ${urn}`);
    return state;
  }
}

function opOf(diff: DiffResult): StepOp {
  if (diff.replaces.length > 0) return "replace";
  // DIFF_UNKNOWN makes the engine fall back to its own input comparison; the providers here always
  // answer, so treat unknown as a change to keep tests honest.
  return diff.changes === "none" ? "same" : "update";
}
