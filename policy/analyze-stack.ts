/**
 * The stack-wide check behind the policy pack, as a pure function over the stack's resources:
 * collects this package's resources and the @pulumi/cloudflare ones that touch account custom
 * nameservers, builds each account's configuration, runs the core validator over it, and maps each
 * issue back to the URNs of the resources involved. It also finds resources that manage the same
 * thing (a zone's nameservers, an account's default, one set), which would undo each other on
 * every update. No Pulumi, no I/O: tests feed it resource lists.
 *
 * What a stack cannot show is reported apart, as unchecked: values unknown during a preview, sets
 * that zones use but this stack does not manage, resources whose zone or account is not known.
 */
import { checkKnownConfig } from "../provider/component/check-known-config";
import type { AcnsIssue, AcnsIssuePath } from "../provider/core/config";
import { Limits, NAMES_PER_SET_RANGE } from "../provider/core/limits";
import { normaliseName } from "../provider/core/names";
import { formatWordList } from "../provider/core/wording";
import { formatTypeToken } from "../provider/resources/resource-types";
import { UNKNOWN_VALUE, isUnknown } from "../provider/resources/unknowns";

/** The type tokens the policy reads. */
export const AcnsPolicyTypes = {
  accountNameserverSet: formatTypeToken("AccountNameserverSet"),
  zoneAcnsBinding: formatTypeToken("ZoneAcnsBinding"),
  accountDefaultNameservers: formatTypeToken("AccountDefaultNameservers"),
  zoneDnsSettings: "cloudflare:index/zoneDnsSettings:ZoneDnsSettings",
  accountDnsSettings: "cloudflare:index/accountDnsSettings:AccountDnsSettings",
  zone: "cloudflare:index/zone:Zone",
} as const;

/** One resource of the stack, as a stack policy sees it. */
export interface StackResource {
  type: string;
  urn: string;
  name: string;
  /**
   * The resource's properties (outputs; during a preview, inputs and unknowns). A value may be
   * unknown: the engine's sentinel string, or a property whose read throws (the policy SDK's
   * proxy does that for unknowns).
   */
  props: Record<string, unknown>;
  /** The parent's URN. */
  parent?: string | undefined;
  /** For each input property, the URNs of the resources its value came from. */
  propertyDependencies?: Readonly<Record<string, readonly string[]>> | undefined;
  /**
   * The resource's inputs, when known (the pack records them for @pulumi/cloudflare resources, whose
   * outputs show settings the program never set). Without them, outputs stand in.
   */
  inputs?: Record<string, unknown> | undefined;
}

/** Codes of findings that are not the validator's. */
export const STACK_FINDING_CODES = [
  /** Two resources manage one zone's nameservers, one account's default, or one set. */
  "conflicting-managers",
  /** Something the stack does not show, so a rule could not be checked. */
  "not-checked",
] as const;

/** One violation or unchecked item: what, and the URNs of the resources involved (the first is the main one). */
export interface StackFinding {
  /** A validator issue code, or one of {@link STACK_FINDING_CODES}. */
  code: string;
  /** The account, when the finding is about one. */
  accountId: string | null;
  message: string;
  urns: string[];
}

/** What {@link analyzeAcnsStack} found. */
export interface StackReport {
  /** Broken rules and conflicting managers: the mandatory policy reports these. */
  violations: StackFinding[];
  /** What could not be checked: the advisory policy reports these. */
  unchecked: StackFinding[];
}

/** Renders a finding for `reportViolation`: the issue line, then one line per resource involved. */
export function formatStackFinding(finding: StackFinding): string {
  const account = finding.accountId === null ? "" : `account ${finding.accountId}: `;
  const lines = [
    `${account}${finding.code === "not-checked" ? "" : `error[${finding.code}] `}${finding.message}`,
  ];
  for (const urn of finding.urns) lines.push(`  resource: ${urn}`);
  return lines.join("\n");
}

type Unknown = typeof UNKNOWN_VALUE;
type Maybe<T> = T | Unknown | undefined;

interface SetFact {
  resource: StackResource;
  accountId: Maybe<string>;
  nsSet: Maybe<number>;
  /** As the resource has them: a list (items may be unknown), unknown, or anything else. */
  nameservers: unknown;
}

/** A resource that puts a zone on nameservers (ours or @pulumi/cloudflare's), or shows what it has. */
interface ZoneFact {
  resource: StackResource;
  kind: "binding" | "settings";
  /** True when the resource sets the zone's nameservers (a binding always; settings when given them). */
  manages: boolean;
  zoneId: Maybe<string>;
  /** Normalised. */
  name: Maybe<string>;
  accountId: Maybe<string>;
  /** The set; null when the zone is (to be) off account custom nameservers. */
  nsSet: Maybe<number | null>;
}

interface DefaultFact {
  resource: StackResource;
  accountId: Maybe<string>;
  type: Maybe<string>;
}

interface ZoneResourceFact {
  id: Maybe<string>;
  name: Maybe<string>;
  accountId: Maybe<string>;
}

/** Where an entry of an account's built configuration came from. */
interface Entry {
  resource?: StackResource;
  /** A set no resource of the stack manages, stood in for because zones (or the default) use it. */
  standIn?: { nsSet: number; users: string[] };
  /** The normalised names of a set entry, for issues about names. */
  names?: string[];
  /** The normalised zone name of a zone entry. */
  zoneName?: string;
  nsSet?: number;
}

/**
 * Checks the stack's account custom nameserver configuration as a whole. Never throws.
 *
 * @see ../README.md#the-policy-pack
 */
export function analyzeAcnsStack(resources: readonly StackResource[]): StackReport {
  const violations: StackFinding[] = [];
  const unchecked: StackFinding[] = [];
  const sets: SetFact[] = [];
  const defaults: DefaultFact[] = [];
  const zoneManagers: ZoneFact[] = [];
  const zoneResources = new Map<string, ZoneResourceFact>();

  for (const resource of resources) {
    switch (resource.type) {
      case AcnsPolicyTypes.accountNameserverSet:
        sets.push({
          resource,
          accountId: readString(resource.props, "accountId"),
          nsSet: readNumber(resource.props, "nsSet") ?? Limits.DEFAULT_NS_SET,
          nameservers: readList(resource.props, "nameservers"),
        });
        break;
      case AcnsPolicyTypes.accountDefaultNameservers:
        defaults.push({
          resource,
          accountId: readString(resource.props, "accountId"),
          type: readString(resource.props, "type"),
        });
        break;
      case AcnsPolicyTypes.accountDnsSettings: {
        const source = resource.inputs ?? resource.props;
        const type = readString(read(read(source, "zoneDefaults"), "nameservers"), "type");
        if (type !== undefined) {
          defaults.push({ resource, accountId: readString(resource.props, "accountId"), type });
        }
        break;
      }
      case AcnsPolicyTypes.zoneAcnsBinding: {
        // A binding to a Custom Nameserver Set (nameserverSetId) puts its zone on no numbered set.
        const onCustomSet = read(resource.props, "nameserverSetId") !== undefined;
        const nsSet = onCustomSet ? null : read(resource.props, "nsSet");
        zoneManagers.push({
          resource,
          kind: "binding",
          manages: true,
          zoneId: readString(resource.props, "zoneId"),
          name: normaliseMaybe(readString(resource.props, "zoneName")),
          accountId: undefined,
          nsSet: nsSet === null ? null : (readNumber(resource.props, "nsSet") ?? Limits.DEFAULT_NS_SET),
        });
        break;
      }
      case AcnsPolicyTypes.zoneDnsSettings: {
        const fact = readZoneDnsSettings(resource);
        if (fact !== undefined) zoneManagers.push(fact);
        break;
      }
      case AcnsPolicyTypes.zone:
        zoneResources.set(resource.urn, {
          id: readString(resource.props, "id"),
          name: normaliseMaybe(readString(resource.props, "name")),
          accountId: readString(read(resource.props, "account"), "id"),
        });
        break;
      default:
        break;
    }
  }

  resolveZones(zoneManagers, zoneResources, sets, defaults, unchecked);
  const keptZones = findZoneConflicts(zoneManagers, violations);
  const keptDefaults = findDefaultConflicts(defaults, violations);
  const keptSets = findSetConflicts(sets, violations);

  const accounts = new Set<string>();
  for (const fact of [...keptSets, ...keptDefaults, ...keptZones]) {
    if (isKnownString(fact.accountId)) accounts.add(fact.accountId);
  }
  for (const fact of [...keptSets, ...keptDefaults]) {
    if (!isKnownString(fact.accountId)) {
      unchecked.push({
        code: "not-checked",
        accountId: null,
        message: `${describeResource(fact.resource)}: its accountId is unknown until apply; it is left out of the rules until then`,
        urns: [fact.resource.urn],
      });
    }
  }
  for (const accountId of [...accounts].sort()) {
    checkAccount(
      accountId,
      keptSets.filter((f) => f.accountId === accountId),
      keptDefaults.filter((f) => f.accountId === accountId),
      keptZones.filter((f) => f.accountId === accountId),
      violations,
      unchecked,
    );
  }
  return { violations, unchecked };
}

// ---------------------------------------------------------------------------
// Reading properties

/** Reads one property; unknown when the value is the sentinel or its read throws (the policy SDK's proxy). */
function read(value: unknown, key: string | number): unknown {
  if (isUnknown(value)) return UNKNOWN_VALUE;
  if (typeof value !== "object" || value === null) return undefined;
  try {
    const field: unknown = (value as Record<string | number, unknown>)[key];
    return isUnknown(field) ? UNKNOWN_VALUE : field;
  } catch {
    return UNKNOWN_VALUE;
  }
}

function readString(value: unknown, key: string): Maybe<string> {
  const field = read(value, key);
  return typeof field === "string" || isUnknown(field) ? field : undefined;
}

function readNumber(value: unknown, key: string): Maybe<number> {
  const field = read(value, key);
  return typeof field === "number" || isUnknown(field) ? field : undefined;
}

/** A list with each item read on its own (an item may be unknown); unknown, or the value as it is. */
function readList(value: unknown, key: string): unknown {
  const field = read(value, key);
  if (!Array.isArray(field)) return field;
  const items: unknown[] = [];
  for (let i = 0; i < field.length; i++) items.push(read(field, i));
  return items;
}

function isKnownString(value: unknown): value is string {
  return typeof value === "string" && !isUnknown(value);
}

function normaliseMaybe(name: Maybe<string>): Maybe<string> {
  return isKnownString(name) ? normaliseName(name) : name;
}

function readZoneDnsSettings(resource: StackResource): ZoneFact | undefined {
  const given = resource.inputs === undefined ? undefined : read(resource.inputs, "nameservers");
  const shown = read(resource.props, "nameservers");
  // Inputs tell whether the program sets the nameservers; outputs show what the zone has.
  const manages = resource.inputs === undefined ? shown !== undefined && shown !== null : given !== undefined;
  const setting = manages && given !== undefined ? given : shown;
  if (setting === undefined || setting === null) return undefined;
  const type = readString(setting, "type");
  let nsSet: Maybe<number | null>;
  if (isUnknown(setting) || isUnknown(type)) nsSet = UNKNOWN_VALUE;
  // Not core's findZoneSet: props are camelCase and may be unknown, and null here means off ACNS.
  else if (type === "custom.account") nsSet = readNumber(setting, "nsSet") ?? Limits.DEFAULT_NS_SET;
  else if (type === undefined) return undefined;
  else nsSet = null;
  return {
    resource,
    kind: "settings",
    manages,
    zoneId: readString(resource.props, "zoneId"),
    name: undefined,
    accountId: undefined,
    nsSet,
  };
}

function describeResource(resource: StackResource): string {
  const short = resource.type.startsWith("cloudflare:")
    ? `cloudflare.${resource.type.slice(resource.type.lastIndexOf(":") + 1)}`
    : resource.type.slice(resource.type.lastIndexOf(":") + 1);
  return `${short} ${JSON.stringify(resource.name)}`;
}

// ---------------------------------------------------------------------------
// Zones: names and accounts

/**
 * Gives each zone fact its name and account: from a @pulumi/cloudflare `Zone` of the stack with the
 * same id (or the one its `zoneId` came from), from a binding of the same zone id (its `zoneName`,
 * given or looked up at create), from the sets beside a binding in its component, or from the one
 * account the stack manages. A `cloudflare.ZoneDnsSettings` has only a `zoneId`, so without such a
 * resource its zone stays nameless and is listed as unchecked, never silently passed.
 */
function resolveZones(
  facts: ZoneFact[],
  zoneResources: ReadonlyMap<string, ZoneResourceFact>,
  sets: readonly SetFact[],
  defaults: readonly DefaultFact[],
  unchecked: StackFinding[],
): void {
  const zoneById = new Map<string, ZoneResourceFact>();
  for (const zone of zoneResources.values()) if (isKnownString(zone.id)) zoneById.set(zone.id, zone);
  const stackAccounts = new Set<string>();
  for (const fact of [...sets, ...defaults])
    if (isKnownString(fact.accountId)) stackAccounts.add(fact.accountId);
  for (const zone of zoneResources.values())
    if (isKnownString(zone.accountId)) stackAccounts.add(zone.accountId);

  // Bindings first: a ZoneDnsSettings of the same zone id takes its name and account from them.
  const bindingById = new Map<string, ZoneFact>();
  const ordered = [
    ...facts.filter((f) => f.kind === "binding"),
    ...facts.filter((f) => f.kind !== "binding"),
  ];
  for (const fact of ordered) {
    const source = fact.resource.propertyDependencies?.zoneId ?? [];
    const zone =
      (isKnownString(fact.zoneId) ? zoneById.get(fact.zoneId) : undefined) ??
      source.map((urn) => zoneResources.get(urn)).find((z) => z !== undefined);
    const binding = isKnownString(fact.zoneId) ? bindingById.get(fact.zoneId) : undefined;
    if (!isKnownString(fact.name) && zone !== undefined && isKnownString(zone.name)) fact.name = zone.name;
    if (!isKnownString(fact.name) && binding !== undefined) fact.name = binding.name;
    if (zone !== undefined && isKnownString(zone.accountId)) fact.accountId = zone.accountId;
    else if (binding !== undefined && isKnownString(binding.accountId)) fact.accountId = binding.accountId;
    else fact.accountId = findSiblingAccount(fact.resource, sets, defaults) ?? findOnlyAccount(stackAccounts);
    if (fact.kind === "binding" && isKnownString(fact.zoneId) && isKnownString(fact.name)) {
      if (!bindingById.has(fact.zoneId)) bindingById.set(fact.zoneId, fact);
    }

    if (!isKnownString(fact.name)) {
      if (fact.kind === "settings" && fact.nsSet === null) continue; // Off ACNS: no rule to check.
      unchecked.push({
        code: "not-checked",
        accountId: null,
        message: fact.kind === "binding" ? describeNamelessBinding(fact) : describeNamelessSettings(fact),
        urns: [fact.resource.urn],
      });
    } else if (!isKnownString(fact.accountId)) {
      unchecked.push({
        code: "not-checked",
        accountId: null,
        message:
          `${describeResource(fact.resource)}: the account of zone "${fact.name}" is not known (the stack ` +
          "manages several accounts and no cloudflare.Zone of this stack has the zone's id); the zone is left out of the rules",
        urns: [fact.resource.urn],
      });
    }
  }
}

function describeNamelessBinding(fact: ZoneFact): string {
  return (
    `${describeResource(fact.resource)}: the zone's name is not known (give the binding zoneName, or ` +
    "manage the zone with a cloudflare.Zone in this stack); the zone is left out of the rules"
  );
}

/** Why a ZoneDnsSettings' zone is left out: it has a `zoneId` and `nameservers` only, no name. */
function describeNamelessSettings(fact: ZoneFact): string {
  const zone = isKnownString(fact.zoneId)
    ? `zoneId ${fact.zoneId} is not the id of any cloudflare.Zone or ZoneAcnsBinding of this stack`
    : "its zoneId is unknown until apply and comes from no cloudflare.Zone of this stack";
  const nsSet = typeof fact.nsSet === "number" ? `nameservers.nsSet ${fact.nsSet}` : "nameservers.nsSet";
  return (
    `${describeResource(fact.resource)}: the zone's name is not known (a ZoneDnsSettings has no zone name, and ${zone}), ` +
    `so the hierarchy rule is not checked for its ${nsSet}; manage the zone with a cloudflare.Zone in this stack ` +
    "(zoneId: zone.id), or put it on its set with a ZoneAcnsBinding instead"
  );
}

function findSiblingAccount(
  resource: StackResource,
  sets: readonly SetFact[],
  defaults: readonly DefaultFact[],
): string | undefined {
  if (resource.parent === undefined) return undefined;
  const accounts = new Set<string>();
  for (const fact of [...sets, ...defaults]) {
    if (fact.resource.parent === resource.parent && isKnownString(fact.accountId))
      accounts.add(fact.accountId);
  }
  return findOnlyAccount(accounts);
}

function findOnlyAccount(accounts: ReadonlySet<string>): string | undefined {
  return accounts.size === 1 ? [...accounts][0] : undefined;
}

// ---------------------------------------------------------------------------
// Conflicting managers

/** Groups items that share any key (zone id, or account and name), in stack order. */
function groupByKeys<T>(items: readonly T[], keysOf: (item: T) => string[]): T[][] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i] ?? i] ?? i;
    return i;
  };
  const owner = new Map<string, number>();
  items.forEach((item, i) => {
    for (const key of keysOf(item)) {
      const j = owner.get(key);
      if (j === undefined) owner.set(key, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = find(i);
    const group = groups.get(root) ?? [];
    group.push(item);
    groups.set(root, group);
  });
  return [...groups.values()];
}

function describeManagers(resources: readonly StackResource[]): string {
  return formatWordList(resources.map(describeResource));
}

/** Zones whose nameservers two resources set: one violation each; the first manager (ours first) stays. */
function findZoneConflicts(facts: readonly ZoneFact[], violations: StackFinding[]): ZoneFact[] {
  const managing = facts.filter((f) => f.manages);
  const kept: ZoneFact[] = facts.filter((f) => !f.manages);
  const groups = groupByKeys(managing, (f) => [
    ...(isKnownString(f.zoneId) ? [`id:${f.zoneId}`] : []),
    ...(isKnownString(f.name) && isKnownString(f.accountId) ? [`name:${f.accountId}:${f.name}`] : []),
  ]);
  for (const group of groups) {
    const ordered = [
      ...group.filter((f) => f.kind === "binding"),
      ...group.filter((f) => f.kind !== "binding"),
    ];
    const first = ordered[0];
    if (first === undefined) continue;
    kept.push(first);
    if (ordered.length < 2) continue;
    const zone = isKnownString(first.name)
      ? `zone "${first.name}"`
      : `the zone with id ${isKnownString(first.zoneId) ? first.zoneId : "?"}`;
    const fix = ordered.some((f) => f.kind === "settings")
      ? ordered.every((f) => f.kind === "settings")
        ? "keep nameservers in one of them"
        : "remove nameservers from the cloudflare.ZoneDnsSettings, or take the zone out of the ACNS configuration"
      : "keep one of them";
    violations.push({
      code: "conflicting-managers",
      accountId: isKnownString(first.accountId) ? first.accountId : null,
      message:
        `${zone} has its nameservers set by ${ordered.length} resources, ${describeManagers(ordered.map((f) => f.resource))}; ` +
        `each would undo the other's change on every update; ${fix}`,
      urns: ordered.map((f) => f.resource.urn),
    });
  }
  return kept;
}

function findDefaultConflicts(facts: readonly DefaultFact[], violations: StackFinding[]): DefaultFact[] {
  const kept: DefaultFact[] = [];
  for (const group of groupByKeys(facts, (f) => (isKnownString(f.accountId) ? [f.accountId] : []))) {
    const ordered = [
      ...group.filter((f) => f.resource.type === AcnsPolicyTypes.accountDefaultNameservers),
      ...group.filter((f) => f.resource.type !== AcnsPolicyTypes.accountDefaultNameservers),
    ];
    const first = ordered[0];
    if (first === undefined) continue;
    kept.push(first);
    if (ordered.length < 2) continue;
    violations.push({
      code: "conflicting-managers",
      accountId: isKnownString(first.accountId) ? first.accountId : null,
      message:
        `the default nameservers for new zones are set by ${ordered.length} resources, ` +
        `${describeManagers(ordered.map((f) => f.resource))}; each would undo the other's change on every update; ` +
        "keep one of them",
      urns: ordered.map((f) => f.resource.urn),
    });
  }
  return kept;
}

function findSetConflicts(facts: readonly SetFact[], violations: StackFinding[]): SetFact[] {
  const kept: SetFact[] = [];
  const groups = groupByKeys(facts, (f) =>
    isKnownString(f.accountId) && typeof f.nsSet === "number" ? [`${f.accountId}/${f.nsSet}`] : [],
  );
  for (const group of groups) {
    const first = group[0];
    if (first === undefined) continue;
    kept.push(first);
    if (group.length < 2) continue;
    violations.push({
      code: "conflicting-managers",
      accountId: isKnownString(first.accountId) ? first.accountId : null,
      message:
        `set ${String(first.nsSet)} is managed by ${group.length} resources, ${describeManagers(group.map((f) => f.resource))}; ` +
        "each would replace the other's names on every update; keep one of them",
      urns: group.map((f) => f.resource.urn),
    });
  }
  return kept;
}

// ---------------------------------------------------------------------------
// One account

function checkAccount(
  accountId: string,
  sets: readonly SetFact[],
  defaults: readonly DefaultFact[],
  zones: readonly ZoneFact[],
  violations: StackFinding[],
  unchecked: StackFinding[],
): void {
  const setEntries: Entry[] = [];
  const configSets: unknown[] = [];
  for (const fact of sets) {
    if (isUnknown(fact.nsSet)) {
      unchecked.push({
        code: "not-checked",
        accountId,
        message: `${describeResource(fact.resource)}: its set number is unknown until apply; the set is left out of the rules until then`,
        urns: [fact.resource.urn],
      });
      continue;
    }
    configSets.push({ nsSet: fact.nsSet, nameservers: fact.nameservers });
    const names = Array.isArray(fact.nameservers)
      ? fact.nameservers.filter(isKnownString).map((n) => normaliseName(n))
      : [];
    setEntries.push({
      resource: fact.resource,
      names,
      ...(typeof fact.nsSet === "number" ? { nsSet: fact.nsSet } : {}),
    });
  }

  const zoneEntries: Entry[] = [];
  const liveEntries: Entry[] = [];
  const configZones: unknown[] = [];
  const liveZones: unknown[] = [];
  for (const fact of zones) {
    if (!isKnownString(fact.name)) continue;
    const zoneId = isKnownString(fact.zoneId) ? { zoneId: fact.zoneId } : {};
    if (fact.manages && fact.nsSet !== null) {
      configZones.push({ name: fact.name, ...zoneId, nsSet: fact.nsSet });
      zoneEntries.push({ resource: fact.resource, zoneName: fact.name });
    } else if (!isUnknown(fact.nsSet) && fact.nsSet !== undefined) {
      liveZones.push({ name: fact.name, ...zoneId, nsSet: fact.nsSet });
      liveEntries.push({ resource: fact.resource, zoneName: fact.name });
    }
  }

  const config: Record<string, unknown> = { accountId, sets: configSets, zones: configZones };
  const fact = defaults[0];
  if (fact !== undefined && fact.type !== undefined) config.defaultNameservers = fact.type;
  if (liveZones.length > 0) config.liveZones = liveZones;

  // Sets that zones (or the default) use but no resource of this stack manages may well exist in
  // the account: stand in for them with unknown names, so only what the stack shows is judged.
  const users = new Map<number, string[]>();
  const declared = new Set(setEntries.map((e) => e.nsSet));
  const use = (nsSet: unknown, user: string): void => {
    if (typeof nsSet !== "number" || declared.has(nsSet)) return;
    if (!Number.isInteger(nsSet) || nsSet < Limits.MIN_NS_SET || nsSet > Limits.MAX_NS_SET) return;
    users.set(nsSet, [...(users.get(nsSet) ?? []), user]);
  };
  for (const zone of [...configZones, ...liveZones] as { name: string; nsSet: unknown }[]) {
    use(zone.nsSet, `zone "${zone.name}"`);
  }
  if (config.defaultNameservers === "custom.account") use(Limits.DEFAULT_NS_SET, "the default for new zones");
  for (const [nsSet, who] of [...users].sort((a, b) => a[0] - b[0])) {
    configSets.push({ nsSet, nameservers: UNKNOWN_VALUE });
    setEntries.push({ standIn: { nsSet, users: who }, nsSet });
  }

  const verdict = checkKnownConfig(config);
  const defaultEntry: Entry | undefined = fact === undefined ? undefined : { resource: fact.resource };
  const lists = { sets: setEntries, zones: zoneEntries, liveZones: liveEntries };
  for (const issue of verdict.issues) {
    violations.push({
      code: issue.code,
      accountId,
      message: issue.message,
      urns: findInvolved(issue, lists, defaultEntry),
    });
  }
  for (const value of verdict.unchecked) {
    const entry = findEntry(value.path, lists, defaultEntry);
    if (entry?.standIn !== undefined) {
      const { nsSet, users: who } = entry.standIn;
      unchecked.push({
        code: "not-checked",
        accountId,
        message:
          `set ${nsSet} is used by ${formatWordList(who)} but no resource of this stack manages it; ` +
          `that it exists with ${NAMES_PER_SET_RANGE} names is not checked`,
        urns: [],
      });
      continue;
    }
    const resource = entry?.resource;
    unchecked.push({
      code: "not-checked",
      accountId,
      message: `${resource === undefined ? "" : `${describeResource(resource)}: `}unknown until apply, so this check waits: ${value.checks}`,
      urns: resource === undefined ? [] : [resource.urn],
    });
  }
}

interface EntryLists {
  sets: readonly Entry[];
  zones: readonly Entry[];
  liveZones: readonly Entry[];
}

function findEntry(
  path: AcnsIssuePath,
  lists: EntryLists,
  defaultEntry: Entry | undefined,
): Entry | undefined {
  const [field, index] = path;
  if (field === "defaultNameservers") return defaultEntry;
  if (typeof index !== "number") return undefined;
  if (field === "sets") return lists.sets[index];
  if (field === "zones") return lists.zones[index];
  if (field === "liveZones") return lists.liveZones[index];
  return undefined;
}

/** The URNs an issue involves: the entry at its path first, then the resources its subjects name. */
function findInvolved(issue: AcnsIssue, lists: EntryLists, defaultEntry: Entry | undefined): string[] {
  const urns: string[] = [];
  const add = (entry: Entry | undefined): void => {
    const urn = entry?.resource?.urn;
    if (urn !== undefined && !urns.includes(urn)) urns.push(urn);
  };
  if (issue.path[0] === "accountId") {
    for (const entry of lists.sets) add(entry);
    add(defaultEntry);
  }
  add(findEntry(issue.path, lists, defaultEntry));
  for (const name of issue.subjects.zones) {
    for (const entry of [...lists.zones, ...lists.liveZones]) if (entry.zoneName === name) add(entry);
  }
  for (const name of issue.subjects.nameservers) {
    for (const entry of lists.sets) if (entry.names?.includes(name)) add(entry);
  }
  // A hierarchy conflict names the set the zones share; the set itself is not at fault.
  if (issue.code !== "hierarchy-conflict") {
    for (const nsSet of issue.subjects.sets) {
      for (const entry of lists.sets) if (entry.nsSet === nsSet) add(entry);
    }
  }
  return urns;
}
