/**
 * `checkKnownConfig`: the validator over a configuration with unknown values. Known problems are
 * reported exactly as the validator words them (paths in the configuration's own indices); what a
 * stand-in could have caused is not; each unknown is listed with the checks that wait for it.
 */
import { checkKnownConfig, formatUncheckedValues } from "../../provider/component";
import { validateAcnsConfig } from "../../provider/core";

const U = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const ACCOUNT = "0123456789abcdef0123456789abcdef";
const ID_1 = "1123456789abcdef0123456789abcdef";
const SET_1 = { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] };
const SET_2 = { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] };

function summarise(config: unknown): { issues: string[]; unchecked: string[] } {
  const verdict = checkKnownConfig(config);
  return {
    issues: verdict.issues.map((i) => `${i.code} ${JSON.stringify(i.path)}: ${i.message}`),
    unchecked: formatUncheckedValues(verdict.unchecked),
  };
}

test("with nothing unknown it is the validator", () => {
  const config = {
    accountId: ACCOUNT,
    sets: [SET_1],
    zones: [
      { name: "example.com", nsSet: 1 },
      { name: "a.example.com", nsSet: 1 },
    ],
  };
  const result = validateAcnsConfig(config);
  expect(result.ok).toBe(false);
  expect(checkKnownConfig(config)).toEqual({
    issues: result.ok ? [] : result.issues,
    warnings: result.warnings,
    unchecked: [],
  });
});

test("an unknown account id and default are listed, not refused", () => {
  expect(summarise({ accountId: U, defaultNameservers: U, sets: [SET_1], zones: [] })).toEqual({
    issues: [],
    unchecked: [
      "accountId: the account id's format",
      "defaultNameservers: the default for new zones, and whether set 1 can serve it",
    ],
  });
});

test("a set whose names are unknown stays usable for zones, and its size is not judged", () => {
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: U },
        { nsSet: 2, nameservers: ["ns3.acme.net", U] },
      ],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "example.net", nsSet: 2 },
      ],
    }),
  ).toEqual({
    issues: [],
    unchecked: [
      "sets[0].nameservers: the names of set 1: their syntax, their number, and that none is in another set",
      "sets[1].nameservers[1]: one name of set 2: its syntax, that it is not listed twice or in another set, and the set's size",
    ],
  });
});

test("a set of one name, unknown, is too small whatever the name turns out to be", () => {
  // The stand-in configuration padded such a set to two names; its list can never hold two.
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [SET_1, { nsSet: 2, nameservers: [U] }],
      zones: [{ name: "example.net", nsSet: 2 }],
    }),
  ).toEqual({
    issues: [
      'set-too-small ["sets",1,"nameservers"]: set 2 has 1 nameserver (not known until apply); a set needs 2-5 distinct names before zones can use it; add at least 1 more',
      'unknown-set ["zones",0,"nsSet"]: zone "example.net" uses ns_set 2, which has only 1 nameserver; zones can use only declared sets with 2-5 nameservers; add nameservers to set 2, or give the zone a usable set (1)',
    ],
    unchecked: [
      "sets[1].nameservers[0]: one name of set 2: its syntax, that it is not listed twice or in another set, and the set's size",
    ],
  });
});

test("known names beside an unknown one are still checked", () => {
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: ["ns1.acme.net", U, "NS1.acme.net", "bad_name.acme.net"] },
        { nsSet: 2, nameservers: ["ns1.acme.net", "ns4.acme.net"] },
      ],
      zones: [],
    }).issues,
  ).toEqual([
    'duplicate-nameserver ["sets",0,"nameservers",2]: nameserver "ns1.acme.net" is listed twice in set 1 (nameservers[0] and nameservers[2]); list each name once',
    'invalid-hostname ["sets",0,"nameservers",3]: nameserver "bad_name.acme.net" in set 1 is not a valid hostname: label "bad_name" contains "_"; a hostname uses only letters, digits and hyphens; remove or replace that character',
    'nameserver-in-multiple-sets ["sets",1,"nameservers",0]: nameserver "ns1.acme.net" is in set 1 and set 2; a name can belong to one set only; remove it from one of them',
  ]);
});

test("a zone whose set is unknown leaves the set and hierarchy rules; the others keep their own indices", () => {
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "b.example.com", nsSet: U },
        { name: "example.com", nsSet: 1 },
        { name: "www.example.com", nsSet: 1 },
        { name: "example.org", nsSet: 4 },
      ],
    }),
  ).toEqual({
    issues: [
      'hierarchy-conflict ["zones",2,"nsSet"]: zone "www.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant chain must use different sets; give "www.example.com" another set (2 is free on its chain)',
      'unknown-set ["zones",3,"nsSet"]: zone "example.org" uses ns_set 4, which is not declared; zones can use only declared sets with 2-5 nameservers; declare set 4 with 2-5 nameservers, or give the zone a usable set (1 or 2)',
    ],
    unchecked: [
      'zones[0].nsSet: which set zone "b.example.com" uses: that the set is usable, and the hierarchy rule on the zone\'s chain',
    ],
  });
});

test("a zone whose set is unknown still has its name checked, once", () => {
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [SET_1],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "Example.com.", nsSet: U },
        { name: "-bad.example", nsSet: U },
        { name: "example.com", nsSet: 1 },
      ],
    }).issues,
  ).toEqual([
    'duplicate-zone ["zones",1,"name"]: zone "example.com" is listed more than once (zones[0] and zones[1]); list each zone once',
    'invalid-zone-name ["zones",2,"name"]: zone name "-bad.example" is not valid: label "-bad" starts with a hyphen; remove the hyphen',
    'duplicate-zone ["zones",3,"name"]: zone "example.com" is listed more than once (zones[0] and zones[3]); list each zone once',
  ]);
});

test("unknown zone ids and live zones are left out of the id and hierarchy checks; known ones stay in", () => {
  expect(
    summarise({
      accountId: ACCOUNT,
      sets: [SET_1, SET_2],
      zones: [
        { name: "example.com", zoneId: U, nsSet: 1 },
        { name: "example.net", zoneId: ID_1, nsSet: 1 },
      ],
      liveZones: [
        { name: "a.example.com", nsSet: U },
        { name: "b.example.com", nsSet: 1 },
      ],
    }),
  ).toEqual({
    issues: [
      'hierarchy-conflict ["liveZones",1,"nsSet"]: zone "b.example.com" (live, not declared here) and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant chain must use different sets; declare "b.example.com" here with another set (2 is free on its chain), or give "example.com" another set',
    ],
    unchecked: [
      'zones[0].zoneId: the id of zone "example.com" (its format, and that no other zone has it)',
      // Only the live zone's set waits; its name and id are checked (the whole zone was set aside before).
      'liveZones[0].nsSet: which set live zone "a.example.com" uses (or none): that the set is usable, and the hierarchy rule against it',
    ],
  });
  expect(summarise({ accountId: ACCOUNT, sets: [SET_1], zones: [], liveZones: U }).unchecked).toEqual([
    "liveZones: the live zones, and the hierarchy rule against them",
  ]);
});
