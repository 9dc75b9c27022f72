/**
 * The run-time implementation of `AccountNameserverSet`: one nameserver set of an account, its
 * names added and removed through `POST/DELETE /accounts/{id}/custom_ns`. Loaded by the
 * dynamic-provider host through the package's `runtime` entry, never serialized.
 *
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import {
  findZoneSet,
  namesOfSet,
  type CustomNameserver,
  type Zone,
  type ZoneNameserversRead,
} from "../core/cloudflare";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { validateAcnsConfig, formatSetList } from "../core/validate";
import type { AccountNameserverSetOutputs, GlueRecord } from "./account-nameserver-set";
import { AcnsResourceError, describeRefusedId, formatSubject, isNotFound, toResourceError } from "./errors";
import {
  readBoolean,
  readCloudflareId,
  readNsSet,
  readRecord,
  reportUnknownKeys,
  describeInput,
  type CheckFailure,
  type Unknown,
} from "./inputs";
import { NameChangeFailure, applyNameChanges, planNameChanges } from "./nameserver-changes";
import { formatSetId, parseSetId } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { formatNameList, getClient, hasFieldChanged, isSameNameSet, toNameSet, warn } from "./shared";
import { getSession, type Session } from "./session";
import { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.AccountNameserverSet;

/** The inputs of an `AccountNameserverSet`. */
export const ACCOUNT_NAMESERVER_SET_INPUTS = ["accountId", "nsSet", "nameservers", "adopt"] as const;

/** Inputs whose change replaces the set (its id is `<accountId>/<nsSet>`); `nameservers` changes in place. */
export const ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS = ["accountId", "nsSet"] as const;

/** The checked inputs: names normalised and sorted, defaults filled in. */
export interface AccountNameserverSetInputs {
  accountId: string;
  nsSet: number;
  nameservers: string[];
  adopt: boolean;
}

/** Inputs that may still hold unknown values (preview). */
interface PartialSetInputs {
  accountId: string | Unknown;
  nsSet: number | Unknown;
  nameservers: string[] | Unknown | (string | Unknown)[];
  adopt: boolean | Unknown;
}

// ---------------------------------------------------------------------------------------------
// Inputs

/**
 * Normalises raw inputs; every problem becomes a {@link CheckFailure}. Pure: no API call.
 * Nameserver rules (syntax, duplicates, 2-5 names) come from the core validator.
 */
export function normaliseSetInputs(news: unknown): { inputs: PartialSetInputs; failures: CheckFailure[] } {
  const raw = readRecord(news);
  const failures: CheckFailure[] = [];
  reportUnknownKeys(raw, ACCOUNT_NAMESERVER_SET_INPUTS, TYPE, failures);
  const accountId = readCloudflareId(raw.accountId, "accountId", "account", failures);
  const nsSet = readNsSet(raw.nsSet, "nsSet", failures);
  const adopt = readBoolean(raw.adopt, "adopt", false, failures);
  // An unknown set number only changes how messages name the set; an invalid one is refused above.
  const nameservers = readNameservers(
    raw.nameservers,
    raw.accountId,
    nsSet ?? Limits.DEFAULT_NS_SET,
    failures,
  );
  return {
    inputs: {
      accountId: accountId ?? "",
      nsSet: nsSet ?? Limits.DEFAULT_NS_SET,
      nameservers: nameservers ?? [],
      adopt: adopt ?? false,
    },
    failures,
  };
}

/**
 * Reads the names; their rules come from the core validator, which takes unknown names (a preview)
 * as unknown: it checks the known ones and judges the set's size only when the unknowns cannot
 * change the verdict.
 */
function readNameservers(
  raw: unknown,
  accountId: unknown,
  nsSet: number | Unknown,
  failures: CheckFailure[],
): PartialSetInputs["nameservers"] | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  const example = '["ns1.example.com", "ns2.example.com"]';
  const sizes = `${Limits.MIN_NAMES_PER_SET}-${Limits.MAX_NAMES_PER_SET}`;
  if (raw === undefined || raw === null) {
    failures.push({
      property: "nameservers",
      reason: `nameservers is required: list the set's ${sizes} hostnames, e.g. ${example}`,
    });
    return undefined;
  }
  if (!Array.isArray(raw)) {
    failures.push({
      property: "nameservers",
      reason: `nameservers must be a list of ${sizes} hostnames, got ${describeInput(raw)}; write e.g. ${example}`,
    });
    return undefined;
  }
  const before = failures.length;
  raw.forEach((item: unknown, i) => {
    if (typeof item !== "string") {
      failures.push({
        property: "nameservers",
        reason: `nameservers[${i}] must be a hostname, got ${describeInput(item)}; write it as a string such as "ns1.example.com"`,
      });
    }
  });
  if (failures.length > before) return undefined;
  // The account id is passed as given: only the set's issues are read here.
  const result = validateAcnsConfig(
    { accountId, sets: [{ nsSet, nameservers: raw }], zones: [] },
    { isUnknown },
  );
  if (!result.ok) {
    for (const issue of result.issues) {
      const [sets, , field, index] = issue.path;
      if (sets !== "sets" || field !== "nameservers") continue;
      const where = typeof index === "number" ? `nameservers[${index}]` : "nameservers";
      failures.push({ property: "nameservers", reason: `${where}: ${issue.message}` });
    }
    if (failures.length > before) return undefined;
  }
  const names = raw as string[];
  if (names.some(isUnknown))
    return names.map((item) => (isUnknown(item) ? UNKNOWN_VALUE : normaliseName(item)));
  return [...new Set(names.map(normaliseName))].sort();
}

/** Checked inputs for create and update; anything unchecked or unknown is refused. */
function requireSetInputs(news: unknown): AccountNameserverSetInputs {
  const { inputs, failures } = normaliseSetInputs(news);
  if (failures.length > 0) {
    const first = failures[0];
    throw new AcnsResourceError(
      TYPE,
      first?.property ?? "inputs",
      `${TYPE} inputs are not valid: ${failures.map((f) => f.reason).join("; ")}`,
    );
  }
  const { accountId, nsSet, nameservers, adopt } = inputs;
  if (isUnknown(accountId) || isUnknown(nsSet) || isUnknown(adopt) || containsUnknown(nameservers)) {
    throw new AcnsResourceError(
      TYPE,
      "inputs",
      `${TYPE} inputs hold values that are not known yet; the engine resolves them before create and update, so this is a bug in the caller`,
    );
  }
  return { accountId, nsSet, nameservers: nameservers as string[], adopt };
}

// ---------------------------------------------------------------------------------------------
// check

async function check(olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseSetInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  const { accountId, nsSet, nameservers, adopt } = inputs;
  // Preview with values still unknown: nothing to compare against the account, and no API call.
  if (isUnknown(accountId) || isUnknown(nsSet) || containsUnknown(nameservers)) return { inputs };
  const live = await checkLiveSet(readRecord(olds), {
    accountId,
    nsSet,
    nameservers: nameservers as string[],
    adopt,
  });
  return live.length > 0 ? { inputs, failures: live } : { inputs };
}

/**
 * The account as it is (one cached listing per account) plus what this program declares: names
 * that sit in another set, names another set of this program declares, and a set number that
 * holds names this stack does not manage.
 */
async function checkLiveSet(
  olds: Record<string, unknown>,
  next: { accountId: string; nsSet: number; nameservers: string[]; adopt: boolean | Unknown },
): Promise<CheckFailure[]> {
  const session = getSession();
  const { accountId, nsSet, nameservers } = next;
  const intents = new Map(session.intents.listSets(accountId));
  session.intents.recordSet(accountId, nsSet, nameservers);
  let listing: CustomNameserver[];
  try {
    getClient(session, { resourceType: TYPE, field: "accountId", value: accountId });
    listing = await session.live.listNameservers(accountId);
  } catch (err) {
    const refused = describeRefusedId(err, "accountId", accountId, "account");
    if (refused !== undefined) return [{ property: "accountId", reason: refused }];
    throw toResourceError(err, { resourceType: TYPE, field: "accountId", value: accountId }, session.secrets);
  }
  const liveSetOf = new Map(listing.map((ns) => [normaliseName(ns.ns_name), ns.ns_set]));
  // The set's names now, for diff: names lost or added since the state was written (an
  // interrupted run, a change outside Pulumi) make an update, not "no changes".
  session.observed.setNames.set(formatSetId(accountId, nsSet), namesOfSet(listing, nsSet));
  const old = readOldSet(olds, session, next);
  const oldIsThisAccount = old.accountId === accountId;
  const failures: CheckFailure[] = [];

  if (
    oldIsThisAccount &&
    old.nsSet !== undefined &&
    old.nsSet !== nsSet &&
    !session.intents.findRenumberedFrom(accountId, nsSet, nameservers)
  ) {
    const refused = await checkRenumber(session, accountId, old.nsSet, nsSet, old.nameservers, nameservers);
    if (refused !== undefined) return [refused];
  }

  for (const name of nameservers) {
    const declaredElsewhere = [...intents].find(([set, names]) => set !== nsSet && names.includes(name));
    if (declaredElsewhere !== undefined) {
      failures.push({
        property: "nameservers",
        reason:
          `nameservers: nameserver "${name}" is also declared for set ${declaredElsewhere[0]} of account ${accountId} ` +
          `by another ${TYPE} of this program; a name can belong to one set only; remove it from one of them`,
      });
      continue;
    }
    const liveSet = liveSetOf.get(name);
    if (liveSet === undefined || liveSet === nsSet) continue;
    // This resource held the name in its old set: a replace deletes the old set first.
    if (oldIsThisAccount && old.nsSet === liveSet && old.nameservers.includes(name)) continue;
    // Another resource of this program takes the name out of that set.
    const planned = intents.get(liveSet);
    if (planned !== undefined && !planned.includes(name)) continue;
    failures.push({
      property: "nameservers",
      reason:
        `nameservers: nameserver "${name}" already belongs to set ${liveSet} of account ${accountId}; a name can ` +
        `belong to one set only; remove it from set ${liveSet} first, or choose another name; if the ${TYPE} ` +
        `that manages set ${liveSet} drops it in this same update, list that resource in this one's dependsOn ` +
        `so its update runs first (AccountCustomNameservers orders its own sets)`,
    });
  }

  // A set this stack already manages may hold out-of-band names: that is drift, which update corrects.
  const managesSet = oldIsThisAccount && old.nsSet === nsSet;
  if (!managesSet && next.adopt === false) {
    const taken = namesOfSet(listing, nsSet);
    if (
      taken.length > 0 &&
      !(await isLeftByInterruptedCreate(session, accountId, nsSet, taken, nameservers))
    ) {
      const used = new Set([...listing.map((ns) => ns.ns_set), ...intents.keys(), nsSet]);
      const free: number[] = [];
      for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) if (!used.has(s)) free.push(s);
      failures.push({
        property: "nsSet",
        reason:
          `nsSet: set ${nsSet} of account ${accountId} already holds ${formatNameList(taken)}, and this resource ` +
          `has no record of managing them. If this stack manages set ${nsSet} under another resource name (a ` +
          `rename, or a move into AccountCustomNameservers), add the old name to this resource's aliases ` +
          `(e.g. aliases: [{ name: "<old name>" }], or { parent: pulumi.rootStackResource } when it moved into a ` +
          `component) so Pulumi keeps managing the same set; to take over a set made outside this stack, set ` +
          `adopt: true (its names that nameservers does not list are then removed); or ` +
          (free.length > 0
            ? `choose a free set (${formatSetList(free, "or")})`
            : "free one of the account's sets first"),
      });
    }
  }
  return failures;
}

/**
 * The fields of old inputs or outputs this resource reads; anything malformed reads as absent. The
 * engine checks a replacement twice, the second time without olds: a renumbering the first check
 * accepted is then found in the session.
 */
function readOldSet(
  olds: Record<string, unknown>,
  session: Session,
  next: { accountId: string; nsSet: number; nameservers: readonly string[] },
): {
  accountId: string | undefined;
  nsSet: number | undefined;
  nameservers: string[];
} {
  if (Object.keys(olds).length === 0) {
    const from = session.intents.findRenumberedFrom(next.accountId, next.nsSet, next.nameservers);
    if (from !== undefined)
      return { accountId: next.accountId, nsSet: from, nameservers: [...next.nameservers] };
  }
  return {
    accountId: typeof olds.accountId === "string" ? olds.accountId.trim().toLowerCase() : undefined,
    nsSet: typeof olds.nsSet === "number" ? olds.nsSet : undefined,
    nameservers: toNameSet(olds.nameservers) ?? [],
  };
}

/**
 * A set moving from number `from` to `to` with some of its names: the replacement deletes the old
 * set before it creates the new one (a name belongs to one set only, and Cloudflare has no call
 * that renumbers a set). That is only safe while no zone uses the old set; then the move is
 * remembered for the engine's second check. Otherwise the refusal says what works instead.
 */
async function checkRenumber(
  session: Session,
  accountId: string,
  from: number,
  to: number,
  oldNames: readonly string[],
  names: readonly string[],
): Promise<CheckFailure | undefined> {
  const kept = names.filter((n) => oldNames.includes(n));
  if (kept.length === 0) return undefined;
  let zones: string[];
  try {
    zones = await listZonesOnSet(session.live, accountId, from);
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field: "nsSet", value: to }, session.secrets);
  }
  if (zones.length === 0) {
    session.intents.recordRenumber(accountId, to, names, from);
    return undefined;
  }
  const them = zones.length === 1 ? "it" : "them";
  const twoSteps =
    oldNames.length >= 2 * Limits.MIN_NAMES_PER_SET
      ? `or renumber in two updates: first give set ${to} ${formatNameList(oldNames.slice(0, Limits.MIN_NAMES_PER_SET))} ` +
        `(kept out of set ${from}'s nameservers) and move ${them} to set ${to}, then move the other names`
      : `or move ${them} to another set first (one with other names, which needs a delegation change at the registrar), ` +
        `renumber, then move ${them} back`;
  return {
    property: "nsSet",
    reason:
      `nsSet: set ${from} of account ${accountId} cannot become set ${to} while zones use it: ${formatNameList(zones)}; ` +
      `a name belongs to one set only and Cloudflare cannot renumber a set, so its names ` +
      `(${formatNameList(kept)}) would leave set ${from} before set ${to} could hold them, and ` +
      `${zones.length === 1 ? "that zone" : "those zones"} would be on a set with fewer than ${Limits.MIN_NAMES_PER_SET} ` +
      `names meanwhile; keep nsSet ${from}, ${twoSteps}`,
  };
}

// ---------------------------------------------------------------------------------------------
// diff

async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS.filter((field) =>
    hasFieldChanged(old[field], next[field]),
  );
  const oldNames = toNameSet(old.nameservers);
  const newNames = toNameSet(next.nameservers);
  const namesUnknown = containsUnknown(next.nameservers);
  const live = getSession().observed.setNames.get(_id);
  const namesChanged =
    namesUnknown ||
    (oldNames !== undefined && newNames !== undefined && !isSameNameSet(oldNames, newNames)) ||
    (live !== undefined && newNames !== undefined && !isSameNameSet(live, newNames));
  if (replaces.length === 0) return { changes: namesChanged };
  // The old and new sets cannot coexist when they would share a name in one account.
  const otherAccount = !isUnknown(next.accountId) && replaces.includes("accountId");
  const overlap = namesUnknown || (oldNames ?? []).some((n) => (newNames ?? []).includes(n));
  return { changes: true, replaces, deleteBeforeReplace: !otherAccount && overlap };
}

// ---------------------------------------------------------------------------------------------
// create, update

async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const session = getSession();
  const inputs = requireSetInputs(news);
  const { accountId, nsSet, nameservers, adopt } = inputs;
  const client = getClient(session, { resourceType: TYPE, field: "accountId", value: accountId });
  const listing = await listNames(session, client, accountId, "accountId");
  refuseNamesInOtherSets(listing, inputs);
  const current = namesOfSet(listing, nsSet);
  const leftByUs =
    current.length > 0 &&
    !adopt &&
    (await isLeftByInterruptedCreate(session, accountId, nsSet, current, nameservers));
  if (leftByUs) {
    warn(
      `${TYPE} set ${nsSet} of account ${accountId}: it already held ${formatNameList(current)}, all declared here ` +
        `and used by no zone, as an interrupted create of this resource leaves it; taking them over as this resource's own`,
    );
  }
  if (current.length > 0 && !adopt && !leftByUs) {
    const declared = current.filter((n) => nameservers.includes(n));
    const others = current.filter((n) => !nameservers.includes(n));
    const holds =
      declared.length > 0 && others.length > 0
        ? `${formatNameList(declared)} (declared here) and ${formatNameList(others)}`
        : formatNameList(current);
    throw new AcnsResourceError(
      TYPE,
      declared.length > 0 ? "nameservers" : "nsSet",
      `${formatSubject(TYPE, declared.length > 0 ? "nameservers" : "nsSet", declared.length > 0 ? nameservers : nsSet)}: ` +
        `set ${nsSet} of account ${accountId} already holds ${holds}; this resource never takes over existing names ` +
        `silently; set adopt: true to manage the existing set (its names that nameservers does not list are then ` +
        `removed), or choose another set or other names`,
    );
  }
  const records = await changeNames(session, client, inputs, current, listing, "create");
  // An adopted set's names as found: delete restores exactly them.
  const found = adopt && current.length > 0 ? current : undefined;
  return { id: formatSetId(accountId, nsSet), outs: buildOutputs(inputs, records, found) };
}

async function update(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  const session = getSession();
  const inputs = requireSetInputs(news);
  const client = getClient(session, { resourceType: TYPE, field: "accountId", value: inputs.accountId });
  const listing = await listNames(session, client, inputs.accountId, "accountId");
  refuseNamesInOtherSets(listing, inputs);
  // Names added out of band are part of the set this resource manages: they go too.
  const current = namesOfSet(listing, inputs.nsSet);
  const records = await changeNames(session, client, inputs, current, listing, "update");
  return { outs: buildOutputs(inputs, records, readFoundNames(olds)) };
}

async function listNames(
  session: Session,
  client: AcnsClient,
  accountId: string,
  field: string,
): Promise<CustomNameserver[]> {
  try {
    return await client.listCustomNameservers({ accountId });
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field, value: accountId }, session.secrets);
  }
}

function refuseNamesInOtherSets(
  listing: readonly CustomNameserver[],
  inputs: AccountNameserverSetInputs,
): void {
  const { accountId, nsSet, nameservers } = inputs;
  const elsewhere = listing.filter(
    (ns) => ns.ns_set !== nsSet && nameservers.includes(normaliseName(ns.ns_name)),
  );
  const first = elsewhere[0];
  if (first === undefined) return;
  const list = elsewhere.map((ns) => `"${normaliseName(ns.ns_name)}" is in set ${ns.ns_set}`).join(", ");
  throw new AcnsResourceError(
    TYPE,
    "nameservers",
    `${formatSubject(TYPE, "nameservers", nameservers)}: ${list} of account ${accountId}; a name can belong to ` +
      `one set only, and adopt never moves a name between sets; remove it from set ${first.ns_set} first, or choose another name`,
  );
}

/** Applies the changes as one unit; a failure is undone and reported with what was undone. */
async function changeNames(
  session: Session,
  client: AcnsClient,
  inputs: AccountNameserverSetInputs,
  current: readonly string[],
  listing: readonly CustomNameserver[],
  operation: "create" | "update",
): Promise<Map<string, CustomNameserver>> {
  const { accountId, nsSet, nameservers } = inputs;
  // From here on this resource's own writes decide the set's names, not what check saw.
  session.observed.setNames.delete(formatSetId(accountId, nsSet));
  const records = new Map(
    listing.filter((ns) => ns.ns_set === nsSet).map((ns) => [normaliseName(ns.ns_name), ns] as const),
  );
  try {
    const added = await applyNameChanges(client, { accountId, nsSet }, planNameChanges(current, nameservers));
    for (const [name, record] of added) records.set(name, record);
    return records;
  } catch (err) {
    if (!(err instanceof NameChangeFailure)) throw err;
    const undone = err.undone.length > 0 ? ` (${err.undone.join(", ")})` : "";
    const recovery =
      operation === "create"
        ? `they are not in Pulumi's state: delete them in the Cloudflare dashboard or API, or run pulumi up again with adopt: true`
        : "run pulumi refresh, then pulumi up again, or correct the set in the Cloudflare dashboard";
    const then =
      err.leftover.length === 0
        ? `Nothing was changed${undone}.`
        : `Undoing the earlier steps failed, so set ${nsSet} of account ${accountId} is left changed: ` +
          `${err.leftover.join(", ")}${undone}; ${recovery}.`;
    throw toResourceError(
      err.error,
      { resourceType: TYPE, field: "nameservers", value: err.failed.name, then },
      session.secrets,
    );
  } finally {
    // After the writes, whatever they did: the next refresh lists the names again.
    session.live.forgetNameserversForRead(accountId);
  }
}

function buildOutputs(
  inputs: AccountNameserverSetInputs,
  records: ReadonlyMap<string, CustomNameserver>,
  foundNameservers: readonly string[] | undefined,
): AccountNameserverSetOutputs {
  const outs: AccountNameserverSetOutputs = {
    accountId: inputs.accountId,
    nsSet: inputs.nsSet,
    nameservers: [...inputs.nameservers],
    glueRecords: inputs.nameservers.map((name) => buildGlueRecord(name, records.get(name))),
  };
  if (foundNameservers !== undefined) outs.foundNameservers = [...foundNameservers];
  return outs;
}

/** The names an adopted set held when this resource took it over (state), if it adopted any. */
function readFoundNames(state: unknown): string[] | undefined {
  const names = toNameSet(readRecord(state).foundNameservers);
  return names !== undefined && names.length > 0 ? names : undefined;
}

function buildGlueRecord(nsName: string, record: CustomNameserver | undefined): GlueRecord {
  const address = (type: "A" | "AAAA"): string | null =>
    record?.dns_records.find((r) => r.type === type)?.value ?? null;
  return { nsName, ipv4: address("A"), ipv6: address("AAAA") };
}

// ---------------------------------------------------------------------------------------------
// read, delete

async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const { accountId, nsSet } = parseSetId(id);
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  let listing: CustomNameserver[];
  try {
    listing = await client.listCustomNameservers({ accountId });
  } catch (err) {
    // The account itself is gone: so is the set.
    if (isNotFound(err)) return {};
    throw toResourceError(err, { resourceType: TYPE, field: "id", value: id }, session.secrets);
  }
  const names = namesOfSet(listing, nsSet);
  // A set without names does not exist: an empty id tells the engine to drop the resource.
  if (names.length === 0) return {};
  const records = new Map(
    listing.filter((ns) => ns.ns_set === nsSet).map((ns) => [normaliseName(ns.ns_name), ns] as const),
  );
  const outs = buildOutputs(
    { accountId, nsSet, nameservers: names, adopt: false },
    records,
    readFoundNames(props),
  );
  return { id: formatSetId(accountId, nsSet), props: outs, inputs: { accountId, nsSet, nameservers: names } };
}

/**
 * Deletes the set's names, or for an adopted set restores the names it found (deleting only those
 * it added, re-creating found names that are gone). Leaves the set alone when another resource of
 * the same update declares it (a rename or a move into a component: that resource manages the set
 * now), and refuses while zones use the set unless what stays still has 2 names or more.
 */
async function deleteSet(id: string, props: unknown): Promise<void> {
  const session = getSession();
  const { accountId, nsSet } = parseSetId(id);
  if (session.intents.declaresSet(accountId, nsSet)) return;
  const client = getClient(session, { resourceType: TYPE, field: "id", value: id });
  let listing: CustomNameserver[];
  try {
    listing = await client.listCustomNameservers({ accountId });
  } catch (err) {
    if (isNotFound(err)) return;
    throw toResourceError(err, { resourceType: TYPE, field: "id", value: id }, session.secrets);
  }
  const current = namesOfSet(listing, nsSet);
  const found = readFoundNames(props) ?? [];
  const inAccount = new Set(listing.map((ns) => normaliseName(ns.ns_name)));
  const restore = found.filter((n) => !inAccount.has(n));
  const names = current.filter((n) => !found.includes(n));
  if (names.length === 0 && restore.length === 0) return;
  const stays = current.length - names.length + restore.length;
  let zones =
    stays >= Limits.MIN_NAMES_PER_SET ? [] : await findZonesUsingSet(session, client, accountId, nsSet);
  const released = session.released.listOnSet(accountId, nsSet);
  if (zones.length > 0 && zones.every((zone) => released.has(zone))) {
    // Their bindings were deleted in this update and what they had before is not known: they go to
    // Cloudflare's nameservers before the names go, rather than the set being kept for ever.
    await releaseZones(
      session,
      client,
      zones.map((zone) => ({ zoneName: zone, zoneId: released.get(zone) ?? "" })),
      nsSet,
    );
    zones = [];
  }
  if (zones.length > 0) {
    throw new AcnsResourceError(
      TYPE,
      "nsSet",
      `${formatSubject(TYPE, "nsSet", nsSet)}: cannot delete set ${nsSet} of account ${accountId} while zones use ` +
        `it: ${formatNameList(zones)}; move ${zones.length === 1 ? "that zone" : "those zones"} to another set or ` +
        `off account custom nameservers first (change or delete ${zones.length === 1 ? "its" : "their"} ` +
        `ZoneAcnsBinding), then delete the set again`,
    );
  }
  if (restore.length > 0) {
    // The adopted names go back first, so a zone on the set keeps its names throughout.
    try {
      await applyNameChanges(
        client,
        { accountId, nsSet },
        restore.map((name) => ({ kind: "add" as const, name })),
      );
    } catch (err) {
      const failure = err instanceof NameChangeFailure ? err : undefined;
      throw toResourceError(
        failure?.error ?? err,
        {
          resourceType: TYPE,
          field: "nameservers",
          value: failure?.failed.name ?? restore,
          then: `The names set ${nsSet} held when it was adopted could not all be re-created; nothing was deleted. Run pulumi destroy again.`,
        },
        session.secrets,
      );
    } finally {
      session.live.forgetNameserversForRead(accountId);
    }
  }
  const deleted: string[] = [];
  for (const name of names) {
    try {
      await client.deleteCustomNameserver({ accountId, nsName: name });
    } catch (err) {
      // Gone already (deleted out of band meanwhile): that is what we wanted.
      if (isNotFound(err)) continue;
      const before =
        deleted.length > 0
          ? ` ${formatNameList(deleted)} ${deleted.length === 1 ? "was" : "were"} deleted before the failure;`
          : "";
      throw toResourceError(
        err,
        {
          resourceType: TYPE,
          field: "nameservers",
          value: name,
          then: `The set is not fully deleted:${before} run pulumi destroy (or up) again to finish.`,
        },
        session.secrets,
      );
    } finally {
      session.live.forgetNameserversForRead(accountId);
    }
    deleted.push(name);
  }
}

/**
 * The zones of the account on set `nsSet`, by name. Every zone's `dns_settings` is read (one GET
 * per zone): whether `GET /zones` lists a zone's custom names in `name_servers` is not documented,
 * so only the settings are trusted. Deleting a set is rare; being exact is worth the requests.
 */
async function findZonesUsingSet(
  session: Session,
  client: AcnsClient,
  accountId: string,
  nsSet: number,
): Promise<string[]> {
  const where = { resourceType: TYPE, field: "nsSet", value: nsSet } as const;
  try {
    return await listZonesOnSet(
      {
        listZones: (id) => client.listZones({ accountId: id }),
        getZoneNameservers: async (zoneId) => (await client.getZoneDnsSettings({ zoneId })).nameservers,
      },
      accountId,
      nsSet,
    );
  } catch (err) {
    throw toResourceError(
      err,
      { ...where, then: "Nothing was deleted: the set is only deleted once no zone is known to use it." },
      session.secrets,
    );
  }
}

/**
 * True when set `nsSet` holds only names this resource declares and no zone uses it: what a create
 * of this resource that was interrupted (a killed CI job) leaves behind, which the stack never
 * recorded. Anything else in the set belongs to someone else and is refused.
 */
async function isLeftByInterruptedCreate(
  session: Session,
  accountId: string,
  nsSet: number,
  held: readonly string[],
  declared: readonly string[],
): Promise<boolean> {
  if (!held.every((name) => declared.includes(name))) return false;
  try {
    const zones = await listZonesOnSet(session.live, accountId, nsSet);
    return zones.length === 0;
  } catch (err) {
    throw toResourceError(err, { resourceType: TYPE, field: "nsSet", value: nsSet }, session.secrets);
  }
}

/** Moves zones off set `nsSet` to `cloudflare.standard`, one PATCH each. */
async function releaseZones(
  session: Session,
  client: AcnsClient,
  zones: readonly { zoneName: string; zoneId: string }[],
  nsSet: number,
): Promise<void> {
  for (const zone of zones) {
    warn(
      `${TYPE}: zone "${zone.zoneName}" is on set ${nsSet}, which is being deleted, and what it had before its ` +
        `ZoneAcnsBinding is not known; moving it to cloudflare.standard`,
    );
    try {
      await client.editZoneDnsSettings({ zoneId: zone.zoneId, nameservers: { type: "cloudflare.standard" } });
    } catch (err) {
      throw toResourceError(
        err,
        {
          resourceType: TYPE,
          field: "nsSet",
          value: nsSet,
          then: "Nothing of the set was deleted; run pulumi destroy (or up) again.",
        },
        session.secrets,
      );
    }
  }
}

/** How {@link listZonesUsing} reads: fresh from the client, or through the session's cache (`LiveCache`). */
export interface ZoneReader {
  listZones(accountId: string): Promise<Zone[]>;
  getZoneNameservers(zoneId: string): Promise<ZoneNameserversRead>;
}

/**
 * The names of the account's zones whose `nameservers` setting `isOn` accepts, sorted: one
 * settings read per zone. Shared with `CustomNameserverSet`, whose delete looks for the zones on a
 * Custom Nameserver Set the same way.
 */
export async function listZonesUsing(
  reader: ZoneReader,
  accountId: string,
  isOn: (nameservers: ZoneNameserversRead) => boolean,
): Promise<string[]> {
  const using: string[] = [];
  for (const zone of await reader.listZones(accountId)) {
    if (isOn(await reader.getZoneNameservers(zone.id))) using.push(normaliseName(zone.name));
  }
  return using.sort();
}

/**
 * The names of the account's zones on set `nsSet`, sorted. A zone of any other nameserver type (a
 * Custom Nameserver Set, a type we do not know) is not on it.
 */
async function listZonesOnSet(reader: ZoneReader, accountId: string, nsSet: number): Promise<string[]> {
  return listZonesUsing(reader, accountId, (ns) => findZoneSet(ns) === nsSet);
}

/** The implementation the serialized `AccountNameserverSet` provider forwards to. */
export const accountNameserverSet = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteSet,
};
