/**
 * A large stack at Cloudflare's rate limit, through the real Pulumi engine (issue 11): 2,000
 * `ZoneAcnsBinding`s plus their sets, created, updated with no changes, refreshed and destroyed
 * at the engine's default parallelism, against the emulator's enforced per-user budget (1,200
 * requests per 300 s, then the 5-minute lockout). Then two such stacks of one user at once, each
 * with its own token. Prints figures; asserts nothing.
 *
 * The emulator's clock runs `ACNS_BENCH_TIME_SCALE` times faster than real time (default 10) and
 * the provider's pace ceiling is scaled by the same factor (`cloudflare-acns:requestsPerSecond` =
 * 4 × scale), so a 300 s window passes in 30 s; every time printed in "emulated" seconds is what
 * the same run costs against Cloudflare when the budget, not the engine, sets the pace.
 *
 *   npm run build && npx tsx bench/engine-scale.ts            # 2,000 bindings (about 15 min)
 *   ACNS_BENCH_ZONES=200 npx tsx bench/engine-scale.ts        # a quick look
 *
 * `ACNS_BENCH_SKIP_CHECKPOINTS=1` runs the engine with `PULUMI_SKIP_CHECKPOINTS=true`: the
 * `file://` backend otherwise rewrites the whole state (about 7 KB per binding, 14 MB at 2,000)
 * after every step, which at this size makes the engine, not the budget, the bottleneck (measured:
 * 1,764 creates in 17 min, about 1.7 steps/s and falling). Skipping checkpoints isolates the
 * provider's pacing; never use it for real stacks, since a killed run then loses its state.
 * `ACNS_BENCH_PHASES=one|two|both` (default both) picks one stack, two stacks, or both.
 *
 * Needs the Pulumi CLI (scripts/pulumi-cli.sh provides it, as for the e2e tier) and dist/.
 */
import { createHash } from "node:crypto";
import { join } from "node:path";
import { startEmulator, type RunningEmulator, type SeedInput } from "../provider/emulator";
import { RateLimits } from "../provider/core/limits";
import type { CommandReport } from "../test/e2e/driver-protocol";
import { createPulumiStack, type PulumiStackSession } from "../test/e2e/pulumi-stack";
import { PACKAGE_ROOT } from "../provider/testing";
import { obtainPulumiCli } from "../test/helpers/pulumi-cli";

const ACCOUNT = "5ca1eb0000000000000000000000acc7";
const USER = "scale-ops";
const TOKENS = ["scale-token-a-7d1f", "scale-token-b-93c4"] as const;
const ZONES = readPositive("ACNS_BENCH_ZONES", 2000);
const TIME_SCALE = readPositive("ACNS_BENCH_TIME_SCALE", 10);
/** Cloudflare's pace, 4 requests per emulated second. */
const LIMIT_PER_SECOND = RateLimits.REQUESTS_PER_WINDOW / RateLimits.WINDOW_SECONDS;
const PROGRAM = join(PACKAGE_ROOT, "test", "e2e", "programs", "scale.ts");
const SKIP_CHECKPOINTS = process.env.ACNS_BENCH_SKIP_CHECKPOINTS === "1";
const PHASES = process.env.ACNS_BENCH_PHASES ?? "both";

function readPositive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!(value > 0)) throw new Error(`${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return value;
}

/** A zone id as Cloudflare writes them (32 lowercase hex), stable per name. */
function zoneIdOf(name: string): string {
  return createHash("md5").update(name).digest("hex");
}

function zoneName(stack: number, i: number): string {
  return `z${String(i).padStart(5, "0")}-s${stack}.scale.example`;
}

/** One stack's program: two sets of its own and `ZONES` bindings spread over them. */
function paramsFor(stack: number): Record<string, unknown> {
  const sets = [1, 2].map((k) => {
    const nsSet = stack * 2 + k;
    return { nsSet, nameservers: [`ns1.set${nsSet}.scale.example`, `ns2.set${nsSet}.scale.example`] };
  });
  const zones = Array.from({ length: ZONES }, (_, i) => ({
    zoneId: zoneIdOf(zoneName(stack, i)),
    nsSet: sets[i % 2]?.nsSet ?? 1,
  }));
  return { accountId: ACCOUNT, sets, zones };
}

function seedFor(stacks: number): SeedInput {
  return {
    accounts: [{ id: ACCOUNT, name: "Scale bench (ACNS entitled)", acnsEntitled: true }],
    zones: Array.from({ length: stacks }, (_, s) =>
      Array.from({ length: ZONES }, (_, i) => ({
        id: zoneIdOf(zoneName(s, i)),
        name: zoneName(s, i),
        accountId: ACCOUNT,
      })),
    ).flat(),
    users: [{ id: USER, email: "scale-ops@example.com", name: "Scale bench" }],
    tokens: TOKENS.map((value, i) => ({ name: `scale-${i}`, value, accountIds: [ACCOUNT], user: USER })),
  } as SeedInput;
}

function openStack(emulator: RunningEmulator, stack: number): PulumiStackSession {
  return createPulumiStack({
    projectName: `acns-scale-${stack}`,
    programModule: PROGRAM,
    params: paramsFor(stack),
    commandTimeoutMs: 4 * 60 * 60_000,
    env: (): Record<string, string> =>
      SKIP_CHECKPOINTS ? { PULUMI_SKIP_CHECKPOINTS: "true", PULUMI_EXPERIMENTAL: "true" } : {},
    config: () => ({
      "cloudflare:apiToken": { value: TOKENS[stack] ?? TOKENS[0], secret: true },
      "cloudflare:baseUrl": { value: emulator.url },
      "cloudflare-acns:requestsPerSecond": { value: String(LIMIT_PER_SECOND * TIME_SCALE) },
    }),
  });
}

interface Row {
  step: string;
  realMs: number;
  /** Emulated ms from the first request to the last: the stretch the budget paces. */
  apiSpanMs: number;
  requests: number;
  writes: number;
  tooMany: number;
  lockouts: number;
  failed: string[];
}

/** Runs `steps` (one per stack, at once) and measures them together from the emulator's log. */
async function measure(
  emulator: RunningEmulator,
  step: string,
  runs: (() => Promise<CommandReport>)[],
): Promise<Row> {
  emulator.store.requestLog.clear();
  const lockoutsBefore = emulator.store.rateLimiter.lockouts;
  const started = performance.now();
  const reports = await Promise.all(runs.map((run) => run()));
  const realMs = performance.now() - started;
  const log = emulator.store.requestLog.list();
  const times = log.map((r) => Date.parse(r.at));
  return {
    step,
    realMs,
    apiSpanMs: times.length < 2 ? 0 : Math.max(...times) - Math.min(...times),
    requests: log.length,
    writes: log.filter((r) => r.method !== "GET").length,
    tooMany: log.filter((r) => r.status === 429).length,
    lockouts: emulator.store.rateLimiter.lockouts - lockoutsBefore,
    failed: reports
      .filter((r) => !r.succeeded)
      .map((r) => `${r.command}: ${(r.error ?? "").split("\n").slice(-3).join(" ")}`),
  };
}

function printHeader(title: string): void {
  console.log(`\n## ${title}`);
  console.log(
    "| step | wall (real) | wall (emulated) | requests | writes | 429s | lockouts | physical minimum (requests ÷ 4/s) | fraction of the limit: whole command | while requests flow |",
  );
  console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
}

function printRow(r: Row): void {
  const emulatedS = (r.realMs / 1000) * TIME_SCALE;
  const minimumS = r.requests / LIMIT_PER_SECOND;
  console.log(
    `| ${r.step} | ${(r.realMs / 1000).toFixed(1)} s | ${formatDuration(emulatedS)} | ${r.requests} | ${r.writes} | ${r.tooMany} | ${r.lockouts} | ${formatDuration(minimumS)} | ${((minimumS / emulatedS) * 100).toFixed(1)} % | ${r.apiSpanMs > 0 ? `${((minimumS / (r.apiSpanMs / 1000)) * 100).toFixed(1)} %` : "n/a"} |`,
  );
  for (const f of r.failed) console.log(`|   FAILED: ${f.replace(/\|/g, "/")} | | | | | | | | | |`);
}

function formatDuration(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = Math.round(seconds - m * 60);
  return m > 0 ? `${m} min ${String(s).padStart(2, "0")} s` : `${s} s`;
}

async function lifecycle(
  emulator: RunningEmulator,
  stacks: PulumiStackSession[],
  title: string,
): Promise<void> {
  printHeader(title);
  const label = `${stacks.length} stack${stacks.length === 1 ? "" : "s"}`;
  const all = (f: (s: PulumiStackSession) => Promise<CommandReport>): (() => Promise<CommandReport>)[] =>
    stacks.map((s) => () => f(s));
  printRow(
    await measure(
      emulator,
      `${label}: up (create)`,
      all((s) => s.up()),
    ),
  );
  printRow(
    await measure(
      emulator,
      `${label}: up (no changes)`,
      all((s) => s.up({ expectNoChanges: true })),
    ),
  );
  printRow(
    await measure(
      emulator,
      `${label}: refresh`,
      all((s) => s.refresh()),
    ),
  );
  printRow(
    await measure(
      emulator,
      `${label}: destroy`,
      all((s) => s.destroy()),
    ),
  );
}

/** The benchmark: one stack, then two stacks of one user at once. */
export async function benchEngineScale(): Promise<void> {
  const cli = obtainPulumiCli();
  if (cli.kind === "skip") {
    console.log(`# engine at scale: skipped (${cli.reason})`);
    return;
  }
  console.log(
    `# ${ZONES} ZoneAcnsBindings + 2 sets per stack through the real Pulumi engine (default parallelism); ` +
      `emulator limit ${RateLimits.REQUESTS_PER_WINDOW}/${RateLimits.WINDOW_SECONDS} s per user with the lockout, ` +
      `time scale ${TIME_SCALE} (client ceiling ${LIMIT_PER_SECOND * TIME_SCALE}/s real = 4/s emulated)` +
      (SKIP_CHECKPOINTS ? "; PULUMI_SKIP_CHECKPOINTS=true" : "; checkpoints as by default"),
  );
  const emulator = await startEmulator({ seed: seedFor(2), timeScale: TIME_SCALE });
  const stacks = [openStack(emulator, 0), openStack(emulator, 1)];
  try {
    for (const s of stacks) await s.open(cli.binDir);
    const [first, second] = stacks as [PulumiStackSession, PulumiStackSession];
    if (PHASES !== "two") await lifecycle(emulator, [first], "one stack");
    // The first stack's windows must not count against the pair.
    emulator.store.rateLimiter.reset();
    if (PHASES !== "one")
      await lifecycle(emulator, [first, second], "two stacks of one user at once (two tokens)");
    console.log(
      "\ngoals: 0 failures, 0 lockouts, >= 90 % of the limit (one stack, and two stacks in total); " +
        "emulated = real × time scale, so the engine's fixed start-up (seconds) weighs time-scale times more " +
        "in the whole command than it would against Cloudflare: 'while requests flow' is the fraction over " +
        "the stretch from the first request to the last",
    );
  } finally {
    for (const s of stacks) await s.close();
    await emulator.stop();
  }
}

if (require.main === module) {
  benchEngineScale().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
