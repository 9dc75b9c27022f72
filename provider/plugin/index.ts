/**
 * `pulumi-cloudflare-acns/plugin`: the resources and the component for TypeScript programs that
 * use the provider plugin `pulumi-resource-cloudflare-acns` instead of dynamic providers. Same
 * arguments and outputs as the classes of `pulumi-cloudflare-acns`; what differs is what serves
 * them (see the README, "Dynamic classes or the provider plugin").
 */
import { PluginAccountCustomNameservers, PluginClasses } from "./classes";

export const { AccountNameserverSet, CustomNameserverSet, ZoneAcnsBinding, AccountDefaultNameservers } =
  PluginClasses;
export type AccountNameserverSet = InstanceType<typeof AccountNameserverSet>;
export type CustomNameserverSet = InstanceType<typeof CustomNameserverSet>;
export type ZoneAcnsBinding = InstanceType<typeof ZoneAcnsBinding>;
export type AccountDefaultNameservers = InstanceType<typeof AccountDefaultNameservers>;

/** The component, its children the plugin's resources (made in the program: no `construct` needed). */
export const AccountCustomNameservers = PluginAccountCustomNameservers;
export type AccountCustomNameservers = PluginAccountCustomNameservers;

export { PLUGIN_EXECUTABLE } from "./resources";
// The arguments and output shapes are the dynamic classes' own.
export type {
  AccountDefaultNameserversArgs,
  AccountNameserverSetArgs,
  CustomNameserverSetArgs,
  CustomNameserverSetGlue,
  CustomNameserverSetNameserver,
  GlueRecord,
  ZoneAcnsBindingArgs,
  ZoneNameserversRecord,
} from "../resources";
export type {
  AccountCustomNameserversArgs,
  AccountCustomNameserversSetArgs,
  AccountCustomNameserversZoneArgs,
} from "../component";
