/**
 * Drift of account-owned Custom Nameserver Sets: declared sets matched to live ones (see
 * {@link matchCustomSets}), and a zone on a custom set compared with the live set its key matched.
 */
import { z } from "zod";
import {
  ASSUMED_DEFAULT_IP_COUNT,
  CustomNameserverSetEntry,
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  ipCountOfSetEntry,
  nameOfSetEntry,
} from "./custom-nameserver-sets";
import type { AcnsDrift, AcnsDriftValue, ObservedAccount, ObservedCustomSet, ObservedZone } from "./drift";
import type { AcnsConfig } from "./config";
import { describeZoneNameservers } from "./zone-nameservers";
import { normaliseName } from "./names";
import { parseValidItems } from "./zod-issues";

/** A declared Custom Nameserver Set as read from a configuration (`customSets[i]`). */
export const DeclaredCustomSet = z.object({
  key: z.string(),
  nameservers: z.array(CustomNameserverSetEntry),
  advanced: z.boolean().optional(),
  ipSet: z.number().int().optional(),
});
export type DeclaredCustomSet = z.infer<typeof DeclaredCustomSet>;

/** A Custom Nameserver Set in a comparable form: normal-form names, counts and options with defaults filled in. */
export interface CustomSetShape {
  nameservers: string[];
  ipCounts: number[];
  advanced: boolean;
  ipSet: number;
}

/**
 * A configuration account's `customSets`, read defensively: each entry that has the shape is
 * kept, in order (the validator refuses the others before any comparison).
 */
export function listDeclaredCustomSets(config: object): DeclaredCustomSet[] {
  return parseValidItems(DeclaredCustomSet, (config as { customSets?: unknown }).customSets);
}

/** The `customSet` key a configuration zone names, if any. */
export function findZoneCustomSet(zone: object): string | undefined {
  const key: unknown = (zone as { customSet?: unknown }).customSet;
  return typeof key === "string" ? key : undefined;
}

/** A declared set's shape, with Cloudflare's defaults for what it leaves out. */
export function shapeOfDeclaredCustomSet(set: DeclaredCustomSet): CustomSetShape {
  return {
    nameservers: set.nameservers.map((entry) => normaliseName(nameOfSetEntry(entry))),
    ipCounts: set.nameservers.map((entry) => ipCountOfSetEntry(entry) ?? ASSUMED_DEFAULT_IP_COUNT),
    advanced: set.advanced ?? DEFAULT_NAMESERVER_SET_ADVANCED,
    ipSet: set.ipSet ?? DEFAULT_NAMESERVER_SET_IP_SET,
  };
}

/** A live set's shape. */
export function shapeOfObservedCustomSet(set: ObservedCustomSet): CustomSetShape {
  return {
    nameservers: set.nameservers.map((ns) => normaliseName(ns.name)),
    ipCounts: set.nameservers.map((ns) => ns.ipCount),
    advanced: set.advanced,
    ipSet: set.ipSet,
  };
}

function sameNames(a: CustomSetShape, b: CustomSetShape): boolean {
  return (
    a.nameservers.length === b.nameservers.length && a.nameservers.every((n, i) => b.nameservers[i] === n)
  );
}

function sameShape(a: CustomSetShape, b: CustomSetShape): boolean {
  return (
    sameNames(a, b) &&
    a.advanced === b.advanced &&
    a.ipSet === b.ipSet &&
    a.ipCounts.every((count, i) => b.ipCounts[i] === count)
  );
}

/** Which live set each declared set is, and the live sets no declaration matches. */
export interface CustomSetMatch {
  declared: { set: DeclaredCustomSet; shape: CustomSetShape; live: ObservedCustomSet | undefined }[];
  /** Live sets no declaration matches, in listing order. */
  unmanaged: ObservedCustomSet[];
  /** The declaration's key of each matched live set, by id. */
  keyOf: Map<string, string>;
  /** Live sets by id. */
  liveById: Map<string, ObservedCustomSet>;
}

/**
 * Matches the configuration's `customSets` one to one, in the file's order, to live sets of the same
 * shape (names in order, address counts, `advanced`, `ipSet`, defaults filled in). Among identical
 * live sets, the one most of the declaration's zones are on wins, then the oldest.
 */
export function matchCustomSets(
  desired: AcnsConfig,
  observed: Pick<ObservedAccount, "customSets" | "zones">,
): CustomSetMatch {
  const live = observed.customSets ?? [];
  const liveById = new Map(live.map((set) => [set.id, set]));
  const taken = new Set<string>();
  const keyOf = new Map<string, string>();
  const declared = listDeclaredCustomSets(desired).map((set) => {
    const shape = shapeOfDeclaredCustomSet(set);
    const candidates = live.filter((l) => !taken.has(l.id) && sameShape(shape, shapeOfObservedCustomSet(l)));
    const zonesOn = (id: string): number =>
      desired.zones.filter(
        (zone) =>
          findZoneCustomSet(zone) === set.key &&
          observed.zones.some((z) => z.nameserverSetId === id && normaliseName(z.name) === zone.name),
      ).length;
    const best = candidates.reduce<ObservedCustomSet | undefined>(
      (kept, c) => (kept === undefined || zonesOn(c.id) > zonesOn(kept.id) ? c : kept),
      undefined,
    );
    if (best !== undefined) {
      taken.add(best.id);
      keyOf.set(best.id, set.key);
    }
    return { set, shape, live: best };
  });
  return { declared, unmanaged: live.filter((l) => !taken.has(l.id)), keyOf, liveById };
}

/** A set's names with what is not Cloudflare's default: `ns1.example.net, ns2.example.net (ipCount 2); advanced; ipSet 2`. */
export function describeCustomSetShape(shape: CustomSetShape): string {
  const names = shape.nameservers
    .map((name, i) => {
      const count = shape.ipCounts[i] ?? ASSUMED_DEFAULT_IP_COUNT;
      return count === ASSUMED_DEFAULT_IP_COUNT ? name : `${name} (ipCount ${count})`;
    })
    .join(", ");
  const options = [
    ...(shape.advanced ? ["advanced"] : []),
    ...(shape.ipSet === DEFAULT_NAMESERVER_SET_IP_SET ? [] : [`ipSet ${shape.ipSet}`]),
  ];
  return [names, ...options].join("; ");
}

/** How `live` differs from `wanted` when only the names agree: `ipSet 2, ipCount 2 for "ns2.example.net"`. */
function describeShapeDifference(wanted: CustomSetShape, live: CustomSetShape): string {
  const parts: string[] = [];
  if (live.advanced !== wanted.advanced) parts.push(live.advanced ? "advanced" : "not advanced");
  if (live.ipSet !== wanted.ipSet) parts.push(`ipSet ${live.ipSet}`);
  live.ipCounts.forEach((count, i) => {
    if (wanted.ipCounts[i] !== count) parts.push(`ipCount ${count} for "${live.nameservers[i] ?? "?"}"`);
  });
  return parts.join(", ");
}

export function compareCustomSets(accountId: string, match: CustomSetMatch): AcnsDrift[] {
  const drift: AcnsDrift[] = [];
  for (const { set, shape, live } of match.declared) {
    if (live !== undefined) continue;
    // A live set with the same names but other counts or options: say why it is not this one.
    const near = match.unmanaged.find((l) => sameNames(shape, shapeOfObservedCustomSet(l)));
    const why =
      near === undefined
        ? ""
        : ` (custom nameserver set ${near.id} has these names, but ${describeShapeDifference(shape, shapeOfObservedCustomSet(near))})`;
    drift.push({
      code: "custom-set-missing",
      accountId,
      subject: { kind: "custom-set", name: set.key },
      desired: { customSet: set.key, ...shape },
      live: null,
      message:
        `custom set "${set.key}" (${describeCustomSetShape(shape)}) is not in the account${why}; ` +
        `apply the file to create it, or remove it from customSets`,
    });
  }
  for (const live of match.unmanaged) {
    const shape = shapeOfObservedCustomSet(live);
    drift.push({
      code: "custom-set-unmanaged",
      accountId,
      subject: { kind: "custom-set", name: live.id },
      desired: null,
      live: { nameserverSetId: live.id, ...shape },
      message:
        `custom nameserver set ${live.id} (${describeCustomSetShape(shape)}) is in the account but matches no ` +
        `set of the file's customSets; applying the file leaves it as it is; add it to customSets to manage it`,
      informational: true,
    });
  }
  return drift;
}

/** The file's side of a zone on custom set `key`: with the live set's id when one matches. */
export function wantedCustomSet(key: string, customSets: CustomSetMatch): AcnsDriftValue {
  const live = customSets.declared.find((d) => d.set.key === key)?.live;
  return { type: "custom", customSet: key, ...(live === undefined ? {} : { nameserverSetId: live.id }) };
}

/** The account's side of a zone on no numbered set: its type, and on a Custom Nameserver Set its id and the key it matches. */
function describeLiveCustomZone(live: ObservedZone, customSets: CustomSetMatch): AcnsDriftValue {
  const id = live.nameserverSetId;
  const key = id === undefined || live.type !== "custom" ? undefined : customSets.keyOf.get(id);
  return {
    type: live.type,
    nsSet: null,
    ...(id === undefined ? {} : { nameserverSetId: id }),
    ...(key === undefined ? {} : { customSet: key }),
  };
}

/**
 * `custom nameserver set 3f2a… (custom set "edge": ns1.example.net, ns2.example.net)`: the id, with
 * the key it matches and its names when the set was listed.
 */
function describeCustomSetOfZone(id: string, customSets: CustomSetMatch): string {
  const words = describeZoneNameservers({ type: "custom", nameserver_set_id: id });
  const set = customSets.liveById.get(id);
  if (set === undefined) return words;
  const key = customSets.keyOf.get(id);
  const names = describeCustomSetShape(shapeOfObservedCustomSet(set));
  return `${words} (${key === undefined ? "" : `custom set "${key}": `}${names})`;
}

/** A zone the file puts on custom set `key`: nothing when it is on the set `key` matched. */
export function compareZoneOnCustomSet(
  accountId: string,
  name: string,
  key: string,
  wanted: AcnsDriftValue,
  live: ObservedZone,
  customSets: CustomSetMatch,
): AcnsDrift | undefined {
  if (wanted.nameserverSetId !== undefined && live.nameserverSetId === wanted.nameserverSetId)
    return undefined;
  const { where, repair, value } = placeLiveZone(live, customSets);
  const declared = customSets.declared.find((d) => d.set.key === key);
  const missing =
    declared !== undefined && declared.live === undefined ? ", which is not in the account yet" : "";
  return {
    code: "zone-off-custom-set",
    accountId,
    subject: { kind: "zone", name },
    desired: wanted,
    live: value,
    message:
      `zone "${name}" ${where} in the account, the file puts it on custom set "${key}"${missing}; ` +
      `apply the file, or ${repair}`,
  };
}

/**
 * Where a zone is in the account when the file wants it elsewhere: in words (`is on custom
 * nameserver set 3f2a… (…)`, `uses ns_set 2`, `is not on account custom nameservers (its
 * nameservers are "cloudflare.standard")`), the repair in the file, and the drift's live side.
 */
export function placeLiveZone(
  live: ObservedZone,
  customSets: CustomSetMatch,
): { where: string; repair: string; value: AcnsDriftValue } {
  const id = live.nameserverSetId;
  if (live.type === "custom" && id !== undefined) {
    const key = customSets.keyOf.get(id);
    return {
      where: `is on ${describeCustomSetOfZone(id, customSets)}`,
      repair: key === undefined ? "remove the zone from the file" : `set its customSet to "${key}"`,
      value: describeLiveCustomZone(live, customSets),
    };
  }
  if (live.type === "custom.account" && live.nsSet !== null) {
    return {
      where: `uses ns_set ${live.nsSet}`,
      repair: `set its nsSet to ${live.nsSet} instead of customSet`,
      value: { type: live.type, nsSet: live.nsSet },
    };
  }
  const words =
    live.type === "custom"
      ? `it is on ${describeZoneNameservers({ type: live.type, nameserver_set_id: id })}`
      : `its nameservers are "${live.type}"`;
  return {
    where: `is not on account custom nameservers (${words})`,
    repair: "remove the zone from the file",
    value: describeLiveCustomZone(live, customSets),
  };
}
