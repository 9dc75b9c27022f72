/**
 * Program-side warning for credentials kept in stack config without `--secret`. Pulumi records the
 * whole stack config as the state of the `pulumi-nodejs` provider that runs dynamic resources, so
 * a plain `cloudflare:apiToken` ends up readable in `pulumi stack export`. Our own serialized
 * providers never hold credentials; this catches the one leak we cannot prevent ourselves.
 */
import * as pulumi from "@pulumi/pulumi";
import * as runtimeConfig from "@pulumi/pulumi/runtime/config";
import { formatWordList } from "../core/wording";
import { ProviderConfigKeys } from "./provider-config";

const CREDENTIAL_KEYS = [ProviderConfigKeys.apiToken, ProviderConfigKeys.apiKey] as const;

let warned = false;

/**
 * Warns once per program when `cloudflare:apiToken` or `cloudflare:apiKey` is set in stack config
 * but not as a secret. Never prints the value.
 */
export function warnAboutPlainCredentials(): void {
  if (warned) return;
  const plain = CREDENTIAL_KEYS.filter(
    (key) => pulumi.runtime.getConfig(key) !== undefined && !isConfigSecret(key),
  );
  if (plain.length === 0) return;
  warned = true;
  void pulumi.log.warn(
    `${formatWordList(plain)} ${plain.length === 1 ? "is" : "are"} set in stack config without --secret, so ` +
      "Pulumi stores it in plain text in this stack's state (the pulumi-nodejs provider's inputs); " +
      `set it again with \`pulumi config set --secret ${plain[0] ?? ""} <value>\`, or use the environment ` +
      "(CLOUDFLARE_API_TOKEN) instead",
  );
}

/** Forgets that the warning was given (tests). */
export function resetPlainCredentialsWarning(): void {
  warned = false;
}

// The SDK keeps which config keys are secret but exports the check only internally; without it we
// cannot tell, and stay silent rather than warn wrongly.
function isConfigSecret(key: string): boolean {
  const internal = runtimeConfig as { isConfigSecret?: (k: string) => boolean };
  return typeof internal.isConfigSecret === "function" ? internal.isConfigSecret(key) : true;
}
