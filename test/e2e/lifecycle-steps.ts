/**
 * The lifecycle both stack tiers walk under the real CLI, one test per step, in order (each builds
 * on the one before): examples/basic, whose program is TypeScript, and the config-file program,
 * whose program is acns.yaml. A tier says how its program is written and changed and what each
 * step must find there; the steps, and what every step asserts whatever the program, are here.
 */
import type { Deployment, OutputMap } from "@pulumi/pulumi/automation";
import type { EmulatorSnapshot } from "../../provider/emulator";
import { ACME } from "../emulator/fixtures";
import type { CommandReport, Diagnostic } from "./driver-protocol";
import type { PulumiStackAccess } from "./pulumi-stack";
import { MAX_PROVIDER_BYTES, findSecretSpellings, listSerializedProviders } from "./scan-state";
import { countStepsByType, listChanges } from "./steps";
import type { SeededEmulatorAccess } from "./use-seeded-emulator";

/** The account's custom nameserver listing, where a set's names are written. */
export const SETS = `/accounts/${ACME}/custom_ns`;

/**
 * Where the given zones (by key), the account default and sets 4 and 5 stand in the emulator: what
 * each tier's `readPlacement` reports.
 */
export function readPlacement(
  emulator: SeededEmulatorAccess,
  zones: Record<string, string>,
): Record<string, unknown> {
  const snapshot = emulator.store.snapshot();
  const names = (set: number): string[] =>
    emulator.store
      .listNameservers(ACME)
      .filter((ns) => ns.ns_set === set)
      .map((ns) => ns.ns_name);
  return {
    ...Object.fromEntries(
      Object.entries(zones).map(([key, id]) => [key, snapshot.zones.find((z) => z.id === id)?.nameservers]),
    ),
    default: snapshot.accounts.find((a) => a.id === ACME)?.defaultNameservers,
    set4: names(4),
    set5: names(5),
  };
}

/** The shared steps, in order; a tier may add its own tests after any of them (or at `start`). */
export type LifecycleStep =
  "plan" | "up" | "secrets" | "noChange" | "addName" | "drift" | "hierarchy" | "destroy";

export interface LifecycleTier {
  /** Names the tier in stderr lines. */
  label: string;
  stack: PulumiStackAccess;
  emulator: SeededEmulatorAccess;
  /** The credential the program runs with, which no state may hold. */
  token: string;
  /** Serialized dynamic providers the state holds (inputs and outputs of each dynamic resource). */
  serializedProviders: number;
  /** Resources the CLI's summary counts: the program's, the stack and any component (not the provider). */
  resources: number;
  /** Where the tier's zones, the default and sets 4 and 5 stand in the emulator. */
  readPlacement(): Record<string, unknown>;
  plan: {
    title: string;
    /** What the program needs before it can plan (e.g. config). */
    prepare?: () => Promise<void>;
    stepsByType: Record<string, Record<string, number>>;
    changes: string[];
  };
  up: {
    title: string;
    writes: string[];
    placement: Record<string, unknown>;
    outputs?: (outputs: OutputMap) => void;
  };
  secrets: {
    title: string;
    /** Where `pulumi stack export --show-secrets` may hold the token (the Automation API's export). */
    checkShownSecrets: (deployment: Deployment) => void;
  };
  /** A name added to set 4 in the program: the set updates in place, a binding on it reads its names again. */
  addName: {
    title: string;
    edit: () => void;
    name: string;
    changes: string[];
    set4: string[];
    outputs: (outputs: OutputMap) => void;
  };
  /** A change made out of band, caught by a refresh preview and repaired by `up --refresh`. */
  drift: {
    title: string;
    make: () => void;
    changes: string[];
    /** What the failed `refresh --preview-only --expect-no-changes` and `preview --refresh --diff` print. */
    checkRefreshPreview?: (check: CommandReport) => void;
    checkPreview: (preview: CommandReport) => void;
    writes: string[];
    /** The account and outputs once repaired. */
    checkRepaired: () => Promise<void>;
  };
  /** A program that breaks the hierarchy rule: preview fails and nothing is written. */
  hierarchy: {
    title: string;
    edit: () => void;
    checkErrors: (diagnostics: readonly Diagnostic[]) => void;
    restore: () => void;
  };
  destroy: { title: string; writes: string[]; expected: () => EmulatorSnapshot };
  /** Tests of this tier only, registered after the named step. */
  extraTests?: Partial<Record<"start" | LifecycleStep, () => void>>;
}

export function defineLifecycle(tier: LifecycleTier): void {
  const { stack, emulator, token, resources, extraTests = {} } = tier;
  extraTests.start?.();

  test(tier.plan.title, async () => {
    await tier.plan.prepare?.();
    emulator.takeWrites();
    const preview = await stack.preview();
    expect(preview.error).toBeNull();
    expect(countStepsByType(preview.steps)).toEqual(tier.plan.stepsByType);
    expect(listChanges(preview.steps)).toEqual(tier.plan.changes);
    // The CLI's own summary leaves the provider out.
    expect(preview.changes).toEqual({ create: resources });
    expect(emulator.takeWrites()).toEqual([]);
  });
  extraTests.plan?.();

  test(tier.up.title, async () => {
    const up = await stack.up();
    expect(up.error).toBeNull();
    expect(up.changes).toEqual({ create: resources });
    expect(emulator.takeWrites().sort()).toEqual(tier.up.writes);
    expect(tier.readPlacement()).toEqual(tier.up.placement);
    tier.up.outputs?.(await stack.outputs());
  });
  extraTests.up?.();

  test(tier.secrets.title, async () => {
    expect(findSecretSpellings(token, await stack.exportStackAsUser())).toEqual([]);
    for (const file of stack.readBackendFiles()) {
      expect({ file: file.path, found: findSecretSpellings(token, file.text) }).toEqual({
        file: file.path,
        found: [],
      });
    }
    const deployment = await stack.exportStack();
    tier.secrets.checkShownSecrets(deployment);
    const providers = listSerializedProviders(deployment);
    expect(providers).toHaveLength(tier.serializedProviders);
    expect(providers.filter((p) => p.bytes >= MAX_PROVIDER_BYTES)).toEqual([]);
    const sizes = [...new Set(providers.map((p) => `${p.urn.split("::").pop() ?? ""} ${p.bytes} B`))];
    process.stderr.write(`${tier.label}: serialized providers in state: ${sizes.join(", ")}\n`);
  });
  extraTests.secrets?.();

  test("a second up changes nothing and writes nothing (--expect-no-changes)", async () => {
    const up = await stack.up({ expectNoChanges: true });
    expect(up.error).toBeNull();
    expect(up.changes).toEqual({ same: resources });
    expect(emulator.takeWrites()).toEqual([]);
  });
  extraTests.noChange?.();

  test(tier.addName.title, async () => {
    const { addName } = tier;
    addName.edit();
    const preview = await stack.preview({ diff: true });
    expect(preview.error).toBeNull();
    expect(listChanges(preview.steps)).toEqual(addName.changes);
    expect(preview.changes).toEqual({ same: resources - 2, update: 2 });
    expect(preview.stdout).toContain(`      + [2]: "${addName.name}"`);
    expect(emulator.takeWrites()).toEqual([]);

    const up = await stack.up();
    expect(up.error).toBeNull();
    expect(up.changes).toEqual({ same: resources - 2, update: 2 });
    expect(listChanges(up.steps)).toEqual(addName.changes);
    // The set's one new name; the binding only reads the set's names again, writing nothing.
    expect(emulator.takeWrites()).toEqual([`POST ${SETS}`]);
    expect(tier.readPlacement().set4).toEqual(addName.set4);
    addName.outputs(await stack.outputs());
  });
  extraTests.addName?.();

  test(tier.drift.title, async () => {
    const { drift } = tier;
    drift.make();
    emulator.takeWrites();

    const check = await stack.previewRefresh({ expectNoChanges: true });
    expect(check.succeeded).toBe(false);
    expect(check.error).toContain("error: no changes were expected for refresh but changes were proposed");
    expect(listChanges(check.results)).toEqual(drift.changes);
    drift.checkRefreshPreview?.(check);

    const preview = await stack.preview({ refresh: true, diff: true });
    expect(preview.error).toBeNull();
    expect(listChanges(preview.steps)).toEqual(drift.changes);
    drift.checkPreview(preview);
    expect(emulator.takeWrites()).toEqual([]);

    const up = await stack.up({ refresh: true });
    expect(up.error).toBeNull();
    expect(listChanges(up.steps)).toEqual(drift.changes);
    expect(emulator.takeWrites()).toEqual(drift.writes);
    await drift.checkRepaired();

    const again = await stack.previewRefresh({ expectNoChanges: true });
    expect(again.error).toBeNull();
  });
  extraTests.drift?.();

  test(tier.hierarchy.title, async () => {
    const before = emulator.store.snapshot();
    tier.hierarchy.edit();
    const preview = await stack.preview();
    expect(preview.succeeded).toBe(false);
    tier.hierarchy.checkErrors(preview.diagnostics);
    expect(emulator.takeWrites()).toEqual([]);
    expect(emulator.store.snapshot()).toEqual(before);
    tier.hierarchy.restore();
  });
  extraTests.hierarchy?.();

  test(tier.destroy.title, async () => {
    const destroy = await stack.destroy();
    expect(destroy.error).toBeNull();
    expect(destroy.changes).toEqual({ delete: resources });
    expect(emulator.takeWrites().sort()).toEqual(tier.destroy.writes);
    expect(emulator.store.snapshot()).toEqual(tier.destroy.expected());
  });
  extraTests.destroy?.();
}
