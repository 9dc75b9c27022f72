/**
 * The config-file program under mocks, with temporary acns.yaml files: a good file registers exactly
 * the resources it describes; a bad one fails with the lines `acns validate` prints and registers
 * nothing at all.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AcnsComponentError } from "../../provider/component";
import {
  ADOPT_KEY,
  CONFIG_FILE_KEY,
  runConfigFileProgram,
  type ConfigFileProgram,
} from "../../provider/program";
import { listChildUrns, mockCustomSetId, mockGlue, settle, useAcnsMocks } from "../component/acns-mocks";
import { ACME, SMALL, zoneId } from "../emulator/fixtures";

const mocks = useAcnsMocks({ preview: false });

const ACCOUNT = ACME;
const OTHER_ACCOUNT = SMALL;
const ZONE_EXAMPLE_COM = zoneId("example.com");
const ZONE_EU_EXAMPLE_COM = zoneId("eu.example.com");
const COMPONENT = "cloudflare-acns:index:AccountCustomNameservers";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "acns-program-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const GOOD_YAML = `# Acme's nameservers
accountId: "${ACCOUNT}"
defaultNameservers: custom.account
sets:
  - nsSet: 1
    nameservers: [NS1.Acme-DNS.example., ns2.acme-dns.example]
  - nsSet: 2
    nameservers: [ns3.acme-dns.example, ns4.acme-dns.example]
zones:
  - name: example.com
    zoneId: "${ZONE_EXAMPLE_COM}"
  - name: eu.example.com
    zoneId: "${ZONE_EU_EXAMPLE_COM}"
    nsSet: 2
    restoreTo: { type: custom.account, nsSet: 1 }
`;

/** Waits for every registration the program started, and returns its stack outputs. */
async function finish(program: ConfigFileProgram): Promise<unknown> {
  const result = await settle(
    pulumi.output({
      outputs: program.outputs,
      urns: Object.values(program.components).map(listChildUrns),
    }),
  );
  if ("error" in result) throw result.error;
  return (result.value as { outputs: unknown }).outputs;
}

function capture(run: () => unknown): AcnsComponentError {
  try {
    run();
  } catch (err) {
    if (err instanceof AcnsComponentError) return err;
    throw err;
  }
  throw new Error("the program did not throw");
}

test("a good acns.yaml registers one component and exactly the resources it describes, with normalised names", async () => {
  const program = runConfigFileProgram({ configFile: write("acns.yaml", GOOD_YAML) });
  expect(await finish(program)).toEqual({
    accounts: {
      [ACCOUNT]: {
        glueRecords: {
          1: [mockGlue(1, 0, "ns1.acme-dns.example"), mockGlue(1, 1, "ns2.acme-dns.example")],
          2: [mockGlue(2, 0, "ns3.acme-dns.example"), mockGlue(2, 1, "ns4.acme-dns.example")],
        },
        nameservers: {
          "example.com": ["ns1.acme-dns.example", "ns2.acme-dns.example"],
          "eu.example.com": ["ns3.acme-dns.example", "ns4.acme-dns.example"],
        },
      },
    },
  });
  const name = `acns-${ACCOUNT}`;
  expect(
    mocks.registrations
      .map((r) => [r.type, r.name, r.inputs])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
  ).toEqual([
    [COMPONENT, name, {}],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:AccountDefaultNameservers",
      `${name}-default`,
      { accountId: ACCOUNT, type: "custom.account" },
    ],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet",
      `${name}-set-1`,
      { accountId: ACCOUNT, nsSet: 1, nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"] },
    ],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet",
      `${name}-set-2`,
      { accountId: ACCOUNT, nsSet: 2, nameservers: ["ns3.acme-dns.example", "ns4.acme-dns.example"] },
    ],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding",
      `${name}-zone-eu.example.com`,
      {
        zoneId: ZONE_EU_EXAMPLE_COM,
        nsSet: 2,
        zoneName: "eu.example.com",
        restoreTo: { type: "custom.account", nsSet: 1 },
        setNameservers: ["ns3.acme-dns.example", "ns4.acme-dns.example"],
      },
    ],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding",
      `${name}-zone-example.com`,
      {
        zoneId: ZONE_EXAMPLE_COM,
        nsSet: 1,
        zoneName: "example.com",
        setNameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
      },
    ],
  ]);
});

test("a bad change fails with the lines acns validate prints, and registers nothing", async () => {
  const bad = GOOD_YAML.replace("    nsSet: 2\n", "    nsSet: 1\n").replace(
    "nameservers: [ns3.acme-dns.example, ns4.acme-dns.example]",
    "nameservers: [ns3.acme-dns.example, ns2.acme-dns.example]",
  );
  const err = capture(() => runConfigFileProgram({ configFile: "acns.yaml", projectDir: dir }));
  expect(err.message).toContain("cannot read acns.yaml");
  write("acns.yaml", bad);
  const refused = capture(() => runConfigFileProgram({ configFile: "acns.yaml", projectDir: dir }));
  expect(refused.message).toBe(
    'acns.yaml:8:41: error[nameserver-in-multiple-sets] sets[1].nameservers[1]: nameserver "ns2.acme-dns.example" is in set 1 and set 2; a name can belong to one set only; remove it from one of them\n' +
      'acns.yaml:14:12: error[hierarchy-conflict] zones[1].nsSet: zone "eu.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant chain must use different sets; give "eu.example.com" another set (2 is free on its chain)\n' +
      // Moved to set 1, the zone's restoreTo now names its own set.
      'acns.yaml:15:16: error[invalid-restore-to] zones[1].restoreTo: zone "eu.example.com": restoreTo {"type":"custom.account","nsSet":1} cannot be used: it is the zone\'s own set (ns_set 1), and restoreTo says where the zone goes when it leaves that set; name another set, or {type: "cloudflare.standard"}, or leave restoreTo out\n' +
      "\n" +
      "acns.yaml: invalid, 3 problems; no resource was created or changed",
  );
  expect(refused.issues.map((issue) => issue.code)).toEqual([
    "nameserver-in-multiple-sets",
    "hierarchy-conflict",
    "invalid-restore-to",
  ]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(mocks.registrations).toEqual([]);
});

test("a file that is not YAML fails with its line and column, and registers nothing", async () => {
  write("acns.yaml", `accountId: "${ACCOUNT}"\nsets: [\nzones: []\n`);
  const err = capture(() => runConfigFileProgram({ configFile: "acns.yaml", projectDir: dir }));
  expect(err.message).toBe(
    "acns.yaml:3:1: error[yaml-syntax] Flow sequence in block collection must be sufficiently indented and end with a ]; correct the YAML syntax there\n" +
      "\n" +
      "acns.yaml: invalid, 1 problem; no resource was created or changed",
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(mocks.registrations).toEqual([]);
});

test("a missing file says where it looked and how to point at another", () => {
  const err = capture(() => runConfigFileProgram({ projectDir: dir }));
  expect(err.message).toBe(
    `cannot read acns.yaml (${join(dir, "acns.yaml")}): there is no such file; write the account's ACNS configuration there, ` +
      "or point the stack at the file with `pulumi config set cloudflare-acns:configFile <path>`",
  );
});

test("the stack config names the file (JSON too); several accounts make one component each", async () => {
  write(
    "accounts.json",
    JSON.stringify([
      {
        accountId: ACCOUNT,
        sets: [{ nsSet: 1, nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"] }],
        zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM }],
      },
      { accountId: OTHER_ACCOUNT, defaultNameservers: "cloudflare.standard", sets: [], zones: [] },
    ]),
  );
  pulumi.runtime.setConfig(CONFIG_FILE_KEY, "accounts.json");
  try {
    const program = runConfigFileProgram({ projectDir: dir });
    await finish(program);
    expect(program.configFile).toBe("accounts.json");
    expect(Object.keys(program.components)).toEqual([ACCOUNT, OTHER_ACCOUNT]);
  } finally {
    pulumi.runtime.setConfig(CONFIG_FILE_KEY, "");
  }
  expect(mocks.registrations.map((r) => r.name).sort()).toEqual([
    `acns-${ACCOUNT}`,
    `acns-${ACCOUNT}-set-1`,
    `acns-${ACCOUNT}-zone-example.com`,
    `acns-${OTHER_ACCOUNT}`,
    `acns-${OTHER_ACCOUNT}-default`,
  ]);
});

test("zones without an id are looked up through the given lookup", async () => {
  write(
    "acns.yaml",
    `accountId: "${ACCOUNT}"\nsets:\n  - nsSet: 1\n    nameservers: [ns1.acme-dns.example, ns2.acme-dns.example]\nzones:\n  - name: Example.COM\n`,
  );
  const program = runConfigFileProgram({
    projectDir: dir,
    lookupZoneIds: async ({ names }) => new Map(names.map((n) => [n, ZONE_EXAMPLE_COM])),
  });
  await finish(program);
  expect(mocks.registrations.find((r) => r.name.endsWith("-zone-example.com"))?.inputs).toEqual({
    zoneId: ZONE_EXAMPLE_COM,
    nsSet: 1,
    zoneName: "example.com",
    setNameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
  });
});

test("cloudflare-acns:adopt lets every set take over what the account holds; anything but true or false is refused", async () => {
  write("acns.yaml", GOOD_YAML);
  pulumi.runtime.setConfig(ADOPT_KEY, "true");
  try {
    await finish(runConfigFileProgram({ projectDir: dir }));
    pulumi.runtime.setConfig(ADOPT_KEY, "yes");
    expect(capture(() => runConfigFileProgram({ projectDir: dir })).message).toBe(
      'cloudflare-acns:adopt must be true or false, got "yes"; set it with `pulumi config set cloudflare-acns:adopt true`',
    );
  } finally {
    pulumi.runtime.setConfig(ADOPT_KEY, "");
  }
  const sets = mocks.registrations.filter((r) => r.name.includes("-set-"));
  expect(sets.map((r) => [r.name, r.inputs.adopt]).sort()).toEqual([
    [`acns-${ACCOUNT}-set-1`, true],
    [`acns-${ACCOUNT}-set-2`, true],
  ]);
});

test("customSets in acns.yaml become CustomNameserverSet children, and a zone with customSet binds to the set's id", async () => {
  const yaml = [
    `accountId: "${ACCOUNT}"`,
    "sets: []",
    "customSets:",
    "  - key: edge",
    "    nameservers: [ns1.edge.example, { name: NS2.Edge.example., ipCount: 2 }]",
    "zones:",
    "  - name: example.com",
    `    zoneId: "${ZONE_EXAMPLE_COM}"`,
    "    customSet: edge",
    "",
  ].join("\n");
  const program = runConfigFileProgram({ configFile: write("acns.yaml", yaml) });
  expect(await finish(program)).toEqual({
    accounts: {
      [ACCOUNT]: {
        glueRecords: {},
        nameservers: { "example.com": ["ns1.edge.example", "ns2.edge.example"] },
      },
    },
  });
  const name = `acns-${ACCOUNT}`;
  expect(
    mocks.registrations
      .filter((r) => r.type !== COMPONENT)
      .map((r) => [r.type, r.name, r.inputs])
      .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
  ).toEqual([
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:CustomNameserverSet",
      `${name}-custom-edge`,
      {
        accountId: ACCOUNT,
        // As the validator normalises them: lowercase, no trailing dot, order kept.
        nameservers: ["ns1.edge.example", { name: "ns2.edge.example", ipCount: 2 }],
      },
    ],
    [
      "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding",
      `${name}-zone-example.com`,
      {
        zoneId: ZONE_EXAMPLE_COM,
        nameserverSetId: mockCustomSetId(`${name}-custom-edge`),
        zoneName: "example.com",
      },
    ],
  ]);
});
