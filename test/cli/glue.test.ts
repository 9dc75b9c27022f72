import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GlueExitCode } from "../../provider/cli/exit-codes";
import { listGlueAddresses } from "../../provider/core/cloudflare";
import { GlueJson, JsonError, type GlueNameserver } from "../../provider/cli/json-output";
import { ACME, SMALL } from "../emulator/fixtures";
import { ROOT, useCli } from "./use-cli";

const cli = useCli();

function parseGlueJson(stdout: string): GlueJson {
  return GlueJson.parse(JSON.parse(stdout));
}

/** What the account itself says about a name, as the glue document should carry it. */
function describeLiveName(name: string): GlueNameserver {
  const ns = cli.emulator.store.listNameservers(ACME).find((n) => n.ns_name === name);
  if (ns === undefined) throw new Error(`the account has no nameserver ${name}`);
  return {
    name,
    inAccount: true,
    ipv4: listGlueAddresses(ns, "A"),
    ipv6: listGlueAddresses(ns, "AAAA"),
    status: ns.status,
    zoneTag: ns.zone_tag === "" ? null : ns.zone_tag,
  };
}

const SETS = [
  [1, ["ns1.example.net", "ns2.example.net"]],
  [2, ["ns3.example.net", "ns4.example.net"]],
  [3, ["ns1.acme-dns.example", "ns2.acme-dns.example"]],
] as const;

describe("acns glue", () => {
  it("prints the glue records of a file's names per set, in two requests (exit 0)", async () => {
    const result = await cli.runLive(["glue", "examples/acns.yaml"]);
    expect(result.exitCode).toBe(GlueExitCode.OK);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
    expect(cli.emulator.exchanges.map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /accounts/${ACME}/custom_ns`,
      `GET /accounts/${ACME}/dns_settings/nameserver_sets`,
    ]);
  });

  it("gives the same records as JSON, exactly as the account has them", async () => {
    const result = await cli.runLive(["glue", "examples/acns.yaml", "--json"]);
    expect(result.exitCode).toBe(GlueExitCode.OK);
    const expected: GlueJson = {
      file: "examples/acns.yaml",
      complete: true,
      accounts: [
        {
          accountId: ACME,
          sets: SETS.map(([nsSet, names]) => ({ nsSet, nameservers: names.map(describeLiveName) })),
          customSets: [],
        },
      ],
      requests: 2,
    };
    const body = parseGlueJson(result.stdout);
    expect(body).toEqual(expected);
    // The example holds both kinds: names in an account zone (Cloudflare creates their records) and not.
    const first = body.accounts[0]?.sets ?? [];
    expect(first.map((s) => s.nameservers.map((n) => n.zoneTag !== null))).toEqual([
      [true, true],
      [true, true],
      [false, false],
    ]);
    for (const ns of first.flatMap((s) => s.nameservers)) {
      expect(ns.ipv4).toHaveLength(1);
      expect(ns.ipv6).toHaveLength(1);
    }
  });

  it("prints every name of an account with --account, and the same table as the file", async () => {
    const fromAccount = await cli.runLive(["glue", "--account", ACME, "--json"]);
    expect(fromAccount.exitCode).toBe(GlueExitCode.OK);
    const fromFile = parseGlueJson((await cli.runLive(["glue", "examples/acns.yaml", "--json"])).stdout);
    expect(parseGlueJson(fromAccount.stdout)).toEqual({ ...fromFile, file: null });
    const human = await cli.runLive(["glue", "--account", ACME]);
    expect(human.stdout).toMatchSnapshot();
  });

  it("marks names of the file that the account does not have yet, with exit 2", async () => {
    const text = readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8").replace(
      "nameservers: [ns3.example.net, ns4.example.net]",
      "nameservers: [ns3.example.net, ns4.example.net, ns7.example.net]",
    );
    const cwd = cli.makeDir({ "acns.yaml": text });
    const result = await cli.runLive(["glue", "acns.yaml"], { cwd });
    expect(result.exitCode).toBe(GlueExitCode.INCOMPLETE);
    expect(result.stdout).toMatchSnapshot();
    const json = parseGlueJson((await cli.runLive(["glue", "acns.yaml", "--json"], { cwd })).stdout);
    expect(json.complete).toBe(false);
    expect(json.accounts[0]?.sets[1]?.nameservers[2]).toEqual<GlueNameserver>({
      name: "ns7.example.net",
      inAccount: false,
      ipv4: [],
      ipv6: [],
      status: null,
      zoneTag: null,
    });
  });

  it("says when an account has no custom nameservers", async () => {
    cli.emulator.store.setEntitlement(SMALL, true);
    const result = await cli.runLive(["glue", "--account", SMALL], {
      env: { CLOUDFLARE_API_TOKEN: "acns-demo-small-shop-token" },
    });
    expect(result.exitCode).toBe(GlueExitCode.OK);
    expect(result.stdout).toMatchSnapshot();
  });

  it("says when the account does not have the feature at all (Cloudflare's 1002), exit 1", async () => {
    const result = await cli.runLive(["glue", "--account", SMALL], {
      env: { CLOUDFLARE_API_TOKEN: "acns-demo-small-shop-token" },
    });
    expect(result.exitCode).toBe(GlueExitCode.ERROR);
    expect(result.stderr).toBe(
      "acns glue: error: account custom nameservers are not enabled for this account (they need a Business or " +
        `Enterprise plan): list custom nameservers of account ${SMALL} failed after 1 attempt: GET /accounts/` +
        `${SMALL}/custom_ns answered HTTP 400 with Cloudflare error 1002 "This feature is not enabled for your ` +
        "account.\"; correct the request as Cloudflare's message says\n",
    );
  });

  it("needs exactly one of a file and --account (exit 1)", async () => {
    const neither = await cli.run(["glue", "--json"]);
    expect(neither.exitCode).toBe(GlueExitCode.ERROR);
    expect(JsonError.parse(JSON.parse(neither.stdout))).toEqual({
      error: { kind: "usage", message: "give a configuration file or --account <id>" },
    });
    const both = await cli.run(["glue", "examples/acns.yaml", "--account", ACME]);
    expect(both).toEqual({
      exitCode: GlueExitCode.ERROR,
      stdout: "",
      stderr: "acns glue: error: give a configuration file or --account <id>, not both\n",
    });
    const badId = await cli.run(["glue", "--account", "ACME"]);
    expect(badId).toEqual({
      exitCode: GlueExitCode.ERROR,
      stdout: "",
      stderr:
        "error: option '--account <id>' argument 'ACME' is invalid. must be a Cloudflare account id (32 lowercase hex characters); got \"ACME\"\n(add --help for usage)\n",
    });
    expect(cli.emulator.exchanges).toHaveLength(0);
  });

  it("documents its exit codes in --help", async () => {
    const help = await cli.run(["glue", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatchSnapshot();
  });
});

/** Two sets of the example account: "edge" (ns2 with two addresses) and an advanced one. */
function createSets(): { edge: string; lab: string } {
  const { store } = cli.emulator;
  const edge = store.createNameserverSet(ACME, {
    nameservers: [{ name: "ns1.edge.example" }, { name: "ns2.edge.example", ip_count: 2 }],
  });
  const lab = store.createNameserverSet(ACME, {
    nameservers: [
      { name: "ns1.lab.example", ip_count: 2 },
      { name: "ns2.lab.example", ip_count: 2 },
    ],
    advanced: true,
    ip_set: 2,
  });
  return { edge: edge.id, lab: lab.id };
}

describe("acns glue with Custom Nameserver Sets", () => {
  it("prints every name of every set with all of its addresses, labelled by id, advanced groups in brackets (2 requests)", async () => {
    const { edge, lab } = createSets();
    const result = await cli.runLive(["glue", "--account", ACME]);
    expect(result.exitCode).toBe(GlueExitCode.OK);
    const lines = result.stdout.split("\n");
    expect(lines.slice(9, 15)).toEqual([
      "",
      "  CUSTOM SET                                           NAME              IPV4                                    IPV6",
      `  ${edge}                     ns1.edge.example  192.0.2.1                               2001:db8:76d7:1::1`,
      "                                                       ns2.edge.example  192.0.2.2, 192.0.2.3                    2001:db8:76d7:1::2, 2001:db8:76d7:1::3",
      `  ${lab}, advanced, ipSet 2  ns1.lab.example   198.51.100.128 (a), 198.51.100.129 (b)  2001:db8:76d7:4::1 (a), 2001:db8:76d7:4::2 (b)`,
      "                                                       ns2.lab.example   198.51.100.130 (b), 198.51.100.131 (c)  2001:db8:76d7:4::3 (b), 2001:db8:76d7:4::4 (c)",
    ]);
    expect(cli.emulator.exchanges.map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /accounts/${ACME}/custom_ns`,
      `GET /accounts/${ACME}/dns_settings/nameserver_sets`,
    ]);
    const json = parseGlueJson((await cli.runLive(["glue", "--account", ACME, "--json"])).stdout);
    expect(json.complete).toBe(true);
    expect(json.requests).toBe(2);
    expect(json.accounts[0]?.customSets).toEqual<GlueJson["accounts"][number]["customSets"]>([
      {
        nameserverSetId: edge,
        key: null,
        advanced: false,
        ipSet: 1,
        nameservers: [
          {
            name: "ns1.edge.example",
            ipv4: ["192.0.2.1"],
            ipv6: ["2001:db8:76d7:1::1"],
            ipv4Groups: null,
            ipv6Groups: null,
          },
          {
            name: "ns2.edge.example",
            ipv4: ["192.0.2.2", "192.0.2.3"],
            ipv6: ["2001:db8:76d7:1::2", "2001:db8:76d7:1::3"],
            ipv4Groups: null,
            ipv6Groups: null,
          },
        ],
      },
      {
        nameserverSetId: lab,
        key: null,
        advanced: true,
        ipSet: 2,
        nameservers: [
          {
            name: "ns1.lab.example",
            ipv4: ["198.51.100.128", "198.51.100.129"],
            ipv6: ["2001:db8:76d7:4::1", "2001:db8:76d7:4::2"],
            ipv4Groups: ["a", "b"],
            ipv6Groups: ["a", "b"],
          },
          {
            name: "ns2.lab.example",
            ipv4: ["198.51.100.130", "198.51.100.131"],
            ipv6: ["2001:db8:76d7:4::3", "2001:db8:76d7:4::4"],
            ipv4Groups: ["b", "c"],
            ipv6Groups: ["b", "c"],
          },
        ],
      },
    ]);
  });

  it("still prints the numbered sets when the API has no Custom Nameserver Sets (404), and says so", async () => {
    cli.emulator.store.faults.add({
      method: "GET",
      path: `/accounts/${ACME}/dns_settings/nameserver_sets`,
      action: { kind: "fail", status: 404 },
    });
    const result = await cli.runLive(["glue", "examples/acns.yaml", "--json"]);
    expect(result.exitCode).toBe(GlueExitCode.OK);
    const body = parseGlueJson(result.stdout);
    expect([body.accounts[0]?.sets.length, body.accounts[0]?.customSets, body.customSetsUnavailable]).toEqual(
      [3, [], [{ accountId: ACME, reason: "HTTP 404 with Cloudflare error 1190" }]],
    );
    cli.emulator.store.faults.add({
      method: "GET",
      path: `/accounts/${ACME}/dns_settings/nameserver_sets`,
      action: { kind: "fail", status: 404 },
    });
    const human = await cli.runLive(["glue", "examples/acns.yaml"]);
    expect(human.stdout.split("\n").slice(9, 11)).toEqual([
      "",
      "  (Custom Nameserver Sets could not be listed: HTTP 404 with Cloudflare error 1190; shown as none)",
    ]);
  });

  it("labels a live set with the key of the file's set it matches exactly, and lists the file's sets not in the account (exit 2)", async () => {
    const { edge, lab } = createSets();
    const text = [
      readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8"),
      "customSets:",
      "  - key: edge",
      "    nameservers: [ns1.edge.example, { name: ns2.edge.example, ipCount: 2 }]",
      "  - key: lab",
      "    nameservers: [ns1.lab.example, ns2.lab.example]",
      "",
    ].join("\n");
    const cwd = cli.makeDir({ "acns.yaml": text });
    const result = await cli.runLive(["glue", "acns.yaml"], { cwd });
    expect(result.exitCode).toBe(GlueExitCode.INCOMPLETE);
    const lines = result.stdout.split("\n");
    expect(lines.slice(10).map((line) => line.trimEnd())).toEqual([
      "  CUSTOM SET                                           NAME              IPV4                                    IPV6",
      `  edge (${edge})              ns1.edge.example  192.0.2.1                               2001:db8:76d7:1::1`,
      "                                                       ns2.edge.example  192.0.2.2, 192.0.2.3                    2001:db8:76d7:1::2, 2001:db8:76d7:1::3",
      `  ${lab}, advanced, ipSet 2  ns1.lab.example   198.51.100.128 (a), 198.51.100.129 (b)  2001:db8:76d7:4::1 (a), 2001:db8:76d7:4::2 (b)`,
      "                                                       ns2.lab.example   198.51.100.130 (b), 198.51.100.131 (c)  2001:db8:76d7:4::3 (b), 2001:db8:76d7:4::4 (c)",
      "  lab (not in the account yet)                         ns1.lab.example   -                                       -",
      "                                                       ns2.lab.example   -                                       -",
      "",
      "Register each name with its addresses as a glue (host) record at the registrar of its domain.",
      '2 names marked "publish yourself" also need these A and AAAA records at their domain\'s DNS provider.',
      "1 custom set of the file is not in the account yet; create it (pulumi up), then run acns glue again: Cloudflare assigns the addresses.",
      "",
    ]);
    const json = parseGlueJson((await cli.runLive(["glue", "acns.yaml", "--json"], { cwd })).stdout);
    expect(json.complete).toBe(false);
    expect(json.accounts[0]?.customSets.map((set) => [set.key, set.nameserverSetId])).toEqual([
      ["edge", edge],
      [null, lab],
      ["lab", null],
    ]);
  });
});

describe("acns", () => {
  it("lists its commands in --help (exit 0), and exits 1 on an unknown command", async () => {
    const help = await cli.run(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatchSnapshot();
    const unknown = await cli.run(["lint"]);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toBe("error: unknown command 'lint'\n(add --help for usage)\n");
  });
});
