/**
 * A program described by its parameters, for the change-scenario matrix (change-scenarios*.test.ts):
 * stand-alone `AccountNameserverSet`s, `ZoneAcnsBinding`s and `AccountDefaultNameservers`, and
 * `AccountCustomNameservers` components, each with the resource name, `aliases` and `adopt` a
 * scenario needs, so one scenario's "program A" and "program B" are two parameter sets.
 *
 * Outputs: `sets.<name>` (a set's `nameservers`), `bindings.<name>` (a binding's `nameservers`),
 * `components.<name>` (a component's `nameservers` per zone).
 */
import type * as pulumiType from "@pulumi/pulumi";
import { z } from "zod";
import type { E2eProgram } from "../driver-protocol";

type PackageModule = typeof import("../../../provider");

const SetSpec = z.strictObject({
  /** The resource name. */
  name: z.string(),
  nsSet: z.number(),
  nameservers: z.array(z.string()),
  adopt: z.boolean().optional(),
  /** Former names of this resource (`aliases: [{ name }]`). */
  aliases: z.array(z.string()).optional(),
});

const CustomSetSpec = z.strictObject({
  /** The resource name. */
  name: z.string(),
  nameservers: z.array(z.string()),
  aliases: z.array(z.string()).optional(),
});

const BindingSpec = z.strictObject({
  name: z.string(),
  zoneId: z.string(),
  /** The numbered set; leave it out with `customSet`. */
  nsSet: z.number().optional(),
  /** A CustomNameserverSet of this program (by resource name): the binding uses its id and depends on it. */
  customSet: z.string().optional(),
  zoneName: z.string().optional(),
  /** A stand-alone set of this program (by resource name): the binding depends on it and follows its names. */
  set: z.string().optional(),
  /** Other bindings of this program (by resource name) this one depends on. */
  dependsOn: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
});

const DefaultSpec = z.strictObject({
  name: z.string(),
  type: z.enum([
    "cloudflare.standard",
    "cloudflare.advanced",
    "cloudflare.standard.random",
    "custom.account",
    "custom.tenant",
  ]),
  /** Stand-alone sets of this program this default depends on. */
  dependsOn: z.array(z.string()).optional(),
  aliases: z.array(z.string()).optional(),
});

const ComponentSpec = z.strictObject({
  name: z.string(),
  adopt: z.boolean().optional(),
  defaultNameservers: DefaultSpec.shape.type.optional(),
  /** The children's former URNs (the component's `aliases` options). */
  defaultAliases: z.array(z.string()).optional(),
  sets: z.array(
    z.strictObject({
      nsSet: z.number(),
      nameservers: z.array(z.string()),
      aliases: z.array(z.string()).optional(),
    }),
  ),
  zones: z.array(
    z.strictObject({
      name: z.string(),
      nsSet: z.number().optional(),
      zoneId: z.string().optional(),
      aliases: z.array(z.string()).optional(),
    }),
  ),
});

export const ChangeScenarioParams = z.strictObject({
  accountId: z.string(),
  sets: z.array(SetSpec).optional(),
  customSets: z.array(CustomSetSpec).optional(),
  bindings: z.array(BindingSpec).optional(),
  defaults: z.array(DefaultSpec).optional(),
  components: z.array(ComponentSpec).optional(),
});
export type ChangeScenarioParams = z.input<typeof ChangeScenarioParams>;

export const runProgram: E2eProgram = ({ projectDir, params }) => {
  const spec = ChangeScenarioParams.parse(params);
  const resolve = (name: string): string => require.resolve(name, { paths: [projectDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, as users run it
  const acns = require(resolve("pulumi-cloudflare-acns")) as PackageModule;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK the package uses
  const pulumi = require(resolve("@pulumi/pulumi")) as typeof pulumiType;
  const aliasesOf = (names: string[] | undefined): pulumiType.CustomResourceOptions =>
    names === undefined ? {} : { aliases: names.map((name) => ({ name })) };

  const sets = new Map<string, InstanceType<PackageModule["AccountNameserverSet"]>>();
  for (const set of spec.sets ?? []) {
    sets.set(
      set.name,
      new acns.AccountNameserverSet(
        set.name,
        {
          accountId: spec.accountId,
          nsSet: set.nsSet,
          nameservers: set.nameservers,
          ...(set.adopt === undefined ? {} : { adopt: set.adopt }),
        },
        aliasesOf(set.aliases),
      ),
    );
  }
  const findSet = (name: string): InstanceType<PackageModule["AccountNameserverSet"]> => {
    const set = sets.get(name);
    if (set === undefined) throw new Error(`change-scenario: no set named "${name}" in the parameters`);
    return set;
  };

  const customSets = new Map<string, InstanceType<PackageModule["CustomNameserverSet"]>>();
  for (const set of spec.customSets ?? []) {
    customSets.set(
      set.name,
      new acns.CustomNameserverSet(
        set.name,
        { accountId: spec.accountId, nameservers: set.nameservers },
        aliasesOf(set.aliases),
      ),
    );
  }

  const bindings = new Map<string, InstanceType<PackageModule["ZoneAcnsBinding"]>>();
  for (const binding of spec.bindings ?? []) {
    const set = binding.set === undefined ? undefined : findSet(binding.set);
    const customSet = binding.customSet === undefined ? undefined : customSets.get(binding.customSet);
    if (binding.customSet !== undefined && customSet === undefined) {
      throw new Error(`change-scenario: no custom set named "${binding.customSet}" in the parameters`);
    }
    const dependsOn: pulumiType.Resource[] = [
      ...(set === undefined ? [] : [set]),
      ...(binding.dependsOn ?? []).map((name) => {
        const other = bindings.get(name);
        if (other === undefined) throw new Error(`change-scenario: binding "${name}" must come first`);
        return other;
      }),
    ];
    bindings.set(
      binding.name,
      new acns.ZoneAcnsBinding(
        binding.name,
        {
          zoneId: binding.zoneId,
          ...(binding.nsSet === undefined ? {} : { nsSet: binding.nsSet }),
          ...(customSet === undefined ? {} : { nameserverSetId: customSet.nameserverSetId }),
          ...(binding.zoneName === undefined ? {} : { zoneName: binding.zoneName }),
          ...(set === undefined ? {} : { setNameservers: set.nameservers }),
        },
        { dependsOn, ...aliasesOf(binding.aliases) },
      ),
    );
  }

  for (const def of spec.defaults ?? []) {
    new acns.AccountDefaultNameservers(
      def.name,
      { accountId: spec.accountId, type: def.type },
      { dependsOn: (def.dependsOn ?? []).map(findSet), ...aliasesOf(def.aliases) },
    );
  }

  const components: Record<string, pulumiType.Output<Record<string, string[]>>> = {};
  for (const component of spec.components ?? []) {
    const made = new acns.AccountCustomNameservers(component.name, {
      accountId: spec.accountId,
      sets: component.sets,
      zones: component.zones,
      ...(component.adopt === undefined ? {} : { adopt: component.adopt }),
      ...(component.defaultAliases === undefined ? {} : { defaultAliases: component.defaultAliases }),
      ...(component.defaultNameservers === undefined
        ? {}
        : { defaultNameservers: component.defaultNameservers }),
    });
    components[component.name] = made.nameservers;
  }

  return {
    sets: pulumi.all(Object.fromEntries([...sets].map(([name, set]) => [name, set.nameservers]))),
    ...(spec.customSets === undefined
      ? {}
      : {
          customSets: pulumi.all(
            Object.fromEntries([...customSets].map(([name, set]) => [name, set.nameservers])),
          ),
        }),
    bindings: pulumi.all(Object.fromEntries([...bindings].map(([name, b]) => [name, b.nameservers]))),
    components: pulumi.all(components),
  };
};
