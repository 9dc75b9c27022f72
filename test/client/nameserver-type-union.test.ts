/**
 * Issue #10, deliverable 1: zone `nameservers` is an open union. Every variant of the SDK's union
 * (cloudflare 7.3.0) and a type it does not know go through every read path of the client, core
 * and CLI: the client's getZoneDnsSettings, readAccountState and its facts, drift (core and the
 * CLI's lines) and validate --live. None fails; each shows the zone truthfully and treats every
 * type but custom.account as on no numbered set. Writes stay strict. The resources' read paths
 * are in test/resources/nameserver-type-union.test.ts.
 */
import { runCli } from "../../provider/cli/main";
import type { CliWriter } from "../../provider/cli/io";
import { DriftJson, ValidateJson } from "../../provider/cli/json-output";
import {
  AcnsClient,
  isCloudflareApiError,
  isCloudflareClientError,
  listLiveZoneFacts,
  readAccountState,
  toObservedAccount,
} from "../../provider/client";
import {
  CustomNameserver,
  Envelope,
  ZoneDnsSettings,
  ZoneNameserversWrite,
} from "../../provider/core/cloudflare";
import {
  describeZoneNameservers,
  findZoneSet,
  toZoneNameserversWrite,
} from "../../provider/core/zone-nameservers";
import { compareAcnsState, type AcnsDrift } from "../../provider/core/drift";
import { validateAcnsConfig } from "../../provider/core/validate";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  APEX,
  CHILD,
  DEFAULT_VARIANTS,
  SET_ID,
  ZONE_VARIANTS,
  createFakeAccount,
  serveFakeAccount,
} from "./fake-acns-account";
import { ACCOUNT_ID, TEST_TOKEN, ok, useFakeCloudflare } from "./fake-cloudflare";

const fake = useFakeCloudflare();

function connect(): AcnsClient {
  return new AcnsClient({
    apiToken: TEST_TOKEN,
    baseUrl: fake.url,
    env: {},
    sharePacing: false,
    requestsPerSecond: 1000,
    burst: 1000,
    maxAttempts: 1,
  });
}

/** What the file says for drift: example.com on set 1, both sets with their names. */
const DRIFT_FILE = [
  `accountId: "${ACCOUNT_ID}"`,
  "sets:",
  "  - nsSet: 1",
  "    nameservers: [ns1.acns.example, ns2.acns.example]",
  "  - nsSet: 2",
  "    nameservers: [ns3.acns.example, ns4.acns.example]",
  "zones:",
  "  - name: example.com",
  "    nsSet: 1",
  "",
].join("\n");

/** What the file says for validate --live: only the child, on set 2; example.com is unlisted. */
const VALIDATE_FILE = DRIFT_FILE.replace(
  "  - name: example.com\n    nsSet: 1",
  "  - name: a.example.com\n    nsSet: 2",
);

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

class Collector implements CliWriter {
  text = "";
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

async function runAcns(
  args: string[],
  file: string,
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const cwd = mkdtempSync(join(tmpdir(), "acns-union-"));
  dirs.push(cwd);
  writeFileSync(join(cwd, "acns.yaml"), file);
  const stdout = new Collector();
  const stderr = new Collector();
  const exitCode = await runCli(["node", "acns", ...args, "--requests-per-second", "1000"], {
    stdout,
    stderr,
    env: { CLOUDFLARE_API_TOKEN: TEST_TOKEN, CLOUDFLARE_BASE_URL: fake.url },
    cwd,
  });
  return { exitCode, stdout: stdout.text, stderr: stderr.text };
}

describe.each(ZONE_VARIANTS)("a zone on $label", (variant) => {
  beforeEach(() => {
    serveFakeAccount(fake, createFakeAccount(variant.nameservers));
  });

  it("the client reads it verbatim; core finds its numbered set, words it and knows whether it may write it", async () => {
    const settings = await connect().getZoneDnsSettings({ zoneId: APEX });
    expect(settings.nameservers).toEqual(variant.nameservers);
    expect(findZoneSet(settings.nameservers)).toBe(variant.nsSet);
    expect(describeZoneNameservers(settings.nameservers)).toBe(variant.words);
    const write = toZoneNameserversWrite(settings.nameservers);
    expect(write === undefined).toBe(!variant.writable);
    if (write !== undefined) expect(ZoneNameserversWrite.parse(write)).toEqual(write);
  });

  it("readAccountState keeps it verbatim; its facts put it on its numbered set or none", async () => {
    const state = await readAccountState(connect(), { accountId: ACCOUNT_ID, zones: ["a.example.com"] });
    expect(state.zones.map((z) => [z.name, z.nameservers])).toEqual([
      ["example.com", variant.nameservers],
      ["a.example.com", { type: "custom.account", ns_set: 2 }],
    ]);
    expect(listLiveZoneFacts(state)).toEqual([
      { name: "example.com", zoneId: APEX, nsSet: variant.nsSet },
      { name: "a.example.com", zoneId: CHILD, nsSet: 2 },
    ]);
    expect(toObservedAccount(state).zones[0]).toEqual({
      zoneId: APEX,
      name: "example.com",
      type: variant.nameservers.type,
      nsSet: variant.nsSet,
      ...(variant.nameservers.type === "custom" ? { nameserverSetId: SET_ID } : {}),
    });
  });

  it("drift (core) reports it as on its set, in another set, or off ACNS with the truth", async () => {
    const state = await readAccountState(connect(), {
      accountId: ACCOUNT_ID,
      zones: ["example.com"],
      zoneDetail: "listed",
    });
    const config = validateAcnsConfig({
      accountId: ACCOUNT_ID,
      sets: [
        { nsSet: 1, nameservers: ["ns1.acns.example", "ns2.acns.example"] },
        { nsSet: 2, nameservers: ["ns3.acns.example", "ns4.acns.example"] },
      ],
      zones: [{ name: "example.com", nsSet: 1 }],
    });
    if (!config.ok) throw new Error("the drift configuration must be valid");
    const [desired] = config.accounts;
    if (desired === undefined) throw new Error("one account expected");
    expect(compareAcnsState(desired, toObservedAccount(state))).toEqual(expectedDrift(variant));
  });

  it("acns drift prints it truthfully (exit 0 on its set, 2 otherwise), and --json matches the core", async () => {
    const text = await runAcns(["drift", "acns.yaml"], DRIFT_FILE);
    expect(text.stderr).toBe("");
    const drift = expectedDrift(variant);
    if (drift.length === 0) {
      expect([text.exitCode, text.stdout]).toEqual([
        0,
        `No drift: account ${ACCOUNT_ID} is as acns.yaml says (2 sets, 4 nameservers, 1 zone compared).\n`,
      ]);
    } else {
      expect(text.exitCode).toBe(2);
      expect(text.stdout).toBe(
        [
          `Drift: account ${ACCOUNT_ID} differs from acns.yaml in 1 way:`,
          "",
          `  WHAT  NAME         FILE   ACCOUNT`,
          `  zone  example.com  set 1  ${expectedAccountCell(variant)}`,
          "",
          "Apply the file (pulumi up) to make the account match it, or change the file to accept what the account has.",
          "",
        ].join("\n"),
      );
    }
    const json = await runAcns(["drift", "acns.yaml", "--json"], DRIFT_FILE);
    const body = DriftJson.parse(JSON.parse(json.stdout));
    expect(body.differences).toEqual(drift);
    // The fake answers the sets listing 404 / 7003, as an API without them does: drift works without them.
    // 3 (names, sets listing, DNS settings) + 1 zone page + the listed zone.
    expect([body.requests, body.customSetsUnavailable]).toEqual([
      5,
      [{ accountId: ACCOUNT_ID, reason: "HTTP 404 with Cloudflare error 7003" }],
    ]);
  });

  it("acns validate --live treats it as on its numbered set or on none, and names what it is on", async () => {
    const result = await runAcns(["validate", "acns.yaml", "--live"], VALIDATE_FILE);
    expect(result.stderr).toBe("");
    if (variant.nsSet === 2) {
      // The one variant that shares set 2 with its child: the hierarchy rule applies.
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe(
        'acns.yaml:9:12: error[hierarchy-conflict] zones[0].nsSet: zone "a.example.com" and its parent "example.com" ' +
          "(live, not declared here) both use ns_set 2; zones on one ancestor/descendant chain must use different sets; " +
          'give "a.example.com" another set (1 is free on its chain)\n\nacns.yaml: invalid (checked against the live account), 1 problem\n',
      );
      return;
    }
    const unmanaged = ["custom.tenant", "custom.zone", "custom", "cloudflare.quantum"].includes(
      variant.nameservers.type,
    );
    expect([result.exitCode, result.stdout]).toEqual([
      0,
      [
        "acns.yaml: valid, checked against the live account",
        `  account ${ACCOUNT_ID}: 2 sets, 4 nameservers, 1 zone; 2 zones in the account, 1 not listed ` +
          `(${variant.nsSet === null ? 0 : 1} of them on custom nameservers)` +
          (unmanaged
            ? `; on nameservers this tool does not manage, so on no numbered set for every rule: "example.com" (${variant.words})`
            : ""),
        "",
      ].join("\n"),
    ]);
    const json = await runAcns(["validate", "acns.yaml", "--live", "--json"], VALIDATE_FILE);
    expect(ValidateJson.parse(JSON.parse(json.stdout)).accounts[0]?.live).toEqual({
      zones: 2,
      unlisted: 1,
      unlistedOnAcns: variant.nsSet === null ? 0 : 1,
      ...(unmanaged
        ? { unlistedOnOtherNameservers: [{ name: "example.com", nameservers: variant.words }] }
        : {}),
    });
  });
});

/** The drift the core must report for the apex on `variant` when the file puts it on set 1. */
function expectedDrift(variant: (typeof ZONE_VARIANTS)[number]): AcnsDrift[] {
  if (variant.nsSet === 1) return [];
  const base = {
    accountId: ACCOUNT_ID,
    subject: { kind: "zone" as const, name: "example.com" },
    desired: { type: "custom.account", nsSet: 1 },
  };
  if (variant.nsSet === 2) {
    return [
      {
        ...base,
        code: "zone-in-other-set",
        live: { type: "custom.account", nsSet: 2 },
        message:
          'zone "example.com" uses ns_set 2 in the account, the file says ns_set 1; apply the file, or set its nsSet to 2',
      },
    ];
  }
  if (variant.nameservers.type === "custom") {
    // The fake has no sets listing (404 / 7003): the set is named by its id alone.
    return [
      {
        ...base,
        code: "zone-on-custom-set",
        live: { type: "custom", nsSet: null, nameserverSetId: SET_ID },
        message: `zone "example.com" is on custom nameserver set ${SET_ID} in the account, the file puts it on ns_set 1; apply the file, or remove the zone from the file`,
      },
    ];
  }
  return [
    {
      ...base,
      code: "zone-off-acns",
      live: { type: variant.nameservers.type, nsSet: null },
      message: `zone "example.com" is not on account custom nameservers (its nameservers are "${variant.nameservers.type}"), the file puts it on ns_set 1; apply the file, or remove the zone from the file`,
    },
  ];
}

/** The ACCOUNT cell of acns drift's row for the apex. */
function expectedAccountCell(variant: (typeof ZONE_VARIANTS)[number]): string {
  if (variant.nsSet === 2) return "set 2";
  return variant.nameservers.type === "custom"
    ? `custom nameserver set ${SET_ID}`
    : `off ACNS (${variant.nameservers.type})`;
}

describe.each(DEFAULT_VARIANTS)("an account defaulting new zones to $type", ({ type }) => {
  beforeEach(() => {
    serveFakeAccount(fake, createFakeAccount({ type: "cloudflare.standard" }, type));
  });

  it("is read verbatim by the client and readAccountState, and drift compares it as it is", async () => {
    const settings = await connect().getAccountDnsSettings({ accountId: ACCOUNT_ID });
    expect(settings.zone_defaults.nameservers).toEqual({ type });
    const state = await readAccountState(connect(), {
      accountId: ACCOUNT_ID,
      zones: [],
      zoneDetail: "listed",
    });
    expect(state.defaultNameservers).toBe(type);
    const config = validateAcnsConfig({
      accountId: ACCOUNT_ID,
      defaultNameservers: "custom.account",
      sets: [
        { nsSet: 1, nameservers: ["ns1.acns.example", "ns2.acns.example"] },
        { nsSet: 2, nameservers: ["ns3.acns.example", "ns4.acns.example"] },
      ],
      zones: [],
    });
    if (!config.ok || config.accounts[0] === undefined) throw new Error("the configuration must be valid");
    const drift = compareAcnsState(config.accounts[0], toObservedAccount(state));
    expect(drift).toEqual(
      type === "custom.account"
        ? []
        : [
            {
              code: "default-nameservers",
              accountId: ACCOUNT_ID,
              subject: { kind: "account", name: ACCOUNT_ID },
              desired: { type: "custom.account" },
              live: { type },
              message: `the account's default for new zones is "${type}", the file says "custom.account"; apply the file, or set defaultNameservers to "${type}"`,
            },
          ],
    );
  });
});

describe("writes stay strict", () => {
  it.each([
    [{ type: "custom", nameserver_set_id: "3f2a" }],
    [{ type: "custom.tenant", ns_set: 1 }],
    [{ type: "cloudflare.quantum" }],
    [{ type: "custom.account", ns_set: 6 }],
  ])("editZoneDnsSettings refuses %j before any request", async (nameservers) => {
    serveFakeAccount(fake, createFakeAccount({ type: "cloudflare.standard" }));
    const client = connect();
    const err = await client
      // The type says no; a JavaScript caller or a record from state could still try.
      .editZoneDnsSettings({ zoneId: APEX, nameservers: nameservers as unknown as ZoneNameserversWrite })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCloudflareClientError(err) && [err.field, err.message]).toEqual([
      "nameservers",
      `nameservers ${JSON.stringify(nameservers)} cannot be written: this package sets only {type: "custom.account", ns_set: 1-5}, ` +
        `{type: "custom", nameserver_set_id: <32 characters>}, "cloudflare.standard" or "cloudflare.advanced"; ` +
        "set other nameserver types in the Cloudflare dashboard or API",
    ]);
    expect(fake.requests).toHaveLength(0);
  });

  it("editAccountDnsSettings refuses a type it does not write before any request", async () => {
    serveFakeAccount(fake, createFakeAccount({ type: "cloudflare.standard" }));
    const err = await connect()
      .editAccountDnsSettings({
        accountId: ACCOUNT_ID,
        zoneDefaults: { nameservers: { type: "cloudflare.quantum" as unknown as "custom.account" } },
      })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCloudflareClientError(err) && err.field).toBe("zoneDefaults.nameservers.type");
    expect(fake.requests).toHaveLength(0);
  });

  it("sends exactly the write shape: custom.account with its set, cloudflare.* without one", async () => {
    const account = createFakeAccount({ type: "cloudflare.standard" });
    serveFakeAccount(fake, account);
    const client = connect();
    await client.editZoneDnsSettings({ zoneId: APEX, nameservers: { type: "custom.account", ns_set: 1 } });
    await client.editZoneDnsSettings({ zoneId: APEX, nameservers: { type: "cloudflare.advanced" } });
    expect(account.writes).toEqual([
      `PATCH /zones/${APEX}/dns_settings {"nameservers":{"type":"custom.account","ns_set":1}}`,
      `PATCH /zones/${APEX}/dns_settings {"nameservers":{"type":"cloudflare.advanced"}}`,
    ]);
  });
});

describe("reads follow the SDK's optionality", () => {
  it("accepts result_info with any or no members, or null", () => {
    for (const resultInfo of [{}, { page: 1 }, { cursor: "abc", per_page: 5 }, null, undefined]) {
      const body = { success: true, errors: [], messages: [], result: [], result_info: resultInfo };
      expect(Envelope.safeParse(body).success).toBe(true);
    }
  });

  it("accepts a custom nameserver without ns_set (set 1) and glue records without a value or type", () => {
    const parsed = CustomNameserver.parse({
      ns_name: "ns1.acns.example",
      dns_records: [{ type: "A" }, { value: "2001:db8::1" }],
      status: "pending",
      zone_tag: "",
    });
    expect([parsed.ns_set, parsed.dns_records]).toEqual([1, [{ type: "A" }, { value: "2001:db8::1" }]]);
  });

  it("does not expect foundation_dns in zone or account DNS settings", () => {
    expect(ZoneDnsSettings.safeParse({ nameservers: { type: "cloudflare.advanced" } }).success).toBe(true);
  });

  it("still refuses a malformed custom.account answer (the type this package manages): invalid_response", async () => {
    fake.reset(() => ok({ nameservers: { type: "custom.account", ns_set: 9 } }));
    const err = await connect()
      .getZoneDnsSettings({ zoneId: APEX })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isCloudflareApiError(err) && err.kind).toBe("invalid_response");
  });

  it("keeps a malformed answer of a type it does not manage verbatim rather than failing", async () => {
    fake.reset(() => ok({ nameservers: { type: "custom", nameserver_set_id: 42 } }));
    const settings = await connect().getZoneDnsSettings({ zoneId: APEX });
    expect([
      settings.nameservers,
      findZoneSet(settings.nameservers),
      describeZoneNameservers(settings.nameservers),
    ]).toEqual([{ type: "custom", nameserver_set_id: 42 }, null, "custom nameserver set (id not given)"]);
  });
});
