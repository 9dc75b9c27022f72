import * as pulumi from "@pulumi/pulumi";
import {
  resetPlainCredentialsWarning,
  warnAboutPlainCredentials,
} from "../../provider/resources/plain-credentials";
import { TOKEN } from "../emulator/fixtures";

describe("warnAboutPlainCredentials", () => {
  let warn: jest.SpyInstance;
  beforeEach(() => {
    resetPlainCredentialsWarning();
    warn = jest.spyOn(pulumi.log, "warn").mockImplementation(() => Promise.resolve());
  });
  afterEach(() => {
    warn.mockRestore();
    pulumi.runtime.setAllConfig({}, []);
  });

  it("warns once, without the value, when the token is in stack config without --secret", () => {
    pulumi.runtime.setAllConfig({ "cloudflare:apiToken": TOKEN }, []);
    warnAboutPlainCredentials();
    warnAboutPlainCredentials();
    expect(warn.mock.calls).toEqual([
      [
        "cloudflare:apiToken is set in stack config without --secret, so Pulumi stores it in plain text in " +
          "this stack's state (the pulumi-nodejs provider's inputs); set it again with " +
          "`pulumi config set --secret cloudflare:apiToken <value>`, or use the environment " +
          "(CLOUDFLARE_API_TOKEN) instead",
      ],
    ]);
    expect(JSON.stringify(warn.mock.calls)).not.toContain(TOKEN);
  });

  it("names both keys when the token and the global key are plain", () => {
    pulumi.runtime.setAllConfig({ "cloudflare:apiToken": TOKEN, "cloudflare:apiKey": "k" }, []);
    warnAboutPlainCredentials();
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/^cloudflare:apiToken and cloudflare:apiKey are set/);
  });

  it("stays silent for a secret token and for no token", () => {
    pulumi.runtime.setAllConfig({ "cloudflare:apiToken": TOKEN }, ["cloudflare:apiToken"]);
    warnAboutPlainCredentials();
    pulumi.runtime.setAllConfig({}, []);
    warnAboutPlainCredentials();
    expect(warn).not.toHaveBeenCalled();
  });
});
