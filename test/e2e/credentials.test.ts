/**
 * Where a token set in stack config ends up, under the real Pulumi CLI. The engine records the
 * whole stack config as the inputs (and outputs) of the default `pulumi-nodejs` provider, the one
 * every dynamic resource runs on. A token set with `--secret` is stored encrypted there (see
 * basic.test.ts); one set without it is stored in plain text. This pins that engine behaviour, so
 * the README's advice (use `--secret`, or the environment) stays true; none of our resources holds
 * the token either way.
 */
import { join } from "node:path";
import { findSecretSpellings } from "./scan-state";
import { describeWithPulumi, usePulumiStack } from "./use-pulumi-stack";
import { useSeededEmulator } from "./use-seeded-emulator";
import { ACME, TOKEN } from "../emulator/fixtures";

describeWithPulumi("a token in stack config without --secret, under the real Pulumi CLI", () => {
  const emulator = useSeededEmulator();
  const stack = usePulumiStack({
    projectName: "acns-plain-config",
    programModule: join(__dirname, "programs", "single-set.ts"),
    params: {
      accountId: ACME,
      nsSet: 4,
      nameservers: ["ns1.config-test.example", "ns2.config-test.example"],
    },
    config: () => ({
      "cloudflare:apiToken": { value: TOKEN, secret: false },
      "cloudflare:baseUrl": { value: emulator.url },
    }),
  });

  test("the engine stores it in plain text in the pulumi-nodejs provider's state, and only there", async () => {
    const up = await stack.up();
    expect(up.error).toBeNull();
    // The resources warn about it at program time, without the value.
    const warnings = up.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message.trim());
    expect(warnings).toContain(
      "cloudflare:apiToken is set in stack config without --secret, so Pulumi stores it in plain text in " +
        "this stack's state (the pulumi-nodejs provider's inputs); set it again with " +
        "`pulumi config set --secret cloudflare:apiToken <value>`, or use the environment " +
        "(CLOUDFLARE_API_TOKEN) instead",
    );
    expect(findSecretSpellings(TOKEN, JSON.stringify(up.diagnostics))).toEqual([]);
    const exported = JSON.parse(await stack.exportStackAsUser()) as {
      deployment: {
        resources: { urn: string; inputs?: Record<string, unknown>; outputs?: Record<string, unknown> }[];
      };
    };
    const holding = exported.deployment.resources.filter(
      (r) => findSecretSpellings(TOKEN, JSON.stringify(r)).length > 0,
    );
    expect(holding.map((r) => r.urn)).toEqual([
      "urn:pulumi:dev::acns-plain-config::pulumi:providers:pulumi-nodejs::default",
    ]);
    expect(holding[0]?.inputs?.["cloudflare:apiToken"]).toBe(TOKEN);
    expect(holding[0]?.outputs?.["cloudflare:apiToken"]).toBe(TOKEN);
  });

  test("destroy leaves the emulator as seeded", async () => {
    const destroy = await stack.destroy();
    expect(destroy.error).toBeNull();
    expect(emulator.store.snapshot()).toEqual(emulator.seedSnapshot());
  });
});
