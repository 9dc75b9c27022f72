/**
 * `acns emulator`: serves the local Cloudflare ACNS API emulator until killed. The first line of
 * stdout is the base URL for clients (`http://127.0.0.1:N/client/v4`), so scripts can read it;
 * everything else goes to stderr.
 */
import { InvalidArgumentError, type Command } from "commander";
import { startEmulator, type RunningEmulator } from "../../emulator";
import { parsePositiveNumber } from "../live";

function parseInteger(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}; got "${value}"`);
    }
    return n;
  };
}

export interface EmulatorCommandOptions {
  port: number;
  host: string;
  seed?: string;
  rateLimit?: number;
  timeScale: number;
  verbose?: boolean;
}

/** Starts the emulator for the CLI and wires SIGINT/SIGTERM to a clean stop. */
export async function runEmulatorCommand(options: EmulatorCommandOptions): Promise<RunningEmulator> {
  if (options.seed === undefined) {
    process.stderr.write("acns emulator: no --seed given; serving no accounts, zones or tokens\n");
  }
  const emulator = await startEmulator({
    port: options.port,
    host: options.host,
    seed: options.seed,
    timeScale: options.timeScale,
    rateLimit: options.rateLimit === undefined ? undefined : { requests: options.rateLimit },
    onExchange: options.verbose
      ? (x) => process.stderr.write(`${x.method} ${x.path} -> ${x.status ?? "dropped"}\n`)
      : undefined,
  });
  process.stdout.write(`${emulator.url}\n`);
  process.stderr.write(`acns emulator: admin endpoints at ${emulator.adminUrl}; stop with Ctrl-C\n`);
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    emulator.stop().then(
      () => {
        process.stderr.write(`acns emulator: stopped (${signal})\n`);
        process.exit(0);
      },
      (err: unknown) => {
        process.stderr.write(`acns emulator: error while stopping: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return emulator;
}

export function registerEmulatorCommand(program: Command): void {
  program
    .command("emulator")
    .description("Serve the local Cloudflare ACNS API emulator until killed; prints its base URL first")
    .option("--port <n>", "TCP port (0 = any free port)", parseInteger("--port", 0, 65535), 0)
    .option("--host <address>", "interface to listen on", "127.0.0.1")
    .option("--seed <file>", "JSON seed file (accounts, zones, tokens; see examples/seed.json)")
    .option(
      "--rate-limit <n>",
      "requests per 300 s window per token (default 1200)",
      parseInteger("--rate-limit", 1, 1e9),
    )
    .option(
      "--time-scale <x>",
      "emulated seconds per real second for rate-limit windows",
      parsePositiveNumber,
      1,
    )
    .option("--verbose", "log each request to stderr")
    .action(async (options: EmulatorCommandOptions) => {
      await runEmulatorCommand(options);
    });
}
