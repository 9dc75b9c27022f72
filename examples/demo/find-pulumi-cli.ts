/**
 * Finds a `pulumi` CLI the demo can use without building one: scripts/pulumi-cli.sh's answer minus
 * its build step (a cold build takes minutes; the demo must take under one). Same order as the
 * script: a compatible `pulumi` on PATH, else the script's cache. Compatible: v3, not older than
 * the release of our pinned @pulumi/pulumi.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { PulumiCommand } from "@pulumi/pulumi/automation";

/** The release scripts/pulumi-cli.sh builds (our pinned @pulumi/pulumi). */
export const PINNED_PULUMI_VERSION = "3.259.0";

/** A usable CLI. */
export interface PulumiCliLocation {
  command: PulumiCommand;
  /** The directory holding `pulumi`, to put first on the CLI's PATH (its plugins sit beside it). */
  binDir: string;
  /** What `pulumi version` said, e.g. `3.259.0`. */
  version: string;
  /** Where it was found. */
  source: "PATH" | "cache";
}

/** The cache scripts/pulumi-cli.sh builds into: `<root>/v<version>`, the binaries in its `bin/`. */
export function resolvePulumiCacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot =
    env.ACNS_PULUMI_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "acns-pulumi-cli");
  return join(cacheRoot, `v${PINNED_PULUMI_VERSION}`);
}

/** A compatible CLI on PATH or in the cache, or undefined; never builds, never downloads. */
export async function findPulumiCli(
  env: NodeJS.ProcessEnv = process.env,
): Promise<PulumiCliLocation | undefined> {
  const onPath = findOnPath(env.PATH ?? "");
  if (onPath !== undefined) {
    // Without a root the Automation API runs `pulumi` from PATH: the one found here.
    const found = await probe(onPath, "PATH", undefined);
    if (found !== undefined) return found;
  }
  const cached = resolvePulumiCacheRoot(env);
  // The script writes both binaries before it calls the cache complete.
  if (!existsSync(join(cached, "bin", "pulumi-resource-pulumi-nodejs"))) return undefined;
  return probe(join(cached, "bin"), "cache", cached);
}

function findOnPath(path: string): string | undefined {
  return path
    .split(":")
    .filter((dir) => dir !== "")
    .find((dir) => existsSync(join(dir, "pulumi")));
}

/**
 * Runs `pulumi version` through the Automation API (which also checks its own minimum); `root`
 * holds `bin/pulumi`, or is undefined for the `pulumi` on PATH.
 */
async function probe(
  binDir: string,
  source: PulumiCliLocation["source"],
  root: string | undefined,
): Promise<PulumiCliLocation | undefined> {
  let command: PulumiCommand;
  try {
    command = await PulumiCommand.get(root === undefined ? {} : { root });
  } catch {
    return undefined;
  }
  const version = command.version?.version;
  if (version === undefined || !isCompatibleVersion(version)) return undefined;
  return { command, binDir, version, source };
}

/** v3 and not older than {@link PINNED_PULUMI_VERSION} (pre-release tags ignored). */
export function isCompatibleVersion(version: string): boolean {
  const parse = (v: string): number[] => v.split(/[.-]/).slice(0, 3).map(Number);
  const [a, b] = [parse(version), parse(PINNED_PULUMI_VERSION)];
  if (a[0] !== 3) return false;
  for (let i = 0; i < 3; i++) {
    const [x, y] = [a[i] ?? 0, b[i] ?? 0];
    if (x !== y) return x > y;
  }
  return true;
}
