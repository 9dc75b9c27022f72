/**
 * The plugin's resources: each type token (core's `PulumiTypeTokens`) with the run-time
 * implementation it shares with the dynamic resources (one check/diff/create/read/update/delete, one
 * set of API calls) and the inputs it declares (core's `ResourcePropertyLists`), from which the
 * plugin answers `diff` per property and `read` for an import.
 */
import {
  PULUMI_PACKAGE_NAME,
  PulumiTypeTokens,
  ResourcePropertyLists,
  type PulumiResourceToken,
} from "../core/package-schema";
import * as Runtime from "../resources/runtime";

/** The plugin executable Pulumi looks for: `pulumi-resource-<package>`. */
export const PLUGIN_EXECUTABLE = `pulumi-resource-${PULUMI_PACKAGE_NAME}`;

/** One of the run-time implementations (`Runtime.zoneAcnsBinding`, ...). */
export type RuntimeResource = (typeof Runtime)["zoneAcnsBinding"];

export interface PluginResource {
  token: PulumiResourceToken;
  runtime: RuntimeResource;
  /** The inputs the resource declares. */
  inputs: readonly string[];
}

const RUNTIMES: Record<PulumiResourceToken, RuntimeResource> = {
  [PulumiTypeTokens.AccountNameserverSet]: Runtime.accountNameserverSet,
  [PulumiTypeTokens.ZoneAcnsBinding]: Runtime.zoneAcnsBinding,
  [PulumiTypeTokens.AccountDefaultNameservers]: Runtime.accountDefaultNameservers,
  [PulumiTypeTokens.CustomNameserverSet]: Runtime.customNameserverSet,
};

function isResourceToken(token: string): token is PulumiResourceToken {
  return Object.hasOwn(RUNTIMES, token);
}

/** The type token of a URN (`urn:pulumi:<stack>::<project>::<qualified type>::<name>`): its last type part. */
export function tokenOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** The resource a URN names; throws for a type this package does not have, naming it. */
export function resourceOfUrn(urn: string): PluginResource {
  const token = tokenOfUrn(urn);
  if (!isResourceToken(token)) {
    const known = Object.keys(RUNTIMES).join(", ");
    throw new Error(
      `${PLUGIN_EXECUTABLE} has no resource type ${JSON.stringify(token)} (${urn}); it serves ${known}`,
    );
  }
  return { token, runtime: RUNTIMES[token], inputs: ResourcePropertyLists[token].inputs };
}
