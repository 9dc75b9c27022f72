/**
 * The provider-host harness for this package's tests: the `pulumi-cloudflare-acns/testing` entry
 * point (provider/testing) plus its jest hooks, `useProviderHost()`.
 */
export * from "../../provider/testing";
export { useProviderHost } from "./use-provider-host";
export type { ProviderHostAccess, UseProviderHostOptions } from "./use-provider-host";
