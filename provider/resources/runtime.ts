/**
 * `pulumi-cloudflare-acns/runtime`: the implementations and the process's session, which the
 * serialized providers load by name in the dynamic-provider host. The host resolves the name from
 * the Pulumi project's directory, so the package must be in the project's node_modules.
 */
import type * as pulumi from "@pulumi/pulumi";
import { readProviderSettings } from "./provider-config";
import { configureSession, failSession } from "./session";

export { accountNameserverSet } from "./account-nameserver-set-runtime";
export { zoneAcnsBinding } from "./zone-acns-binding-runtime";
export { accountDefaultNameservers } from "./account-default-nameservers-runtime";
export { customNameserverSet } from "./custom-nameserver-set-runtime";
export { getSession, resetSession } from "./session";
export { captureWarnings } from "./shared";

/**
 * Reads credentials, base URL and pacing from the stack's config (`cloudflare:apiToken`, ...,
 * `cloudflare-acns:requestsPerSecond`, ...) with the environment as fallback, into this process's
 * memory only. Throws for a malformed pacing value, naming the key.
 */
export async function configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
  try {
    configureSession(readProviderSettings(req.config, process.env));
  } catch (err) {
    failSession(err instanceof Error ? err : new Error(String(err)));
    throw err;
  }
}
