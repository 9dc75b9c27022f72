/**
 * The emulated Cloudflare v4 API, one route per operation. The table at the bottom reads like the
 * API's table of contents; each handler checks scope, parses its input with the shared schemas,
 * calls one store method and renders the result in the v4 envelope.
 *
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import { CloudflareId, CreateCustomNameserverBody } from "../core/cloudflare";
import {
  CreateNameserverSetBody,
  ListNameserverSetsQuery,
  NameserverSetId,
} from "../core/custom-nameserver-sets";
import { createApiError, createRouteRefusal } from "./errors";
import type { ZoneRecord } from "./model";
import { renderZone } from "./render";
import { ListZonesQuery, parseOrThrow } from "./schemas";
import {
  getAccountDnsSettingsRoute,
  getAccountRoute,
  getZoneCustomNameserversRoute,
  getZoneDnsSettingsRoute,
  patchAccountDnsSettingsRoute,
  patchZoneDnsSettingsRoute,
  putZoneCustomNameserversRoute,
  updateAccountRoute,
} from "./settings-routes";
import type { Principal } from "./credentials";
import type { EmulatorStore } from "./store";

/** What a handler gets. */
export interface RouteContext {
  store: EmulatorStore;
  principal: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed JSON body; undefined when the request had none. */
  body: unknown;
  /** The request path below /client/v4, as sent (routing refusals name it). */
  path: string;
}

/** What a handler answers (a success; failures are thrown as ApiError). */
export interface RouteAnswer {
  status?: number;
  body: Record<string, unknown>;
}

export interface Route {
  method: string;
  /** Path template below /client/v4, spelled as in the spec bundle. */
  template: string;
  /** Refused for read-only tokens. */
  writes: boolean;
  handle(ctx: RouteContext): RouteAnswer;
  pattern: RegExp;
  paramNames: string[];
}

/** The v4 success envelope. */
export function createSuccessBody(
  result: unknown,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { success: true, errors: [], messages: [], result, ...extra };
}

function defineRoute(method: string, template: string, handle: (ctx: RouteContext) => RouteAnswer): Route {
  const paramNames: string[] = [];
  const source = template
    .split("/")
    .map((segment) => {
      const param = /^\{(.+)\}$/.exec(segment);
      if (param === null) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      paramNames.push(param[1] ?? "");
      return "([^/]+)";
    })
    .join("/");
  return {
    method,
    template,
    writes: method !== "GET",
    handle,
    pattern: new RegExp(`^${source}/?$`),
    paramNames,
  };
}

// ---- scope ----

/**
 * Refuses an id that is not 32 lowercase hex characters the way Cloudflare does: HTTP 400 with
 * 7003 and 7000, before any scope check (the request cannot be routed at all).
 */
function requireWellFormedId(ctx: RouteContext, id: string): void {
  if (!CloudflareId.safeParse(id).success) throw createRouteRefusal("INVALID_IDENTIFIER", ctx.path);
}

/** The account in the path, if the principal may use it. */
export function requireAccountInScope(ctx: RouteContext): string {
  const accountId = ctx.params.account_id ?? "";
  requireWellFormedId(ctx, accountId);
  if (!ctx.principal.accountIds.has(accountId)) throw createApiError("AUTHENTICATION_ERROR");
  // A well-formed id that names nothing: 404 is our choice (docs/decisions/009).
  if (ctx.store.getAccount(accountId) === undefined) throw createRouteRefusal("OBJECT_NOT_FOUND", ctx.path);
  return accountId;
}

/** The zone in the path, if it exists and belongs to an account the principal may use. */
export function requireZoneInScope(ctx: RouteContext): ZoneRecord {
  const zoneId = ctx.params.zone_id ?? "";
  requireWellFormedId(ctx, zoneId);
  const zone = ctx.store.getZone(zoneId);
  if (zone === undefined) throw createRouteRefusal("OBJECT_NOT_FOUND", ctx.path);
  if (!ctx.principal.accountIds.has(zone.accountId)) throw createApiError("AUTHENTICATION_ERROR");
  return zone;
}

/**
 * The account in the path, in scope and entitled: ACNS is an entitlement, so every /custom_ns call
 * answers 1002 without it, the listing included (API notes, "The rules" 6).
 */
export function requireEntitledAccount(ctx: RouteContext): string {
  const accountId = requireAccountInScope(ctx);
  ctx.store.requireAcnsEntitlement(accountId);
  return accountId;
}

/** The answer of one page of `items` (page/per_page pagination), each rendered, and its `result_info`. */
function answerPage<T>(
  items: readonly T[],
  query: { page: number; per_page: number },
  render: (item: T) => unknown,
): RouteAnswer {
  const start = (query.page - 1) * query.per_page;
  const page = items.slice(start, start + query.per_page);
  const resultInfo = {
    page: query.page,
    per_page: query.per_page,
    count: page.length,
    total_count: items.length,
    total_pages: Math.ceil(items.length / query.per_page),
  };
  return { body: createSuccessBody(page.map(render), { result_info: resultInfo }) };
}

// ---- handlers: account custom nameservers ----

function createCustomNameserver(ctx: RouteContext): RouteAnswer {
  const accountId = requireEntitledAccount(ctx);
  const body = parseOrThrow(CreateCustomNameserverBody, ctx.body);
  return { body: createSuccessBody(ctx.store.createNameserver(accountId, body)) };
}

function listCustomNameservers(ctx: RouteContext): RouteAnswer {
  return { body: createSuccessBody(ctx.store.listNameservers(requireEntitledAccount(ctx))) };
}

function deleteCustomNameserver(ctx: RouteContext): RouteAnswer {
  ctx.store.deleteNameserver(requireEntitledAccount(ctx), ctx.params.custom_ns_id ?? "");
  return { body: createSuccessBody([]) };
}

/** Deprecated: the zones that may use ACNS, every zone of the (entitled) account. */
function listAvailableZones(ctx: RouteContext): RouteAnswer {
  const accountId = requireEntitledAccount(ctx);
  const names = [...ctx.store.zones.values()]
    .filter((z) => z.accountId === accountId)
    .map((z) => z.name)
    .sort();
  return { body: createSuccessBody(names) };
}

// ---- handlers: zones ----

function getZone(ctx: RouteContext): RouteAnswer {
  return { body: createSuccessBody(renderZone(ctx.store, requireZoneInScope(ctx))) };
}

/** `GET /zones` with Cloudflare's filters and page/per_page pagination, ordered by name. */
function listZones(ctx: RouteContext): RouteAnswer {
  const query = parseOrThrow(ListZonesQuery, Object.fromEntries(ctx.query.entries()), "query");
  const accountFilter = query["account.id"];
  const nameFilter = query.name?.toLowerCase();
  const zones = [...ctx.store.zones.values()]
    .filter((z) => ctx.principal.accountIds.has(z.accountId))
    .filter((z) => accountFilter === undefined || z.accountId === accountFilter)
    .filter(
      (z) =>
        query["account.name"] === undefined ||
        ctx.store.getAccount(z.accountId)?.name === query["account.name"],
    )
    .filter((z) => nameFilter === undefined || z.name === nameFilter)
    // Every emulated zone is active.
    .filter(() => query.status === undefined || query.status === "active")
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  return answerPage(zones, query, (z) => renderZone(ctx.store, z));
}

// ---- handlers: account-owned Custom Nameserver Sets ----
// There is no update route: a set is immutable (a PUT or PATCH answers the no-route 404). Rules
// and choices: nameserver-sets.ts.

/** The set id in the path; one that is not 32 characters cannot be routed (Cloudflare's 7003 + 7000). */
function requireSetId(ctx: RouteContext, accountId: string): string {
  const setId = ctx.params.nameserver_set_id ?? "";
  if (!NameserverSetId.safeParse(setId).success) {
    // The answer of NameserverSetRules.SET_ID_MALFORMED: Cloudflare's routing refusal.
    throw createRouteRefusal(
      "INVALID_IDENTIFIER",
      `/accounts/${accountId}/dns_settings/nameserver_sets/${setId}`,
    );
  }
  return setId;
}

/** `GET /accounts/{account_id}/dns_settings/nameserver_sets?page=&per_page=`: oldest first, paginated. */
function listNameserverSetsRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  const query = parseOrThrow(ListNameserverSetsQuery, Object.fromEntries(ctx.query.entries()), "query");
  return answerPage(ctx.store.listNameserverSets(accountId), query, (set) => set);
}

/** `POST /accounts/{account_id}/dns_settings/nameserver_sets`. */
function createNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  const body = parseOrThrow(CreateNameserverSetBody, ctx.body);
  return { body: createSuccessBody(ctx.store.createNameserverSet(accountId, body)) };
}

/** `GET /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}`. */
function getNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  return { body: createSuccessBody(ctx.store.getNameserverSet(accountId, requireSetId(ctx, accountId))) };
}

/** `DELETE /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}`: only an unassigned set. */
function deleteNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  return { body: createSuccessBody(ctx.store.deleteNameserverSet(accountId, requireSetId(ctx, accountId))) };
}

/** The emulated API, in the order of the API notes' endpoint table. */
export const routes: readonly Route[] = [
  defineRoute("POST", "/accounts/{account_id}/custom_ns", createCustomNameserver),
  defineRoute("GET", "/accounts/{account_id}/custom_ns", listCustomNameservers),
  defineRoute("GET", "/accounts/{account_id}/custom_ns/availability", listAvailableZones),
  defineRoute("DELETE", "/accounts/{account_id}/custom_ns/{custom_ns_id}", deleteCustomNameserver),
  defineRoute("GET", "/zones/{zone_id}/custom_ns", getZoneCustomNameserversRoute),
  defineRoute("PUT", "/zones/{zone_id}/custom_ns", putZoneCustomNameserversRoute),
  defineRoute("GET", "/accounts/{account_id}", getAccountRoute),
  defineRoute("PUT", "/accounts/{account_id}", updateAccountRoute),
  defineRoute("GET", "/zones/{zone_id}/dns_settings", getZoneDnsSettingsRoute),
  defineRoute("PATCH", "/zones/{zone_id}/dns_settings", patchZoneDnsSettingsRoute),
  defineRoute("GET", "/accounts/{account_id}/dns_settings", getAccountDnsSettingsRoute),
  defineRoute("PATCH", "/accounts/{account_id}/dns_settings", patchAccountDnsSettingsRoute),
  defineRoute("GET", "/accounts/{account_id}/dns_settings/nameserver_sets", listNameserverSetsRoute),
  defineRoute("POST", "/accounts/{account_id}/dns_settings/nameserver_sets", createNameserverSetRoute),
  defineRoute(
    "GET",
    "/accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}",
    getNameserverSetRoute,
  ),
  defineRoute(
    "DELETE",
    "/accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}",
    deleteNameserverSetRoute,
  ),
  defineRoute("GET", "/zones/{zone_id}", getZone),
  defineRoute("GET", "/zones", listZones),
];

/** Finds the route for a method and a path below /client/v4. */
export function matchRoute(
  method: string,
  path: string,
): { route: Route; params: Record<string, string> } | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    const m = route.pattern.exec(path);
    if (m === null) continue;
    const params: Record<string, string> = {};
    try {
      route.paramNames.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? "");
      });
    } catch {
      // A malformed %-escape cannot name any object: treat it as no route.
      return undefined;
    }
    return { route, params };
  }
  return undefined;
}
