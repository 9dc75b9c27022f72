/**
 * Serializes providers exactly as `pulumi.dynamic.Resource` does
 * (`serializeFunction(() => provider, {allowSecrets: true})`, the text stored under `__provider`),
 * in a worker process started in the project directory.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { extname, join } from "node:path";
import type { HostProject } from "./project";
import type { PropertyMap } from "./properties";
import {
  SerializeResponse,
  type Registration,
  type SerializeJob,
  type SerializeResult,
} from "./serialize-protocol";

// Beside this file: serialize-worker.js once built, serialize-worker.ts (run through tsx) from source.
const WORKER = join(__dirname, `serialize-worker${extname(__filename)}`);
const WORKER_LOADER = extname(__filename) === ".ts" ? ["--require", require.resolve("tsx/cjs")] : [];
// Loading tsx, the SDK and the package takes a few seconds on a busy 2-core machine.
const WORKER_TIMEOUT_MS = 60_000;

/** Runs jobs in one worker process; results are in job order. */
export async function runSerializeJobs(
  project: HostProject,
  jobs: SerializeJob[],
  stack = "test",
): Promise<SerializeResult[]> {
  const scratch = mkdtempSync(join(project.dir, ".serialize-"));
  try {
    const out = join(scratch, "out.json");
    const requestPath = join(scratch, "request.json");
    writeFileSync(requestPath, JSON.stringify({ project: project.project, stack, jobs, out }));
    await new Promise<void>((resolve, reject) => {
      execFile(
        process.execPath,
        [...WORKER_LOADER, WORKER, requestPath],
        {
          cwd: project.dir,
          env: { ...process.env, NODE_PATH: project.nodePath },
          timeout: WORKER_TIMEOUT_MS,
          maxBuffer: 16 * 1024 * 1024,
        },
        (err, _stdout, stderr) =>
          err === null ? resolve() : reject(new Error(`serialize worker failed: ${err.message}\n${stderr}`)),
      );
    });
    return SerializeResponse.parse(JSON.parse(readFileSync(out, "utf8"))).results;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function expectKind<K extends SerializeResult["kind"]>(
  result: SerializeResult | undefined,
  kind: K,
): Extract<SerializeResult, { kind: K }> {
  if (result === undefined) throw new Error("serialize worker returned fewer results than jobs");
  if (result.kind === "error") throw new Error(`serialization failed: ${result.message}`);
  if (result.kind !== kind) throw new Error(`serialize worker answered ${result.kind}, expected ${kind}`);
  return result as Extract<SerializeResult, { kind: K }>;
}

/** The `__provider` text for a provider object exported by `module` as `exportName`. */
export async function serializeProvider(
  project: HostProject,
  module: string,
  exportName: string,
): Promise<string> {
  const [result] = await runSerializeJobs(project, [{ kind: "provider", module, exportName }]);
  return expectKind(result, "provider").text;
}

/**
 * Constructs `new exportName(name, args)` from `module` under mocks and returns the one dynamic
 * resource it registers (type, name, inputs with `__provider`).
 */
export async function registerResource(
  project: HostProject,
  module: string,
  exportName: string,
  name: string,
  args: PropertyMap,
): Promise<Registration> {
  const [result] = await runSerializeJobs(project, [{ kind: "resource", module, exportName, name, args }]);
  const { registrations } = expectKind(result, "resource");
  const [only, ...rest] = registrations;
  if (only === undefined || rest.length > 0) {
    throw new Error(`expected one dynamic resource from ${exportName}, got ${registrations.length}`);
  }
  return only;
}
