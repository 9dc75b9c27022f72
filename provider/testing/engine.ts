/**
 * A minimal Pulumi engine gRPC server (the `pulumirpc.Engine` service) for the dynamic-provider
 * host: it records every Log call so tests can read exactly what a provider logged, and answers
 * the few other engine calls a provider process may make.
 */
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { EngineService } from "@pulumi/pulumi/proto/engine_grpc_pb";
import {
  GetRootResourceResponse,
  LogSeverity,
  SetRootResourceResponse,
  type GetRootResourceRequest,
  type LogRequest,
  type RequirePulumiVersionRequest,
  RequirePulumiVersionResponse,
  type SetRootResourceRequest,
  type StartDebuggingRequest,
} from "@pulumi/pulumi/proto/engine_pb";

/** One message a provider sent to the engine's Log method. */
export interface EngineLogRecord {
  severity: "debug" | "info" | "warning" | "error";
  message: string;
  urn: string;
  streamId: number;
  ephemeral: boolean;
}

/** A running engine server. */
export interface EngineServer {
  /** `127.0.0.1:PORT`, what the engine passes to a plugin. */
  readonly address: string;
  /** Every log message received, in order. */
  readonly logs: readonly EngineLogRecord[];
  /** Forgets the recorded logs. */
  clearLogs(): void;
  /** Shuts the server down (in-flight calls are cancelled). */
  stop(): Promise<void>;
}

const SEVERITIES: Record<number, EngineLogRecord["severity"]> = {
  [LogSeverity.DEBUG]: "debug",
  [LogSeverity.INFO]: "info",
  [LogSeverity.WARNING]: "warning",
  [LogSeverity.ERROR]: "error",
};

/** Starts an engine server on a free loopback port. */
export async function startEngine(): Promise<EngineServer> {
  let logs: EngineLogRecord[] = [];
  let rootUrn = "";
  const server = new grpc.Server();
  server.addService(EngineService, {
    log(call: grpc.ServerUnaryCall<LogRequest, Empty>, callback: grpc.sendUnaryData<Empty>) {
      const req = call.request;
      logs.push({
        severity: SEVERITIES[req.getSeverity()] ?? "info",
        message: req.getMessage(),
        urn: req.getUrn(),
        streamId: req.getStreamid(),
        ephemeral: req.getEphemeral(),
      });
      callback(null, new Empty());
    },
    getRootResource(
      _call: grpc.ServerUnaryCall<GetRootResourceRequest, GetRootResourceResponse>,
      callback: grpc.sendUnaryData<GetRootResourceResponse>,
    ) {
      const resp = new GetRootResourceResponse();
      resp.setUrn(rootUrn);
      callback(null, resp);
    },
    setRootResource(
      call: grpc.ServerUnaryCall<SetRootResourceRequest, SetRootResourceResponse>,
      callback: grpc.sendUnaryData<SetRootResourceResponse>,
    ) {
      rootUrn = call.request.getUrn();
      callback(null, new SetRootResourceResponse());
    },
    startDebugging(
      _call: grpc.ServerUnaryCall<StartDebuggingRequest, Empty>,
      callback: grpc.sendUnaryData<Empty>,
    ) {
      callback(null, new Empty());
    },
    requirePulumiVersion(
      _call: grpc.ServerUnaryCall<RequirePulumiVersionRequest, RequirePulumiVersionResponse>,
      callback: grpc.sendUnaryData<RequirePulumiVersionResponse>,
    ) {
      callback(null, new RequirePulumiVersionResponse());
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, bound) =>
      err === null ? resolve(bound) : reject(err),
    );
  });
  return {
    address: `127.0.0.1:${port}`,
    get logs() {
      return logs;
    },
    clearLogs() {
      logs = [];
    },
    stop: () => stopServer(server),
  };
}

/** Graceful shutdown, forced after a second so a stuck call cannot hold a test open. */
function stopServer(server: grpc.Server): Promise<void> {
  return new Promise((resolve) => {
    const force = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, 1000);
    server.tryShutdown(() => {
      clearTimeout(force);
      resolve();
    });
  });
}
