/**
 * Provider settings: Pulumi config keys first, the environment second, malformed values refused
 * with the key and the fix; credentials from either source reach the API, and none of them ever
 * shows in a message.
 */
import { accountNameserverSetProvider as provider, readProviderSettings } from "../../provider/resources";
import { useEmulator } from "../helpers/use-emulator";
import {
  ACCOUNT,
  catchError,
  countRequests,
  emulatorConfig,
  makeConfigureRequest,
  useRuntime,
} from "./use-runtime";

const emulator = useEmulator();
const { runtime } = useRuntime(emulator);

const source = (values: Record<string, string>): { get(key: string): string | undefined } => ({
  get: (key) => values[key],
});

describe("readProviderSettings", () => {
  test("reads the cloudflare: keys and the cloudflare-acns: pacing keys", () => {
    const settings = readProviderSettings(
      source({
        "cloudflare:apiToken": "t",
        "cloudflare:baseUrl": "http://127.0.0.1:1/client/v4",
        "cloudflare-acns:requestsPerSecond": "2.5",
        "cloudflare-acns:burst": "3",
        "cloudflare-acns:maxAttempts": "7",
        "cloudflare-acns:timeoutMs": "1000",
        "cloudflare-acns:retryBaseDelayMs": "0",
      }),
      {},
    );
    expect(settings).toEqual({
      apiToken: "t",
      baseUrl: "http://127.0.0.1:1/client/v4",
      requestsPerSecond: 2.5,
      burst: 3,
      maxAttempts: 7,
      timeoutMs: 1000,
      baseDelayMs: 0,
    });
  });

  test("falls back to the environment for pacing; config wins; credentials stay with the client's variables", () => {
    const env = {
      CLOUDFLARE_ACNS_REQUESTS_PER_SECOND: "1",
      CLOUDFLARE_ACNS_MAX_ATTEMPTS: "9",
      CLOUDFLARE_API_TOKEN: "from-env",
    };
    expect(readProviderSettings(source({ "cloudflare-acns:maxAttempts": "2" }), env)).toEqual({
      requestsPerSecond: 1,
      maxAttempts: 2,
    });
    expect(readProviderSettings(undefined, {})).toEqual({});
  });

  test("a config that cannot be read (no Configure call) counts as empty", () => {
    const broken = {
      get: (): string | undefined => {
        throw new TypeError("Cannot read properties of undefined");
      },
    };
    expect(readProviderSettings(broken, {})).toEqual({});
  });

  test("refuses malformed numbers, naming the key or variable and the fix", () => {
    expect(() => readProviderSettings(source({ "cloudflare-acns:maxAttempts": "0" }), {})).toThrow(
      'config cloudflare-acns:maxAttempts must be a whole number of at least 1, got "0"; set it with ' +
        "`pulumi config set cloudflare-acns:maxAttempts 5` or remove it to use the default",
    );
    expect(() => readProviderSettings(undefined, { CLOUDFLARE_ACNS_REQUESTS_PER_SECOND: "fast" })).toThrow(
      'environment variable CLOUDFLARE_ACNS_REQUESTS_PER_SECOND must be a positive number, got "fast"; set it ' +
        "with `export CLOUDFLARE_ACNS_REQUESTS_PER_SECOND=4` or remove it to use the default",
    );
  });
});

describe("configure", () => {
  const nameservers = ["ns1.set4.example", "ns2.set4.example"];
  const saved = { ...process.env };

  afterEach(() => {
    process.env = { ...saved };
  });

  test("the global API key with its email works as well as a token", async () => {
    runtime.resetSession();
    await runtime.configure(
      makeConfigureRequest({
        ...emulatorConfig(emulator.url),
        "cloudflare:apiToken": "",
        "cloudflare:apiKey": "acns-demo-global-api-key",
        "cloudflare:email": "ops@example.com",
      }),
    );
    const created = await provider.create({ accountId: ACCOUNT, nsSet: 4, nameservers });
    expect(created.id).toBe(`${ACCOUNT}/4`);
  });

  test("without credentials in config, the environment's token is used", async () => {
    process.env.CLOUDFLARE_API_TOKEN = "acns-demo-token";
    runtime.resetSession();
    const { "cloudflare:apiToken": _token, ...withoutToken } = emulatorConfig(emulator.url);
    await runtime.configure(makeConfigureRequest(withoutToken));
    const created = await provider.create({ accountId: ACCOUNT, nsSet: 4, nameservers });
    expect(created.id).toBe(`${ACCOUNT}/4`);
  });

  test("without any credentials the error names the config keys and variables", async () => {
    delete process.env.CLOUDFLARE_API_TOKEN;
    delete process.env.CLOUDFLARE_API_KEY;
    delete process.env.CLOUDFLARE_EMAIL;
    runtime.resetSession();
    const { "cloudflare:apiToken": _token, ...withoutToken } = emulatorConfig(emulator.url);
    await runtime.configure(makeConfigureRequest(withoutToken));
    const err = await catchError(provider.create({ accountId: ACCOUNT, nsSet: 4, nameservers }));
    expect(err.message).toBe(
      `AccountNameserverSet accountId "${ACCOUNT}": no usable Cloudflare credentials (no Cloudflare credentials ` +
        "found; pass apiToken (or apiKey with email) in the client options, or set CLOUDFLARE_API_TOKEN (or " +
        "CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL)); set cloudflare:apiToken (pulumi config set --secret " +
        "cloudflare:apiToken <token>) or CLOUDFLARE_API_TOKEN, or cloudflare:apiKey with cloudflare:email",
    );
  });

  test("configuring each resource type with the same settings keeps one session and its cache", async () => {
    const check = { accountId: ACCOUNT, nsSet: 4, nameservers };
    await provider.check?.({}, check);
    await runtime.configure(makeConfigureRequest(emulatorConfig(emulator.url)));
    await provider.check?.({}, { ...check, nsSet: 5 });
    expect(countRequests(emulator)).toEqual({ "GET /accounts/{account_id}/custom_ns": 1 });
  });

  test("a malformed pacing value fails configure with the key", async () => {
    await expect(
      runtime.configure(makeConfigureRequest({ "cloudflare-acns:burst": "many" })),
    ).rejects.toThrow('config cloudflare-acns:burst must be a whole number of at least 1, got "many"');
  });
});
