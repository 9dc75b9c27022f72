/**
 * The policy pack's stack check, fed resource lists as a stack policy receives them: exact
 * violations (the validator's messages, mapped to the URNs of the resources involved), resources
 * that would fight over one zone, default or set, and what a stack cannot show.
 */
import {
  AcnsPolicyTypes,
  analyzeAcnsStack,
  formatStackFinding,
  type StackResource,
} from "../../policy/analyze-stack";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const OTHER_ACCOUNT = "f123456789abcdef0123456789abcdef";
const ZONE_EXAMPLE_COM = "1123456789abcdef0123456789abcdef";
const ZONE_A_EXAMPLE_COM = "2123456789abcdef0123456789abcdef";
const ZONE_B_EXAMPLE_COM = "3123456789abcdef0123456789abcdef";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const COMPONENT = "cloudflare-acns:index:AccountCustomNameservers";
const COMPONENT_URN = `urn:pulumi:prod::dns::${COMPONENT}::acme`;

function urnOf(type: string, name: string, inComponent: boolean): string {
  return inComponent
    ? `urn:pulumi:prod::dns::${COMPONENT}$${type}::${name}`
    : `urn:pulumi:prod::dns::${type}::${name}`;
}

function resource(
  type: string,
  name: string,
  props: Record<string, unknown>,
  extra: Partial<StackResource> & { inComponent?: boolean } = {},
): StackResource {
  const { inComponent = false, ...rest } = extra;
  return {
    type,
    name,
    urn: urnOf(type, name, inComponent),
    props,
    ...(inComponent ? { parent: COMPONENT_URN } : {}),
    ...rest,
  };
}

function set(name: string, nsSet: number, nameservers: unknown, accountId: unknown = ACCOUNT): StackResource {
  return resource(
    AcnsPolicyTypes.accountNameserverSet,
    name,
    { accountId, nsSet, nameservers },
    { inComponent: true },
  );
}

function binding(name: string, zoneId: unknown, zoneName: unknown, nsSet: unknown): StackResource {
  return resource(AcnsPolicyTypes.zoneAcnsBinding, name, { zoneId, zoneName, nsSet }, { inComponent: true });
}

function zone(name: string, id: unknown, zoneName: string, accountId: string = ACCOUNT): StackResource {
  return resource(AcnsPolicyTypes.zone, name, { id, name: zoneName, account: { id: accountId } });
}

function zoneDnsSettings(
  name: string,
  zoneId: unknown,
  nameservers: unknown,
  extra: Partial<StackResource> = {},
): StackResource {
  return resource(AcnsPolicyTypes.zoneDnsSettings, name, { zoneId, nameservers }, extra);
}

const SET_1 = set("acme-set-1", 1, ["ns1.acme.net", "ns2.acme.net"]);
const SET_2 = set("acme-set-2", 2, ["ns3.acme.net", "ns4.acme.net"]);

test("a valid stack from the component has nothing to report", () => {
  expect(
    analyzeAcnsStack([
      resource(COMPONENT, "acme", {}),
      SET_1,
      SET_2,
      binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1),
      binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", 2),
      binding("acme-zone-b.example.com", ZONE_B_EXAMPLE_COM, "b.example.com", 2),
    ]),
  ).toEqual({ violations: [], unchecked: [] });
});

test("a zone of @pulumi/cloudflare on the set of its parent's binding breaks the hierarchy rule: both URNs", () => {
  const settings = zoneDnsSettings("a-example-com", ZONE_A_EXAMPLE_COM, { type: "custom.account", nsSet: 1 });
  const report = analyzeAcnsStack([
    SET_1,
    SET_2,
    binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1),
    zone("a-example-com", ZONE_A_EXAMPLE_COM, "a.example.com"),
    settings,
  ]);
  expect(report.violations).toEqual([
    {
      code: "hierarchy-conflict",
      accountId: ACCOUNT,
      message:
        'zone "a.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant ' +
        'chain must use different sets; give "a.example.com" another set (2 is free on its chain)',
      urns: [settings.urn, binding("acme-zone-example.com", "", "", 1).urn],
    },
  ]);
  expect(report.unchecked).toEqual([]);
  expect(formatStackFinding(report.violations[0] ?? fail("no violation"))).toBe(
    `account ${ACCOUNT}: error[hierarchy-conflict] zone "a.example.com" and its parent "example.com" both use ns_set 1; ` +
      `zones on one ancestor/descendant chain must use different sets; give "a.example.com" another set (2 is free on its chain)\n` +
      `  resource: urn:pulumi:prod::dns::cloudflare:index/zoneDnsSettings:ZoneDnsSettings::a-example-com\n` +
      `  resource: urn:pulumi:prod::dns::${COMPONENT}$pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding::acme-zone-example.com`,
  );
});

test("a binding and a ZoneDnsSettings setting one zone's nameservers would fight: one violation, both URNs", () => {
  const ours = binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1);
  const theirs = zoneDnsSettings("example-com", ZONE_EXAMPLE_COM, { type: "cloudflare.standard" });
  const report = analyzeAcnsStack([SET_1, theirs, ours]);
  expect(report.violations).toEqual([
    {
      code: "conflicting-managers",
      accountId: ACCOUNT,
      message:
        'zone "example.com" has its nameservers set by 2 resources, ZoneAcnsBinding "acme-zone-example.com" and ' +
        'cloudflare.ZoneDnsSettings "example-com"; each would undo the other\'s change on every update; remove ' +
        "nameservers from the cloudflare.ZoneDnsSettings, or take the zone out of the ACNS configuration",
      urns: [ours.urn, theirs.urn],
    },
  ]);
});

test("two bindings of one zone (two components, or a zone listed twice by id) would fight too", () => {
  const first = binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1);
  const second = resource(AcnsPolicyTypes.zoneAcnsBinding, "legacy-example", {
    zoneId: ZONE_EXAMPLE_COM,
    zoneName: "EXAMPLE.com.",
    nsSet: 2,
  });
  const report = analyzeAcnsStack([SET_1, SET_2, first, second]);
  expect(report.violations).toEqual([
    {
      code: "conflicting-managers",
      accountId: ACCOUNT,
      message:
        'zone "example.com" has its nameservers set by 2 resources, ZoneAcnsBinding "acme-zone-example.com" and ' +
        'ZoneAcnsBinding "legacy-example"; each would undo the other\'s change on every update; keep one of them',
      urns: [first.urn, second.urn],
    },
  ]);
});

test("a ZoneDnsSettings that leaves nameservers alone is a fact, not a manager: its zone still counts for the rule", () => {
  // Its outputs show the zone on set 1, but its inputs (recorded by the pack) set other things only.
  const settings = zoneDnsSettings(
    "example-com-settings",
    ZONE_EXAMPLE_COM,
    { type: "custom.account", nsSet: 1 },
    { inputs: { flattenAllCnames: true } },
  );
  const child = binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", 1);
  const report = analyzeAcnsStack([
    SET_1,
    SET_2,
    zone("example-com", ZONE_EXAMPLE_COM, "example.com"),
    settings,
    child,
  ]);
  expect(report.violations).toEqual([
    {
      code: "hierarchy-conflict",
      accountId: ACCOUNT,
      message:
        'zone "a.example.com" and its parent "example.com" (live, not declared here) both use ns_set 1; zones on ' +
        'one ancestor/descendant chain must use different sets; give "a.example.com" another set (2 is free on its chain)',
      urns: [child.urn, settings.urn],
    },
  ]);
});

test("set rules name the sets involved", () => {
  const small = set("acme-set-1", 1, ["ns1.acme.net"]);
  const other = set("acme-set-2", 2, ["ns1.acme.net", "ns3.acme.net"]);
  const defaults = resource(
    AcnsPolicyTypes.accountDefaultNameservers,
    "acme-default",
    { accountId: ACCOUNT, type: "custom.account" },
    { inComponent: true },
  );
  const report = analyzeAcnsStack([small, other, defaults]);
  expect(report.violations.map((v) => [v.code, v.message, v.urns])).toEqual([
    [
      "default-needs-set",
      'defaultNameservers is "custom.account", but set 1 has only 1 nameserver; new zones try set 1 first; give set 1 2-5 nameservers, or choose another default',
      [defaults.urn, small.urn],
    ],
    [
      "set-too-small",
      'set 1 has 1 nameserver ("ns1.acme.net"); a set needs 2-5 distinct names before zones can use it; add at least 1 more',
      [small.urn, other.urn],
    ],
    [
      "nameserver-in-multiple-sets",
      'nameserver "ns1.acme.net" is in set 1 and set 2; a name can belong to one set only; remove it from one of them',
      [other.urn, small.urn],
    ],
  ]);
});

test("two resources setting one account's default, or one set, would fight", () => {
  const ours = resource(AcnsPolicyTypes.accountDefaultNameservers, "acme-default", {
    accountId: ACCOUNT,
    type: "custom.account",
  });
  const theirs = resource(AcnsPolicyTypes.accountDnsSettings, "account-dns", {
    accountId: ACCOUNT,
    zoneDefaults: { nameservers: { type: "cloudflare.standard" } },
  });
  const again = set("legacy-set-1", 1, ["ns1.acme.net", "ns2.acme.net"]);
  const report = analyzeAcnsStack([theirs, SET_1, ours, again]);
  expect(report.violations).toEqual([
    {
      code: "conflicting-managers",
      accountId: ACCOUNT,
      message:
        'the default nameservers for new zones are set by 2 resources, AccountDefaultNameservers "acme-default" and ' +
        'cloudflare.AccountDnsSettings "account-dns"; each would undo the other\'s change on every update; keep one of them',
      urns: [ours.urn, theirs.urn],
    },
    {
      code: "conflicting-managers",
      accountId: ACCOUNT,
      message:
        'set 1 is managed by 2 resources, AccountNameserverSet "acme-set-1" and AccountNameserverSet "legacy-set-1"; ' +
        "each would replace the other's names on every update; keep one of them",
      urns: [SET_1.urn, again.urn],
    },
  ]);
});

test("an AccountDnsSettings whose inputs leave the default alone is not a manager", () => {
  const ours = resource(AcnsPolicyTypes.accountDefaultNameservers, "acme-default", {
    accountId: ACCOUNT,
    type: "custom.account",
  });
  const theirs = resource(
    AcnsPolicyTypes.accountDnsSettings,
    "account-dns",
    { accountId: ACCOUNT, zoneDefaults: { nameservers: { type: "custom.account" } } },
    { inputs: { zoneDefaults: { flattenAllCnames: false } } },
  );
  expect(analyzeAcnsStack([SET_1, ours, theirs])).toEqual({ violations: [], unchecked: [] });
});

test("a preview's unknowns are set aside and listed; what is known is still judged", () => {
  // The policy SDK throws when a program reads an unknown property.
  const props: Record<string, unknown> = { accountId: ACCOUNT, nsSet: 2 };
  Object.defineProperty(props, "nameservers", {
    enumerable: true,
    get: () => {
      throw new Error("Array value at .nameservers can't be known during preview");
    },
  });
  const unknownNames = resource(AcnsPolicyTypes.accountNameserverSet, "acme-set-2", props, {
    inComponent: true,
  });
  const parent = binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1);
  const pending = binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", UNKNOWN);
  const clash = binding("acme-zone-b.example.com", ZONE_B_EXAMPLE_COM, "b.example.com", 1);
  const report = analyzeAcnsStack([SET_1, unknownNames, parent, pending, clash]);
  expect(report.violations.map((v) => [v.code, v.urns])).toEqual([
    ["hierarchy-conflict", [clash.urn, parent.urn]],
  ]);
  expect(report.unchecked).toEqual([
    {
      code: "not-checked",
      accountId: ACCOUNT,
      message:
        'AccountNameserverSet "acme-set-2": unknown until apply, so this check waits: the names of set 2: their syntax, ' +
        "their number, and that none is in another set",
      urns: [unknownNames.urn],
    },
    {
      code: "not-checked",
      accountId: ACCOUNT,
      message:
        'ZoneAcnsBinding "acme-zone-a.example.com": unknown until apply, so this check waits: which set zone ' +
        '"a.example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
      urns: [pending.urn],
    },
  ]);
  expect(formatStackFinding(report.unchecked[0] ?? fail("none"))).toBe(
    `account ${ACCOUNT}: AccountNameserverSet "acme-set-2": unknown until apply, so this check waits: the names of set 2: ` +
      `their syntax, their number, and that none is in another set\n  resource: ${unknownNames.urn}`,
  );
});

test("a new zone's binding finds its name and account through the Zone its id comes from", () => {
  const newZone = zone("shop-example-com", UNKNOWN, "shop.example.com", OTHER_ACCOUNT);
  const shop = resource(
    AcnsPolicyTypes.zoneAcnsBinding,
    "shop",
    { zoneId: UNKNOWN, nsSet: 1 },
    { propertyDependencies: { zoneId: [newZone.urn] } },
  );
  const parent = zoneDnsSettings(
    "example-com",
    ZONE_EXAMPLE_COM,
    { type: "custom.account", nsSet: 1 },
    { inputs: { nameservers: { type: "custom.account", nsSet: 1 } } },
  );
  const report = analyzeAcnsStack([
    set("other-set-1", 1, ["ns1.other.net", "ns2.other.net"], OTHER_ACCOUNT),
    newZone,
    zone("example-com", ZONE_EXAMPLE_COM, "example.com", OTHER_ACCOUNT),
    parent,
    shop,
    SET_1,
  ]);
  expect(report.violations).toEqual([
    {
      code: "hierarchy-conflict",
      accountId: OTHER_ACCOUNT,
      message:
        'zone "shop.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant ' +
        'chain must use different sets; no usable set is free on the chain of "shop.example.com"; declare another ' +
        'set (2-5 would be free there) and give it to "shop.example.com"',
      urns: [shop.urn, parent.urn],
    },
  ]);
  expect(report.unchecked).toEqual([]);
});

test("sets used but not managed by the stack are not refused, only listed", () => {
  const settings = zoneDnsSettings(
    "example-com",
    ZONE_EXAMPLE_COM,
    { type: "custom.account", nsSet: 3 },
    { inputs: { nameservers: { type: "custom.account", nsSet: 3 } } },
  );
  const report = analyzeAcnsStack([zone("example-com", ZONE_EXAMPLE_COM, "example.com"), settings]);
  expect(report).toEqual({
    violations: [],
    unchecked: [
      {
        code: "not-checked",
        accountId: ACCOUNT,
        message:
          'set 3 is used by zone "example.com" but no resource of this stack manages it; that it exists with 2-5 names is not checked',
        urns: [],
      },
    ],
  });
});

test("a zone whose account the stack cannot tell is listed, not guessed", () => {
  const orphan = resource(AcnsPolicyTypes.zoneAcnsBinding, "orphan", {
    zoneId: ZONE_EXAMPLE_COM,
    zoneName: "example.com",
    nsSet: 1,
  });
  const nameless = resource(AcnsPolicyTypes.zoneAcnsBinding, "nameless", {
    zoneId: ZONE_A_EXAMPLE_COM,
    nsSet: 1,
  });
  const report = analyzeAcnsStack([
    SET_1,
    set("other-set-1", 1, ["ns1.other.net", "ns2.other.net"], OTHER_ACCOUNT),
    orphan,
    nameless,
  ]);
  expect(report.violations).toEqual([]);
  expect(report.unchecked.map((u) => [u.message, u.urns])).toEqual([
    [
      'ZoneAcnsBinding "orphan": the account of zone "example.com" is not known (the stack manages several accounts ' +
        "and no cloudflare.Zone of this stack has the zone's id); the zone is left out of the rules",
      [orphan.urn],
    ],
    [
      'ZoneAcnsBinding "nameless": the zone\'s name is not known (give the binding zoneName, or manage the zone with ' +
        "a cloudflare.Zone in this stack); the zone is left out of the rules",
      [nameless.urn],
    ],
  ]);
});

test("resources of other kinds are ignored", () => {
  expect(
    analyzeAcnsStack([
      resource("aws:s3/bucket:Bucket", "logs", { bucket: "logs" }),
      resource("pulumi:pulumi:Stack", "dns-prod", {}),
    ]),
  ).toEqual({ violations: [], unchecked: [] });
});

test("a ZoneDnsSettings with a literal zoneId that nothing in the stack names is listed, in its own fields", () => {
  // Issue #9, finding 6: a.example.com on its parent's set 1 through @pulumi/cloudflare, with no
  // cloudflare.Zone in the stack. A ZoneDnsSettings has zoneId and nameservers only, so the pack
  // cannot place the zone in the hierarchy; it must say so in those terms, not pass it silently.
  const settings = zoneDnsSettings(
    "a-example-com",
    ZONE_A_EXAMPLE_COM,
    { type: "custom.account", nsSet: 1 },
    { inputs: { nameservers: { type: "custom.account", nsSet: 1 } } },
  );
  const report = analyzeAcnsStack([
    SET_1,
    SET_2,
    binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1),
    settings,
  ]);
  expect(report).toEqual({
    violations: [],
    unchecked: [
      {
        code: "not-checked",
        accountId: null,
        message:
          'cloudflare.ZoneDnsSettings "a-example-com": the zone\'s name is not known (a ZoneDnsSettings has no zone ' +
          `name, and zoneId ${ZONE_A_EXAMPLE_COM} is not the id of any cloudflare.Zone or ZoneAcnsBinding of this ` +
          "stack), so the hierarchy rule is not checked for its nameservers.nsSet 1; manage the zone with a " +
          "cloudflare.Zone in this stack (zoneId: zone.id), or put it on its set with a ZoneAcnsBinding instead",
        urns: [settings.urn],
      },
    ],
  });
  expect(formatStackFinding(report.unchecked[0] ?? fail("none"))).not.toContain("zoneName");
});

test("a ZoneDnsSettings whose zoneId a binding of the stack names gets the binding's zone name and account", () => {
  const ours = binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", 2);
  const theirs = zoneDnsSettings(
    "a-example-com",
    ZONE_A_EXAMPLE_COM,
    { type: "custom.account", nsSet: 1 },
    { inputs: { nameservers: { type: "custom.account", nsSet: 1 } } },
  );
  const report = analyzeAcnsStack([
    SET_1,
    SET_2,
    // A second account outside the component: the ZoneDnsSettings' account comes from the binding.
    resource(AcnsPolicyTypes.accountNameserverSet, "other-set-1", {
      accountId: OTHER_ACCOUNT,
      nsSet: 1,
      nameservers: ["ns1.other.net", "ns2.other.net"],
    }),
    binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", 1),
    theirs,
    ours,
  ]);
  expect(report).toEqual({
    violations: [
      {
        code: "conflicting-managers",
        accountId: ACCOUNT,
        message:
          'zone "a.example.com" has its nameservers set by 2 resources, ZoneAcnsBinding "acme-zone-a.example.com" and ' +
          'cloudflare.ZoneDnsSettings "a-example-com"; each would undo the other\'s change on every update; remove ' +
          "nameservers from the cloudflare.ZoneDnsSettings, or take the zone out of the ACNS configuration",
        urns: [ours.urn, theirs.urn],
      },
    ],
    // Before: the ZoneDnsSettings was also listed as a zone without a name (and told to set a zoneName).
    unchecked: [],
  });
});

test("a ZoneDnsSettings that takes its zone off ACNS needs no name: nothing to check", () => {
  const settings = zoneDnsSettings(
    "a-example-com",
    ZONE_A_EXAMPLE_COM,
    { type: "cloudflare.standard" },
    { inputs: { nameservers: { type: "cloudflare.standard" } } },
  );
  expect(analyzeAcnsStack([SET_1, settings])).toEqual({ violations: [], unchecked: [] });
});

test("a binding to a Custom Nameserver Set puts its zone on no numbered set: its child on set 1 is no conflict", () => {
  const onCustomSet = resource(
    AcnsPolicyTypes.zoneAcnsBinding,
    "acme-zone-example.com",
    {
      zoneId: ZONE_EXAMPLE_COM,
      zoneName: "example.com",
      nameserverSetId: "3f2a9c1e5b7d4f608a1c2e3b4d5f6a7b",
    },
    { inComponent: true },
  );
  expect(
    analyzeAcnsStack([
      SET_1,
      onCustomSet,
      binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", 1),
    ]),
  ).toEqual({ violations: [], unchecked: [] });
  // The same zone with nsSet left out and no nameserverSetId is on set 1, Cloudflare's default.
  expect(
    analyzeAcnsStack([
      SET_1,
      binding("acme-zone-example.com", ZONE_EXAMPLE_COM, "example.com", undefined),
      binding("acme-zone-a.example.com", ZONE_A_EXAMPLE_COM, "a.example.com", 1),
    ]).violations.map((v) => v.code),
  ).toEqual(["hierarchy-conflict"]);
});
