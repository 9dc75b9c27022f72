import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { checkPluginConfig, readPluginSettings } from "../../provider/plugin/config";

const secret = (value: unknown) => ({ [specialSigKey]: specialSecretSig, value });

describe("the plugin's config", () => {
  it("reads its own keys, secret or not, into the settings the dynamic resources use", () => {
    const settings = readPluginSettings(
      { apiToken: secret("tok-123"), baseUrl: "http://127.0.0.1:8787/client/v4", burst: "3", maxAttempts: 2 },
      {},
    );
    expect(settings).toEqual({
      apiToken: "tok-123",
      baseUrl: "http://127.0.0.1:8787/client/v4",
      burst: 3,
      maxAttempts: 2,
    });
  });

  it("takes pacing from the environment when the config leaves it out", () => {
    expect(readPluginSettings({}, { CLOUDFLARE_ACNS_BURST: "7" })).toEqual({ burst: 7 });
  });

  it("marks the credentials secret in CheckConfig, so state never holds them in plain text", () => {
    const result = checkPluginConfig(
      { apiToken: "tok-123", apiKey: secret("key-9"), email: "ops@example.com" },
      {},
    );
    expect(result).toEqual({
      inputs: { apiToken: secret("tok-123"), apiKey: secret("key-9"), email: "ops@example.com" },
      failures: [],
    });
  });

  it("refuses a malformed pacing value on its key, with the fix", () => {
    const result = checkPluginConfig({ apiToken: "tok-123", burst: "0" }, {});
    expect(result.failures).toEqual([
      {
        property: "burst",
        reason:
          'config cloudflare-acns:burst must be a whole number of at least 1, got "0"; set it with `pulumi config set cloudflare-acns:burst 1` or remove it to use the default',
      },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("tok-123");
  });
});
