/**
 * The change-scenario matrix under the real Pulumi CLI (issue #9, deliverable 6), part 3: drift
 * repaired by `up --refresh`, destroying an adopted configuration, and two components claiming one
 * set. See change-scenario-kit.ts for the steps each scenario runs.
 */
import {
  ACME,
  SEED_SETS,
  ZONES,
  childUrnOf,
  deleteName,
  describeChangeScenario,
  names,
  postName,
  zonePatch,
  type ChangeScenarioParams,
} from "./change-scenario-kit";

const BUCHER = "xn--bcher-kva.example";

// 12. `up --refresh` after a name was added out of band to a managed set: the set's update removes
// it again, and the binding's `nameservers` output must not keep it.
{
  const set4 = names("refresh-drift", 1, 2);
  const [extra] = names("refresh-drift", 9) as [string];
  const program: ChangeScenarioParams = {
    accountId: ACME,
    sets: [{ name: "set-4", nsSet: 4, nameservers: set4 }],
    bindings: [
      { name: "example-net", zoneId: ZONES["example.net"], nsSet: 4, zoneName: "example.net", set: "set-4" },
    ],
  };
  describeChangeScenario({
    title: "12. up --refresh after a name added out of band",
    project: "refresh-drift",
    initial: program,
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: set4 }, zones: { "example.net": 4 } },
    changes: [
      {
        label: `"${extra}" added to set 4 out of band, then up --refresh`,
        params: program,
        drift: (emulator) => {
          emulator.store.createNameserver(ACME, { ns_name: extra, ns_set: 4 });
        },
        refresh: true,
        plan: { changes: ["update example-net", "update set-4"] },
        writes: [deleteName(extra)],
        account: { sets: { 4: set4 }, zones: { "example.net": 4 } },
        outputs: { sets: { "set-4": set4 }, bindings: { "example-net": set4 }, components: {} },
      },
    ],
    destroy: { writes: [zonePatch("example.net"), ...set4.map(deleteName)], account: {} },
  });
}

// 13. Destroy an adopted configuration: a component with adopt: true over the seed's sets 1-3 and
// the zones already on them; destroy finishes and leaves the account as the seed had it.
{
  const project = "destroy-adopted";
  const zoneOn = (name: keyof typeof ZONES, nsSet: number) => ({ name, nsSet, zoneId: ZONES[name] });
  const zones = [
    zoneOn("example.com", 1),
    zoneOn("eu.example.com", 2),
    zoneOn("shop.eu.example.com", 3),
    zoneOn("us.example.com", 2),
    zoneOn("10.in-addr.arpa", 1),
    zoneOn("1.10.in-addr.arpa", 2),
  ];
  describeChangeScenario({
    title: "13. destroy an adopted configuration",
    project,
    initial: {
      accountId: ACME,
      components: [
        {
          name: "acns",
          adopt: true,
          sets: ([1, 2, 3] as const).map((nsSet) => ({ nsSet, nameservers: [...SEED_SETS[nsSet]] })),
          zones,
        },
      ],
    },
    initialWrites: [],
    initialAccount: {},
    changes: [],
    destroy: {
      steps: [
        `delete ${project}-dev`,
        "delete acns",
        "delete acns-set-1",
        "delete acns-set-2",
        "delete acns-set-3",
        ...zones.map((z) => `delete acns-zone-${z.name}`),
        "delete default",
      ].sort(),
      writes: [],
      account: {},
    },
  });
}

// 14. Two components claiming one set in one program: refused at preview, naming both URNs.
{
  const project = "two-components";
  const alphaNames = names("alpha", 1, 2);
  const betaNames = names("beta", 1, 2);
  const alpha = {
    name: "alpha",
    sets: [{ nsSet: 4, nameservers: alphaNames }],
    zones: [{ name: "example.net", nsSet: 4, zoneId: ZONES["example.net"] }],
  };
  const beta = {
    name: "beta",
    sets: [{ nsSet: 4, nameservers: betaNames }],
    zones: [{ name: BUCHER, nsSet: 4, zoneId: ZONES[BUCHER] }],
  };
  const setUrn = (component: string): string =>
    childUrnOf(project, "AccountNameserverSet", `${component}-set-4`);
  /** The refusal when `first` claimed set 4 before `second` (the engine's order decides which). */
  const refusal = (second: string, first: string) => ({
    severity: "error",
    message:
      `AccountNameserverSet "${second}-set-4" cannot manage set 4 of account ${ACME}: AccountNameserverSet ` +
      `"${first}-set-4" of this program already does, and two resources managing one set would undo each other's ` +
      "change on every update; keep one resource per set (to rename a resource or move it into or out of a " +
      `component, declare it once with the aliases option, e.g. aliases: [{ name: "${first}-set-4" }], instead of ` +
      `declaring it twice)\n  resource: ${setUrn(second)}\n  resource: ${setUrn(first)}\n`,
    // The claim is refused before the resource is registered, so the error has no resource.
    urn: null,
  });
  // Reported twice by the engine (the child's failed input and the program's own error), alike.
  const errors = [
    [refusal("beta", "alpha"), refusal("beta", "alpha")],
    [refusal("alpha", "beta"), refusal("alpha", "beta")],
  ];
  describeChangeScenario({
    title: "14. two components claiming one set",
    project,
    initial: { accountId: ACME, components: [alpha] },
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: alphaNames }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "a second component declares set 4 too",
        params: { accountId: ACME, components: [alpha, beta] },
        plan: { refused: errors, upRefused: errors },
      },
    ],
    destroy: { writes: [zonePatch("example.net"), ...alphaNames.map(deleteName)], account: {} },
  });
}
