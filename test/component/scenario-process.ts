/**
 * `runScenario()`: runs a mocked Pulumi program (an exported function of a scenario module) in a
 * process of its own through run-scenario.ts, and returns its report.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Registration } from "./acns-mocks";

/** What a scenario's process saw. */
export interface ScenarioReport {
  /** What the scenario function threw (synchronously or by rejecting), if anything. */
  thrown: { name: string; message: string } | null;
  /** Distinct errors that reached the process as unhandled rejections or exceptions. */
  errors: { name: string; message: string }[];
  /** Messages of `pulumi.log.warn`. */
  warnings: string[];
  registrations: Registration[];
  /** The scenario's returned outputs, resolved; null when it returned none or they failed. */
  outputs: unknown;
}

const RUNNER = join(__dirname, "run-scenario.ts");
const REPO = join(__dirname, "..", "..");

/** Runs `exportName` of `modulePath` (absolute) with `argument`, in a preview or an update. */
export async function runScenario(
  modulePath: string,
  exportName: string,
  options: { preview: boolean; argument?: unknown },
): Promise<ScenarioReport> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "--import",
      "tsx",
      RUNNER,
      modulePath,
      exportName,
      String(options.preview),
      JSON.stringify(options.argument ?? null),
    ],
    { cwd: REPO, encoding: "utf8", timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as ScenarioReport;
}
