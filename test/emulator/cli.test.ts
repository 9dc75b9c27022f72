import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Cloudflare from "cloudflare";
import { ACME, SEED_PATH, TOKEN, zoneId } from "./fixtures";

// Each case starts the real command in a child process (through tsx, so no build is needed).
jest.setTimeout(60_000);

const ROOT = join(__dirname, "..", "..");
const TSX_CLI = require.resolve("tsx/cli");

interface CliRun {
  child: ChildProcess;
  firstLine: Promise<string>;
  exited: Promise<number | null>;
  stderr(): string;
}

function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [TSX_CLI, join(ROOT, "provider", "cli", "main.ts"), ...args], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const end = stdout.indexOf("\n");
      if (end >= 0) resolve(stdout.slice(0, end));
    });
    child.once("exit", () => reject(new Error(`exited before printing a line; stderr:\n${stderr}`)));
  });
  firstLine.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, firstLine, exited, stderr: () => stderr };
}

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

function start(args: string[]): CliRun {
  const run = runCli(args);
  running.push(run.child);
  return run;
}

describe("acns emulator", () => {
  it("prints its base URL first, serves the official SDK in both views, and stops cleanly on SIGTERM", async () => {
    const run = start(["emulator", "--seed", SEED_PATH]);
    const url = await run.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const cf = new Cloudflare({ apiToken: TOKEN, apiKey: null, apiEmail: null, baseURL: url, maxRetries: 0 });
    await cf.customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    await cf.customNameservers.create({ account_id: ACME, ns_name: "ns6.example.net", ns_set: 4 });
    expect((await cf.customNameservers.get({ account_id: ACME })).result.map((n) => n.ns_name)).toContain(
      "ns6.example.net",
    );
    await cf.zones.customNameservers.update({ zone_id: zoneId("example.net"), enabled: true, ns_set: 4 });
    expect((await cf.dns.settings.zone.get({ zone_id: zoneId("example.net") })).nameservers).toEqual({
      type: "custom.account",
      ns_set: 4,
    });
    await cf.dns.settings.zone.edit({
      zone_id: zoneId("example.net"),
      nameservers: { type: "cloudflare.standard" },
    });
    expect(await cf.zones.customNameservers.get({ zone_id: zoneId("example.net") })).toMatchObject({
      enabled: false,
    });
    await cf.customNameservers.delete("ns6.example.net", { account_id: ACME });
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("acns emulator: stopped (SIGTERM)");
  });

  it("stops cleanly on SIGINT and takes --rate-limit and --time-scale", async () => {
    const run = start(["emulator", "--seed", SEED_PATH, "--rate-limit", "1", "--time-scale", "300"]);
    const url = await run.firstLine;
    const headers = { Authorization: `Bearer ${TOKEN}` };
    const first = await fetch(`${url}/accounts/${ACME}/custom_ns`, { headers });
    const second = await fetch(`${url}/accounts/${ACME}/custom_ns`, { headers });
    expect([first.status, second.status, second.headers.get("retry-after")]).toEqual([200, 429, "1"]);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toContain("acns emulator: stopped (SIGINT)");
  });

  it("warns on stderr when it has no seed", async () => {
    const run = start(["emulator"]);
    await run.firstLine;
    expect(run.stderr()).toContain("acns emulator: no --seed given; serving no accounts, zones or tokens");
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
  });

  it("refuses a bad --port", async () => {
    const run = start(["emulator", "--port", "http"]);
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('--port must be an integer from 0 to 65535; got "http"');
  });

  it("refuses a broken seed file and says why", async () => {
    const dir = mkdtempSync(join(tmpdir(), "acns-cli-"));
    const file = join(dir, "seed.json");
    try {
      writeFileSync(file, JSON.stringify({ accounts: [{ id: "nope", name: "x" }] }));
      const run = start(["emulator", "--seed", file]);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(
        `acns: invalid seed ${file}:\n  - accounts[0].id must be 32 lowercase hex characters; got "nope"`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
