/**
 * Drift between a validated {@link AcnsConfig} and the account as observed, by the config's meaning:
 * a live name in no set of the file is drift, a zone of `zones` off its set is drift, the default
 * only when given; unlisted zones and `liveZones` never are.
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { z } from "zod";
import { CloudflareId, NsSet } from "./cloudflare";
import type { AcnsConfig } from "./config";
import {
  compareCustomSets,
  compareZoneOnCustomSet,
  findZoneCustomSet,
  matchCustomSets,
  placeLiveZone,
  wantedCustomSet,
  type CustomSetMatch,
} from "./drift-custom-sets";
import { Limits } from "./limits";
import { normaliseName } from "./names";
import { compareText, getOrInsert } from "./collections";
import { formatNameList } from "./wording";

/** One live zone as far as drift cares: its id, name and nameserver settings. */
export const ObservedZone = z.object({
  zoneId: CloudflareId,
  /** The name as Cloudflare lists it; compared in normal form. */
  name: z.string(),
  /** `dns_settings.nameservers.type`, verbatim: any type (an open union since 2026). */
  type: z.string(),
  /** The set, for `custom.account` (1 when Cloudflare leaves it out); `null` otherwise. */
  nsSet: NsSet.nullable(),
  /** The Custom Nameserver Set's id, for `custom`. */
  nameserverSetId: z.string().optional(),
});
export type ObservedZone = z.infer<typeof ObservedZone>;

/** A live account-owned Custom Nameserver Set as drift compares it. */
export const ObservedCustomSet = z.object({
  /** The set's id (`nameserver_set_id`). */
  id: z.string(),
  /** Its names in order, each with its address count (IPv4 addresses; Cloudflare gives as many IPv6). */
  nameservers: z.array(z.object({ name: z.string(), ipCount: z.number().int() })),
  advanced: z.boolean(),
  ipSet: z.number().int(),
});
export type ObservedCustomSet = z.infer<typeof ObservedCustomSet>;

/** An account as observed: its default, its custom nameservers, and the zones that were read. */
export const ObservedAccount = z.object({
  accountId: CloudflareId,
  /** `zone_defaults.nameservers.type` of the account's DNS settings, verbatim (known or not). */
  defaultNameservers: z.string(),
  nameservers: z.array(z.object({ name: z.string(), nsSet: NsSet })),
  /** The account's Custom Nameserver Sets, oldest first; left out (as none) when not listed. */
  customSets: z.array(ObservedCustomSet).optional(),
  /** The account's zones, or at least every zone the configuration lists (else reported missing). */
  zones: z.array(ObservedZone),
});
export type ObservedAccount = z.infer<typeof ObservedAccount>;

/**
 * Stable drift codes, in the order differences are reported. Adding a code is a minor change;
 * renaming or removing one is a breaking change.
 */
export const ACNS_DRIFT_CODES = [
  /** The account's default for new zones is not the file's `defaultNameservers`. */
  "default-nameservers",
  /** A name of a set in the file is not in the account. */
  "nameserver-missing",
  /** A name of a set in the file is in another set of the account. */
  "nameserver-in-other-set",
  /** A name of the account is in no set of the file (applying the file deletes it). */
  "nameserver-extra",
  /** A Custom Nameserver Set of the file's `customSets` has no live set with its names, counts, `advanced` and `ipSet`. */
  "custom-set-missing",
  /** Informational: a live Custom Nameserver Set no set of `customSets` matches; applying the file leaves it. */
  "custom-set-unmanaged",
  /** A zone of the file is not a zone of the account. */
  "zone-missing",
  /** A zone of the file has another id in the account than the file gives. */
  "zone-id-mismatch",
  /** A zone of the file is not on account custom nameservers. */
  "zone-off-acns",
  /** A zone of the file is on account custom nameservers with another set. */
  "zone-in-other-set",
  /** A zone the file puts on a numbered set is on a Custom Nameserver Set. */
  "zone-on-custom-set",
  /** A zone the file puts on a Custom Nameserver Set (`customSet`) is elsewhere: another set, or off custom nameservers. */
  "zone-off-custom-set",
  /** A zone of the file is on its numbered set, which holds fewer than 2 names in the account (Cloudflare allows it). */
  "zone-on-small-set",
] as const;

/** Codes that report what the file does not manage: listed, but not drift (exit 0, `drift: false`). */
export const INFORMATIONAL_DRIFT_CODES: readonly AcnsDriftCode[] = ["custom-set-unmanaged"];

export const AcnsDriftCode = z.enum(ACNS_DRIFT_CODES);
export type AcnsDriftCode = z.infer<typeof AcnsDriftCode>;

/** One side of a difference: the fields that apply to its subject. */
export const AcnsDriftValue = z.strictObject({
  type: z.string().optional(),
  nsSet: NsSet.nullable().optional(),
  nameserverSetId: z.string().optional(),
  zoneId: CloudflareId.optional(),
  /** The key of a set of the file's `customSets` (the file's side, or the live set it matches). */
  customSet: z.string().optional(),
  /** A Custom Nameserver Set's names, in order; or a numbered set's live names, sorted (zone-on-small-set). */
  nameservers: z.array(z.string()).optional(),
  /** Addresses per family of each name, same order (defaults filled in). */
  ipCounts: z.array(z.number().int()).optional(),
  advanced: z.boolean().optional(),
  ipSet: z.number().int().optional(),
});
export type AcnsDriftValue = z.infer<typeof AcnsDriftValue>;

/** One difference between the file and the account. */
export const AcnsDrift = z.object({
  code: AcnsDriftCode,
  accountId: CloudflareId,
  /** What differs, by name: the account, a hostname, a zone, or a Custom Nameserver Set's key (missing) or id (unmanaged). */
  subject: z.object({ kind: z.enum(["account", "nameserver", "custom-set", "zone"]), name: z.string() }),
  /** What the file wants; `null` when the file does not have the subject. */
  desired: AcnsDriftValue.nullable(),
  /** What the account has; `null` when the account does not have the subject. */
  live: AcnsDriftValue.nullable(),
  /** One sentence in the house grammar: what differs, how to repair it either way. */
  message: z.string(),
  /** `true` for {@link INFORMATIONAL_DRIFT_CODES}: reported, but not drift. Absent otherwise. */
  informational: z.literal(true).optional(),
});
export type AcnsDrift = z.infer<typeof AcnsDrift>;

export {
  DeclaredCustomSet,
  describeCustomSetShape,
  findZoneCustomSet,
  listDeclaredCustomSets,
  matchCustomSets,
  shapeOfDeclaredCustomSet,
  shapeOfObservedCustomSet,
  type CustomSetMatch,
  type CustomSetShape,
} from "./drift-custom-sets";

const CODE_ORDER = new Map<AcnsDriftCode, number>(ACNS_DRIFT_CODES.map((code, i) => [code, i]));

/**
 * Lists every difference between a configuration as `validateAcnsConfig` returns it and the observed
 * account: the default, nameservers by set and name, Custom Nameserver Sets (missing, then unmanaged),
 * zones in the file's order. Only `informational` items means no drift. Throws only for two accounts.
 */
export function compareAcnsState(desired: AcnsConfig, observed: ObservedAccount): AcnsDrift[] {
  if (desired.accountId !== observed.accountId) {
    throw new Error(
      `compareAcnsState: the configuration is for account ${desired.accountId} but the observed state ` +
        `is of account ${observed.accountId}; compare each account with its own state`,
    );
  }
  const accountId = desired.accountId;
  const drift: AcnsDrift[] = [];
  if (
    desired.defaultNameservers !== undefined &&
    desired.defaultNameservers !== observed.defaultNameservers
  ) {
    drift.push({
      code: "default-nameservers",
      accountId,
      subject: { kind: "account", name: accountId },
      desired: { type: desired.defaultNameservers },
      live: { type: observed.defaultNameservers },
      message:
        `the account's default for new zones is "${observed.defaultNameservers}", the file says ` +
        `"${desired.defaultNameservers}"; apply the file, or set defaultNameservers to "${observed.defaultNameservers}"`,
    });
  }
  const customSets = matchCustomSets(desired, observed);
  drift.push(
    ...compareNameservers(desired, observed),
    ...compareCustomSets(accountId, customSets),
    ...compareZones(desired, observed, customSets),
  );
  return drift;
}

function compareNameservers(desired: AcnsConfig, observed: ObservedAccount): AcnsDrift[] {
  const accountId = desired.accountId;
  const liveSetOf = new Map<string, number>();
  for (const ns of observed.nameservers) liveSetOf.set(normaliseName(ns.name), ns.nsSet);
  const wanted = new Set<string>();
  const found: AcnsDrift[] = [];
  for (const set of desired.sets) {
    for (const name of set.nameservers) {
      wanted.add(name);
      const liveSet = liveSetOf.get(name);
      if (liveSet === set.nsSet) continue;
      found.push({
        code: liveSet === undefined ? "nameserver-missing" : "nameserver-in-other-set",
        accountId,
        subject: { kind: "nameserver", name },
        desired: { nsSet: set.nsSet },
        live: liveSet === undefined ? null : { nsSet: liveSet },
        message:
          liveSet === undefined
            ? `nameserver "${name}" of set ${set.nsSet} is not in the account; apply the file to create it, ` +
              `or remove it from set ${set.nsSet}`
            : `nameserver "${name}" is in set ${liveSet} of the account, the file puts it in set ${set.nsSet}; ` +
              `apply the file to move it, or move it to set ${liveSet} in the file`,
      });
    }
  }
  for (const [name, liveSet] of liveSetOf) {
    if (wanted.has(name)) continue;
    found.push({
      code: "nameserver-extra",
      accountId,
      subject: { kind: "nameserver", name },
      desired: null,
      live: { nsSet: liveSet },
      message:
        `nameserver "${name}" is in set ${liveSet} of the account but in no set of the file; applying the ` +
        `file deletes it; add it to set ${liveSet} in the file to keep it`,
    });
  }
  // By the set the file puts the name in (else the account's), then by name and code.
  const setOf = (item: AcnsDrift): number => (item.desired ?? item.live)?.nsSet ?? 0;
  return found.sort(
    (a, b) =>
      setOf(a) - setOf(b) ||
      compareText(a.subject.name, b.subject.name) ||
      (CODE_ORDER.get(a.code) ?? 0) - (CODE_ORDER.get(b.code) ?? 0),
  );
}

function compareZones(
  desired: AcnsConfig,
  observed: ObservedAccount,
  customSets: CustomSetMatch,
): AcnsDrift[] {
  const accountId = desired.accountId;
  const liveNamesOfSet = (nsSet: number): string[] =>
    observed.nameservers
      .filter((ns) => ns.nsSet === nsSet)
      .map((ns) => normaliseName(ns.name))
      .sort();
  const liveByName = new Map<string, ObservedZone[]>();
  for (const zone of observed.zones) getOrInsert(liveByName, normaliseName(zone.name), () => []).push(zone);
  const drift: AcnsDrift[] = [];
  // The code leads, as in every drift item (the JSON output's key order).
  const add = (name: string, { code, ...item }: Omit<AcnsDrift, "accountId" | "subject">): void => {
    drift.push({ code, accountId, subject: { kind: "zone", name }, ...item });
  };
  for (const zone of desired.zones) {
    const candidates = liveByName.get(zone.name) ?? [];
    // Two zones of one name (a pending copy beside the active one): the file's id decides.
    const live = candidates.find((z) => z.zoneId === zone.zoneId) ?? candidates[0];
    const customKey = findZoneCustomSet(zone);
    // A zone on a numbered set has its nsSet once validated; 1 is what Cloudflare reads for none.
    const nsSet: number = zone.nsSet ?? Limits.DEFAULT_NS_SET;
    const wanted: AcnsDriftValue =
      customKey === undefined ? { type: "custom.account", nsSet } : wantedCustomSet(customKey, customSets);
    if (live === undefined) {
      add(zone.name, {
        code: "zone-missing",
        desired: zone.zoneId === undefined ? wanted : { ...wanted, zoneId: zone.zoneId },
        live: null,
        message:
          `zone "${zone.name}" is not a zone of account ${accountId}; add the zone to the account, ` +
          "or remove it from the file",
      });
      continue;
    }
    if (zone.zoneId !== undefined && zone.zoneId !== live.zoneId) {
      add(zone.name, {
        code: "zone-id-mismatch",
        desired: { zoneId: zone.zoneId },
        live: { zoneId: live.zoneId },
        message:
          `zone "${zone.name}" has id "${live.zoneId}" in the account, the file says "${zone.zoneId}"; ` +
          `use "${live.zoneId}", or leave zoneId out`,
      });
    }
    if (customKey !== undefined) {
      const item = compareZoneOnCustomSet(accountId, zone.name, customKey, wanted, live, customSets);
      if (item !== undefined) drift.push(item);
    } else if (live.type !== "custom.account" || live.nsSet === null) {
      // Any other type (a Custom Nameserver Set, a type we do not know) is "not on a numbered set".
      const onCustomSet = live.type === "custom" && live.nameserverSetId !== undefined;
      const { where, repair, value } = placeLiveZone(live, customSets);
      add(zone.name, {
        code: onCustomSet ? "zone-on-custom-set" : "zone-off-acns",
        desired: wanted,
        live: value,
        message:
          `zone "${zone.name}" ${where}${onCustomSet ? " in the account" : ""}, the file puts it on ` +
          `ns_set ${nsSet}; apply the file, or ${repair}`,
      });
    } else if (live.nsSet !== nsSet) {
      add(zone.name, {
        code: "zone-in-other-set",
        desired: wanted,
        live: { type: live.type, nsSet: live.nsSet },
        message:
          `zone "${zone.name}" uses ns_set ${live.nsSet} in the account, the file says ns_set ${nsSet}; ` +
          `apply the file, or set its nsSet to ${live.nsSet}`,
      });
    } else if (liveNamesOfSet(nsSet).length < Limits.MIN_NAMES_PER_SET) {
      const names = liveNamesOfSet(nsSet);
      add(zone.name, {
        code: "zone-on-small-set",
        desired: wanted,
        live: { type: live.type, nsSet, nameservers: names },
        message:
          `zone "${zone.name}" is on ns_set ${nsSet}, which holds ` +
          (names.length === 0 ? "no name" : `only ${formatNameList(names)}`) +
          ` in the account: resolvers following its delegation reach fewer than ${Limits.MIN_NAMES_PER_SET} ` +
          `nameservers; apply the file to give set ${nsSet} its names again`,
      });
    }
  }
  return drift;
}
