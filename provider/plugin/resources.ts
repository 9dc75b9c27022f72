/**
 * The plugin's resources: each type token with the run-time implementation it shares with the
 * dynamic resources (one check/diff/create/read/update/delete, one set of API calls) and the input
 * names the resource declares, from which the plugin answers `diff` per property and `read` for an
 * import.
 */
import { ACCOUNT_DEFAULT_NAMESERVERS_INPUTS } from "../resources/account-default-nameservers-runtime";
import { ACCOUNT_NAMESERVER_SET_INPUTS } from "../resources/account-nameserver-set-inputs";
import { CUSTOM_NAMESERVER_SET_INPUTS } from "../resources/custom-nameserver-set-inputs";
import { ResourceTypeNames, type ResourceTypeName } from "../resources/resource-types";
import * as Runtime from "../resources/runtime";
import { ZONE_ACNS_BINDING_INPUTS } from "../resources/zone-acns-binding-inputs";

/** The Pulumi package name: type tokens read `cloudflare-acns:index:<Type>`. */
export const PACKAGE = "cloudflare-acns";

/** The plugin executable Pulumi looks for: `pulumi-resource-<package>`. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PACKAGE}`;

/** The type token of a resource or the component in the package, e.g. `cloudflare-acns:index:ZoneAcnsBinding`. */
export function formatPackageToken(type: string): string {
  return `${PACKAGE}:index:${type}`;
}

/** One of the run-time implementations (`Runtime.zoneAcnsBinding`, ...). */
export type RuntimeResource = (typeof Runtime)["zoneAcnsBinding"];

export interface PluginResource {
  type: ResourceTypeName;
  runtime: RuntimeResource;
  /** The inputs the resource declares, in the order its docs list them. */
  inputs: readonly string[];
}

const RESOURCES: readonly PluginResource[] = [
  {
    type: ResourceTypeNames.AccountNameserverSet,
    runtime: Runtime.accountNameserverSet,
    inputs: ACCOUNT_NAMESERVER_SET_INPUTS,
  },
  {
    type: ResourceTypeNames.ZoneAcnsBinding,
    runtime: Runtime.zoneAcnsBinding,
    inputs: ZONE_ACNS_BINDING_INPUTS,
  },
  {
    type: ResourceTypeNames.AccountDefaultNameservers,
    runtime: Runtime.accountDefaultNameservers,
    inputs: ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
  },
  {
    type: ResourceTypeNames.CustomNameserverSet,
    runtime: Runtime.customNameserverSet,
    inputs: CUSTOM_NAMESERVER_SET_INPUTS,
  },
];

const BY_TOKEN = new Map(RESOURCES.map((r) => [formatPackageToken(r.type), r]));

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`): its last type part. */
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** The resource a URN names; throws for a type this package does not have, naming it. */
export function resourceOfUrn(urn: string): PluginResource {
  const token = typeOfUrn(urn);
  const found = BY_TOKEN.get(token);
  if (found === undefined) {
    const known = [...BY_TOKEN.keys()].join(", ");
    throw new Error(
      `${PLUGIN_EXECUTABLE} has no resource type ${JSON.stringify(token)} (${urn}); it serves ${known}`,
    );
  }
  return found;
}
