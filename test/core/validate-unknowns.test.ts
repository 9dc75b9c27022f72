/**
 * `validateAcnsConfig(config, { isUnknown })`: values not known yet (a preview's outputs). Each
 * kind of unknown skips exactly the checks it blocks, lists them in `skipped`, and leaves the
 * issues of the known values as the validator words them; the properties hold that an unknown
 * never adds an issue the known configuration lacks.
 */
import fc from "fast-check";
import {
  formatIssuePath,
  validateAcnsConfig,
  type AcnsIssue,
  type AcnsPartialValidationResult,
  type AcnsWarning,
} from "../../provider/core";

/** A string, as Pulumi's sentinel is: the shape check must not take it for a name or an id. */
const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** A marker of another type, which the shape check must accept in place of any type. */
const SYMBOL = Symbol("unknown");
const isUnknown = (value: unknown): boolean => value === U || value === SYMBOL;

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ID_1 = "11111111111111111111111111111111";
const SET_1 = { nsSet: 1, nameservers: ["ns1.dns.example.net", "ns2.dns.example.net"] };
const SET_2 = { nsSet: 2, nameservers: ["ns3.dns.example.net", "ns4.dns.example.net"] };
const HIERARCHY_WHY = "zones on one ancestor/descendant chain must use different sets";

const ZONE_NAME = "its syntax, that it is listed once, its id";
const ONE_NAME = "its syntax, that it is not listed twice or in another set, and the set's size";

/** Issues as `code path: message`, skipped checks as `path: reason`. */
function summarise(config: unknown): { ok: boolean; issues: string[]; skipped: string[] } {
  const result = validateAcnsConfig(config, { isUnknown });
  return {
    ok: result.ok,
    issues: result.ok ? [] : result.issues.map((i) => `${i.code} ${formatIssuePath(i.path)}: ${i.message}`),
    skipped: result.skipped.map((s) => `${formatIssuePath(s.path)}: ${s.reason}`),
  };
}

interface Row {
  title: string;
  input: unknown;
  issues: string[];
  skipped: string[];
}

const ROWS: Row[] = [
  {
    title: "the whole configuration",
    input: U,
    issues: [],
    skipped: ["(root): the whole configuration"],
  },
  {
    title: "an account entry of an array",
    input: [U, { accountId: ACCOUNT, sets: [SET_1], zones: [] }],
    issues: [],
    skipped: ["[0]: account entry [0]: every check of it"],
  },
  {
    title: "accountId: its format waits; messages name the configuration, not a stand-in id",
    input: { accountId: U, sets: [SET_1] },
    issues: [
      'invalid-shape zones: the configuration has no zones; add a list of zones such as [{ name: "example.com", nsSet: 1 }], or [] for none',
    ],
    skipped: ["accountId: the account id's format"],
  },
  {
    title: "accountId in an array: the known duplicates are still found",
    input: [
      { accountId: U, sets: [], zones: [] },
      { accountId: ACCOUNT, sets: [], zones: [] },
      { accountId: ACCOUNT, sets: [], zones: [] },
    ],
    issues: [
      `duplicate-account [2].accountId: accountId "${ACCOUNT}" is given to more than one account entry ([1] and [2]); ` +
        "the rules apply to a whole account, so merge their sets and zones into one entry",
    ],
    skipped: ["[0].accountId: the account id's format, and that no other account entry has it"],
  },
  {
    title: "defaultNameservers: the default's set waits",
    input: { accountId: ACCOUNT, defaultNameservers: SYMBOL, sets: [SET_2], zones: [] },
    issues: [],
    skipped: ["defaultNameservers: the default for new zones, and whether set 1 can serve it"],
  },
  {
    title: "a name of a set: the other names are still checked for syntax and repeats",
    input: {
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: ["ns1.x.net", U, "bad_x.net", "NS1.x.net"] }],
      zones: [{ name: "example.com" }],
    },
    issues: [
      'invalid-hostname sets[0].nameservers[2]: nameserver "bad_x.net" in set 1 is not a valid hostname: label "bad_x" contains "_"; a hostname uses only letters, digits and hyphens; remove or replace that character',
      'duplicate-nameserver sets[0].nameservers[3]: nameserver "ns1.x.net" is listed twice in set 1 (nameservers[0] and nameservers[3]); list each name once',
    ],
    skipped: [`sets[0].nameservers[1]: one name of set 1: ${ONE_NAME}`],
  },
  {
    title: "a name of a set: a later name is not checked against other sets (the unknown may be it)",
    input: {
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: ["ns1.x.net", "ns2.x.net"] },
        { nsSet: 2, nameservers: [U, "ns1.x.net", "ns3.x.net"] },
        { nsSet: 3, nameservers: ["ns2.x.net", "ns5.x.net"] },
      ],
      zones: [],
    },
    issues: [
      'nameserver-in-multiple-sets sets[2].nameservers[0]: nameserver "ns2.x.net" is in set 1 and set 3; a name can belong to one set only; remove it from one of them',
    ],
    skipped: [`sets[1].nameservers[0]: one name of set 2: ${ONE_NAME}`],
  },
  {
    title: "a name of a set: two unknowns may be equal, so zones may use the set",
    input: {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [{ nsSet: 1, nameservers: [U, U] }],
      zones: [{ name: "example.com", nsSet: 1 }],
    },
    issues: [],
    skipped: [
      `sets[0].nameservers[0]: one name of set 1: ${ONE_NAME}`,
      `sets[0].nameservers[1]: one name of set 1: ${ONE_NAME}`,
    ],
  },
  {
    title: "a name of a set: one unknown name alone is too few whatever it is",
    input: {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [{ nsSet: 1, nameservers: [U] }],
      zones: [],
    },
    issues: [
      'default-needs-set defaultNameservers: defaultNameservers is "custom.account", but set 1 has only 1 nameserver; new zones try set 1 first; give set 1 2-5 nameservers, or choose another default',
      "set-too-small sets[0].nameservers: set 1 has 1 nameserver (not known until apply); a set needs 2-5 distinct names before zones can use it; add at least 1 more",
    ],
    skipped: [`sets[0].nameservers[0]: one name of set 1: ${ONE_NAME}`],
  },
  {
    title: "a name of a set: six known names are too many whatever the unknown is",
    input: {
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: ["a.x.net", "b.x.net", "c.x.net", "d.x.net", "e.x.net", "f.x.net", U] },
      ],
      zones: [],
    },
    issues: [
      "set-too-large sets[0].nameservers: set 1 has at least 6 nameservers (and 1 not known until apply); a set holds at most 5; remove at least 1",
    ],
    skipped: [`sets[0].nameservers[6]: one name of set 1: ${ONE_NAME}`],
  },
  {
    title: "a set's names: zones and the default may use the set",
    input: {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [{ nsSet: 1, nameservers: SYMBOL }],
      zones: [{ name: "example.com" }],
    },
    issues: [],
    skipped: [
      "sets[0].nameservers: the names of set 1: their syntax, their number, and that none is in another set",
    ],
  },
  {
    title: "a set's number: its names are still checked; any undeclared number may be it",
    input: {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [
        { nsSet: U, nameservers: ["ns1.x.net", "bad_x.net"] },
        { nsSet: 2, nameservers: ["ns1.x.net", "ns3.x.net"] },
      ],
      zones: [{ name: "example.com", nsSet: 3 }],
    },
    issues: [
      'invalid-hostname sets[0].nameservers[1]: nameserver "bad_x.net" in the set whose number is not known yet is not a valid hostname: label "bad_x" contains "_"; a hostname uses only letters, digits and hyphens; remove or replace that character',
    ],
    skipped: [
      "sets[0].nsSet: the number of sets[0]: its range, that no other set has it, that its names are in no other set, and which zones can use it",
    ],
  },
  {
    title: "the sets: zones may use any set, and the hierarchy rule still holds",
    input: {
      accountId: ACCOUNT,
      sets: U,
      zones: [
        { name: "example.com", nsSet: 4 },
        { name: "a.example.com", nsSet: 4 },
      ],
    },
    issues: [
      `hierarchy-conflict zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 4; ${HIERARCHY_WHY}; give "a.example.com" another set (1, 2, 3 and 5 are free on its chain)`,
    ],
    skipped: ["sets: the sets: their numbers, names and sizes, and which sets zones can use"],
  },
  {
    title: "a zone's set: the hierarchy check skips that zone only",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "example.com", nsSet: U },
        { name: "a.example.com", nsSet: 1 },
        { name: "b.a.example.com", nsSet: 1 },
      ],
    },
    issues: [
      `hierarchy-conflict zones[2].nsSet: zone "b.a.example.com" and its parent "a.example.com" both use ns_set 1; ${HIERARCHY_WHY}; give "b.a.example.com" another set (2 is free on its chain)`,
    ],
    skipped: [
      'zones[0].nsSet: which set zone "example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
    ],
  },
  {
    title:
      "a zone's set: an earlier occurrence of the name on an unknown set may be the one a conflict is reported at",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "a.example.com", nsSet: U },
        { name: "a.example.com", nsSet: 1 },
        { name: "example.com", nsSet: 1 },
      ],
    },
    issues: [
      'duplicate-zone zones[1].name: zone "a.example.com" is listed more than once (zones[0] and zones[1]); list each zone once',
    ],
    skipped: [
      'zones[0].nsSet: which set zone "a.example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
    ],
  },
  {
    title: "a zone's name: its own checks wait; a known set no zone can use is still refused",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 1 },
        { name: "example.com", nsSet: 2 },
        { name: U, nsSet: 4 },
      ],
      liveZones: [{ name: "b.example.com", nsSet: 2 }],
    },
    issues: [
      `hierarchy-conflict zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 1; ${HIERARCHY_WHY}; ` +
        'no usable set is free on the chain of "a.example.com"; declare another set (3-5 would be free there) and give it to "a.example.com"',
      'duplicate-zone zones[2].name: zone "example.com" is listed more than once (zones[0] and zones[2]); list each zone once',
      "unknown-set zones[3].nsSet: zones[3] uses ns_set 4, which is not declared; zones can use only declared sets with 2-5 nameservers; declare set 4 with 2-5 nameservers, or give the zone a usable set (1 or 2)",
    ],
    skipped: [
      `zones[3].name: the name of zones[3]: ${ZONE_NAME}, the hierarchy rule on its chain, and which live zone it replaces`,
    ],
  },
  {
    title: "a zone's name: an earlier unknown name may be a later zone's first occurrence",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: U, nsSet: 1 },
        { name: "a.example.com", nsSet: 1 },
        { name: "example.com", nsSet: 1 },
      ],
    },
    issues: [],
    skipped: [
      `zones[0].name: the name of zones[0]: ${ZONE_NAME}, the hierarchy rule on its chain, and which live zone it replaces`,
    ],
  },
  {
    title:
      "a zone's id: a later zone is checked against the first known owner only when no unknown id came before",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1],
      zones: [
        { name: "b.com", zoneId: ID_1 },
        { name: "a.com", zoneId: SYMBOL },
        { name: "c.com", zoneId: ID_1 },
        { name: "d.com", zoneId: "2".repeat(32) },
        { name: "e.com", zoneId: "2".repeat(32) },
      ],
    },
    issues: [
      `duplicate-zone-id zones[2].zoneId: zoneId "${ID_1}" is given to both "b.com" and "c.com"; every zone has its own id; give each zone its own id, or leave zoneId out`,
    ],
    skipped: ['zones[1].zoneId: the id of zone "a.com" (its format, and that no other zone has it)'],
  },
  {
    title:
      "a whole zone: the rest are checked; its unknown values wait even when a known one has the wrong shape",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1],
      zones: [U, { name: "x.com", nsSet: 9, zoneId: U }],
    },
    issues: [
      'ns-set-out-of-range zones[1].nsSet: zone "x.com" uses ns_set 9, which is outside 1-5; Cloudflare numbers sets 1 to 5; use a declared set (1)',
    ],
    skipped: [
      "zones[0]: zones[0]: its name, id and set, and every rule on them",
      'zones[1].zoneId: the id of zone "x.com" (its format, and that no other zone has it)',
    ],
  },
  {
    title: "the zones: the default and the live zones' names are still checked",
    input: {
      accountId: ACCOUNT,
      defaultNameservers: "custom.account",
      sets: [SET_2],
      zones: U,
      liveZones: [{ name: "-x.com", nsSet: 1 }],
    },
    issues: [
      'default-needs-set defaultNameservers: defaultNameservers is "custom.account", but set 1 is not declared; new zones try set 1 first; declare set 1 with 2-5 nameservers, or choose another default',
      'invalid-zone-name liveZones[0].name: live zone name "-x.com" is not valid: label "-x" starts with a hyphen; remove the hyphen',
    ],
    skipped: [
      "zones: the zones: their names, ids and sets, the hierarchy rule, and which live zones they replace",
    ],
  },
  {
    title:
      "live zones: an unknown set (or none) leaves the hierarchy check for that zone; the list may be unknown",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [{ name: "example.com", nsSet: 1 }],
      liveZones: [
        { name: "a.example.com", nsSet: U },
        { name: "b.example.com", nsSet: 1 },
        { name: U, nsSet: 1 },
      ],
    },
    issues: [
      `hierarchy-conflict liveZones[1].nsSet: zone "b.example.com" (live, not declared here) and its parent "example.com" both use ns_set 1; ${HIERARCHY_WHY}; declare "b.example.com" here with another set (2 is free on its chain), or give "example.com" another set`,
    ],
    skipped: [
      'liveZones[0].nsSet: which set live zone "a.example.com" uses (or none): that the set is usable, and the hierarchy rule against it',
      "liveZones[2].name: the name of liveZones[2]: its syntax, that it is listed once, its id, and the hierarchy rule against it",
    ],
  },
  {
    title: "live zones: a declared zone of unknown name may replace any of them",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: U, nsSet: 2 },
      ],
      liveZones: [{ name: "b.example.com", nsSet: 1 }, { name: "c.example.com", nsSet: 4 }, U],
    },
    issues: [],
    skipped: [
      `zones[1].name: the name of zones[1]: ${ZONE_NAME}, the hierarchy rule on its chain, and which live zone it replaces`,
      "liveZones[2]: liveZones[2]: its name, id and set, and the hierarchy rule against it",
    ],
  },
  {
    title: "a zone's customSet: it may be on a numbered set or not, so its set checks wait",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1],
      customSets: [{ key: "edge", nameservers: ["ns7.x.net", "ns8.x.net"] }],
      zones: [
        { name: "example.com", customSet: U },
        { name: "a.example.com" },
        { name: "b.example.com", customSet: "nope" },
      ],
    },
    issues: [
      'unknown-custom-set zones[2].customSet: zone "b.example.com" uses customSet "nope", which customSets does not declare (it declares "edge"); a zone can use only a Custom Nameserver Set of this configuration; use one of the declared keys, or declare "nope" in customSets',
    ],
    skipped: [
      'zones[0].customSet: which Custom Nameserver Set zone "example.com" uses (or whether it uses a numbered set): that the set is declared, that the zone gives no nsSet beside it, and the hierarchy rule on the zone\'s chain',
    ],
  },
  {
    title: "a custom set's key: a zone's key may be it, and the other checks of the set still run",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1],
      customSets: [{ key: U, nameservers: ["ns7.x.net", "bad_x.net"] }],
      zones: [{ name: "example.com", customSet: "edge" }],
    },
    issues: [
      'invalid-hostname customSets[0].nameservers[1]: nameserver "bad_x.net" in customSets[0] is not a valid hostname: label "bad_x" contains "_"; a hostname uses only letters, digits and hyphens; remove or replace that character',
    ],
    skipped: [
      "customSets[0].key: the key of customSets[0]: that no other custom set has it, and which zones can use it",
    ],
  },
  {
    title: "a name and an ipCount of an advanced custom set: counts that already differ are certain",
    input: {
      accountId: ACCOUNT,
      sets: [SET_1],
      customSets: [
        {
          key: "edge",
          advanced: true,
          nameservers: [
            U,
            { name: "ns8.x.net", ipCount: U },
            { name: "ns9.x.net", ipCount: 2 },
            "ns10.x.net",
          ],
        },
      ],
      zones: [],
    },
    issues: [
      'advanced-ip-count-mismatch customSets[0].nameservers: advanced custom set "edge" gives its names different ipCount values (2 for "ns9.x.net", none for "ns10.x.net"); all names of an advanced set use one ipCount; give every name the same ipCount, or leave it out on every name',
    ],
    skipped: [
      'customSets[0].nameservers[0]: one name of custom set "edge": its syntax, that it is not listed twice, the sets it shares with, and the set\'s size',
      'customSets[0].nameservers[1].ipCount: one ipCount of custom set "edge": that every name of an advanced set has the same',
    ],
  },
];

describe("each kind of unknown skips exactly the checks it blocks", () => {
  test.each(ROWS)("$title", ({ input, issues, skipped }) => {
    expect(summarise(input)).toEqual({ ok: issues.length === 0, issues, skipped });
  });

  test("each skipped check names the codes it holds back", () => {
    const result = validateAcnsConfig(
      { accountId: ACCOUNT, sets: [SET_1], zones: [{ name: "example.com", nsSet: U }] },
      { isUnknown },
    );
    expect(result.skipped).toEqual([
      {
        path: ["zones", 0, "nsSet"],
        codes: [
          "invalid-shape",
          "ns-set-out-of-range",
          "unknown-set",
          "hierarchy-conflict",
          "ns-set-and-custom-set",
        ],
        reason:
          'which set zone "example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
      },
    ]);
    expect(result).toMatchObject({ ok: true, complete: false });
  });

  test("with the option and nothing unknown, the verdict is the plain validator's, complete", () => {
    const config = { accountId: ACCOUNT, sets: [SET_1], zones: [{ name: "Example.com." }] };
    const plain = validateAcnsConfig(config);
    expect(validateAcnsConfig(config, { isUnknown })).toEqual({ ...plain, complete: true, skipped: [] });
    const invalid = { accountId: ACCOUNT, sets: [SET_1], zones: [{ name: "-x.com" }] };
    expect(validateAcnsConfig(invalid, { isUnknown })).toEqual({
      ...validateAcnsConfig(invalid),
      skipped: [],
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Properties

const name = fc.constantFrom(
  "example.com",
  "a.example.com",
  "b.a.example.com",
  "example.net",
  "a.example.net",
  "-bad.example.com",
  "1.10.in-addr.arpa",
  "10.in-addr.arpa",
);
const hostname = fc.constantFrom(
  "ns1.x.net",
  "ns2.x.net",
  "ns3.x.net",
  "ns4.x.net",
  "ns5.x.net",
  "ns6.x.net",
  "NS1.x.net.",
  "bad_x.net",
);
const zoneId = fc.constantFrom("1".repeat(32), "2".repeat(32), "3".repeat(32));

/**
 * Accounts rich in everything unknowns interact with: repeated set numbers, names shared by sets
 * and listed twice, sets of 1 to 6 names, repeated zones and ids, live zones with ids and null
 * sets, the default, and values of the wrong shape.
 */
const arbitraryAccount = fc.record(
  {
    accountId: fc.constantFrom(ACCOUNT, "not-an-id"),
    defaultNameservers: fc.constantFrom("custom.account", "cloudflare.standard"),
    sets: fc.array(
      fc.record({
        nsSet: fc.oneof(
          { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 9 },
          { arbitrary: fc.constant(7), weight: 1 },
        ),
        nameservers: fc.array(hostname, { minLength: 1, maxLength: 6 }),
      }),
      { maxLength: 6 },
    ),
    customSets: fc.array(
      fc.record(
        {
          key: fc.constantFrom("edge", "next"),
          nameservers: fc.array(
            fc.oneof(hostname, fc.record({ name: hostname, ipCount: fc.constantFrom(1, 2) })),
            { maxLength: 6 },
          ),
          advanced: fc.boolean(),
        },
        { requiredKeys: ["key", "nameservers"] },
      ),
      { maxLength: 3 },
    ),
    zones: fc.array(
      fc.record(
        {
          name,
          zoneId,
          nsSet: fc.oneof(
            { arbitrary: fc.integer({ min: 1, max: 5 }), weight: 9 },
            { arbitrary: fc.constant(0), weight: 1 },
          ),
          customSet: fc.constantFrom("edge", "next", "nope"),
        },
        { requiredKeys: ["name"] },
      ),
      { maxLength: 8 },
    ),
    liveZones: fc.array(
      fc.record(
        { name, zoneId, nsSet: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }) },
        { requiredKeys: ["name", "nsSet"] },
      ),
      { maxLength: 4 },
    ),
  },
  { requiredKeys: ["accountId", "sets", "zones"] },
);

const VALID_NAMES = [
  "example.com",
  "a.example.com",
  "b.a.example.com",
  "example.net",
  "10.in-addr.arpa",
  "1.10.in-addr.arpa",
];

/** Valid accounts: distinct sets of 2-3 names, zones and live zones each once, ids distinct (hierarchy filtered). */
const arbitraryValidAccount = fc
  .record({
    setNumbers: fc.subarray([1, 2, 3, 4, 5], { minLength: 1 }),
    sizes: fc.array(fc.integer({ min: 2, max: 3 }), { minLength: 5, maxLength: 5 }),
    zoneNames: fc.shuffledSubarray(VALID_NAMES),
    picks: fc.array(fc.nat(), { minLength: 12, maxLength: 12 }),
    liveCount: fc.nat({ max: 3 }),
    withIds: fc.boolean(),
    withDefault: fc.boolean(),
  })
  .map(({ setNumbers, sizes, zoneNames, picks, liveCount, withIds, withDefault }) => {
    const pick = (k: number): number => setNumbers[(picks[k] ?? 0) % setNumbers.length] ?? 1;
    const declared = zoneNames.slice(0, zoneNames.length - Math.min(liveCount, zoneNames.length));
    const live = zoneNames.slice(declared.length);
    const id = (k: number): string => k.toString(16).padStart(32, "a");
    return {
      accountId: ACCOUNT,
      ...(withDefault && setNumbers.includes(1) ? { defaultNameservers: "custom.account" } : {}),
      sets: setNumbers.map((nsSet) => ({
        nsSet,
        nameservers: Array.from({ length: sizes[nsSet - 1] ?? 2 }, (_, k) => `ns${k}.set${nsSet}.x.net`),
      })),
      zones: declared.map((zone, k) => ({
        name: zone,
        nsSet: pick(k),
        ...(withIds ? { zoneId: id(k) } : {}),
      })),
      liveZones: live.map((zone, k) => ({
        name: zone,
        nsSet: (picks[k + 6] ?? 0) % 3 === 0 ? null : pick(k + 6),
        ...(withIds ? { zoneId: id(k + 6) } : {}),
      })),
    };
  })
  .filter((config) => validateAcnsConfig(config).ok);

type Json = unknown;

/** Every value's path in `value`, the root included. */
function listPaths(value: Json, path: (string | number)[] = []): (string | number)[][] {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((item, i) => paths.push(...listPaths(item, [...path, i])));
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...listPaths(item, [...path, key]));
  return paths;
}

/** `value` with the values at `paths` replaced by the unknown marker. */
function replaceWithUnknown(value: Json, paths: readonly (string | number)[][]): Json {
  const copy: Json = structuredClone(value);
  let result = copy;
  // Deeper paths first, so replacing a parent afterwards wins.
  for (const path of [...paths].sort((a, b) => b.length - a.length)) {
    if (path.length === 0) {
      result = U;
      continue;
    }
    let parent = copy as Record<string | number, Json>;
    for (const part of path.slice(0, -1)) parent = parent[part] as Record<string | number, Json>;
    parent[path[path.length - 1] as string | number] = U;
  }
  return result;
}

/**
 * A set number of the wrong shape (the generators' 0 and 7). An unknown stands for a value of the
 * right shape: one of the wrong shape makes the validator set its whole entry aside, so the known
 * configuration lacks that entry's other issues, which no unknown can foresee.
 */
function isMisshapenNumber(value: Json, path: readonly (string | number)[]): boolean {
  return path[path.length - 1] === "nsSet" && typeof value === "number" && (value < 1 || value > 5);
}

function readAt(value: Json, path: readonly (string | number)[]): Json {
  return path.reduce<Json>((current, part) => (current as Record<string | number, Json>)[part], value);
}

const withUnknowns = (base: fc.Arbitrary<Json>): fc.Arbitrary<{ known: Json; partial: Json }> =>
  base.chain((known) => {
    const paths = listPaths(known).filter((path) => !isMisshapenNumber(readAt(known, path), path));
    return fc
      .subarray(paths, { maxLength: Math.min(6, paths.length) })
      .map((chosen) => ({ known, partial: replaceWithUnknown(known, chosen) }));
  });

function keysOf(
  result: AcnsPartialValidationResult | { ok: false; issues: AcnsIssue[] } | { ok: true },
): string[] {
  return "issues" in result
    ? result.issues.map((issue) => `${issue.code} ${formatIssuePath(issue.path)}`)
    : [];
}

describe("an unknown never adds an issue", () => {
  test("replacing values of a valid configuration with unknowns never produces an issue", () => {
    fc.assert(
      fc.property(withUnknowns(arbitraryValidAccount), ({ partial }) => {
        const result = validateAcnsConfig(partial, { isUnknown });
        expect(keysOf(result)).toEqual([]);
        expect(result.ok).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  test("replacing values of any configuration gives a subset of its issues (code and path)", () => {
    fc.assert(
      fc.property(
        withUnknowns(fc.oneof(arbitraryAccount, fc.array(arbitraryAccount, { maxLength: 2 }))),
        ({ known, partial }) => {
          const full = new Set(keysOf(validateAcnsConfig(known)));
          const found = keysOf(validateAcnsConfig(partial, { isUnknown }));
          expect(found.filter((key) => !full.has(key))).toEqual([]);
          // The same for warnings.
          const warningKeys = (warnings: readonly AcnsWarning[]): string[] =>
            warnings.map((warning) => `${warning.code} ${formatIssuePath(warning.path)}`);
          const fullWarnings = new Set(warningKeys(validateAcnsConfig(known).warnings));
          const foundWarnings = warningKeys(validateAcnsConfig(partial, { isUnknown }).warnings);
          expect(foundWarnings.filter((key) => !fullWarnings.has(key))).toEqual([]);
        },
      ),
      { numRuns: 1500 },
    );
  });

  test("with nothing unknown, the option changes no issue and skips nothing", () => {
    fc.assert(
      fc.property(arbitraryAccount, (config) => {
        const plain = validateAcnsConfig(config);
        const partial = validateAcnsConfig(config, { isUnknown });
        expect(partial.skipped).toEqual([]);
        expect("issues" in partial ? partial.issues : []).toEqual(plain.ok ? [] : plain.issues);
      }),
      { numRuns: 300 },
    );
  });

  test("the generators reach valid configurations and every kind of issue the unknowns interact with", () => {
    const samples = fc.sample(arbitraryAccount, { numRuns: 500, seed: 7 });
    const codes = new Set(
      samples.flatMap((config) => keysOf(validateAcnsConfig(config)).map((k) => k.split(" ")[0])),
    );
    expect(fc.sample(arbitraryValidAccount, { numRuns: 50, seed: 7 }).some((c) => c.zones.length > 2)).toBe(
      true,
    );
    for (const code of [
      "duplicate-set",
      "set-too-small",
      "set-too-large",
      "duplicate-nameserver",
      "nameserver-in-multiple-sets",
      "unknown-set",
      "duplicate-zone",
      "duplicate-zone-id",
      "zone-id-mismatch",
      "hierarchy-conflict",
      "default-needs-set",
      "duplicate-custom-set",
      "advanced-ip-count-mismatch",
      "ns-set-and-custom-set",
      "unknown-custom-set",
    ])
      expect([code, codes.has(code)]).toEqual([code, true]);
  });
});
