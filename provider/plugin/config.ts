/**
 * The plugin's provider config: the `cloudflare-acns:` keys (`pulumi config set --secret
 * cloudflare-acns:apiToken ...`, or a `Provider` resource's inputs), read into the same settings
 * the dynamic resources read from `cloudflare:` keys (provider-config.ts), with the environment as
 * fallback. `checkConfig` marks the credentials secret, so the engine never writes them in plain
 * text into the provider's state, even when they were set without `--secret`.
 */
import type { CheckFailure, CheckResult } from "@pulumi/pulumi/provider";
import { readRecord } from "../resources/inputs";
import { readProviderSettings, type ConfigSource, type ProviderSettings } from "../resources/provider-config";
import { PULUMI_PACKAGE_NAME } from "../core/package-schema";
import { unwrapSecrets, wrapProperties } from "./properties";
import { getPackageSchema } from "./schema";

/** The config keys the package schema declares, without their `cloudflare-acns:` namespace. */
function listConfigKeys(): string[] {
  return Object.keys(getPackageSchema().config.variables);
}

/** The config keys the package schema marks secret (the credentials). */
function listSecretConfigKeys(): string[] {
  return Object.entries(getPackageSchema().config.variables)
    .filter(([, spec]) => spec.secret === true)
    .map(([key]) => key);
}

/**
 * The plugin's config as the `ConfigSource` the settings reader takes. That reader asks for the
 * dynamic resources' keys (`cloudflare:apiToken`, `cloudflare-acns:burst`); the plugin answers each
 * from its own key of the same name (`cloudflare-acns:apiToken`).
 */
export function pluginConfigSource(args: unknown): ConfigSource {
  const values = readRecord(unwrapSecrets(args));
  return {
    get(key: string): string | undefined {
      const value = values[key.slice(key.indexOf(":") + 1)];
      if (value === undefined || value === null) return undefined;
      return typeof value === "string" ? value : JSON.stringify(value);
    },
  };
}

/** The settings of a `Configure` request's arguments; throws naming the key of a malformed value. */
export function readPluginSettings(args: unknown, env: NodeJS.ProcessEnv): ProviderSettings {
  return readProviderSettings(pluginConfigSource(args), env);
}

/**
 * `CheckConfig`: the credentials wrapped as secrets, and a malformed pacing value refused on its
 * key (the message names the key and how to set it; it never holds a credential).
 */
export function checkPluginConfig(news: unknown, env: NodeJS.ProcessEnv): CheckResult {
  const inputs = wrapProperties(news, listSecretConfigKeys());
  const failures: CheckFailure[] = [];
  try {
    readPluginSettings(news, env);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const key = listConfigKeys().find((k) => reason.includes(`${PULUMI_PACKAGE_NAME}:${k} `)) ?? "";
    failures.push({ property: key, reason });
  }
  return { inputs, failures };
}
