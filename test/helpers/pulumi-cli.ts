/**
 * Obtaining the Pulumi CLI through scripts/pulumi-cli.sh, which builds it when Go is there (finding
 * one, and the environment to run it offline, are provider/testing's `findPulumiCli` and
 * `createPulumiEnv`). See docs/decisions/003-pulumi-cli-from-go-proxy.md.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { isCiEnvironment } from "../../provider/cli/io";
import { findPulumiCli, PINNED_PULUMI_VERSION } from "../../provider/testing/pulumi-cli";

/** The CLI release of our pinned `@pulumi/pulumi` (scripts/pulumi-cli.sh builds this one). */
export const PULUMI_CLI_VERSION = `v${PINNED_PULUMI_VERSION}`;

const REPO_ROOT = resolve(__dirname, "..", "..");
/** The script that finds or builds the CLI. */
export const PULUMI_CLI_SCRIPT = join(REPO_ROOT, "scripts", "pulumi-cli.sh");

/** What {@link obtainPulumiCli} found: the CLI's directory, or why the tier is skipped. */
export type PulumiCliResolution =
  { kind: "found"; binDir: string; log: string } | { kind: "skip"; reason: string };

/** How to turn the real-engine tier on, for skip and failure messages. */
export const ENABLE_HINT =
  `install Go >= 1.25 (scripts/pulumi-cli.sh then builds pulumi ${PULUMI_CLI_VERSION} from the Go module ` +
  `proxy into ~/.cache/acns-pulumi-cli, a few minutes once) or put pulumi ${PULUMI_CLI_VERSION} on PATH`;

/**
 * Runs scripts/pulumi-cli.sh (which reuses a built CLI, else builds it when Go is there) and
 * returns its bin directory. Without Go and without `pulumi` the tier is skipped, except under
 * `CI=true`, where every way of not getting the CLI throws: CI must run this tier, not skip it.
 */
export function obtainPulumiCli(
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): PulumiCliResolution {
  const env = options.env ?? process.env;
  const ci = isCiEnvironment(env);
  const hasGo = isOnPath("go", env);
  if (!ci && !hasGo && findPulumiCli(env) === undefined) {
    return { kind: "skip", reason: `no pulumi CLI and no Go on this machine; to run it, ${ENABLE_HINT}` };
  }
  // A cold build takes minutes (3 min 39 s measured on 2 shared cores); allow well beyond that.
  const timeoutMs = options.timeoutMs ?? 20 * 60_000;
  const run = spawnSync("bash", [PULUMI_CLI_SCRIPT, "bin"], {
    env,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 16 * 1024 * 1024,
  });
  const log = `${run.stderr ?? ""}`.trim();
  const lines = `${run.stdout ?? ""}`.trim().split("\n");
  const binDir = lines[lines.length - 1]?.trim() ?? "";
  if (run.error !== undefined || run.status !== 0 || binDir === "" || !existsSync(join(binDir, "pulumi"))) {
    const why =
      run.error !== undefined
        ? run.error.message
        : run.status !== 0
          ? `exit code ${String(run.status)}`
          : `no pulumi in ${JSON.stringify(binDir)}`;
    throw new Error(
      `scripts/pulumi-cli.sh could not provide the Pulumi CLI (${why}); ${ENABLE_HINT}\n${log}`.trim(),
    );
  }
  return { kind: "found", binDir, log };
}

function isOnPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? "").split(":").some((dir) => dir !== "" && existsSync(join(dir, command)));
}
