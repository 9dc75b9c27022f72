import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonError, ValidateJson, type ReportedIssue } from "../../provider/cli/json-output";
import { ValidateExitCode } from "../../provider/cli/exit-codes";
import { ACME, zoneId } from "../emulator/fixtures";
import { ROOT, useCli } from "./use-cli";

const cli = useCli();

function parseValidateJson(stdout: string): ValidateJson {
  return ValidateJson.parse(JSON.parse(stdout));
}

const NO_SUBJECTS = { zones: [], sets: [], nameservers: [] };

/** Routes the emulator answered in the current test, as `METHOD path` counts. */
function countRoutes(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const x of cli.emulator.exchanges) {
    const key = `${x.method} ${x.path}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const GOOD = readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8");

describe("acns validate (offline)", () => {
  it("accepts examples/acns.yaml with exit 0, without a request", async () => {
    const result = await cli.run(["validate", "examples/acns.yaml"]);
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
    expect(cli.emulator.exchanges).toHaveLength(0);
  });

  it("rejects examples/acns-bad.yaml with exit 1 and both problems at their lines", async () => {
    const result = await cli.run(["validate", "examples/acns-bad.yaml"]);
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
  });

  it("gives the same verdict as JSON, exactly", async () => {
    const result = await cli.run(["validate", "examples/acns-bad.yaml", "--json"]);
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    expect(parseValidateJson(result.stdout)).toEqual<ValidateJson>({
      file: "examples/acns-bad.yaml",
      valid: false,
      live: false,
      accounts: [],
      issues: [
        {
          code: "nameserver-in-multiple-sets",
          path: ["sets", 2, "nameservers", 1],
          source: "file",
          accountId: null,
          line: 12,
          column: 41,
          message:
            'nameserver "ns4.example.net" is in set 2 and set 3; a name can belong to one set only; remove it from one of them',
          subjects: { zones: [], sets: [2, 3], nameservers: ["ns4.example.net"] },
        },
        {
          code: "hierarchy-conflict",
          path: ["zones", 2, "nsSet"],
          source: "file",
          accountId: null,
          line: 21,
          column: 12,
          message:
            'zone "shop.eu.example.com" and its parent "eu.example.com" both use ns_set 2; zones on one ancestor/descendant chain must use different sets; give "shop.eu.example.com" another set (3 is free on its chain)',
          subjects: { zones: ["shop.eu.example.com", "eu.example.com"], sets: [2], nameservers: [] },
        },
      ],
      warnings: [],
      requests: 0,
    });
  });

  it("reports a file that is not YAML with its line, as invalid (exit 1)", async () => {
    const cwd = cli.makeDir({ "broken.yaml": "accountId: x\nzones:\n  - name: a.example\n   nsSet: 1\n" });
    const result = await cli.run(["validate", "broken.yaml", "--json"], { cwd });
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    const body = parseValidateJson(result.stdout);
    expect(body.issues).toEqual<ReportedIssue[]>([
      {
        code: "yaml-syntax",
        path: [],
        source: "file",
        accountId: null,
        line: 4,
        column: 1,
        message: "Sequence item without - indicator; correct the YAML syntax there",
        subjects: NO_SUBJECTS,
      },
    ]);
  });

  it("reads a .json file as strict JSON", async () => {
    const value = {
      accountId: ACME,
      sets: [{ nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] }],
      zones: [{ name: "example.com", nsSet: 1 }],
    };
    const cwd = cli.makeDir({
      "acns.json": JSON.stringify(value, null, 2),
      "trailing.json": '{"zones": [1,]}',
    });
    const good = await cli.run(["validate", "acns.json"], { cwd });
    expect(good.exitCode).toBe(ValidateExitCode.VALID);
    expect(good.stdout.split("\n")[0]).toBe("acns.json: valid");
    const bad = await cli.run(["validate", "trailing.json"], { cwd });
    expect(bad.exitCode).toBe(ValidateExitCode.INVALID);
    expect(bad.stdout).toBe(
      'trailing.json:1:14: error[json-syntax] a trailing comma before "]" is not allowed in JSON; correct the JSON there (a .json file is strict JSON: no comments, no trailing commas)\n' +
        "\ntrailing.json: invalid, 1 problem\n",
    );
  });

  it("cannot check a file that does not exist: exit 3, a JSON error document with --json", async () => {
    const human = await cli.run(["validate", "examples/nope.yaml"]);
    expect(human).toEqual({
      exitCode: ValidateExitCode.ERROR,
      stdout: "",
      stderr:
        "acns validate: error: cannot read examples/nope.yaml: there is no such file; give the path of an acns.yaml or acns.json file\n",
    });
    const json = await cli.run(["validate", "examples/nope.yaml", "--json"]);
    expect(json.exitCode).toBe(ValidateExitCode.ERROR);
    expect(JsonError.parse(JSON.parse(json.stdout))).toEqual({
      error: {
        kind: "file",
        message:
          "cannot read examples/nope.yaml: there is no such file; give the path of an acns.yaml or acns.json file",
      },
    });
  });

  it("treats usage errors as could-not-check (exit 3)", async () => {
    const missing = await cli.run(["validate"]);
    expect(missing).toEqual({
      exitCode: ValidateExitCode.ERROR,
      stdout: "",
      stderr: "error: missing required argument 'file'\n(add --help for usage)\n",
    });
    const unknown = await cli.run(["validate", "examples/acns.yaml", "--token", "x"]);
    expect(unknown.exitCode).toBe(ValidateExitCode.ERROR);
    expect(unknown.stderr).toBe("error: unknown option '--token'\n(add --help for usage)\n");
  });

  it("documents its exit codes and credentials in --help (exit 0)", async () => {
    const help = await cli.run(["validate", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stderr).toBe("");
    expect(help.stdout).toMatchSnapshot();
  });
});

describe("acns validate --live", () => {
  it("accepts examples/acns.yaml against the seed account, reading only the zones that can matter", async () => {
    const result = await cli.runLive(["validate", "examples/acns.yaml", "--live"]);
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
    // 2 + 1 zone page + the 4 listed zones + the 2 unlisted zones served by custom names.
    const listed = ["example.com", "eu.example.com", "shop.eu.example.com", "us.example.com"];
    const served = ["10.in-addr.arpa", "1.10.in-addr.arpa"];
    expect(countRoutes()).toEqual({
      [`GET /accounts/${ACME}/custom_ns`]: 1,
      [`GET /accounts/${ACME}/dns_settings`]: 1,
      "GET /zones": 1,
      ...Object.fromEntries(
        [...listed, ...served].map((name) => [`GET /zones/${zoneId(name)}/dns_settings`, 1]),
      ),
    });
    const json = await cli.runLive(["validate", "examples/acns.yaml", "--live", "--json"]);
    expect(parseValidateJson(json.stdout)).toEqual<ValidateJson>({
      file: "examples/acns.yaml",
      valid: true,
      live: true,
      accounts: [
        {
          accountId: ACME,
          sets: 3,
          nameservers: 6,
          zones: 4,
          live: { zones: 9, unlisted: 5, unlistedOnAcns: 2 },
        },
      ],
      issues: [],
      warnings: [],
      requests: 9,
    });
  });

  it("reads every zone with --every-zone (one request per zone)", async () => {
    const result = await cli.runLive(["validate", "examples/acns.yaml", "--live", "--every-zone", "--json"]);
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    expect(parseValidateJson(result.stdout).requests).toBe(2 + 1 + 9);
  });

  it("finds what only the account shows: a conflict with an unlisted zone, a set it still uses, a zone it lacks", async () => {
    const file = [
      `accountId: "${ACME}"`,
      "sets:",
      "  - nsSet: 1",
      "    nameservers: [ns1.example.net, ns2.example.net]",
      "  - nsSet: 2",
      "    nameservers: [ns3.example.net, ns4.example.net]",
      "zones:",
      "  - name: example.com",
      "    nsSet: 1",
      "  - name: 1.10.in-addr.arpa",
      "    nsSet: 1",
      "  - name: new.example.com",
      "    nsSet: 2",
      "",
    ].join("\n");
    const cwd = cli.makeDir({ "acns.yaml": file });
    const offline = await cli.run(["validate", "acns.yaml"], { cwd });
    expect(offline.exitCode).toBe(ValidateExitCode.VALID);

    const result = await cli.runLive(["validate", "acns.yaml", "--live", "--json"], { cwd });
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    const body = parseValidateJson(result.stdout);
    expect(body.issues).toEqual<ReportedIssue[]>([
      {
        code: "hierarchy-conflict",
        path: ["zones", 1, "nsSet"],
        source: "file",
        accountId: null,
        line: 11,
        column: 12,
        message:
          'zone "1.10.in-addr.arpa" and its parent "10.in-addr.arpa" (live, not declared here) both use ns_set 1; zones on one ancestor/descendant chain must use different sets; give "1.10.in-addr.arpa" another set (2 is free on its chain)',
        subjects: { zones: ["1.10.in-addr.arpa", "10.in-addr.arpa"], sets: [1], nameservers: [] },
      },
      {
        code: "zone-not-in-account",
        path: ["zones", 2, "name"],
        source: "file",
        accountId: null,
        line: 12,
        column: 11,
        message: `zone "new.example.com" is not a zone of account ${ACME}; add the zone to the account first, or remove it from zones`,
        subjects: { zones: ["new.example.com"], sets: [], nameservers: [] },
      },
      {
        code: "unknown-set",
        // liveZones are the account's zones in the order the zone list gives them.
        path: ["liveZones", 6, "nsSet"],
        source: "account",
        accountId: ACME,
        line: null,
        column: null,
        message:
          'zone "shop.eu.example.com" (live, not declared here) uses ns_set 3, which is not declared; the zone would be left on a set without working nameservers; declare set 3 with 2-5 nameservers, or declare the zone here with a usable set (1 or 2)',
        subjects: { zones: ["shop.eu.example.com"], sets: [3], nameservers: [] },
      },
    ]);
    const human = await cli.runLive(["validate", "acns.yaml", "--live"], { cwd });
    expect(human.exitCode).toBe(ValidateExitCode.INVALID);
    expect(human.stdout).toMatchSnapshot();
  });

  it("checks the file's zone ids against the account's", async () => {
    const text = GOOD.replace(
      "  - name: example.com\n",
      `  - name: example.com\n    zoneId: "${zoneId("us.example.com")}"\n`,
    );
    const cwd = cli.makeDir({ "acns.yaml": text });
    expect((await cli.run(["validate", "acns.yaml"], { cwd })).exitCode).toBe(ValidateExitCode.VALID);
    const result = await cli.runLive(["validate", "acns.yaml", "--live", "--json"], { cwd });
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    expect(
      parseValidateJson(result.stdout).issues.map((i) => [i.code, i.source, i.line, i.column, i.message]),
    ).toEqual([
      [
        "zone-id-mismatch",
        "file",
        21,
        13,
        `zone "example.com" has zoneId "${zoneId("us.example.com")}", but the account's zone "example.com" has id "${zoneId("example.com")}"; use "${zoneId("example.com")}", or leave zoneId out`,
      ],
      [
        "zone-id-mismatch",
        "file",
        21,
        13,
        `zone "example.com" has zoneId "${zoneId("us.example.com")}", but in the account that id belongs to zone "us.example.com"; use the id of "example.com", or leave zoneId out`,
      ],
    ]);
  });

  it("replaces the file's own liveZones with the account's, and says so on stderr", async () => {
    const cwd = cli.makeDir({ "acns.yaml": `${GOOD}liveZones:\n  - { name: 10.in-addr.arpa, nsSet: 4 }\n` });
    const result = await cli.runLive(["validate", "acns.yaml", "--live"], { cwd });
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    expect(result.stderr).toBe(
      `note: --live replaces the 1 liveZones entry of account ${ACME} in acns.yaml with the account's 9 zones\n`,
    );
  });

  it("cannot check without credentials, or with a token the account refuses (exit 3)", async () => {
    const none = await cli.runLive(["validate", "examples/acns.yaml", "--live"], {
      env: { CLOUDFLARE_API_TOKEN: null },
    });
    expect(none).toEqual({
      exitCode: ValidateExitCode.ERROR,
      stdout: "",
      stderr:
        "acns validate: error: no Cloudflare credentials found; set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_API_KEY with CLOUDFLARE_EMAIL) in the environment; acns takes no credential flags, so none lands in shell history\n",
    });
    const refused = await cli.runLive(["validate", "examples/acns.yaml", "--live", "--json"], {
      env: { CLOUDFLARE_API_TOKEN: "not-a-token-of-this-account" },
    });
    expect(refused.exitCode).toBe(ValidateExitCode.ERROR);
    const message =
      `list custom nameservers of account ${ACME} failed after 1 attempt: GET /accounts/${ACME}/custom_ns answered ` +
      'HTTP 403 with Cloudflare error 1000 "Invalid API Token"; check that the API token (or key and email) is ' +
      "valid and allowed to act on this account or zone";
    expect(JsonError.parse(JSON.parse(refused.stdout))).toEqual({ error: { kind: "api", message } });
    expect(refused.stderr).toBe(`acns validate: error: ${message}\n`);
  });

  it("takes the base URL from --base-url over the environment", async () => {
    const result = await cli.runLive(
      ["validate", "examples/acns.yaml", "--live", "--base-url", cli.emulator.url],
      {
        env: { CLOUDFLARE_BASE_URL: "http://127.0.0.1:9/client/v4" },
      },
    );
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    const bad = await cli.runLive(["validate", "examples/acns.yaml", "--live", "--base-url", "not a url"]);
    expect(bad.exitCode).toBe(ValidateExitCode.ERROR);
    expect(bad.stderr).toBe(
      'acns validate: error: --base-url "not a url" is not a URL; use e.g. https://api.cloudflare.com/client/v4 or http://127.0.0.1:PORT/client/v4\n',
    );
  });

  it("draws a progress line on a terminal's stderr and clears it, leaving stdout as without one", async () => {
    const plain = await cli.runLive(["validate", "examples/acns.yaml", "--live"]);
    const tty = await cli.runLive(["validate", "examples/acns.yaml", "--live"], { tty: { columns: 200 } });
    expect(tty.stdout).toBe(plain.stdout);
    expect(plain.stderr).toBe("");
    const frames = tty.stderr.split("\r\u001b[2K");
    expect(frames[0]).toBe("");
    expect(frames[frames.length - 1]).toBe("");
    expect(frames).toContain(`account ${ACME}: zone settings 6/6, 9 requests`);
    expect(frames).toContain(`account ${ACME}: 9 zones listed, 3 requests`);
  });
});

describe("acns validate: warnings (rules Cloudflare does not document)", () => {
  const FILE = [
    `accountId: "${ACME}"`,
    "sets:",
    "  - nsSet: 1",
    "    nameservers: [ns1.example.net, ns2.example.net]",
    "customSets:",
    "  - key: edge",
    "    nameservers: [ns9.example.net]",
    "zones:",
    "  - name: example.com",
    "    customSet: edge",
    "  - name: a.example.com",
    "    customSet: edge",
    "",
  ].join("\n");
  const WARNINGS = [
    'acns.yaml:7:18: warning[custom-set-too-small] customSets[0].nameservers: custom set "edge" has 1 nameserver ' +
      '("ns9.example.net"); Cloudflare does not document how many names a Custom Nameserver Set holds, and the ' +
      "emulator, like a numbered set, takes 2-5, so the API may refuse it; add at least 1 more",
    'acns.yaml:12:16: warning[custom-set-hierarchy-conflict] zones[1].customSet: zone "a.example.com" and its parent ' +
      '"example.com" both use custom set "edge"; Cloudflare documents the hierarchy rule for numbered sets only, and ' +
      "the emulator applies it to each Custom Nameserver Set (docs/decisions/010), so the API may refuse the zone; " +
      'if it does, give "a.example.com" another set',
  ];
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "acns-validate-"));
    writeFileSync(join(dir, "acns.yaml"), FILE);
    writeFileSync(
      join(dir, "bad.yaml"),
      FILE.replace("customSet: edge\n  - name: a", "customSet: egde\n  - name: a"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints them like problems, with warning[code]; with only warnings the file is valid (exit 0)", async () => {
    const result = await cli.run(["validate", "acns.yaml"], { cwd: dir });
    expect(result.exitCode).toBe(ValidateExitCode.VALID);
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toEqual([
      ...WARNINGS,
      "",
      "acns.yaml: valid, 2 warnings",
      `  account ${ACME}: 1 set, 2 nameservers, 2 zones`,
      "Checked offline; --live also checks the zones of the account that the file does not list.",
      "",
    ]);
    const json = parseValidateJson((await cli.run(["validate", "acns.yaml", "--json"], { cwd: dir })).stdout);
    expect(json.valid).toBe(true);
    expect(json.warnings.map((w) => [w.code, w.line, w.column])).toEqual([
      ["custom-set-too-small", 7, 18],
      ["custom-set-hierarchy-conflict", 12, 16],
    ]);
    expect(json.warnings[1]?.subjects).toEqual({
      zones: ["a.example.com", "example.com"],
      sets: [],
      nameservers: [],
      customSets: ["edge"],
    });
  });

  it("prints them after the problems of an invalid file, which exits 1", async () => {
    const result = await cli.run(["validate", "bad.yaml"], { cwd: dir });
    expect(result.exitCode).toBe(ValidateExitCode.INVALID);
    expect(result.stdout.split("\n").map((line) => line.split(" ").slice(0, 3).join(" "))).toEqual([
      "bad.yaml:10:16: error[unknown-custom-set] zones[0].customSet:",
      "bad.yaml:7:18: warning[custom-set-too-small] customSets[0].nameservers:",
      "",
      "bad.yaml: invalid, 1",
      "",
    ]);
    expect(result.stdout).toContain("bad.yaml: invalid, 1 problem, 1 warning\n");
  });
});

describe("acns validate --live interrupted by Ctrl-C", () => {
  it("checks the file against the zones read so far, says the result is partial, and exits 130", async () => {
    const { store } = cli.emulator;
    // The slow zone is read last; Ctrl-C comes before its answer, so nothing is known of it.
    store.faults.add({
      method: "GET",
      path: `/zones/${zoneId("1.10.in-addr.arpa")}/dns_settings`,
      action: { kind: "latency", ms: 3000 },
    });
    const started = Date.now();
    const result = await cli.runLive(["validate", "examples/acns.yaml", "--live"], {
      tty: { columns: 200 },
      interrupt: { when: (stderr) => stderr.includes("zone settings 5/6") },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.exitCode).toBe(ValidateExitCode.INTERRUPTED);
    // 1.10.in-addr.arpa (not listed, on custom nameservers) was not read: 4 of the 5 unlisted zones are known.
    expect(result.stdout).toBe(
      [
        "Partial result: interrupted (Ctrl-C) after reading the DNS settings of 5 of 6 zones; what was not read is not checked.",
        "",
        "examples/acns.yaml: valid, checked against the live account",
        `  account ${ACME}: 3 sets, 6 nameservers, 4 zones; 9 zones in the account, 4 not listed (1 of them on custom nameservers)`,
        "",
      ].join("\n"),
    );
    expect(
      result.stderr.endsWith(
        "acns validate: interrupted (Ctrl-C): no more requests; printing the result over what was read (Ctrl-C again quits at once)\n",
      ),
    ).toBe(true);
  });
});
