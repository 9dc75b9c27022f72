/**
 * Runs one mocked Pulumi program in this process and prints what happened as JSON: the
 * registrations, the errors that ended it (each distinct error once, as Pulumi's own runner reports
 * them), and the warnings it logged. A scenario that fails a registration ends in unhandled
 * rejections, which Jest would pin on whatever test runs; a process of its own sees them as the
 * Pulumi runtime does.
 *
 * Usage: node --import tsx run-scenario.ts <module> <export> <preview: true|false> <argument JSON>
 */
import * as pulumi from "@pulumi/pulumi";
import { installAcnsMocks, settle } from "./acns-mocks";
import type { ScenarioReport } from "./scenario-process";

type Scenario = (argument: unknown) => unknown;

async function main(): Promise<void> {
  const [modulePath, exportName, preview, argument] = process.argv.slice(2);
  if (modulePath === undefined || exportName === undefined)
    throw new Error("usage: run-scenario <module> <export>");
  const errors: unknown[] = [];
  const record = (err: unknown): void => {
    if (!errors.includes(err)) errors.push(err);
  };
  process.on("unhandledRejection", record);
  process.on("uncaughtException", record);
  const warnings: string[] = [];
  (pulumi.log as { warn: (message: string) => Promise<void> }).warn = async (message) => {
    warnings.push(message);
  };
  const mocks = await installAcnsMocks({ preview: preview === "true" });
  const loaded = (await import(modulePath)) as Record<string, unknown>;
  const scenario = loaded[exportName] as Scenario | undefined;
  if (typeof scenario !== "function") throw new Error(`${modulePath} exports no scenario ${exportName}`);
  let thrown: unknown;
  let outputs: unknown;
  try {
    outputs = await scenario(argument === undefined ? undefined : JSON.parse(argument));
  } catch (err) {
    thrown = err;
  }
  let settled: unknown;
  if (outputs !== undefined) {
    const result = await settle(pulumi.output(outputs));
    settled = "value" in result ? result.value : undefined;
  }
  // Registrations that fail do so a few turns after their inputs reject.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const report: ScenarioReport = {
    thrown: thrown === undefined ? null : describeError(thrown),
    errors: errors.map(describeError),
    warnings,
    registrations: mocks.registrations,
    outputs: settled ?? null,
  };
  process.stdout.write(JSON.stringify(report));
}

function describeError(err: unknown): { name: string; message: string } {
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: typeof err, message: String(err) };
}

main().catch((err: unknown) => {
  process.stderr.write(
    `run-scenario failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(2);
});
