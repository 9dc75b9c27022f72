/**
 * `AccountCustomNameservers` under mocks, as in `pulumi up`: the exact children (type, name,
 * parent, dependencies, inputs), its outputs, nothing registered for an invalid plain
 * configuration, and zone ids looked up by name. Failures that happen after registration are in
 * component-failures.test.ts.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  AccountCustomNameservers,
  AcnsComponentError,
  isAcnsComponentError,
  type ZoneIdQuery,
} from "../../provider/component";
import { listChildUrns, mockCustomGlue, mockCustomSetId, mockGlue, settle, useAcnsMocks } from "./acns-mocks";
import { ACCOUNT, ZONE_A_EXAMPLE_COM, ZONE_EXAMPLE_COM } from "./scenarios";

const mocks = useAcnsMocks({ preview: false });

const COMPONENT_URN = "urn:pulumi:test::acns::cloudflare-acns:index:AccountCustomNameservers::acme";
const SET_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet";
const BINDING_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding";
const DEFAULT_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:AccountDefaultNameservers";
const CUSTOM_SET_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:CustomNameserverSet";

function childUrn(type: string, name: string): string {
  return `urn:pulumi:test::acns::cloudflare-acns:index:AccountCustomNameservers$${type}::${name}`;
}

/** Waits until the registrations the program started have reached the mocks. */
async function settleAll(acns: AccountCustomNameservers): Promise<unknown> {
  const result = await settle(
    pulumi.output({
      glueRecords: acns.glueRecords,
      nameservers: acns.nameservers,
      urns: listChildUrns(acns),
    }),
  );
  if ("error" in result) throw result.error;
  const { urns: _urns, ...outputs } = result.value as Record<string, unknown>;
  return outputs;
}

function byName(a: { name: string }, b: { name: string }): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

test("a plain configuration registers the component and exactly its children, and outputs glue and delegations", async () => {
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    defaultNameservers: "custom.account",
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "NS2.Acme.Net."] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [
      { name: "Example.COM", zoneId: ZONE_EXAMPLE_COM },
      {
        name: "a.example.com",
        zoneId: ZONE_A_EXAMPLE_COM,
        nsSet: 2,
        restoreTo: { type: "cloudflare.advanced" },
      },
    ],
  });

  expect(await settleAll(acns)).toEqual({
    glueRecords: {
      1: [mockGlue(1, 0, "ns1.acme.net"), mockGlue(1, 1, "ns2.acme.net")],
      2: [mockGlue(2, 0, "ns3.acme.net"), mockGlue(2, 1, "ns4.acme.net")],
    },
    nameservers: {
      "example.com": ["ns1.acme.net", "ns2.acme.net"],
      "a.example.com": ["ns3.acme.net", "ns4.acme.net"],
    },
  });
  const set1 = childUrn(SET_TYPE, "acme-set-1");
  const set2 = childUrn(SET_TYPE, "acme-set-2");
  expect([...mocks.registrations].sort(byName)).toEqual([
    {
      type: "cloudflare-acns:index:AccountCustomNameservers",
      name: "acme",
      parent: "",
      dependencies: [],
      inputs: {},
    },
    {
      type: DEFAULT_TYPE,
      name: "acme-default",
      parent: COMPONENT_URN,
      dependencies: [set1, set2],
      inputs: { accountId: ACCOUNT, type: "custom.account" },
    },
    {
      type: SET_TYPE,
      name: "acme-set-1",
      parent: COMPONENT_URN,
      dependencies: [],
      inputs: { accountId: ACCOUNT, nsSet: 1, nameservers: ["ns1.acme.net", "NS2.Acme.Net."] },
    },
    {
      type: SET_TYPE,
      name: "acme-set-2",
      parent: COMPONENT_URN,
      dependencies: [],
      inputs: { accountId: ACCOUNT, nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    },
    {
      type: BINDING_TYPE,
      name: "acme-zone-a.example.com",
      parent: COMPONENT_URN,
      dependencies: [set2],
      inputs: {
        zoneId: ZONE_A_EXAMPLE_COM,
        nsSet: 2,
        zoneName: "a.example.com",
        restoreTo: { type: "cloudflare.advanced" },
        setNameservers: ["ns3.acme.net", "ns4.acme.net"],
      },
    },
    {
      type: BINDING_TYPE,
      name: "acme-zone-example.com",
      parent: COMPONENT_URN,
      // The zone's set defaults to 1, and the binding waits for that set.
      dependencies: [set1],
      inputs: {
        zoneId: ZONE_EXAMPLE_COM,
        nsSet: 1,
        zoneName: "Example.COM",
        setNameservers: ["ns1.acme.net", "ns2.acme.net"],
      },
    },
  ]);
  expect(Object.keys(acns.sets)).toEqual(["1", "2"]);
  expect(Object.keys(acns.zones)).toEqual(["example.com", "a.example.com"]);
  expect(acns.defaultNameservers).toBeDefined();
});

test("an invalid plain configuration throws every issue at once and registers nothing, not even the component", async () => {
  let thrown: unknown;
  try {
    new AccountCustomNameservers("acme", {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [
        { nsSet: 2, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 3, nameservers: ["ns2.acme.net", "ns3.acme.net"] },
      ],
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 2 },
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 2 },
      ],
    });
  } catch (err) {
    thrown = err;
  }
  expect(thrown).toBeInstanceOf(AcnsComponentError);
  expect(isAcnsComponentError(thrown)).toBe(true);
  expect((thrown as AcnsComponentError).message).toBe(
    `AccountCustomNameservers "acme" breaks Cloudflare's rules for account custom nameservers; none of its resources is created or changed:\n` +
      `  error[default-needs-set] defaultNameservers: defaultNameservers is "custom.account", but set 1 is not declared; new zones try set 1 first; declare set 1 with 2-5 nameservers, or choose another default\n` +
      `  error[nameserver-in-multiple-sets] sets[1].nameservers[0]: nameserver "ns2.acme.net" is in set 2 and set 3; a name can belong to one set only; remove it from one of them\n` +
      `  error[hierarchy-conflict] zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 2; zones on one ancestor/descendant chain must use different sets; give "a.example.com" another set (3 is free on its chain)`,
  );
  expect((thrown as AcnsComponentError).issues.map((issue) => issue.code)).toEqual([
    "default-needs-set",
    "nameserver-in-multiple-sets",
    "hierarchy-conflict",
  ]);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(mocks.registrations).toEqual([]);
});

test("outputs, promises and secrets are checked once they resolve; the children get them unchanged", async () => {
  const acns = new AccountCustomNameservers("acme", {
    accountId: pulumi.output(ACCOUNT),
    sets: [
      { nsSet: 1, nameservers: [pulumi.output("ns1.acme.net"), Promise.resolve("ns2.acme.net")] },
      { nsSet: 2, nameservers: pulumi.output(["ns3.acme.net", "ns4.acme.net"]) },
    ],
    zones: [{ name: "example.com", zoneId: Promise.resolve(ZONE_EXAMPLE_COM), nsSet: pulumi.output(1) }],
    adopt: pulumi.secret(true),
  });
  await settleAll(acns);
  const set1 = childUrn(SET_TYPE, "acme-set-1");
  const set2 = childUrn(SET_TYPE, "acme-set-2");
  expect(mocks.registrations.filter((r) => r.name !== "acme").sort(byName)).toEqual([
    {
      type: SET_TYPE,
      name: "acme-set-1",
      parent: COMPONENT_URN,
      dependencies: [],
      inputs: {
        accountId: ACCOUNT,
        nsSet: 1,
        nameservers: ["ns1.acme.net", "ns2.acme.net"],
        // Still a secret after passing through the check.
        adopt: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: true },
      },
    },
    {
      type: SET_TYPE,
      name: "acme-set-2",
      parent: COMPONENT_URN,
      dependencies: [],
      inputs: {
        accountId: ACCOUNT,
        nsSet: 2,
        nameservers: ["ns3.acme.net", "ns4.acme.net"],
        adopt: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: true },
      },
    },
    {
      type: BINDING_TYPE,
      name: "acme-zone-example.com",
      parent: COMPONENT_URN,
      // Its set number is an output, so it waits for every set.
      dependencies: [set1, set2],
      inputs: { zoneId: ZONE_EXAMPLE_COM, nsSet: 1, zoneName: "example.com" },
    },
  ]);
});

test("zones without an id are looked up by name once, and the ids go to their bindings", async () => {
  const queries: ZoneIdQuery[] = [];
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    sets: [
      { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
    ],
    zones: [
      { name: "EXAMPLE.com." },
      { name: "a.example.com", nsSet: 2 },
      { name: "b.example.net", zoneId: "3123456789abcdef0123456789abcdef" },
    ],
    lookupZoneIds: async (query) => {
      queries.push(query);
      return new Map([
        ["example.com", ZONE_EXAMPLE_COM],
        ["a.example.com", ZONE_A_EXAMPLE_COM],
      ]);
    },
  });
  await settleAll(acns);
  expect(queries).toEqual([{ accountId: ACCOUNT, names: ["example.com", "a.example.com"] }]);
  const bindings = mocks.registrations.filter((r) => r.type === BINDING_TYPE).sort(byName);
  expect(bindings.map((r) => [r.name, r.inputs])).toEqual([
    [
      "acme-zone-a.example.com",
      {
        zoneId: ZONE_A_EXAMPLE_COM,
        nsSet: 2,
        zoneName: "a.example.com",
        setNameservers: ["ns3.acme.net", "ns4.acme.net"],
      },
    ],
    [
      "acme-zone-b.example.net",
      {
        zoneId: "3123456789abcdef0123456789abcdef",
        nsSet: 1,
        zoneName: "b.example.net",
        setNameservers: ["ns1.acme.net", "ns2.acme.net"],
      },
    ],
    [
      "acme-zone-example.com",
      {
        zoneId: ZONE_EXAMPLE_COM,
        nsSet: 1,
        zoneName: "EXAMPLE.com.",
        setNameservers: ["ns1.acme.net", "ns2.acme.net"],
      },
    ],
  ]);
});

test("no lookup runs when every zone has an id", async () => {
  const lookupZoneIds = jest.fn(async () => new Map<string, string>());
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
    zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM }],
    lookupZoneIds,
  });
  await settleAll(acns);
  expect(lookupZoneIds).not.toHaveBeenCalled();
  expect(mocks.registrations.map((r) => r.name).sort()).toEqual([
    "acme",
    "acme-set-1",
    "acme-zone-example.com",
  ]);
});

test("a shape the validator refuses (a set number out of range) is reported like any rule", () => {
  expect(
    () =>
      new AccountCustomNameservers("acme", {
        accountId: "ACCOUNT",
        sets: [{ nsSet: 6, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
        zones: [],
      }),
  ).toThrow(
    `AccountCustomNameservers "acme" breaks Cloudflare's rules for account custom nameservers; none of its resources is created or changed:\n` +
      `  error[invalid-id] accountId: accountId of the configuration must be a Cloudflare id (32 lowercase hex characters), got "ACCOUNT" (a string); copy it from the Cloudflare dashboard or API\n` +
      `  error[ns-set-out-of-range] sets[0].nsSet: set 6 (sets[0]) is outside 1-5; Cloudflare numbers sets 1 to 5; renumber it to 1-5`,
  );
});

test("Custom Nameserver Sets: one child per key, and a zone on one binds to its id and waits for it (not for the numbered sets)", async () => {
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
    customSets: [
      { key: "edge", nameservers: ["ns1.edge.net", { name: "ns2.edge.net", ipCount: 2 }], ipSet: 1 },
    ],
    zones: [
      { name: "example.com", zoneId: ZONE_EXAMPLE_COM, customSet: "edge" },
      { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 },
    ],
  });
  const outputs = (await settleAll(acns)) as Record<string, unknown>;
  expect(outputs.nameservers).toEqual({
    "example.com": ["ns1.edge.net", "ns2.edge.net"],
    "a.example.com": ["ns1.acme.net", "ns2.acme.net"],
  });
  expect(await settle(acns.customGlueRecords)).toEqual({
    value: { edge: [mockCustomGlue(0, "ns1.edge.net"), mockCustomGlue(1, "ns2.edge.net")] },
  });
  const edge = childUrn(CUSTOM_SET_TYPE, "acme-custom-edge");
  const set1 = childUrn(SET_TYPE, "acme-set-1");
  expect(
    mocks.registrations
      .filter((r) => r.type === CUSTOM_SET_TYPE || r.type === BINDING_TYPE)
      .sort(byName)
      .map((r) => [r.name, r.dependencies, r.inputs]),
  ).toEqual([
    [
      "acme-custom-edge",
      [],
      { accountId: ACCOUNT, nameservers: ["ns1.edge.net", { name: "ns2.edge.net", ipCount: 2 }], ipSet: 1 },
    ],
    [
      "acme-zone-a.example.com",
      [set1],
      {
        zoneId: ZONE_A_EXAMPLE_COM,
        nsSet: 1,
        zoneName: "a.example.com",
        setNameservers: ["ns1.acme.net", "ns2.acme.net"],
      },
    ],
    [
      "acme-zone-example.com",
      [edge],
      {
        zoneId: ZONE_EXAMPLE_COM,
        nameserverSetId: mockCustomSetId("acme-custom-edge"),
        zoneName: "example.com",
      },
    ],
  ]);
  expect(Object.keys(acns.customSets)).toEqual(["edge"]);
});

test("a zone on a customSet the configuration does not declare is refused before anything registers", () => {
  let thrown: unknown;
  try {
    new AccountCustomNameservers("acme", {
      accountId: ACCOUNT,
      sets: [],
      customSets: [{ key: "edge", nameservers: ["ns1.edge.net", "ns2.edge.net"] }],
      zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM, customSet: "egde" }],
    });
  } catch (err) {
    thrown = err;
  }
  expect(isAcnsComponentError(thrown) && thrown.issues.map((issue) => issue.code)).toEqual([
    "unknown-custom-set",
  ]);
  expect(mocks.registrations).toEqual([]);
});
