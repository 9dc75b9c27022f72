/**
 * What the engine and the dynamic-provider host exchange, as the harness hands it to tests: stack
 * config, URNs, the results of the ResourceProvider calls and the error a failed call raises.
 */
import * as grpc from "@grpc/grpc-js";
import type { PropertyMap } from "./properties";

/** A stack config value: plain, or a secret (`pulumi config set --secret`). */
export type ConfigValue = string | { secret: string };
/** Stack config with namespaced keys, e.g. `{"cloudflare:apiToken": {secret: "..."}}`. */
export type StackConfig = Record<string, ConfigValue>;

/** The resource type `pulumi.dynamic.Resource` registers unless a module/type is given. */
export const DYNAMIC_RESOURCE_TYPE = "pulumi-nodejs:dynamic:Resource";

/** Builds a resource URN the way the engine does. */
export function makeUrn(stack: string, project: string, type: string, name: string): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** The resource name a URN ends with. */
export function nameOfUrn(urn: string): string {
  return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The resource type of a URN. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  return parts[parts.length - 2] ?? "";
}

/** A failed RPC: the gRPC status and the message the host sent (the provider's error message). */
export class ProviderRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: grpc.status,
    readonly details: string,
  ) {
    super(`${method} failed (${grpc.status[code] ?? code}): ${details}`);
    this.name = "ProviderRpcError";
  }
}

/** True for a {@link ProviderRpcError}. */
export function isProviderRpcError(err: unknown): err is ProviderRpcError {
  return err instanceof ProviderRpcError;
}

export interface CheckResult {
  inputs: PropertyMap;
  failures: { property: string; reason: string }[];
}

export interface DiffResult {
  changes: "none" | "some" | "unknown";
  replaces: string[];
  stables: string[];
  deleteBeforeReplace: boolean;
  diffs: string[];
}

export interface CreateResult {
  id: string;
  properties: PropertyMap;
}

export interface ReadResult {
  /** Empty when the provider reports that the resource no longer exists. */
  id: string;
  properties: PropertyMap;
  /** The inputs the provider returned, when it returned any. */
  inputs: PropertyMap | undefined;
}
