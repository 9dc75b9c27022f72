/**
 * The config-file program and the policy pack under the real Pulumi CLI, against the emulator: a bad
 * acns.yaml fails `pulumi preview` and `pulumi up` (no preview first) with the validator's lines and
 * sends the account no change; the policy pack passes a good stack and fails one where two
 * resources set one zone's nameservers. Needs `npm run build` and the CLI that
 * scripts/pulumi-cli.sh builds; without that CLI the file is skipped (it never builds it: minutes
 * and 1.4 GB of downloads).
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { findPulumiCli } from "../../provider/testing";
import type { CliReport } from "./run-pulumi-cli";
import { ACME, zoneId } from "../emulator/fixtures";

const REPO = join(__dirname, "..", "..");
const ACCOUNT = ACME;
const EU_EXAMPLE_COM = zoneId("eu.example.com");

const binDir = findPulumiCli()?.binDir;
const describeWithCli = binDir === undefined ? describe.skip : describe;
if (binDir === undefined) {
  process.stderr.write(
    "pulumi-cli.test.ts: no pulumi CLI found (scripts/pulumi-cli.sh builds one); skipped\n",
  );
}

const HIERARCHY_LINE =
  'acns.yaml:14:12: error[hierarchy-conflict] zones[2].nsSet: zone "shop.eu.example.com" and its parent ' +
  '"eu.example.com" both use ns_set 2; zones on one ancestor/descendant chain must use different sets; give ' +
  '"shop.eu.example.com" another set (3 is free on its chain)';
const SUMMARY_LINE = "acns.yaml: invalid, 1 problem; no resource was created or changed";

describeWithCli("the config-file program under the real Pulumi CLI", () => {
  jest.setTimeout(240_000);
  let reports: Map<string, CliReport>;

  beforeAll(async () => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--import", "tsx", join(__dirname, "run-pulumi-cli.ts"), binDir ?? ""],
      { cwd: REPO, encoding: "utf8", timeout: 230_000, maxBuffer: 64 * 1024 * 1024 },
    );
    reports = new Map((JSON.parse(stdout) as CliReport[]).map((r) => [r.name, r]));
  });

  function report(name: string): CliReport {
    const found = reports.get(name);
    if (found === undefined) throw new Error(`no report for ${name}`);
    return found;
  }

  test("a bad acns.yaml fails pulumi preview with the validator's lines, and nothing is written", () => {
    const bad = report("bad file, preview");
    expect(bad.succeeded).toBe(false);
    expect(bad.output).toContain(`error: ${HIERARCHY_LINE}\n    \n    ${SUMMARY_LINE}`);
    expect(bad.writes).toEqual([]);
  });

  test("pulumi up without a preview fails the same way and writes nothing", () => {
    const bad = report("bad file, up without preview");
    expect(bad.succeeded).toBe(false);
    expect(bad.output).toContain(`error: ${HIERARCHY_LINE}`);
    expect(bad.writes).toEqual([]);
  });

  test("a component whose outputs break a rule registers no child even without a preview: nothing is written", () => {
    const bad = report("bad outputs, up without preview");
    expect(bad.succeeded).toBe(false);
    expect(bad.output).toContain(
      `error: AccountCustomNameservers "acns" breaks Cloudflare's rules for account custom nameservers; none of its ` +
        `resources is created or changed:\n      error[hierarchy-conflict] zones[1].nsSet: zone "shop.eu.example.com" and ` +
        `its parent "eu.example.com" both use ns_set 2; zones on one ancestor/descendant chain must use different ` +
        `sets; give "shop.eu.example.com" another set (3 is free on its chain)`,
    );
    expect(bad.writes).toEqual([]);
  });

  test("a good file previews its 8 resources and the policy pack passes it", () => {
    const good = report("good file, preview with the policy pack");
    expect(good.succeeded).toBe(true);
    expect(good.changes).toEqual({ create: 8 });
    expect(good.output).toContain("✅ cloudflare-acns@v0.1.0");
    expect(good.writes).toEqual([]);
  });

  // The program itself refuses two of this package's resources for one zone (claims) before the
  // policy pack sees the stack; the pack's conflicting-managers rule still guards resources the
  // program cannot see together (test/policy: @pulumi/cloudflare's ZoneDnsSettings and ours).
  test("two bindings of one zone are refused by the program, with both URNs, before anything is written", () => {
    const fight = report("two bindings of one zone, preview with the policy pack");
    expect(fight.succeeded).toBe(false);
    expect(fight.output).toContain(
      `error: ZoneAcnsBinding "acns-${ACCOUNT}-zone-eu.example.com" cannot manage the nameservers of zone ` +
        `${EU_EXAMPLE_COM}: ZoneAcnsBinding "legacy-eu" of this program already does, and two resources managing ` +
        "one zone would undo each other's change on every update; keep one resource per zone (to rename a resource " +
        "or move it into or out of a component, declare it once with the aliases option, e.g. aliases: [{ name: " +
        '"legacy-eu" }], instead of declaring it twice)',
    );
    expect(fight.output).toContain(
      `resource: urn:pulumi:dev::cloudflare-acns::cloudflare-acns:index:AccountCustomNameservers$pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding::acns-${ACCOUNT}-zone-eu.example.com`,
    );
    expect(fight.output).toContain(
      "resource: urn:pulumi:dev::cloudflare-acns::pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding::legacy-eu",
    );
    expect(fight.writes).toEqual([]);
  });
});
