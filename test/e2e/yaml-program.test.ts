/**
 * examples/yaml under the real `pulumi` and its YAML language host (built by scripts/pulumi-cli.sh):
 * a project directory, no Automation API. The program uses the provider plugin through
 * `plugins.providers[].path` (../../bin, so the project is copied beside a link to bin/). Steps:
 * preview, up, no-op preview, out-of-band drift repaired by refresh + up, `pulumi import` of a
 * binding whose generated code previews with no changes, destroy.
 */
import { execFile } from "node:child_process";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse, stringify } from "yaml";
import { createPulumiEnv, findYamlLanguageHost } from "../../provider/testing";
import { findSecretSpellings } from "./scan-state";
import { readPulumiBinDir } from "./pulumi-stack";
import { useSeededEmulator } from "./use-seeded-emulator";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";

const REPO = resolve(__dirname, "..", "..");
const NET = zoneId("example.net");
const BUECHER = zoneId("xn--bcher-kva.example");
const US = zoneId("us.example.com");
const SET_4 = ["ns1.yaml-example.example", "ns2.yaml-example.example"];
const SET_5 = ["ns1.yaml-shop.example", "ns2.yaml-shop.example"];

const binDir = readPulumiBinDir();
const yamlHost = binDir === undefined ? undefined : findYamlLanguageHost(binDir);
if (binDir !== undefined && yamlHost === undefined && process.env.CI === "true") {
  throw new Error(`test/e2e: no pulumi-language-yaml beside ${binDir}; scripts/pulumi-cli.sh builds it`);
}
const describeWithYaml = yamlHost === undefined ? describe.skip : describe;

/** One step of `pulumi preview --json` / `up --json`. */
interface JsonStep {
  op: string;
  urn: string;
  /** The properties that differ (the provider's detailed diff). */
  diffReasons?: string[];
}

describeWithYaml("examples/yaml under the real pulumi and YAML language host", () => {
  const emulator = useSeededEmulator();
  const root = mkdtempSync(join(tmpdir(), "acns-yaml-"));
  const projectDir = join(root, "examples", "yaml");
  const env = {
    ...process.env,
    ...createPulumiEnv({ binDir: binDir ?? "", stateDir: join(root, "state"), nodePath: "" }),
  };

  /** Runs `pulumi <args>` in the project; resolves with stdout, or rejects with stdout and stderr. */
  const pulumi = async (...args: string[]): Promise<string> => {
    try {
      const { stdout } = await promisify(execFile)("pulumi", [...args, "--non-interactive"], {
        cwd: projectDir,
        env,
        timeout: 150_000,
        maxBuffer: 64 * 1024 * 1024,
      });
      return stdout;
    } catch (err) {
      const { stdout, stderr } = err as { stdout?: string; stderr?: string };
      throw new Error(`pulumi ${args.join(" ")} failed:\n${stdout ?? ""}\n${stderr ?? ""}`);
    }
  };
  /** The steps that change something, as `op name [diffs]`, sorted. */
  const changes = (json: string): string[] =>
    (JSON.parse(json) as { steps?: JsonStep[] }).steps
      ?.filter((s) => s.op !== "same")
      .map(
        (s) =>
          `${s.op} ${s.urn.split("::").pop()}${s.diffReasons?.length ? ` [${s.diffReasons.join(",")}]` : ""}`,
      )
      .sort() ?? [];
  const zoneOf = (id: string) => emulator.store.snapshot().zones.find((z) => z.id === id)?.nameservers;

  beforeAll(async () => {
    mkdirSync(projectDir, { recursive: true });
    mkdirSync(join(root, "state"));
    symlinkSync(join(REPO, "bin"), join(root, "bin"), "dir");
    copyFileSync(join(REPO, "examples", "yaml", "Pulumi.yaml"), join(projectDir, "Pulumi.yaml"));
    await pulumi("login", `file://${join(root, "state")}`);
    await pulumi("stack", "init", "dev");
    await pulumi("config", "set", "accountId", ACME);
    await pulumi("config", "set", "netZoneId", NET);
    await pulumi("config", "set", "buecherZoneId", BUECHER);
    // In plain text on purpose (the CLI asks for --secret or --plaintext): the plugin's CheckConfig
    // keeps it secret in state all the same.
    await pulumi("config", "set", "--plaintext", "cloudflare-acns:apiToken", TOKEN);
    await pulumi("config", "set", "cloudflare-acns:baseUrl", emulator.url);
  }, 120_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test("preview plans the component's children and the resources, writing nothing", async () => {
    emulator.takeWrites();
    expect(changes(await pulumi("preview", "--json"))).toEqual([
      "create acns",
      "create acns-set-4",
      "create acns-yaml-dev",
      "create acns-zone-example.net",
      "create buecher",
      "create set5",
    ]);
    expect(emulator.takeWrites()).toEqual([]);
  });

  test("up puts both zones on their sets", async () => {
    const from = emulator.store.markTimeline();
    await pulumi("up", "--yes", "--skip-preview");
    expect(zoneOf(NET)).toEqual({ type: "custom.account", ns_set: 4 });
    expect(zoneOf(BUECHER)).toEqual({ type: "custom.account", ns_set: 5 });
    expect(JSON.parse(await pulumi("stack", "output", "--json"))).toEqual({
      delegations: { "example.net": SET_4 },
      buecherNameservers: SET_5,
    });
    emulator.store.assertContinuity({ from });
  });

  test("a preview right after shows no changes, and the token is in state only as a secret", async () => {
    await pulumi("preview", "--expect-no-changes");
    const state = await pulumi("stack", "export", "--show-secrets=false");
    expect(findSecretSpellings(TOKEN, state)).toEqual([]);
  });

  test("a zone moved out of band: refresh records it, up puts it back", async () => {
    emulator.store.setZoneNameservers(BUECHER, { type: "cloudflare.standard" });
    await pulumi("refresh", "--yes", "--skip-preview");
    expect(changes(await pulumi("preview", "--json"))).toEqual(["update buecher [nsSet]"]);
    await pulumi("up", "--yes", "--skip-preview");
    expect(zoneOf(BUECHER)).toEqual({ type: "custom.account", ns_set: 5 });
    await pulumi("preview", "--expect-no-changes");
  });

  test("pulumi import takes over a binding, a set and the default; the generated code previews with no changes", async () => {
    emulator.takeWrites();
    const generated = join(root, "imported.yaml");
    const importFile = join(root, "import.json");
    writeFileSync(
      importFile,
      JSON.stringify({
        resources: [
          { type: "cloudflare-acns:index:ZoneAcnsBinding", name: "us", id: US },
          { type: "cloudflare-acns:index:AccountNameserverSet", name: "set3", id: `${ACME}/3` },
          { type: "cloudflare-acns:index:AccountDefaultNameservers", name: "accountDefault", id: ACME },
        ],
      }),
    );
    await pulumi("import", "--file", importFile, "--yes", "--protect=false", "--out", generated);
    expect(emulator.takeWrites()).toEqual([]);
    const code = parse(readFileSync(generated, "utf8")) as { resources: Record<string, unknown> };
    // The YAML code generator writes the tokens without their `index` module.
    expect(code.resources).toEqual({
      us: {
        type: "cloudflare-acns:ZoneAcnsBinding",
        properties: { nsSet: 2, zoneId: US, zoneName: "us.example.com" },
      },
      set3: {
        type: "cloudflare-acns:AccountNameserverSet",
        properties: {
          // The generator refers to the imported resource whose id has the same value.
          accountId: "${accountDefault.id}",
          nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
          nsSet: 3,
        },
      },
      accountDefault: {
        type: "cloudflare-acns:AccountDefaultNameservers",
        properties: { accountId: ACME, type: "cloudflare.standard" },
      },
    });
    const program = parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as {
      resources: Record<string, unknown>;
    };
    writeFileSync(
      join(projectDir, "Pulumi.yaml"),
      stringify({ ...program, resources: { ...program.resources, ...code.resources } }),
    );
    await pulumi("preview", "--expect-no-changes");
    // Released without deleting: set 3 serves shop.eu.example.com, and the default stays as it was.
    for (const name of ["set3", "accountDefault"]) {
      const type = name === "set3" ? "AccountNameserverSet" : "AccountDefaultNameservers";
      await pulumi(
        "state",
        "delete",
        `urn:pulumi:dev::acns-yaml::cloudflare-acns:index:${type}::${name}`,
        "--yes",
      );
    }
    writeFileSync(
      join(projectDir, "Pulumi.yaml"),
      stringify({ ...program, resources: { ...program.resources, us: code.resources.us } }),
    );
    await pulumi("preview", "--expect-no-changes");
  });

  test("destroy leaves the emulator as seeded", async () => {
    await pulumi("destroy", "--yes", "--skip-preview");
    expect(emulator.store.snapshot()).toEqual(emulator.seedSnapshot());
  });
});
