/**
 * The change-scenario matrix under the real Pulumi CLI (issue #9, deliverable 6), part 2: names and
 * zones moving between sets inside AccountCustomNameservers, a zone taken off ACNS, a set deleted
 * while its zones move. See change-scenario-kit.ts for the steps each scenario runs.
 */
import {
  ACME,
  SEED_SETS,
  ZONES,
  componentUrnOf,
  deleteName,
  describeChangeScenario,
  names,
  postName,
  zonePatch,
  type ChangeScenarioParams,
} from "./change-scenario-kit";

type ComponentSpec = NonNullable<ChangeScenarioParams["components"]>[number];
const BUCHER = "xn--bcher-kva.example";

/** One component named `acns` over the example account. */
function acns(spec: Omit<ComponentSpec, "name">): ChangeScenarioParams {
  return { accountId: ACME, components: [{ name: "acns", ...spec }] };
}

/** A zone of the seed, with its id. */
function zone(name: keyof typeof ZONES, nsSet: number): { name: string; nsSet: number; zoneId: string } {
  return { name, nsSet, zoneId: ZONES[name] };
}

// 6. Move a name from one set to another (a component with two sets): set 5 may take it only after
// set 4 has given it up.
{
  const [a, b, c, d, e] = names("move-name", 1, 2, 3, 4, 5) as [string, string, string, string, string];
  describeChangeScenario({
    title: "6. move a name from one set to another",
    project: "move-name",
    initial: acns({
      sets: [
        { nsSet: 4, nameservers: [a, b, c] },
        { nsSet: 5, nameservers: [d, e] },
      ],
      zones: [zone("example.net", 4), zone(BUCHER, 5)],
    }),
    initialWrites: [
      postName,
      postName,
      postName,
      postName,
      postName,
      zonePatch("example.net"),
      zonePatch(BUCHER),
    ],
    initialAccount: { sets: { 4: [a, b, c], 5: [d, e] }, zones: { "example.net": 4, [BUCHER]: 5 } },
    changes: [
      {
        label: `"${c}" moves from set 4 to set 5`,
        params: acns({
          sets: [
            { nsSet: 4, nameservers: [a, b] },
            { nsSet: 5, nameservers: [c, d, e] },
          ],
          zones: [zone("example.net", 4), zone(BUCHER, 5)],
        }),
        // Both bindings update too: their nameservers output follows their set (no API write).
        plan: {
          changes: [
            "update acns-set-4",
            "update acns-set-5",
            "update acns-zone-example.net",
            `update acns-zone-${BUCHER}`,
          ],
        },
        writes: [deleteName(c), postName],
        account: { sets: { 4: [a, b], 5: [c, d, e] }, zones: { "example.net": 4, [BUCHER]: 5 } },
        outputs: {
          sets: {},
          bindings: {},
          components: { acns: { "example.net": [a, b], [BUCHER]: [c, d, e] } },
        },
      },
    ],
    destroy: {
      writes: [zonePatch("example.net"), zonePatch(BUCHER), ...[a, b, c, d, e].map(deleteName)],
      account: {},
    },
  });
}

// 7. Swap two unrelated zones' sets.
{
  const [a, b, c, d] = names("swap-zones", 1, 2, 3, 4) as [string, string, string, string];
  const sets = [
    { nsSet: 4, nameservers: [a, b] },
    { nsSet: 5, nameservers: [c, d] },
  ];
  describeChangeScenario({
    title: "7. swap two unrelated zones' sets",
    project: "swap-zones",
    initial: acns({ sets, zones: [zone("example.net", 4), zone(BUCHER, 5)] }),
    initialWrites: [postName, postName, postName, postName, zonePatch("example.net"), zonePatch(BUCHER)],
    initialAccount: { sets: { 4: [a, b], 5: [c, d] }, zones: { "example.net": 4, [BUCHER]: 5 } },
    changes: [
      {
        label: "example.net goes to set 5 and xn--bcher-kva.example to set 4",
        params: acns({ sets, zones: [zone("example.net", 5), zone(BUCHER, 4)] }),
        plan: { changes: ["update acns-zone-example.net", `update acns-zone-${BUCHER}`] },
        writes: [zonePatch("example.net"), zonePatch(BUCHER)],
        account: { sets: { 4: [a, b], 5: [c, d] }, zones: { "example.net": 5, [BUCHER]: 4 } },
        outputs: {
          sets: {},
          bindings: {},
          components: { acns: { "example.net": [c, d], [BUCHER]: [a, b] } },
        },
      },
    ],
    destroy: {
      writes: [zonePatch("example.net"), zonePatch(BUCHER), ...[a, b, c, d].map(deleteName)],
      account: {},
    },
  });
}

// 8. Rotate a parent/child chain: example.com moves from set 1 to a new set 4 while eu.example.com
// moves from set 2 to set 1 (which example.com must have left first). The component adopts the
// seed's sets 1 and 2 and the zones already on them.
{
  const set4 = names("rotate-chain", 1, 2);
  const seedSets = [
    { nsSet: 1, nameservers: [...SEED_SETS[1]] },
    { nsSet: 2, nameservers: [...SEED_SETS[2]] },
  ];
  describeChangeScenario({
    title: "8. rotate a parent/child chain",
    project: "rotate-chain",
    initial: acns({
      adopt: true,
      sets: seedSets,
      zones: [zone("example.com", 1), zone("eu.example.com", 2)],
    }),
    initialWrites: [],
    initialAccount: {},
    changes: [
      {
        label: "example.com 1 -> new set 4, eu.example.com 2 -> 1",
        params: acns({
          adopt: true,
          sets: [...seedSets, { nsSet: 4, nameservers: set4 }],
          zones: [zone("example.com", 4), zone("eu.example.com", 1)],
        }),
        plan: {
          changes: ["create acns-set-4", "update acns-zone-eu.example.com", "update acns-zone-example.com"],
        },
        writes: [postName, postName, zonePatch("example.com"), zonePatch("eu.example.com")],
        account: { sets: { 4: set4 }, zones: { "example.com": 4, "eu.example.com": 1 } },
        outputs: {
          sets: {},
          bindings: {},
          components: { acns: { "example.com": set4, "eu.example.com": [...SEED_SETS[1]] } },
        },
      },
    ],
    // The adopted sets stay; set 4 goes; each zone goes back to the set it was on when adopted.
    destroy: {
      writes: [zonePatch("example.com"), zonePatch("eu.example.com"), ...set4.map(deleteName)],
      account: {},
    },
  });
}

// 9. Two zones of one chain swap sets (eu.example.com 2 <-> shop.eu.example.com 3) and no declared
// set is free to step through: no order of one update can do it, so preview refuses, naming the
// lowest free set number (4) to move one of them through first.
{
  const project = "stepping-stone";
  const seedSets = [
    { nsSet: 2, nameservers: [...SEED_SETS[2]] },
    { nsSet: 3, nameservers: [...SEED_SETS[3]] },
  ];
  const message =
    `AccountCustomNameservers "acns": no order of this update's changes keeps account ${ACME} within ` +
    "Cloudflare's rules at every step, so none of its resources is created or changed:\n" +
    "  these changes wait on each other, so no order applies them in one update: " +
    'zone "eu.example.com" can move to set 3 only after its child "shop.eu.example.com" has left it (zones on one ' +
    'ancestor/descendant chain must use different sets); zone "shop.eu.example.com" can move to set 2 only after ' +
    'its parent "eu.example.com" has left it (zones on one ancestor/descendant chain must use different sets); ' +
    'move "eu.example.com" through a free set first: declare set 4 with 2-5 new names, put "eu.example.com" on it ' +
    "and apply, then apply this configuration (set 4 is the lowest number no set and no zone on the chain of " +
    '"eu.example.com" uses)\n';
  // The engine reports the component's error twice: as the program's error (no URN) and on the
  // component (AccountCustomNameservers' own comment expects "Pulumi reports it once").
  const errors = [
    [
      { severity: "error", message, urn: null },
      { severity: "error", message, urn: componentUrnOf(project, "acns") },
    ],
  ];
  describeChangeScenario({
    title: "9. a swap that needs a stepping-stone set",
    project,
    initial: acns({
      adopt: true,
      sets: seedSets,
      zones: [zone("eu.example.com", 2), zone("shop.eu.example.com", 3)],
    }),
    initialWrites: [],
    initialAccount: {},
    changes: [
      {
        label: "eu.example.com and shop.eu.example.com swap sets 2 and 3",
        params: acns({
          adopt: true,
          sets: seedSets,
          zones: [zone("eu.example.com", 3), zone("shop.eu.example.com", 2)],
        }),
        plan: { refused: errors, upRefused: errors },
      },
    ],
    destroy: { writes: [], account: {} },
  });
}

// 10. Take a zone off ACNS: its binding is removed, and the zone goes back to what it had.
{
  const set4 = names("off-acns", 1, 2);
  const sets = [{ name: "set-4", nsSet: 4, nameservers: set4 }];
  describeChangeScenario({
    title: "10. take a zone off ACNS",
    project: "off-acns",
    initial: {
      accountId: ACME,
      sets,
      bindings: [
        {
          name: "example-net",
          zoneId: ZONES["example.net"],
          nsSet: 4,
          zoneName: "example.net",
          set: "set-4",
        },
      ],
    },
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "the binding of example.net is removed",
        params: { accountId: ACME, sets },
        plan: { changes: ["delete example-net"] },
        writes: [zonePatch("example.net")],
        // example.net is back on cloudflare.standard, as seeded.
        account: { sets: { 4: set4 } },
        outputs: { sets: { "set-4": set4 }, bindings: {}, components: {} },
      },
    ],
    destroy: { writes: set4.map(deleteName), account: {} },
  });
}

// 11. Delete a set while moving its zones to another set in the same update.
{
  const [a, b, c, d] = names("delete-set", 1, 2, 3, 4) as [string, string, string, string];
  describeChangeScenario({
    title: "11. delete a set while moving its zones elsewhere",
    project: "delete-set",
    initial: acns({
      sets: [
        { nsSet: 4, nameservers: [a, b] },
        { nsSet: 5, nameservers: [c, d] },
      ],
      zones: [zone("example.net", 4), zone(BUCHER, 4)],
    }),
    initialWrites: [postName, postName, postName, postName, zonePatch("example.net"), zonePatch(BUCHER)],
    initialAccount: { sets: { 4: [a, b], 5: [c, d] }, zones: { "example.net": 4, [BUCHER]: 4 } },
    changes: [
      {
        label: "set 4 is deleted, its zones move to set 5",
        params: acns({
          sets: [{ nsSet: 5, nameservers: [c, d] }],
          zones: [zone("example.net", 5), zone(BUCHER, 5)],
        }),
        plan: {
          changes: ["delete acns-set-4", "update acns-zone-example.net", `update acns-zone-${BUCHER}`],
        },
        writes: [zonePatch("example.net"), zonePatch(BUCHER), deleteName(a), deleteName(b)],
        account: { sets: { 5: [c, d] }, zones: { "example.net": 5, [BUCHER]: 5 } },
        outputs: {
          sets: {},
          bindings: {},
          components: { acns: { "example.net": [c, d], [BUCHER]: [c, d] } },
        },
      },
    ],
    destroy: {
      writes: [zonePatch("example.net"), zonePatch(BUCHER), deleteName(c), deleteName(d)],
      account: {},
    },
  });
}
