#!/usr/bin/env node
/**
 * The `acns` command line. Each subcommand lives in its own file under ./commands and registers
 * itself on the program; this file only assembles them and runs. Output streams, environment and
 * working directory are injectable (`CliIo`), so tests run the commands in-process.
 */
import { Command, CommanderError } from "commander";
import { registerDriftCommand } from "./commands/drift";
import { registerEmulatorCommand } from "./commands/emulator";
import { registerGlueCommand } from "./commands/glue";
import { registerValidateCommand } from "./commands/validate";
import { INTERRUPTED_EXIT_CODE } from "./exit-codes";
import { resolveIo, type CliContext, type CliIo } from "./io";

/** Builds the `acns` program with every subcommand registered; commands report into `context`. */
export function createProgram(io: Partial<CliIo> = {}, context: CliContext = createContext(io)): Command {
  const program = new Command("acns")
    .description("Manage Cloudflare account custom nameservers (ACNS) safely")
    .showHelpAfterError("(add --help for usage)")
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      // Wrap help to the injected streams, not to whatever terminal runs the tests.
      getOutHelpWidth: () => context.io.stdout.columns ?? 80,
      getErrHelpWidth: () => context.io.stderr.columns ?? 80,
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    // Throw instead of exiting, so runCli decides the exit code (and tests keep their process).
    .exitOverride();
  registerEmulatorCommand(program);
  registerValidateCommand(program, context);
  registerDriftCommand(program, context);
  registerGlueCommand(program, context);
  return program;
}

function createContext(io: Partial<CliIo>): CliContext {
  return { io: resolveIo(io), exitCode: 0 };
}

/**
 * Runs the program on `argv` (node, script, args...) and resolves to the exit code; rejects only
 * for unexpected errors. Long-running commands (emulator) resolve once started.
 */
export async function runCli(
  argv: readonly string[] = process.argv,
  io: Partial<CliIo> = {},
): Promise<number> {
  const context = createContext(io);
  try {
    await createProgram(io, context).parseAsync([...argv]);
  } catch (err: unknown) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
  return context.exitCode;
}

/**
 * A reader that stops early (`acns validate big.yaml | head -n 1`) closes the pipe: the rest of the
 * output has nowhere to go, so it is dropped and the command still ends with its own exit code,
 * instead of dying on an unhandled EPIPE with a stack trace.
 */
function dropOutputAfterClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EPIPE") throw err;
  });
}

if (require.main === module) {
  dropOutputAfterClosedPipe(process.stdout);
  dropOutputAfterClosedPipe(process.stderr);
  runCli().then(
    (code) => {
      process.exitCode = code;
      // After Ctrl-C the partial result is out (stdout and stderr are written synchronously to files,
      // pipes and terminals on POSIX); requests cut off may still hold pacing timers: do not wait.
      if (code === INTERRUPTED_EXIT_CODE) process.exit(code);
    },
    (err: unknown) => {
      process.stderr.write(`acns: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
