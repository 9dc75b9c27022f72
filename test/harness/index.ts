/**
 * The provider-host harness: drives Pulumi's real dynamic-provider host through its gRPC API the
 * way the engine does. See provider-host.ts for what is faithful to the engine and why.
 */
export { startEngine } from "./engine";
export type { EngineLogRecord, EngineServer } from "./engine";
export { createHostProject, PACKAGE_NAME, REPO_ROOT } from "./project";
export type { HostProject, HostProjectOptions } from "./project";
export {
  containsUnknown,
  fromStruct,
  isSecretValue,
  PROVIDER_KEY,
  SECRET_SIG,
  SIG_KEY,
  stripSecrets,
  toStruct,
  UNKNOWN,
  wrapSecret,
} from "./properties";
export type { JsonValue, PropertyMap } from "./properties";
export {
  DYNAMIC_RESOURCE_TYPE,
  isProviderRpcError,
  makeUrn,
  ProviderHost,
  ProviderRpcError,
} from "./provider-host";
export type {
  CheckResult,
  ConfigValue,
  CreateResult,
  DiffResult,
  HostStartTimings,
  ProviderHostOptions,
  ReadResult,
  StackConfig,
} from "./provider-host";
export { collectHostTargets, collectStateTargets, findSecretLeaks, spellSecret } from "./scan";
export type { ScanTarget } from "./scan";
export { registerResource, runSerializeJobs, serializeProvider } from "./serialize";
export type { Registration, SerializeJob, SerializeResult } from "./serialize-protocol";
export { CheckFailedError, HostedStack } from "./stack";
export type { ResourceState, StepOp, StepResult } from "./stack";
export { useProviderHost } from "./use-provider-host";
export type { ProviderHostAccess, UseProviderHostOptions } from "./use-provider-host";
