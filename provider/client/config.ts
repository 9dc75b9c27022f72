/**
 * Resolves where the client talks to and with which credentials, from its options or else the
 * environment, the same variables the official SDK and Terraform read. Errors name the options
 * and variables to set, never their values.
 *
 * @see ../../../shared/cloudflare-acns-api.md#envelope-errors-auth
 */
import { CloudflareClientError, redactSecrets } from "./errors";

/** Cloudflare's production API. */
export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

/** Environment variables the client reads when the options leave a value out. */
export const ClientEnv = {
  API_TOKEN: "CLOUDFLARE_API_TOKEN",
  API_KEY: "CLOUDFLARE_API_KEY",
  EMAIL: "CLOUDFLARE_EMAIL",
  BASE_URL: "CLOUDFLARE_BASE_URL",
} as const;

/** A Bearer token, or the legacy global API key with its account email. */
export type Credentials =
  { kind: "token"; apiToken: string } | { kind: "key"; apiKey: string; email: string };

/** What {@link resolveConnection} settles on. */
export interface Connection {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8787/client/v4`. */
  baseUrl: string;
  credentials: Credentials;
  /** Whether the credentials came from the options or from the environment. */
  credentialsSource: "options" | "environment";
}

/** Inputs of {@link resolveConnection}; a subset of the client options. */
export interface ConnectionOptions {
  /** @default env `CLOUDFLARE_BASE_URL`, else `https://api.cloudflare.com/client/v4` */
  baseUrl?: string | undefined;
  /** @default env `CLOUDFLARE_API_TOKEN` */
  apiToken?: string | undefined;
  /** Legacy global API key; needs `email`. @default env `CLOUDFLARE_API_KEY` */
  apiKey?: string | undefined;
  /** @default env `CLOUDFLARE_EMAIL` */
  email?: string | undefined;
  /** Environment to read instead of `process.env` (tests). @default process.env */
  env?: Readonly<Record<string, string | undefined>> | undefined;
}

/**
 * Pick the base URL and credentials. Options win over the environment as a whole: when any
 * credential option is given, the environment's credentials are not consulted. A token wins over
 * a key in the environment (both are often exported at once); in the options, giving both is
 * refused because the intent is unclear.
 */
export function resolveConnection(options: ConnectionOptions = {}): Connection {
  const env = options.env ?? process.env;
  const resolved = resolveCredentials(options, env);
  return { baseUrl: resolveBaseUrl(options.baseUrl, env, secretsOf(resolved.credentials)), ...resolved };
}

function resolveCredentials(
  options: ConnectionOptions,
  env: Readonly<Record<string, string | undefined>>,
): Pick<Connection, "credentials" | "credentialsSource"> {
  const refuse = (field: string, message: string): CloudflareClientError =>
    new CloudflareClientError("credentials", field, message);
  const token = nonEmpty(options.apiToken);
  const key = nonEmpty(options.apiKey);
  const email = nonEmpty(options.email);
  if (token !== undefined && (key !== undefined || email !== undefined)) {
    throw refuse(
      "apiToken",
      "client options give both apiToken and apiKey/email; give either apiToken, or apiKey with email",
    );
  }
  if (token !== undefined)
    return { credentials: { kind: "token", apiToken: token }, credentialsSource: "options" };
  if (key !== undefined || email !== undefined) {
    if (key === undefined) {
      throw refuse("apiKey", "client options give email without apiKey; add apiKey, or use apiToken instead");
    }
    if (email === undefined) {
      throw refuse(
        "email",
        "client options give apiKey without email; add the account's email, or use apiToken instead",
      );
    }
    return { credentials: { kind: "key", apiKey: key, email }, credentialsSource: "options" };
  }

  const envToken = nonEmpty(env[ClientEnv.API_TOKEN]);
  if (envToken !== undefined) {
    return { credentials: { kind: "token", apiToken: envToken }, credentialsSource: "environment" };
  }
  const envKey = nonEmpty(env[ClientEnv.API_KEY]);
  const envEmail = nonEmpty(env[ClientEnv.EMAIL]);
  if (envKey !== undefined && envEmail !== undefined) {
    return {
      credentials: { kind: "key", apiKey: envKey, email: envEmail },
      credentialsSource: "environment",
    };
  }
  if (envKey !== undefined) {
    throw refuse(
      ClientEnv.EMAIL,
      `${ClientEnv.API_KEY} is set but ${ClientEnv.EMAIL} is not; set ${ClientEnv.EMAIL} to the account's email, or use ${ClientEnv.API_TOKEN} instead`,
    );
  }
  if (envEmail !== undefined) {
    throw refuse(
      ClientEnv.API_KEY,
      `${ClientEnv.EMAIL} is set but ${ClientEnv.API_KEY} is not; set ${ClientEnv.API_KEY}, or use ${ClientEnv.API_TOKEN} instead`,
    );
  }
  throw refuse(
    "apiToken",
    `no Cloudflare credentials found; pass apiToken (or apiKey with email) in the client options, or set ${ClientEnv.API_TOKEN} (or ${ClientEnv.API_KEY} with ${ClientEnv.EMAIL})`,
  );
}

/** The secret parts of credentials, for {@link redactSecrets}. */
export function secretsOf(credentials: Credentials): string[] {
  return credentials.kind === "token" ? [credentials.apiToken] : [credentials.apiKey];
}

function resolveBaseUrl(
  given: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  secrets: readonly string[],
): string {
  const fromOptions = nonEmpty(given);
  const raw = fromOptions ?? nonEmpty(env[ClientEnv.BASE_URL]) ?? DEFAULT_BASE_URL;
  const field = fromOptions !== undefined ? "baseUrl" : ClientEnv.BASE_URL;
  const refuse = (problem: string): CloudflareClientError =>
    new CloudflareClientError("option", field, `${field} ${problem}`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw refuse(
      `${JSON.stringify(redactSecrets(raw, secrets))} is not a URL; use e.g. ${DEFAULT_BASE_URL} or http://127.0.0.1:PORT/client/v4`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw refuse(`must use http or https, got ${JSON.stringify(url.protocol)}; use e.g. ${DEFAULT_BASE_URL}`);
  }
  // Userinfo would end up in every error message that names the URL; credentials go in the options.
  if (url.username !== "" || url.password !== "") {
    throw refuse(
      "must not contain a user name or password; pass credentials as apiToken or apiKey with email",
    );
  }
  if (url.search !== "" || url.hash !== "") {
    throw refuse(
      `must not have a query or fragment, got ${JSON.stringify(url.search + url.hash)}; remove it`,
    );
  }
  return url.toString().replace(/\/+$/, "");
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}
