/**
 * Python: the SDK that `pulumi package gen-sdk --language python` generates from the repository's
 * schema.json, used by a Python program (programs/python/binding.py) that the Python Automation API
 * runs inline against the emulator, on the provider plugin `pulumi-resource-cloudflare-acns` (bin/,
 * named in the project's `plugins.providers`). One lifecycle, one step per test: generate, up,
 * no-op preview, destroy. The token is set in stack config WITHOUT --secret: the plugin's
 * CheckConfig marks it secret, so the state never holds it in plain text.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { createPulumiEnv, PACKAGE_ROOT } from "../../provider/testing";
import { TOKEN, zoneId } from "../emulator/fixtures";
import { readPulumiBinDir } from "./pulumi-stack";
import { obtainPythonEnv } from "./python-env";
import { findSecretSpellings } from "./scan-state";
import { useSeededEmulator } from "./use-seeded-emulator";

const run = promisify(execFile);

const SCHEMA_PATH = join(PACKAGE_ROOT, "schema.json");
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }
).version;
const PROGRAM = join(__dirname, "programs", "python", "binding.py");
const PLUGIN_DIR = join(PACKAGE_ROOT, "bin");
const EXAMPLE_NET = zoneId("example.net");
/** The seed's set 3 (example.net starts on Cloudflare's own nameservers). */
const SET_3 = ["ns1.acme-dns.example", "ns2.acme-dns.example"];
/** A bound on each command: a hung engine fails the step instead of the whole tier. */
const COMMAND_TIMEOUT_MS = 150_000;

const pulumiBin = readPulumiBinDir();
const python = pulumiBin === undefined ? undefined : obtainPythonEnv();
if (python?.kind === "skip")
  process.stderr.write(`\ntest/e2e: SKIPPED the Python SDK test: ${python.reason}\n`);
const describePython = python?.kind === "found" ? describe : describe.skip;

/** The Python module a resource token's type becomes: `ZoneAcnsBinding` → `zone_acns_binding`. */
function toPythonModule(token: string): string {
  const type = token.split(":").pop() ?? token;
  return type.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
}

/** Every file under `dir`, relative to it, sorted. */
function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort();
}

describePython("the Python SDK generated from schema.json, under the Python Automation API", () => {
  const emulator = useSeededEmulator();
  const timings: { step: string; ms: number }[] = [];
  let root = "";
  let env: NodeJS.ProcessEnv = {};

  const timed = async <T>(step: string, work: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await work();
    } finally {
      timings.push({ step, ms: Date.now() - started });
    }
  };

  /** One step of binding.py; its result is the last line of its stdout. Async: the emulator answers from this process. */
  const runStep = (step: "up" | "preview" | "destroy"): Promise<Record<string, unknown>> =>
    timed(`python binding.py ${step}`, async () => {
      if (python?.kind !== "found") throw new Error("no Python");
      const params = {
        workDir: join(root, "work"),
        backendUrl: `file://${join(root, "state")}`,
        pluginDir: PLUGIN_DIR,
        apiToken: TOKEN,
        baseUrl: emulator.url,
        zoneId: EXAMPLE_NET,
        nsSet: 3,
      };
      const out = await run(python.python, [PROGRAM, step], {
        env: { ...env, ACNS_PYTHON_PARAMS: JSON.stringify(params) },
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      }).catch((err: { stderr?: string; message: string }) => {
        throw new Error(`binding.py ${step} failed: ${err.message}\n${(err.stderr ?? "").slice(-4000)}`);
      });
      const lines = out.stdout.trim().split("\n");
      return JSON.parse(lines[lines.length - 1] ?? "") as Record<string, unknown>;
    });

  beforeAll(() => {
    if (python?.kind !== "found" || pulumiBin === undefined) throw new Error("no Python or no Pulumi CLI");
    root = mkdtempSync(join(tmpdir(), "acns-python-"));
    for (const dir of ["work", "state"]) mkdirSync(join(root, dir));
    env = {
      ...process.env,
      ...createPulumiEnv({ binDir: pulumiBin, stateDir: join(root, "state"), nodePath: "" }),
      // Where the generated SDK is installed (pip --target), for `import pulumi_cloudflare_acns`.
      PYTHONPATH: join(root, "site"),
      PYTHONDONTWRITEBYTECODE: "1",
    };
  });

  afterAll(() => {
    if (root !== "") rmSync(root, { recursive: true, force: true });
    if (timings.length > 0) {
      const rows = timings.map((t) => `  ${t.step.padEnd(72)} ${(t.ms / 1000).toFixed(1).padStart(6)} s`);
      process.stderr.write(`\npython-sdk.test.ts wall times:\n${rows.join("\n")}\n`);
    }
  });

  test("pulumi package gen-sdk generates pulumi_cloudflare_acns from schema.json, with a module per resource", async () => {
    if (python?.kind !== "found" || pulumiBin === undefined) throw new Error("no Python or no Pulumi CLI");
    const sdk = join(root, "sdk");
    await timed("pulumi package gen-sdk schema.json --language python", () =>
      run(
        join(pulumiBin, "pulumi"),
        ["package", "gen-sdk", SCHEMA_PATH, "--language", "python", "--out", sdk],
        {
          // The codegen-only host first on PATH, for this command alone.
          env: { ...env, PATH: `${python.codegenBin}:${env.PATH ?? ""}` },
          timeout: COMMAND_TIMEOUT_MS,
        },
      ),
    );
    const schema = JSON.parse(readFileSync(SCHEMA_PATH, "utf8")) as { name: string; resources: object };
    const files = listFiles(join(sdk, "python"));
    expect(schema.name).toBe("cloudflare-acns");
    const modules = Object.keys(schema.resources).map(
      (t) => `pulumi_cloudflare_acns/${toPythonModule(t)}.py`,
    );
    expect(modules).toContain("pulumi_cloudflare_acns/zone_acns_binding.py");
    expect(files).toEqual(
      expect.arrayContaining([
        ...modules,
        "pulumi_cloudflare_acns/provider.py",
        "pulumi_cloudflare_acns/config/vars.py",
      ]),
    );
    // The plugin the SDK's resources ask the engine for: this package's, at this package's version.
    expect(
      JSON.parse(readFileSync(join(sdk, "python", "pulumi_cloudflare_acns", "pulumi-plugin.json"), "utf8")),
    ).toEqual({ resource: true, name: "cloudflare-acns", version: PACKAGE_VERSION });

    // Installed, not only put on PYTHONPATH: the SDK reads its own version from its metadata.
    await timed("pip install --target site (the generated SDK)", () =>
      run(
        python.python,
        [
          "-m",
          "pip",
          "install",
          "--quiet",
          "--disable-pip-version-check",
          "--no-deps",
          "--no-build-isolation",
          "--no-index",
          "--target",
          join(root, "site"),
          join(sdk, "python"),
        ],
        { env, timeout: COMMAND_TIMEOUT_MS },
      ),
    );
    expect(existsSync(join(root, "site", "pulumi_cloudflare_acns", "zone_acns_binding.py"))).toBe(true);
  });

  test("up puts example.net on set 3 and the binding's nameservers output holds the set's names", async () => {
    expect(emulator.takeWrites()).toEqual([]);
    const up = await runStep("up");
    expect(up).toEqual({
      outputs: {
        nameservers: { value: SET_3, secret: false },
        zoneName: { value: "example.net", secret: false },
      },
      resourceChanges: { create: 2 },
    });
    expect(emulator.takeWrites()).toEqual([`PATCH /zones/${EXAMPLE_NET}/dns_settings`]);
    expect(emulator.store.getZone(EXAMPLE_NET)?.nameservers).toEqual({ type: "custom.account", ns_set: 3 });
    expect(emulator.store.listZoneNameServers(EXAMPLE_NET)).toEqual(SET_3);
  });

  test("the state holds the token, set without --secret, only as a secret; the update history keeps the config", async () => {
    if (pulumiBin === undefined) throw new Error("no Pulumi CLI");
    const exported = await timed("pulumi stack export", () =>
      run(join(pulumiBin, "pulumi"), ["stack", "export", "--stack", "dev"], {
        env,
        cwd: join(root, "work"),
        timeout: COMMAND_TIMEOUT_MS,
        maxBuffer: 64 * 1024 * 1024,
      }),
    );
    expect(findSecretSpellings(TOKEN, exported.stdout)).toEqual([]);
    const resources = (
      JSON.parse(exported.stdout) as {
        deployment: { resources: { urn: string; type: string; inputs?: Record<string, unknown> }[] };
      }
    ).deployment.resources;
    const providers = resources.filter((r) => r.type === "pulumi:providers:cloudflare-acns");
    expect(providers).toHaveLength(1);
    expect(providers[0]?.inputs?.apiToken).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.stringMatching(/^v1:/) as unknown,
    });
    expect(providers[0]?.inputs?.baseUrl).toBe(emulator.url);
    const binding = resources.find((r) => r.type === "cloudflare-acns:index:ZoneAcnsBinding");
    expect(binding?.inputs).toEqual({ zoneId: EXAMPLE_NET, nsSet: 3 });

    // Every file of the backend: the engine writes the stack config as given into each update's
    // history, which is where a value set without --secret stays in plain text.
    const stateDir = join(root, "state");
    const holding = listFiles(stateDir).filter(
      (f) => findSecretSpellings(TOKEN, readFileSync(join(stateDir, f), "utf8")).length > 0,
    );
    expect(holding).toHaveLength(1);
    expect(holding[0]).toMatch(/^\.pulumi\/history\/acns-python\/dev\/dev-\d+\.history\.json$/);
    const history = JSON.parse(readFileSync(join(stateDir, holding[0] ?? ""), "utf8")) as { config: object };
    expect(history.config).toEqual({
      "cloudflare-acns:apiToken": TOKEN,
      "cloudflare-acns:baseUrl": emulator.url,
    });
  });

  test("a preview of the same program plans no change and writes nothing", async () => {
    const preview = await runStep("preview");
    expect(preview).toEqual({ changeSummary: { same: 2 } });
    expect(emulator.takeWrites()).toEqual([]);
  });

  test("destroy puts example.net back on Cloudflare's nameservers, as seeded", async () => {
    const destroy = await runStep("destroy");
    expect(destroy).toEqual({ resourceChanges: { delete: 2 } });
    expect(emulator.takeWrites()).toEqual([`PATCH /zones/${EXAMPLE_NET}/dns_settings`]);
    expect(emulator.store.getZone(EXAMPLE_NET)?.nameservers).toEqual({ type: "cloudflare.standard" });
    expect(emulator.store.snapshot()).toEqual(emulator.seedSnapshot());
  });
});
