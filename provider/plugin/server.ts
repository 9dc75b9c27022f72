/**
 * Serves the plugin with `@pulumi/pulumi/provider`'s `main`, replacing three of its gRPC handlers
 * that cannot do what this package needs (checked against @pulumi/pulumi 3.259,
 * `provider/server.js`):
 * - `Configure` answers without reading the config, so the provider never sees its credentials;
 * - `CheckConfig` is unimplemented, so the engine keeps a token set without `--secret` in plain text
 *   in the provider's state;
 * - `Diff` drops `detailedDiff` and the changed keys, so preview shows no per-field diff and
 *   `replaceOnChanges` sees nothing;
 * - `Read` fails on an import, which sends no properties ("Cannot read properties of undefined
 *   (reading 'toJavaScript')", the failure pulumi/pulumi#16175 reports for dynamic providers).
 * The SDK's server class is not exported, so the replacement happens where it is handed to gRPC:
 * `addService` is wrapped for the ResourceProvider service only, before `main` runs. Every other
 * handler (check, create, update, delete, construct, schema) is the SDK's own.
 */
import { dirname } from "node:path";
import * as provider from "@pulumi/pulumi/provider";
import type * as GrpcModule from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { configureSession, failSession } from "../resources/session";
import { setWarningSink } from "../resources/shared";
import { checkPluginConfig, readPluginSettings } from "./config";
import type { PropertyDiffKind } from "./detailed-diff";
import { pluginProvider } from "./provider";

type Callback = (err: unknown, value?: unknown) => void;
type Call<T> = { request: T };

const KINDS: Record<PropertyDiffKind, number> = {
  add: provproto.PropertyDiff.Kind.ADD,
  addReplace: provproto.PropertyDiff.Kind.ADD_REPLACE,
  delete: provproto.PropertyDiff.Kind.DELETE,
  deleteReplace: provproto.PropertyDiff.Kind.DELETE_REPLACE,
  update: provproto.PropertyDiff.Kind.UPDATE,
  updateReplace: provproto.PropertyDiff.Kind.UPDATE_REPLACE,
};

/** The config a `Configure` request carries: its arguments, else its `<package>:config:<key>` variables. */
function readConfigureArgs(req: provproto.ConfigureRequest): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const [name, value] of req.getVariablesMap().entries())
    args[name.slice(name.lastIndexOf(":") + 1)] = value;
  return { ...args, ...(req.getArgs()?.toJavaScript() ?? {}) };
}

const handlers = {
  configure(call: Call<provproto.ConfigureRequest>, callback: Callback): void {
    try {
      configureSession(readPluginSettings(readConfigureArgs(call.request), process.env));
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      failSession(error);
      callback(error);
      return;
    }
    const resp = new provproto.ConfigureResponse();
    resp.setAcceptsecrets(true);
    resp.setAcceptresources(true);
    resp.setAcceptoutputs(true);
    callback(undefined, resp);
  },

  checkConfig(call: Call<provproto.CheckRequest>, callback: Callback): void {
    const result = checkPluginConfig(call.request.getNews()?.toJavaScript() ?? {}, process.env);
    const resp = new provproto.CheckResponse();
    resp.setInputs(
      structproto.Struct.fromJavaScript(result.inputs as Record<string, structproto.JavaScriptValue>),
    );
    resp.setFailuresList(
      (result.failures ?? []).map((f) => {
        const failure = new provproto.CheckFailure();
        failure.setProperty(f.property);
        failure.setReason(f.reason);
        return failure;
      }),
    );
    callback(undefined, resp);
  },

  async diff(call: Call<provproto.DiffRequest>, callback: Callback): Promise<void> {
    try {
      const req = call.request;
      const olds = req.getOlds()?.toJavaScript() ?? {};
      const news = req.getNews()?.toJavaScript() ?? {};
      const oldInputs = req.getOldInputs()?.toJavaScript();
      const result = await pluginProvider.diff(req.getId(), req.getUrn(), olds, news, oldInputs);
      const resp = new provproto.DiffResponse();
      resp.setChanges(
        result.changes === true
          ? provproto.DiffResponse.DiffChanges.DIFF_SOME
          : result.changes === false
            ? provproto.DiffResponse.DiffChanges.DIFF_NONE
            : provproto.DiffResponse.DiffChanges.DIFF_UNKNOWN,
      );
      resp.setReplacesList(result.replaces ?? []);
      resp.setDeletebeforereplace(result.deleteBeforeReplace === true);
      resp.setDiffsList(result.diffs);
      const detailed = resp.getDetaileddiffMap();
      for (const [name, kind] of Object.entries(result.detailedDiff)) {
        const diff = new provproto.PropertyDiff();
        diff.setKind(KINDS[kind] as provproto.PropertyDiff.Kind);
        diff.setInputdiff(result.inputDiff);
        detailed.set(name, diff);
      }
      resp.setHasdetaileddiff(result.diffs.length > 0);
      callback(undefined, resp);
    } catch (err) {
      callback(err);
    }
  },

  async read(call: Call<provproto.ReadRequest>, callback: Callback): Promise<void> {
    try {
      const req = call.request;
      const result = await pluginProvider.read(
        req.getId(),
        req.getUrn(),
        req.getProperties()?.toJavaScript() ?? {},
      );
      const resp = new provproto.ReadResponse();
      resp.setId(result.id ?? "");
      resp.setProperties(
        structproto.Struct.fromJavaScript(result.props as Record<string, structproto.JavaScriptValue>),
      );
      if (result.inputs !== undefined) {
        resp.setInputs(
          structproto.Struct.fromJavaScript(result.inputs as Record<string, structproto.JavaScriptValue>),
        );
      }
      callback(undefined, resp);
    } catch (err) {
      callback(err);
    }
  },
};

/** The @grpc/grpc-js that @pulumi/pulumi itself loads (the one whose `Server` its `main` builds). */
function loadPulumiGrpc(): typeof GrpcModule {
  const pulumiRoot = dirname(require.resolve("@pulumi/pulumi/package.json"));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- resolved from @pulumi/pulumi's own folder
  return require(require.resolve("@grpc/grpc-js", { paths: [pulumiRoot] })) as typeof GrpcModule;
}

/** The SDK's reading of a plugin's arguments (its `main` reads them the same way; untyped in its .d.ts). */
function parsePluginArgs(args: string[]): { engineAddress: string } | undefined {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module's .d.ts declares no exports
  const internals = require("@pulumi/pulumi/provider/internals") as {
    parseArgs(args: string[]): { engineAddress: string } | undefined;
  };
  return internals.parseArgs(args);
}

/**
 * The run-time's warnings go to the engine's log: the engine hides a resource plugin's stderr
 * (only the dynamic-provider host's is shown). Without an engine address they stay on stderr.
 */
function logWarningsToEngine(grpc: typeof GrpcModule, args: string[]): void {
  const engineAddress = parsePluginArgs(args)?.engineAddress;
  if (engineAddress === undefined) return;
  const engine = new engrpc.EngineClient(engineAddress, grpc.credentials.createInsecure());
  setWarningSink((message) => {
    const req = new engproto.LogRequest();
    req.setSeverity(engproto.LogSeverity.WARNING);
    req.setMessage(message);
    engine.log(req, () => undefined);
  });
}

/** Starts the plugin: prints its port for the engine and serves until the engine stops it. */
export async function servePlugin(args: string[]): Promise<void> {
  const grpc = loadPulumiGrpc();
  logWarningsToEngine(grpc, args);
  const addService = grpc.Server.prototype.addService;
  grpc.Server.prototype.addService = function (service, implementation) {
    if (service === provrpc.ResourceProviderService) Object.assign(implementation, handlers);
    return addService.call(this, service, implementation);
  };
  await provider.main(pluginProvider, args);
}
