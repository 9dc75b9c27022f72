/**
 * The inputs of `CustomNameserverSet` at run time: reading and checking them (pure: no API call).
 * Only Cloudflare's documented rules are checked (see custom-nameserver-set-runtime.ts).
 */
import {
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  describeIpCountMismatch,
  ipCountOfSetEntry,
  nameOfSetEntry,
} from "../core/custom-nameserver-sets";
import type { CustomNameserverSetNameserver } from "./custom-nameserver-set";
import { readField, readInputs, readRecord, openInputs, type CheckFailure, type Unknown } from "./inputs";
import {
  CUSTOM_NAMESERVER_SET_INPUTS,
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
  CustomNameserverSetInput,
  CustomSetNamesInput,
  RESOURCE_INPUT_HINTS,
} from "../core/resource-inputs";
import { ResourceTypeNames } from "./resource-types";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.CustomNameserverSet;
const CONTEXT = { resourceType: TYPE, hints: RESOURCE_INPUT_HINTS };

export { CUSTOM_NAMESERVER_SET_INPUTS, CUSTOM_NAMESERVER_SET_REPLACE_FIELDS };

/** The checked inputs: names normalised (order kept), defaults filled in. */
export interface CustomNameserverSetInputs {
  accountId: string;
  nameservers: CustomNameserverSetNameserver[];
  advanced: boolean;
  ipSet: number;
}

/** One name that may still hold unknown values (preview). */
type PartialEntry = CustomNameserverSetNameserver | Unknown | { name: string | Unknown; ipCount?: unknown };

/** Inputs that may still hold unknown values (preview). */
interface PartialInputs {
  accountId: string | Unknown;
  nameservers: PartialEntry[] | Unknown;
  advanced: boolean | Unknown;
  ipSet: number | Unknown;
}

export function normaliseCustomSetInputs(news: unknown): {
  inputs: PartialInputs;
  failures: CheckFailure[];
} {
  const { raw, failures } = openInputs(news, CUSTOM_NAMESERVER_SET_INPUTS, CONTEXT);
  const { accountId, advanced, ipSet } = readInputs(CustomNameserverSetInput, raw, CONTEXT, failures);
  const nameservers = readEntries(raw.nameservers, failures);
  if (nameservers !== undefined && advanced === true) checkOneIpCount(nameservers, failures);
  return {
    inputs: {
      accountId: accountId ?? "",
      nameservers: nameservers ?? [],
      advanced: advanced ?? DEFAULT_NAMESERVER_SET_ADVANCED,
      ipSet: ipSet ?? DEFAULT_NAMESERVER_SET_IP_SET,
    },
    failures,
  };
}

/**
 * Reads the names (see core's `CustomSetNamesInput`). In a preview a name or count not known yet
 * stands in as a placeholder that repeats nothing, so the known parts are still checked; the
 * unknown parts are kept.
 */
function readEntries(raw: unknown, failures: CheckFailure[]): PartialEntry[] | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (!Array.isArray(raw) || !raw.some(containsUnknown))
    return readField(CustomSetNamesInput, raw ?? undefined, "nameservers", CONTEXT, failures);
  const known = raw.map((entry: unknown, i) => {
    const record = readRecord(entry);
    if (isUnknown(entry) || isUnknown(record.name)) return { ...record, name: `unknown-${i}.invalid` };
    return isUnknown(record.ipCount) ? { name: record.name } : entry;
  });
  const checked = readField(CustomSetNamesInput, known, "nameservers", CONTEXT, failures);
  if (checked === undefined || isUnknown(checked)) return undefined;
  return raw.map((entry: unknown, i): PartialEntry => {
    const done = checked[i] as CustomNameserverSetNameserver;
    if (!containsUnknown(entry)) return done;
    if (isUnknown(entry)) return UNKNOWN_VALUE;
    const { name, ipCount } = readRecord(entry);
    return {
      name: isUnknown(name) ? UNKNOWN_VALUE : nameOfSetEntry(done),
      ...(ipCount === undefined ? {} : { ipCount: isUnknown(ipCount) ? ipCount : ipCountOfSetEntry(done) }),
    };
  });
}

/** Documented: all names of an advanced set use one `ip_count` (core's `describeIpCountMismatch`). */
function checkOneIpCount(entries: PartialEntry[] | Unknown, failures: CheckFailure[]): void {
  if (isUnknown(entries) || entries.some(containsUnknown)) return;
  const counts = (entries as CustomNameserverSetNameserver[]).map((e) => ({
    name: nameOfSetEntry(e),
    ipCount: ipCountOfSetEntry(e),
  }));
  const mismatch = describeIpCountMismatch(TYPE, counts);
  if (mismatch !== undefined) failures.push({ property: "nameservers", reason: mismatch });
}
