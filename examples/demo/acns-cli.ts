/**
 * Runs the built `acns` binary (dist/cli/main.js, what `npx acns` starts) as a child process, with
 * the credentials in its environment as a CI job would set them and nothing else of ours: the
 * caller's own CLOUDFLARE_* variables never reach it.
 */
import { spawn } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../provider/testing";

/** What one run printed (stdout and stderr in the order they arrived) and its exit code. */
export interface AcnsRun {
  output: string;
  exitCode: number;
}

/** How long one command may take before the demo gives up on it. */
const ACNS_TIMEOUT_MS = 30_000;

/** Runs `acns <args>` from the repository root. */
export function runAcns(
  args: readonly string[],
  credentials: { apiToken: string; baseUrl: string },
): Promise<AcnsRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(PACKAGE_ROOT, "dist", "cli", "main.js"), ...args], {
      cwd: PACKAGE_ROOT,
      env: {
        PATH: process.env.PATH ?? "/usr/bin:/bin",
        HOME: process.env.HOME ?? PACKAGE_ROOT,
        CLOUDFLARE_API_TOKEN: credentials.apiToken,
        CLOUDFLARE_BASE_URL: credentials.baseUrl,
      },
      stdio: ["ignore", "pipe", "pipe"],
      timeout: ACNS_TIMEOUT_MS,
    });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === null) reject(new Error(`acns ${args.join(" ")} was stopped by ${String(signal)}`));
      else resolve({ output, exitCode: code });
    });
  });
}
