/**
 * The inputs of `ZoneAcnsBinding` at run time: reading and checking them (pure: no API call), and
 * the set they put the zone on.
 */
import { describeValue } from "../core/wording";
import { type ZoneSetTarget } from "../core/cloudflare";
import { checkRestoreTarget, describeZoneNameservers, ZoneRestoreTarget } from "../core/zone-nameservers";
import { Limits } from "../core/limits";
import { readField, requireKnownInputs, openInputs, type CheckFailure, type Unknown } from "./inputs";
import {
  ZONE_ACNS_BINDING_INPUTS,
  ZONE_ACNS_BINDING_REPLACE_FIELDS,
  ZoneAcnsBindingInput,
  ZoneAcnsBindingProperties,
  RESOURCE_INPUT_HINTS,
} from "../core/resource-inputs";
import { ResourceTypeNames } from "./resource-types";
import { toNameSet } from "./shared";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.ZoneAcnsBinding;
// A list's entry here is one of the set's names (the set's output).
const CONTEXT = {
  resourceType: TYPE,
  hints: { ...RESOURCE_INPUT_HINTS, "": RESOURCE_INPUT_HINTS.setNameservers ?? "" },
};

export { ZONE_ACNS_BINDING_INPUTS, ZONE_ACNS_BINDING_REPLACE_FIELDS };

export interface ZoneAcnsBindingInputs {
  zoneId: string;
  /** The numbered set; absent when the binding names a Custom Nameserver Set instead. */
  nsSet?: number;
  /** The account-owned Custom Nameserver Set; present only when given (then `nsSet` is not). */
  nameserverSetId?: string;
  /** Present only when given. */
  zoneName?: string;
  /** The set's names as its resource has them, normalised and sorted; present only when given. */
  setNameservers?: string[];
  /** Where delete puts the zone when nothing earlier is recorded; present only when given. */
  restoreTo?: ZoneRestoreTarget;
}

interface PartialBindingInputs {
  zoneId: string | Unknown;
  nsSet?: number | Unknown;
  nameserverSetId?: string | Unknown;
  zoneName?: string | Unknown;
  setNameservers?: string[] | Unknown;
  restoreTo?: ZoneRestoreTarget | Unknown;
}

export function normaliseBindingInputs(news: unknown): {
  inputs: PartialBindingInputs;
  failures: CheckFailure[];
} {
  const { raw, failures } = openInputs(news, ZONE_ACNS_BINDING_INPUTS, CONTEXT);
  const fields = ZoneAcnsBindingInput.shape;
  const zoneId = readField(fields.zoneId, raw.zoneId, "zoneId", CONTEXT, failures);
  const customGiven = raw.nameserverSetId !== undefined && raw.nameserverSetId !== null;
  const nameserverSetId = customGiven
    ? readField(fields.nameserverSetId, raw.nameserverSetId, "nameserverSetId", CONTEXT, failures)
    : undefined;
  if (customGiven && raw.nsSet !== undefined && raw.nsSet !== null) {
    failures.push({
      property: "nsSet",
      reason:
        `give nsSet (a numbered set, 1-5) or nameserverSetId (a Custom Nameserver Set), not both: got nsSet ` +
        `${describeValue(raw.nsSet)} and nameserverSetId ${describeValue(raw.nameserverSetId)}; remove one`,
    });
  }
  // nsSet omitted means set 1, as in Cloudflare, unless the binding names a Custom Nameserver Set.
  const nsSet = customGiven ? undefined : readField(fields.nsSet, raw.nsSet, "nsSet", CONTEXT, failures);
  const zoneName = readField(fields.zoneName, raw.zoneName, "zoneName", CONTEXT, failures);
  const setNameservers = readSetNameservers(raw.setNameservers, failures);
  const restoreTo = readRestoreTo(raw.restoreTo, failures);
  const inputs: PartialBindingInputs = customGiven
    ? { zoneId: zoneId ?? "", nameserverSetId: nameserverSetId ?? "" }
    : { zoneId: zoneId ?? "", nsSet: nsSet ?? Limits.DEFAULT_NS_SET };
  if (zoneName !== undefined) inputs.zoneName = zoneName;
  if (setNameservers !== undefined) inputs.setNameservers = setNameservers;
  if (restoreTo !== undefined) inputs.restoreTo = restoreTo;
  if (nsSet !== undefined && !isUnknown(nsSet) && restoreTo !== undefined && !isUnknown(restoreTo)) {
    const problem = checkRestoreTarget(nsSet, restoreTo);
    if (problem !== undefined) {
      failures.push({
        property: "restoreTo",
        reason: `restoreTo ${JSON.stringify(restoreTo)} cannot be used: ${problem.why}; ${problem.fix}`,
      });
    }
  }
  return { inputs, failures };
}

/**
 * Where delete puts the zone when nothing earlier is recorded (see {@link deleteBinding}): one of
 * the settings this package writes ({@link ZoneRestoreTarget}).
 */
function readRestoreTo(raw: unknown, failures: CheckFailure[]): ZoneRestoreTarget | Unknown | undefined {
  if (containsUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return undefined;
  return readField(ZoneRestoreTarget, raw, "restoreTo", CONTEXT, failures);
}

/** A recorded `restoreTo` from state; anything malformed reads as not given. */
export function readRecordedRestoreTo(value: unknown): ZoneRestoreTarget | undefined {
  const parsed = ZoneRestoreTarget.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The set's names (the `AccountNameserverSet`'s `nameservers` output), normalised, without
 * duplicates and sorted, so that only a real change of the set's names shows as a change.
 */
function readSetNameservers(raw: unknown, failures: CheckFailure[]): string[] | Unknown | undefined {
  // During preview the set's output is unknown while the set itself changes.
  if (containsUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return undefined;
  const names = readField(ZoneAcnsBindingProperties.setNameservers, raw, "setNameservers", CONTEXT, failures);
  return names === undefined || isUnknown(names) ? undefined : toNameSet(names);
}

export function requireBindingInputs(news: unknown): ZoneAcnsBindingInputs {
  return requireKnownInputs(TYPE, normaliseBindingInputs(news)) as ZoneAcnsBindingInputs;
}

/** The set the binding puts its zone on. */
export function targetOf(inputs: {
  nsSet?: number | undefined;
  nameserverSetId?: string | undefined;
}): ZoneSetTarget {
  return inputs.nameserverSetId !== undefined
    ? { type: "custom", nameserver_set_id: inputs.nameserverSetId }
    : { type: "custom.account", ns_set: inputs.nsSet ?? Limits.DEFAULT_NS_SET };
}

/** The set a binding's state records, or null when it records none (a refresh found the zone off). */
export function recordedTarget(state: Record<string, unknown>): ZoneSetTarget | null {
  if (typeof state.nameserverSetId === "string")
    return { type: "custom", nameserver_set_id: state.nameserverSetId };
  return typeof state.nsSet === "number" ? { type: "custom.account", ns_set: state.nsSet } : null;
}

/** A set in messages: `ns_set 2`, or `custom nameserver set <id>`. */
export function describeTarget(target: ZoneSetTarget): string {
  return target.type === "custom.account" ? `ns_set ${target.ns_set}` : describeZoneNameservers(target);
}

/** The set fields of the outputs: `nsSet` (null on a Custom Nameserver Set) and `nameserverSetId`. */
export function targetOutputs(target: ZoneSetTarget): { nsSet: number | null; nameserverSetId?: string } {
  return target.type === "custom.account"
    ? { nsSet: target.ns_set }
    : { nsSet: null, nameserverSetId: target.nameserver_set_id };
}

/** The input that names the binding's set. */
export function describeField(target: ZoneSetTarget): "nsSet" | "nameserverSetId" {
  return target.type === "custom" ? "nameserverSetId" : "nsSet";
}
