/**
 * The demo's story, against the embedded emulator seeded with examples/seed.json:
 * 1. `acns validate` rejects a bad acns.yaml with exact messages and passes the good one;
 * 2. Pulumi deploys examples/basic: preview, up, and an up that changes nothing;
 * 3. `acns drift` sees the account differ from acns.yaml, `acns glue` lists what registrars need;
 * 4. a change made behind Pulumi's back: refresh shows it, preview plans the repair, up repairs it;
 * 5. destroy, after which the account must equal the seed again, and the token be in no state.
 * Every step checks what it expects, so the demo doubles as an end-to-end test (test/demo).
 */
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import {
  EmulatorStore,
  startEmulator,
  type EmulatorSnapshot,
  type RunningEmulator,
} from "../../provider/emulator";
import { runAcns } from "./acns-cli";
import {
  findPulumiCli,
  PACKAGE_ROOT,
  resolvePulumiCacheRoot,
  type HostProject,
} from "../../provider/testing";
import { createHarnessEngine } from "./harness-engine";
import { countSteps, type LifecycleEngine, type OperationReport, type StepOp } from "./lifecycle";
import { DemoPrinter, formatCounts, formatOutputs, formatSteps, type DemoWriter } from "./output";
import { createBasicProject, loadBasicProgram } from "./project";
import { createPulumiCliEngine } from "./pulumi-cli-engine";

/** `auto`: the real CLI when one is built, else the harness. */
export type EngineChoice = "auto" | "pulumi" | "harness";

export interface DemoOptions {
  engine: EngineChoice;
  writer: DemoWriter;
  /** Aborted on Ctrl-C. */
  signal?: AbortSignal;
}

/** What the run found; the entry point turns it into an exit code and, on request, a JSON report. */
export interface DemoResult {
  ok: boolean;
  /** The engine that ran the lifecycle, once chosen. */
  engine?: "pulumi-cli" | "harness";
  /** Why the run failed. */
  failure?: string;
  /** Requests the emulator answered (admin calls excluded). */
  requests: number;
  durationMs: number;
  /** The emulator's state when the run ended, and whether it equals examples/seed.json's. */
  finalState?: EmulatorSnapshot;
  matchesSeed?: boolean;
}

const SEED_PATH = join(PACKAGE_ROOT, "examples", "seed.json");
/** "Acme Corp" in examples/seed.json. */
const ACCOUNT_ID = "75ccbf912a8c4b14b9aa8cc660623d82";
const EU_EXAMPLE_COM_ZONE_ID = "00b9bb7ddf6e674b5b25309c07eeee29";
/** A name of set 5 in examples/basic, removed behind Pulumi's back. */
const DRIFTED_NAME = "ns4.basic-dns.example";
/**
 * The seed's read-write token. It exists only in examples/seed.json; it is still never printed,
 * to show the path a real token takes.
 */
const DEMO_TOKEN = "acns-demo-token";
/** The emulator answers at once; against Cloudflare keep the default pacing (4 requests/s). */
const DEMO_REQUESTS_PER_SECOND = "100";
const STACK = "demo";
/** Resources examples/basic declares. */
const BASIC_RESOURCES = 5;

/** A step that did not do what the demo expects. */
class DemoFailure extends Error {
  override readonly name = "DemoFailure";
}

function expectThat(condition: boolean, message: string): void {
  if (!condition) throw new DemoFailure(message);
}

/** Time and requests spent per tool, for the summary. */
interface Tally {
  ms: number;
  requests: number;
}

/**
 * Runs the demo; never throws for a failed step (the result says so), only for a bug of its own.
 * Aborting `signal` (Ctrl-C) releases everything at once, without the destroy: the emulator, and so
 * the account, lives in this process and ends with it.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const out = new DemoPrinter(options.writer, [DEMO_TOKEN]);
  const result: DemoResult = { ok: false, requests: 0, durationMs: 0 };
  let emulator: RunningEmulator | undefined;
  let project: HostProject | undefined;
  let engine: LifecycleEngine | undefined;
  let released: Promise<void> | undefined;
  const release = (): Promise<void> =>
    (released ??= (async () => {
      await engine?.close();
      project?.remove();
      if (emulator !== undefined) {
        result.requests = emulator.store.requestLog.list().length;
        result.finalState = emulator.store.snapshot();
        result.matchesSeed = isDeepStrictEqual(
          result.finalState,
          new EmulatorStore({ seed: SEED_PATH }).snapshot(),
        );
        await emulator.stop();
      }
    })());
  const onAbort = (): void => {
    out.line("", "interrupted: stopping the emulator and removing temporary files");
    void release();
  };
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    emulator = await startEmulator({ seed: SEED_PATH });
    project = createBasicProject();
    const chosen = await chooseEngine(options.engine, emulator, project);
    engine = chosen.engine;
    result.engine = chosen.kind;
    printIntro(out, emulator, engine, chosen.note);
    await runStory(out, emulator, engine, chosen.kind, started);
    result.ok = true;
  } catch (err) {
    if (options.signal?.aborted === true) {
      // What failed then is only the interruption (a killed child process, a stopped emulator).
      result.failure = "interrupted";
    } else {
      result.failure = err instanceof Error ? err.message : String(err);
      out.line("", `demo failed: ${result.failure}`);
      if (engine !== undefined) await destroyLeftovers(out, engine);
    }
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
    await release();
    result.durationMs = performance.now() - started;
  }
  return result;
}

async function chooseEngine(
  choice: EngineChoice,
  emulator: RunningEmulator,
  project: HostProject,
): Promise<{ engine: LifecycleEngine; kind: "pulumi-cli" | "harness"; note?: string }> {
  const program = loadBasicProgram(project);
  const cli = choice === "harness" ? undefined : findPulumiCli();
  if (cli !== undefined) {
    const engine = await createPulumiCliEngine({
      cli,
      project,
      stack: STACK,
      program,
      config: {
        "cloudflare:apiToken": { value: DEMO_TOKEN, secret: true },
        "cloudflare:baseUrl": { value: emulator.url },
        "cloudflare-acns:requestsPerSecond": { value: DEMO_REQUESTS_PER_SECOND },
      },
    });
    return { engine, kind: "pulumi-cli" };
  }
  const missing = `no pulumi CLI on PATH or in ${resolvePulumiCacheRoot()}`;
  if (choice === "pulumi") {
    throw new DemoFailure(
      `${missing}; build one with scripts/pulumi-cli.sh (minutes), or use --engine harness`,
    );
  }
  const engine = createHarnessEngine({
    project,
    stack: STACK,
    program,
    config: {
      "cloudflare:apiToken": { secret: DEMO_TOKEN },
      "cloudflare:baseUrl": emulator.url,
      "cloudflare-acns:requestsPerSecond": DEMO_REQUESTS_PER_SECOND,
    },
  });
  const note =
    choice === "auto"
      ? `${missing}: scripts/pulumi-cli.sh builds one (minutes; the demo never does)`
      : undefined;
  return { engine, kind: "harness", note };
}

function printIntro(
  out: DemoPrinter,
  emulator: RunningEmulator,
  engine: LifecycleEngine,
  note?: string,
): void {
  const account = emulator.store.snapshot().accounts.find((a) => a.id === ACCOUNT_ID);
  const sets = [...new Set(emulator.store.listNameservers(ACCOUNT_ID).map((ns) => ns.ns_set))];
  out.line(
    "pulumi-cloudflare-acns demo: everything runs on this machine, against a local Cloudflare API emulator.",
    "",
    `Emulator      ${emulator.url}, seeded from examples/seed.json`,
    `Account       ${ACCOUNT_ID} "${account?.name ?? "?"}": sets ${sets.join(", ")} in use, ` +
      `default ${account?.defaultNameservers ?? "?"}`,
    `Pulumi        ${engine.description}`,
    ...(note === undefined ? [] : [`              ${note}`]),
    `Program       examples/basic: sets 4 and 5, example.com on set 4, eu.example.com on set 5, default custom.account`,
    `Credentials   the seed's API token, as CLOUDFLARE_API_TOKEN for acns and secret stack config for Pulumi;`,
    `              pacing raised to ${DEMO_REQUESTS_PER_SECOND} requests/s for the emulator (keep the default 4 against Cloudflare)`,
  );
}

async function runStory(
  out: DemoPrinter,
  emulator: RunningEmulator,
  engine: LifecycleEngine,
  kind: "pulumi-cli" | "harness",
  started: number,
): Promise<void> {
  const acnsTally: Tally = { ms: 0, requests: 0 };
  const pulumiTally: Tally = { ms: 0, requests: 0 };
  const countRequests = (): number => emulator.store.requestLog.list().length;

  const acns = async (args: string[], expected: number, meaning: string): Promise<void> => {
    out.command(`acns ${args.join(" ")}`);
    const [t0, r0] = [performance.now(), countRequests()];
    const run = await runAcns(args, { apiToken: DEMO_TOKEN, baseUrl: emulator.url });
    acnsTally.ms += performance.now() - t0;
    acnsTally.requests += countRequests() - r0;
    out.block(run.output);
    out.note(`exit ${run.exitCode} (${meaning})`);
    expectThat(
      run.exitCode === expected,
      `acns ${args.join(" ")} exited ${run.exitCode}; expected ${expected} (${meaning})`,
    );
  };

  const pulumi = async (
    operation: "preview" | "up" | "refresh" | "destroy",
    expected: Partial<Record<StepOp, number>>,
  ): Promise<OperationReport> => {
    out.command(
      kind === "pulumi-cli" ? `pulumi ${operation}` : `pulumi ${operation}   # provider-host harness`,
    );
    const [t0, r0] = [performance.now(), countRequests()];
    const report = await engine[operation]();
    const ms = performance.now() - t0;
    const requests = countRequests() - r0;
    pulumiTally.ms += ms;
    pulumiTally.requests += requests;
    for (const line of formatSteps(report)) out.note(line);
    const tense = operation === "preview" ? "planned" : "done";
    const counts = operation === "refresh" ? formatRefreshCounts(report) : formatCounts(report, tense);
    out.note(`${counts}  (${requests} API requests, ${formatSeconds(ms)})`);
    for (const warning of report.warnings) out.note(warning);
    const actual = countSteps(report);
    expectThat(
      isDeepStrictEqual(actual, expected),
      `pulumi ${operation}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
    );
    return report;
  };

  out.section("acns validate: a bad change never reaches Cloudflare");
  await acns(["validate", "examples/acns-bad.yaml"], 1, "invalid: the file breaks a rule");
  await acns(["validate", "examples/acns.yaml"], 0, "valid");
  await acns(["drift", "examples/acns.yaml"], 0, "no drift: the account is as the file says");

  out.section("Pulumi deploys examples/basic");
  await pulumi("preview", { create: BASIC_RESOURCES });
  const deployed = await pulumi("up", { create: BASIC_RESOURCES });
  out.note("outputs:");
  for (const line of formatOutputs(deployed.outputs ?? {})) out.note(`  ${line}`);
  await pulumi("up", { same: BASIC_RESOURCES });

  out.section("The account now differs from acns.yaml");
  await acns(["drift", "examples/acns.yaml"], 2, "drift: the stack moved example.com and eu.example.com");
  await acns(["glue", "--account", ACCOUNT_ID], 0, "every name's glue records printed");

  out.section("Drift made behind Pulumi's back");
  emulator.store.setZoneNameservers(EU_EXAMPLE_COM_ZONE_ID, { type: "cloudflare.standard" });
  out.note("emulator: eu.example.com taken off account custom nameservers (now cloudflare.standard)");
  emulator.store.deleteNameserver(ACCOUNT_ID, DRIFTED_NAME);
  out.note(`emulator: ${DRIFTED_NAME} deleted from set 5`);
  await pulumi("refresh", { update: 2, same: BASIC_RESOURCES - 2 });
  await pulumi("preview", { update: 2, same: BASIC_RESOURCES - 2 });
  await pulumi("up", { update: 2, same: BASIC_RESOURCES - 2 });

  out.section("Destroy: the account returns to the seed");
  await pulumi("destroy", { delete: BASIC_RESOURCES });
  const afterDestroy = emulator.store.snapshot();
  const seed = new EmulatorStore({ seed: SEED_PATH }).snapshot();
  expectThat(
    isDeepStrictEqual(afterDestroy, seed),
    "after destroy the emulator's state differs from examples/seed.json",
  );
  out.note("emulator: the account's sets, zones and default equal examples/seed.json again");
  const leaks = await engine.findInState(DEMO_TOKEN);
  expectThat(leaks.length === 0, `the API token is in the stack's state: ${leaks.join(", ")}`);
  out.note("state: the API token appears nowhere in the stack's state");

  const total = performance.now() - started;
  out.line("", "== Summary");
  out.note(`engine        ${engine.description}`);
  out.note(
    `API requests  ${countRequests()} to the emulator: ${pulumiTally.requests} by Pulumi, ` +
      `${acnsTally.requests} by acns (${formatMethods(emulator)})`,
  );
  out.note(
    `time          ${formatSeconds(total)} in all: Pulumi ${formatSeconds(pulumiTally.ms)}, ` +
      `acns ${formatSeconds(acnsTally.ms)}, setup ${formatSeconds(total - pulumiTally.ms - acnsTally.ms)}`,
  );
}

/** A refresh reads every resource: `2 drifted, 3 unchanged`. */
function formatRefreshCounts(report: OperationReport): string {
  const counts = countSteps(report);
  const parts = [
    [counts.update, "drifted"],
    [counts.delete, "gone"],
    [counts.same, "unchanged"],
  ] as const;
  return parts
    .filter(([n]) => (n ?? 0) > 0)
    .map(([n, word]) => `${n} ${word}`)
    .join(", ");
}

function formatMethods(emulator: RunningEmulator): string {
  const counts = new Map<string, number>();
  for (const r of emulator.store.requestLog.list()) counts.set(r.method, (counts.get(r.method) ?? 0) + 1);
  return [...counts.entries()].map(([method, n]) => `${method} ${n}`).join(", ");
}

function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** After a failure: destroy what the stack still holds, so the run ends as it began. */
async function destroyLeftovers(out: DemoPrinter, engine: LifecycleEngine): Promise<void> {
  try {
    const left = await engine.countResources();
    if (left === 0) return;
    out.line(`cleanup: destroying the ${left} resources the stack still holds`);
    const report = await engine.destroy();
    out.line(`cleanup: ${formatCounts(report, "done")}`);
  } catch (err) {
    out.line(`cleanup: destroy failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}
