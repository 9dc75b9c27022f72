/**
 * The inputs of `CustomNameserverSet` at run time: reading and checking them (pure: no API call).
 * Only Cloudflare's documented rules are checked (see custom-nameserver-set-runtime.ts).
 */
import { describeValue } from "../core/wording";
import {
  CustomNameserverSetEntry,
  CustomNameserverSetSpec,
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  ipCountOfSetEntry,
  nameOfSetEntry,
} from "../core/custom-nameserver-sets";
import { checkHostname, normaliseName } from "../core/names";
import type { CustomNameserverSetNameserver } from "./custom-nameserver-set";
import {
  readInputs,
  readRecord,
  requireKnownInputs,
  reportUnknownKeys,
  type CheckFailure,
  type Unknown,
} from "./inputs";
import {
  CUSTOM_NAMESERVER_SET_INPUTS,
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
  CustomNameserverSetInput,
} from "../core/resource-inputs";
import { ResourceTypeNames } from "./resource-types";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.CustomNameserverSet;

// The inputs and the replacing ones live in core, beside the inputs' schemas (the package schema reads them too).
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

/** Normalises raw inputs; every problem becomes a {@link CheckFailure}. Pure: no API call. */
export function normaliseCustomSetInputs(news: unknown): {
  inputs: PartialInputs;
  failures: CheckFailure[];
} {
  const raw = readRecord(news);
  const failures: CheckFailure[] = [];
  reportUnknownKeys(raw, CUSTOM_NAMESERVER_SET_INPUTS, TYPE, failures);
  const { accountId, advanced, ipSet } = readInputs(
    CustomNameserverSetInput,
    raw,
    { resourceType: TYPE },
    failures,
  );
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

const EXAMPLE = '["ns1.example.com", "ns2.example.com"]';

/**
 * Reads the names: each a hostname or `{ name, ipCount }`, normalised (lowercase punycode, no
 * trailing dot), order kept, each once. How many names a set holds is not checked: Cloudflare does
 * not document it (the emulator allows 2-5), so the API answers it.
 */
function readEntries(raw: unknown, failures: CheckFailure[]): PartialEntry[] | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) {
    failures.push({
      property: "nameservers",
      reason: `nameservers is required: list the set's hostnames in order, each a string or {name, ipCount}, e.g. ${EXAMPLE}`,
    });
    return undefined;
  }
  if (!Array.isArray(raw)) {
    failures.push({
      property: "nameservers",
      reason: `nameservers must be a list of hostnames, got ${describeValue(raw)}; write e.g. ${EXAMPLE}`,
    });
    return undefined;
  }
  const before = failures.length;
  const entries: PartialEntry[] = [];
  const firstIndexOf = new Map<string, number>();
  raw.forEach((item: unknown, i) => {
    const entry = readEntry(item, i, failures);
    if (entry === undefined) return;
    entries.push(entry);
    const name = isUnknown(entry) ? entry : typeof entry === "string" ? entry : entry.name;
    if (isUnknown(name)) return;
    const first = firstIndexOf.get(name);
    if (first !== undefined) {
      failures.push({
        property: "nameservers",
        reason:
          `nameservers[${i}]: nameserver "${name}" is listed twice (nameservers[${first}] and nameservers[${i}]); ` +
          `a name appears once in a Custom Nameserver Set; list each name once`,
      });
    } else firstIndexOf.set(name, i);
  });
  return failures.length > before ? undefined : entries;
}

/** One name, normalised; `{name}` without a count becomes the plain name. */
function readEntry(item: unknown, i: number, failures: CheckFailure[]): PartialEntry | undefined {
  if (isUnknown(item)) return UNKNOWN_VALUE;
  const where = `nameservers[${i}]`;
  const record =
    typeof item === "object" && item !== null && !Array.isArray(item) ? readRecord(item) : undefined;
  if (record !== undefined && (isUnknown(record.name) || isUnknown(record.ipCount))) {
    // Preview: check what is known, keep the unknown parts.
    const name = isUnknown(record.name) ? UNKNOWN_VALUE : readName(record.name, `${where}.name`, failures);
    const { ipCount } = record;
    if (!isUnknown(ipCount) && ipCount !== undefined && !Number.isInteger(ipCount)) {
      failures.push({ property: "nameservers", reason: describeEntryProblem({ name: "", ipCount }, where) });
      return undefined;
    }
    if (name === undefined) return undefined;
    return ipCount === undefined ? name : { name, ipCount };
  }
  const parsed = CustomNameserverSetEntry.safeParse(item);
  if (!parsed.success) {
    failures.push({ property: "nameservers", reason: describeEntryProblem(item, where) });
    return undefined;
  }
  const entry = parsed.data;
  const name = readName(nameOfSetEntry(entry), typeof entry === "string" ? where : `${where}.name`, failures);
  if (name === undefined) return undefined;
  const ipCount = ipCountOfSetEntry(entry);
  return ipCount === undefined ? name : { name, ipCount };
}

/** Why an entry does not have the shape of {@link CustomNameserverSetEntry}, with the fix. */
function describeEntryProblem(item: unknown, where: string): string {
  const shape =
    'write it as a hostname such as "ns1.example.com", or as {name: "ns1.example.com", ipCount: 2}';
  if (typeof item !== "object" || item === null || Array.isArray(item)) {
    return `${where} must be a hostname or {name, ipCount}, got ${describeValue(item)}; ${shape}`;
  }
  const record = readRecord(item);
  const extra = Object.keys(record).filter((k) => k !== "name" && k !== "ipCount" && record[k] !== undefined);
  if (extra.length > 0) {
    return `${where} has no field ${extra.map((k) => JSON.stringify(k)).join(", ")}; a name takes only name and ipCount; remove ${extra.length === 1 ? "it" : "them"}`;
  }
  if (typeof record.name !== "string") {
    return `${where}.name must be a hostname, got ${describeValue(record.name)}; ${shape}`;
  }
  // The range of ipCount is not documented (the emulator allows 1-4): only a whole number is asked for here.
  return (
    `${where}.ipCount must be a whole number of addresses per family, got ${describeValue(record.ipCount)}; ` +
    `write e.g. 2, or leave it out for Cloudflare's default`
  );
}

/** A hostname in normal form, or a failure naming where it is, what is wrong and the fix. */
function readName(raw: unknown, where: string, failures: CheckFailure[]): string | undefined {
  if (typeof raw !== "string") {
    failures.push({
      property: "nameservers",
      reason: `${where} must be a hostname, got ${describeValue(raw)}; write it as a string such as "ns1.example.com"`,
    });
    return undefined;
  }
  const name = normaliseName(raw);
  const problem = checkHostname(name);
  if (problem !== undefined) {
    failures.push({
      property: "nameservers",
      reason: `${where}: nameserver ${JSON.stringify(raw)} is not a valid hostname: ${problem.why}; ${problem.fix}`,
    });
    return undefined;
  }
  return name;
}

/**
 * Documented: all names of an advanced set use one `ip_count`. A name without a count gets
 * Cloudflare's default, which is not documented, so a mix of given and omitted counts is refused too.
 */
function checkOneIpCount(entries: PartialEntry[] | Unknown, failures: CheckFailure[]): void {
  if (isUnknown(entries) || entries.some(containsUnknown)) return;
  const counts = (entries as CustomNameserverSetNameserver[]).map((e) => ({
    name: nameOfSetEntry(e),
    ipCount: ipCountOfSetEntry(e),
  }));
  const distinct = new Set(counts.map((c) => c.ipCount));
  if (distinct.size <= 1) return;
  const shown = counts
    .map((c) => `${c.ipCount === undefined ? "none" : String(c.ipCount)} for "${c.name}"`)
    .join(", ");
  failures.push({
    property: "nameservers",
    reason:
      `nameservers: all names of an advanced set use one ipCount, got ${shown}; give every name the same ipCount, ` +
      `or leave it out on every name`,
  });
}

/** Checked inputs for create; anything unchecked or unknown is refused. */
export function requireInputs(news: unknown): CustomNameserverSetInputs {
  const inputs = requireKnownInputs(TYPE, normaliseCustomSetInputs(news), "create");
  // The shape every later step relies on, asserted once.
  return CustomNameserverSetSpec.parse(inputs);
}
