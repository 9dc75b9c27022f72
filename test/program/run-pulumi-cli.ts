/**
 * Drives the real Pulumi CLI over the config-file program, against the emulator seeded with
 * examples/seed.json, and prints one JSON report per scenario. It runs in a process of its own: the
 * Automation API serves the program from this process and sees its unhandled rejections, which Jest
 * would pin on a test.
 *
 * There is no Node.js language host here (docs/decisions/003-pulumi-cli-from-go-proxy.md), so the
 * program runs inline and the policy pack is started as a binary analyzer: a script that runs
 * policy/index.ts from the pack's directory (the pack reads its version from ./package.json).
 *
 * Usage: node --import tsx run-pulumi-cli.ts <pulumi bin directory>
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator } from "../../provider/emulator";
import { PACKAGE_ROOT as REPO_ROOT, createHostProject, createPulumiEnv } from "../../provider/testing";
import { ACME, zoneId } from "../emulator/fixtures";

export const ACCOUNT = ACME;
const EU_EXAMPLE_COM = zoneId("eu.example.com");

/** acns.yaml for the seed account, with `shop.eu.example.com` on `shopSet`. */
export function writeSeedConfig(shopSet: number): string {
  return [
    `accountId: "${ACCOUNT}"`,
    "sets:",
    "  - nsSet: 1",
    "    nameservers: [ns1.example.net, ns2.example.net]",
    "  - nsSet: 2",
    "    nameservers: [ns3.example.net, ns4.example.net]",
    "  - nsSet: 3",
    "    nameservers: [ns1.acme-dns.example, ns2.acme-dns.example]",
    "zones:",
    "  - name: example.com",
    "  - name: eu.example.com",
    "    nsSet: 2",
    "  - name: shop.eu.example.com",
    `    nsSet: ${shopSet}`,
    "",
  ].join("\n");
}

/** One scenario: a program, one operation. */
export interface CliScenario {
  name: string;
  /**
   * `file`: the config-file program with `shop.eu.example.com` on `shopSet`; `file+binding`: also a
   * `ZoneAcnsBinding` of eu.example.com outside the component; `outputs`: the component alone, the
   * shop zone's set an output that resolves to `shopSet`.
   */
  program: "file" | "file+binding" | "outputs";
  shopSet: number;
  operation: "preview" | "up";
  policyPack: boolean;
}

export const CLI_SCENARIOS: CliScenario[] = [
  { name: "bad file, preview", program: "file", shopSet: 2, operation: "preview", policyPack: false },
  { name: "bad file, up without preview", program: "file", shopSet: 2, operation: "up", policyPack: false },
  {
    name: "bad outputs, up without preview",
    program: "outputs",
    shopSet: 2,
    operation: "up",
    policyPack: false,
  },
  {
    name: "good file, preview with the policy pack",
    program: "file",
    shopSet: 3,
    operation: "preview",
    policyPack: true,
  },
  {
    name: "two bindings of one zone, preview with the policy pack",
    program: "file+binding",
    shopSet: 3,
    operation: "preview",
    policyPack: true,
  },
];

/** What one scenario showed. */
export interface CliReport {
  name: string;
  succeeded: boolean;
  /** The CLI's output (stdout of the operation, or the error's text). */
  output: string;
  /** Requests that would change the account (anything but GET), as `METHOD path`. */
  writes: string[];
  changes: Record<string, number> | null;
}

async function runScenario(scenario: CliScenario, binDir: string): Promise<CliReport> {
  const emulator = await startEmulator({ seed: join(REPO_ROOT, "examples", "seed.json") });
  const project = createHostProject({ install: "link", project: "cloudflare-acns" });
  const state = mkdtempSync(join(tmpdir(), "acns-cli-state-"));
  try {
    writeFileSync(join(project.dir, "acns.yaml"), writeSeedConfig(scenario.shopSet));
    const pack = join(state, "cloudflare-acns-policy");
    writeFileSync(
      pack,
      `#!/bin/sh\ncd "${join(REPO_ROOT, "policy")}" && exec "${process.execPath}" --import ` +
        `"${join(REPO_ROOT, "node_modules", "tsx", "dist", "loader.mjs")}" index.ts "$@"\n`,
    );
    chmodSync(pack, 0o755);
    const env = {
      ...createPulumiEnv({ binDir, stateDir: state, nodePath: project.nodePath }),
      CLOUDFLARE_API_TOKEN: "acns-demo-token",
      CLOUDFLARE_BASE_URL: emulator.url,
    };
    // The inline program's zone-id lookup reads credentials from this process's environment.
    Object.assign(process.env, env);
    const stack = await LocalWorkspace.createOrSelectStack(
      {
        stackName: "dev",
        projectName: "cloudflare-acns",
        program: async () => {
          /* eslint-disable @typescript-eslint/no-require-imports -- the built package, as users run it */
          const acns = require(join(REPO_ROOT, "dist")) as typeof import("../../provider");
          const program = require(
            join(REPO_ROOT, "dist", "program"),
          ) as typeof import("../../provider/program");
          /* eslint-enable @typescript-eslint/no-require-imports */
          if (scenario.program === "outputs") {
            const component = new acns.AccountCustomNameservers("acns", {
              accountId: ACCOUNT,
              adopt: true,
              sets: [
                { nsSet: 2, nameservers: ["ns3.example.net", "ns4.example.net"] },
                { nsSet: 3, nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"] },
              ],
              zones: [
                { name: "eu.example.com", nsSet: 2 },
                { name: "shop.eu.example.com", nsSet: pulumi.output(scenario.shopSet) },
              ],
            });
            return { nameservers: component.nameservers };
          }
          const outputs = program.runConfigFileProgram({ projectDir: project.dir }).outputs;
          if (scenario.program === "file+binding") {
            new acns.ZoneAcnsBinding("legacy-eu", {
              zoneId: EU_EXAMPLE_COM,
              nsSet: 2,
              zoneName: "eu.example.com",
            });
          }
          return outputs;
        },
      },
      { workDir: project.dir, envVars: env },
    );
    await stack.setConfig("cloudflare-acns:adopt", { value: "true" });
    emulator.store.requestLog.clear();
    const policyPacks = scenario.policyPack ? [pack] : [];
    let succeeded = true;
    let output = "";
    let changes: Record<string, number> | null = null;
    try {
      if (scenario.operation === "preview") {
        const result = await stack.preview({ policyPacks });
        output = result.stdout;
        changes = result.changeSummary;
      } else {
        const result = await stack.up({ policyPacks });
        output = result.stdout;
        changes = result.summary.resourceChanges ?? null;
      }
    } catch (err) {
      succeeded = false;
      output = err instanceof Error ? err.message : String(err);
    }
    const writes = emulator.store.requestLog
      .list()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path}`);
    return { name: scenario.name, succeeded, output, writes, changes };
  } finally {
    await emulator.stop();
    project.remove();
    rmSync(state, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const binDir = process.argv[2];
  if (binDir === undefined) throw new Error("usage: run-pulumi-cli <pulumi bin directory>");
  const reports: CliReport[] = [];
  for (const scenario of CLI_SCENARIOS) reports.push(await runScenario(scenario, binDir));
  process.stdout.write(JSON.stringify(reports));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(
      `run-pulumi-cli failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(2);
  });
}
