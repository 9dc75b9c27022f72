/**
 * The admin API under /__admin, outside /client/v4: test controls for other processes. No auth,
 * no rate limit, no faults, not in the request log. Answers use the v4 envelope too, so a client
 * can read them the same way.
 */
import { z } from "zod";
import { AccountNameserverType, CloudflareId, NsSet, ZoneNameserverType } from "../core/cloudflare";
import { createApiError, ErrorCodes } from "./errors";
import { FaultSpec } from "./faults";
import { createSuccessBody, type RouteAnswer } from "./router";
import { parseOrThrow } from "./schemas";
import type { EmulatorStore } from "./store";

/** An out-of-band change, as if made in the dashboard or by another tool. */
export const DriftAction = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("create_nameserver"),
    account_id: CloudflareId,
    ns_name: z.string(),
    ns_set: NsSet.optional(),
  }),
  z.strictObject({ action: z.literal("delete_nameserver"), account_id: CloudflareId, ns_name: z.string() }),
  z.strictObject({
    action: z.literal("set_zone_nameservers"),
    zone_id: CloudflareId,
    type: ZoneNameserverType,
    ns_set: NsSet.optional(),
  }),
  z.strictObject({
    action: z.literal("set_account_default"),
    account_id: CloudflareId,
    type: AccountNameserverType,
  }),
  z.strictObject({
    action: z.literal("add_zone"),
    account_id: CloudflareId,
    name: z.string(),
    id: CloudflareId.optional(),
  }),
  z.strictObject({ action: z.literal("delete_zone"), zone_id: CloudflareId }),
  z.strictObject({ action: z.literal("set_entitlement"), account_id: CloudflareId, entitled: z.boolean() }),
]);
export type DriftAction = z.infer<typeof DriftAction>;

/** Applies one drift action through the store (the rules still hold). */
export function applyDrift(store: EmulatorStore, action: DriftAction): unknown {
  switch (action.action) {
    case "create_nameserver":
      return store.createNameserver(action.account_id, { ns_name: action.ns_name, ns_set: action.ns_set });
    case "delete_nameserver":
      store.deleteNameserver(action.account_id, action.ns_name);
      return null;
    case "set_zone_nameservers": {
      const zone = store.setZoneNameservers(action.zone_id, { type: action.type, ns_set: action.ns_set });
      return { id: zone.id, name: zone.name, nameservers: zone.nameservers };
    }
    case "set_account_default":
      store.setAccountDefaultNameservers(action.account_id, action.type);
      return null;
    case "add_zone": {
      const zone = store.addZone({ accountId: action.account_id, name: action.name, id: action.id });
      return { id: zone.id, name: zone.name, nameservers: zone.nameservers };
    }
    case "delete_zone":
      store.deleteZone(action.zone_id);
      return null;
    case "set_entitlement":
      store.setEntitlement(action.account_id, action.entitled);
      return null;
  }
}

/** `?from=N&to=M` of the timeline routes; positions as `markTimeline()` returns them. */
export const TimelineRangeQuery = z.strictObject({
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
});

/** The range in a query, checked against the current timeline (a 400 naming the position if not). */
function readTimelineRange(store: EmulatorStore, query: URLSearchParams): { from: number; to: number } {
  const range = parseOrThrow(TimelineRangeQuery, Object.fromEntries(query.entries()), "query");
  const from = range.from ?? 0;
  const to = range.to ?? store.markTimeline();
  try {
    // Checks the positions; the answer names the range that was checked.
    store.listTimeline({ from, to });
  } catch (err) {
    if (err instanceof RangeError) throw createApiError("INVALID_BODY", err.message);
    throw err;
  }
  return { from, to };
}

/** Handles one admin request; `path` is below /__admin. */
export function handleAdmin(
  store: EmulatorStore,
  method: string,
  path: string,
  body: unknown,
  query: URLSearchParams = new URLSearchParams(),
): RouteAnswer {
  const key = `${method} ${path.replace(/\/+$/, "") || "/"}`;
  switch (key) {
    case "GET /state":
      return { body: createSuccessBody(store.snapshot()) };
    case "POST /reset":
      store.reset(body === undefined ? undefined : (body as Parameters<EmulatorStore["reset"]>[0]));
      return { body: createSuccessBody(store.snapshot()) };
    case "GET /requests":
      return {
        body: createSuccessBody({ requests: store.requestLog.list(), counts: store.requestLog.count() }),
      };
    case "DELETE /requests":
      store.requestLog.clear();
      return { body: createSuccessBody(null) };
    case "GET /faults":
      return { body: createSuccessBody(store.faults.list()) };
    case "POST /faults":
      return { body: createSuccessBody(store.faults.add(parseOrThrow(FaultSpec, body))) };
    case "DELETE /faults":
      store.faults.clear();
      return { body: createSuccessBody(null) };
    case "POST /drift":
      return { body: createSuccessBody(applyDrift(store, parseOrThrow(DriftAction, body))) };
    case "GET /errors":
      return { body: createSuccessBody(ErrorCodes) };
    case "GET /timeline/mark":
      return { body: createSuccessBody({ position: store.markTimeline() }) };
    case "GET /timeline": {
      const range = readTimelineRange(store, query);
      return { body: createSuccessBody({ ...range, events: store.listTimeline(range) }) };
    }
    case "GET /continuity": {
      const range = readTimelineRange(store, query);
      const violations = store.checkContinuity(range);
      return { body: createSuccessBody({ ok: violations.length === 0, ...range, violations }) };
    }
    default:
      break;
  }
  const faultId = /^DELETE \/faults\/([^/]+)$/.exec(key)?.[1];
  if (faultId !== undefined) {
    if (!store.faults.remove(faultId))
      throw createApiError("ROUTE_NOT_FOUND", `no fault rule with id "${faultId}"`);
    return { body: createSuccessBody(null) };
  }
  throw createApiError("ROUTE_NOT_FOUND", `No route for the URI: ${method} /__admin${path}`);
}
