import fc from "fast-check";
import {
  ACNS_DRIFT_CODES,
  AcnsDrift,
  compareAcnsState,
  INFORMATIONAL_DRIFT_CODES,
  validateAcnsConfig,
  type AcnsConfig,
  type AcnsDriftCode,
  type ObservedAccount,
  type ObservedCustomSet,
} from "../../provider/core";

/** The codes of account-owned Custom Nameserver Sets, tested on their own below. */
const CUSTOM_SET_CODES: readonly AcnsDriftCode[] = [
  "custom-set-missing",
  "custom-set-unmanaged",
  "zone-on-custom-set",
  "zone-off-custom-set",
];

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const OTHER_ACCOUNT = "fedcba9876543210fedcba9876543210";
const ZONE_A = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
const ZONE_B = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const ZONE_C = "cccccccccccccccccccccccccccccccc";

/** Validates and normalises a configuration as the CLI does before comparing. */
function makeDesired(input: unknown): AcnsConfig {
  const result = validateAcnsConfig(input);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  const [account] = result.accounts;
  if (account === undefined) throw new Error("no account");
  return account;
}

const DESIRED = makeDesired({
  accountId: ACCOUNT,
  defaultNameservers: "custom.account",
  sets: [
    { nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] },
    { nsSet: 2, nameservers: ["ns3.example.net", "ns4.example.net"] },
  ],
  zones: [
    { name: "example.com", nsSet: 1 },
    { name: "a.example.com", nsSet: 2, zoneId: ZONE_B },
  ],
});

/** The account exactly as DESIRED wants it, plus a zone the file does not list. */
function makeObserved(): ObservedAccount {
  return {
    accountId: ACCOUNT,
    defaultNameservers: "custom.account",
    nameservers: [
      { name: "ns1.example.net", nsSet: 1 },
      { name: "ns2.example.net", nsSet: 1 },
      { name: "ns3.example.net", nsSet: 2 },
      { name: "ns4.example.net", nsSet: 2 },
    ],
    zones: [
      { zoneId: ZONE_A, name: "example.com", type: "custom.account", nsSet: 1 },
      { zoneId: ZONE_B, name: "a.example.com", type: "custom.account", nsSet: 2 },
      { zoneId: ZONE_C, name: "unlisted.example", type: "cloudflare.standard", nsSet: null },
    ],
  };
}

describe("compareAcnsState", () => {
  it("finds no drift when the account is as the file says, whatever the spelling and order of live names", () => {
    const observed = makeObserved();
    observed.nameservers.reverse();
    observed.nameservers[0] = { name: "NS4.Example.NET.", nsSet: 2 };
    expect(compareAcnsState(DESIRED, observed)).toEqual([]);
  });

  it("ignores zones the file does not list, and the default when the file leaves it out", () => {
    const observed = makeObserved();
    observed.defaultNameservers = "cloudflare.standard";
    observed.zones[2] = { zoneId: ZONE_C, name: "unlisted.example", type: "custom.account", nsSet: 2 };
    const { defaultNameservers: _omitted, ...withoutDefault } = DESIRED;
    expect(compareAcnsState(withoutDefault, observed)).toEqual([]);
  });

  it("reports every kind of difference exactly, in order: default, names by set, zones in file order", () => {
    const observed = makeObserved();
    observed.defaultNameservers = "cloudflare.standard";
    observed.nameservers = [
      { name: "ns1.example.net", nsSet: 1 },
      // ns2 gone; ns3 moved to set 4; ns9 added in set 3
      { name: "ns3.example.net", nsSet: 4 },
      { name: "ns4.example.net", nsSet: 2 },
      { name: "ns9.example.net", nsSet: 3 },
    ];
    observed.zones = [
      { zoneId: ZONE_A, name: "example.com", type: "cloudflare.standard", nsSet: null },
      { zoneId: ZONE_C, name: "a.example.com", type: "custom.account", nsSet: 4 },
    ];
    const desired = makeDesired({
      ...DESIRED,
      zones: [...DESIRED.zones, { name: "missing.example", nsSet: 1 }],
    });
    const drift = compareAcnsState(desired, observed);
    expect(drift).toEqual<AcnsDrift[]>([
      {
        code: "default-nameservers",
        accountId: ACCOUNT,
        subject: { kind: "account", name: ACCOUNT },
        desired: { type: "custom.account" },
        live: { type: "cloudflare.standard" },
        message:
          'the account\'s default for new zones is "cloudflare.standard", the file says "custom.account"; apply the file, or set defaultNameservers to "cloudflare.standard"',
      },
      {
        code: "nameserver-missing",
        accountId: ACCOUNT,
        subject: { kind: "nameserver", name: "ns2.example.net" },
        desired: { nsSet: 1 },
        live: null,
        message:
          'nameserver "ns2.example.net" of set 1 is not in the account; apply the file to create it, or remove it from set 1',
      },
      {
        code: "nameserver-in-other-set",
        accountId: ACCOUNT,
        subject: { kind: "nameserver", name: "ns3.example.net" },
        desired: { nsSet: 2 },
        live: { nsSet: 4 },
        message:
          'nameserver "ns3.example.net" is in set 4 of the account, the file puts it in set 2; apply the file to move it, or move it to set 4 in the file',
      },
      {
        code: "nameserver-extra",
        accountId: ACCOUNT,
        subject: { kind: "nameserver", name: "ns9.example.net" },
        desired: null,
        live: { nsSet: 3 },
        message:
          'nameserver "ns9.example.net" is in set 3 of the account but in no set of the file; applying the file deletes it; add it to set 3 in the file to keep it',
      },
      {
        code: "zone-off-acns",
        accountId: ACCOUNT,
        subject: { kind: "zone", name: "example.com" },
        desired: { type: "custom.account", nsSet: 1 },
        live: { type: "cloudflare.standard", nsSet: null },
        message:
          'zone "example.com" is not on account custom nameservers (its nameservers are "cloudflare.standard"), the file puts it on ns_set 1; apply the file, or remove the zone from the file',
      },
      {
        code: "zone-id-mismatch",
        accountId: ACCOUNT,
        subject: { kind: "zone", name: "a.example.com" },
        desired: { zoneId: ZONE_B },
        live: { zoneId: ZONE_C },
        message: `zone "a.example.com" has id "${ZONE_C}" in the account, the file says "${ZONE_B}"; use "${ZONE_C}", or leave zoneId out`,
      },
      {
        code: "zone-in-other-set",
        accountId: ACCOUNT,
        subject: { kind: "zone", name: "a.example.com" },
        desired: { type: "custom.account", nsSet: 2 },
        live: { type: "custom.account", nsSet: 4 },
        message:
          'zone "a.example.com" uses ns_set 4 in the account, the file says ns_set 2; apply the file, or set its nsSet to 4',
      },
      {
        code: "zone-missing",
        accountId: ACCOUNT,
        subject: { kind: "zone", name: "missing.example" },
        desired: { type: "custom.account", nsSet: 1 },
        live: null,
        message: `zone "missing.example" is not a zone of account ${ACCOUNT}; add the zone to the account, or remove it from the file`,
      },
    ]);
    // Every code of numbered sets has a case above (Custom Nameserver Sets and small sets: below), and every item has the published shape.
    expect([...new Set(drift.map((d) => d.code))].sort()).toEqual(
      ACNS_DRIFT_CODES.filter(
        (code) => !CUSTOM_SET_CODES.includes(code) && code !== "zone-on-small-set",
      ).sort(),
    );
    for (const item of drift) expect(AcnsDrift.parse(item)).toEqual(item);
  });

  it("reports a zone left on its set after the set lost names, beside the missing names", () => {
    const observed = makeObserved();
    // ns2 deleted out of band: Cloudflare allows it, and example.com stays on what is left of set 1.
    observed.nameservers = observed.nameservers.filter((ns) => ns.name !== "ns2.example.net");
    expect(compareAcnsState(DESIRED, observed)).toEqual([
      {
        code: "nameserver-missing",
        accountId: ACCOUNT,
        subject: { kind: "nameserver", name: "ns2.example.net" },
        desired: { nsSet: 1 },
        live: null,
        message:
          'nameserver "ns2.example.net" of set 1 is not in the account; apply the file to create it, or remove it from set 1',
      },
      {
        code: "zone-on-small-set",
        accountId: ACCOUNT,
        subject: { kind: "zone", name: "example.com" },
        desired: { type: "custom.account", nsSet: 1 },
        live: { type: "custom.account", nsSet: 1, nameservers: ["ns1.example.net"] },
        message:
          'zone "example.com" is on ns_set 1, which holds only "ns1.example.net" in the account: resolvers ' +
          "following its delegation reach fewer than 2 nameservers; apply the file to give set 1 its names again",
      },
    ]);
  });

  it("compares zone names in normal form (IDN and case) and picks the file's id among same-named zones", () => {
    const desired = makeDesired({
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] }],
      zones: [{ name: "Bücher.Example.", nsSet: 1, zoneId: ZONE_B }],
    });
    const observed: ObservedAccount = {
      accountId: ACCOUNT,
      defaultNameservers: "cloudflare.standard",
      nameservers: [
        { name: "ns1.example.net", nsSet: 1 },
        { name: "ns2.example.net", nsSet: 1 },
      ],
      zones: [
        { zoneId: ZONE_A, name: "xn--bcher-kva.example", type: "cloudflare.standard", nsSet: null },
        { zoneId: ZONE_B, name: "xn--bcher-kva.example", type: "custom.account", nsSet: 1 },
      ],
    };
    expect(compareAcnsState(desired, observed)).toEqual([]);
  });

  it("refuses to compare two different accounts", () => {
    expect(() => compareAcnsState(DESIRED, { ...makeObserved(), accountId: OTHER_ACCOUNT })).toThrow(
      `compareAcnsState: the configuration is for account ${ACCOUNT} but the observed state is of account ${OTHER_ACCOUNT}; compare each account with its own state`,
    );
  });

  it("finds no drift between any valid configuration and the account built from it (property)", () => {
    const names = ["a.example", "b.a.example", "c.example", "d.c.example", "e.example"];
    fc.assert(
      fc.property(
        fc.subarray(names),
        fc.array(fc.integer({ min: 1, max: 2 }), { minLength: 5, maxLength: 5 }),
        (zoneNames, sets) => {
          const input = {
            accountId: ACCOUNT,
            sets: DESIRED.sets,
            zones: zoneNames.map((name, i) => ({ name, nsSet: sets[i] ?? 1 })),
          };
          const result = validateAcnsConfig(input);
          fc.pre(result.ok);
          const desired = makeDesired(input);
          const observed: ObservedAccount = {
            accountId: ACCOUNT,
            defaultNameservers: "cloudflare.standard",
            nameservers: desired.sets.flatMap((s) => s.nameservers.map((name) => ({ name, nsSet: s.nsSet }))),
            zones: desired.zones.map((z, i) => ({
              zoneId: String(i).repeat(32).slice(0, 32),
              name: z.name,
              type: "custom.account" as const,
              nsSet: z.nsSet ?? 1,
            })),
          };
          expect(compareAcnsState(desired, observed)).toEqual([]);
          // Moving any one zone to the other set is exactly one difference.
          const moved = observed.zones[0];
          if (moved !== undefined) {
            moved.nsSet = moved.nsSet === 1 ? 2 : 1;
            expect(compareAcnsState(desired, observed).map((d) => [d.code, d.subject.name])).toEqual([
              ["zone-in-other-set", moved.name],
            ]);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("compareAcnsState with Custom Nameserver Sets", () => {
  const EDGE_ID = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0";
  const LAB_ID = "1ab01ab01ab01ab01ab01ab01ab01ab0";
  const OLD_ID = "01d001d001d001d001d001d001d001d0";
  const ZONE_D = "dddddddddddddddddddddddddddddddd";

  /** DESIRED with two custom sets and two zones on them, as the validator will normalise it. */
  function makeCustomDesired(): AcnsConfig {
    // Built as `unknown`: the shape holds whether or not this checkout's AcnsConfig types customSets yet.
    const config: unknown = {
      ...DESIRED,
      customSets: [
        { key: "edge", nameservers: ["ns1.edge.example", { name: "ns2.edge.example", ipCount: 2 }] },
        { key: "lab", nameservers: ["ns1.lab.example", "ns2.lab.example"], advanced: true, ipSet: 2 },
      ],
      zones: [
        ...DESIRED.zones,
        { name: "b.example.com", customSet: "edge" },
        { name: "c.example.com", customSet: "lab" },
      ],
    };
    return config as AcnsConfig;
  }

  const EDGE: ObservedCustomSet = {
    id: EDGE_ID,
    nameservers: [
      { name: "ns1.edge.example", ipCount: 1 },
      { name: "ns2.edge.example", ipCount: 2 },
    ],
    advanced: false,
    ipSet: 1,
  };
  const LAB: ObservedCustomSet = {
    id: LAB_ID,
    nameservers: [
      { name: "ns1.lab.example", ipCount: 1 },
      { name: "ns2.lab.example", ipCount: 1 },
    ],
    advanced: true,
    ipSet: 2,
  };

  /** The account as makeCustomDesired wants it. */
  function makeCustomObserved(): ObservedAccount {
    const observed = makeObserved();
    observed.customSets = [EDGE, LAB];
    observed.zones.push(
      { zoneId: ZONE_D, name: "b.example.com", type: "custom", nsSet: null, nameserverSetId: EDGE_ID },
      { zoneId: ZONE_C, name: "c.example.com", type: "custom", nsSet: null, nameserverSetId: LAB_ID },
    );
    return observed;
  }

  it("finds no drift when every custom set and zone is as the file says; names compare in normal form", () => {
    const observed = makeCustomObserved();
    observed.customSets = [
      {
        ...EDGE,
        nameservers: [
          { name: "NS1.Edge.Example.", ipCount: 1 },
          { name: "ns2.edge.example", ipCount: 2 },
        ],
      },
      LAB,
    ];
    expect(compareAcnsState(makeCustomDesired(), observed)).toEqual([]);
  });

  it("reports every Custom Nameserver Set kind exactly, the unmanaged set as informational", () => {
    const observed = makeCustomObserved();
    const old: ObservedCustomSet = { ...LAB, id: OLD_ID, advanced: false, ipSet: 1 };
    // lab's names exist only with ip_set 1 and not advanced (OLD); edge is as declared.
    observed.customSets = [old, EDGE];
    observed.zones = [
      { zoneId: ZONE_A, name: "example.com", type: "custom", nsSet: null, nameserverSetId: OLD_ID },
      { zoneId: ZONE_B, name: "a.example.com", type: "custom", nsSet: null, nameserverSetId: EDGE_ID },
      { zoneId: ZONE_D, name: "b.example.com", type: "custom.account", nsSet: 1 },
      { zoneId: ZONE_C, name: "c.example.com", type: "custom", nsSet: null, nameserverSetId: EDGE_ID },
    ];
    const drift = compareAcnsState(makeCustomDesired(), observed);
    expect(drift).toEqual<AcnsDrift[]>(EXPECTED_CUSTOM_DRIFT);
    for (const item of drift) expect(AcnsDrift.parse(item)).toEqual(item);
    expect(drift.filter((d) => d.informational === true).map((d) => d.code)).toEqual([
      ...INFORMATIONAL_DRIFT_CODES,
    ]);
    expect([...new Set(drift.map((d) => d.code))].sort()).toEqual([...CUSTOM_SET_CODES].sort());
  });

  it("says where a zone on a custom set is when the sets were not listed, and reports it off Cloudflare's nameservers", () => {
    const observed = makeCustomObserved();
    delete observed.customSets;
    observed.zones = [
      { zoneId: ZONE_A, name: "example.com", type: "custom.account", nsSet: 1 },
      { zoneId: ZONE_B, name: "a.example.com", type: "custom.account", nsSet: 2 },
      { zoneId: ZONE_D, name: "b.example.com", type: "cloudflare.standard", nsSet: null },
      { zoneId: ZONE_C, name: "c.example.com", type: "custom", nsSet: null, nameserverSetId: LAB_ID },
    ];
    expect(
      compareAcnsState(makeCustomDesired(), observed).map((d) => [d.code, d.subject.name, d.live, d.message]),
    ).toEqual([
      [
        "custom-set-missing",
        "edge",
        null,
        'custom set "edge" (ns1.edge.example, ns2.edge.example (ipCount 2)) is not in the account; apply the file to create it, or remove it from customSets',
      ],
      [
        "custom-set-missing",
        "lab",
        null,
        'custom set "lab" (ns1.lab.example, ns2.lab.example; advanced; ipSet 2) is not in the account; apply the file to create it, or remove it from customSets',
      ],
      [
        "zone-off-custom-set",
        "b.example.com",
        { type: "cloudflare.standard", nsSet: null },
        'zone "b.example.com" is not on account custom nameservers (its nameservers are "cloudflare.standard") in the account, the file puts it on custom set "edge", which is not in the account yet; apply the file, or remove the zone from the file',
      ],
      [
        "zone-off-custom-set",
        "c.example.com",
        { type: "custom", nsSet: null, nameserverSetId: LAB_ID },
        `zone "c.example.com" is on custom nameserver set ${LAB_ID} in the account, the file puts it on custom set "lab", which is not in the account yet; apply the file, or remove the zone from the file`,
      ],
    ]);
  });

  it("matches identical live sets one to one, preferring the set the declared zones are on", () => {
    const observed = makeCustomObserved();
    const twin: ObservedCustomSet = { ...EDGE, id: OLD_ID };
    observed.customSets = [twin, EDGE, LAB];
    expect(compareAcnsState(makeCustomDesired(), observed).map((d) => [d.code, d.subject.name])).toEqual([
      ["custom-set-unmanaged", OLD_ID],
    ]);
  });
});

const EDGE_SET_ID = "e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0";
const OLD_SET_ID = "01d001d001d001d001d001d001d001d0";
const EDGE_WORDS = `custom nameserver set ${EDGE_SET_ID} (custom set "edge": ns1.edge.example, ns2.edge.example (ipCount 2))`;

/** What the second Custom Nameserver Set test must report, in order. */
const EXPECTED_CUSTOM_DRIFT: AcnsDrift[] = [
  {
    code: "custom-set-missing",
    accountId: ACCOUNT,
    subject: { kind: "custom-set", name: "lab" },
    desired: {
      customSet: "lab",
      nameservers: ["ns1.lab.example", "ns2.lab.example"],
      ipCounts: [1, 1],
      advanced: true,
      ipSet: 2,
    },
    live: null,
    message:
      `custom set "lab" (ns1.lab.example, ns2.lab.example; advanced; ipSet 2) is not in the account ` +
      `(custom nameserver set ${OLD_SET_ID} has these names, but not advanced, ipSet 1); ` +
      "apply the file to create it, or remove it from customSets",
  },
  {
    code: "custom-set-unmanaged",
    accountId: ACCOUNT,
    subject: { kind: "custom-set", name: OLD_SET_ID },
    desired: null,
    live: {
      nameserverSetId: OLD_SET_ID,
      nameservers: ["ns1.lab.example", "ns2.lab.example"],
      ipCounts: [1, 1],
      advanced: false,
      ipSet: 1,
    },
    message:
      `custom nameserver set ${OLD_SET_ID} (ns1.lab.example, ns2.lab.example) is in the account but matches no ` +
      "set of the file's customSets; applying the file leaves it as it is; add it to customSets to manage it",
    informational: true,
  },
  {
    code: "zone-on-custom-set",
    accountId: ACCOUNT,
    subject: { kind: "zone", name: "example.com" },
    desired: { type: "custom.account", nsSet: 1 },
    live: { type: "custom", nsSet: null, nameserverSetId: OLD_SET_ID },
    message:
      `zone "example.com" is on custom nameserver set ${OLD_SET_ID} (ns1.lab.example, ns2.lab.example) in the ` +
      "account, the file puts it on ns_set 1; apply the file, or remove the zone from the file",
  },
  {
    code: "zone-on-custom-set",
    accountId: ACCOUNT,
    subject: { kind: "zone", name: "a.example.com" },
    desired: { type: "custom.account", nsSet: 2 },
    live: { type: "custom", nsSet: null, nameserverSetId: EDGE_SET_ID, customSet: "edge" },
    message: `zone "a.example.com" is on ${EDGE_WORDS} in the account, the file puts it on ns_set 2; apply the file, or set its customSet to "edge"`,
  },
  {
    code: "zone-off-custom-set",
    accountId: ACCOUNT,
    subject: { kind: "zone", name: "b.example.com" },
    desired: { type: "custom", customSet: "edge", nameserverSetId: EDGE_SET_ID },
    live: { type: "custom.account", nsSet: 1 },
    message:
      'zone "b.example.com" uses ns_set 1 in the account, the file puts it on custom set "edge"; apply the file, ' +
      "or set its nsSet to 1 instead of customSet",
  },
  {
    code: "zone-off-custom-set",
    accountId: ACCOUNT,
    subject: { kind: "zone", name: "c.example.com" },
    desired: { type: "custom", customSet: "lab" },
    live: { type: "custom", nsSet: null, nameserverSetId: EDGE_SET_ID, customSet: "edge" },
    message:
      `zone "c.example.com" is on ${EDGE_WORDS} in the account, the file puts it on custom set "lab", which is ` +
      'not in the account yet; apply the file, or set its customSet to "edge"',
  },
];
