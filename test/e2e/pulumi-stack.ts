/**
 * The Pulumi stack the e2e tier and the scale benchmark drive through the real CLI, from a child
 * process (stack-driver.ts). The project directory is laid out as `npm install` leaves a user's
 * project (node_modules/pulumi-cloudflare-acns links to this repository, as a `file:` dependency
 * does; run `npm run build` first), the backend is `file://` in a temp dir, and every command
 * is bounded in time. Free of Jest: use-pulumi-stack.ts wraps it in beforeAll/afterAll.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Deployment, OutputMap } from "@pulumi/pulumi/automation";
import { createHostProject, createPulumiEnv, type HostProject } from "../../provider/testing";
import type { CommandReport, DriverCommand } from "./driver-protocol";
import { startDriverProcess, type DriverLog, type DriverProcess } from "./driver-process";

/** The `pulumi` directory global-setup.ts found; undefined when the tier is skipped. */
export function readPulumiBinDir(): string | undefined {
  const dir = process.env.ACNS_E2E_PULUMI_BIN;
  return dir === undefined || dir === "" ? undefined : dir;
}

export interface UsePulumiStackOptions {
  /** The Pulumi project name (Pulumi.yaml `name`). */
  projectName: string;
  /** The heading of the timings table. @default projectName */
  title?: string;
  /** @default "dev" */
  stackName?: string;
  /** A module under test/e2e/programs exporting `runProgram`. */
  programModule: string;
  /** The program's parameters. */
  params?: Record<string, unknown>;
  /** Writes the project's own files (Pulumi.yaml, program, acns.yaml) into the new project dir. */
  setUpProject?: (projectDir: string) => void;
  /** Stack config set before the first command, e.g. credentials. */
  config?: () => Record<string, { value: string; secret?: boolean }>;
  /**
   * How the package gets into the project's node_modules: `link` (a symlink, as npm installs a
   * `file:` dependency) or `copy` (package.json + dist, as an install from a registry leaves it).
   * @default "link"
   */
  install?: "link" | "copy";
  /** More environment for the CLI, the program and the provider plugin (e.g. credentials). */
  env?: () => Record<string, string>;
  /** Bound of each engine command. @default 150 s */
  commandTimeoutMs?: number;
}

/** Options of the engine commands, as the Automation API names them. */
export interface CommandOptions {
  expectNoChanges?: boolean;
  refresh?: boolean;
  diff?: boolean;
  /** What the step is for, in the timings table. */
  label?: string;
}

/** One command's wall time, for the report. */
export interface Timing {
  step: string;
  ms: number;
}

export interface PulumiStackAccess {
  readonly projectDir: string;
  readonly stateDir: string;
  /** Every engine command run so far, in order, with its wall time. */
  readonly timings: readonly Timing[];
  preview(options?: CommandOptions): Promise<CommandReport>;
  up(options?: CommandOptions): Promise<CommandReport>;
  refresh(options?: CommandOptions): Promise<CommandReport>;
  /** `pulumi refresh --preview-only`. */
  previewRefresh(options?: CommandOptions): Promise<CommandReport>;
  destroy(options?: CommandOptions): Promise<CommandReport>;
  setConfig(key: string, value: string, options?: { secret?: boolean }): Promise<void>;
  removeConfig(key: string): Promise<void>;
  /** Replaces the program's parameters for the next commands. */
  setParams(params: Record<string, unknown>): Promise<void>;
  /** The Automation API's export, which is `pulumi stack export --show-secrets`. */
  exportStack(): Promise<Deployment>;
  /** `pulumi stack export` as a user runs it (secrets stay encrypted), as text. */
  exportStackAsUser(): Promise<string>;
  /** Every file the `file://` backend wrote (state, its backups and history), as text. */
  readBackendFiles(): { path: string; text: string }[];
  outputs(): Promise<OutputMap>;
  /** What the driver printed on stderr (unhandled rejections, crashes). */
  readonly driverStderr: string;
}

/** A stack on the real CLI that {@link PulumiStackSession.open} opens and `close` closes. */
export interface PulumiStackSession extends PulumiStackAccess {
  /** Starts the driver with the CLI in `binDir`, opens the stack and sets its config. */
  open(binDir: string): Promise<void>;
  /** Stops the driver, removes the project and the state, prints the timings. */
  close(): Promise<void>;
}

/**
 * The stack behind {@link usePulumiStack}, outside Jest (the benchmarks drive it too): nothing
 * runs until `open`.
 */
export function createPulumiStack(options: UsePulumiStackOptions): PulumiStackSession {
  const timeoutMs = options.commandTimeoutMs ?? 150_000;
  let project: HostProject | undefined;
  let stateDir: string | undefined;
  let driver: DriverProcess | undefined;
  const log: DriverLog = { stderr: "" };
  let pulumiEnv: Record<string, string> = {};
  let pulumiBinary = "pulumi";
  const timings: Timing[] = [];

  const running = (): { project: HostProject; stateDir: string; driver: DriverProcess } => {
    if (project === undefined || stateDir === undefined || driver === undefined) {
      throw new Error("usePulumiStack: the stack is not open (beforeAll, or open(), has not run)");
    }
    return { project, stateDir, driver };
  };

  const send = (command: DriverCommand, bound: number): Promise<unknown> =>
    running().driver.send(command, bound);

  const runCommand = async (
    kind: "preview" | "up" | "refresh" | "previewRefresh" | "destroy",
    { label, ...commandOptions }: CommandOptions = {},
  ): Promise<CommandReport> => {
    const report = (await send({ kind, options: commandOptions }, timeoutMs)) as CommandReport;
    const command = describeCommand(report.command, commandOptions);
    timings.push({ step: label === undefined ? command : `${command} (${label})`, ms: report.ms });
    return report;
  };

  const open = async (binDir: string): Promise<void> => {
    project = createHostProject({ install: options.install ?? "link", project: options.projectName });
    stateDir = mkdtempSync(join(tmpdir(), "acns-e2e-state-"));
    options.setUpProject?.(project.dir);
    const env = { ...createPulumiEnv({ binDir, stateDir, nodePath: project.nodePath }), ...options.env?.() };
    pulumiEnv = env;
    pulumiBinary = join(binDir, "pulumi");
    driver = startDriverProcess({
      nodePath: project.nodePath,
      label: "usePulumiStack",
      log,
      diedError: (why) => new Error(`${why}; its stderr:\n${log.stderr.slice(-4000)}`),
    });
    await send(
      {
        kind: "init",
        init: {
          projectDir: project.dir,
          stateDir,
          projectName: options.projectName,
          stackName: options.stackName ?? "dev",
          programModule: options.programModule,
          params: options.params ?? {},
          env,
        },
      },
      60_000,
    );
    for (const [key, { value, secret }] of Object.entries(options.config?.() ?? {})) {
      await send({ kind: "setConfig", key, value, secret: secret ?? false }, 60_000);
    }
  };

  const close = async (): Promise<void> => {
    await driver?.stop();
    driver = undefined;
    project?.remove();
    if (stateDir !== undefined) rmSync(stateDir, { recursive: true, force: true });
    project = undefined;
    stateDir = undefined;
    if (timings.length > 0) {
      const rows = timings.map((t) => `  ${t.step.padEnd(72)} ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
      process.stderr.write(
        `\n${options.title ?? options.projectName}: real Pulumi CLI timings\n${rows.join("\n")}\n`,
      );
    }
  };

  return {
    open,
    close,
    get projectDir() {
      return running().project.dir;
    },
    get stateDir() {
      return running().stateDir;
    },
    get driverStderr() {
      return log.stderr;
    },
    timings,
    preview: (o) => runCommand("preview", o),
    up: (o) => runCommand("up", o),
    refresh: (o) => runCommand("refresh", o),
    previewRefresh: (o) => runCommand("previewRefresh", o),
    destroy: (o) => runCommand("destroy", o),
    async setConfig(key, value, configOptions = {}) {
      await send({ kind: "setConfig", key, value, secret: configOptions.secret ?? false }, 60_000);
    },
    async removeConfig(key) {
      await send({ kind: "removeConfig", key }, 60_000);
    },
    async setParams(params) {
      await send({ kind: "setParams", params }, 10_000);
    },
    async exportStack() {
      return (await send({ kind: "exportStack" }, 60_000)) as Deployment;
    },
    async exportStackAsUser() {
      const { project: p } = running();
      const { stdout } = await promisify(execFile)(
        pulumiBinary,
        ["stack", "export", "--stack", options.stackName ?? "dev", "--non-interactive"],
        { cwd: p.dir, env: { ...process.env, ...pulumiEnv }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      );
      return stdout;
    },
    readBackendFiles() {
      const { stateDir: dir } = running();
      return readdirSync(join(dir, ".pulumi"), { withFileTypes: true, recursive: true })
        .filter((entry) => entry.isFile())
        .map((entry) => join(entry.parentPath, entry.name))
        .map((path) => ({ path, text: readFileSync(path, "utf8") }));
    },
    async outputs() {
      return (await send({ kind: "outputs" }, 60_000)) as OutputMap;
    },
  };
}

function describeCommand(command: string, options: CommandOptions): string {
  const flags = [
    options.refresh === true ? "--refresh" : "",
    options.diff === true ? "--diff" : "",
    options.expectNoChanges === true ? "--expect-no-changes" : "",
  ].filter((f) => f !== "");
  return [`pulumi ${command}`, ...flags].join(" ");
}
