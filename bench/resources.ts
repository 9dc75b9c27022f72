/**
 * Resource benchmarks through Pulumi's real dynamic-provider host (provider/testing): the serialized
 * provider each resource stores in state (`__provider`, goal <= 8 KB), the host's cold start, and
 * the Cloudflare API calls each operation makes, counted from the emulator's request log (goals: a
 * no-op `up` writes nothing, a refresh is one GET per resource). Prints figures; asserts nothing.
 *
 *   npm run build && npx tsx bench/resources.ts
 *
 * Needs dist/ (the host loads the package as a user's project does, from node_modules).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator, type RunningEmulator, type SeedInput } from "../provider/emulator";
import {
  createHostProject,
  HostedStack,
  PACKAGE_NAME,
  PROVIDER_KEY,
  ProviderHost,
  runSerializeJobs,
  type HostProject,
  type PropertyMap,
  type StackConfig,
} from "../provider/testing";
import { ACME } from "../test/emulator/fixtures";

const EXAMPLE_NET_ZONE = "231dac9c572b69acebfacaa66c712b3c";
const TOKEN = "bench-resources-token-8c41d7e2";
const SIZE_GOAL_BYTES = 8 * 1024;
const COLD_START_RUNS = 5;

/** One resource to measure: the class exported from the package root and the inputs to use. */
interface BenchCase {
  /** Module the class is exported from. @default the package root */
  module?: string;
  /** Row label. @default className */
  label?: string;
  className: string;
  args: PropertyMap;
  /** Inputs of the update step (same resource, a change that updates in place). */
  updateArgs: PropertyMap;
}

const CASES: BenchCase[] = [
  {
    // A reference: the harness's own minimal provider (a few functions, no package code loaded).
    module: join(__dirname, "..", "test", "harness", "fixtures", "nameserver-provider.ts"),
    label: "reference: harness fixture",
    className: "NameserverRecord",
    args: { accountId: ACME, nsName: "ns9.bench.example" },
    updateArgs: { accountId: ACME, nsName: "ns9.bench.example", note: "updated" },
  },
  {
    className: "AccountNameserverSet",
    args: { accountId: ACME, nsSet: 4, nameservers: ["ns1.bench.example", "ns2.bench.example"] },
    updateArgs: {
      accountId: ACME,
      nsSet: 4,
      nameservers: ["ns1.bench.example", "ns2.bench.example", "ns3.bench.example"],
    },
  },
  {
    className: "ZoneAcnsBinding",
    args: { zoneId: EXAMPLE_NET_ZONE, nsSet: 1 },
    updateArgs: { zoneId: EXAMPLE_NET_ZONE, nsSet: 2 },
  },
  {
    // Immutable: its "update" is a replacement (create the new set, then delete the old one).
    className: "CustomNameserverSet",
    args: { accountId: ACME, nameservers: ["ns1.cns-bench.example", "ns2.cns-bench.example"] },
    updateArgs: {
      accountId: ACME,
      nameservers: ["ns1.cns-bench.example", "ns2.cns-bench.example", "ns3.cns-bench.example"],
    },
  },
  {
    className: "AccountDefaultNameservers",
    args: { accountId: ACME, type: "custom.account" },
    updateArgs: { accountId: ACME, type: "cloudflare.standard" },
  },
];

function loadSeed(): SeedInput {
  const seed = JSON.parse(readFileSync(join(__dirname, "..", "examples", "seed.json"), "utf8")) as SeedInput;
  return { ...seed, tokens: [...(seed.tokens ?? []), { name: "bench", value: TOKEN, accountIds: [ACME] }] };
}

function stackConfig(emulator: RunningEmulator): StackConfig {
  return { "cloudflare:apiToken": { secret: TOKEN }, "cloudflare:baseUrl": emulator.url };
}

interface Registered {
  type: string;
  inputs: PropertyMap;
  providerBytes: number;
  registerMs: number;
}

/** Registers every case under mocks in one worker; a class that fails is reported, not fatal. */
async function registerCases(project: HostProject): Promise<Map<string, Registered | string>> {
  const results = await runSerializeJobs(
    project,
    CASES.map((c) => ({
      kind: "resource" as const,
      module: c.module ?? PACKAGE_NAME,
      exportName: c.className,
      name: `bench-${c.className}`,
      args: c.args,
    })),
  );
  const out = new Map<string, Registered | string>();
  CASES.forEach((c, i) => {
    const result = results[i];
    if (result === undefined || result.kind === "error") {
      out.set(c.className, result?.message.split("\n")[0] ?? "no result");
      return;
    }
    if (result.kind !== "resource" || result.registrations[0] === undefined) {
      out.set(c.className, "registered no dynamic resource");
      return;
    }
    const { type, inputs } = result.registrations[0];
    const text = inputs[PROVIDER_KEY];
    out.set(c.className, {
      type,
      inputs,
      providerBytes: typeof text === "string" ? Buffer.byteLength(text) : 0,
      registerMs: result.ms,
    });
  });
  return out;
}

function stats(values: number[]): string {
  if (values.length === 0) return "n/a";
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return `${mean.toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
}

/** Spawn -> port, and spawn -> first Configure + Check answered, on fresh hosts. */
async function measureColdStart(
  project: HostProject,
  emulator: RunningEmulator,
  registered: Registered,
): Promise<{ port: number[]; firstCheck: number[]; error?: string }> {
  const port: number[] = [];
  const firstCheck: number[] = [];
  for (let i = 0; i < COLD_START_RUNS; i++) {
    const started = performance.now();
    const host = await ProviderHost.start({ project });
    try {
      port.push(host.timings.portMs);
      await host.configure(stackConfig(emulator));
      await host.check({ urn: host.makeUrn("cold", registered.type), news: registered.inputs });
      firstCheck.push(performance.now() - started);
    } catch (err) {
      return { port, firstCheck, error: err instanceof Error ? err.message : String(err) };
    } finally {
      await host.close();
    }
  }
  return { port, firstCheck };
}

interface CallCounts {
  reads: number;
  writes: number;
}

function countCalls(emulator: RunningEmulator): CallCounts {
  const requests = emulator.store.requestLog.list();
  const reads = requests.filter((r) => r.method === "GET").length;
  return { reads, writes: requests.length - reads };
}

/** API calls per operation, each operation on a fresh host as each `pulumi` command starts one. */
async function measureCalls(
  project: HostProject,
  emulator: RunningEmulator,
  c: BenchCase,
  registered: Registered,
  updateInputs: PropertyMap,
): Promise<Record<string, CallCounts | string>> {
  const counts: Record<string, CallCounts | string> = {};
  let host: ProviderHost | undefined;
  const stack = new HostedStack(() => {
    if (host === undefined) throw new Error("no host");
    return host;
  });
  const urn = `urn:pulumi:bench::${project.project}::${registered.type}::bench-${c.className}`;
  const step = async (label: string, run: () => Promise<unknown>): Promise<void> => {
    host = await ProviderHost.start({ project });
    try {
      await host.configure(stackConfig(emulator));
      emulator.store.requestLog.clear();
      await run();
      counts[label] = countCalls(emulator);
    } catch (err) {
      counts[label] = `failed: ${(err instanceof Error ? err.message : String(err)).split("\n")[0]}`;
    } finally {
      await host.close();
    }
  };
  emulator.store.reset();
  await step("create", () => stack.up(urn, registered.inputs));
  await step("preview (no-op)", () => stack.preview(urn, registered.inputs));
  await step("up (no-op)", () => stack.up(urn, registered.inputs));
  await step("update", () => stack.up(urn, updateInputs));
  await step("refresh", () => stack.refresh(urn));
  await step("destroy", () => stack.destroy(urn));
  return counts;
}

function formatCounts(value: CallCounts | string | undefined): string {
  if (value === undefined) return "n/a";
  if (typeof value === "string") return value;
  return `${value.reads} GET + ${value.writes} write`;
}

/** Runs every resource benchmark and prints its figures. */
export async function benchResources(): Promise<void> {
  const project = createHostProject({ project: "acns-bench" });
  const emulator = await startEmulator({ seed: loadSeed() });
  try {
    console.log("# resource benchmarks (Pulumi's dynamic-provider host, emulator on loopback)");
    const registered = await registerCases(project);
    const updates = await runSerializeJobs(
      project,
      CASES.map((c) => ({
        kind: "resource" as const,
        module: c.module ?? PACKAGE_NAME,
        exportName: c.className,
        name: `bench-${c.className}`,
        args: c.updateArgs,
      })),
    );

    console.log(`\n## serialized provider (__provider) per resource; goal <= ${SIZE_GOAL_BYTES} bytes`);
    console.log("| resource | bytes | goal | register under mocks |");
    console.log("| --- | ---: | --- | ---: |");
    for (const c of CASES) {
      const r = registered.get(c.className);
      if (r === undefined || typeof r === "string") {
        console.log(`| ${c.label ?? c.className} | n/a | - | ${r ?? "n/a"} |`);
        continue;
      }
      const verdict = r.providerBytes <= SIZE_GOAL_BYTES ? "met" : "MISSED";
      console.log(
        `| ${c.label ?? c.className} | ${r.providerBytes} | ${verdict} | ${r.registerMs.toFixed(0)} ms |`,
      );
    }

    console.log(`\n## provider-host cold start (${COLD_START_RUNS} fresh hosts per resource)`);
    console.log("| resource | spawn -> port printed | spawn -> first Configure + Check answered |");
    console.log("| --- | --- | --- |");
    for (const c of CASES) {
      const r = registered.get(c.className);
      if (r === undefined || typeof r === "string") {
        console.log(`| ${c.label ?? c.className} | n/a | n/a |`);
        continue;
      }
      const cold = await measureColdStart(project, emulator, r);
      console.log(
        `| ${c.label ?? c.className} | ${stats(cold.port)} | ${cold.error === undefined ? stats(cold.firstCheck) : `failed: ${cold.error.split("\n")[0]}`} |`,
      );
    }

    console.log("\n## Cloudflare API calls per operation (emulator request log; each step on a fresh host)");
    const labels = ["create", "preview (no-op)", "up (no-op)", "update", "refresh", "destroy"];
    console.log(`| resource | ${labels.join(" | ")} |`);
    console.log(`| --- | ${labels.map(() => "---").join(" | ")} |`);
    for (const [i, c] of CASES.entries()) {
      const r = registered.get(c.className);
      const update = updates[i];
      const updateInputs =
        update?.kind === "resource" && update.registrations[0] !== undefined
          ? update.registrations[0].inputs
          : undefined;
      if (r === undefined || typeof r === "string" || updateInputs === undefined) {
        console.log(`| ${c.label ?? c.className} | ${labels.map(() => "n/a").join(" | ")} |`);
        continue;
      }
      const counts = await measureCalls(project, emulator, c, r, updateInputs);
      console.log(
        `| ${c.label ?? c.className} | ${labels.map((l) => formatCounts(counts[l])).join(" | ")} |`,
      );
    }
    console.log(
      "\ngoals: up (no-op) makes 0 writes; refresh makes 1 GET per resource (a ZoneAcnsBinding's refresh adds its " +
        "account's name listing once per process, shared by every binding of the account)",
    );
  } finally {
    await emulator.stop();
    project.remove();
  }
}

if (require.main === module) {
  benchResources().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
