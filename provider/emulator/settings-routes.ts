/**
 * The routes that change settings through a request body: zone and account `dns_settings`, and the
 * deprecated `PUT /zones/{zone_id}/custom_ns` and `PUT /accounts/{account_id}`. Each body becomes
 * the store's rule-checked state changes; router.ts lists the handlers in its table.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/
 */
import {
  PatchAccountDnsSettingsBody,
  PatchZoneDnsSettingsBody,
  PutAccountBody,
  PutZoneCustomNameserversBody,
  type AccountNameserverType,
} from "../core/cloudflare";
import { findZoneSet } from "../core/zone-nameservers";
import { createApiError, throwProblems } from "./errors";
import { normaliseZoneNameservers, sameZoneNameservers, type ZoneRecord } from "./model";
import { renderAccount, renderAccountDnsSettings, renderZoneDnsSettings } from "./render";
import {
  createSuccessBody,
  requireAccountInScope,
  requireZoneInScope,
  type RouteAnswer,
  type RouteContext,
} from "./router";
import { checkZoneDefaultsAllowed } from "./rules";
import { parseOrThrow } from "./schemas";
import type { EmulatorStore } from "./store";

/**
 * Applies `PATCH /zones/{id}/dns_settings`. An omitted `nameservers.type` keeps the current type;
 * `ns_set` counts only with `custom.account`. (`foundation_dns` was removed on 2026-11-23: the
 * request schema refuses it.)
 */
export function patchZoneDnsSettings(
  store: EmulatorStore,
  zoneId: string,
  patch: PatchZoneDnsSettingsBody,
): ZoneRecord {
  return store.recordWritesAs({ source: "store", method: "patchZoneDnsSettings" }, () => {
    const zone = store.requireZone(zoneId);
    let target = zone.nameservers;
    if (patch.nameservers !== undefined) {
      const type = patch.nameservers.type ?? zone.nameservers.type;
      // The zone's ns_set or set id stays unless the type changes.
      const kept = type === zone.nameservers.type ? zone.nameservers : undefined;
      target = normaliseZoneNameservers({
        type,
        ns_set: patch.nameservers.ns_set ?? kept?.ns_set,
        nameserver_set_id: patch.nameservers.nameserver_set_id ?? kept?.nameserver_set_id,
      });
    }
    if (!sameZoneNameservers(target, zone.nameservers)) store.setZoneNameservers(zoneId, target);
    return store.mergeZoneSettings(zoneId, patch);
  });
}

/**
 * Applies the deprecated `PUT /zones/{id}/custom_ns`: `enabled: true` is `custom.account` on
 * `ns_set` (default 1), `enabled: false` is `cloudflare.standard`. Without `enabled` the zone
 * keeps its state, except that a zone already on custom.account moves to the given `ns_set`.
 */
export function putZoneCustomNameservers(
  store: EmulatorStore,
  zoneId: string,
  body: { enabled?: boolean; ns_set?: number },
): ZoneRecord {
  return store.recordWritesAs({ source: "store", method: "putZoneCustomNameservers" }, () => {
    const zone = store.requireZone(zoneId);
    const onAcns = zone.nameservers.type === "custom.account";
    if (body.enabled === false) return store.setZoneNameservers(zoneId, { type: "cloudflare.standard" });
    // The store puts an omitted ns_set on set 1.
    if (body.enabled === true || (onAcns && body.ns_set !== undefined))
      return store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: body.ns_set });
    return zone;
  });
}

// ---- handlers ----

/**
 * Deprecated GET. `enabled`/`ns_set` sit at the envelope's top level as the spec and the TS SDK
 * have them; `result` is null because the spec types it as an array or null, which cannot hold
 * them (see docs/decisions/002).
 */
export function getZoneCustomNameserversRoute(ctx: RouteContext): RouteAnswer {
  const zone = requireZoneInScope(ctx);
  ctx.store.requireAcnsEntitlement(zone.accountId);
  const nsSet = findZoneSet(zone.nameservers);
  const extra = nsSet === null ? { enabled: false } : { enabled: true, ns_set: nsSet };
  return { body: { ...createSuccessBody(null), ...extra } };
}

export function putZoneCustomNameserversRoute(ctx: RouteContext): RouteAnswer {
  const zone = requireZoneInScope(ctx);
  ctx.store.requireAcnsEntitlement(zone.accountId);
  const body = parseOrThrow(PutZoneCustomNameserversBody, ctx.body ?? {});
  putZoneCustomNameservers(ctx.store, zone.id, body);
  return { body: createSuccessBody([]) };
}

export function getZoneDnsSettingsRoute(ctx: RouteContext): RouteAnswer {
  return { body: createSuccessBody(renderZoneDnsSettings(requireZoneInScope(ctx), ctx.store)) };
}

export function patchZoneDnsSettingsRoute(ctx: RouteContext): RouteAnswer {
  const zone = requireZoneInScope(ctx);
  const body = parseOrThrow(PatchZoneDnsSettingsBody, ctx.body ?? {});
  return {
    body: createSuccessBody(renderZoneDnsSettings(patchZoneDnsSettings(ctx.store, zone.id, body), ctx.store)),
  };
}

export function getAccountDnsSettingsRoute(ctx: RouteContext): RouteAnswer {
  const account = ctx.store.requireAccount(requireAccountInScope(ctx));
  return { body: createSuccessBody(renderAccountDnsSettings(account, ctx.store)) };
}

/** `PATCH /accounts/{id}/dns_settings`. */
export function patchAccountDnsSettingsRoute(ctx: RouteContext): RouteAnswer {
  const { store } = ctx;
  const account = store.requireAccount(requireAccountInScope(ctx));
  const patch = parseOrThrow(PatchAccountDnsSettingsBody, ctx.body ?? {});
  if (patch.zone_defaults !== undefined && Object.keys(patch.zone_defaults).length > 0) {
    throwProblems(checkZoneDefaultsAllowed(account, `change zone_defaults of account ${account.id}`));
  }
  const type = patch.zone_defaults?.nameservers?.type;
  if (type !== undefined) store.setAccountDefaultNameservers(account.id, type);
  store.updateAccountFields(account.id, {
    zoneDefaults: patch.zone_defaults,
    enforceDnsOnly: patch.enforce_dns_only,
  });
  return { body: createSuccessBody(renderAccountDnsSettings(account, store)) };
}

/** Account details; where the deprecated `settings.default_nameservers` view is read. */
export function getAccountRoute(ctx: RouteContext): RouteAnswer {
  return { body: createSuccessBody(renderAccount(ctx.store.requireAccount(requireAccountInScope(ctx)))) };
}

/**
 * The deprecated `PUT /accounts/{id}`: the name, a few settings, and the account default through
 * `settings.default_nameservers` or `settings.use_account_custom_ns_by_default`.
 */
export function updateAccountRoute(ctx: RouteContext): RouteAnswer {
  const { store } = ctx;
  const account = store.requireAccount(requireAccountInScope(ctx));
  const accountId = account.id;
  const body = parseOrThrow(PutAccountBody, ctx.body);
  if (body.id !== undefined && body.id !== accountId) {
    throw createApiError(
      "INVALID_BODY",
      `id must match the account in the path (${accountId}); got ${JSON.stringify(body.id)}`,
    );
  }
  const settings = body.settings;
  let type: AccountNameserverType | undefined = settings?.default_nameservers;
  const byDefault = settings?.use_account_custom_ns_by_default;
  if (type !== undefined || byDefault !== undefined) {
    // The deprecated view of zone_defaults.nameservers: the same Enterprise option.
    throwProblems(
      checkZoneDefaultsAllowed(account, `change the default nameservers of account ${accountId}`),
    );
  }
  if (byDefault !== undefined) {
    if (type !== undefined && (type === "custom.account") !== byDefault) {
      throw createApiError(
        "INVALID_BODY",
        `settings.use_account_custom_ns_by_default ${byDefault} contradicts settings.default_nameservers "${type}"; send one of them`,
      );
    }
    if (byDefault) type = "custom.account";
    else if (type === undefined && account.nameserversType === "custom.account") type = "cloudflare.standard";
  }
  if (type !== undefined) store.setAccountDefaultNameservers(accountId, type);
  store.updateAccountFields(accountId, {
    name: body.name,
    abuseContactEmail: settings?.abuse_contact_email,
    enforceTwofactor: settings?.enforce_twofactor,
  });
  return { body: createSuccessBody(renderAccount(account)) };
}
