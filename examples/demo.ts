/**
 * `npm run demo`: the package end to end against the embedded Cloudflare API emulator (seeded with
 * examples/seed.json): `acns validate` rejecting a bad acns.yaml, the Pulumi lifecycle of
 * examples/basic with drift made behind its back, `acns drift` and `acns glue`, and a destroy that
 * leaves the account as seeded. See examples/demo/run-demo.ts for the story.
 *
 * Usage: tsx examples/demo.ts [--engine auto|pulumi|harness] [--report <file.json>]
 *   --engine  auto (default): the real `pulumi` CLI when scripts/pulumi-cli.sh has built it or one
 *             is on PATH (never builds it), else the provider-host harness; pulumi: the CLI or
 *             fail; harness: always the harness. ACNS_DEMO_ENGINE sets the default.
 *   --report  also write what the run found (engine, requests, time, final emulator state) as JSON.
 * Exit code 0 when every step did what the demo expects, 1 otherwise. Nothing reaches the internet.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runDemo, type EngineChoice } from "./demo/run-demo";

const ENGINES: readonly EngineChoice[] = ["auto", "pulumi", "harness"];
/** The shell's code for a run ended by Ctrl-C (128 + SIGINT). */
const INTERRUPTED = 130;
const INTERRUPT_GRACE_MS = 5000;

function readEngine(value: string | undefined): EngineChoice {
  const engine = value ?? "auto";
  const known = ENGINES.find((e) => e === engine);
  if (known === undefined) throw new Error(`--engine must be one of ${ENGINES.join(", ")}, not "${engine}"`);
  return known;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { engine: { type: "string" }, report: { type: "string" } },
    strict: true,
  });
  const engine = readEngine(values.engine ?? process.env.ACNS_DEMO_ENGINE);
  // A reader that stops early (`npm run demo | head`) must not cut the cleanup short: the run goes
  // on unseen and still removes what it made.
  process.stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
  const interrupt = new AbortController();
  // Every Ctrl-C after the first is ignored until the cleanup ends (npm passes the terminal's one
  // on, so the process gets it twice); the grace timer bounds the wait.
  process.on("SIGINT", () => {
    if (interrupt.signal.aborted) return;
    interrupt.abort();
    // Child processes got the same Ctrl-C; whatever still hangs after the cleanup is cut off.
    setTimeout(() => process.exit(INTERRUPTED), INTERRUPT_GRACE_MS).unref();
  });
  const result = await runDemo({ engine, writer: process.stdout, signal: interrupt.signal });
  if (values.report !== undefined) writeFileSync(values.report, `${JSON.stringify(result, null, 2)}\n`);
  if (interrupt.signal.aborted) return INTERRUPTED;
  return result.ok ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`demo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
