import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DriftExitCode } from "../../provider/cli/exit-codes";
import { DriftJson, JsonError } from "../../provider/cli/json-output";
import type { AcnsDrift } from "../../provider/core";
import { ACME, API_KEY, SMALL, zoneId } from "../emulator/fixtures";
import { ROOT, useCli } from "./use-cli";

const cli = useCli();

function parseDriftJson(stdout: string): DriftJson {
  return DriftJson.parse(JSON.parse(stdout));
}

/** examples/acns.yaml with a third name in set 1, so a name can be removed from a set in use. */
const WITH_NS5 = readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8").replace(
  "nameservers: [ns1.example.net, ns2.example.net]",
  "nameservers: [ns1.example.net, ns2.example.net, ns5.example.net]",
);

describe("acns drift", () => {
  it("finds no drift between examples/acns.yaml and the seed account (exit 0), reading only the listed zones", async () => {
    const result = await cli.runLive(["drift", "examples/acns.yaml"]);
    expect(result.exitCode).toBe(DriftExitCode.NO_DRIFT);
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatchSnapshot();
    const json = await cli.runLive(["drift", "examples/acns.yaml", "--json"]);
    expect(json.exitCode).toBe(DriftExitCode.NO_DRIFT);
    // 3 (names, Custom Nameserver Sets, DNS settings) + 1 zone page + the 4 listed zones.
    expect(parseDriftJson(json.stdout)).toEqual<DriftJson>({
      file: "examples/acns.yaml",
      drift: false,
      accounts: [ACME],
      differences: [],
      requests: 8,
    });
  });

  it("reports drift made out of band exactly, with exit 2: a name removed, zones moved and taken off, the default, an extra name", async () => {
    const cwd = cli.makeDir({ "acns.yaml": WITH_NS5 });
    const { store } = cli.emulator;
    store.createNameserver(ACME, { ns_name: "ns5.example.net", ns_set: 1 });
    const clean = await cli.runLive(["drift", "acns.yaml"], { cwd });
    expect(clean.exitCode).toBe(DriftExitCode.NO_DRIFT);

    store.deleteNameserver(ACME, "ns5.example.net");
    store.setZoneNameservers(zoneId("us.example.com"), { type: "custom.account", ns_set: 3 });
    store.setZoneNameservers(zoneId("shop.eu.example.com"), { type: "cloudflare.standard" });
    store.setAccountDefaultNameservers(ACME, "custom.account");
    store.createNameserver(ACME, { ns_name: "ns9.example.net", ns_set: 4 });

    const json = await cli.runLive(["drift", "acns.yaml", "--json"], { cwd });
    expect(json.exitCode).toBe(DriftExitCode.DRIFT);
    expect(json.stderr).toBe("");
    expect(parseDriftJson(json.stdout)).toEqual<DriftJson>({
      file: "acns.yaml",
      drift: true,
      accounts: [ACME],
      differences: [
        {
          code: "default-nameservers",
          accountId: ACME,
          subject: { kind: "account", name: ACME },
          desired: { type: "cloudflare.standard" },
          live: { type: "custom.account" },
          message:
            'the account\'s default for new zones is "custom.account", the file says "cloudflare.standard"; apply the file, or set defaultNameservers to "custom.account"',
        },
        {
          code: "nameserver-missing",
          accountId: ACME,
          subject: { kind: "nameserver", name: "ns5.example.net" },
          desired: { nsSet: 1 },
          live: null,
          message:
            'nameserver "ns5.example.net" of set 1 is not in the account; apply the file to create it, or remove it from set 1',
        },
        {
          code: "nameserver-extra",
          accountId: ACME,
          subject: { kind: "nameserver", name: "ns9.example.net" },
          desired: null,
          live: { nsSet: 4 },
          message:
            'nameserver "ns9.example.net" is in set 4 of the account but in no set of the file; applying the file deletes it; add it to set 4 in the file to keep it',
        },
        {
          code: "zone-off-acns",
          accountId: ACME,
          subject: { kind: "zone", name: "shop.eu.example.com" },
          desired: { type: "custom.account", nsSet: 3 },
          live: { type: "cloudflare.standard", nsSet: null },
          message:
            'zone "shop.eu.example.com" is not on account custom nameservers (its nameservers are "cloudflare.standard"), the file puts it on ns_set 3; apply the file, or remove the zone from the file',
        },
        {
          code: "zone-in-other-set",
          accountId: ACME,
          subject: { kind: "zone", name: "us.example.com" },
          desired: { type: "custom.account", nsSet: 2 },
          live: { type: "custom.account", nsSet: 3 },
          message:
            'zone "us.example.com" uses ns_set 3 in the account, the file says ns_set 2; apply the file, or set its nsSet to 3',
        },
      ],
      requests: 8,
    });
    const human = await cli.runLive(["drift", "acns.yaml"], { cwd });
    expect(human.exitCode).toBe(DriftExitCode.DRIFT);
    expect(human.stdout).toMatchSnapshot();
  });

  it("reports a name moved to another set and a zone that is gone", async () => {
    const { store } = cli.emulator;
    // shop.eu.example.com keeps set 3 in use, so it needs a third name before one can move to set 4.
    store.createNameserver(ACME, { ns_name: "ns3.acme-dns.example", ns_set: 3 });
    store.deleteNameserver(ACME, "ns2.acme-dns.example");
    store.createNameserver(ACME, { ns_name: "ns2.acme-dns.example", ns_set: 4 });
    store.deleteZone(zoneId("us.example.com"));
    const json = await cli.runLive(["drift", "examples/acns.yaml", "--json"]);
    expect(json.exitCode).toBe(DriftExitCode.DRIFT);
    expect(
      parseDriftJson(json.stdout).differences.map((d: AcnsDrift) => [
        d.code,
        d.subject.name,
        d.desired,
        d.live,
      ]),
    ).toEqual([
      ["nameserver-in-other-set", "ns2.acme-dns.example", { nsSet: 3 }, { nsSet: 4 }],
      ["nameserver-extra", "ns3.acme-dns.example", null, { nsSet: 3 }],
      ["zone-missing", "us.example.com", { type: "custom.account", nsSet: 2 }, null],
    ]);
  });

  it("refuses an invalid file (exit 1), printing its problems on stderr, or in the JSON error", async () => {
    const human = await cli.runLive(["drift", "examples/acns-bad.yaml"]);
    expect(human.exitCode).toBe(DriftExitCode.ERROR);
    expect(human.stdout).toBe("");
    expect(human.stderr).toMatchSnapshot();
    expect(cli.emulator.exchanges).toHaveLength(0);
    const json = await cli.runLive(["drift", "examples/acns-bad.yaml", "--json"]);
    expect(json.exitCode).toBe(DriftExitCode.ERROR);
    const body = JsonError.parse(JSON.parse(json.stdout));
    expect(body.error.kind).toBe("invalid-config");
    expect(body.error.message).toBe(
      "examples/acns-bad.yaml is not a valid configuration (2 problems); run acns validate examples/acns-bad.yaml and fix it first",
    );
    expect(body.error.issues?.map((i) => [i.code, i.line, i.column])).toEqual([
      ["nameserver-in-multiple-sets", 12, 41],
      ["hierarchy-conflict", 21, 12],
    ]);
  });

  it("cannot compare when the API fails (exit 1), and says which request failed", async () => {
    cli.emulator.store.faults.add({
      method: "GET",
      path: "/zones",
      action: { kind: "fail", status: 400 },
    });
    const result = await cli.runLive(["drift", "examples/acns.yaml", "--json"]);
    expect(result.exitCode).toBe(DriftExitCode.ERROR);
    const body = JsonError.parse(JSON.parse(result.stdout));
    expect(body.error.kind).toBe("api");
    expect(body.error.message).toBe(
      `list zones of account ${ACME} (page 1) failed after 1 attempt: GET /zones answered HTTP 400 with ` +
        'Cloudflare error 1190 "injected fault fault-1: HTTP 400 for GET /client/v4/zones (matching request 1)"; ' +
        "correct the request as Cloudflare's message says",
    );
    expect(result.stderr).toBe(`acns drift: error: ${body.error.message}\n`);
  });

  it("compares every account of a list, with a global API key from the environment", async () => {
    const text = [
      `- accountId: "${ACME}"`,
      "  sets:",
      "    - { nsSet: 1, nameservers: [ns1.example.net, ns2.example.net] }",
      "    - { nsSet: 2, nameservers: [ns3.example.net, ns4.example.net] }",
      "    - { nsSet: 3, nameservers: [ns1.acme-dns.example, ns2.acme-dns.example] }",
      "  zones: [{ name: example.com, nsSet: 1 }]",
      `- accountId: "${SMALL}"`,
      "  defaultNameservers: custom.account",
      "  sets: [{ nsSet: 1, nameservers: [ns1.small-shop.example, ns2.small-shop.example] }]",
      "  zones: []",
      "",
    ].join("\n");
    const cwd = cli.makeDir({ "accounts.yaml": text });
    // Small Shop gets the feature, so both accounts can be read (Cloudflare answers 1002 otherwise).
    cli.emulator.store.setEntitlement(SMALL, true);
    const env = {
      CLOUDFLARE_API_TOKEN: null,
      CLOUDFLARE_API_KEY: API_KEY.key,
      CLOUDFLARE_EMAIL: API_KEY.email,
    };
    const json = await cli.runLive(["drift", "accounts.yaml", "--json"], { cwd, env });
    expect(json.exitCode).toBe(DriftExitCode.DRIFT);
    const body = parseDriftJson(json.stdout);
    expect(body.accounts).toEqual([ACME, SMALL]);
    expect(body.differences.map((d) => [d.accountId, d.code, d.subject.name])).toEqual([
      [SMALL, "default-nameservers", SMALL],
      [SMALL, "nameserver-missing", "ns1.small-shop.example"],
      [SMALL, "nameserver-missing", "ns2.small-shop.example"],
    ]);
    // 2 accounts x (3 + 1 zone page) + the one listed zone.
    expect(body.requests).toBe(9);
    const human = await cli.runLive(["drift", "accounts.yaml"], { cwd, env });
    expect(human.stdout).toMatchSnapshot();
  });

  it("treats a missing argument as a usage error (exit 1)", async () => {
    const result = await cli.run(["drift"]);
    expect(result).toEqual({
      exitCode: DriftExitCode.ERROR,
      stdout: "",
      stderr: "error: missing required argument 'file'\n(add --help for usage)\n",
    });
  });

  it("documents its exit codes in --help", async () => {
    const help = await cli.run(["drift", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toMatchSnapshot();
  });
});

describe("acns drift with Custom Nameserver Sets", () => {
  /** "edge" (ns2 with two addresses) and an advanced "lab" set in pool 2. */
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

  it("reports a zone of a numbered set moved onto a set, and lists the sets the file does not manage (not drift)", async () => {
    const { edge, lab } = createSets();
    const onlySets = await cli.runLive(["drift", "examples/acns.yaml"]);
    expect(onlySets.exitCode).toBe(DriftExitCode.NO_DRIFT);
    expect(onlySets.stdout.split("\n").slice(0, 3)).toEqual([
      `No drift: account ${ACME} is as examples/acns.yaml says (3 sets, 6 nameservers, 4 zones compared).`,
      "",
      "Not managed by examples/acns.yaml (applying it leaves them as they are):",
    ]);

    cli.emulator.store.setZoneNameservers(zoneId("us.example.com"), {
      type: "custom",
      nameserver_set_id: edge,
    });
    const human = await cli.runLive(["drift", "examples/acns.yaml"]);
    expect(human.exitCode).toBe(DriftExitCode.DRIFT);
    expect(human.stdout.split("\n")).toEqual([
      `Drift: account ${ACME} differs from examples/acns.yaml in 1 way:`,
      "",
      "  WHAT  NAME            FILE   ACCOUNT",
      `  zone  us.example.com  set 2  custom nameserver set ${edge}`,
      "",
      "Not managed by examples/acns.yaml (applying it leaves them as they are):",
      "",
      "  WHAT        ID                                ACCOUNT",
      `  custom set  ${edge}  ns1.edge.example, ns2.edge.example (ipCount 2)`,
      `  custom set  ${lab}  ns1.lab.example (ipCount 2), ns2.lab.example (ipCount 2); advanced; ipSet 2`,
      "",
      "Apply the file (pulumi up) to make the account match it, or change the file to accept what the account has.",
      "",
    ]);
    const json = parseDriftJson((await cli.runLive(["drift", "examples/acns.yaml", "--json"])).stdout);
    expect([json.drift, json.requests, json.customSetsUnavailable]).toEqual([true, 8, undefined]);
    expect(json.differences.map((d) => [d.code, d.subject.name, d.informational])).toEqual([
      ["custom-set-unmanaged", edge, true],
      ["custom-set-unmanaged", lab, true],
      ["zone-on-custom-set", "us.example.com", undefined],
    ]);
    expect(json.differences[2]?.message).toBe(
      `zone "us.example.com" is on custom nameserver set ${edge} (ns1.edge.example, ns2.edge.example (ipCount 2)) ` +
        "in the account, the file puts it on ns_set 2; apply the file, or remove the zone from the file",
    );
  });

  it("compares numbered sets as before when the API has no Custom Nameserver Sets (404)", async () => {
    cli.emulator.store.faults.add({
      method: "GET",
      path: `/accounts/${ACME}/dns_settings/nameserver_sets`,
      action: { kind: "fail", status: 404 },
    });
    const result = await cli.runLive(["drift", "examples/acns.yaml", "--json"]);
    expect(result.exitCode).toBe(DriftExitCode.NO_DRIFT);
    expect(parseDriftJson(result.stdout)).toEqual<DriftJson>({
      file: "examples/acns.yaml",
      drift: false,
      accounts: [ACME],
      differences: [],
      customSetsUnavailable: [{ accountId: ACME, reason: "HTTP 404 with Cloudflare error 1190" }],
      requests: 8,
    });
  });

  it("matches the file's custom sets by names, ipCount, advanced and ipSet, and reports a missing one and a zone off its set", async () => {
    const { lab } = createSets();
    cli.emulator.store.setZoneNameservers(zoneId("us.example.com"), {
      type: "custom",
      nameserver_set_id: createdEdge(),
    });
    const text =
      readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8")
        .replace("  - name: eu.example.com\n    nsSet: 2\n", "")
        .replace(
          "  - name: us.example.com\n    nsSet: 2",
          "  - name: us.example.com\n    customSet: edge\n  - name: eu.example.com\n    customSet: lab",
        ) +
      "customSets:\n" +
      "  - key: edge\n    nameservers: [ns1.edge.example, { name: ns2.edge.example, ipCount: 2 }]\n" +
      "  - key: lab\n    nameservers: [ns1.lab.example, ns2.lab.example]\n";
    const cwd = cli.makeDir({ "acns.yaml": text });
    const human = await cli.runLive(["drift", "acns.yaml"], { cwd });
    expect(human.exitCode).toBe(DriftExitCode.DRIFT);
    expect(human.stdout.split("\n")).toEqual([
      `Drift: account ${ACME} differs from acns.yaml in 2 ways:`,
      "",
      "  WHAT        NAME            FILE                              ACCOUNT",
      "  custom set  lab             ns1.lab.example, ns2.lab.example  missing",
      "  zone        eu.example.com  custom set lab                    set 2",
      "",
      "Not managed by acns.yaml (applying it leaves them as they are):",
      "",
      "  WHAT        ID                                ACCOUNT",
      `  custom set  ${lab}  ns1.lab.example (ipCount 2), ns2.lab.example (ipCount 2); advanced; ipSet 2`,
      "",
      "Apply the file (pulumi up) to make the account match it, or change the file to accept what the account has.",
      "",
    ]);
    const json = parseDriftJson((await cli.runLive(["drift", "acns.yaml", "--json"], { cwd })).stdout);
    expect(json.differences.map((d) => d.message)).toEqual([
      `custom set "lab" (ns1.lab.example, ns2.lab.example) is not in the account (custom nameserver set ${lab} ` +
        'has these names, but advanced, ipSet 2, ipCount 2 for "ns1.lab.example", ipCount 2 for "ns2.lab.example"); ' +
        "apply the file to create it, or remove it from customSets",
      `custom nameserver set ${lab} (ns1.lab.example (ipCount 2), ns2.lab.example (ipCount 2); advanced; ipSet 2) ` +
        "is in the account but matches no set of the file's customSets; applying the file leaves it as it is; " +
        "add it to customSets to manage it",
      'zone "eu.example.com" uses ns_set 2 in the account, the file puts it on custom set "lab", which is not in ' +
        "the account yet; apply the file, or set its nsSet to 2 instead of customSet",
    ]);
  });

  /** The id of the "edge" set createSets made (the oldest set of the account). */
  function createdEdge(): string {
    const first = cli.emulator.store.listNameserverSets(ACME)[0];
    if (first === undefined) throw new Error("createSets first");
    return first.id;
  }
});

describe("acns drift interrupted by Ctrl-C", () => {
  it("stops reading, prints the differences in the zones read, says the result is partial, and exits 130", async () => {
    const { store } = cli.emulator;
    // Two zones answer slowly, so the two others are read first and Ctrl-C comes between.
    for (const name of ["shop.eu.example.com", "us.example.com"]) {
      store.faults.add({
        method: "GET",
        path: `/zones/${zoneId(name)}/dns_settings`,
        action: { kind: "latency", ms: 3000 },
      });
    }
    store.setZoneNameservers(zoneId("eu.example.com"), { type: "cloudflare.standard" });
    // Not read before Ctrl-C, so not reported.
    store.setZoneNameservers(zoneId("us.example.com"), { type: "custom.account", ns_set: 3 });
    const started = Date.now();
    const result = await cli.runLive(["drift", "examples/acns.yaml"], {
      tty: { columns: 200 },
      interrupt: {
        when: (stderr) => stderr.endsWith(`account ${ACME}: zone settings 2/4, 6 requests, under 1 s left`),
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(result.exitCode).toBe(DriftExitCode.INTERRUPTED);
    expect(result.exitCode).toBe(130);
    expect(result.stdout).toBe(
      [
        "Partial result: interrupted (Ctrl-C) after reading the DNS settings of 2 of 4 zones; what was not read is not checked.",
        "",
        `Drift: account ${ACME} differs from examples/acns.yaml in 1 way:`,
        "",
        "  WHAT  NAME            FILE   ACCOUNT",
        "  zone  eu.example.com  set 2  off ACNS (cloudflare.standard)",
        "",
        "Apply the file (pulumi up) to make the account match it, or change the file to accept what the account has.",
        "",
      ].join("\n"),
    );
    expect(
      result.stderr.endsWith(
        "\r\u001b[2Kacns drift: interrupted (Ctrl-C): no more requests; printing the result over what was read (Ctrl-C again quits at once)\n",
      ),
    ).toBe(true);
    // No request went out after Ctrl-C: the 6 answered and the 2 slow ones under way.
    const settingsReads = cli.emulator.exchanges.filter(
      (x) => x.path.endsWith("/dns_settings") && x.path.startsWith("/zones/"),
    );
    expect(settingsReads.map((x) => x.path).sort()).toEqual(
      [zoneId("example.com"), zoneId("eu.example.com")].map((id) => `/zones/${id}/dns_settings`).sort(),
    );
  });
});
