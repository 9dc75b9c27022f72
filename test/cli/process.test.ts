/**
 * The built command (`node dist/cli/main.js`) as a user runs it: real process, real exit code,
 * real stdout/stderr. Needs `npm run build` first (`npm test` does it).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DriftExitCode, ValidateExitCode } from "../../provider/cli/exit-codes";
import { DriftJson } from "../../provider/cli/json-output";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";
import { ROOT, SECRETS, useCli } from "./use-cli";

jest.setTimeout(60_000);

const MAIN = join(ROOT, "dist", "cli", "main.js");
const cli = useCli();

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function runBuilt(
  args: string[],
  env: Record<string, string>,
  whileRunning?: (child: ChildProcess) => Promise<void>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // Only what the command needs: no inherited CLOUDFLARE_* from the developer's shell.
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
    whileRunning?.(child).catch(reject);
  });
}

beforeAll(() => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing; run npm run build first`);
});

describe("node dist/cli/main.js", () => {
  it("validate prints the same as in-process and exits 1 on the bad example", async () => {
    const inProcess = await cli.run(["validate", "examples/acns-bad.yaml"]);
    const built = await runBuilt(["validate", "examples/acns-bad.yaml"], {});
    expect(built).toEqual({ code: ValidateExitCode.INVALID, stdout: inProcess.stdout, stderr: "" });
  });

  it("drift reads the emulator through the environment, exits 2 on drift, and prints no secret", async () => {
    cli.emulator.store.setZoneNameservers(zoneId("us.example.com"), { type: "custom.account", ns_set: 3 });
    const env = { CLOUDFLARE_BASE_URL: cli.emulator.url, CLOUDFLARE_API_TOKEN: TOKEN };
    const built = await runBuilt(
      ["drift", "examples/acns.yaml", "--json", "--requests-per-second", "1000"],
      env,
    );
    expect(built.code).toBe(DriftExitCode.DRIFT);
    expect(built.stderr).toBe("");
    const body = JSON.parse(built.stdout) as { differences: { code: string; subject: { name: string } }[] };
    expect(body.differences.map((d) => [d.code, d.subject.name])).toEqual([
      ["zone-in-other-set", "us.example.com"],
    ]);
    for (const secret of SECRETS) expect(built.stdout + built.stderr).not.toContain(secret);
    expect(cli.emulator.exchanges.filter((x) => x.path === `/accounts/${ACME}/custom_ns`)).toHaveLength(1);
  });
});

describe("node dist/cli/main.js into a pipe closed early (acns validate big.yaml | head -n 1)", () => {
  it("exits quietly with its exit code: no EPIPE, no stack trace", async () => {
    const zones = Array.from({ length: 3000 }, (_, i) => `  - name: z${i}.example.com\n    nsSet: 1\n`);
    const dir = cli.makeDir({
      "big.yaml": [
        `accountId: "${ACME}"`,
        "sets:",
        "  - nsSet: 1",
        "    nameservers: [ns1.example.net, ns2.example.net]",
        "zones:",
        "  - name: example.com",
        "    nsSet: 1",
        zones.join(""),
      ].join("\n"),
    });
    const built = await runBuilt(["validate", join(dir, "big.yaml")], {}, async (child) => {
      // The reader stops after the first line, as `head -n 1` does.
      child.stdout?.on("data", () => {
        if (!child.stdout?.destroyed) child.stdout?.destroy();
      });
    });
    expect(built.code).toBe(ValidateExitCode.INVALID);
    expect(built.stdout.split("\n")[0]).toMatch(
      /^.*big\.yaml:9:12: error\[hierarchy-conflict\] zones\[1\]\.nsSet: /,
    );
    expect(built.stderr).toBe("");
  });
});

describe("node dist/cli/main.js and Ctrl-C", () => {
  it("drift --json: the first SIGINT prints the partial result as JSON and exits 130", async () => {
    const { store } = cli.emulator;
    for (const name of ["shop.eu.example.com", "us.example.com"]) {
      store.faults.add({
        method: "GET",
        path: `/zones/${zoneId(name)}/dns_settings`,
        action: { kind: "latency", ms: 5000 },
      });
    }
    store.setZoneNameservers(zoneId("eu.example.com"), { type: "cloudflare.standard" });
    const env = { CLOUDFLARE_BASE_URL: cli.emulator.url, CLOUDFLARE_API_TOKEN: TOKEN };
    const fast = [zoneId("example.com"), zoneId("eu.example.com")].map((id) => `/zones/${id}/dns_settings`);
    const started = Date.now();
    const built = await runBuilt(
      ["drift", "examples/acns.yaml", "--json", "--requests-per-second", "1000"],
      env,
      async (child) => {
        // Both fast zones answered (and the answers had time to arrive), the slow two under way.
        while (fast.some((path) => !cli.emulator.exchanges.some((x) => x.path === path))) await sleep(10);
        await sleep(300);
        child.kill("SIGINT");
      },
    );
    expect(Date.now() - started).toBeLessThan(5000);
    expect(built.code).toBe(DriftExitCode.INTERRUPTED);
    expect(built.stderr).toBe(
      "acns drift: interrupted (Ctrl-C): no more requests; printing the result over what was read (Ctrl-C again quits at once)\n",
    );
    expect(DriftJson.parse(JSON.parse(built.stdout))).toEqual<DriftJson>({
      file: "examples/acns.yaml",
      drift: true,
      accounts: [ACME],
      differences: [
        {
          code: "zone-off-acns",
          accountId: ACME,
          subject: { kind: "zone", name: "eu.example.com" },
          desired: { type: "custom.account", nsSet: 2 },
          live: { type: "cloudflare.standard", nsSet: null },
          message:
            'zone "eu.example.com" is not on account custom nameservers (its nameservers are "cloudflare.standard"), ' +
            "the file puts it on ns_set 2; apply the file, or remove the zone from the file",
        },
      ],
      requests: 6,
      partial: true,
      interrupted: { zonesRead: 2, zonesToRead: 4, accountsNotRead: [] },
    });
  });

  it("a second SIGINT ends the process at once, killed by the signal", async () => {
    const script = [
      `const { processInterrupts } = require(${JSON.stringify(join(ROOT, "dist", "cli", "interrupt.js"))});`,
      'processInterrupts(() => process.stdout.write("first\\n"));',
      'process.stdout.write("ready\\n");',
      "setInterval(() => undefined, 1000);",
    ].join("\n");
    const child = spawn(process.execPath, ["-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    const closed = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once("close", (code, signal) => resolve({ code, signal })),
    );
    const waitFor = async (text: string): Promise<void> => {
      while (!stdout.includes(text)) await sleep(10);
    };
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    await waitFor("ready\n");
    child.kill("SIGINT");
    await waitFor("first\n");
    child.kill("SIGINT");
    expect(await closed).toEqual({ code: null, signal: "SIGINT" });
    expect(stdout).toBe("ready\nfirst\n");
  });
});
