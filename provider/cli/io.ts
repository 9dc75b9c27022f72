/**
 * The CLI's connection to the outside: output streams, environment and working directory, injected
 * so tests run commands in-process. Everything written goes through a redacting writer, so a
 * credential from the environment can never reach the terminal or a CI log, whatever a message
 * holds.
 */
import { ClientEnv } from "../client/config";
import { redactSecrets } from "../client/errors";
import { processInterrupts, type InterruptSource } from "./interrupt";

/** Where the CLI writes: `process.stdout`/`process.stderr`, or a test's collector. */
export interface CliWriter {
  write(chunk: string): unknown;
  /** True for a terminal; the progress indicator shows only then. */
  isTTY?: boolean | undefined;
  /** Terminal width, when known. */
  columns?: number | undefined;
}

/** What a command may touch. */
export interface CliIo {
  stdout: CliWriter;
  stderr: CliWriter;
  /** Environment to read credentials and the base URL from. */
  env: Readonly<Record<string, string | undefined>>;
  /** Directory relative file paths start from. */
  cwd: string;
  /** Ctrl-C: the process's SIGINT unless a test injects its own (see `processInterrupts`). */
  interrupts: InterruptSource;
}

/** The process's own streams, environment and directory, with any field replaced by `io`'s. */
export function resolveIo(io: Partial<CliIo> = {}): CliIo {
  const env = io.env ?? process.env;
  const secrets = listEnvSecrets(env);
  return {
    stdout: createRedactingWriter(io.stdout ?? process.stdout, secrets),
    stderr: createRedactingWriter(io.stderr ?? process.stderr, secrets),
    env,
    cwd: io.cwd ?? process.cwd(),
    interrupts: io.interrupts ?? processInterrupts,
  };
}

/**
 * Whether the environment says it is a CI job (`CI=true` or `CI=1`, which GitHub Actions, GitLab,
 * CircleCI, Travis and Buildkite set). The one place the repository decides it: the CLI's progress
 * then prints plain lines even when the runner gives it a pseudo-terminal, and the real-engine
 * test tier refuses to skip.
 */
export function isCiEnvironment(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.CI === "true" || env.CI === "1";
}

/** Credentials in the environment that must never be printed. */
export function listEnvSecrets(env: Readonly<Record<string, string | undefined>>): string[] {
  return [env[ClientEnv.API_TOKEN], env[ClientEnv.API_KEY]].filter(
    (value): value is string => value !== undefined && value.trim() !== "",
  );
}

/** A writer that replaces every secret by `[redacted]` before writing; keeps `isTTY` and `columns`. */
export function createRedactingWriter(writer: CliWriter, secrets: readonly string[]): CliWriter {
  if (secrets.length === 0) return writer;
  return {
    write: (chunk: string) => writer.write(redactSecrets(chunk, secrets)),
    get isTTY() {
      return writer.isTTY;
    },
    get columns() {
      return writer.columns;
    },
  };
}

/** What every command shares while the program runs: its IO and the exit code it settles on. */
export interface CliContext {
  io: CliIo;
  /** Set by the command that ran; 0 unless it says otherwise. */
  exitCode: number;
}
