/**
 * The provider plugin `pulumi-resource-cloudflare-acns` under the real Pulumi CLI, from a
 * TypeScript program (`pulumi-cloudflare-acns/plugin`), against the emulator: the project points
 * Pulumi at the plugin with `plugins.providers[].path`, as the README says. What the dynamic
 * resources cannot do is pinned here: per-property diffs, the `import` option, and a token set
 * without `--secret` kept secret in state.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { findSecretSpellings } from "./scan-state";
import { listChanges, listErrors } from "./steps";
import { describeWithPulumi, usePulumiStack } from "./use-pulumi-stack";
import { useSeededEmulator } from "./use-seeded-emulator";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";

const NET = zoneId("example.net");
const US = zoneId("us.example.com");
const NAMES = ["ns1.plugin-test.example", "ns2.plugin-test.example"];
const PARAMS = { accountId: ACME, nsSet: 4, nameservers: NAMES, zoneId: NET };

describeWithPulumi("the provider plugin under the real Pulumi CLI", () => {
  const emulator = useSeededEmulator();
  const stack = usePulumiStack({
    projectName: "acns-plugin",
    programModule: join(__dirname, "programs", "plugin.ts"),
    params: PARAMS,
    setUpProject: (dir) =>
      writeFileSync(
        join(dir, "Pulumi.yaml"),
        [
          "name: acns-plugin",
          "runtime: nodejs",
          "plugins:",
          "  providers:",
          "    - name: cloudflare-acns",
          `      path: ${join(dir, "node_modules", "pulumi-cloudflare-acns", "bin")}`,
          "",
        ].join("\n"),
      ),
    // Without --secret on purpose: the plugin's CheckConfig makes it secret.
    config: () => ({
      "cloudflare-acns:apiToken": { value: TOKEN, secret: false },
      "cloudflare-acns:baseUrl": { value: emulator.url },
    }),
  });
  const zoneNameservers = (id: string) =>
    emulator.store.snapshot().zones.find((z) => z.id === id)?.nameservers;
  const setNames = (nsSet: number) =>
    emulator.store
      .snapshot()
      .nameservers.filter((n) => n.accountId === ACME && n.ns_set === nsSet)
      .map((n) => n.ns_name)
      .sort();
  let from = 0;

  test("up creates the set, then puts the zone on it", async () => {
    from = emulator.store.markTimeline();
    const up = await stack.up();
    expect(listErrors(up.diagnostics)).toEqual([]);
    expect(listChanges(up.steps)).toEqual([
      "create acns-plugin-dev",
      "create default",
      "create set-4",
      "create zone",
    ]);
    expect(setNames(4)).toEqual(NAMES);
    expect(zoneNameservers(NET)).toEqual({ type: "custom.account", ns_set: 4 });
    expect(await stack.outputs()).toMatchObject({
      setNameservers: { value: NAMES },
      zoneNameservers: { value: NAMES },
    });
  });

  test("a preview right after shows no changes", async () => {
    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.succeeded).toBe(true);
    expect(listChanges(preview.steps)).toEqual([]);
  });

  test("the token set without --secret is a secret in state, and in plain text nowhere", async () => {
    const exported = await stack.exportStackAsUser();
    expect(findSecretSpellings(TOKEN, exported)).toEqual([]);
    const { deployment } = JSON.parse(exported) as {
      deployment: { resources: { urn: string; inputs?: Record<string, unknown> }[] };
    };
    const provider = deployment.resources.find((r) =>
      r.urn.endsWith("::pulumi:providers:cloudflare-acns::default"),
    );
    expect(provider?.inputs?.apiToken).toEqual({
      "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
      ciphertext: expect.any(String),
    });
    expect(provider?.inputs?.baseUrl).toBe(emulator.url);
  });

  test("a preview of new names shows the per-property diff of an in-place update", async () => {
    await stack.setParams({ ...PARAMS, nameservers: [...NAMES, "ns3.plugin-test.example"] });
    const preview = await stack.preview({ diff: true });
    expect(preview.succeeded).toBe(true);
    expect(listChanges(preview.steps)).toEqual([
      "update set-4 [nameservers]",
      "update zone [setNameservers]",
    ]);
  });

  test("up applies it in place through a lost answer (the shared client's retry), the zone on its set throughout", async () => {
    // The new name is created, then the connection drops before the answer: the retry finds it made.
    const fault = emulator.store.faults.add({
      method: "POST",
      path: `/accounts/${ACME}/custom_ns`,
      action: { kind: "drop", when: "after-commit" },
    });
    emulator.takeWrites();
    const up = await stack.up();
    expect(listErrors(up.diagnostics)).toEqual([]);
    expect(listChanges(up.steps)).toEqual(["update set-4 [nameservers]", "update zone [setNameservers]"]);
    expect(fault.fired).toBe(1);
    // The retry reads the set first and finds the name there: one write.
    expect(emulator.takeWrites()).toEqual([`POST /accounts/${ACME}/custom_ns`]);
    expect(setNames(4)).toEqual([...NAMES, "ns3.plugin-test.example"]);
    expect(zoneNameservers(NET)).toEqual({ type: "custom.account", ns_set: 4 });
    emulator.store.assertContinuity({ from });
  });

  test("a preview of a new zone id shows the replacement on zoneId", async () => {
    await stack.setParams({
      ...PARAMS,
      nameservers: [...NAMES, "ns3.plugin-test.example"],
      zoneId: zoneId("xn--bcher-kva.example"),
    });
    const preview = await stack.preview();
    expect(preview.succeeded).toBe(true);
    expect(listChanges(preview.steps)).toEqual([
      "create-replacement zone [zoneId]",
      "delete-replaced zone",
      "replace zone [zoneId]",
    ]);
    await stack.setParams({ ...PARAMS, nameservers: [...NAMES, "ns3.plugin-test.example"] });
  });

  test("the import option takes over a zone already on its set, writing nothing", async () => {
    emulator.takeWrites();
    await stack.setParams({
      ...PARAMS,
      nameservers: [...NAMES, "ns3.plugin-test.example"],
      importZone: { zoneId: US, nsSet: 2 },
    });
    const up = await stack.up();
    expect(listErrors(up.diagnostics)).toEqual([]);
    expect(listChanges(up.steps)).toEqual(["import imported"]);
    expect(emulator.takeWrites()).toEqual([]);
    const preview = await stack.preview({ expectNoChanges: true });
    expect(preview.succeeded).toBe(true);
  });

  test("destroy leaves the emulator as seeded", async () => {
    const destroy = await stack.destroy();
    expect(listErrors(destroy.diagnostics)).toEqual([]);
    expect(emulator.store.snapshot()).toEqual(emulator.seedSnapshot());
  });
});
