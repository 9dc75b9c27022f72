/**
 * The component's configuration as the validator sees it: Pulumi inputs read as known values now
 * (outputs and promises as unknown), or unwrapped from their serialized secrets later.
 */
import * as pulumi from "@pulumi/pulumi";
import { isObject } from "../core/validate-state";
import { UNKNOWN_VALUE } from "../resources/unknowns";
import { type AccountCustomNameserversArgs } from "./account-custom-nameservers-args";

/**
 * The configuration the validator sees, in the {@link AcnsConfig} shape, with each value passed
 * through `read` (which turns outputs into the unknown sentinel for the synchronous check, or
 * keeps them for serialization). Fields left out stay out, as the validator is strict.
 */
export function describeConfig(
  args: AccountCustomNameserversArgs,
  read: (value: unknown) => unknown,
): unknown {
  return {
    accountId: read(args.accountId),
    ...(args.defaultNameservers === undefined ? {} : { defaultNameservers: read(args.defaultNameservers) }),
    sets: args.sets.map((set) => ({ nsSet: set.nsSet, nameservers: read(set.nameservers) })),
    ...(args.customSets === undefined
      ? {}
      : {
          customSets: args.customSets.map((set) => ({
            key: set.key,
            nameservers: read(set.nameservers),
            ...(set.advanced === undefined ? {} : { advanced: read(set.advanced) }),
            ...(set.ipSet === undefined ? {} : { ipSet: read(set.ipSet) }),
          })),
        }),
    zones: args.zones.map((zone) => ({
      name: zone.name,
      ...(zone.zoneId === undefined ? {} : { zoneId: read(zone.zoneId) }),
      ...(zone.nsSet === undefined ? {} : { nsSet: read(zone.nsSet) }),
      ...(zone.customSet === undefined ? {} : { customSet: zone.customSet }),
      ...(zone.restoreTo === undefined ? {} : { restoreTo: read(zone.restoreTo) }),
    })),
    ...(args.liveZones === undefined ? {} : { liveZones: read(args.liveZones) }),
  };
}

/** A value as known now: outputs and promises are unknown, lists and objects are read item by item. */
export function readKnownValue(value: unknown): unknown {
  if (pulumi.Output.isInstance(value) || isPromiseLike(value)) return UNKNOWN_VALUE;
  if (Array.isArray(value)) return value.map(readKnownValue);
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, readKnownValue(v)]));
  }
  return value;
}

function isPromiseLike(value: unknown): boolean {
  return (
    typeof value === "object" && value !== null && typeof (value as { then?: unknown }).then === "function"
  );
}
