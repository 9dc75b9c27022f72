/**
 * Runs programs of programs.ts one after another in this one Node process, each as the Automation
 * API's server runs an inline program: a fresh per-run store (`withLocalStorage`), the run's
 * settings (here: mocks, for its stack and preview flag), then `runInPulumiStack`. Prints, per run,
 * the resources registered and the distinct errors that ended it, as JSON.
 *
 * Usage: node --import tsx run-programs.ts '<[{ "program": "...", "stack": "...", "preview": false }]>'
 */
import * as pulumi from "@pulumi/pulumi";
import { programs } from "./programs";

interface RunRequest {
  program: string;
  stack: string;
  preview: boolean;
}

export interface RunReport {
  /** Registered resource names, in order (the root stack left out). */
  registered: string[];
  /** Distinct errors (by identity, as Pulumi's own handler counts them), sorted by message. */
  errors: { name: string; message: string }[];
}

// The SDK's per-run store, as @pulumi/pulumi/automation/server.js uses it for each run.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const state = require("@pulumi/pulumi/runtime/state") as {
  withLocalStorage<T>(callback: () => Promise<T>): Promise<T>;
};

let current: unknown[] = [];
const record = (err: unknown): void => {
  if (!current.includes(err)) current.push(err);
};
process.on("unhandledRejection", record);
process.on("uncaughtException", record);

async function runOnce(request: RunRequest): Promise<RunReport> {
  const program = programs[request.program];
  if (program === undefined) throw new Error(`no program ${request.program}`);
  const errors: unknown[] = [];
  current = errors;
  const registered: string[] = [];
  await state.withLocalStorage(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: async (args: pulumi.runtime.MockResourceArgs) => {
          if (args.type !== "pulumi:pulumi:Stack") registered.push(args.name);
          return {
            id: `${args.name}-id`,
            state: args.type === "test:index:UnknownSource" ? {} : args.inputs,
          };
        },
        call: () => ({}),
      },
      "acns",
      request.stack,
      request.preview,
    );
    try {
      await pulumi.runtime.runInPulumiStack(async () => {
        program();
        return {};
      });
    } catch (err) {
      record(err);
    }
    // Registrations that fail do so a few turns after their inputs reject.
    await new Promise((resolve) => setTimeout(resolve, 300));
  });
  return {
    registered,
    errors: errors
      .map((e) =>
        e instanceof Error ? { name: e.name, message: e.message } : { name: typeof e, message: String(e) },
      )
      .sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)),
  };
}

async function main(): Promise<void> {
  const requests = JSON.parse(process.argv[2] ?? "[]") as RunRequest[];
  const reports: RunReport[] = [];
  for (const request of requests) reports.push(await runOnce(request));
  process.stdout.write(JSON.stringify(reports));
}

main().catch((err: unknown) => {
  process.stderr.write(
    `run-programs failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(2);
});
