/**
 * Where the resources' run-time side gets its connection and pacing: Pulumi config, read in the
 * dynamic provider's `configure()` with the keys @pulumi/cloudflare users already set, else the
 * environment. The values live only in the provider process's memory: never in inputs, outputs,
 * state or the serialized provider.
 *
 * @see https://www.pulumi.com/registry/packages/cloudflare/installation-configuration/
 */
import { ClientEnv, type AcnsClientOptions } from "../client";

/** Pulumi config keys the resources read (`pulumi config set --secret cloudflare:apiToken ...`). */
export const ProviderConfigKeys = {
  /** A Cloudflare API token; wins over the environment. */
  apiToken: "cloudflare:apiToken",
  /** The legacy global API key; needs `cloudflare:email`. */
  apiKey: "cloudflare:apiKey",
  /** The account email that goes with `cloudflare:apiKey`. */
  email: "cloudflare:email",
  /** The API base URL, e.g. `http://127.0.0.1:8787/client/v4` for the emulator. */
  baseUrl: "cloudflare:baseUrl",
  /** Client-side pace in requests per second. */
  requestsPerSecond: "cloudflare-acns:requestsPerSecond",
  /** Requests that may go back to back after an idle spell. */
  burst: "cloudflare-acns:burst",
  /** Attempts per API call, the first included. */
  maxAttempts: "cloudflare-acns:maxAttempts",
  /** Per-attempt timeout in milliseconds. */
  timeoutMs: "cloudflare-acns:timeoutMs",
  /** Backoff before the first retry, in milliseconds. */
  retryBaseDelayMs: "cloudflare-acns:retryBaseDelayMs",
} as const;

/**
 * Environment variables read when the config leaves a pacing key out. Credentials and the base URL
 * fall back to the client's variables ({@link ClientEnv}: `CLOUDFLARE_API_TOKEN`, ...).
 */
export const ProviderEnv = {
  requestsPerSecond: "CLOUDFLARE_ACNS_REQUESTS_PER_SECOND",
  burst: "CLOUDFLARE_ACNS_BURST",
  maxAttempts: "CLOUDFLARE_ACNS_MAX_ATTEMPTS",
  timeoutMs: "CLOUDFLARE_ACNS_TIMEOUT_MS",
  retryBaseDelayMs: "CLOUDFLARE_ACNS_RETRY_BASE_DELAY_MS",
} as const;

/** What `configure()` hands over: Pulumi's dynamic-provider `Config` has this method. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

/** The client options the resources use; everything left out falls back to the client's defaults and the environment. */
export type ProviderSettings = Pick<
  AcnsClientOptions,
  "apiToken" | "apiKey" | "email" | "baseUrl" | "requestsPerSecond" | "burst" | "maxAttempts" | "timeoutMs"
> & { baseDelayMs?: number | undefined };

type Environment = Readonly<Record<string, string | undefined>>;

type NumericKey = "requestsPerSecond" | "burst" | "maxAttempts" | "timeoutMs" | "retryBaseDelayMs";

/** What each numeric setting must be, as a test and the words of the message that refuses it. */
const NUMERIC_RULES: Record<NumericKey, { accept: (n: number) => boolean; want: string; example: string }> = {
  requestsPerSecond: { accept: (n) => n > 0, want: "a positive number", example: "4" },
  burst: { accept: (n) => Number.isInteger(n) && n >= 1, want: "a whole number of at least 1", example: "1" },
  maxAttempts: {
    accept: (n) => Number.isInteger(n) && n >= 1,
    want: "a whole number of at least 1",
    example: "5",
  },
  timeoutMs: {
    accept: (n) => Number.isInteger(n) && n >= 1,
    want: "a whole number of milliseconds of at least 1",
    example: "30000",
  },
  retryBaseDelayMs: { accept: (n) => n >= 0, want: "a number of milliseconds >= 0", example: "500" },
};

/**
 * Reads the settings from Pulumi config (when `configure()` ran) and the environment. Credentials
 * from config win over the environment as a whole, as the client does with its options. Throws an
 * `Error` naming the config key or variable for a malformed pacing value; never echoes a credential.
 */
export function readProviderSettings(config: ConfigSource | undefined, env: Environment): ProviderSettings {
  const settings: ProviderSettings = {};
  for (const key of ["apiToken", "apiKey", "email", "baseUrl"] as const) {
    const value = readConfig(config, ProviderConfigKeys[key]);
    if (value !== undefined) settings[key] = value;
  }
  for (const key of ["requestsPerSecond", "burst", "maxAttempts", "timeoutMs"] as const) {
    const value = readNumber(config, env, key);
    if (value !== undefined) settings[key] = value;
  }
  // The client's option has another name than the config key.
  const baseDelayMs = readNumber(config, env, "retryBaseDelayMs");
  if (baseDelayMs !== undefined) settings.baseDelayMs = baseDelayMs;
  return settings;
}

/** The credentials that settings or the environment hold, for scrubbing messages (never shown). */
export function listSecrets(settings: ProviderSettings, env: Environment): string[] {
  const secrets = [settings.apiToken, settings.apiKey, env[ClientEnv.API_TOKEN], env[ClientEnv.API_KEY]];
  return secrets.filter((s): s is string => s !== undefined && s.trim() !== "");
}

/** True when two settings are the same (so a second `configure()` keeps the session and its caches). */
export function isSameSettings(a: ProviderSettings, b: ProviderSettings): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)] as (keyof ProviderSettings)[]);
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

function readConfig(config: ConfigSource | undefined, key: string): string | undefined {
  if (config === undefined) return undefined;
  let value: unknown;
  try {
    value = config.get(key);
  } catch {
    // The host builds its Config over the engine's Configure arguments; without them get() throws.
    return undefined;
  }
  if (value === undefined || value === null) return undefined;
  const text = typeof value === "string" ? value : String(value);
  return text.trim() === "" ? undefined : text;
}

function readNumber(config: ConfigSource | undefined, env: Environment, key: NumericKey): number | undefined {
  const configKey = ProviderConfigKeys[key];
  const envName = ProviderEnv[key];
  const fromConfig = readConfig(config, configKey);
  const fromEnv = env[envName];
  const raw = fromConfig ?? (fromEnv === undefined || fromEnv.trim() === "" ? undefined : fromEnv);
  if (raw === undefined) return undefined;
  const source = fromConfig !== undefined ? `config ${configKey}` : `environment variable ${envName}`;
  const rule = NUMERIC_RULES[key];
  const value = /^\s*\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isFinite(value) || !rule.accept(value)) {
    const how =
      fromConfig !== undefined
        ? `pulumi config set ${configKey} ${rule.example}`
        : `export ${envName}=${rule.example}`;
    throw new Error(
      `${source} must be ${rule.want}, got ${JSON.stringify(raw)}; set it with \`${how}\` or remove it to use the default`,
    );
  }
  return value;
}
