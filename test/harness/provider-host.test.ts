/**
 * The harness itself, driven with its own tiny provider (fixtures/nameserver-provider.ts) against
 * the emulator: the real dynamic-provider host starts, takes the engine's Configure (secret config
 * included), runs each CRUD call on the serialized provider, reports unknowns, failures and
 * errors as the engine would see them, and every scan finds what it should.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedInput } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import {
  CheckFailedError,
  findSecretLeaks,
  ProviderRpcError,
  PROVIDER_KEY,
  UNKNOWN,
  useProviderHost,
  type PropertyMap,
} from "./index";
import { ACME } from "../emulator/fixtures";

const TOKEN = "harness-test-token-5b1f0c8e9d2a";
const FIXTURE = join(__dirname, "fixtures", "nameserver-provider.ts");

function loadSeed(): SeedInput {
  const seed = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "examples", "seed.json"), "utf8"),
  ) as SeedInput;
  return { ...seed, tokens: [...(seed.tokens ?? []), { name: "harness", value: TOKEN, accountIds: [ACME] }] };
}

describe("provider-host harness", () => {
  const emu = useEmulator({ seed: loadSeed() });
  const h = useProviderHost({
    config: () => ({
      "cloudflare:apiToken": { secret: TOKEN },
      "cloudflare:baseUrl": emu.url,
    }),
  });
  let providerText = "";

  beforeAll(async () => {
    providerText = await h.serializeProvider(FIXTURE, "nameserverProvider");
  }, 60_000);

  const inputs = (extra: PropertyMap = {}): PropertyMap => ({
    [PROVIDER_KEY]: providerText,
    accountId: ACME,
    nsName: "ns9.example.org",
    ...extra,
  });
  const listNames = (): string[] => emu.store.listNameservers(ACME).map((ns) => ns.ns_name);
  const urn = (): string => h.host.makeUrn("ns9");

  it("serializes the provider as pulumi.dynamic.Resource does: an exports.handler module, no token", () => {
    expect(providerText.startsWith("exports.handler = __f0;\n")).toBe(true);
    expect(providerText).toContain(
      "var __provider = {configure: __f1, check: __f2, diff: __f3, create: __f4,",
    );
    expect(providerText).toContain("return async function /*configure*/(req){");
    expect(findSecretLeaks(TOKEN, [{ where: "provider", text: providerText }])).toEqual([]);
  });

  it("registers a resource class under mocks with the same __provider text", async () => {
    const registration = await h.registerResource(FIXTURE, "NameserverRecord", "ns9", {
      accountId: ACME,
      nsName: "ns9.example.org",
    });
    expect(registration).toEqual({
      type: "pulumi-nodejs:dynamic/harness:NameserverRecord",
      name: "ns9",
      inputs: { [PROVIDER_KEY]: providerText, accountId: ACME, nsName: "ns9.example.org" },
    });
  }, 60_000);

  it("answers Configure as the Node host does: no secrets, resources or previews accepted", async () => {
    await expect(
      h.host.configure({ "cloudflare:apiToken": { secret: TOKEN }, "cloudflare:baseUrl": emu.url }),
    ).resolves.toEqual({ acceptSecrets: false });
  });

  // A property of the host that providers must live with: it caches a provider before calling its
  // configure(), so a configure() that throws fails one call and leaves an unconfigured provider
  // for every later call of that process.
  it("keeps a provider whose configure() threw, unconfigured, for the rest of the process", async () => {
    await h.restart();
    await h.host.configure({ "cloudflare:apiToken": { secret: TOKEN } });
    await expect(h.host.check({ urn: urn(), news: inputs() })).rejects.toThrow(
      "Check failed (UNKNOWN): nameserver-provider: set cloudflare:apiToken and cloudflare:baseUrl",
    );
    const check = await h.host.check({ urn: urn(), news: inputs() });
    await expect(h.host.create({ urn: urn(), properties: check.inputs })).rejects.toThrow(
      "Create failed (UNKNOWN): nameserver-provider: not configured",
    );
    await h.restart();
  }, 30_000);

  it("runs create -> no-op -> update -> drift -> refresh -> re-create -> destroy", async () => {
    const created = await h.stack.up(urn(), inputs());
    expect(created.op).toBe("create");
    expect(created.state?.id).toBe(`${ACME}/ns9.example.org`);
    expect(created.state?.outputs).toEqual({
      [PROVIDER_KEY]: providerText,
      accountId: ACME,
      nsName: "ns9.example.org",
      nsSet: 1,
      status: "pending",
    });
    expect(listNames()).toContain("ns9.example.org");
    expect(h.host.engine.logs).toEqual([
      { severity: "info", message: "created ns9.example.org", urn: "", streamId: 0, ephemeral: false },
    ]);

    const noop = await h.stack.preview(urn(), inputs());
    expect(noop.op).toBe("same");

    const updated = await h.stack.up(urn(), inputs({ note: "primary" }));
    expect(updated.op).toBe("update");
    expect(updated.state?.outputs.note).toBe("primary");

    emu.store.deleteNameserver(ACME, "ns9.example.org");
    await expect(h.stack.refresh(urn())).resolves.toBeUndefined();
    expect(h.stack.get(urn())).toBeUndefined();

    const again = await h.stack.up(urn(), inputs());
    expect(again.op).toBe("create");
    await h.stack.destroy(urn());
    expect(listNames()).not.toContain("ns9.example.org");
    expect(h.host.engine.logs.map((l) => l.message)).toEqual([
      "created ns9.example.org",
      "created ns9.example.org",
      "deleted ns9.example.org",
    ]);
    expect(h.findLeaks(TOKEN)).toEqual([]);
  });

  it("replaces delete-before-create when the provider asks for it", async () => {
    await h.stack.up(urn(), inputs());
    const replaced = await h.stack.up(urn(), inputs({ nsName: "ns8.example.org" }));
    expect(replaced.op).toBe("replace");
    expect(replaced.diff?.replaces).toEqual(["nsName"]);
    expect(replaced.diff?.deleteBeforeReplace).toBe(true);
    expect(listNames().filter((n) => n.endsWith(".example.org"))).toEqual(["ns8.example.org"]);
    await h.stack.destroy(urn());
  });

  it("passes the unknown sentinel through Check during a preview and makes no API call", async () => {
    const result = await h.stack.preview(urn(), inputs({ nsName: UNKNOWN }));
    expect(result.op).toBe("create");
    expect(result.check.inputs.nsName).toBe(UNKNOWN);
    expect(emu.exchanges).toEqual([]);
  });

  it("reports Check failures with the provider's property and reason", async () => {
    const failed = h.stack.preview(urn(), inputs({ nsName: "Bad Name!" }));
    await expect(failed).rejects.toThrow(CheckFailedError);
    await expect(failed).rejects.toThrow('nsName: nsName "Bad Name!" is not a hostname');
  });

  it("treats a new __provider text with the same inputs as no change", async () => {
    await h.stack.up(urn(), inputs());
    const upgraded = `${providerText}\n// a newer build of the same provider\n`;
    const result = await h.stack.up(urn(), inputs({ [PROVIDER_KEY]: upgraded }));
    expect(result.op).toBe("same");
    // The engine records the new text in the inputs; the outputs keep the one they were made with.
    expect(result.state?.inputs[PROVIDER_KEY]).toBe(upgraded);
    expect(result.state?.outputs[PROVIDER_KEY]).toBe(providerText);
    await h.stack.destroy(urn());
  });

  it("surfaces a provider error as the engine sees it: gRPC UNKNOWN with the provider's message", async () => {
    const failed = h.host.create({ urn: urn(), properties: inputs({ nsName: "ns1.example.net" }) });
    await expect(failed).rejects.toBeInstanceOf(ProviderRpcError);
    await expect(failed).rejects.toMatchObject({ code: 2, method: "Create" });
    await expect(failed).rejects.toThrow(/^Create failed \(UNKNOWN\): create ns1\.example\.net: HTTP 400 /);
  });

  // pulumi/pulumi#16175: the engine's import sends Read no state, so no __provider reaches the host.
  it("cannot import a dynamic resource: the host has no __provider to load", async () => {
    await expect(h.stack.import(urn(), `${ACME}/ns1.example.net`)).rejects.toThrow(
      "Read failed (UNKNOWN): code must be a string, not undefined",
    );
  });

  it("keeps state across a host restart, as separate pulumi runs do", async () => {
    await h.stack.up(urn(), inputs());
    const first = h.host;
    await h.restart();
    expect(first.running).toBe(false);
    expect(h.host).not.toBe(first);
    expect((await h.stack.preview(urn(), inputs())).op).toBe("same");
    await h.stack.destroy(urn());
    expect(h.previousHosts).toEqual([first]);
  });

  it("finds a secret wherever it was written, in any spelling", async () => {
    h.stack.adopt({ urn: urn(), id: "x", inputs: {}, outputs: { leaked: `Bearer ${TOKEN}` } });
    expect(h.findLeaks(TOKEN)).toEqual([`state #0 ${urn()} outputs`]);
    const encoded = Buffer.from(TOKEN).toString("base64");
    expect(findSecretLeaks(TOKEN, [{ where: "log", text: `auth=${encoded}` }])).toEqual(["log"]);
    expect(() => findSecretLeaks("short", [])).toThrow("use a secret of 8+ characters");
  });
});
