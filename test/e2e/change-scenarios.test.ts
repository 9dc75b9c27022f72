/**
 * The change-scenario matrix under the real Pulumi CLI (issue #9, deliverable 6), part 1: renames,
 * a move into the component, renumbering. Each scenario is its own stack on its own seeded
 * emulator; see change-scenario-kit.ts for the steps each one runs. Parts 2 and 3:
 * change-scenarios-zones.test.ts and change-scenarios-lifecycle.test.ts.
 */
import {
  DEFAULT_PATCH,
  ACME,
  SEED_SETS,
  ZONES,
  deleteName,
  describeChangeScenario,
  names,
  postName,
  urnOf,
  zonePatch,
} from "./change-scenario-kit";

// 1. Rename a binding: without aliases (a create and a delete) the zone must stay on its set; with
// aliases nothing is replaced at all.
{
  const set4 = names("rename-binding", 1, 2);
  const binding = (name: string, aliases?: string[]) => ({
    name,
    zoneId: ZONES["example.net"],
    nsSet: 4,
    zoneName: "example.net",
    set: "set-4",
    ...(aliases === undefined ? {} : { aliases }),
  });
  const sets = [{ name: "set-4", nsSet: 4, nameservers: set4 }];
  describeChangeScenario({
    title: "1. rename a binding",
    project: "rename-binding",
    initial: { accountId: ACME, sets, bindings: [binding("example-net")] },
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "rename without aliases",
        params: { accountId: ACME, sets, bindings: [binding("example-net-renamed")] },
        plan: { changes: ["create example-net-renamed", "delete example-net"] },
        // The new binding finds the zone on set 4 already; the old one's delete leaves it there.
        writes: [],
        account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: { "set-4": set4 }, bindings: { "example-net-renamed": set4 }, components: {} },
      },
      {
        label: "rename with aliases",
        params: {
          accountId: ACME,
          sets,
          bindings: [binding("example-net-2", ["example-net-renamed"])],
        },
        plan: { changes: [] },
        writes: [],
        account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: { "set-4": set4 }, bindings: { "example-net-2": set4 }, components: {} },
      },
    ],
    // The stack made set 4 and put example.net on it: destroy gives back the seed.
    destroy: {
      writes: [zonePatch("example.net"), deleteName(set4[0] ?? ""), deleteName(set4[1] ?? "")],
      account: {},
    },
  });
}

// 2. Rename a set: with aliases no change at all; without aliases, adopt: true keeps its names.
{
  const set4 = names("rename-set", 1, 2);
  const withSet = (set: { name: string; aliases?: string[]; adopt?: boolean }) => ({
    accountId: ACME,
    sets: [{ ...set, nsSet: 4, nameservers: set4 }],
    bindings: [
      { name: "example-net", zoneId: ZONES["example.net"], nsSet: 4, zoneName: "example.net", set: set.name },
    ],
  });
  describeChangeScenario({
    title: "2. rename a set",
    project: "rename-set",
    initial: withSet({ name: "set-4" }),
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "rename with aliases",
        params: withSet({ name: "names-4", aliases: ["set-4"] }),
        plan: { changes: [] },
        writes: [],
        account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: { "names-4": set4 }, bindings: { "example-net": set4 }, components: {} },
      },
      {
        label: "rename without aliases, adopt: true",
        params: withSet({ name: "nameservers-4", adopt: true }),
        plan: { changes: ["create nameservers-4", "delete names-4"] },
        // Adopting finds the names in place; the old resource's delete leaves the set to the new one.
        writes: [],
        account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: { "nameservers-4": set4 }, bindings: { "example-net": set4 }, components: {} },
      },
    ],
    // adopt: true gives the set back as it found it on destroy (README): set 4 keeps its names;
    // the binding (never renamed) puts example.net back on Cloudflare's nameservers.
    destroy: { writes: [zonePatch("example.net")], account: { sets: { 4: set4 } } },
  });
}

// 3. Move the README's stand-alone resources (set 4, the binding of example.net, the default)
// into AccountCustomNameservers without aliases: adopt: true on the component (which also declares
// the seed's set 1, as custom.account needs a usable set 1). The zone must stay on set 4 and the
// names must survive. (3b below does the same move with the aliases the component now accepts.)
{
  const set4 = names("move-into-component", 1, 2);
  describeChangeScenario({
    title: "3. move stand-alone resources into AccountCustomNameservers",
    project: "move-into-component",
    initial: {
      accountId: ACME,
      sets: [{ name: "set-4", nsSet: 4, nameservers: set4 }],
      bindings: [
        {
          name: "example-net",
          zoneId: ZONES["example.net"],
          nsSet: 4,
          zoneName: "example.net",
          set: "set-4",
        },
      ],
      defaults: [{ name: "default", type: "custom.account" }],
    },
    initialWrites: [postName, postName, zonePatch("example.net"), DEFAULT_PATCH],
    initialAccount: { default: "custom.account", sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "move into the component (adopt: true, no aliases)",
        params: {
          accountId: ACME,
          components: [
            {
              name: "acns",
              adopt: true,
              defaultNameservers: "custom.account",
              sets: [
                { nsSet: 1, nameservers: [...SEED_SETS[1]] },
                { nsSet: 4, nameservers: set4 },
              ],
              zones: [{ name: "example.net", nsSet: 4, zoneId: ZONES["example.net"] }],
            },
          ],
        },
        plan: {
          changes: [
            "create acns",
            "create acns-default",
            "create acns-set-1",
            "create acns-set-4",
            "create acns-zone-example.net",
            "delete default",
            "delete example-net",
            "delete set-4",
          ],
        },
        writes: [],
        account: { default: "custom.account", sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: {}, bindings: {}, components: { acns: { "example.net": set4 } } },
      },
    ],
    // The component's children found everything in place when they took over, and the stack's
    // history went with the deleted stand-alone resources: destroy gives back what they found (the
    // adopted set keeps its names; the binding, which does not know what example.net had before,
    // leaves it on set 4), except the default, which has no earlier value either and goes to
    // Cloudflare's default with a warning (issue #14: never restore a guess). README: prefer aliases
    // (3b), whose destroy gives back the seed.
    destroy: {
      writes: [DEFAULT_PATCH],
      account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
    },
  });
}

// 3b. The same move with aliases: the component's children take the stand-alone resources' URNs
// (sets[].aliases, zones[].aliases, defaultAliases), so nothing is created or deleted but the
// component itself, nothing is written, and destroy gives back the seed.
{
  const project = "move-with-aliases";
  const set4 = names(project, 1, 2);
  describeChangeScenario({
    title: "3b. move stand-alone resources into AccountCustomNameservers with aliases",
    project,
    initial: {
      accountId: ACME,
      sets: [{ name: "set-4", nsSet: 4, nameservers: set4 }],
      bindings: [
        {
          name: "example-net",
          zoneId: ZONES["example.net"],
          nsSet: 4,
          zoneName: "example.net",
          set: "set-4",
        },
      ],
      defaults: [{ name: "default", type: "custom.account" }],
    },
    initialWrites: [postName, postName, zonePatch("example.net"), DEFAULT_PATCH],
    initialAccount: { default: "custom.account", sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "move into the component with aliases",
        params: {
          accountId: ACME,
          components: [
            {
              name: "acns",
              // Set 1 (the seed's, needed by custom.account) is new to the stack: adopted as it is.
              adopt: true,
              defaultNameservers: "custom.account",
              defaultAliases: [urnOf(project, "AccountDefaultNameservers", "default")],
              sets: [
                { nsSet: 1, nameservers: [...SEED_SETS[1]] },
                { nsSet: 4, nameservers: set4, aliases: [urnOf(project, "AccountNameserverSet", "set-4")] },
              ],
              zones: [
                {
                  name: "example.net",
                  nsSet: 4,
                  zoneId: ZONES["example.net"],
                  aliases: [urnOf(project, "ZoneAcnsBinding", "example-net")],
                },
              ],
            },
          ],
        },
        plan: { changes: ["create acns", "create acns-set-1"] },
        writes: [],
        account: { default: "custom.account", sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: {}, bindings: {}, components: { acns: { "example.net": set4 } } },
      },
    ],
    // The aliased children keep what program A's resources recorded: set 4 goes, example.net and
    // the default go back to the seed's; the adopted set 1 keeps its names.
    destroy: {
      writes: [zonePatch("example.net"), DEFAULT_PATCH, ...set4.map(deleteName)],
      account: {},
    },
  });
}

// 4. Renumber an unused set: 4 -> 5 with the same names, in one up.
{
  const setNames = names("renumber-unused", 1, 2);
  const withSet = (nsSet: number) => ({
    accountId: ACME,
    sets: [{ name: "set", nsSet, nameservers: setNames }],
  });
  describeChangeScenario({
    title: "4. renumber an unused set",
    project: "renumber-unused",
    initial: withSet(4),
    initialWrites: [postName, postName],
    initialAccount: { sets: { 4: setNames } },
    changes: [
      {
        label: "set 4 becomes set 5",
        params: withSet(5),
        // A replace whose old half goes first (deleteBeforeReplace: the names cannot be in two sets).
        plan: { changes: ["create-replacement set", "delete-replaced set", "replace set"] },
        writes: [deleteName(setNames[0] ?? ""), deleteName(setNames[1] ?? ""), postName, postName],
        writesInOrder: true,
        account: { sets: { 5: setNames } },
        outputs: { sets: { set: setNames }, bindings: {}, components: {} },
      },
    ],
    destroy: { writes: [deleteName(setNames[0] ?? ""), deleteName(setNames[1] ?? "")], account: {} },
  });
}

// 5. Renumber a set a zone uses: refused at preview with the provider's message naming the zone.
{
  const project = "renumber-in-use";
  const setNames = names(project, 1, 2);
  const withSet = (nsSet: number) => ({
    accountId: ACME,
    sets: [{ name: "set", nsSet, nameservers: setNames }],
    bindings: [
      { name: "example-net", zoneId: ZONES["example.net"], nsSet, zoneName: "example.net", set: "set" },
    ],
  });
  const refusal =
    "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet resource 'set': property nsSet value {5} has a " +
    `problem: nsSet: set 4 of account ${ACME} cannot become set 5 while zones use it: "example.net"; a ` +
    "name belongs to one set only and Cloudflare cannot renumber a set, so its names " +
    `("${setNames[0]}" and "${setNames[1]}") would leave set 4 before set 5 could hold them, and that zone would ` +
    "be on a set with fewer than 2 names meanwhile; keep nsSet 4, or move it to another set first (one with other " +
    "names, which needs a delegation change at the registrar), renumber, then move it back\n";
  // A failed check is reported on the resource alone (the engine adds no "preview failed" line).
  const errors = [
    [{ severity: "error", message: refusal, urn: urnOf(project, "AccountNameserverSet", "set") }],
  ];
  describeChangeScenario({
    title: "5. renumber a set in use",
    project,
    initial: withSet(4),
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: setNames }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "set 4 (used by example.net) becomes set 5",
        params: withSet(5),
        plan: { refused: errors, upRefused: errors },
      },
    ],
    destroy: {
      writes: [zonePatch("example.net"), deleteName(setNames[0] ?? ""), deleteName(setNames[1] ?? "")],
      account: {},
    },
  });
}
