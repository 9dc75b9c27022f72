/**
 * Pulumi's real dynamic-provider host (`@pulumi/pulumi/cmd/dynamic-provider`), started the way the
 * engine starts the `pulumi-nodejs` resource plugin, and driven through its ResourceProvider gRPC
 * API with the requests the engine sends.
 *
 * What the engine does, and so what this does (pulumi/pulumi sdk/go/common/resource/plugin/
 * provider_plugin.go, deploy/target.go):
 * - spawns the plugin with the engine's address as its only argument, the project directory as
 *   its working directory, and `PULUMI_NODEJS_PROJECT` / `PULUMI_PROJECT` in its environment;
 *   the plugin prints its port on stdout;
 * - calls Handshake (the Node host answers UNIMPLEMENTED), then Configure with the *whole* stack
 *   config under namespaced keys (`cloudflare:apiToken`), secrets wrapped in `args` and plain in
 *   the legacy `variables` map (`pulumi-nodejs:config:cloudflare:apiToken`);
 * - because the host answers acceptSecrets=false, sends every later property bag with secrets
 *   stripped; during a preview it keeps unknowns as the unknown sentinel string.
 *
 * The host only sends logs to an engine when `PULUMI_NODEJS_ENGINE` is set (the CLI does not set
 * it for plugins; `pulumi.log` then prints to stdout/stderr, which the CLI shows). By default this
 * harness sets it, so `pulumi.log` calls land in the recording engine, and it keeps stdout and
 * stderr too: tests scan both.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { ResourceProviderClient } from "@pulumi/pulumi/proto/provider_grpc_pb";
import {
  CheckRequest,
  ConfigureRequest,
  CreateRequest,
  DeleteRequest,
  DiffRequest,
  DiffResponse,
  ProviderHandshakeRequest,
  ReadRequest,
  UpdateRequest,
} from "@pulumi/pulumi/proto/provider_pb";
import { startEngine, type EngineServer } from "./engine";
import type { HostProject } from "./project";
import {
  DYNAMIC_RESOURCE_TYPE,
  isProviderRpcError,
  makeUrn,
  nameOfUrn,
  ProviderRpcError,
  typeOfUrn,
  type CheckResult,
  type CreateResult,
  type DiffResult,
  type ReadResult,
  type StackConfig,
} from "./provider-rpc";
import {
  fromStruct,
  stripSecrets,
  toStruct,
  wrapSecret,
  type JsonValue,
  type PropertyMap,
} from "./properties";

export interface ProviderHostOptions {
  project: HostProject;
  /** @default "test" */
  stack?: string;
  /**
   * Environment of the host process on top of PATH, HOME and NODE_PATH. The test process's own
   * environment is not passed on, so a CLOUDFLARE_API_TOKEN of the developer cannot leak in.
   */
  env?: Record<string, string>;
  /** Set `PULUMI_NODEJS_ENGINE` so `pulumi.log` reaches the recording engine. @default true */
  logToEngine?: boolean;
  /** Deadline of each RPC. @default 120000 */
  rpcTimeoutMs?: number;
}

/** How long close() waits for the host to exit before it kills it. */
const EXIT_GRACE_MS = 2000;
/** How long start waits for the port line. */
const START_TIMEOUT_MS = 30_000;

/** Timings of one host start, for the benchmark. */
export interface HostStartTimings {
  /** Spawn to the port line on stdout. */
  portMs: number;
}

/** A running dynamic-provider host with a client connected to it. */
export class ProviderHost {
  readonly stack: string;
  readonly project: HostProject;
  readonly engine: EngineServer;
  readonly timings: HostStartTimings;
  private readonly child: ChildProcess;
  private readonly client: ResourceProviderClient;
  private readonly rpcTimeoutMs: number;
  private stdoutText = "";
  private stderrText = "";
  private exited: Promise<void>;
  private closed = false;

  private constructor(init: {
    options: ProviderHostOptions;
    engine: EngineServer;
    child: ChildProcess;
    port: number;
    timings: HostStartTimings;
    stdout: () => string;
    stderr: () => string;
    exited: Promise<void>;
  }) {
    this.project = init.options.project;
    this.stack = init.options.stack ?? "test";
    this.engine = init.engine;
    this.child = init.child;
    this.timings = init.timings;
    this.rpcTimeoutMs = init.options.rpcTimeoutMs ?? 120_000;
    this.client = new ResourceProviderClient(`127.0.0.1:${init.port}`, grpc.credentials.createInsecure());
    this.readStdout = init.stdout;
    this.readStderr = init.stderr;
    this.exited = init.exited;
  }

  private readonly readStdout: () => string;
  private readonly readStderr: () => string;

  /** Starts an engine and a host; resolves once the host printed its port. */
  static async start(options: ProviderHostOptions): Promise<ProviderHost> {
    const engine = await startEngine();
    const { project } = options;
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? project.dir,
      NODE_PATH: project.nodePath,
      PULUMI_NODEJS_PROJECT: project.project,
      PULUMI_PROJECT: project.project,
      ...(options.logToEngine === false ? {} : { PULUMI_NODEJS_ENGINE: engine.address }),
      ...options.env,
    };
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [join(project.dir, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider"), engine.address],
      { cwd: project.dir, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    let stderr = "";
    child.stdout?.setEncoding("utf8");
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => (stderr += chunk));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let port: number;
    try {
      port = await new Promise<number>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`dynamic-provider host printed no port within ${START_TIMEOUT_MS} ms`)),
          START_TIMEOUT_MS,
        );
        child.once("exit", (code) => {
          clearTimeout(timer);
          reject(new Error(`dynamic-provider host exited with ${String(code)} before its port:\n${stderr}`));
        });
        child.stdout?.on("data", (chunk: string) => {
          stdout += chunk;
          const line = /^(\d+)\n/.exec(stdout);
          if (line !== null) {
            clearTimeout(timer);
            resolve(Number(line[1]));
          }
        });
      });
    } catch (err) {
      child.kill("SIGKILL");
      await engine.stop();
      throw err;
    }
    const timings = { portMs: performance.now() - started };
    const host = new ProviderHost({
      options,
      engine,
      child,
      port,
      timings,
      stdout: () => stdout.replace(/^\d+\n/, ""),
      stderr: () => stderr,
      exited,
    });
    await host.handshake();
    return host;
  }

  /** What the host printed on stdout after its port line. */
  get stdout(): string {
    return this.readStdout();
  }

  /** What the host printed on stderr. */
  get stderr(): string {
    return this.readStderr();
  }

  /** Whether the host process is still running. */
  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  makeUrn(name: string, type = DYNAMIC_RESOURCE_TYPE): string {
    return makeUrn(this.stack, this.project.project, type, name);
  }

  private call<Req, Res>(
    method: string,
    invoke: (
      req: Req,
      metadata: grpc.Metadata,
      options: Partial<grpc.CallOptions>,
      callback: (err: grpc.ServiceError | null, res: Res) => void,
    ) => grpc.ClientUnaryCall,
    req: Req,
  ): Promise<Res> {
    if (this.closed) return Promise.reject(new Error(`${method}: the provider host is closed`));
    return new Promise((resolve, reject) => {
      invoke.call(
        this.client,
        req,
        new grpc.Metadata(),
        { deadline: Date.now() + this.rpcTimeoutMs },
        (err: grpc.ServiceError | null, res: Res) => {
          if (err !== null) reject(new ProviderRpcError(method, err.code, err.details));
          else resolve(res);
        },
      );
    });
  }

  /** The engine's first call; the Node host answers UNIMPLEMENTED, which the engine accepts. */
  private async handshake(): Promise<void> {
    const req = new ProviderHandshakeRequest();
    req.setEngineAddress(this.engine.address);
    req.setRootDirectory(this.project.dir);
    req.setProgramDirectory(this.project.dir);
    req.setConfigureWithUrn(true);
    try {
      await this.call("Handshake", this.client.handshake, req);
    } catch (err) {
      if (!(isProviderRpcError(err) && err.code === grpc.status.UNIMPLEMENTED)) throw err;
    }
  }

  /** Configure with the stack config, as the engine sends it to a dynamic provider. */
  async configure(config: StackConfig): Promise<{ acceptSecrets: boolean }> {
    const req = requestFor(this.makeUrn("default", "pulumi:providers:pulumi-nodejs"), new ConfigureRequest());
    const args: Record<string, JsonValue> = {};
    const variables = req.getVariablesMap();
    for (const [key, value] of Object.entries(config)) {
      const plain = typeof value === "string" ? value : value.secret;
      args[key] = typeof value === "string" ? value : wrapSecret(value.secret);
      variables.set(`pulumi-nodejs:config:${key}`, plain);
    }
    req.setArgs(toStruct(args));
    req.setAcceptsecrets(true);
    req.setAcceptresources(true);
    req.setSendsOldInputs(true);
    req.setSendsOldInputsToDelete(true);
    const res = await this.call("Configure", this.client.configure, req);
    return { acceptSecrets: res.getAcceptsecrets() };
  }

  /** Check(olds = previous inputs, news = program inputs); secrets are stripped as the engine does. */
  async check(args: { urn: string; olds?: PropertyMap; news: PropertyMap }): Promise<CheckResult> {
    const req = requestFor(args.urn, new CheckRequest());
    req.setOlds(struct(args.olds ?? {}));
    req.setNews(struct(args.news));
    const res = await this.call("Check", this.client.check, req);
    return {
      inputs: fromStruct(res.getInputs()),
      failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
    };
  }

  /** Diff(olds = old outputs, oldInputs, news = checked new inputs). */
  async diff(args: ChangeArgs): Promise<DiffResult> {
    const req = requestFor(args.urn, new DiffRequest());
    req.setId(args.id);
    req.setOlds(struct(args.olds));
    req.setOldInputs(struct(args.oldInputs));
    req.setNews(struct(args.news));
    const res = await this.call("Diff", this.client.diff, req);
    const changes = res.getChanges();
    return {
      changes:
        changes === DiffResponse.DiffChanges.DIFF_NONE
          ? "none"
          : changes === DiffResponse.DiffChanges.DIFF_SOME
            ? "some"
            : "unknown",
      replaces: res.getReplacesList(),
      stables: res.getStablesList(),
      deleteBeforeReplace: res.getDeletebeforereplace(),
      diffs: res.getDiffsList(),
    };
  }

  async create(args: { urn: string; properties: PropertyMap }): Promise<CreateResult> {
    const req = requestFor(args.urn, new CreateRequest());
    req.setProperties(struct(args.properties));
    const res = await this.call("Create", this.client.create, req);
    return { id: res.getId(), properties: fromStruct(res.getProperties()) };
  }

  /** Read(id, properties = current outputs, inputs = current inputs): refresh and import. */
  async read(args: {
    urn: string;
    id: string;
    properties: PropertyMap;
    inputs: PropertyMap;
  }): Promise<ReadResult> {
    const req = requestFor(args.urn, new ReadRequest());
    req.setId(args.id);
    req.setProperties(struct(args.properties));
    req.setInputs(struct(args.inputs));
    const res = await this.call("Read", this.client.read, req);
    return {
      id: res.getId(),
      properties: fromStruct(res.getProperties()),
      inputs: res.hasInputs() ? fromStruct(res.getInputs()) : undefined,
    };
  }

  /** Update(olds = old outputs, oldInputs, news = checked new inputs). */
  async update(args: ChangeArgs): Promise<{ properties: PropertyMap }> {
    const req = requestFor(args.urn, new UpdateRequest());
    req.setId(args.id);
    req.setOlds(struct(args.olds));
    req.setOldInputs(struct(args.oldInputs));
    req.setNews(struct(args.news));
    const res = await this.call("Update", this.client.update, req);
    return { properties: fromStruct(res.getProperties()) };
  }

  /** Delete(id, properties = outputs, oldInputs). */
  async delete(args: {
    urn: string;
    id: string;
    properties: PropertyMap;
    oldInputs: PropertyMap;
  }): Promise<void> {
    const req = requestFor(args.urn, new DeleteRequest());
    req.setId(args.id);
    req.setProperties(struct(args.properties));
    req.setOldInputs(struct(args.oldInputs));
    await this.call<DeleteRequest, Empty>("Delete", this.client.delete, req);
  }

  /**
   * Closes the client, asks the host to exit (SIGTERM, as the engine's plugin shutdown does), kills
   * it after a grace period, and stops the engine. Bounded: never waits longer than a few seconds.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.client.close();
    if (this.running) {
      this.child.kill("SIGTERM");
      const timedOut = await Promise.race([
        this.exited.then(() => false),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(true), EXIT_GRACE_MS).unref()),
      ]);
      if (timedOut) {
        this.child.kill("SIGKILL");
        await Promise.race([
          this.exited,
          new Promise((resolve) => setTimeout(resolve, EXIT_GRACE_MS).unref()),
        ]);
      }
    }
    await this.engine.stop();
  }
}

/** Diff's and Update's arguments. */
type ChangeArgs = { urn: string; id: string; olds: PropertyMap; oldInputs: PropertyMap; news: PropertyMap };

function struct(properties: PropertyMap) {
  return toStruct(stripSecrets(properties) as PropertyMap);
}

/** Sets the resource a request is about (URN, name, type), as the engine does on every request. */
function requestFor<Req extends Record<"setUrn" | "setName" | "setType", (v: string) => unknown>>(
  urn: string,
  req: Req,
): Req {
  req.setUrn(urn);
  req.setName(nameOfUrn(urn));
  req.setType(typeOfUrn(urn));
  return req;
}
