/**
 * The run-time implementation of `CustomNameserverSet`: one account-owned Custom Nameserver Set,
 * created and deleted through `/accounts/{id}/dns_settings/nameserver_sets`. A set is immutable, so
 * every change is a replacement (the new set first, the old one deleted last) and nothing is ever
 * updated in place. Loaded by the dynamic-provider host through the package's `runtime` entry,
 * never serialized.
 *
 * Only Cloudflare's documented rules are checked before a request: names in normal form and each
 * once, one `ipCount` for every name of an advanced set, `ipSet` at least 1. The limits Cloudflare
 * does not document (2-5 names per set, `ip_count` 1-4, sets per account, the `ip_set` maximum; see
 * docs/decisions/010) are deliberately left to the API, which answers them at create: refusing them
 * here would refuse what Cloudflare may accept.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 */
import type * as pulumi from "@pulumi/pulumi";
import {
  createNameserverSet,
  deleteNameserverSet,
  getNameserverSet,
  isCloudflareApiError,
  listNameserverSets,
  type AcnsClient,
} from "../client";
import { findNameserverSetId } from "../core/cloudflare";
import {
  ASSUMED_DEFAULT_IP_COUNT,
  CustomNameserverSetEntry,
  CustomNameserverSetSpec,
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  ipCountOfSetEntry,
  nameOfSetEntry,
  type NameserverSet,
} from "../core/custom-nameserver-sets";
import { checkHostname, normaliseName } from "../core/names";
import { listZonesUsing, type ZoneReader } from "./account-nameserver-set-runtime";
import type {
  CustomNameserverSetGlue,
  CustomNameserverSetNameserver,
  CustomNameserverSetOutputs,
} from "./custom-nameserver-set";
import { AcnsResourceError, formatSubject, isNotFound, toResourceError } from "./errors";
import {
  describeInput,
  readBoolean,
  readCloudflareId,
  readRecord,
  reportUnknownKeys,
  type CheckFailure,
  type Unknown,
} from "./inputs";
import { formatCustomSetId, parseCustomSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, hasFieldChanged } from "./shared";
import { getSession, type Session } from "./session";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.CustomNameserverSet;

/** The inputs of a `CustomNameserverSet`. */
export const CUSTOM_NAMESERVER_SET_INPUTS = ["accountId", "nameservers", "advanced", "ipSet"] as const;

/** Inputs whose change replaces the set: all of them, since Cloudflare cannot change a set. */
export const CUSTOM_NAMESERVER_SET_REPLACE_FIELDS = CUSTOM_NAMESERVER_SET_INPUTS;

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

// ---------------------------------------------------------------------------------------------
// Inputs

/** Normalises raw inputs; every problem becomes a {@link CheckFailure}. Pure: no API call. */
export function normaliseCustomSetInputs(news: unknown): {
  inputs: PartialInputs;
  failures: CheckFailure[];
} {
  const raw = readRecord(news);
  const failures: CheckFailure[] = [];
  reportUnknownKeys(raw, CUSTOM_NAMESERVER_SET_INPUTS, TYPE, failures);
  const accountId = readCloudflareId(raw.accountId, "accountId", "account", failures);
  const advanced = readBoolean(raw.advanced, "advanced", DEFAULT_NAMESERVER_SET_ADVANCED, failures);
  const ipSet = readIpSet(raw.ipSet, failures);
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

/** `ipSet`: a whole number of at least 1 (documented); its maximum is the entitlement's, which the API knows. */
function readIpSet(raw: unknown, failures: CheckFailure[]): number | Unknown | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  if (raw === undefined || raw === null) return DEFAULT_NAMESERVER_SET_IP_SET;
  if (typeof raw !== "number" || !Number.isInteger(raw) || raw < 1) {
    failures.push({
      property: "ipSet",
      reason:
        `ipSet must be a whole number of at least 1 (the account's address pool), got ${describeInput(raw)}; ` +
        `write e.g. 1, or leave it out for Cloudflare's default ${DEFAULT_NAMESERVER_SET_IP_SET}`,
    });
    return undefined;
  }
  return raw;
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
      reason: `nameservers must be a list of hostnames, got ${describeInput(raw)}; write e.g. ${EXAMPLE}`,
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
    return `${where} must be a hostname or {name, ipCount}, got ${describeInput(item)}; ${shape}`;
  }
  const record = readRecord(item);
  const extra = Object.keys(record).filter((k) => k !== "name" && k !== "ipCount" && record[k] !== undefined);
  if (extra.length > 0) {
    return `${where} has no field ${extra.map((k) => JSON.stringify(k)).join(", ")}; a name takes only name and ipCount; remove ${extra.length === 1 ? "it" : "them"}`;
  }
  if (typeof record.name !== "string") {
    return `${where}.name must be a hostname, got ${describeInput(record.name)}; ${shape}`;
  }
  // The range of ipCount is not documented (the emulator allows 1-4): only a whole number is asked for here.
  return (
    `${where}.ipCount must be a whole number of addresses per family, got ${describeInput(record.ipCount)}; ` +
    `write e.g. 2, or leave it out for Cloudflare's default`
  );
}

/** A hostname in normal form, or a failure naming where it is, what is wrong and the fix. */
function readName(raw: unknown, where: string, failures: CheckFailure[]): string | undefined {
  if (typeof raw !== "string") {
    failures.push({
      property: "nameservers",
      reason: `${where} must be a hostname, got ${describeInput(raw)}; write it as a string such as "ns1.example.com"`,
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
function requireInputs(news: unknown): CustomNameserverSetInputs {
  const { inputs, failures } = normaliseCustomSetInputs(news);
  if (failures.length > 0) {
    const first = failures[0];
    throw new AcnsResourceError(
      TYPE,
      first?.property ?? "inputs",
      `${TYPE} inputs are not valid: ${failures.map((f) => f.reason).join("; ")}`,
    );
  }
  const { accountId, nameservers, advanced, ipSet } = inputs;
  if (isUnknown(accountId) || isUnknown(advanced) || isUnknown(ipSet) || containsUnknown(nameservers)) {
    throw new AcnsResourceError(
      TYPE,
      "inputs",
      `${TYPE} inputs hold values that are not known yet; the engine resolves them before create, so this is a bug in the caller`,
    );
  }
  // The shape every later step relies on, asserted once.
  return CustomNameserverSetSpec.parse({ accountId, nameservers, advanced, ipSet });
}

// ---------------------------------------------------------------------------------------------
// check, diff

/**
 * Checks the inputs only: no API call. Nothing about the account decides whether a set may be
 * created (names may be in several sets, docs/decisions/010), and the limits Cloudflare does not
 * document are the API's to answer.
 */
async function check(_olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseCustomSetInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  return { inputs: { ...inputs } };
}

/**
 * A name as diff compares it: `name` or `name#count`. An omitted count and a count equal to the
 * default it stands for compare equal (the state of an imported set lists plain names).
 */
function toEntryKey(entry: unknown): string | undefined {
  if (isUnknown(entry)) return undefined;
  if (typeof entry === "string") return `${normaliseName(entry)}#${ASSUMED_DEFAULT_IP_COUNT}`;
  const record = readRecord(entry);
  if (typeof record.name !== "string") return undefined;
  const count = typeof record.ipCount === "number" ? record.ipCount : ASSUMED_DEFAULT_IP_COUNT;
  return `${normaliseName(record.name)}#${count}`;
}

/** Whether the names changed: order counts (it is part of the set), case and a trailing dot do not. */
function haveNamesChanged(oldValue: unknown, newValue: unknown): boolean {
  if (containsUnknown(newValue)) return true;
  // State written without names (never by this version) counts as unchanged, as hasFieldChanged does.
  if (!Array.isArray(oldValue) || !Array.isArray(newValue)) return false;
  const left = oldValue.map(toEntryKey);
  const right = newValue.map(toEntryKey);
  return left.length !== right.length || left.some((key, i) => key === undefined || key !== right[i]);
}

/**
 * Every change replaces: Cloudflare has no update for a set. The new set is created before the old
 * one is deleted (a name may be in two sets), so zones can move from the old set to the new one.
 */
async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = CUSTOM_NAMESERVER_SET_REPLACE_FIELDS.filter((field) =>
    field === "nameservers"
      ? haveNamesChanged(old.nameservers, next.nameservers)
      : hasFieldChanged(old[field], next[field]),
  );
  if (replaces.length === 0) return { changes: false };
  return { changes: true, replaces, deleteBeforeReplace: false };
}

// ---------------------------------------------------------------------------------------------
// create, update

/**
 * Creates the set. The account's sets are listed first, so that after a lost answer the client
 * takes only a set that did not exist before this call as the one it created: never a second set.
 */
async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const session = getSession();
  const inputs = requireInputs(news);
  const { accountId, nameservers, advanced, ipSet } = inputs;
  const client = getClient(session, { resourceType: TYPE, field: "accountId", value: accountId });
  let existing: NameserverSet[];
  try {
    existing = await listNameserverSets(client, { accountId });
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field: "accountId", value: accountId }, session.secrets);
  }
  let set: NameserverSet;
  try {
    set = await createNameserverSet(client, {
      accountId,
      nameservers: nameservers.map((e) => ({ name: nameOfSetEntry(e), ipCount: ipCountOfSetEntry(e) })),
      advanced,
      ipSet,
      existingIds: existing.map((s) => s.id),
    });
  } catch (err) {
    // Refused on its rules (a limit Cloudflare does not document, say): not a stale state, no set made.
    const refused = isCloudflareApiError(err) && err.status === 400;
    throw toResourceError(
      err,
      {
        resourceType: TYPE,
        field: "nameservers",
        value: nameservers.map(nameOfSetEntry),
        ...(refused ? { then: "No set was created; change the inputs as Cloudflare's answer says." } : {}),
      },
      session.secrets,
    );
  }
  return { id: formatCustomSetId(accountId, set.id), outs: buildOutputs(accountId, set, nameservers) };
}

/** Never called: diff replaces on every change. Refuses rather than write anything. */
async function update(id: string, _olds: unknown, _news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  throw new AcnsResourceError(
    TYPE,
    "id",
    `${formatSubject(TYPE, "id", id)}: a Custom Nameserver Set cannot be updated, Cloudflare has no call that ` +
      `changes one, and this resource's diff replaces it on every change; the engine asked for an update anyway, ` +
      `which is a bug: nothing was changed; run pulumi refresh, then pulumi up again, and report it`,
  );
}

/** The state: the inputs as given (normalised) and what Cloudflare answered for the set. */
function buildOutputs(
  accountId: string,
  set: NameserverSet,
  nameservers: readonly CustomNameserverSetNameserver[],
): CustomNameserverSetOutputs {
  return {
    accountId,
    nameserverSetId: set.id,
    nameservers: nameservers.map((e) => (typeof e === "string" ? e : { ...e })),
    advanced: set.advanced,
    ipSet: set.ip_set,
    createdOn: set.created_on,
    glueRecords: buildGlueRecords(set),
  };
}

function buildGlueRecords(set: NameserverSet): CustomNameserverSetGlue[] {
  if (set.advanced) {
    return set.nameservers.map((ns) => ({
      nsName: normaliseName(ns.name),
      ipv4: [...ns.ipv4],
      ipv6: [...ns.ipv6],
      ipv4Groups: [...ns.ipv4_groups],
      ipv6Groups: [...ns.ipv6_groups],
    }));
  }
  return set.nameservers.map((ns) => ({
    nsName: normaliseName(ns.name),
    ipv4: [...ns.ipv4],
    ipv6: [...ns.ipv6],
  }));
}

/**
 * The names of a live set as inputs: the plain name, or `{name, ipCount}` when the name has a count
 * other than the one a name without `ipCount` gets.
 */
function toEntries(set: NameserverSet): CustomNameserverSetNameserver[] {
  return set.nameservers.map((ns) => {
    const name = normaliseName(ns.name);
    const count = Math.max(ns.ipv4.length, ns.ipv6.length);
    return count === ASSUMED_DEFAULT_IP_COUNT ? name : { name, ipCount: count };
  });
}

// ---------------------------------------------------------------------------------------------
// read, delete

/**
 * Reads the set by id; gone means an empty answer, which drops it from the state. Works from the
 * id alone (`import`): the inputs are then rebuilt from the live set. With a state whose names
 * match the live set, the names stay as the program gave them.
 */
async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const { accountId, nameserverSetId } = parseCustomSetId(id);
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  let set: NameserverSet;
  try {
    set = await getNameserverSet(client, { accountId, nameserverSetId });
  } catch (err) {
    if (isNotFound(err)) return {};
    throw toResourceError(err, { resourceType: TYPE, field: "id", value: id }, session.secrets);
  }
  const live = toEntries(set);
  const recorded = readRecord(props).nameservers;
  const nameservers =
    Array.isArray(recorded) && !haveNamesChanged(recorded, live)
      ? (recorded as CustomNameserverSetNameserver[])
      : live;
  const outs = buildOutputs(accountId, set, nameservers);
  return {
    id: formatCustomSetId(accountId, set.id),
    props: outs,
    inputs: { accountId, nameservers: outs.nameservers, advanced: outs.advanced, ipSet: outs.ipSet },
  };
}

/**
 * Deletes the set. Cloudflare refuses to delete a set a zone still uses, so the account's zones
 * are looked at first and the delete is refused naming them. A set already gone is deleted.
 */
async function deleteSet(id: string, _props: unknown): Promise<void> {
  const session = getSession();
  const { accountId, nameserverSetId } = parseCustomSetId(id);
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  let zones: string[];
  try {
    zones = await listZonesUsing(zoneReader(session, client), accountId, (ns) => {
      return findNameserverSetId(ns) === nameserverSetId;
    });
  } catch (err) {
    // The account itself is gone: so is the set.
    if (isNotFound(err)) return;
    throw toResourceError(
      err,
      {
        resourceType: TYPE,
        field: "nameserverSetId",
        value: nameserverSetId,
        then: "Nothing was deleted: the set is only deleted once no zone is known to use it.",
      },
      session.secrets,
    );
  }
  if (zones.length > 0) {
    const those = zones.length === 1 ? "that zone" : "those zones";
    throw new AcnsResourceError(
      TYPE,
      "nameserverSetId",
      `${formatSubject(TYPE, "nameserverSetId", nameserverSetId)}: cannot delete Custom Nameserver Set ` +
        `${nameserverSetId} of account ${accountId} while zones use it: ${formatNameList(zones)}; Cloudflare ` +
        `deletes only a set no zone uses; move ${those} to another set first (give ${zones.length === 1 ? "its" : "their"} ` +
        `ZoneAcnsBinding another nameserverSetId, or delete ${zones.length === 1 ? "it" : "them"}), then delete the set again`,
    );
  }
  try {
    await deleteNameserverSet(client, { accountId, nameserverSetId });
  } catch (err) {
    // Gone already (deleted out of band meanwhile): that is what we wanted.
    if (isNotFound(err)) return;
    throw toResourceError(
      err,
      { resourceType: TYPE, field: "nameserverSetId", value: nameserverSetId },
      session.secrets,
    );
  }
}

/**
 * The zones through the session's cached list (an account's zones do not come and go during a
 * run), each zone's setting fresh: a binding of this same update may just have moved it off the set.
 */
function zoneReader(session: Session, client: AcnsClient): ZoneReader {
  return {
    listZones: (accountId) => session.live.listZones(accountId),
    getZoneNameservers: async (zoneId) => (await client.getZoneDnsSettings({ zoneId })).nameservers,
  };
}

/** The implementation the serialized `CustomNameserverSet` provider forwards to. */
export const customNameserverSet = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteSet,
};
