/**
 * `useRuntime()`: the resources' run-time module as the provider host loads it (by package name,
 * from dist/), configured against the test file's emulator before each test with a fresh session.
 *
 * The serialized providers require `pulumi-cloudflare-acns/runtime`, which resolves (by package
 * self-reference) to dist/resources/runtime.js: the tests exercise the built code, so they refuse
 * to run on a dist/ older than the sources (`npm run build` first).
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "../../provider/resources/runtime";
import type { EmulatorAccess } from "../helpers/use-emulator";
import { ACME, SMALL, TOKEN, ZONES } from "../emulator/fixtures";

/** The entitled account of examples/seed.json, its admin token and its zones. */
export const ACCOUNT = ACME;
export { TOKEN, ZONES };
/** The account without the ACNS entitlement. */
export const SMALL_ACCOUNT = SMALL;

const REPO = join(__dirname, "..", "..");

/** Throws when a source of the layers the run-time module uses is newer than its build. */
export function assertFreshBuild(): void {
  const stale: string[] = [];
  for (const layer of ["core", "client", "resources"]) {
    const dir = join(REPO, "provider", layer);
    for (const file of readdirSync(dir)) {
      if (!file.endsWith(".ts") || file.endsWith(".d.ts")) continue;
      const built = join(REPO, "dist", layer, file.replace(/\.ts$/, ".js"));
      let builtAt: number;
      try {
        builtAt = statSync(built).mtimeMs;
      } catch {
        stale.push(`${layer}/${file} (not built)`);
        continue;
      }
      if (statSync(join(dir, file)).mtimeMs > builtAt) stale.push(`${layer}/${file}`);
    }
  }
  if (stale.length > 0) {
    throw new Error(`dist/ is older than ${stale.join(", ")}; run \`npm run build\` before these tests`);
  }
}

/** A `ConfigureRequest` as the provider host builds it, over a plain map of namespaced keys. */
export function makeConfigureRequest(values: Record<string, string>): pulumi.dynamic.ConfigureRequest {
  return {
    config: {
      get: (key: string) => values[key],
      require: (key: string) => {
        const value = values[key];
        if (value === undefined) throw new Error(`Missing required configuration key: ${key}`);
        return value;
      },
    },
  };
}

/** Config that points the resources at the emulator, fast: no pacing wait, quick retries. */
export function emulatorConfig(url: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    "cloudflare:apiToken": TOKEN,
    "cloudflare:baseUrl": url,
    "cloudflare-acns:requestsPerSecond": "1000",
    "cloudflare-acns:burst": "1000",
    "cloudflare-acns:maxAttempts": "3",
    "cloudflare-acns:retryBaseDelayMs": "1",
    "cloudflare-acns:timeoutMs": "5000",
    ...extra,
  };
}

/** The run-time module as the provider host loads it. */
export function loadRuntime(): typeof Runtime {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded by name exactly as the host does
  return require("pulumi-cloudflare-acns/runtime") as typeof Runtime;
}

/**
 * Before each test: a fresh session configured for the emulator (`emulatorConfig`), the request
 * log cleared. `configure(extra)` reconfigures within a test.
 */
export function useRuntime(emulator: EmulatorAccess): {
  readonly runtime: typeof Runtime;
  configure(extra?: Record<string, string>): Promise<void>;
} {
  assertFreshBuild();
  const runtime = loadRuntime();
  const configure = async (extra: Record<string, string> = {}): Promise<void> => {
    runtime.resetSession();
    await runtime.configure(makeConfigureRequest(emulatorConfig(emulator.url, extra)));
  };
  beforeEach(async () => {
    await configure();
  });
  afterAll(() => {
    runtime.resetSession();
  });
  return { runtime, configure };
}

/** Requests the emulator logged, as `METHOD /template` -> count. */
export function countRequests(emulator: EmulatorAccess): Record<string, number> {
  return emulator.store.requestLog.count();
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function catchError(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof Error) return err;
    throw new Error(`rejected with a non-Error: ${String(err)}`);
  }
  throw new Error("expected a rejection, but the promise resolved");
}
