/**
 * The built command (`node dist/cli/main.js`) as a user runs it: real process, real exit code,
 * real stdout/stderr. Needs `npm run build` first (`npm test` does it).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { DriftExitCode, ValidateExitCode } from "../../provider/cli/exit-codes";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";
import { ROOT, SECRETS, useCli } from "./use-cli";

jest.setTimeout(60_000);

const MAIN = join(ROOT, "dist", "cli", "main.js");
const cli = useCli();

function runBuilt(
  args: string[],
  env: Record<string, string>,
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
