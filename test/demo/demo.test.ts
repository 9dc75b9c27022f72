/**
 * `npm run demo` end to end, through the provider-host harness so it runs without a `pulumi` CLI:
 * the demo script in a process of its own (as npm starts it), its exit code, the lines a reader
 * relies on, the whole output with the emulator's port and timings masked, and the emulator's
 * final state checked here against a fresh load of examples/seed.json (not only the demo's own
 * check). Needs `npm run build` (the demo runs the built `acns` and installs dist/ in its project).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EmulatorStore } from "../../provider/emulator";
import type { DemoResult } from "../../examples/demo/run-demo";
import { SEED_PATH } from "../emulator/fixtures";

const REPO_ROOT = join(__dirname, "..", "..");
const DEMO_TOKEN = "acns-demo-token";
/** Generous: the demo takes about 12 s alone, and jest runs other files beside it on two cores. */
const DEMO_TIMEOUT_MS = 150_000;

interface DemoRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  report: DemoResult;
}

function runDemoProcess(): Promise<DemoRun> {
  const scratch = mkdtempSync(join(tmpdir(), "acns-demo-test-"));
  const reportPath = join(scratch, "report.json");
  return new Promise<DemoRun>((resolve, reject) => {
    execFile(
      process.execPath,
      [
        "--import",
        "tsx",
        join(REPO_ROOT, "examples", "demo.ts"),
        "--engine",
        "harness",
        "--report",
        reportPath,
      ],
      {
        cwd: REPO_ROOT,
        // The developer's own credentials must not matter to the demo: it passes its own.
        env: { ...process.env, CLOUDFLARE_API_TOKEN: undefined, CLOUDFLARE_BASE_URL: undefined },
        encoding: "utf8",
        timeout: DEMO_TIMEOUT_MS - 10_000,
        maxBuffer: 16 * 1024 * 1024,
      },
      (err, stdout, stderr) => {
        try {
          const exitCode = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
          const report = JSON.parse(readFileSync(reportPath, "utf8")) as DemoResult;
          resolve({ exitCode, stdout, stderr, report });
        } catch (readErr) {
          reject(new Error(`the demo wrote no report (${String(readErr)}):\n${stdout}\n${stderr}`));
        } finally {
          rmSync(scratch, { recursive: true, force: true });
        }
      },
    );
  });
}

/** The output with what changes from run to run masked: the emulator's port and timings. */
function maskRunDetails(stdout: string): string {
  return stdout
    .replace(/http:\/\/127\.0\.0\.1:\d+/g, "http://127.0.0.1:<port>")
    .replace(/\d+\.\d s\b/g, "<t> s");
}

describe("npm run demo through the provider-host harness", () => {
  let run: DemoRun;

  beforeAll(async () => {
    run = await runDemoProcess();
  }, DEMO_TIMEOUT_MS);

  test("exits 0 and reports the harness engine, with nothing on stderr", () => {
    expect({ exitCode: run.exitCode, stderr: run.stderr }).toEqual({ exitCode: 0, stderr: "" });
    expect(run.report.ok).toBe(true);
    expect(run.report.engine).toBe("harness");
    expect(run.report.failure).toBeUndefined();
  });

  test("acns validate rejects acns-bad.yaml with both exact messages and exit 1, and passes acns.yaml", () => {
    expect(run.stdout).toContain(
      [
        "$ acns validate examples/acns-bad.yaml",
        '  examples/acns-bad.yaml:12:41: error[nameserver-in-multiple-sets] sets[2].nameservers[1]: nameserver "ns4.example.net" is in set 2 and set 3; a name can belong to one set only; remove it from one of them',
        '  examples/acns-bad.yaml:21:12: error[hierarchy-conflict] zones[2].nsSet: zone "shop.eu.example.com" and its parent "eu.example.com" both use ns_set 2; zones on one ancestor/descendant chain must use different sets; give "shop.eu.example.com" another set (3 is free on its chain)',
        "",
        "  examples/acns-bad.yaml: invalid, 2 problems",
        "  exit 1 (invalid: the file breaks a rule)",
      ].join("\n"),
    );
    expect(run.stdout).toContain(
      ["$ acns validate examples/acns.yaml", "  examples/acns.yaml: valid"].join("\n"),
    );
    expect(run.stdout).toContain("  exit 0 (valid)\n");
  });

  test("the lifecycle: 5 created, a no-op up, the drift refreshed and repaired, 5 deleted", () => {
    expect(run.stdout).toMatch(/\n {2}5 to create {2}\(\d+ API requests, /);
    expect(run.stdout).toMatch(/\n {2}5 created {2}\(\d+ API requests, /);
    expect(run.stdout).toMatch(/\n {2}5 unchanged {2}\(\d+ API requests, /);
    expect(run.stdout).toContain(
      [
        "  ~  AccountNameserverSet       set-5           glueRecords: glue for [ns3.basic-dns.example, ns4.basic-dns.example] => glue for [ns3.basic-dns.example]",
        "                                                nameservers: [ns3.basic-dns.example, ns4.basic-dns.example] => [ns3.basic-dns.example]",
        "  ~  ZoneAcnsBinding            eu-example-com  nameservers: [ns3.basic-dns.example, ns4.basic-dns.example] => [cora.ns.cloudflare.com, nash.ns.cloudflare.com]",
        "                                                nsSet: 5 => null",
        "  2 drifted, 3 unchanged  (",
      ].join("\n"),
    );
    expect(run.stdout).toContain(
      "  ~  AccountNameserverSet       set-5           nameservers: [ns3.basic-dns.example] => [ns3.basic-dns.example, ns4.basic-dns.example]\n" +
        "  ~  ZoneAcnsBinding            eu-example-com  nsSet: null => 5\n" +
        "  2 to update, 3 unchanged",
    );
    expect(run.stdout).toMatch(/\n {2}2 updated, 3 unchanged {2}\(/);
    expect(run.stdout).toMatch(/\n {2}5 deleted {2}\(/);
  });

  test("acns drift exits 2 while the stack is up and names both moved zones; acns glue lists sets 4 and 5", () => {
    expect(run.stdout).toContain("    zone        example.com            set 1                set 4\n");
    expect(run.stdout).toContain("    zone        eu.example.com         set 2                set 5\n");
    expect(run.stdout).toContain("  exit 2 (drift: the stack moved example.com and eu.example.com)\n");
    expect(run.stdout).toContain(
      "    5    ns4.basic-dns.example  192.0.2.142    2001:db8:7760:d5cc::d69c  publish yourself\n",
    );
  });

  test("the emulator ends exactly as examples/seed.json seeds it", () => {
    expect(run.report.matchesSeed).toBe(true);
    expect(run.report.finalState).toEqual(new EmulatorStore({ seed: SEED_PATH }).snapshot());
    expect(run.stdout).toContain(
      "  emulator: the account's sets, zones and default equal examples/seed.json again\n",
    );
  });

  test("the API token is printed nowhere and stored in no state", () => {
    expect(run.stdout).not.toContain(DEMO_TOKEN);
    expect(run.stderr).not.toContain(DEMO_TOKEN);
    expect(run.stdout).toContain("  state: the API token appears nowhere in the stack's state\n");
  });

  test("the whole output, port and timings masked", () => {
    expect(maskRunDetails(run.stdout)).toMatchSnapshot();
  });
});
