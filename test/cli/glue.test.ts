import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GlueExitCode } from "../../provider/cli/exit-codes";
import { listGlueAddresses } from "../../provider/core/cloudflare";
import { GlueJson, JsonError, type GlueNameserver } from "../../provider/cli/json-output";
import { ACME } from "../emulator/fixtures";
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
  it("prints the glue records of a file's names per set, in one request (exit 0)", async () => {
    const result = await cli.runLive(["glue", "examples/acns.yaml"]);
    expect(result.exitCode).toBe(GlueExitCode.OK);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
    expect(cli.emulator.exchanges.map((x) => `${x.method} ${x.path}`)).toEqual([
      `GET /accounts/${ACME}/custom_ns`,
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
        },
      ],
      requests: 1,
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
    const other = "f9ec09d5468d883a7314539c74daac06";
    cli.emulator.store.setEntitlement(other, true);
    const result = await cli.runLive(["glue", "--account", other], {
      env: { CLOUDFLARE_API_TOKEN: "acns-demo-small-shop-token" },
    });
    expect(result.exitCode).toBe(GlueExitCode.OK);
    expect(result.stdout).toMatchSnapshot();
  });

  it("says when the account does not have the feature at all (Cloudflare's 1002), exit 1", async () => {
    const other = "f9ec09d5468d883a7314539c74daac06";
    const result = await cli.runLive(["glue", "--account", other], {
      env: { CLOUDFLARE_API_TOKEN: "acns-demo-small-shop-token" },
    });
    expect(result.exitCode).toBe(GlueExitCode.ERROR);
    expect(result.stderr).toBe(
      "acns glue: error: account custom nameservers are not enabled for this account (they need a Business or " +
        `Enterprise plan): list custom nameservers of account ${other} failed after 1 attempt: GET /accounts/` +
        `${other}/custom_ns answered HTTP 400 with Cloudflare error 1002 "This feature is not enabled for your ` +
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
