#!/usr/bin/env node
/**
 * The `acns` command line. Each subcommand lives in its own file under ./commands and registers
 * itself on the program; this file only assembles them and runs.
 */
import { Command } from "commander";
import { registerEmulatorCommand } from "./commands/emulator";

/** Builds the `acns` program with every subcommand registered. */
export function createProgram(): Command {
  const program = new Command("acns")
    .description("Manage Cloudflare account custom nameservers (ACNS) safely")
    .showHelpAfterError()
    .exitOverride((err) => {
      // Help and version are not failures; everything else exits with commander's code.
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version") process.exit(0);
      process.exit(err.exitCode);
    });
  registerEmulatorCommand(program);
  return program;
}

/** Runs the program on `argv`; rejects only for unexpected errors. */
export async function runCli(argv: readonly string[] = process.argv): Promise<void> {
  await createProgram().parseAsync([...argv]);
}

if (require.main === module) {
  runCli().catch((err: unknown) => {
    process.stderr.write(`acns: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
