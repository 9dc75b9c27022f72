/**
 * What `acns drift` and `acns validate --live` cost on big accounts: API requests and minutes at
 * Cloudflare's default limit (1200 requests per 300 s, the client's default 4 requests/s). Prints
 * figures; asserts nothing.
 *
 * 1. Counts the requests of each command against the emulator for small generated accounts (every
 *    zone on set 1 and listed in the file, the case of an account managed wholly by one file), and
 *    checks them against the formula the code follows (provider/client/account-state.ts):
 *    drift `3 + ⌈zones/50⌉ + listed zones`, validate --live `2 + ⌈zones/50⌉ + zones read`.
 * 2. Runs `acns drift` on a 10,000-zone account (the built CLI in a child process) against an
 *    emulator with Cloudflare's real limit, time-compressed (`timeScale`), with the client's pace
 *    scaled alike, and reports the emulated minutes: the real pace including the pacer's braking
 *    near the end of each window, which the division by 4/s leaves out.
 *
 * Run: `npx tsx bench/cli.ts` (needs `npm run build`; `npm run bench` does both).
 * `BENCH_CLI_ZONES` (default 10000) sizes the timed run, `BENCH_CLI_TIME_SCALE` (default 60) its clock.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type RunningEmulator } from "../provider/emulator";

const ROOT = join(__dirname, "..");
const MAIN = join(ROOT, "dist", "cli", "main.js");
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const TOKEN = "bench-cli-token";
const RATE = 4;

function zoneName(i: number): string {
  return `zone-${i}.example`;
}

function makeSeed(zones: number): object {
  return {
    accounts: [{ id: ACCOUNT, name: "Bench", acnsEntitled: true }],
    nameservers: ["ns1.bench.example", "ns2.bench.example"].map((ns_name) => ({
      accountId: ACCOUNT,
      ns_name,
      ns_set: 1,
    })),
    zones: Array.from({ length: zones }, (_, i) => ({
      id: (i + 1).toString(16).padStart(32, "0"),
      name: zoneName(i),
      accountId: ACCOUNT,
      nameservers: { type: "custom.account", ns_set: 1 },
    })),
    tokens: [{ value: TOKEN, accountIds: [ACCOUNT] }],
  };
}

function makeFile(zones: number): string {
  return JSON.stringify({
    accountId: ACCOUNT,
    sets: [{ nsSet: 1, nameservers: ["ns1.bench.example", "ns2.bench.example"] }],
    zones: Array.from({ length: zones }, (_, i) => ({ name: zoneName(i), nsSet: 1 })),
  });
}

function runCli(
  args: string[],
  emulator: RunningEmulator,
): Promise<{ code: number | null; stdout: string; seconds: number }> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      env: { PATH: process.env.PATH ?? "", CLOUDFLARE_BASE_URL: emulator.url, CLOUDFLARE_API_TOKEN: TOKEN },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) =>
      resolve({ code, stdout, seconds: Number(process.hrtime.bigint() - started) / 1e9 }),
    );
  });
}

/** The requests each command sends for an account of `zones` zones, all on ACNS and all in the file. */
export function expectedRequests(command: "drift" | "validate", zones: number): number {
  const pages = Math.max(1, Math.ceil(zones / 50));
  return command === "drift" ? 3 + pages + zones : 2 + pages + zones;
}

function formatMinutes(seconds: number): string {
  const minutes = seconds / 60;
  return minutes < 120 ? `${minutes.toFixed(1)} min` : `${(minutes / 60).toFixed(1)} h`;
}

async function countRequests(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "acns-bench-cli-"));
  try {
    for (const zones of [120, 260]) {
      const emulator = await startEmulator({ port: 0, seed: makeSeed(zones) });
      try {
        const file = join(dir, `acns-${zones}.json`);
        writeFileSync(file, makeFile(zones));
        for (const command of ["drift", "validate"] as const) {
          const args =
            command === "drift"
              ? ["drift", file, "--json", "--requests-per-second", "1000"]
              : ["validate", file, "--live", "--json", "--requests-per-second", "1000"];
          const run = await runCli(args, emulator);
          const body = JSON.parse(run.stdout) as { requests: number };
          const expected = expectedRequests(command, zones);
          console.log(
            `${command.padEnd(8)} ${String(zones).padStart(4)} zones: ${body.requests} requests ` +
              `(formula ${expected}${body.requests === expected ? ", matches" : ", DIFFERS"}), exit ${String(run.code)}`,
          );
        }
      } finally {
        await emulator.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("\nAt the default limit (4 requests/s, 1200 per 300 s), every zone on ACNS and in the file:");
  for (const zones of [10_000, 100_000]) {
    for (const command of ["drift", "validate"] as const) {
      const requests = expectedRequests(command, zones);
      const label = command === "drift" ? "acns drift" : "acns validate --live";
      console.log(
        `  ${label.padEnd(21)} ${zones.toLocaleString("en-US").padStart(7)} zones: ` +
          `${requests.toLocaleString("en-US")} requests, ${formatMinutes(requests / RATE)} at 4/s`,
      );
    }
  }
}

async function timeDrift(): Promise<void> {
  const zones = Number(process.env.BENCH_CLI_ZONES ?? 10_000);
  const timeScale = Number(process.env.BENCH_CLI_TIME_SCALE ?? 60);
  const dir = mkdtempSync(join(tmpdir(), "acns-bench-cli-"));
  const emulator = await startEmulator({ port: 0, seed: makeSeed(zones), timeScale });
  try {
    const file = join(dir, "acns.json");
    writeFileSync(file, makeFile(zones));
    const pace = String(RATE * timeScale);
    const run = await runCli(["drift", file, "--json", "--requests-per-second", pace], emulator);
    const body = JSON.parse(run.stdout) as { requests: number; drift: boolean };
    const limited = emulator.store.requestLog.list().filter((x) => x.status === 429).length;
    const emulated = run.seconds * timeScale;
    console.log(
      `\nMeasured: acns drift, ${zones.toLocaleString("en-US")} zones, Cloudflare's limit at timeScale ${timeScale} ` +
        `(client pace ${pace}/s = 4/s emulated): ${body.requests.toLocaleString("en-US")} requests, ` +
        `${run.seconds.toFixed(1)} s real = ${formatMinutes(emulated)} emulated ` +
        `(${((body.requests / emulated / RATE) * 100).toFixed(1)} % of 4/s), ${limited} answered 429, exit ${String(run.code)}`,
    );
  } finally {
    await emulator.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both parts, as `npm run bench` runs them. */
export async function benchCli(): Promise<void> {
  await countRequests();
  await timeDrift();
}

if (require.main === module) {
  benchCli().catch((err: unknown) => {
    console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    process.exit(1);
  });
}
