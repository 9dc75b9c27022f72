import fc from "fast-check";
import {
  ACNS_ISSUE_CODES,
  ACNS_WARNING_CODES,
  AcnsIssue,
  AcnsWarning,
  AcnsZone,
  formatIssuePath,
  formatIssues,
  formatSetList,
  formatWarnings,
  normaliseName,
  validateAcnsConfig,
  type AcnsIssueSubjects,
} from "../../provider/core";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ZONE_1 = "11111111111111111111111111111111";
const ZONE_2 = "22222222222222222222222222222222";
const SET_1 = { nsSet: 1, nameservers: ["ns1.dns.example.net", "ns2.dns.example.net"] };
const SET_2 = { nsSet: 2, nameservers: ["ns3.dns.example.net", "ns4.dns.example.net"] };
const SET_3 = { nsSet: 3, nameservers: ["ns5.dns.example.net", "ns6.dns.example.net"] };

/** A valid account with sets 1 and 2 and no zones, with `fields` laid over it. */
function makeAccount(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { accountId: ACCOUNT, sets: [SET_1, SET_2], zones: [], ...fields };
}

function makeIssue(
  code: AcnsIssue["code"],
  path: AcnsIssue["path"],
  message: string,
  subjects: Partial<AcnsIssueSubjects> = {},
): AcnsIssue {
  return {
    code,
    path,
    message,
    subjects: {
      zones: subjects.zones ?? [],
      sets: subjects.sets ?? [],
      nameservers: subjects.nameservers ?? [],
      ...(subjects.customSets === undefined ? {} : { customSets: subjects.customSets }),
    },
  };
}

function makeWarning(
  code: AcnsWarning["code"],
  path: AcnsWarning["path"],
  message: string,
  subjects: Partial<AcnsIssueSubjects> = {},
): AcnsWarning {
  return { ...makeIssue("invalid-shape", path, message, subjects), code };
}

const EDGE = { key: "edge", nameservers: ["ns7.dns.example.net", "ns8.dns.example.net"] };
const UNDOCUMENTED = "Cloudflare does not document";

function listIssues(config: unknown): AcnsIssue[] {
  const result = validateAcnsConfig(config);
  return result.ok ? [] : result.issues;
}

const HIERARCHY_WHY = "zones on one ancestor/descendant chain must use different sets";
const LIVE = "(live, not declared here)";

interface Row {
  title: string;
  input: unknown;
  issues: AcnsIssue[];
}

/** One row or more per code; together they produce every code in ACNS_ISSUE_CODES. */
const ROWS: Row[] = [
  {
    title: "invalid-shape: not an object",
    input: "x",
    issues: [
      makeIssue(
        "invalid-shape",
        [],
        'the configuration must be an object with accountId, sets and zones, got "x" (a string); ' +
          "write it as { accountId, sets: [...], zones: [...] }, or an array of such objects",
      ),
    ],
  },
  {
    title: "invalid-shape: a required list is missing",
    input: { accountId: ACCOUNT, sets: [SET_1] },
    issues: [
      makeIssue(
        "invalid-shape",
        ["zones"],
        `account "${ACCOUNT}" has no zones; add a list of zones such as [{ name: "example.com", nsSet: 1 }], or [] for none`,
      ),
    ],
  },
  {
    title: "invalid-shape: a zone name that is not a string",
    input: makeAccount({ zones: [{ name: 5 }] }),
    issues: [
      makeIssue(
        "invalid-shape",
        ["zones", 0, "name"],
        'name of zones[0] must be a string, got 5 (a number); write the zone\'s domain name, e.g. "example.com"',
      ),
    ],
  },
  {
    title: "invalid-shape: an unknown default nameserver type",
    input: makeAccount({ defaultNameservers: "custom" }),
    issues: [
      makeIssue(
        "invalid-shape",
        ["defaultNameservers"],
        `defaultNameservers of account "${ACCOUNT}" must be one of "cloudflare.standard", "cloudflare.advanced", ` +
          '"cloudflare.standard.random", "custom.account", "custom.tenant", got "custom" (a string); pick one of them',
      ),
    ],
  },
  {
    title: "invalid-shape: a nameserver that is not a string",
    input: makeAccount({ sets: [{ nsSet: 1, nameservers: ["ns1.dns.example.net", 7] }] }),
    issues: [
      makeIssue(
        "invalid-shape",
        ["sets", 0, "nameservers", 1],
        'nameservers[1] of set 1 must be a string, got 7 (a number); write a hostname such as "ns1.example.com"',
        { sets: [1] },
      ),
    ],
  },
  {
    title: "invalid-restore-to: a zone's restoreTo on its own set (nsSet omitted is set 1)",
    input: makeAccount({ zones: [{ name: "a.com", nsSet: 1, restoreTo: { type: "custom.account" } }] }),
    issues: [
      makeIssue(
        "invalid-restore-to",
        ["zones", 0, "restoreTo"],
        'zone "a.com": restoreTo {"type":"custom.account","nsSet":1} cannot be used: it is the zone\'s own set ' +
          "(ns_set 1), and restoreTo says where the zone goes when it leaves that set; name another set, or " +
          '{type: "cloudflare.standard"}, or leave restoreTo out',
        { zones: ["a.com"] },
      ),
    ],
  },
  {
    title: "invalid-shape: a restoreTo type this package does not write",
    input: makeAccount({ zones: [{ name: "a.com", restoreTo: { type: "custom.tenant" } }] }),
    issues: [
      makeIssue(
        "invalid-shape",
        ["zones", 0, "restoreTo", "type"],
        'restoreTo.type of zone "a.com" must be one of "custom.account", "cloudflare.standard", ' +
          '"cloudflare.advanced", got "custom.tenant" (a string); write {type: custom.account, nsSet: <1-5>}, ' +
          "{type: cloudflare.standard} or {type: cloudflare.advanced}, or leave restoreTo out",
        { zones: ["a.com"] },
      ),
    ],
  },
  {
    title: "unknown-field / ns-set-out-of-range: inside a zone's restoreTo",
    input: makeAccount({
      zones: [
        { name: "a.com", restoreTo: { type: "cloudflare.standard", nsSet: 3 } },
        { name: "b.com", restoreTo: { type: "custom.account", nsSet: 9 } },
      ],
    }),
    issues: [
      makeIssue(
        "unknown-field",
        ["zones", 0, "restoreTo", "nsSet"],
        'restoreTo of zone "a.com" has an unknown field "nsSet"; write {type: custom.account, nsSet: <1-5>}, ' +
          "{type: cloudflare.standard} or {type: cloudflare.advanced}, or leave restoreTo out",
        { zones: ["a.com"] },
      ),
      makeIssue(
        "ns-set-out-of-range",
        ["zones", 1, "restoreTo", "nsSet"],
        'restoreTo.nsSet of zone "b.com" is 9, which is outside 1-5; Cloudflare numbers sets 1 to 5; ' +
          "use a set number from 1 to 5",
        { zones: ["b.com"], sets: [9] },
      ),
    ],
  },
  {
    title: "unknown-field: a misspelt zone field",
    input: makeAccount({ zones: [{ name: "a.com", ns_set: 2 }] }),
    issues: [
      makeIssue(
        "unknown-field",
        ["zones", 0, "ns_set"],
        'zone "a.com" has an unknown field "ns_set"; did you mean "nsSet"?',
        {
          zones: ["a.com"],
        },
      ),
    ],
  },
  {
    title: "unknown-field: an account field with no near match",
    input: makeAccount({ zone: [] }),
    issues: [
      makeIssue(
        "unknown-field",
        ["zone"],
        `account "${ACCOUNT}" has an unknown field "zone"; remove it ` +
          "(known fields: accountId, defaultNameservers, sets, customSets, zones, liveZones)",
      ),
    ],
  },
  {
    title: "invalid-id: account id",
    input: { accountId: "ABC", sets: [], zones: [] },
    issues: [
      makeIssue(
        "invalid-id",
        ["accountId"],
        'accountId of the configuration must be a Cloudflare id (32 lowercase hex characters), got "ABC" (a string); ' +
          "copy it from the Cloudflare dashboard or API",
      ),
    ],
  },
  {
    title: "invalid-id: zone id",
    input: makeAccount({ zones: [{ name: "a.com", zoneId: "xyz" }] }),
    issues: [
      makeIssue(
        "invalid-id",
        ["zones", 0, "zoneId"],
        'zoneId of zone "a.com" must be a Cloudflare id (32 lowercase hex characters), got "xyz" (a string); ' +
          "copy it from the Cloudflare dashboard or API, or leave zoneId out",
        { zones: ["a.com"] },
      ),
    ],
  },
  {
    title: "duplicate-account",
    input: [makeAccount(), makeAccount()],
    issues: [
      makeIssue(
        "duplicate-account",
        [1, "accountId"],
        `accountId "${ACCOUNT}" is given to more than one account entry ([0] and [1]); the rules apply to a whole ` +
          "account, so merge their sets and zones into one entry",
      ),
    ],
  },
  {
    title: "invalid-hostname",
    input: makeAccount({ sets: [{ nsSet: 1, nameservers: ["ns1.dns.example.net", "ns_2.example.net"] }] }),
    issues: [
      makeIssue(
        "invalid-hostname",
        ["sets", 0, "nameservers", 1],
        'nameserver "ns_2.example.net" in set 1 is not a valid hostname: label "ns_2" contains "_"; ' +
          "a hostname uses only letters, digits and hyphens; remove or replace that character",
        { sets: [1], nameservers: ["ns_2.example.net"] },
      ),
    ],
  },
  {
    title: "invalid-zone-name",
    input: makeAccount({ zones: [{ name: "Example..com" }] }),
    issues: [
      makeIssue(
        "invalid-zone-name",
        ["zones", 0, "name"],
        'zone name "Example..com" is not valid: it has an empty label (a leading dot or two dots in a row); ' +
          "remove the extra dot",
        { zones: ["example..com"] },
      ),
    ],
  },
  {
    title: "invalid-zone-name: a live zone",
    input: makeAccount({ liveZones: [{ name: "256.in-addr.arpa", nsSet: null }] }),
    issues: [
      makeIssue(
        "invalid-zone-name",
        ["liveZones", 0, "name"],
        'live zone name "256.in-addr.arpa" is not valid: label "256" is not a decimal octet (0-255, no leading ' +
          "zeros), which in-addr.arpa names need; write the network's octets in reverse order, e.g. " +
          '"2.0.192.in-addr.arpa" for 192.0.2.0/24',
        { zones: ["256.in-addr.arpa"] },
      ),
    ],
  },
  {
    title: "ns-set-out-of-range: a set",
    input: makeAccount({ sets: [SET_1, SET_2, { nsSet: 0, nameservers: ["a.b.net", "c.d.net"] }] }),
    issues: [
      makeIssue(
        "ns-set-out-of-range",
        ["sets", 2, "nsSet"],
        "set 0 (sets[2]) is outside 1-5; Cloudflare numbers sets 1 to 5; renumber it to 3-5",
        { sets: [0] },
      ),
    ],
  },
  {
    title: "ns-set-out-of-range: a zone",
    input: makeAccount({ zones: [{ name: "a.com", nsSet: 6 }] }),
    issues: [
      makeIssue(
        "ns-set-out-of-range",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 6, which is outside 1-5; Cloudflare numbers sets 1 to 5; use a declared set (1 or 2)',
        { zones: ["a.com"], sets: [6] },
      ),
    ],
  },
  {
    title: "ns-set-out-of-range: not a whole number",
    input: makeAccount({ zones: [{ name: "a.com", nsSet: 1.5 }] }),
    issues: [
      makeIssue(
        "ns-set-out-of-range",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 1.5, which is not a whole number from 1 to 5; Cloudflare numbers sets 1 to 5; ' +
          "use a declared set (1 or 2)",
        { zones: ["a.com"], sets: [1.5] },
      ),
    ],
  },
  {
    title: "ns-set-out-of-range: a live zone",
    input: makeAccount({ liveZones: [{ name: "a.com", nsSet: 9 }] }),
    issues: [
      makeIssue(
        "ns-set-out-of-range",
        ["liveZones", 0, "nsSet"],
        'live zone "a.com" uses ns_set 9, which is outside 1-5; Cloudflare numbers sets 1 to 5; refresh the live data',
        { zones: ["a.com"], sets: [9] },
      ),
    ],
  },
  {
    title: "duplicate-set",
    input: makeAccount({
      sets: [SET_1, SET_2, { nsSet: 1, nameservers: ["ns5.dns.example.net", "ns6.dns.example.net"] }],
    }),
    issues: [
      makeIssue(
        "duplicate-set",
        ["sets", 2, "nsSet"],
        "set 1 is declared twice (sets[0] and sets[2]); merge their nameservers into one entry",
        { sets: [1] },
      ),
    ],
  },
  {
    title: "too-many-sets",
    input: makeAccount({
      sets: [1, 2, 3, 4, 5, 6].map((nsSet) => ({
        nsSet,
        nameservers: [`a${nsSet}.x.net`, `b${nsSet}.x.net`],
      })),
    }),
    issues: [
      makeIssue(
        "too-many-sets",
        ["sets"],
        "6 sets are declared; an account may have at most 5 (numbered 1-5); remove or merge 1",
        { sets: [1, 2, 3, 4, 5] },
      ),
      makeIssue(
        "ns-set-out-of-range",
        ["sets", 5, "nsSet"],
        "set 6 (sets[5]) is outside 1-5; Cloudflare numbers sets 1 to 5; merge its nameservers into a declared set",
        { sets: [6] },
      ),
    ],
  },
  {
    title: "set-too-small: one name",
    input: makeAccount({ sets: [SET_1, { nsSet: 2, nameservers: ["ns3.dns.example.net"] }] }),
    issues: [
      makeIssue(
        "set-too-small",
        ["sets", 1, "nameservers"],
        'set 2 has 1 nameserver ("ns3.dns.example.net"); a set needs 2-5 distinct names before zones can use it; ' +
          "add at least 1 more",
        { sets: [2], nameservers: ["ns3.dns.example.net"] },
      ),
    ],
  },
  {
    title: "set-too-small: no names",
    input: makeAccount({ sets: [SET_1, { nsSet: 2, nameservers: [] }] }),
    issues: [
      makeIssue(
        "set-too-small",
        ["sets", 1, "nameservers"],
        "set 2 has no nameservers; a set needs 2-5 distinct names before zones can use it; add at least 2",
        { sets: [2] },
      ),
    ],
  },
  {
    title: "set-too-large",
    input: makeAccount({ sets: [{ nsSet: 1, nameservers: [1, 2, 3, 4, 5, 6].map((n) => `ns${n}.x.net`) }] }),
    issues: [
      makeIssue(
        "set-too-large",
        ["sets", 0, "nameservers"],
        "set 1 has 6 nameservers; a set holds at most 5; remove 1",
        {
          sets: [1],
          nameservers: ["ns1.x.net", "ns2.x.net", "ns3.x.net", "ns4.x.net", "ns5.x.net", "ns6.x.net"],
        },
      ),
    ],
  },
  {
    title: "duplicate-nameserver: another spelling of one name",
    input: makeAccount({ sets: [{ nsSet: 1, nameservers: ["ns1.x.net", "ns2.x.net", "NS1.x.net."] }] }),
    issues: [
      makeIssue(
        "duplicate-nameserver",
        ["sets", 0, "nameservers", 2],
        'nameserver "ns1.x.net" is listed twice in set 1 (nameservers[0] and nameservers[2]); list each name once',
        { sets: [1], nameservers: ["ns1.x.net"] },
      ),
    ],
  },
  {
    title: "nameserver-in-multiple-sets",
    input: makeAccount({
      sets: [
        { nsSet: 2, nameservers: ["ns1.x.net", "ns2.x.net"] },
        { nsSet: 1, nameservers: ["ns3.x.net", "ns1.x.net"] },
      ],
    }),
    issues: [
      makeIssue(
        "nameserver-in-multiple-sets",
        ["sets", 1, "nameservers", 1],
        'nameserver "ns1.x.net" is in set 1 and set 2; a name can belong to one set only; remove it from one of them',
        { sets: [1, 2], nameservers: ["ns1.x.net"] },
      ),
    ],
  },
  {
    title: "unknown-set: not declared",
    input: makeAccount({ zones: [{ name: "a.com", nsSet: 3 }] }),
    issues: [
      makeIssue(
        "unknown-set",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 3, which is not declared; zones can use only declared sets with 2-5 nameservers; ' +
          "declare set 3 with 2-5 nameservers, or give the zone a usable set (1 or 2)",
        { zones: ["a.com"], sets: [3] },
      ),
    ],
  },
  {
    title: "unknown-set: a set with one name",
    input: makeAccount({
      sets: [SET_1, { nsSet: 2, nameservers: ["ns3.dns.example.net"] }],
      zones: [{ name: "a.com", nsSet: 2 }],
    }),
    issues: [
      makeIssue(
        "set-too-small",
        ["sets", 1, "nameservers"],
        'set 2 has 1 nameserver ("ns3.dns.example.net"); a set needs 2-5 distinct names before zones can use it; ' +
          "add at least 1 more",
        { sets: [2], nameservers: ["ns3.dns.example.net"] },
      ),
      makeIssue(
        "unknown-set",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 2, which has only 1 nameserver; zones can use only declared sets with 2-5 ' +
          "nameservers; add nameservers to set 2, or give the zone a usable set (1)",
        { zones: ["a.com"], sets: [2] },
      ),
    ],
  },
  {
    title: "unknown-set: nsSet omitted and set 1 not declared",
    input: makeAccount({ sets: [SET_2], zones: [{ name: "a.com" }] }),
    issues: [
      makeIssue(
        "unknown-set",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 1 (nsSet omitted, so the default 1), which is not declared; zones can use only ' +
          "declared sets with 2-5 nameservers; declare set 1 with 2-5 nameservers, or give the zone a usable set (2)",
        { zones: ["a.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "unknown-set: no usable set at all",
    input: { accountId: ACCOUNT, sets: [], zones: [{ name: "a.com" }] },
    issues: [
      makeIssue(
        "unknown-set",
        ["zones", 0, "nsSet"],
        'zone "a.com" uses ns_set 1 (nsSet omitted, so the default 1), which is not declared; zones can use only ' +
          "declared sets with 2-5 nameservers; declare set 1 with 2-5 nameservers",
        { zones: ["a.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "unknown-set: a live zone on a set the plan does not declare",
    input: makeAccount({ liveZones: [{ name: "a.com", nsSet: 4 }] }),
    issues: [
      makeIssue(
        "unknown-set",
        ["liveZones", 0, "nsSet"],
        `zone "a.com" ${LIVE} uses ns_set 4, which is not declared; the zone would be left on a set without working ` +
          "nameservers; declare set 4 with 2-5 nameservers, or declare the zone here with a usable set (1 or 2)",
        { zones: ["a.com"], sets: [4] },
      ),
    ],
  },
  {
    title: "duplicate-zone: two spellings of one zone",
    input: makeAccount({ zones: [{ name: "example.com" }, { name: "EXAMPLE.com.", nsSet: 2 }] }),
    issues: [
      makeIssue(
        "duplicate-zone",
        ["zones", 1, "name"],
        'zone "example.com" is listed more than once (zones[0] and zones[1]); list each zone once',
        { zones: ["example.com"] },
      ),
    ],
  },
  {
    title: "duplicate-zone: live zones",
    input: makeAccount({
      liveZones: [
        { name: "a.com", nsSet: null },
        { name: "a.com", nsSet: null },
      ],
    }),
    issues: [
      makeIssue(
        "duplicate-zone",
        ["liveZones", 1, "name"],
        'live zone "a.com" is listed more than once (liveZones[0] and liveZones[1]); list each zone once',
        { zones: ["a.com"] },
      ),
    ],
  },
  {
    title: "duplicate-zone-id",
    input: makeAccount({
      zones: [
        { name: "b.com", zoneId: ZONE_1 },
        { name: "a.com", zoneId: ZONE_1 },
      ],
    }),
    issues: [
      makeIssue(
        "duplicate-zone-id",
        ["zones", 1, "zoneId"],
        `zoneId "${ZONE_1}" is given to both "a.com" and "b.com"; every zone has its own id; give each zone its own ` +
          "id, or leave zoneId out",
        { zones: ["a.com", "b.com"] },
      ),
    ],
  },
  {
    title: "duplicate-zone-id: live zones",
    input: makeAccount({
      liveZones: [
        { name: "b.com", zoneId: ZONE_1, nsSet: null },
        { name: "a.com", zoneId: ZONE_1, nsSet: null },
      ],
    }),
    issues: [
      makeIssue(
        "duplicate-zone-id",
        ["liveZones", 1, "zoneId"],
        `zoneId "${ZONE_1}" is given to both "a.com" and "b.com" in liveZones; every zone has its own id; ` +
          "refresh the live data",
        { zones: ["a.com", "b.com"] },
      ),
    ],
  },
  {
    title: "zone-id-mismatch: the live zone of that name has another id",
    input: makeAccount({
      zones: [{ name: "a.com", zoneId: ZONE_1 }],
      liveZones: [{ name: "a.com", zoneId: ZONE_2, nsSet: null }],
    }),
    issues: [
      makeIssue(
        "zone-id-mismatch",
        ["zones", 0, "zoneId"],
        `zone "a.com" has zoneId "${ZONE_1}", but the account's zone "a.com" has id "${ZONE_2}"; use "${ZONE_2}", ` +
          "or leave zoneId out",
        { zones: ["a.com"] },
      ),
    ],
  },
  {
    title: "zone-id-mismatch: the id belongs to another live zone",
    input: makeAccount({
      zones: [{ name: "a.com", zoneId: ZONE_1 }],
      liveZones: [{ name: "b.com", zoneId: ZONE_1, nsSet: null }],
    }),
    issues: [
      makeIssue(
        "zone-id-mismatch",
        ["zones", 0, "zoneId"],
        `zone "a.com" has zoneId "${ZONE_1}", but in the account that id belongs to zone "b.com"; use the id of ` +
          '"a.com", or leave zoneId out',
        { zones: ["a.com", "b.com"] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: parent and child on the default set",
    input: makeAccount({ zones: [{ name: "example.com" }, { name: "a.example.com" }] }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 1, "nsSet"],
        `zone "a.example.com" and its parent "example.com" both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'give "a.example.com" another set (2 is free on its chain)',
        { zones: ["a.example.com", "example.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: across a zone on another set",
    input: makeAccount({
      sets: [SET_1, SET_2, SET_3],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 2 },
        { name: "x.a.example.com", nsSet: 1 },
      ],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 2, "nsSet"],
        `zone "x.a.example.com" and its ancestor "example.com" both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'give "x.a.example.com" another set (3 is free on its chain)',
        { zones: ["x.a.example.com", "example.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: with a live ancestor",
    input: makeAccount({
      zones: [{ name: "a.example.com" }],
      liveZones: [{ name: "example.com", nsSet: 1 }],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 0, "nsSet"],
        `zone "a.example.com" and its parent "example.com" ${LIVE} both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'give "a.example.com" another set (2 is free on its chain)',
        { zones: ["a.example.com", "example.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: with a live descendant",
    input: makeAccount({
      zones: [{ name: "example.com" }],
      liveZones: [{ name: "a.example.com", nsSet: 1 }],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["liveZones", 0, "nsSet"],
        `zone "a.example.com" ${LIVE} and its parent "example.com" both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'declare "a.example.com" here with another set (2 is free on its chain), or give "example.com" another set',
        { zones: ["a.example.com", "example.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: between two live zones",
    input: makeAccount({
      liveZones: [
        { name: "example.com", nsSet: 2 },
        { name: "a.example.com", nsSet: 2 },
      ],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["liveZones", 1, "nsSet"],
        `zone "a.example.com" ${LIVE} and its parent "example.com" ${LIVE} both use ns_set 2; ${HIERARCHY_WHY}; ` +
          'declare "a.example.com" here with another set (1 is free on its chain), or give "example.com" another set',
        { zones: ["a.example.com", "example.com"], sets: [2] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: no declared set is free",
    input: makeAccount({
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 2 },
        { name: "x.a.example.com", nsSet: 2 },
      ],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 2, "nsSet"],
        `zone "x.a.example.com" and its parent "a.example.com" both use ns_set 2; ${HIERARCHY_WHY}; ` +
          'no usable set is free on the chain of "x.a.example.com"; declare another set (3-5 would be free there) ' +
          'and give it to "x.a.example.com"',
        { zones: ["x.a.example.com", "a.example.com"], sets: [2] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: all five sets used on the chain",
    input: makeAccount({
      sets: [1, 2, 3, 4, 5].map((nsSet) => ({ nsSet, nameservers: [`a${nsSet}.x.net`, `b${nsSet}.x.net`] })),
      zones: [
        { name: "v.example.com", nsSet: 1 },
        { name: "w.v.example.com", nsSet: 2 },
        { name: "x.w.v.example.com", nsSet: 3 },
        { name: "y.x.w.v.example.com", nsSet: 4 },
        { name: "z.y.x.w.v.example.com", nsSet: 5 },
        { name: "u.z.y.x.w.v.example.com", nsSet: 1 },
      ],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 5, "nsSet"],
        `zone "u.z.y.x.w.v.example.com" and its ancestor "v.example.com" both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'every set 1-5 is used on the chain of "u.z.y.x.w.v.example.com"; take one of these zones off account ' +
          "custom nameservers",
        { zones: ["u.z.y.x.w.v.example.com", "v.example.com"], sets: [1] },
      ),
    ],
  },
  {
    title: "hierarchy-conflict: reverse zones, classless and IPv6",
    input: makeAccount({
      zones: [
        { name: "10.in-addr.arpa" },
        { name: "0/25.2.1.10.in-addr.arpa" },
        { name: "8.b.d.0.1.0.0.2.ip6.arpa", nsSet: 2 },
        { name: "1.8.b.d.0.1.0.0.2.ip6.arpa", nsSet: 2 },
        { name: "110.in-addr.arpa" },
      ],
    }),
    issues: [
      makeIssue(
        "hierarchy-conflict",
        ["zones", 1, "nsSet"],
        `zone "0/25.2.1.10.in-addr.arpa" and its ancestor "10.in-addr.arpa" both use ns_set 1; ${HIERARCHY_WHY}; ` +
          'give "0/25.2.1.10.in-addr.arpa" another set (2 is free on its chain)',
        { zones: ["0/25.2.1.10.in-addr.arpa", "10.in-addr.arpa"], sets: [1] },
      ),
      makeIssue(
        "hierarchy-conflict",
        ["zones", 3, "nsSet"],
        `zone "1.8.b.d.0.1.0.0.2.ip6.arpa" and its parent "8.b.d.0.1.0.0.2.ip6.arpa" both use ns_set 2; ` +
          `${HIERARCHY_WHY}; give "1.8.b.d.0.1.0.0.2.ip6.arpa" another set (1 is free on its chain)`,
        { zones: ["1.8.b.d.0.1.0.0.2.ip6.arpa", "8.b.d.0.1.0.0.2.ip6.arpa"], sets: [2] },
      ),
    ],
  },
  {
    title: "default-needs-set: set 1 not declared",
    input: makeAccount({ defaultNameservers: "custom.account", sets: [SET_2] }),
    issues: [
      makeIssue(
        "default-needs-set",
        ["defaultNameservers"],
        'defaultNameservers is "custom.account", but set 1 is not declared; new zones try set 1 first; ' +
          "declare set 1 with 2-5 nameservers, or choose another default",
        { sets: [1] },
      ),
    ],
  },
  {
    title: "default-needs-set: set 1 too small",
    input: makeAccount({
      defaultNameservers: "custom.account",
      sets: [{ nsSet: 1, nameservers: ["ns1.x.net"] }, SET_2],
    }),
    issues: [
      makeIssue(
        "default-needs-set",
        ["defaultNameservers"],
        'defaultNameservers is "custom.account", but set 1 has only 1 nameserver; new zones try set 1 first; ' +
          "give set 1 2-5 nameservers, or choose another default",
        { sets: [1] },
      ),
      makeIssue(
        "set-too-small",
        ["sets", 0, "nameservers"],
        'set 1 has 1 nameserver ("ns1.x.net"); a set needs 2-5 distinct names before zones can use it; ' +
          "add at least 1 more",
        { sets: [1], nameservers: ["ns1.x.net"] },
      ),
    ],
  },
  {
    title: "invalid-hostname: a name of a custom set, plain and as {name, ipCount}",
    input: makeAccount({
      customSets: [
        { key: "edge", nameservers: ["ns_1.x.net", { name: "ns2..x.net", ipCount: 2 }, "ns3.x.net"] },
      ],
    }),
    issues: [
      makeIssue(
        "invalid-hostname",
        ["customSets", 0, "nameservers", 0],
        'nameserver "ns_1.x.net" in custom set "edge" is not a valid hostname: label "ns_1" contains "_"; ' +
          "a hostname uses only letters, digits and hyphens; remove or replace that character",
        { nameservers: ["ns_1.x.net"], customSets: ["edge"] },
      ),
      makeIssue(
        "invalid-hostname",
        ["customSets", 0, "nameservers", 1, "name"],
        'nameserver "ns2..x.net" in custom set "edge" is not a valid hostname: it has an empty label (a leading ' +
          "dot or two dots in a row); remove the extra dot",
        { nameservers: ["ns2..x.net"], customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "duplicate-nameserver: a custom set lists one name twice (after normalising)",
    input: makeAccount({
      customSets: [{ key: "edge", nameservers: ["ns1.x.net", "ns2.x.net", { name: "NS1.x.net." }] }],
    }),
    issues: [
      makeIssue(
        "duplicate-nameserver",
        ["customSets", 0, "nameservers", 2],
        'nameserver "ns1.x.net" is listed twice in custom set "edge" (nameservers[0] and nameservers[2]); a name ' +
          "appears once in a Custom Nameserver Set; list each name once",
        { nameservers: ["ns1.x.net"], customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "duplicate-custom-set: two custom sets with one key",
    input: makeAccount({ customSets: [EDGE, { key: "edge", nameservers: ["ns9.x.net", "ns10.x.net"] }] }),
    issues: [
      makeIssue(
        "duplicate-custom-set",
        ["customSets", 1, "key"],
        'custom set "edge" is declared twice (customSets[0] and customSets[1]); zones name a custom set by its key; ' +
          "give each set its own key, or merge them into one entry",
        { customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "advanced-ip-count-mismatch: an advanced set whose names differ in ipCount (left out counts too)",
    input: makeAccount({
      customSets: [
        { key: "edge", advanced: true, nameservers: [{ name: "ns1.x.net", ipCount: 2 }, "ns2.x.net"] },
        { key: "core", nameservers: [{ name: "ns3.x.net", ipCount: 2 }, "ns4.x.net"] },
      ],
    }),
    issues: [
      makeIssue(
        "advanced-ip-count-mismatch",
        ["customSets", 0, "nameservers"],
        'advanced custom set "edge" gives its names different ipCount values (2 for "ns1.x.net", none for ' +
          '"ns2.x.net"); all names of an advanced set use one ipCount; give every name the same ipCount, or leave ' +
          "it out on every name",
        { nameservers: ["ns1.x.net", "ns2.x.net"], customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "invalid-shape: a custom set's key, ipSet below 1, a name of neither shape",
    input: makeAccount({ customSets: [{ key: "Edge", nameservers: ["ns1.x.net", 7], ipSet: 0 }] }),
    issues: [
      makeIssue(
        "invalid-shape",
        ["customSets", 0, "key"],
        'key of custom set "Edge" must be 1-63 lowercase letters, digits, - or _, starting and ending with a ' +
          'letter or digit, got "Edge" (a string); zones name the set by it; write e.g. "edge"',
        { customSets: ["Edge"] },
      ),
      makeIssue(
        "invalid-shape",
        ["customSets", 0, "nameservers", 1],
        'nameservers[1] of custom set "Edge" must be a hostname such as "ns1.example.com", or ' +
          '{name: "ns1.example.com", ipCount: 2}, got 7 (a number)',
        { customSets: ["Edge"] },
      ),
      makeIssue(
        "invalid-shape",
        ["customSets", 0, "ipSet"],
        'ipSet of custom set "Edge" is 0, which is below 1; an account\'s address pools are numbered from 1; ' +
          "use 1 or more, or leave ipSet out for the default 1",
        { customSets: ["Edge"] },
      ),
    ],
  },
  {
    title: "ns-set-and-custom-set: a zone gives both",
    input: makeAccount({ customSets: [EDGE], zones: [{ name: "a.com", nsSet: 2, customSet: "edge" }] }),
    issues: [
      makeIssue(
        "ns-set-and-custom-set",
        ["zones", 0, "customSet"],
        'zone "a.com" gives both nsSet 2 and customSet "edge"; a zone uses one set, a numbered set or a Custom ' +
          'Nameserver Set; remove nsSet to put it on "edge", or remove customSet to keep it on set 2',
        { zones: ["a.com"], sets: [2], customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "unknown-custom-set: a key customSets does not declare, with the declared keys",
    input: makeAccount({
      customSets: [EDGE, { key: "core", nameservers: ["ns9.x.net", "ns10.x.net"] }],
      zones: [{ name: "a.com", customSet: "egde" }],
    }),
    issues: [
      makeIssue(
        "unknown-custom-set",
        ["zones", 0, "customSet"],
        'zone "a.com" uses customSet "egde", which customSets does not declare (it declares "edge", "core"); a ' +
          "zone can use only a Custom Nameserver Set of this configuration; use one of the declared keys, or declare " +
          '"egde" in customSets',
        { zones: ["a.com"], customSets: ["egde"] },
      ),
    ],
  },
  {
    title: "unknown-custom-set: no custom set declared",
    input: makeAccount({ zones: [{ name: "a.com", customSet: "edge" }] }),
    issues: [
      makeIssue(
        "unknown-custom-set",
        ["zones", 0, "customSet"],
        'zone "a.com" uses customSet "edge", which customSets does not declare (it declares none); a zone can use ' +
          'only a Custom Nameserver Set of this configuration; declare "edge" in customSets with its nameservers, ' +
          "or give the zone an nsSet instead",
        { zones: ["a.com"], customSets: ["edge"] },
      ),
    ],
  },
];

interface WarningRow {
  title: string;
  input: unknown;
  warnings: AcnsWarning[];
}

/** One row or more per warning code; together they produce every code in ACNS_WARNING_CODES. */
const WARNING_ROWS: WarningRow[] = [
  {
    title: "custom-set-too-small",
    input: makeAccount({ customSets: [{ key: "edge", nameservers: ["NS7.x.net."] }] }),
    warnings: [
      makeWarning(
        "custom-set-too-small",
        ["customSets", 0, "nameservers"],
        `custom set "edge" has 1 nameserver ("ns7.x.net"); ${UNDOCUMENTED} how many names a Custom Nameserver ` +
          "Set holds, and the emulator, like a numbered set, takes 2-5, so the API may refuse it; add at least 1 more",
        { nameservers: ["ns7.x.net"], customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "custom-set-too-large",
    input: makeAccount({
      customSets: [{ key: "edge", nameservers: [1, 2, 3, 4, 5, 6].map((n) => `c${n}.x.net`) }],
    }),
    warnings: [
      makeWarning(
        "custom-set-too-large",
        ["customSets", 0, "nameservers"],
        `custom set "edge" has 6 nameservers; ${UNDOCUMENTED} how many names a Custom Nameserver Set holds, and ` +
          "the emulator, like a numbered set, takes at most 5, so the API may refuse it; remove 1",
        { nameservers: [1, 2, 3, 4, 5, 6].map((n) => `c${n}.x.net`), customSets: ["edge"] },
      ),
    ],
  },
  {
    title: "nameserver-in-custom-and-numbered-set and nameserver-in-multiple-custom-sets",
    input: makeAccount({
      customSets: [
        { key: "edge", nameservers: ["ns1.dns.example.net", "ns7.x.net"] },
        { key: "next", nameservers: ["ns7.x.net", "ns8.x.net"] },
      ],
    }),
    warnings: [
      makeWarning(
        "nameserver-in-custom-and-numbered-set",
        ["customSets", 0, "nameservers", 0],
        `nameserver "ns1.dns.example.net" is in custom set "edge" and in set 1; ${UNDOCUMENTED} whether a Custom ` +
          "Nameserver Set may share a name with the numbered sets (the emulator allows it, as a zone moving between " +
          "them needs), so the API may refuse the set; once no zone needs both, remove it from one of them",
        { nameservers: ["ns1.dns.example.net"], sets: [1], customSets: ["edge"] },
      ),
      makeWarning(
        "nameserver-in-multiple-custom-sets",
        ["customSets", 1, "nameservers", 0],
        `nameserver "ns7.x.net" is in custom set "edge" and custom set "next"; ${UNDOCUMENTED} whether two Custom ` +
          "Nameserver Sets may share a name (the emulator allows it, as replacing a set needs), so the API may " +
          "refuse the set; once the zones have moved, remove it from one of them",
        { nameservers: ["ns7.x.net"], customSets: ["edge", "next"] },
      ),
    ],
  },
  {
    title: "custom-set-hierarchy-conflict: per custom set; other sets and numbered sets do not count",
    input: makeAccount({
      customSets: [EDGE, { key: "next", nameservers: ["ns9.x.net", "ns10.x.net"] }],
      zones: [
        { name: "example.com", customSet: "edge" },
        { name: "a.example.com", customSet: "next" },
        { name: "x.a.example.com", customSet: "edge" },
        { name: "b.example.com" },
      ],
    }),
    warnings: [
      makeWarning(
        "custom-set-hierarchy-conflict",
        ["zones", 2, "customSet"],
        'zone "x.a.example.com" and its ancestor "example.com" both use custom set "edge"; Cloudflare documents ' +
          "the hierarchy rule for numbered sets only, and the emulator applies it to each Custom Nameserver Set " +
          '(docs/decisions/010), so the API may refuse the zone; if it does, give "x.a.example.com" another set',
        { zones: ["x.a.example.com", "example.com"], customSets: ["edge"] },
      ),
    ],
  },
];

describe("validateAcnsConfig rules", () => {
  test.each(ROWS.map((row) => [row.title, row] as const))("%s", (_title, row) => {
    const result = validateAcnsConfig(row.input);
    expect(result.ok).toBe(false);
    expect(listIssues(row.input)).toEqual(row.issues);
    // Every issue has the published shape.
    for (const issue of listIssues(row.input)) expect(AcnsIssue.parse(issue)).toEqual(issue);
  });

  test("the table produces every issue code", () => {
    const produced = new Set(ROWS.flatMap((row) => row.issues.map((issue) => issue.code)));
    expect([...ACNS_ISSUE_CODES].filter((code) => !produced.has(code))).toEqual([]);
  });

  test.each(WARNING_ROWS.map((row) => [row.title, row] as const))("warning: %s", (_title, row) => {
    const result = validateAcnsConfig(row.input);
    // Warnings never make a configuration invalid.
    expect(result).toMatchObject({ ok: true, warnings: row.warnings });
    for (const warning of result.warnings) expect(AcnsWarning.parse(warning)).toEqual(warning);
  });

  test("the warning table produces every warning code", () => {
    const produced = new Set(WARNING_ROWS.flatMap((row) => row.warnings.map((warning) => warning.code)));
    expect([...ACNS_WARNING_CODES].filter((code) => !produced.has(code))).toEqual([]);
  });

  test("a zone on a custom set is on no numbered set: no default 1, no unknown-set, no hierarchy on set 1", () => {
    const result = validateAcnsConfig(
      makeAccount({
        defaultNameservers: "custom.account",
        sets: [SET_1],
        customSets: [{ key: "edge", nameservers: [" NS7.x.net.", { name: "ns8.x.net" }], ipSet: 2 }],
        zones: [
          { name: "Example.com", customSet: "edge" },
          // Would conflict with example.com on set 1 if that zone counted as on set 1.
          { name: "a.example.com" },
          { name: "shop.example.net", customSet: "edge", zoneId: ZONE_1 },
        ],
        // The declared zone replaces the live one: it leaves set 1, so no conflict with its child.
        liveZones: [
          { name: "shop.example.net", nsSet: 1 },
          { name: "a.shop.example.net", nsSet: 1 },
        ],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        accountId: ACCOUNT,
        defaultNameservers: "custom.account",
        sets: [SET_1],
        customSets: [{ key: "edge", nameservers: ["ns7.x.net", "ns8.x.net"], ipSet: 2 }],
        zones: [
          { name: "example.com", customSet: "edge" },
          { name: "a.example.com", nsSet: 1 },
          { name: "shop.example.net", zoneId: ZONE_1, customSet: "edge" },
        ],
        liveZones: [
          { name: "shop.example.net", nsSet: 1 },
          { name: "a.shop.example.net", nsSet: 1 },
        ],
      },
      accounts: [expect.objectContaining({ accountId: ACCOUNT })],
      warnings: [],
    });
    expect(Object.keys(result.ok ? result.value : {})).toEqual([
      "accountId",
      "defaultNameservers",
      "sets",
      "customSets",
      "zones",
      "liveZones",
    ]);
  });

  test("warnings come with the issues of an invalid configuration, and after a listed zone twice", () => {
    const result = validateAcnsConfig(
      makeAccount({
        customSets: [{ key: "edge", nameservers: ["ns7.x.net"] }],
        zones: [{ name: "a.com", customSet: "edge" }, { name: "a.com" }],
      }),
    );
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(["duplicate-zone"]);
    expect(result.warnings.map((warning) => warning.code)).toEqual(["custom-set-too-small"]);
  });

  test("a valid configuration comes back normalised, in schema key order", () => {
    const result = validateAcnsConfig(
      makeAccount({
        defaultNameservers: "custom.account",
        sets: [SET_1, { nsSet: 2, nameservers: [" NS3.dns.example.net.", "ns4.dns.example.net"] }],
        zones: [
          { name: " Bücher.Example. ", zoneId: ZONE_1 },
          { name: "a.bücher.example", nsSet: 2 },
          { name: "b.bücher.example", nsSet: 2 },
        ],
        liveZones: [{ name: "Other.com", nsSet: null }],
      }),
    );
    expect(result).toEqual({
      ok: true,
      value: {
        accountId: ACCOUNT,
        defaultNameservers: "custom.account",
        sets: [SET_1, SET_2],
        zones: [
          { name: "xn--bcher-kva.example", zoneId: ZONE_1, nsSet: 1 },
          { name: "a.xn--bcher-kva.example", nsSet: 2 },
          { name: "b.xn--bcher-kva.example", nsSet: 2 },
        ],
        liveZones: [{ name: "other.com", nsSet: null }],
      },
      accounts: [expect.objectContaining({ accountId: ACCOUNT })],
      warnings: [],
    });
    expect(Object.keys(result.ok ? result.value : {})).toEqual([
      "accountId",
      "defaultNameservers",
      "sets",
      "zones",
      "liveZones",
    ]);
  });

  test("an array of accounts comes back as an array, and the rules apply within each account", () => {
    const other = "fedcba9876543210fedcba9876543210";
    const result = validateAcnsConfig([
      makeAccount({ zones: [{ name: "example.com" }] }),
      makeAccount({ accountId: other, zones: [{ name: "a.example.com" }] }),
    ]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.accounts.map((account) => account.accountId)).toEqual([ACCOUNT, other]);
    expect(result.ok && Array.isArray(result.value)).toBe(true);
  });

  test("an empty array of accounts is valid", () => {
    expect(validateAcnsConfig([])).toEqual({ ok: true, value: [], accounts: [], warnings: [] });
  });

  test("issues of several accounts carry the account index and come sorted by path, then code", () => {
    const issues = listIssues([
      makeAccount({ zones: [{ name: "a.com", nsSet: 3 }, { name: "-b.com" }] }),
      { accountId: "nope", sets: [], zones: [] },
    ]);
    expect(issues.map((issue) => [issue.code, formatIssuePath(issue.path)])).toEqual([
      ["unknown-set", "[0].zones[0].nsSet"],
      ["invalid-zone-name", "[0].zones[1].name"],
      ["invalid-id", "[1].accountId"],
    ]);
  });

  test("a wrong account id does not hide the other account-level checks", () => {
    const issues = listIssues({ accountId: "x", defaultNameservers: "custom.account", sets: [], zones: [] });
    expect(issues.map((issue) => [issue.code, formatIssuePath(issue.path)])).toEqual([
      ["invalid-id", "accountId"],
      ["default-needs-set", "defaultNameservers"],
    ]);
  });

  test("an account entry of an array that is not an object", () => {
    expect(listIssues([makeAccount(), null])).toEqual([
      makeIssue(
        "invalid-shape",
        [1],
        "account entry [1] must be an object with accountId, sets and zones, got null; " +
          "write it as { accountId, sets: [...], zones: [...] }",
      ),
    ]);
  });

  test("a zone on a set reported out of range takes no further part in the checks", () => {
    const issues = listIssues(
      makeAccount({ zones: [{ name: "example.com", nsSet: 9 }, { name: "a.example.com" }] }),
    );
    expect(issues.map((issue) => issue.code)).toEqual(["ns-set-out-of-range"]);
  });

  test("a name listed twice on two sets conflicts with its ancestor whichever comes first", () => {
    const zones = [
      { name: "example.com", nsSet: 1 },
      { name: "a.example.com", nsSet: 2 },
      { name: "a.example.com", nsSet: 1 },
    ];
    const forward = listIssues(makeAccount({ zones }));
    const backward = listIssues(makeAccount({ zones: [...zones].reverse() }));
    const summarise = (issues: AcnsIssue[]): string[] =>
      issues
        .map((issue) => `${issue.code} ${issue.subjects.zones.join(",")} ${issue.subjects.sets.join(",")}`)
        .sort();
    expect(summarise(forward)).toEqual([
      "duplicate-zone a.example.com ",
      "hierarchy-conflict a.example.com,example.com 1",
    ]);
    expect(summarise(backward)).toEqual(summarise(forward));
    expect(forward.find((issue) => issue.code === "hierarchy-conflict")?.path).toEqual(["zones", 2, "nsSet"]);
  });

  test("never throws on arbitrary input", () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4 }), (input) => {
        const result = validateAcnsConfig(input);
        if (!result.ok) for (const issue of result.issues) expect(ACNS_ISSUE_CODES).toContain(issue.code);
      }),
      { numRuns: 1000 },
    );
  });
});

describe("the zone fast path", () => {
  const zoneLike = fc.record(
    {
      name: fc.oneof(fc.constant("a.com"), fc.constant("A.com."), fc.integer(), fc.constant(null)),
      zoneId: fc.oneof(fc.constant(ZONE_1), fc.constant("XYZ"), fc.constant(undefined), fc.integer()),
      nsSet: fc.oneof(
        fc.integer({ min: -1, max: 7 }),
        fc.double(),
        fc.constant(null),
        fc.constant(undefined),
        fc.constant("2"),
      ),
      nsset: fc.constant(1),
      customSet: fc.oneof(
        fc.constant("edge"),
        fc.constant("other"),
        fc.constant(undefined),
        fc.integer(),
        fc.constant(null),
      ),
      restoreTo: fc.oneof(
        fc.constant(undefined),
        fc.constant({ type: "cloudflare.standard" }),
        fc.constant({ type: "custom.account", nsSet: 4 }),
        fc.constant({ type: "custom.account", nsSet: 9 }),
        fc.constant({ type: "custom.tenant" }),
        fc.constant("cloudflare.standard"),
      ),
    },
    { requiredKeys: [] },
  );

  test("accepts exactly what the AcnsZone schema accepts, and yields the same zone", () => {
    fc.assert(
      fc.property(fc.oneof(zoneLike, fc.anything({ maxDepth: 2 })), (zone) => {
        const parsed = AcnsZone.safeParse(zone);
        const result = validateAcnsConfig(
          makeAccount({
            sets: [1, 2, 3, 4, 5].map((nsSet) => ({
              nsSet,
              nameservers: [`a${nsSet}.x.net`, `b${nsSet}.x.net`],
            })),
            customSets: [{ key: "edge", nameservers: ["c.x.net", "d.x.net"] }],
            zones: [zone],
          }),
        );
        const shapeCodes = ["invalid-shape", "unknown-field", "invalid-id", "ns-set-out-of-range"];
        const shapeIssues = result.ok ? [] : result.issues.filter((issue) => shapeCodes.includes(issue.code));
        expect(shapeIssues.length === 0).toBe(parsed.success);
        if (parsed.success && result.ok) {
          const { name, zoneId, nsSet, customSet, restoreTo } = parsed.data;
          // A zone on a custom set has no nsSet; any other zone has one, 1 when left out.
          const expected = {
            name: normaliseName(name),
            ...(zoneId === undefined ? {} : { zoneId }),
            ...(customSet === undefined ? { nsSet: nsSet ?? 1 } : { customSet }),
            ...(restoreTo === undefined ? {} : { restoreTo }),
          };
          expect(result.accounts[0]?.zones).toEqual([expected]);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe("formatting", () => {
  test("formatIssues renders one line per issue with code and path", () => {
    const issues = listIssues(makeAccount({ zones: [{ name: "example.com" }, { name: "a.example.com" }] }));
    expect(formatIssues(issues)).toEqual([
      'error[hierarchy-conflict] zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 1; ' +
        `${HIERARCHY_WHY}; give "a.example.com" another set (2 is free on its chain)`,
    ]);
  });

  test("formatWarnings renders one line per warning with warning[code] and path", () => {
    const { warnings } = validateAcnsConfig(makeAccount({ customSets: [{ key: "edge", nameservers: [] }] }));
    expect(formatWarnings(warnings)).toEqual([
      `warning[custom-set-too-small] customSets[0].nameservers: custom set "edge" has no nameservers; ${UNDOCUMENTED} ` +
        "how many names a Custom Nameserver Set holds, and the emulator, like a numbered set, takes 2-5, so the API " +
        "may refuse it; add at least 2",
    ]);
  });

  test.each([
    [[], "(root)"],
    [["zones", 2, "nsSet"], "zones[2].nsSet"],
    [[1, "sets", 0], "[1].sets[0]"],
  ] as const)("formatIssuePath(%j) is %j", (path, expected) => {
    expect(formatIssuePath([...path])).toBe(expected);
  });

  test.each([
    [[2], "and", "2"],
    [[2, 3], "and", "2 and 3"],
    [[2, 3, 5], "or", "2, 3 or 5"],
    [[2, 3, 4, 5], "and", "2-5"],
    [[], "or", ""],
  ] as const)("formatSetList(%j, %j) is %j", (sets, conjunction, expected) => {
    expect(formatSetList(sets, conjunction)).toBe(expected);
  });
});
