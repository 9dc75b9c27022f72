/**
 * A zone's `nameservers` setting as this package reads and writes it: which set a zone is on, the
 * setting in words, what may be written back, and where a binding's delete puts its zone.
 */
import { z } from "zod";
import {
  CLOUDFLARE_NAMESERVER_TYPES,
  CUSTOM_NAMESERVER_SET_TYPE,
  NsSet,
  type ZoneNameserversWrite,
  type ZoneSetTarget,
} from "./cloudflare";
import { NameserverSetId } from "./custom-nameserver-sets";
import { Limits, NS_SET_RANGE } from "./limits";

/** True when the zone's `nameservers` setting puts it on exactly this set. */
export function isZoneOnTarget(nameservers: AnyZoneNameservers | undefined, target: ZoneSetTarget): boolean {
  return target.type === "custom.account"
    ? findZoneSet(nameservers) === target.ns_set
    : findNameserverSetId(nameservers) === target.nameserver_set_id;
}

/**
 * Where a binding's delete puts its zone when nothing earlier is recorded (an import, or a create
 * that found the zone already on its set, as after an interrupted run), in the resources' camelCase.
 */
export const ZoneRestoreTarget = z
  .discriminatedUnion("type", [
    z.strictObject({
      type: z.literal("custom.account"),
      // `nsSet` omitted means set 1, as Cloudflare reads a custom.account setting without `ns_set`.
      nsSet: NsSet.default(Limits.DEFAULT_NS_SET).describe(
        `The set, ${NS_SET_RANGE}, with type \`custom.account\`. Default: ${Limits.DEFAULT_NS_SET}.`,
      ),
    }),
    z.strictObject({ type: z.enum(CLOUDFLARE_NAMESERVER_TYPES) }),
  ])
  .describe(
    "Where a zone goes when it leaves its set: another numbered set (`custom.account` with `nsSet`) " +
      "or Cloudflare's own nameservers (`cloudflare.standard`, `cloudflare.advanced`).",
  );
export type ZoneRestoreTarget = z.output<typeof ZoneRestoreTarget>;

/** What to write as a {@link ZoneRestoreTarget}, in messages about a binding's or a zone's `restoreTo`. */
export const RESTORE_TO_HINT =
  `{type: custom.account, nsSet: <${NS_SET_RANGE}>}, {type: cloudflare.standard} or ` +
  "{type: cloudflare.advanced}, or leave restoreTo out";

/** Why a zone on set `nsSet` cannot have this `restoreTo` (its own set), or undefined when it can. */
export function checkRestoreTarget(
  nsSet: number,
  restoreTo: ZoneRestoreTarget,
): { why: string; fix: string } | undefined {
  if (restoreTo.type !== "custom.account" || restoreTo.nsSet !== nsSet) return undefined;
  return {
    why: `it is the zone's own set (ns_set ${nsSet}), and restoreTo says where the zone goes when it leaves that set`,
    fix: 'name another set, or {type: "cloudflare.standard"}, or leave restoreTo out',
  };
}

/** A {@link ZoneRestoreTarget} as the API writes it. */
export function toRestoreWrite(target: ZoneRestoreTarget): ZoneNameserversWrite {
  return target.type === "custom.account"
    ? { type: "custom.account", ns_set: target.nsSet }
    : { type: target.type };
}

/** A zone `nameservers` value from any source: read, written, or recorded in state. */
type AnyZoneNameservers = { type: string; ns_set?: unknown; nameserver_set_id?: unknown };

/**
 * The numbered account set a zone's `nameservers` setting puts it on, or null for every type but
 * `custom.account`. The one place that decides it. `ns_set` omitted means set 1, as Cloudflare reads it.
 */
export function findZoneSet(nameservers: AnyZoneNameservers | undefined): number | null {
  if (nameservers?.type !== "custom.account") return null;
  const nsSet = NsSet.safeParse(nameservers.ns_set ?? Limits.DEFAULT_NS_SET);
  return nsSet.success ? nsSet.data : null;
}

/** The id of the account-owned Custom Nameserver Set a zone is on, or undefined when it is on none. */
export function findNameserverSetId(nameservers: AnyZoneNameservers | undefined): string | undefined {
  if (nameservers?.type !== CUSTOM_NAMESERVER_SET_TYPE) return undefined;
  return typeof nameservers.nameserver_set_id === "string" ? nameservers.nameserver_set_id : undefined;
}

/**
 * A zone's nameserver setting in words, the same everywhere (resources, drift, CLI):
 * `custom.account set 2`, `cloudflare.advanced`, `custom.tenant set 1`,
 * `custom nameserver set 3f2a…` (the set's full id), or an unknown type verbatim.
 */
export function describeZoneNameservers(nameservers: AnyZoneNameservers): string {
  const { type } = nameservers;
  if (type === CUSTOM_NAMESERVER_SET_TYPE) {
    const id = findNameserverSetId(nameservers);
    return id === undefined ? "custom nameserver set (id not given)" : `custom nameserver set ${id}`;
  }
  if (type === "custom.account")
    return `custom.account set ${findZoneSet(nameservers) ?? String(nameservers.ns_set)}`;
  if (type === "custom.tenant" || type === "custom.zone") {
    return typeof nameservers.ns_set === "number" ? `${type} set ${nameservers.ns_set}` : type;
  }
  return type;
}

/**
 * The setting as this package may write it, or undefined when it may not (tenant or zone custom
 * nameservers, a type we do not know): a caller that wanted to restore it refuses instead.
 */
export function toZoneNameserversWrite(nameservers: AnyZoneNameservers): ZoneNameserversWrite | undefined {
  const nsSet = findZoneSet(nameservers);
  if (nsSet !== null) return { type: "custom.account", ns_set: nsSet };
  const setId = NameserverSetId.safeParse(findNameserverSetId(nameservers));
  if (setId.success) return { type: CUSTOM_NAMESERVER_SET_TYPE, nameserver_set_id: setId.data };
  return nameservers.type === "cloudflare.standard" || nameservers.type === "cloudflare.advanced"
    ? { type: nameservers.type }
    : undefined;
}
