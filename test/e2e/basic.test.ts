/**
 * examples/basic under the real Pulumi CLI against the emulator: its whole lifecycle, one step per
 * test, in order (each test builds on the one before). The project directory holds a copy of the
 * example; program edits are edits of that copy, as a user makes them. Credentials come from stack
 * config, as the example's README sets them (`--secret` token, base URL). The lifecycle runs twice:
 * with the example's dynamic resources, and with the same program served by the provider plugin.
 */
import { execFile } from "node:child_process";
import { copyFileSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { PACKAGE_ROOT } from "../../provider/testing";
import { DYNAMIC, PLUGIN } from "./flavours";
import { defineLifecycle, readPlacement as readPlacementOf, SETS } from "./lifecycle-steps";
import { findSecretSpellings } from "./scan-state";
import { listErrors } from "./steps";
import { describeWithPulumi, usePulumiStack } from "./use-pulumi-stack";
import { useSeededEmulator } from "./use-seeded-emulator";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";

const EXAMPLE_DIR = join(PACKAGE_ROOT, "examples", "basic");
const EXAMPLE_FILES = ["Pulumi.yaml", "index.ts", "program.ts", "package.json", "tsconfig.json"];
const EXAMPLE_COM = zoneId("example.com");
const EU_EXAMPLE_COM = zoneId("eu.example.com");

/** The glue the emulator derives from each name (deterministic, in the documentation ranges). */
const GLUE = {
  ns1: { nsName: "ns1.basic-dns.example", ipv4: "192.0.2.211", ipv6: "2001:db8:59a2:70fd::c3a0" },
  ns2: { nsName: "ns2.basic-dns.example", ipv4: "198.51.100.70", ipv6: "2001:db8:28f9:7dc9::55a4" },
  ns3: { nsName: "ns3.basic-dns.example", ipv4: "198.51.100.69", ipv6: "2001:db8:460e:7a53::b215" },
  ns4: { nsName: "ns4.basic-dns.example", ipv4: "192.0.2.142", ipv6: "2001:db8:7760:d5cc::d69c" },
  ns5: { nsName: "ns5.basic-dns.example", ipv4: "198.51.100.15", ipv6: "2001:db8:4875:cf17::f514" },
};

const FLAVOURS = [DYNAMIC, PLUGIN];

/**
 * The engine checks sibling resources in no fixed order. When example-com's Check ran first in the
 * provider process, the message names this program's binding; otherwise example.com's set comes
 * from the account (where the last up put it). Both are exact.
 */
function listHierarchyErrors(typePrefix: string): string[] {
  const start =
    `${typePrefix}ZoneAcnsBinding resource 'eu-example-com': property nsSet value {4} has ` +
    'a problem: nsSet: zone "eu.example.com" and its parent "example.com" both use ns_set 4; zones on one ' +
    'ancestor/descendant chain must use different sets; give "eu.example.com" another set (1, 2 and 5 are free on ' +
    "its chain)";
  return [
    `${start}; "example.com" is put on ns_set 4 by another ZoneAcnsBinding of this program\n`,
    `${start}; if this program moves "example.com" to another set in the same update, list that ` +
      "ZoneAcnsBinding in this one's dependsOn so its move runs first (AccountCustomNameservers orders its own " +
      "bindings), or apply that move in an earlier update\n",
  ];
}

describe.each(FLAVOURS)("$title", (flavour) => {
  describeWithPulumi("the lifecycle", () => {
    const emulator = useSeededEmulator();
    const stack = usePulumiStack({
      projectName: "basic",
      programModule: join(__dirname, "programs", "basic.ts"),
      setUpProject: (dir) => {
        for (const file of EXAMPLE_FILES) copyFileSync(join(EXAMPLE_DIR, file), join(dir, file));
        // What `npm install` adds for the example's tsconfig (types: ["node"]).
        symlinkSync(join(PACKAGE_ROOT, "node_modules", "@types"), join(dir, "node_modules", "@types"), "dir");
        flavour.setUp(dir);
      },
      config: () => ({
        [`${flavour.configNamespace}:apiToken`]: { value: TOKEN, secret: true },
        [`${flavour.configNamespace}:baseUrl`]: { value: emulator.url },
      }),
    });

    /** eu.example.com's binding in examples/basic/program.ts, as the file writes it. */
    const EU_ON_SET_5 = 'nsSet: 5,\n      zoneName: "eu.example.com",';

    /** Replaces `from` (which must occur exactly once) in the project's copy of program.ts. */
    function editProgram(from: string, to: string): void {
      const path = join(stack.projectDir, "program.ts");
      const text = readFileSync(path, "utf8");
      expect(text.split(from)).toHaveLength(2);
      writeFileSync(path, text.replace(from, to));
    }

    const readPlacement = (): Record<string, unknown> =>
      readPlacementOf(emulator, { exampleCom: EXAMPLE_COM, euExampleCom: EU_EXAMPLE_COM });

    /** Glue of a set as the emulator serves it, in the outputs' shape. */
    function readGlue(set: number): unknown[] {
      return emulator.store
        .listNameservers(ACME)
        .filter((ns) => ns.ns_set === set)
        .map((ns) => ({
          nsName: ns.ns_name,
          ipv4: ns.dns_records.find((r) => r.type === "A")?.value,
          ipv6: ns.dns_records.find((r) => r.type === "AAAA")?.value,
        }));
    }

    defineLifecycle({
      label: `basic (${flavour.importPath})`,
      serializedProviders: flavour.serializedProviders,
      stack,
      emulator,
      token: TOKEN,
      resources: 6,
      readPlacement,
      plan: {
        title:
          "preview plans the example's 5 resources (plus the stack and the default provider) and writes nothing",
        stepsByType: {
          "pulumi:pulumi:Stack": { create: 1 },
          [flavour.providerType]: { create: 1 },
          AccountNameserverSet: { create: 2 },
          ZoneAcnsBinding: { create: 2 },
          AccountDefaultNameservers: { create: 1 },
        },
        changes: [
          "create basic-dev",
          "create default", // the default provider
          "create default", // AccountDefaultNameservers
          "create eu-example-com",
          "create example-com",
          "create set-4",
          "create set-5",
        ],
      },
      up: {
        title: "up creates the sets, moves both zones onto them and sets the default",
        writes: [
          `PATCH /accounts/${ACME}/dns_settings`,
          `PATCH /zones/${EU_EXAMPLE_COM}/dns_settings`,
          `PATCH /zones/${EXAMPLE_COM}/dns_settings`,
          `POST ${SETS}`,
          `POST ${SETS}`,
          `POST ${SETS}`,
          `POST ${SETS}`,
        ],
        placement: {
          exampleCom: { type: "custom.account", ns_set: 4 },
          euExampleCom: { type: "custom.account", ns_set: 5 },
          default: "custom.account",
          set4: ["ns1.basic-dns.example", "ns2.basic-dns.example"],
          set5: ["ns3.basic-dns.example", "ns4.basic-dns.example"],
        },
      },
      secrets: {
        title:
          "pulumi stack export and the backend's files hold no credential; each serialized provider (dynamic only) is under 8 KB",
        // With --show-secrets (what the Automation API's exportStack runs) the token shows in one place
        // only: the engine records the whole stack config as the pulumi-nodejs provider's inputs and
        // outputs, encrypted since it was set with --secret. None of our resources holds it.
        checkShownSecrets: (deployment) => {
          const resources = (deployment.deployment as { resources: { urn: string }[] }).resources;
          expect(
            resources
              .filter((r) => findSecretSpellings(TOKEN, JSON.stringify(r)).length > 0)
              .map((r) => r.urn),
          ).toEqual([`urn:pulumi:dev::basic::${flavour.providerType}::default`]);
        },
      },
      addName: {
        title:
          "a name added to set-4 in the program updates that set in place, and example-com reads its names again",
        edit: () =>
          editProgram(
            'nameservers: ["ns1.basic-dns.example", "ns2.basic-dns.example"]',
            'nameservers: ["ns1.basic-dns.example", "ns2.basic-dns.example", "ns5.basic-dns.example"]',
          ),
        name: "ns5.basic-dns.example",
        changes: [
          flavour.change("update example-com", "setNameservers"),
          flavour.change("update set-4", "nameservers"),
        ],
        set4: ["ns1.basic-dns.example", "ns2.basic-dns.example", "ns5.basic-dns.example"],
        outputs: (outputs) => {
          expect(outputs.glue4?.value).toEqual([GLUE.ns1, GLUE.ns2, GLUE.ns5]);
          // setNameservers: set4.nameservers makes the binding follow its set's names without a refresh.
          expect(outputs.exampleComNameservers?.value).toEqual([
            "ns1.basic-dns.example",
            "ns2.basic-dns.example",
            "ns5.basic-dns.example",
          ]);
        },
      },
      drift: {
        title:
          "an out-of-band move of eu.example.com: refresh --preview-only --expect-no-changes fails, preview --refresh --diff shows it, up --refresh repairs it",
        make: () => emulator.store.setZoneNameservers(EU_EXAMPLE_COM, { type: "custom.account", ns_set: 2 }),
        changes: [flavour.change("update eu-example-com", "nsSet")],
        checkRefreshPreview: (check) =>
          expect(check.stdout).toContain(
            ` ~  ${flavour.typePrefix}ZoneAcnsBinding eu-example-com update [diff: ~nsSet]`,
          ),
        checkPreview: (preview) => {
          expect(preview.changes).toEqual({ same: 5, update: 1 });
          // What refresh found (the zone on set 2), then what the update will do (back to 5).
          expect(preview.stdout).toMatch(/~ nsSet +: 5 => 2\n/);
          expect(preview.stdout).toMatch(/~ nsSet *: 2 => 5\n/);
        },
        writes: [`PATCH /zones/${EU_EXAMPLE_COM}/dns_settings`],
        checkRepaired: async () => {
          expect(readPlacement().euExampleCom).toEqual({ type: "custom.account", ns_set: 5 });
          // The set's new name is still there after the refresh.
          expect((await stack.outputs()).exampleComNameservers?.value).toEqual([
            "ns1.basic-dns.example",
            "ns2.basic-dns.example",
            "ns5.basic-dns.example",
          ]);
        },
      },
      hierarchy: {
        title:
          "a program that puts eu.example.com on its parent's set fails preview with the rule, and the emulator is unchanged",
        edit: () => editProgram(EU_ON_SET_5, EU_ON_SET_5.replace("nsSet: 5", "nsSet: 4")),
        checkErrors: (diagnostics) => {
          const errors = listErrors(diagnostics);
          expect(errors.map((d) => d.urn)).toEqual([
            `urn:pulumi:dev::basic::${flavour.typePrefix}ZoneAcnsBinding::eu-example-com`,
          ]);
          expect(listHierarchyErrors(flavour.typePrefix)).toContain(errors[0]?.message);
        },
        restore: () => editProgram(EU_ON_SET_5.replace("nsSet: 5", "nsSet: 4"), EU_ON_SET_5),
      },
      destroy: {
        title:
          "destroy puts the zones and the default back and removes sets 4 and 5: the emulator is as seeded",
        writes: [
          `DELETE ${SETS}/ns1.basic-dns.example`,
          `DELETE ${SETS}/ns2.basic-dns.example`,
          `DELETE ${SETS}/ns3.basic-dns.example`,
          `DELETE ${SETS}/ns4.basic-dns.example`,
          `DELETE ${SETS}/ns5.basic-dns.example`,
          `PATCH /accounts/${ACME}/dns_settings`,
          `PATCH /zones/${EU_EXAMPLE_COM}/dns_settings`,
          `PATCH /zones/${EXAMPLE_COM}/dns_settings`,
        ],
        expected: () => emulator.seedSnapshot(),
      },
      extraTests: {
        start: () =>
          test("the example type-checks as a user's project (its tsconfig, the package from node_modules)", async () => {
            const tsc = join(PACKAGE_ROOT, "node_modules", "typescript", "bin", "tsc");
            const run = await promisify(execFile)(process.execPath, [tsc, "-p", "tsconfig.json"], {
              cwd: stack.projectDir,
              timeout: 120_000,
            }).then(
              () => "ok",
              (err: { stdout?: string }) => err.stdout ?? String(err),
            );
            expect(run).toBe("ok");
          }),
        up: () =>
          test("the stack outputs are the glue records and each zone's nameservers, as the emulator has them", async () => {
            const outputs = await stack.outputs();
            expect(outputs).toEqual({
              glue4: { value: [GLUE.ns1, GLUE.ns2], secret: false },
              glue5: { value: [GLUE.ns3, GLUE.ns4], secret: false },
              exampleComNameservers: {
                value: ["ns1.basic-dns.example", "ns2.basic-dns.example"],
                secret: false,
              },
              euExampleComNameservers: {
                value: ["ns3.basic-dns.example", "ns4.basic-dns.example"],
                secret: false,
              },
            });
            expect(outputs.glue4?.value).toEqual(readGlue(4));
            expect(outputs.glue5?.value).toEqual(readGlue(5));
          }),
        secrets: () =>
          test("refresh right after up finds nothing to change (--expect-no-changes) and writes nothing", async () => {
            const refresh = await stack.refresh({ expectNoChanges: true });
            expect(refresh.error).toBeNull();
            expect(emulator.takeWrites()).toEqual([]);
          }),
        destroy: () =>
          test("after destroy the state holds no resource and no credential", async () => {
            const exported = await stack.exportStackAsUser();
            expect(
              (JSON.parse(exported) as { deployment: { resources?: unknown[] } }).deployment.resources ?? [],
            ).toEqual([]);
            expect(findSecretSpellings(TOKEN, exported)).toEqual([]);
          }),
      },
    });
  });
});
