/**
 * The plugin's resources as classes for a program: the same arguments and outputs as the dynamic
 * classes, registered under the package's type tokens (`cloudflare-acns:index:ZoneAcnsBinding`),
 * so the `pulumi-resource-cloudflare-acns` plugin serves them. The plugin's `construct` makes the
 * component's children with these; the output names come from the package schema.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccountCustomNameservers, type ChildClasses } from "../component/account-custom-nameservers";
import { PulumiTypeTokens, type PulumiResourceToken } from "../core/package-schema";
import { getPackageSchema } from "./schema";

/** The output names of a resource, as the package schema declares them. */
function listOutputs(token: PulumiResourceToken): string[] {
  return Object.keys(getPackageSchema().resources[token]?.properties ?? {});
}

/**
 * A class registering `type` with the plugin. Its instances carry every output the schema lists,
 * as the dynamic class of the same name does (same constructor, same outputs).
 */
function pluginClass<T>(token: PulumiResourceToken): T {
  class PluginResource extends pulumi.CustomResource {
    constructor(name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
      const outputs = Object.fromEntries(listOutputs(token).map((key) => [key, undefined]));
      super(token, name, { ...outputs, ...args }, opts);
    }
  }
  // Same constructor arguments and output properties as the dynamic class it stands for.
  return PluginResource as unknown as T;
}

/** The plugin's resources, under the names of the dynamic classes. */
export const PluginClasses: ChildClasses = {
  AccountNameserverSet: pluginClass(PulumiTypeTokens.AccountNameserverSet),
  CustomNameserverSet: pluginClass(PulumiTypeTokens.CustomNameserverSet),
  ZoneAcnsBinding: pluginClass(PulumiTypeTokens.ZoneAcnsBinding),
  AccountDefaultNameservers: pluginClass(PulumiTypeTokens.AccountDefaultNameservers),
};

/** The component with the plugin's resources as its children: what the plugin's `construct` makes. */
export class PluginAccountCustomNameservers extends AccountCustomNameservers {
  protected static override readonly childClasses: ChildClasses = PluginClasses;
}
