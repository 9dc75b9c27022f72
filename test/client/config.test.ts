import { inspect } from "node:util";
import {
  createAcnsClient,
  isCloudflareClientError,
  resolveConnection,
  type ConnectionOptions,
} from "../../provider/client";

const TOKEN = "tok_0123456789secret";
const KEY = "key_abcdef9876secret";

function refusal(options: ConnectionOptions): { field: string; reason: string; message: string } {
  try {
    resolveConnection(options);
  } catch (err) {
    if (isCloudflareClientError(err)) return { field: err.field, reason: err.reason, message: err.message };
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("resolveConnection: credentials", () => {
  it("takes a token from the options", () => {
    expect(resolveConnection({ apiToken: TOKEN, env: {} })).toEqual({
      baseUrl: "https://api.cloudflare.com/client/v4",
      credentials: { kind: "token", apiToken: TOKEN },
      credentialsSource: "options",
    });
  });

  it("takes a key and email from the options", () => {
    expect(resolveConnection({ apiKey: KEY, email: "ops@example.com", env: {} }).credentials).toEqual({
      kind: "key",
      apiKey: KEY,
      email: "ops@example.com",
    });
  });

  it("prefers the options over the environment as a whole", () => {
    const env = { CLOUDFLARE_API_TOKEN: "env-token" };
    const resolved = resolveConnection({ apiKey: KEY, email: "ops@example.com", env });
    expect(resolved.credentials.kind).toBe("key");
    expect(resolved.credentialsSource).toBe("options");
  });

  it("reads CLOUDFLARE_API_TOKEN", () => {
    const resolved = resolveConnection({ env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    expect(resolved.credentials).toEqual({ kind: "token", apiToken: TOKEN });
    expect(resolved.credentialsSource).toBe("environment");
  });

  it("reads CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL", () => {
    const env = { CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_EMAIL: "ops@example.com" };
    expect(resolveConnection({ env }).credentials).toEqual({
      kind: "key",
      apiKey: KEY,
      email: "ops@example.com",
    });
  });

  it("prefers the environment's token over its key", () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_EMAIL: "ops@example.com" };
    expect(resolveConnection({ env }).credentials).toEqual({ kind: "token", apiToken: TOKEN });
  });

  it("treats empty and blank values as unset", () => {
    const env = { CLOUDFLARE_API_TOKEN: "  ", CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_EMAIL: "ops@example.com" };
    expect(resolveConnection({ apiToken: "", env }).credentials.kind).toBe("key");
  });

  it("names the variables to set when there are no credentials", () => {
    expect(refusal({ env: {} })).toEqual({
      field: "apiToken",
      reason: "credentials",
      message:
        "no Cloudflare credentials found; pass apiToken (or apiKey with email) in the client options, or set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)",
    });
  });

  it("names the missing half of a key pair in the environment, without the value", () => {
    const keyOnly = refusal({ env: { CLOUDFLARE_API_KEY: KEY } });
    expect(keyOnly).toEqual({
      field: "CLOUDFLARE_EMAIL",
      reason: "credentials",
      message:
        "CLOUDFLARE_API_KEY is set but CLOUDFLARE_EMAIL is not; set CLOUDFLARE_EMAIL to the account's email, or use CLOUDFLARE_API_TOKEN instead",
    });
    expect(refusal({ env: { CLOUDFLARE_EMAIL: "ops@example.com" } }).message).toBe(
      "CLOUDFLARE_EMAIL is set but CLOUDFLARE_API_KEY is not; set CLOUDFLARE_API_KEY, or use CLOUDFLARE_API_TOKEN instead",
    );
  });

  it("names the missing half of a key pair in the options, without the value", () => {
    expect(refusal({ apiKey: KEY, env: {} }).message).toBe(
      "client options give apiKey without email; add the account's email, or use apiToken instead",
    );
    expect(refusal({ email: "ops@example.com", env: {} }).message).toBe(
      "client options give email without apiKey; add apiKey, or use apiToken instead",
    );
  });

  it("refuses a token together with a key in the options", () => {
    expect(refusal({ apiToken: TOKEN, apiKey: KEY, email: "ops@example.com", env: {} }).message).toBe(
      "client options give both apiToken and apiKey/email; give either apiToken, or apiKey with email",
    );
  });

  it("never puts a credential in any of these messages", () => {
    const cases: ConnectionOptions[] = [
      { apiKey: KEY, env: {} },
      { apiToken: TOKEN, apiKey: KEY, env: {} },
      { env: { CLOUDFLARE_API_KEY: KEY } },
      { apiToken: TOKEN, baseUrl: `not a url ${TOKEN}`, env: {} },
      { apiToken: TOKEN, baseUrl: `https://user:${TOKEN}@api.example.com/client/v4`, env: {} },
    ];
    for (const options of cases) {
      const { message } = refusal(options);
      expect(message).not.toContain(TOKEN);
      expect(message).not.toContain(KEY);
    }
  });
});

describe("resolveConnection: base URL", () => {
  it("reads CLOUDFLARE_BASE_URL and drops a trailing slash", () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: "http://127.0.0.1:8787/client/v4/" };
    expect(resolveConnection({ env }).baseUrl).toBe("http://127.0.0.1:8787/client/v4");
  });

  it("prefers the option over the environment", () => {
    const env = { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: "http://127.0.0.1:1111/client/v4" };
    expect(resolveConnection({ baseUrl: "http://127.0.0.1:2222/client/v4", env }).baseUrl).toBe(
      "http://127.0.0.1:2222/client/v4",
    );
  });

  it.each([
    [
      { baseUrl: "api.cloudflare.com" },
      "baseUrl",
      'baseUrl "api.cloudflare.com" is not a URL; use e.g. https://api.cloudflare.com/client/v4 or http://127.0.0.1:PORT/client/v4',
    ],
    [
      { baseUrl: "ftp://example.com/client/v4" },
      "baseUrl",
      'baseUrl must use http or https, got "ftp:"; use e.g. https://api.cloudflare.com/client/v4',
    ],
    [
      { baseUrl: "https://u:p@example.com/client/v4" },
      "baseUrl",
      "baseUrl must not contain a user name or password; pass credentials as apiToken or apiKey with email",
    ],
    [
      { baseUrl: "https://example.com/client/v4?x=1" },
      "baseUrl",
      'baseUrl must not have a query or fragment, got "?x=1"; remove it',
    ],
    [
      { env: { CLOUDFLARE_BASE_URL: "nope" } },
      "CLOUDFLARE_BASE_URL",
      'CLOUDFLARE_BASE_URL "nope" is not a URL; use e.g. https://api.cloudflare.com/client/v4 or http://127.0.0.1:PORT/client/v4',
    ],
  ])("refuses %j", (options, field, message) => {
    const { env, ...rest } = options as ConnectionOptions;
    expect(refusal({ apiToken: TOKEN, ...rest, env: env ?? {} })).toEqual({
      field,
      reason: "option",
      message,
    });
  });
});

describe("createAcnsClient", () => {
  it("reports where credentials came from and the base URL, nothing secret", () => {
    const client = createAcnsClient({ env: { CLOUDFLARE_API_TOKEN: TOKEN } });
    expect(client.baseUrl).toBe("https://api.cloudflare.com/client/v4");
    expect(client.credentialsSource).toBe("environment");
    expect(JSON.stringify(client)).toBe(
      '{"baseUrl":"https://api.cloudflare.com/client/v4","credentialsSource":"environment"}',
    );
    expect(inspect(client, { depth: 10 })).not.toContain(TOKEN);
  });

  it("shares one pacer between clients with the same base URL, credentials and pace", () => {
    const env = {};
    const a = createAcnsClient({ apiToken: TOKEN, env });
    const b = createAcnsClient({ apiToken: TOKEN, env });
    expect(b.pacer).toBe(a.pacer);
    expect(createAcnsClient({ apiToken: "other-token", env }).pacer).not.toBe(a.pacer);
    expect(
      createAcnsClient({ apiToken: TOKEN, env, baseUrl: "http://127.0.0.1:9/client/v4" }).pacer,
    ).not.toBe(a.pacer);
    expect(createAcnsClient({ apiToken: TOKEN, env, requestsPerSecond: 2 }).pacer).not.toBe(a.pacer);
    expect(createAcnsClient({ apiToken: TOKEN, env, sharePacing: false }).pacer).not.toBe(a.pacer);
    expect(createAcnsClient({ apiToken: TOKEN, env, pacer: a.pacer, requestsPerSecond: 2 }).pacer).toBe(
      a.pacer,
    );
    expect([a.pacer.requestsPerSecond, a.pacer.burst]).toEqual([4, 1]);
  });

  it("refuses a bad timeout before any request", () => {
    expect(() => createAcnsClient({ apiToken: TOKEN, env: {}, timeoutMs: 0 })).toThrow(
      "timeoutMs must be a whole number of milliseconds of at least 1, got 0; use e.g. 30000",
    );
  });
});
