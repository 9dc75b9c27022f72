/**
 * The config-file program (the root Pulumi.yaml's `dist/program/main.js`, reading acns.yaml) under
 * the real Pulumi CLI against the emulator. Credentials come from the environment
 * (CLOUDFLARE_API_TOKEN, CLOUDFLARE_BASE_URL), never from stack config.
 *
 * First the root Pulumi.yaml as committed, previewed from the checkout. Then the lifecycle in a GitOps project that installed the package and
 * points `main` at its program, one step per test, in order. It starts the way an existing account
 * does: set 4 was made by hand before acns.yaml managed it, so the first preview refuses to take it
 * over until `cloudflare-acns:adopt` is set.
 */
import { readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../provider/testing";
import type { Diagnostic } from "./driver-protocol";
import { defineLifecycle, readPlacement as readPlacementOf, SETS } from "./lifecycle-steps";
import { findSecretSpellings } from "./scan-state";
import { listErrors } from "./steps";
import { describeWithPulumi, usePulumiStack } from "./use-pulumi-stack";
import { EmulatorStore } from "../../provider/emulator/store";
import { useSeededEmulator } from "./use-seeded-emulator";
import { ACME, SEED_PATH, TOKEN, zoneId } from "../emulator/fixtures";

/** Set 4 as made by hand before the stack adopts it: two names the file declares and one it does not. */
const HAND_MADE_SET_4 = ["ns1.gitops-dns.example", "ns2.gitops-dns.example", "ns9.by-hand.example"];

const EXAMPLE_NET = zoneId("example.net");
const US_EXAMPLE_COM = zoneId("us.example.com");
const PREFIX = `acns-${ACME}`;
const ROOT_MAIN = "main: dist/program/main.js\n";
const INSTALLED_MAIN = "main: node_modules/pulumi-cloudflare-acns/dist/program/main.js\n";
const SET_URN = (n: number): string =>
  `urn:pulumi:dev::cloudflare-acns::cloudflare-acns:index:AccountCustomNameservers$pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet::${PREFIX}-set-${n}`;

interface FileOptions {
  /** Extra names of set 4. */
  extraSet4?: string[];
  /** Also put example.com (the parent of us.example.com) on set 5, which breaks the hierarchy rule. */
  parentOnSet5?: boolean;
}

/** This lifecycle's acns.yaml: sets 4 and 5, example.net and us.example.com on them, the default as seeded. */
function writeConfigFile(dir: string, options: FileOptions = {}): void {
  const set4 = ["ns1.gitops-dns.example", "ns2.gitops-dns.example", ...(options.extraSet4 ?? [])];
  const lines = [
    `accountId: "${ACME}"`,
    // custom.account would need set 1 in the file (and managed: destroy would then delete it).
    "defaultNameservers: cloudflare.standard",
    "sets:",
    "  - nsSet: 4",
    `    nameservers: [${set4.join(", ")}]`,
    "  - nsSet: 5",
    "    nameservers: [ns3.gitops-dns.example, ns4.gitops-dns.example]",
    "zones:",
    "  - name: example.net",
    "    nsSet: 4",
    "  - name: us.example.com",
    "    nsSet: 5",
    ...(options.parentOnSet5 === true ? ["  - name: example.com", "    nsSet: 5"] : []),
    "",
  ];
  writeFileSync(join(dir, "acns.yaml"), lines.join("\n"));
}

/** The distinct error messages (the engine repeats a program's error once per reporter). */
function listDistinctErrors(diagnostics: readonly Diagnostic[]): string[] {
  return [...new Set(listErrors(diagnostics).map((d) => d.message))];
}

describeWithPulumi("the config-file program under the real Pulumi CLI", () => {
  const emulator = useSeededEmulator();
  const credentials = (): Record<string, string> => ({
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: emulator.url,
  });

  describe("the root Pulumi.yaml as committed (main: dist/program/main.js)", () => {
    const stack = usePulumiStack({
      projectName: "cloudflare-acns",
      title: "config-file program, root Pulumi.yaml",
      programModule: join(__dirname, "programs", "config-file.ts"),
      setUpProject: (dir) => {
        writeFileSync(join(dir, "Pulumi.yaml"), readFileSync(join(PACKAGE_ROOT, "Pulumi.yaml"), "utf8"));
        // The checkout's own dist/, as `pulumi preview` in the repository root sees it.
        symlinkSync(join(PACKAGE_ROOT, "dist"), join(dir, "dist"), "dir");
        writeConfigFile(dir);
      },
      env: credentials,
    });

    // The engine starts the dynamic-provider plugin in the directory of `main` (the checkout's
    // dist/program), and the host resolves the serialized providers'
    // require("pulumi-cloudflare-acns/runtime") from there upwards: the checkout's
    // node_modules/pulumi-cloudflare-acns, the link `npm install` makes (scripts/link-self.js).
    test("previews from the checkout: every resource's provider loads pulumi-cloudflare-acns/runtime", async () => {
      emulator.takeWrites();
      const preview = await stack.preview();
      expect(listErrors(preview.diagnostics)).toEqual([]);
      expect(preview.succeeded).toBe(true);
      expect(emulator.takeWrites()).toEqual([]);
    });
  });

  describe("installed in a GitOps project (main: node_modules/pulumi-cloudflare-acns/dist/program/main.js)", () => {
    const stack = usePulumiStack({
      projectName: "cloudflare-acns",
      title: "config-file program, installed",
      programModule: join(__dirname, "programs", "config-file.ts"),
      // As `npm install pulumi-cloudflare-acns` from a registry leaves it: a copy, not a link.
      install: "copy",
      setUpProject: (dir) => {
        const rootProject = readFileSync(join(PACKAGE_ROOT, "Pulumi.yaml"), "utf8");
        expect(rootProject.split(ROOT_MAIN)).toHaveLength(2);
        writeFileSync(join(dir, "Pulumi.yaml"), rootProject.replace(ROOT_MAIN, INSTALLED_MAIN));
        writeConfigFile(dir);
      },
      env: credentials,
    });

    const readPlacement = (): Record<string, unknown> =>
      readPlacementOf(emulator, { exampleNet: EXAMPLE_NET, usExampleCom: US_EXAMPLE_COM });

    defineLifecycle({
      label: "config-file",
      // Inputs and outputs of each of the 5 resources.
      serializedProviders: 10,
      stack,
      emulator,
      token: TOKEN,
      resources: 7,
      readPlacement,
      plan: {
        title: "with cloudflare-acns:adopt, preview plans the component and its 5 resources",
        prepare: () => stack.setConfig("cloudflare-acns:adopt", "true"),
        stepsByType: {
          "pulumi:pulumi:Stack": { create: 1 },
          "pulumi:providers:pulumi-nodejs": { create: 1 },
          AccountCustomNameservers: { create: 1 },
          AccountNameserverSet: { create: 2 },
          ZoneAcnsBinding: { create: 2 },
          AccountDefaultNameservers: { create: 1 },
        },
        changes: [
          `create ${PREFIX}`,
          `create ${PREFIX}-default`,
          `create ${PREFIX}-set-4`,
          `create ${PREFIX}-set-5`,
          `create ${PREFIX}-zone-example.net`,
          `create ${PREFIX}-zone-us.example.com`,
          "create cloudflare-acns-dev",
          "create default",
        ],
      },
      up: {
        title:
          "up adopts set 4 (removing only the name the file does not declare), creates set 5 and moves the zones; the default is already right",
        writes: [
          `DELETE ${SETS}/ns9.by-hand.example`,
          `PATCH /zones/${EXAMPLE_NET}/dns_settings`,
          `PATCH /zones/${US_EXAMPLE_COM}/dns_settings`,
          `POST ${SETS}`,
          `POST ${SETS}`,
        ],
        placement: {
          exampleNet: { type: "custom.account", ns_set: 4 },
          usExampleCom: { type: "custom.account", ns_set: 5 },
          default: "cloudflare.standard",
          set4: ["ns1.gitops-dns.example", "ns2.gitops-dns.example"],
          set5: ["ns3.gitops-dns.example", "ns4.gitops-dns.example"],
        },
        outputs: (outputs) =>
          expect(outputs.accounts?.value).toEqual({
            [ACME]: {
              glueRecords: {
                "4": [
                  { nsName: "ns1.gitops-dns.example", ipv4: "192.0.2.195", ipv6: "2001:db8:99bb:f087::cc95" },
                  { nsName: "ns2.gitops-dns.example", ipv4: "192.0.2.233", ipv6: "2001:db8:7058:bbc4::d6e" },
                ],
                "5": [
                  {
                    nsName: "ns3.gitops-dns.example",
                    ipv4: "203.0.113.183",
                    ipv6: "2001:db8:393:ade6::2c1c",
                  },
                  {
                    nsName: "ns4.gitops-dns.example",
                    ipv4: "203.0.113.183",
                    ipv6: "2001:db8:83e9:1718::4bd4",
                  },
                ],
              },
              nameservers: {
                "example.net": ["ns1.gitops-dns.example", "ns2.gitops-dns.example"],
                "us.example.com": ["ns3.gitops-dns.example", "ns4.gitops-dns.example"],
              },
            },
          }),
      },
      secrets: {
        title:
          "no credential anywhere in the state, even with --show-secrets; each serialized provider is under 8 KB",
        checkShownSecrets: (deployment) =>
          expect(findSecretSpellings(TOKEN, JSON.stringify(deployment))).toEqual([]),
      },
      addName: {
        title:
          "a name added to set 4 in acns.yaml updates that set in place, and example.net's binding reads its names again",
        edit: () => writeConfigFile(stack.projectDir, { extraSet4: ["ns5.gitops-dns.example"] }),
        name: "ns5.gitops-dns.example",
        changes: [`update ${PREFIX}-set-4`, `update ${PREFIX}-zone-example.net`],
        set4: ["ns1.gitops-dns.example", "ns2.gitops-dns.example", "ns5.gitops-dns.example"],
        outputs: (outputs) => {
          const accounts = outputs.accounts?.value as Record<string, { nameservers: unknown }>;
          expect(accounts[ACME]?.nameservers).toEqual({
            "example.net": ["ns1.gitops-dns.example", "ns2.gitops-dns.example", "ns5.gitops-dns.example"],
            "us.example.com": ["ns3.gitops-dns.example", "ns4.gitops-dns.example"],
          });
        },
      },
      drift: {
        title:
          "a name added to set 5 out of band: refresh --preview-only --expect-no-changes fails, preview --refresh --diff shows it, up --refresh removes it",
        make: () => emulator.store.createNameserver(ACME, { ns_name: "ns6.gitops-dns.example", ns_set: 5 }),
        // The binding of us.example.com (on set 5) updates too: its nameservers output lists ns6, which
        // the set's update removes in the same run (issue #9, finding 5).
        changes: [`update ${PREFIX}-set-5`, `update ${PREFIX}-zone-us.example.com`],
        checkPreview: (preview) => expect(preview.stdout).toContain('      - [2]: "ns6.gitops-dns.example"'),
        writes: [`DELETE ${SETS}/ns6.gitops-dns.example`],
        checkRepaired: async () =>
          expect(readPlacement().set5).toEqual(["ns3.gitops-dns.example", "ns4.gitops-dns.example"]),
      },
      hierarchy: {
        title:
          "an acns.yaml that puts example.com on its child's set fails preview with acns validate's lines, and the emulator is unchanged",
        edit: () =>
          writeConfigFile(stack.projectDir, { extraSet4: ["ns5.gitops-dns.example"], parentOnSet5: true }),
        checkErrors: (diagnostics) =>
          expect(listDistinctErrors(diagnostics)).toEqual([
            'acns.yaml:12:12: error[hierarchy-conflict] zones[1].nsSet: zone "us.example.com" and its parent ' +
              '"example.com" both use ns_set 5; zones on one ancestor/descendant chain must use different sets; give ' +
              '"us.example.com" another set (4 is free on its chain)\n\nacns.yaml: invalid, 1 problem; no resource was ' +
              "created or changed\n",
          ]),
        restore: () => writeConfigFile(stack.projectDir, { extraSet4: ["ns5.gitops-dns.example"] }),
      },
      // The adopted set 4 gives back exactly what it found (ns9 re-created, ns5 deleted); set 5 goes.
      destroy: {
        title:
          "destroy moves the zones back, removes set 5 and gives set 4 back as it was found: the seed plus the hand-made set",
        writes: [
          `DELETE ${SETS}/ns3.gitops-dns.example`,
          `DELETE ${SETS}/ns4.gitops-dns.example`,
          `DELETE ${SETS}/ns5.gitops-dns.example`,
          `PATCH /zones/${EXAMPLE_NET}/dns_settings`,
          `PATCH /zones/${US_EXAMPLE_COM}/dns_settings`,
          `POST ${SETS}`,
        ],
        expected: () => {
          const expected = new EmulatorStore({ seed: SEED_PATH });
          for (const name of HAND_MADE_SET_4) expected.createNameserver(ACME, { ns_name: name, ns_set: 4 });
          return expected.snapshot();
        },
      },
      extraTests: {
        // Set 4 made by hand with a name the file does not declare: not what an interrupted create of
        // this stack could have left (that would be taken over, with a warning), so it is refused.
        start: () =>
          test("with set 4 made by hand, preview refuses to take it over without adopt and writes nothing", async () => {
            for (const name of HAND_MADE_SET_4) {
              emulator.store.createNameserver(ACME, { ns_name: name, ns_set: 4 });
            }
            emulator.takeWrites();
            const preview = await stack.preview();
            expect(preview.succeeded).toBe(false);
            const errors = listErrors(preview.diagnostics);
            expect(errors.map((d) => d.urn)).toEqual([SET_URN(4)]);
            // Whether set 5 counts as free depends on whether set-5's Check (which records this
            // program's intent to use it) ran first: the engine checks siblings in no fixed order.
            const refusal =
              `pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet resource '${PREFIX}-set-4': property nsSet ` +
              `value {4} has a problem: nsSet: set 4 of account ${ACME} already holds ` +
              '"ns1.gitops-dns.example", "ns2.gitops-dns.example" and "ns9.by-hand.example", and this resource has no ' +
              "record of managing them. If this stack manages set 4 under another resource name (a rename, or a move " +
              "into AccountCustomNameservers), add the old name to this resource's aliases (e.g. aliases: [{ name: " +
              '"<old name>" }], or { parent: pulumi.rootStackResource } when it moved into a component) so Pulumi keeps ' +
              "managing the same set; to take over a set made outside this stack, set adopt: true (its names that " +
              "nameservers does not list are then removed); or ";
            expect([
              `${refusal}choose a free set (5)\n`,
              `${refusal}free one of the account's sets first\n`,
            ]).toContain(errors[0]?.message);
            expect(emulator.takeWrites()).toEqual([]);
          }),
      },
    });
  });
});
