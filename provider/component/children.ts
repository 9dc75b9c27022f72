/**
 * The component's children: their resource names, the claims made before they exist, their
 * aliases, and the list the ordering works on.
 */
import * as pulumi from "@pulumi/pulumi";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import {
  describeDefaultClaim,
  describeSetClaim,
  describeZoneClaim,
  type ObjectClaim,
} from "../resources/claims";
import type { ResourceTypeName } from "../resources/resource-types";
import { type ChildList } from "./child-order";
import { type AccountCustomNameserversArgs } from "./account-custom-nameservers-args";

/** A child's `aliases` option, only when some are given. */
export function withAliases(
  aliases: pulumi.Input<pulumi.URN | pulumi.Alias>[] | undefined,
): Pick<pulumi.CustomResourceOptions, "aliases"> {
  return aliases === undefined || aliases.length === 0 ? {} : { aliases };
}

/** The children's resource names (`<name>-set-<n>`, `<name>-zone-<zone>`, `<name>-default`), in one place. */
export const childNames = {
  set: (name: string, nsSet: number): string => `${name}-set-${nsSet}`,
  customSet: (name: string, key: string): string => `${name}-custom-${key}`,
  zone: (name: string, zoneName: string): string => `${name}-zone-${zoneName}`,
  default: (name: string): string => `${name}-default`,
};

/** The claims of the children whose identifying values are plain now (see claimChildrenUpFront). */
export function listUpFrontClaims(
  name: string,
  args: AccountCustomNameserversArgs,
): { type: ResourceTypeName; name: string; claim: ObjectClaim | undefined }[] {
  const accountId = typeof args.accountId === "string" ? args.accountId : undefined;
  const claims: { type: ResourceTypeName; name: string; claim: ObjectClaim | undefined }[] = [];
  if (accountId === undefined) return claims;
  for (const set of args.sets) {
    claims.push({
      type: "AccountNameserverSet",
      name: childNames.set(name, set.nsSet),
      claim: describeSetClaim({ accountId, nsSet: set.nsSet }),
    });
  }
  for (const zone of args.zones) {
    if (typeof zone.zoneId !== "string") continue;
    claims.push({
      type: "ZoneAcnsBinding",
      name: childNames.zone(name, normaliseName(zone.name)),
      claim: describeZoneClaim({ zoneId: zone.zoneId }),
    });
  }
  if (args.defaultNameservers !== undefined) {
    claims.push({
      type: "AccountDefaultNameservers",
      name: childNames.default(name),
      claim: describeDefaultClaim({ accountId }),
    });
  }
  return claims;
}

/** The children the configuration declares, with the set of each zone when it is a plain number. */
export function listChildren(args: AccountCustomNameserversArgs): ChildList {
  return {
    sets: args.sets.map((set) => set.nsSet),
    customSets: (args.customSets ?? []).map((set) => set.key),
    zones: args.zones.map((zone) => {
      if (zone.customSet !== undefined) {
        return { name: normaliseName(zone.name), nsSet: undefined, customSet: zone.customSet };
      }
      const nsSet = zone.nsSet ?? Limits.DEFAULT_NS_SET;
      return { name: normaliseName(zone.name), nsSet: typeof nsSet === "number" ? nsSet : undefined };
    }),
    hasDefault: args.defaultNameservers !== undefined,
  };
}
