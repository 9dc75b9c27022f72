/**
 * Drift: what differs between a desired account configuration (a validated {@link AcnsConfig}) and
 * the account as observed through the API. Pure comparison; reading the account is the client's
 * job (`readAccountState`).
 *
 * What counts, following the meaning of {@link AcnsConfig}: `sets` is the account's complete list
 * of names, so a live name in no set of the file is drift; every zone in `zones` must be on account
 * custom nameservers with its set; `defaultNameservers` counts only when the file gives it; zones
 * the file does not list (and `liveZones`, which are facts, not wishes) are never drift.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { z } from "zod";
import { CloudflareId, NsSet, describeZoneNameservers } from "./cloudflare";
import type { AcnsConfig } from "./config";
import { Limits } from "./limits";
import { normaliseName } from "./names";

/** One live zone as far as drift cares: its id, name and nameserver settings. */
export const ObservedZone = z.object({
  zoneId: CloudflareId,
  /** The name as Cloudflare lists it; compared in normal form. */
  name: z.string(),
  /**
   * `dns_settings.nameservers.type`, verbatim: any type (an open union since 2026), including
   * `custom` (a Custom Nameserver Set) and types this package does not know.
   */
  type: z.string(),
  /** The set, for `custom.account` (1 when Cloudflare leaves it out); `null` otherwise. */
  nsSet: NsSet.nullable(),
  /** The Custom Nameserver Set's id, for `custom`. */
  nameserverSetId: z.string().optional(),
});
export type ObservedZone = z.infer<typeof ObservedZone>;

/** An account as observed: its default, its custom nameservers, and the zones that were read. */
export const ObservedAccount = z.object({
  accountId: CloudflareId,
  /** `zone_defaults.nameservers.type` of the account's DNS settings, verbatim (known or not). */
  defaultNameservers: z.string(),
  nameservers: z.array(z.object({ name: z.string(), nsSet: NsSet })),
  /**
   * The account's zones, or at least every zone the configuration lists (a zone listed there and
   * absent here is reported missing).
   */
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
  /** A zone of the file is not a zone of the account. */
  "zone-missing",
  /** A zone of the file has another id in the account than the file gives. */
  "zone-id-mismatch",
  /** A zone of the file is not on account custom nameservers. */
  "zone-off-acns",
  /** A zone of the file is on account custom nameservers with another set. */
  "zone-in-other-set",
] as const;

export const AcnsDriftCode = z.enum(ACNS_DRIFT_CODES);
export type AcnsDriftCode = z.infer<typeof AcnsDriftCode>;

/**
 * One side of a difference: the fields that apply to the subject (set number, nameserver type
 * verbatim, the Custom Nameserver Set's id for type `custom`, zone id).
 */
export const AcnsDriftValue = z.strictObject({
  type: z.string().optional(),
  nsSet: NsSet.nullable().optional(),
  nameserverSetId: z.string().optional(),
  zoneId: CloudflareId.optional(),
});
export type AcnsDriftValue = z.infer<typeof AcnsDriftValue>;

/** One difference between the file and the account. */
export const AcnsDrift = z.object({
  code: AcnsDriftCode,
  accountId: CloudflareId,
  /** What differs: the account (its default), a nameserver by hostname, or a zone by name (normal form). */
  subject: z.object({ kind: z.enum(["account", "nameserver", "zone"]), name: z.string() }),
  /** What the file wants; `null` when the file does not have the subject. */
  desired: AcnsDriftValue.nullable(),
  /** What the account has; `null` when the account does not have the subject. */
  live: AcnsDriftValue.nullable(),
  /** One sentence in the house grammar: what differs, how to repair it either way. */
  message: z.string(),
});
export type AcnsDrift = z.infer<typeof AcnsDrift>;

const CODE_ORDER = new Map<AcnsDriftCode, number>(ACNS_DRIFT_CODES.map((code, i) => [code, i]));

/**
 * Lists every difference between a desired configuration (validated and normalised, as
 * `validateAcnsConfig` returns it) and the observed account. Order: the default, then nameservers
 * by set and name, then zones in the file's order. An empty list means no drift. Throws only when
 * the two are of different accounts, which is a caller's mistake.
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
  drift.push(...compareNameservers(desired, observed), ...compareZones(desired, observed));
  return drift;
}

function compareNameservers(desired: AcnsConfig, observed: ObservedAccount): AcnsDrift[] {
  const accountId = desired.accountId;
  const liveSetOf = new Map<string, number>();
  for (const ns of observed.nameservers) liveSetOf.set(normaliseName(ns.name), ns.nsSet);
  const wanted = new Set<string>();
  const found: { nsSet: number; item: AcnsDrift }[] = [];
  for (const set of desired.sets) {
    for (const name of set.nameservers) {
      wanted.add(name);
      const liveSet = liveSetOf.get(name);
      if (liveSet === set.nsSet) continue;
      const subject = { kind: "nameserver" as const, name };
      if (liveSet === undefined) {
        found.push({
          nsSet: set.nsSet,
          item: {
            code: "nameserver-missing",
            accountId,
            subject,
            desired: { nsSet: set.nsSet },
            live: null,
            message:
              `nameserver "${name}" of set ${set.nsSet} is not in the account; apply the file to create it, ` +
              `or remove it from set ${set.nsSet}`,
          },
        });
      } else {
        found.push({
          nsSet: set.nsSet,
          item: {
            code: "nameserver-in-other-set",
            accountId,
            subject,
            desired: { nsSet: set.nsSet },
            live: { nsSet: liveSet },
            message:
              `nameserver "${name}" is in set ${liveSet} of the account, the file puts it in set ${set.nsSet}; ` +
              `apply the file to move it, or move it to set ${liveSet} in the file`,
          },
        });
      }
    }
  }
  for (const [name, liveSet] of liveSetOf) {
    if (wanted.has(name)) continue;
    found.push({
      nsSet: liveSet,
      item: {
        code: "nameserver-extra",
        accountId,
        subject: { kind: "nameserver", name },
        desired: null,
        live: { nsSet: liveSet },
        message:
          `nameserver "${name}" is in set ${liveSet} of the account but in no set of the file; applying the ` +
          `file deletes it; add it to set ${liveSet} in the file to keep it`,
      },
    });
  }
  found.sort(
    (a, b) =>
      a.nsSet - b.nsSet ||
      compareText(a.item.subject.name, b.item.subject.name) ||
      (CODE_ORDER.get(a.item.code) ?? 0) - (CODE_ORDER.get(b.item.code) ?? 0),
  );
  return found.map((entry) => entry.item);
}

function compareZones(desired: AcnsConfig, observed: ObservedAccount): AcnsDrift[] {
  const accountId = desired.accountId;
  const liveByName = new Map<string, ObservedZone[]>();
  for (const zone of observed.zones) {
    const name = normaliseName(zone.name);
    const list = liveByName.get(name);
    if (list === undefined) liveByName.set(name, [zone]);
    else list.push(zone);
  }
  const drift: AcnsDrift[] = [];
  for (const zone of desired.zones) {
    const subject = { kind: "zone" as const, name: zone.name };
    const candidates = liveByName.get(zone.name) ?? [];
    // Two zones of one name (a pending copy beside the active one): the file's id decides.
    const live = candidates.find((z) => z.zoneId === zone.zoneId) ?? candidates[0];
    const wanted: AcnsDriftValue = { type: "custom.account", nsSet: zone.nsSet };
    if (live === undefined) {
      drift.push({
        code: "zone-missing",
        accountId,
        subject,
        desired: zone.zoneId === undefined ? wanted : { ...wanted, zoneId: zone.zoneId },
        live: null,
        message:
          `zone "${zone.name}" is not a zone of account ${accountId}; add the zone to the account, ` +
          "or remove it from the file",
      });
      continue;
    }
    if (zone.zoneId !== undefined && zone.zoneId !== live.zoneId) {
      drift.push({
        code: "zone-id-mismatch",
        accountId,
        subject,
        desired: { zoneId: zone.zoneId },
        live: { zoneId: live.zoneId },
        message:
          `zone "${zone.name}" has id "${live.zoneId}" in the account, the file says "${zone.zoneId}"; ` +
          `use "${live.zoneId}", or leave zoneId out`,
      });
    }
    if (live.type !== "custom.account" || live.nsSet === null) {
      // Any other type (a Custom Nameserver Set, a type we do not know) is "not on a numbered set".
      drift.push({
        code: "zone-off-acns",
        accountId,
        subject,
        desired: wanted,
        live: {
          type: live.type,
          nsSet: null,
          ...(live.nameserverSetId === undefined ? {} : { nameserverSetId: live.nameserverSetId }),
        },
        message:
          `zone "${zone.name}" is not on account custom nameservers (${describeObservedZone(live)}), ` +
          `the file puts it on ns_set ${zone.nsSet}; apply the file, or remove the zone from the file`,
      });
    } else if ((live.nsSet ?? Limits.DEFAULT_NS_SET) !== zone.nsSet) {
      const liveSet = live.nsSet ?? Limits.DEFAULT_NS_SET;
      drift.push({
        code: "zone-in-other-set",
        accountId,
        subject,
        desired: wanted,
        live: { type: live.type, nsSet: liveSet },
        message:
          `zone "${zone.name}" uses ns_set ${liveSet} in the account, the file says ns_set ${zone.nsSet}; ` +
          `apply the file, or set its nsSet to ${liveSet}`,
      });
    }
  }
  return drift;
}

/**
 * Where a zone off the numbered sets is, in words: `its nameservers are "cloudflare.standard"` as
 * before, `it is on custom nameserver set 3f2a…` for a Custom Nameserver Set.
 */
function describeObservedZone(zone: ObservedZone): string {
  if (zone.type === "custom") {
    return `it is on ${describeZoneNameservers({ type: zone.type, nameserver_set_id: zone.nameserverSetId })}`;
  }
  return `its nameservers are "${zone.type}"`;
}

/** Plain code-unit order, so the result does not depend on the machine's locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
