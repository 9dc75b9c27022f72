/**
 * The component's failures that happen after it registered: a check that waits for outputs, and
 * the zone-id lookup. Each scenario runs in a process of its own (see run-scenario.ts), which
 * sees, as Pulumi's runner does, the one error every child's registration fails with.
 */
import { join } from "node:path";
import { runScenario } from "./scenario-process";

const SCENARIOS = join(__dirname, "scenarios.ts");
const COMPONENT = {
  type: "cloudflare-acns:index:AccountCustomNameservers",
  name: "acns",
  // Mocked programs register no stack resource, so a top-level resource has no parent.
  parent: "",
  dependencies: [],
  inputs: {},
};

jest.setTimeout(60_000);

test("a rule broken by values that resolve later fails every child: one error, no child registered", async () => {
  const report = await runScenario(SCENARIOS, "conflictOnceResolved", { preview: false });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        `AccountCustomNameservers "acns" breaks Cloudflare's rules for account custom nameservers; none of its resources is created or changed:\n` +
        `  error[hierarchy-conflict] zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant chain must use different sets; give "a.example.com" another set (2 is free on its chain)`,
    },
  ]);
  expect(report.thrown).toBeNull();
  expect(report.warnings).toEqual([]);
  expect(report.registrations).toEqual([COMPONENT]);
  expect(report.outputs).toBeNull();
});

test("zones the account does not have stop everything, named in one error", async () => {
  const report = await runScenario(SCENARIOS, "zoneNotInAccount", { preview: false });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        'AccountCustomNameservers "acns": zones "missing.example" and "gone.example" are not zones of account ' +
        "0123456789abcdef0123456789abcdef; add the zone to the account first, correct the name, or give its zoneId",
    },
  ]);
  expect(report.registrations).toEqual([COMPONENT]);
});

test("a failed zone-id lookup stops everything and says how to avoid it", async () => {
  const report = await runScenario(SCENARIOS, "lookupFails", { preview: false });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        'AccountCustomNameservers "acns": looking up the ids of zone "example.com" in account ' +
        "0123456789abcdef0123456789abcdef failed: GET /zones: 403 Forbidden (Cloudflare code 10000); give their " +
        "zoneId, or check the credentials (cloudflare:apiToken) and cloudflare:baseUrl",
    },
  ]);
  expect(report.registrations).toEqual([COMPONENT]);
});

test("a preview with unknowns still fails on what is known, before any child registers", async () => {
  const report = await runScenario(SCENARIOS, "previewConflictBesideUnknown", { preview: true });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        `AccountCustomNameservers "acns" breaks Cloudflare's rules for account custom nameservers; none of its resources is created or changed:\n` +
        `  error[hierarchy-conflict] zones[1].nsSet: zone "a.example.com" and its parent "example.com" both use ns_set 1; zones on one ancestor/descendant chain must use different sets; no usable set is free on the chain of "a.example.com"; declare another set (2-5 would be free there) and give it to "a.example.com"`,
    },
  ]);
  expect(report.warnings).toEqual([]);
  // Only the component and the test source: no child of the component.
  expect(report.registrations.map((r) => r.name).sort()).toEqual(["acns", "source"]);
});

test("an update no order can apply fails the preview with the planner's message and the stepping-stone set", async () => {
  const report = await runScenario(SCENARIOS, "swapOnOneChain", { preview: true });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        `AccountCustomNameservers "acns": no order of this update's changes keeps account 0123456789abcdef0123456789abcdef ` +
        "within Cloudflare's rules at every step, so none of its resources is created or changed:\n" +
        "  these changes wait on each other, so no order applies them in one update: " +
        'zone "a.example.com" can move to set 1 only after its parent "example.com" has left it (zones on one ancestor/descendant chain must use different sets); ' +
        'zone "example.com" can move to set 2 only after its child "a.example.com" has left it (zones on one ancestor/descendant chain must use different sets); ' +
        'move "a.example.com" through a free set first: declare set 3 with 2-5 new names, put "a.example.com" on it and apply, ' +
        'then apply this configuration (set 3 is the lowest number no set and no zone on the chain of "a.example.com" uses)',
    },
  ]);
  expect(report.registrations).toEqual([COMPONENT]);
});

test("a failed live read stops everything and says what it was for", async () => {
  const report = await runScenario(SCENARIOS, "liveReadFails", { preview: false });
  expect(report.errors).toEqual([
    {
      name: "AcnsComponentError",
      message:
        'AccountCustomNameservers "acns": reading account 0123456789abcdef0123456789abcdef (to order this ' +
        "update's changes) failed: GET /accounts/0123456789abcdef0123456789abcdef/custom_ns: 403 Forbidden " +
        "(Cloudflare code 10000); check the credentials (cloudflare:apiToken) and cloudflare:baseUrl",
    },
  ]);
  expect(report.registrations).toEqual([COMPONENT]);
});
