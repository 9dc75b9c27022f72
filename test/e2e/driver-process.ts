/**
 * The stack driver (stack-driver.ts) as a child process, and the one way to talk to it: numbered
 * requests over IPC, each bounded in time. Shared by usePulumiStack() (pulumi-stack.ts) and the
 * crash matrix's stacks (crash-stack.ts), which differ only in what they do around it.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../provider/testing";
import type { DriverCommand, DriverReply } from "./driver-protocol";

const DRIVER = join(__dirname, "stack-driver.ts");

/** The driver's stderr, kept (its last 64 KB) across the drivers one stack starts. */
export interface DriverLog {
  stderr: string;
}

export interface DriverProcessOptions {
  /** What NODE_PATH must hold (the project's), read by Node at start. */
  nodePath: string;
  /** Who is asking, for the timeout message (`usePulumiStack`, `crash-stack`). */
  label: string;
  log: DriverLog;
  /** What a request still open when the driver exits is rejected with; `why` says how it exited. */
  diedError: (why: string) => Error;
  /** Called once the driver exited. */
  onExit?: () => void;
}

export interface DriverProcess {
  readonly child: ChildProcess;
  /** Sends one command and resolves to its result; kills the driver when it takes longer than `bound` ms. */
  send(command: DriverCommand, bound: number): Promise<unknown>;
  /** Kills the driver and whatever it started (its own process group: the CLI, plugins). */
  kill(): void;
  /** Lets the driver finish (disconnect), waits up to 10 s for it to exit, then kills its group. */
  stop(): Promise<void>;
}

export function startDriverProcess(options: DriverProcessOptions): DriverProcess {
  const { log } = options;
  let nextId = 1;
  const waiting = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  const child = fork(DRIVER, [], {
    cwd: PACKAGE_ROOT,
    execArgv: ["--import", "tsx"],
    // Node reads NODE_PATH at start: a copied package finds its own dependencies through it.
    env: { ...process.env, NODE_PATH: options.nodePath },
    // Its own process group, so a timeout can kill the CLI and plugins it started with it.
    detached: true,
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  const running = (): boolean => child.exitCode === null && child.signalCode === null;
  child.stderr?.on("data", (chunk: Buffer) => {
    log.stderr = (log.stderr + chunk.toString("utf8")).slice(-64 * 1024);
  });
  child.on("message", (message: DriverReply) => {
    const entry = waiting.get(message.id);
    if (entry === undefined) return;
    waiting.delete(message.id);
    if (message.ok) entry.resolve(message.result);
    else entry.reject(new Error(message.error));
  });
  child.on("exit", (code, signal) => {
    options.onExit?.();
    for (const [id, entry] of waiting) {
      waiting.delete(id);
      entry.reject(options.diedError(`stack driver exited (${signal ?? String(code)}) with a request open`));
    }
  });

  const kill = (): void => {
    if (child.pid === undefined || !running()) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  };

  return {
    child,
    kill,
    send(command, bound) {
      const id = nextId++;
      return new Promise<unknown>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          kill();
          reject(
            new Error(
              `${options.label}: ${command.kind} took longer than ${bound} ms; the driver was killed. Its stderr:\n${log.stderr.slice(-4000)}`,
            ),
          );
        }, bound);
        waiting.set(id, {
          resolve: (value) => {
            clearTimeout(timer);
            resolve(value);
          },
          reject: (err) => {
            clearTimeout(timer);
            reject(err);
          },
        });
        child.send({ ...command, id });
      });
    },
    async stop() {
      if (!running()) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.disconnect();
      await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 10_000).unref())]);
      kill();
    },
  };
}
