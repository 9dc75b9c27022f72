/**
 * `AccountCustomNameservers` orders its children from the account's live state (issue #9,
 * findings 3 and 4): the exact dependencies each child is registered with, and that a child waiting
 * for another registers after it (the engine runs its step after the other's).
 */
import * as pulumi from "@pulumi/pulumi";
import { AccountCustomNameservers, type AccountCustomNameserversArgs } from "../../provider/component";
import type { LiveStateQuery } from "../../provider/component/live-state";
import type { AcnsAccountSnapshot } from "../../provider/core";
import { listChildUrns, settle, useAcnsMocks } from "./acns-mocks";
import { ACCOUNT, ZONE_A_EXAMPLE_COM, ZONE_EXAMPLE_COM } from "./scenarios";

const mocks = useAcnsMocks({ preview: false });

const ZONE_EXAMPLE_NET = "3123456789abcdef0123456789abcdef";
const SET_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet";
const BINDING_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding";
const CUSTOM_SET_TYPE = "pulumi-nodejs:dynamic/cloudflare-acns:CustomNameserverSet";

function urn(type: string, name: string): string {
  return `urn:pulumi:test::acns::cloudflare-acns:index:AccountCustomNameservers$${type}::${name}`;
}
const SET = (n: number): string => urn(SET_TYPE, `acme-set-${n}`);
const ZONE = (name: string): string => urn(BINDING_TYPE, `acme-zone-${name}`);
const CUSTOM = (key: string): string => urn(CUSTOM_SET_TYPE, `acme-custom-${key}`);
const EDGE = { key: "edge", nameservers: ["ns1.edge.net", "ns2.edge.net"] };

/** Builds the component with a live state, waits for every registration, returns what each child got. */
async function run(
  args: Omit<AccountCustomNameserversArgs, "accountId" | "readLiveState">,
  live: AcnsAccountSnapshot | undefined,
): Promise<{ queries: LiveStateQuery[]; children: Map<string, { dependencies: string[]; at: number }> }> {
  const queries: LiveStateQuery[] = [];
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    ...args,
    readLiveState: async (query) => {
      queries.push(query);
      return live;
    },
  });
  const result = await settle(pulumi.output({ urns: listChildUrns(acns), glue: acns.glueRecords }));
  if ("error" in result) throw result.error;
  const children = new Map(
    mocks.registrations
      .map((r, at) => [r.name, { dependencies: r.dependencies, at }] as const)
      .filter(([name]) => name !== "acme"),
  );
  return { queries, children };
}

function dependenciesOf(children: Map<string, { dependencies: string[] }>): Record<string, string[]> {
  return Object.fromEntries([...children].map(([name, child]) => [name, child.dependencies]).sort());
}

function registeredBefore(children: Map<string, { at: number }>, first: string, second: string): boolean {
  return (children.get(first)?.at ?? Infinity) < (children.get(second)?.at ?? -Infinity);
}

test("finding 3: the set giving up a name is updated before the set taking it", async () => {
  const { queries, children } = await run(
    {
      // Declared in the order that would register set 2 first, were it not waiting.
      sets: [
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net", "ns5.acme.net"] },
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
      ],
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 1 },
        { name: "example.net", zoneId: ZONE_EXAMPLE_NET, nsSet: 2 },
      ],
    },
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns3.acme.net"] },
        { nsSet: 2, nameservers: ["ns4.acme.net", "ns5.acme.net"] },
      ],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "example.net", nsSet: 2 },
      ],
      defaultNameservers: "cloudflare.standard",
    },
  );
  // One read per run, of the zones the configuration lists.
  expect(queries).toEqual([{ accountId: ACCOUNT, zones: ["example.com", "example.net"] }]);
  expect(dependenciesOf(children)).toEqual({
    "acme-set-1": [],
    "acme-set-2": [SET(1)],
    "acme-zone-example.com": [SET(1)],
    "acme-zone-example.net": [SET(2)],
  });
  expect(registeredBefore(children, "acme-set-1", "acme-set-2")).toBe(true);
});

test("finding 4: the apex leaves set 1 for the new set 4 before its child moves onto set 1", async () => {
  const { children } = await run(
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
        { nsSet: 4, nameservers: ["ns7.acme.net", "ns8.acme.net"] },
      ],
      // The child first: it would register first, were it not waiting.
      zones: [
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 },
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 4 },
      ],
    },
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      ],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 2 },
      ],
      defaultNameservers: "cloudflare.standard",
    },
  );
  expect(dependenciesOf(children)).toEqual({
    "acme-set-1": [],
    "acme-set-2": [],
    "acme-set-4": [],
    // Its own set, and the apex: the binding's check and PATCH come after the apex has left set 1.
    "acme-zone-a.example.com": [SET(1), ZONE("example.com")],
    "acme-zone-example.com": [SET(4)],
  });
  expect(registeredBefore(children, "acme-set-4", "acme-zone-example.com")).toBe(true);
  expect(registeredBefore(children, "acme-zone-example.com", "acme-zone-a.example.com")).toBe(true);
});

test("a zone whose set changes only after the zone moved onto it does not wait for that set", async () => {
  // example.com leaves set 1 before set 1 adds a name the zone is not served by; set 2 takes
  // "ns3.acme.net" from set 1 afterwards, so the zone moves onto set 2 before set 2's update.
  const { children } = await run(
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns9.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net", "ns5.acme.net"] },
      ],
      zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 2 }],
    },
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net", "ns3.acme.net"] },
        { nsSet: 2, nameservers: ["ns4.acme.net", "ns5.acme.net"] },
      ],
      zones: [{ name: "example.com", nsSet: 1 }],
      defaultNameservers: "cloudflare.standard",
    },
  );
  expect(dependenciesOf(children)).toEqual({
    "acme-set-1": [ZONE("example.com")],
    "acme-set-2": [SET(1)],
    "acme-zone-example.com": [],
  });
  const binding = mocks.registrations.find((r) => r.name === "acme-zone-example.com");
  expect(binding?.inputs).toEqual({ zoneId: ZONE_EXAMPLE_COM, nsSet: 2, zoneName: "example.com" });
});

test("the apex leaves set 1 for its Custom Nameserver Set before its child moves onto set 1", async () => {
  const { children } = await run(
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      ],
      customSets: [EDGE],
      // The child first: it would register first, were it not waiting.
      zones: [
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 },
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, customSet: "edge" },
      ],
    },
    {
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      ],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 2 },
      ],
      defaultNameservers: "cloudflare.standard",
    },
  );
  expect(dependenciesOf(children)).toEqual({
    "acme-custom-edge": [],
    "acme-set-1": [],
    "acme-set-2": [],
    // Cloudflare refuses the child on set 1 while the apex is still on it (1107).
    "acme-zone-a.example.com": [SET(1), ZONE("example.com")],
    "acme-zone-example.com": [CUSTOM("edge")],
  });
  expect(registeredBefore(children, "acme-custom-edge", "acme-zone-example.com")).toBe(true);
  expect(registeredBefore(children, "acme-zone-example.com", "acme-zone-a.example.com")).toBe(true);
});

test("set 1 replaces its names only after the zone served by them has left for its Custom Nameserver Set", async () => {
  const { children } = await run(
    {
      sets: [{ nsSet: 1, nameservers: ["ns5.acme.net", "ns6.acme.net"] }],
      customSets: [EDGE],
      zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM, customSet: "edge" }],
    },
    {
      sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
      zones: [{ name: "example.com", nsSet: 1 }],
      defaultNameservers: "cloudflare.standard",
    },
  );
  expect(dependenciesOf(children)).toEqual({
    "acme-custom-edge": [],
    "acme-set-1": [ZONE("example.com")],
    "acme-zone-example.com": [CUSTOM("edge")],
  });
  expect(registeredBefore(children, "acme-zone-example.com", "acme-set-1")).toBe(true);
});

test("without a live state the children keep the fixed order", async () => {
  const { queries, children } = await run(
    {
      defaultNameservers: "custom.account",
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      ],
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 2 },
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 },
      ],
    },
    undefined,
  );
  expect(queries).toHaveLength(1);
  expect(dependenciesOf(children)).toEqual({
    "acme-default": [SET(1), SET(2)],
    "acme-set-1": [],
    "acme-set-2": [],
    "acme-zone-a.example.com": [SET(1)],
    "acme-zone-example.com": [SET(2)],
  });
});
