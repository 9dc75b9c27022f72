/**
 * The one place that finds a `pulumi` CLI, for the demo, the tests and the benchmarks: in the order
 * scripts/pulumi-cli.sh picks one, minus its build step (a cold build takes minutes):
 *   1. the first `pulumi` on PATH, when it is compatible;
 *   2. else the script's cache (`$ACNS_PULUMI_CACHE`, default `~/.cache/acns-pulumi-cli`), when complete.
 * Compatible: v3, not older than the release of our pinned @pulumi/pulumi.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** The release scripts/pulumi-cli.sh builds (our pinned @pulumi/pulumi). */
export const PINNED_PULUMI_VERSION = "3.259.0";

/** A usable CLI. */
export interface PulumiCliLocation {
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

/** A compatible CLI on PATH, else in the cache (see the order above), or undefined; never builds, never downloads. */
export function findPulumiCli(env: NodeJS.ProcessEnv = process.env): PulumiCliLocation | undefined {
  const onPath = (env.PATH ?? "").split(":").find((dir) => dir !== "" && existsSync(join(dir, "pulumi")));
  const found = onPath === undefined ? undefined : probe(onPath, "PATH", env);
  if (found !== undefined) return found;
  const cached = join(resolvePulumiCacheRoot(env), "bin");
  // The script writes both binaries before it calls the cache complete.
  if (!existsSync(join(cached, "pulumi-resource-pulumi-nodejs"))) return undefined;
  return probe(cached, "cache", env);
}

/** Runs `pulumi version` in `binDir`; undefined when it fails or is not compatible. */
function probe(
  binDir: string,
  source: PulumiCliLocation["source"],
  env: NodeJS.ProcessEnv,
): PulumiCliLocation | undefined {
  const run = spawnSync(join(binDir, "pulumi"), ["version"], {
    env: { ...env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    encoding: "utf8",
    timeout: 30_000,
  });
  const version = `${run.stdout ?? ""}`.trim().split("\n").pop()?.trim().replace(/^v/, "");
  if (run.status !== 0 || version === undefined || !isCompatibleVersion(version)) return undefined;
  return { binDir, version, source };
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

/**
 * The YAML language host beside the `pulumi` in `binDir`, or undefined when there is none. The CLI
 * runs `runtime: yaml` programs with the one it finds there (and warns on every step about one found
 * elsewhere on PATH); scripts/pulumi-cli.sh links its build there, and Pulumi's releases ship one.
 */
export function findYamlLanguageHost(binDir: string): string | undefined {
  const host = join(binDir, "pulumi-language-yaml");
  try {
    accessSync(host, constants.X_OK); // follows the script's link; a dangling one fails
    return host;
  } catch {
    return undefined;
  }
}

/** Inputs of {@link createPulumiEnv}. */
export interface PulumiEnvOptions {
  /** The directory holding `pulumi` and `pulumi-resource-pulumi-nodejs`. */
  binDir: string;
  /** A temp dir for the `file://` backend and PULUMI_HOME. */
  stateDir: string;
  /** What NODE_PATH must hold so the dynamic-provider plugin resolves this package's dependencies. */
  nodePath: string;
  /** The stack's secrets passphrase. @default "acns-test" */
  passphrase?: string;
}

/**
 * The environment under which the Automation API runs the CLI offline (pass it as `envVars`): a
 * `file://` backend and PULUMI_HOME in a temp dir, no update check, and NODE_PATH so the
 * dynamic-provider plugin resolves `@pulumi/pulumi` and this package.
 */
export function createPulumiEnv(options: PulumiEnvOptions): Record<string, string> {
  return {
    PATH: `${options.binDir}:${process.env.PATH ?? ""}`,
    PULUMI_BACKEND_URL: `file://${options.stateDir}`,
    PULUMI_HOME: join(options.stateDir, "home"),
    PULUMI_CONFIG_PASSPHRASE: options.passphrase ?? "acns-test",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    NODE_PATH: options.nodePath,
  };
}
