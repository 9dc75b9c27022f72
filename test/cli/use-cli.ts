/**
 * `useCli()`: runs `acns` commands in-process against the test file's emulator (`useEmulator()`),
 * with the credentials and base URL in an injected environment, and collects what they print.
 * Every output of the file is scanned for credentials after each test.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../provider/cli/main";
import type { CliWriter } from "../../provider/cli/io";
import { API_KEY, READONLY_TOKEN, SMALL_TOKEN, TOKEN } from "../emulator/fixtures";
import { useEmulator, type EmulatorAccess } from "../helpers/use-emulator";

export const ROOT = join(__dirname, "..", "..");

/** What one run printed, and how it exited. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Environment on top of the base URL and token. `null` removes a variable. */
  env?: Record<string, string | null>;
  /** Working directory. @default the repository root */
  cwd?: string;
  /** Make stderr look like a terminal of this width. */
  tty?: { columns: number };
  /**
   * Press Ctrl-C (the command's injected interrupt source) once, as soon as what it has written to
   * stderr so far satisfies `when`.
   */
  interrupt?: { when: (stderr: string) => boolean };
}

export interface CliAccess {
  emulator: EmulatorAccess;
  /** Runs `acns ...args` in-process. */
  run(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  /** Runs a command that reads the account, paced fast (the emulator has no 4 req/s budget to keep). */
  runLive(args: readonly string[], options?: RunOptions): Promise<CliResult>;
  /** Writes files into a fresh directory (removed after the test file) and returns its path. */
  makeDir(files: Record<string, string>): string;
}

/** Every credential of the example seed: none may ever be printed. */
export const SECRETS = [TOKEN, READONLY_TOKEN, SMALL_TOKEN, API_KEY.key];

/** Replaces the emulator's port so outputs can be snapshotted. */
export function normalisePorts(text: string): string {
  return text.replace(/127\.0\.0\.1:\d+/g, "127.0.0.1:PORT");
}

class Collector implements CliWriter {
  text = "";
  constructor(
    readonly isTTY: boolean | undefined,
    readonly columns: number | undefined,
    readonly onWrite: (text: string) => void = () => undefined,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    this.onWrite(this.text);
    return true;
  }
}

export function useCli(): CliAccess {
  const emulator = useEmulator();
  const printed: string[] = [];
  const dirs: string[] = [];

  afterEach(() => {
    const leaks = printed.filter(
      (text) => SECRETS.some((secret) => text.includes(secret)) || text.includes("[redacted]"),
    );
    printed.length = 0;
    if (leaks.length > 0)
      throw new Error(`a credential (or its redaction mark) was printed:\n${leaks.join("\n---\n")}`);
  });

  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  const run = async (args: readonly string[], options: RunOptions = {}): Promise<CliResult> => {
    const env: Record<string, string | undefined> = {
      CLOUDFLARE_BASE_URL: emulator.url,
      CLOUDFLARE_API_TOKEN: TOKEN,
    };
    for (const [key, value] of Object.entries(options.env ?? {})) env[key] = value ?? undefined;
    const stdout = new Collector(undefined, undefined);
    let listeners: (() => void)[] = [];
    let pressed = false;
    const stderr = new Collector(
      options.tty === undefined ? undefined : true,
      options.tty?.columns,
      (text) => {
        if (pressed || options.interrupt?.when(text) !== true) return;
        pressed = true;
        for (const listener of listeners) listener();
      },
    );
    const exitCode = await runCli(["node", "acns", ...args], {
      stdout,
      stderr,
      env,
      cwd: options.cwd ?? ROOT,
      interrupts: (listener) => {
        listeners.push(listener);
        return () => {
          listeners = listeners.filter((l) => l !== listener);
        };
      },
    });
    printed.push(stdout.text, stderr.text);
    return { exitCode, stdout: stdout.text, stderr: stderr.text };
  };

  return {
    emulator,
    run,
    runLive: (args, options) => run([...args, "--requests-per-second", "1000"], options),
    makeDir(files) {
      const dir = mkdtempSync(join(tmpdir(), "acns-cli-"));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      return dir;
    },
  };
}
