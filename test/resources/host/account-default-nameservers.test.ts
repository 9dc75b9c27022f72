/**
 * `AccountDefaultNameservers` through Pulumi's real dynamic-provider host: create -> no-op ->
 * update -> out-of-band drift -> refresh shows it -> delete restores the value found at create,
 * each step on a fresh host; unknown inputs during preview; a package upgrade.
 */
import { PROVIDER_KEY, UNKNOWN, type PropertyMap } from "../../harness";
import { ACME, TOKEN, useResourceHost } from "./setup";

const CLS = "AccountDefaultNameservers";

describe("AccountDefaultNameservers through the dynamic-provider host", () => {
  const { emu, h, command, registration, urn, inputs } = useResourceHost();

  const accountDefault = (): string | undefined =>
    emu.store.snapshot().accounts.find((a) => a.id === ACME)?.defaultNameservers;
  const requests = (): string[] =>
    emu.store.requestLog.list().map((r) => `${r.method} ${r.path} ${String(r.status)}`);
  const args = (type: string): PropertyMap => inputs(CLS, { accountId: ACME, type });
  const provider = (): unknown => args("custom.account")[PROVIDER_KEY];
  const settings = `/accounts/${ACME}/dns_settings`;

  it("registers the inputs the program gave", () => {
    const { type, inputs: registered } = registration(CLS);
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-acns:AccountDefaultNameservers");
    const { [PROVIDER_KEY]: text, ...rest } = registered;
    expect(rest).toEqual({ accountId: ACME, type: "custom.account" });
    expect(Buffer.byteLength(String(text))).toBeLessThanOrEqual(8 * 1024);
    expect(String(text)).not.toContain(TOKEN);
  });

  it("runs create -> no-op -> update -> drift -> refresh -> delete", async () => {
    const name = urn(CLS, "acme-default");
    expect(accountDefault()).toBe("cloudflare.standard");

    await command();
    const created = await h.stack.up(name, args("custom.account"));
    expect(created.op).toBe("create");
    expect(created.state?.id).toBe(ACME);
    expect(created.state?.outputs).toEqual({
      [PROVIDER_KEY]: provider(),
      accountId: ACME,
      type: "custom.account",
      previousType: "cloudflare.standard",
    });
    expect(accountDefault()).toBe("custom.account");
    // check's read (what diff compares with), then create's own read before its write.
    expect(requests()).toEqual([`GET ${settings} 200`, `GET ${settings} 200`, `PATCH ${settings} 200`]);

    await command();
    expect((await h.stack.preview(name, args("custom.account"))).op).toBe("same");
    expect((await h.stack.up(name, args("custom.account"))).op).toBe("same");
    // One read per check (preview, then up), no write.
    expect(requests()).toEqual([`GET ${settings} 200`, `GET ${settings} 200`]);

    await command();
    const updated = await h.stack.up(name, args("cloudflare.standard.random"));
    expect(updated.op).toBe("update");
    expect(updated.state?.outputs).toEqual({
      [PROVIDER_KEY]: provider(),
      accountId: ACME,
      type: "cloudflare.standard.random",
      previousType: "cloudflare.standard",
    });
    expect(accountDefault()).toBe("cloudflare.standard.random");

    emu.store.setAccountDefaultNameservers(ACME, "cloudflare.advanced");
    await command();
    const refreshed = await h.stack.refresh(name);
    expect(refreshed?.outputs.type).toBe("cloudflare.advanced");
    expect(refreshed?.inputs).toEqual({
      [PROVIDER_KEY]: provider(),
      accountId: ACME,
      type: "cloudflare.advanced",
    });
    expect(requests()).toEqual([`GET ${settings} 200`]);

    await command();
    const back = await h.stack.up(name, args("custom.account"));
    expect(back.op).toBe("update");
    expect(accountDefault()).toBe("custom.account");

    await command();
    await h.stack.destroy(name);
    expect(accountDefault()).toBe("cloudflare.standard");
    expect(h.findLeaks(TOKEN)).toEqual([]);
  }, 60_000);

  it("checks unknown inputs during preview without an API call", async () => {
    await command();
    const preview = await h.stack.preview(
      urn(CLS, "unknown"),
      inputs(CLS, { accountId: UNKNOWN, type: UNKNOWN }),
    );
    expect(preview.check.failures).toEqual([]);
    expect(preview.check.inputs).toEqual({ [PROVIDER_KEY]: provider(), accountId: UNKNOWN, type: UNKNOWN });
    expect(emu.store.requestLog.list()).toEqual([]);
  });

  it("treats a new __provider (a package upgrade) with the same inputs as no change", async () => {
    const name = urn(CLS, "upgrade");
    await command();
    await h.stack.up(name, args("custom.account"));
    await command();
    const result = await h.stack.up(name, {
      ...args("custom.account"),
      [PROVIDER_KEY]: `${String(provider())}\n// 0.2.0\n`,
    });
    expect(result.op).toBe("same");
    expect(requests()).toEqual([`GET /accounts/${ACME}/dns_settings 200`]);
    await command(); // pulumi destroy: a new provider process
    await h.stack.destroy(name);
    expect(accountDefault()).toBe("cloudflare.standard");
  }, 30_000);
});
