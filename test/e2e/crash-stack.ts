/**
 * A Pulumi stack whose processes a test may kill: like usePulumiStack() (the same stack driver,
 * project layout and offline environment), but created and removed by the test itself (one per
 * cell of a table), with the driver's pid exposed and a new driver started after one was killed.
 * The stack, its backend and its config outlive any driver; a new driver selects the same stack.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Deployment } from "@pulumi/pulumi/automation";
import { createHostProject, createPulumiEnv, type HostProject } from "../../provider/testing";
import type { CommandReport, DriverCommand } from "./driver-protocol";
import { startDriverProcess, type DriverLog, type DriverProcess } from "./driver-process";
import { readPulumiBinDir } from "./use-pulumi-stack";

export interface CrashStackOptions {
  projectName: string;
  stackName?: string;
  programModule: string;
  params?: Record<string, unknown>;
  setUpProject?: (projectDir: string) => void;
  config: Record<string, { value: string; secret?: boolean }>;
  /** Bound of each engine command. @default 150 s */
  commandTimeoutMs?: number;
}

/** What an engine command came back with: its report, or the driver died while it ran. */
export type CommandOutcome = { kind: "report"; report: CommandReport } | { kind: "driver-died"; why: string };

export interface CrashStack {
  readonly projectDir: string;
  readonly stateDir: string;
  /** The running driver's pid (its own process group); undefined after it died. */
  readonly driverPid: number | undefined;
  /** The driver's stderr since the stack was opened. */
  readonly driverStderr: string;
  /** Starts one engine command; the promise settles when it ends or the driver dies. */
  start(
    kind: "up" | "destroy" | "refresh",
    options?: { clearPendingCreates?: boolean },
  ): Promise<CommandOutcome>;
  /** Runs a command that must come back with a report (the driver must survive it). */
  run(
    kind: "up" | "destroy" | "refresh",
    options?: { clearPendingCreates?: boolean },
  ): Promise<CommandReport>;
  /** `pulumi cancel`. */
  cancel(): Promise<void>;
  exportStack(): Promise<Deployment>;
  /** The DIY backend's lock files of this stack (an interrupted update leaves one). */
  listLocks(): string[];
  /** Starts a new driver on the same stack after the last one died. */
  restartDriver(): Promise<void>;
  /** Kills the driver's process group and deletes the project and backend. */
  remove(): Promise<void>;
}

export async function openCrashStack(options: CrashStackOptions): Promise<CrashStack> {
  const binDir = readPulumiBinDir();
  if (binDir === undefined) throw new Error("openCrashStack: no pulumi CLI (see global-setup.ts)");
  const timeoutMs = options.commandTimeoutMs ?? 150_000;
  const project: HostProject = createHostProject({ install: "link", project: options.projectName });
  const stateDir = mkdtempSync(join(tmpdir(), "acns-e2e-state-"));
  options.setUpProject?.(project.dir);
  const env = createPulumiEnv({ binDir, stateDir, nodePath: project.nodePath });
  const stackName = options.stackName ?? "dev";
  let driver: DriverProcess | undefined;
  const log: DriverLog = { stderr: "" };

  const send = (command: DriverCommand, bound: number): Promise<unknown> =>
    driver === undefined
      ? Promise.reject(new Error("crash-stack: no driver running"))
      : driver.send(command, bound);

  const startDriver = async (): Promise<void> => {
    const started = startDriverProcess({
      nodePath: project.nodePath,
      label: "crash-stack",
      log,
      diedError: (why) => new DriverDied(why),
      onExit: () => {
        if (driver === started) driver = undefined;
      },
    });
    driver = started;
    await send(
      {
        kind: "init",
        init: {
          projectDir: project.dir,
          stateDir,
          projectName: options.projectName,
          stackName,
          programModule: options.programModule,
          params: options.params ?? {},
          env,
        },
      },
      60_000,
    );
  };

  await startDriver();
  for (const [key, { value, secret }] of Object.entries(options.config)) {
    await send({ kind: "setConfig", key, value, secret: secret ?? false }, 60_000);
  }

  const start: CrashStack["start"] = async (kind, commandOptions = {}) => {
    try {
      const report = (await send({ kind, options: commandOptions }, timeoutMs)) as CommandReport;
      return { kind: "report", report };
    } catch (err) {
      if (err instanceof DriverDied) return { kind: "driver-died", why: err.message };
      throw err;
    }
  };

  return {
    projectDir: project.dir,
    stateDir,
    get driverPid() {
      return driver?.child.pid;
    },
    get driverStderr() {
      return log.stderr;
    },
    start,
    async run(kind, commandOptions) {
      const outcome = await start(kind, commandOptions);
      if (outcome.kind !== "report")
        throw new Error(`crash-stack: ${kind}: ${outcome.why}\n${log.stderr.slice(-4000)}`);
      return outcome.report;
    },
    async cancel() {
      await send({ kind: "cancel" }, 60_000);
    },
    async exportStack() {
      return (await send({ kind: "exportStack" }, 60_000)) as Deployment;
    },
    listLocks() {
      const dir = join(stateDir, ".pulumi", "locks");
      if (!existsSync(dir)) return [];
      return readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile() && entry.name.endsWith(".json"))
        .map((entry) => join(entry.parentPath, entry.name));
    },
    async restartDriver() {
      if (driver !== undefined) throw new Error("crash-stack: the driver is still running");
      await startDriver();
    },
    async remove() {
      await driver?.stop();
      project.remove();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

class DriverDied extends Error {}
