/**
 * Configure through the real host. The host caches a provider *before* it calls configure(), so a
 * configure() that throws fails that one call and the process then runs every later call on the
 * same provider without configure (pulumi/pulumi cmd/dynamic-provider getProvider). These tests
 * pin what the resources do with that.
 */
import { ProviderHost } from "../../harness";
import { ACME, TOKEN, makeConfig, useResourceHost } from "./setup";

const BAD_TIMEOUT =
  'config cloudflare-acns:timeoutMs must be a whole number of milliseconds of at least 1, got "soon"; ' +
  "set it with `pulumi config set cloudflare-acns:timeoutMs 30000` or remove it to use the default";

// Each test starts one to three host processes (a few seconds each on a busy 2-core machine, where
// Jest's default 5 s flaked); a minute is what the host's own start in beforeAll is allowed.
jest.setTimeout(60_000);

describe("configure through the dynamic-provider host", () => {
  const { emu, h, urn, inputs } = useResourceHost();
  const cls = "AccountDefaultNameservers";
  const args = () => inputs(cls, { accountId: ACME, type: "custom.account" });

  it("fails the first call with a message naming the malformed key", async () => {
    await h.restart();
    await h.host.configure(makeConfig(emu, { "cloudflare-acns:timeoutMs": "soon" }));
    await expect(h.host.check({ urn: urn(cls, "bad"), news: args() })).rejects.toThrow(
      `Check failed (UNKNOWN): ${BAD_TIMEOUT}`,
    );
    expect(emu.store.requestLog.list()).toEqual([]);
    await h.restart();
  });

  // The host caches the provider before configure() runs, so it keeps calling it after a failed
  // configure. With CLOUDFLARE_API_TOKEN / CLOUDFLARE_BASE_URL exported (common for @pulumi/cloudflare
  // users) those calls must not fall back to credentials and an endpoint the stack config did not choose.
  it("keeps refusing every later call after configure() failed, instead of using the environment", async () => {
    const host = await ProviderHost.start({
      project: h.project,
      env: { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: emu.url },
    });
    try {
      await host.configure(makeConfig(emu, { "cloudflare-acns:timeoutMs": "soon" }));
      await expect(host.check({ urn: urn(cls, "bad"), news: args() })).rejects.toThrow(BAD_TIMEOUT);
      await expect(host.check({ urn: urn(cls, "bad"), news: args() })).rejects.toThrow(BAD_TIMEOUT);
      await expect(host.create({ urn: urn(cls, "bad"), properties: args() })).rejects.toThrow(BAD_TIMEOUT);
      expect(emu.store.requestLog.list()).toEqual([]);
    } finally {
      await host.close();
    }
  });

  it("uses a global API key from secret config and writes it nowhere", async () => {
    const key = "acns-demo-global-api-key";
    await h.restart();
    const config = makeConfig(emu);
    delete config["cloudflare:apiToken"];
    const byKey = { ...config, "cloudflare:apiKey": { secret: key }, "cloudflare:email": "ops@example.com" };
    await h.host.configure(byKey);
    const name = urn(cls, "by-key");
    await h.stack.up(name, args());
    await h.restart(); // pulumi destroy: a new provider process
    await h.host.configure(byKey);
    await h.stack.destroy(name);
    expect(emu.store.requestLog.list().map((r) => `${r.method} ${r.principal ?? "-"}`)).toEqual([
      "GET ops@example.com", // check: what diff compares with
      "GET ops@example.com",
      "PATCH ops@example.com",
      "GET ops@example.com",
      "PATCH ops@example.com",
    ]);
    expect(h.findLeaks(key)).toEqual([]);
    await h.restart();
  });
});
