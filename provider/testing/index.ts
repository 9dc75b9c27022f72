/**
 * Package entry `pulumi-cloudflare-acns/testing`: test ACNS programs against the emulator and
 * Pulumi's real dynamic-provider host, driven through its gRPC API the way the engine does (see
 * provider-host.ts for what is faithful to the engine and why). Needs no test runner: the package's
 * own jest hooks (`useProviderHost`) live in its test/harness. Needs `@pulumi/pulumi` installed.
 */
export { startEngine } from "./engine";
export type { EngineLogRecord, EngineServer } from "./engine";
export { createHostProject, PACKAGE_NAME, PACKAGE_ROOT } from "./project";
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
export { ProviderHost } from "./provider-host";
export type { HostStartTimings, ProviderHostOptions } from "./provider-host";
export { DYNAMIC_RESOURCE_TYPE, isProviderRpcError, makeUrn, ProviderRpcError } from "./provider-rpc";
export type {
  CheckResult,
  ConfigValue,
  CreateResult,
  DiffResult,
  ReadResult,
  StackConfig,
} from "./provider-rpc";
export {
  createPulumiEnv,
  findPulumiCli,
  findYamlLanguageHost,
  isCompatibleVersion,
  PINNED_PULUMI_VERSION,
  resolvePulumiCacheRoot,
} from "./pulumi-cli";
export type { PulumiCliLocation, PulumiEnvOptions } from "./pulumi-cli";
export { collectHostTargets, collectStateTargets, findSecretLeaks, spellSecret } from "./scan";
export type { ScanTarget } from "./scan";
export { registerResource, runSerializeJobs, serializeProvider } from "./serialize";
export type { Registration, SerializeJob, SerializeResult } from "./serialize-protocol";
export { CheckFailedError, HostedStack } from "./stack";
export type { ResourceState, StepOp, StepResult } from "./stack";
