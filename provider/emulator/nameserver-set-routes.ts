/**
 * The four routes of account-owned Custom Nameserver Sets. Each checks scope, parses its input with
 * the shared schemas and calls one store method; router.ts lists them in its table, so auth, the
 * rate limit, fault injection and the request log apply as to every other route. There is no
 * update route: a set is immutable (a PUT or PATCH answers the no-route 404).
 *
 * @see ./nameserver-sets.ts for the rules and the choices where Cloudflare is silent
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 */
import {
  CreateNameserverSetBody,
  ListNameserverSetsQuery,
  NameserverSetId,
} from "../core/custom-nameserver-sets";
import { createRouteRefusal } from "./errors";
import {
  createSuccessBody,
  paginate,
  requireAccountInScope,
  type RouteAnswer,
  type RouteContext,
} from "./router";
import { parseOrThrow } from "./schemas";

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
export function listNameserverSetsRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  const query = parseOrThrow(ListNameserverSetsQuery, Object.fromEntries(ctx.query.entries()), "query");
  const { page, resultInfo } = paginate(ctx.store.listNameserverSets(accountId), query);
  return { body: createSuccessBody(page, { result_info: resultInfo }) };
}

/** `POST /accounts/{account_id}/dns_settings/nameserver_sets`. */
export function createNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  const body = parseOrThrow(CreateNameserverSetBody, ctx.body);
  return { body: createSuccessBody(ctx.store.createNameserverSet(accountId, body)) };
}

/** `GET /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}`. */
export function getNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  return { body: createSuccessBody(ctx.store.getNameserverSet(accountId, requireSetId(ctx, accountId))) };
}

/** `DELETE /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}`: only an unassigned set. */
export function deleteNameserverSetRoute(ctx: RouteContext): RouteAnswer {
  const accountId = requireAccountInScope(ctx);
  return { body: createSuccessBody(ctx.store.deleteNameserverSet(accountId, requireSetId(ctx, accountId))) };
}
