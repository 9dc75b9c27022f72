/**
 * Zone listings: every page of `GET /zones` for an account, and finding a zone by name.
 *
 * @see https://developers.cloudflare.com/api/resources/zones/methods/list/
 */
import { Zone } from "../core/cloudflare";
import { normaliseName } from "../core/names";
import type { AcnsClient } from "./acns-client";
import { checkId, checkPerPage, collectPages, parsePage } from "./arguments";
import { CloudflareClientError } from "./errors";
import { resolveEndpoint } from "./request-spec";

/** Cloudflare's largest page for `GET /zones` (and our default). */
export const ZONES_PER_PAGE = 50;
/** Cloudflare's smallest page for `GET /zones`. */
export const MIN_ZONES_PER_PAGE = 5;

/**
 * A zone name as `GET /zones?name=` is asked for: core's {@link normaliseName} without its IDN
 * conversion, because findZoneByName also asks for an IDN as given (Unicode), in case the zone is
 * stored that way; comparisons use normaliseName.
 */
function normaliseZoneQuery(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, "");
}

/** The account's zones, optionally those with one name, following every page. */
export async function listZonePages(
  client: AcnsClient,
  operation: string,
  options: { accountId: string; name?: string; perPage?: number },
): Promise<Zone[]> {
  const accountId = checkId("accountId", options.accountId);
  const perPage = checkPerPage(options.perPage, MIN_ZONES_PER_PAGE, ZONES_PER_PAGE, ZONES_PER_PAGE);
  const name = options.name === undefined ? undefined : normaliseZoneQuery(options.name);
  const named = name === undefined ? "" : ` named ${JSON.stringify(name)}`;
  return collectPages(perPage, (page) =>
    client.execute({
      operation,
      action: `list zones${named} of account ${accountId} (page ${page})`,
      ...resolveEndpoint("GET", "/zones"),
      send: (sdk, request) =>
        sdk.zones.list(
          { account: { id: accountId }, ...(name === undefined ? {} : { name }), page, per_page: perPage },
          request,
        ),
      parse: parsePage(Zone),
    }),
  );
}

/** See {@link AcnsClient.findZoneByName}. */
export async function findZoneByName(
  client: AcnsClient,
  options: { accountId: string; name: string },
): Promise<Zone | undefined> {
  const accountId = checkId("accountId", options.accountId);
  const wanted = normaliseZoneQuery(options.name);
  if (wanted === "") {
    throw new CloudflareClientError(
      "argument",
      "name",
      "zone name is empty; give a name such as example.com",
    );
  }
  const ascii = normaliseName(wanted);
  const queries = ascii === wanted ? [wanted] : [ascii, wanted];
  for (const name of queries) {
    const zones = await listZonePages(client, "findZoneByName", { accountId, name });
    const matches = zones.filter((z) => normaliseName(z.name) === ascii);
    const chosen = matches.find((z) => z.status === "active") ?? matches[0];
    if (chosen !== undefined) return chosen;
  }
  return undefined;
}
