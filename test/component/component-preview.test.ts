/**
 * `AccountCustomNameservers` in a preview whose inputs are partly unknown (computed from resources
 * not created yet): what is known is checked, a warning names exactly what waits until apply, and
 * the children carry the unknowns through.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccountCustomNameservers } from "../../provider/component";
import { UNKNOWN, UnknownSource, listChildUrns, settle, useAcnsMocks } from "./acns-mocks";
import { ACCOUNT, ZONE_A_EXAMPLE_COM, ZONE_EXAMPLE_COM } from "./scenarios";

const mocks = useAcnsMocks({ preview: true });

const SOURCE_URN = "urn:pulumi:test::acns::test:index:UnknownSource::source";
const SET_URN = (n: number): string =>
  `urn:pulumi:test::acns::cloudflare-acns:index:AccountCustomNameservers$pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet::acme-set-${n}`;

let warnings: string[];
beforeEach(() => {
  warnings = [];
  jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => {
    warnings.push(message);
  });
});
afterEach(() => jest.restoreAllMocks());

/** Waits for the component's outputs (unknown in a preview) and the registrations behind them. */
async function finish(acns: AccountCustomNameservers): Promise<void> {
  const result = await settle(
    pulumi.output({ glue: acns.glueRecords, nameservers: acns.nameservers, urns: listChildUrns(acns) }),
  );
  if ("error" in result) throw result.error;
}

test("unknown names and zone sets are set aside, the rest is checked, and the warning says what waits", async () => {
  const source = new UnknownSource("source");
  const acns = new AccountCustomNameservers("acme", {
    accountId: ACCOUNT,
    sets: [
      { nsSet: 1, nameservers: [source.value, "ns2.acme.net"] },
      { nsSet: 2, nameservers: source.value.apply((v) => [v, "ns4.acme.net"]) },
    ],
    zones: [
      { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 1 },
      { name: "a.example.com", zoneId: source.value, nsSet: source.value.apply(() => 2) },
    ],
  });
  await finish(acns);
  expect(warnings).toEqual([
    'AccountCustomNameservers "acme": these values are unknown until apply, so their checks wait until then ' +
      "(apply stops before any change if one fails):\n" +
      "  sets[0].nameservers[0]: one name of set 1: its syntax, that it is not listed twice or in another set, and the set's size\n" +
      "  sets[1].nameservers: the names of set 2: their syntax, their number, and that none is in another set\n" +
      '  zones[1].zoneId: the id of zone "a.example.com" (its format, and that no other zone has it)\n' +
      '  zones[1].nsSet: which set zone "a.example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
  ]);
  const children = mocks.registrations
    .filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"))
    .map((r) => [r.name, r.inputs, r.dependencies])
    .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  expect(children).toEqual([
    ["acme-set-1", { accountId: ACCOUNT, nsSet: 1, nameservers: UNKNOWN }, [SOURCE_URN]],
    ["acme-set-2", { accountId: ACCOUNT, nsSet: 2, nameservers: UNKNOWN }, [SOURCE_URN]],
    [
      "acme-zone-a.example.com",
      { zoneId: UNKNOWN, nsSet: UNKNOWN, zoneName: "a.example.com" },
      // The set is not known yet: the binding waits for every set.
      [SET_URN(1), SET_URN(2), SOURCE_URN],
    ],
    [
      "acme-zone-example.com",
      // The set's names are unknown: the binding follows them once known.
      { zoneId: ZONE_EXAMPLE_COM, nsSet: 1, zoneName: "example.com", setNameservers: UNKNOWN },
      [SET_URN(1)],
    ],
  ]);
});

test("an unknown account id skips the zone-id lookup and leaves those zone ids unknown", async () => {
  const source = new UnknownSource("source");
  const lookupZoneIds = jest.fn(async () => new Map([["example.com", ZONE_EXAMPLE_COM]]));
  const acns = new AccountCustomNameservers("acme", {
    accountId: source.value,
    defaultNameservers: source.value.apply(() => "custom.account" as const),
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
    zones: [{ name: "example.com" }, { name: "example.net", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 }],
    lookupZoneIds,
  });
  await finish(acns);
  expect(lookupZoneIds).not.toHaveBeenCalled();
  expect(warnings).toEqual([
    'AccountCustomNameservers "acme": these values are unknown until apply, so their checks wait until then ' +
      "(apply stops before any change if one fails):\n" +
      "  accountId: the account id's format\n" +
      "  defaultNameservers: the default for new zones, and whether set 1 can serve it",
  ]);
  const inputs = Object.fromEntries(mocks.registrations.map((r) => [r.name, r.inputs]));
  expect(inputs["acme-zone-example.com"]).toEqual({
    zoneId: UNKNOWN,
    nsSet: 1,
    zoneName: "example.com",
    setNameservers: ["ns1.acme.net", "ns2.acme.net"],
  });
  expect(inputs["acme-default"]).toEqual({ accountId: UNKNOWN, type: UNKNOWN });
});

test("a rule broken by known values still stops the preview at once, unknowns or not", () => {
  const source = new UnknownSource("source");
  expect(
    () =>
      new AccountCustomNameservers("acme", {
        accountId: ACCOUNT,
        sets: [
          { nsSet: 1, nameservers: [source.value, "ns2.acme.net"] },
          { nsSet: 2, nameservers: ["ns2.acme.net", "ns3.acme.net"] },
        ],
        zones: [
          { name: "example.com", nsSet: source.value.apply(() => 1) },
          { name: "EXAMPLE.COM", nsSet: 2 },
        ],
      }),
  ).toThrow(
    `AccountCustomNameservers "acme" breaks Cloudflare's rules for account custom nameservers; none of its resources is created or changed:\n` +
      `  error[nameserver-in-multiple-sets] sets[1].nameservers[0]: nameserver "ns2.acme.net" is in set 1 and set 2; a name can belong to one set only; remove it from one of them\n` +
      `  error[duplicate-zone] zones[1].name: zone "example.com" is listed more than once (zones[0] and zones[1]); list each zone once`,
  );
  expect(warnings).toEqual([]);
});

test("nothing unknown: no warning", async () => {
  const acns = new AccountCustomNameservers("acme", {
    accountId: pulumi.output(ACCOUNT),
    sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
    zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM }],
  });
  await finish(acns);
  expect(warnings).toEqual([]);
  expect(mocks.registrations.map((r) => r.name).sort()).toEqual([
    "acme",
    "acme-set-1",
    "acme-zone-example.com",
  ]);
});
