/**
 * Cloudflare's account-owned Custom Nameserver Sets (2026): list, get, create, delete (a set is
 * immutable). No released SDK (cloudflare 7.3.0) has these endpoints, so they go through its generic
 * `sdk.get/post/delete` with the path, with the client's pacing and retries.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 * @see ../../docs/decisions/010-custom-nameserver-sets.md
 */
import { normaliseName } from "../core/names";
import {
  DeletedNameserverSet,
  NameserverSet,
  NameserverSetId,
  type CreateNameserverSetBody,
} from "../core/custom-nameserver-sets";
import type { AcnsClient } from "./acns-client";
import { checkId, checkPerPage, collectPages, parsePage } from "./arguments";
import { CloudflareClientError, isGone } from "./errors";
import { resolveEndpoint, type Reconciled, type RequestSpec } from "./request-spec";

/** Page size the client asks for when listing sets (Cloudflare allows 1-5000000; default 20). */
export const NAMESERVER_SETS_PER_PAGE = 50;

const ROUTE = "/accounts/{account_id}/dns_settings/nameserver_sets";
const ROUTE_ONE = `${ROUTE}/{nameserver_set_id}`;

/** One name of a set to create. */
export interface NameserverSetNameserverRequest {
  /** A hostname; sent in core's normal form (lowercase punycode, no trailing dot), as Cloudflare requires. */
  name: string;
  /** IPv4 and IPv6 addresses for this name. @default Cloudflare's (one of each in the emulator) */
  ipCount?: number | undefined;
}

/** Options of {@link createNameserverSet}. */
export interface CreateNameserverSetOptions {
  accountId: string;
  /** The names, in order; Cloudflare refuses a name twice. */
  nameservers: readonly NameserverSetNameserverRequest[];
  /** Allocate the names from distinct Advanced anycast groups. @default Cloudflare's (false) */
  advanced?: boolean | undefined;
  /** The account's address pool. @default Cloudflare's (1) */
  ipSet?: number | undefined;
  /**
   * Ids of sets that existed before this call (e.g. from a listing the caller already made). After
   * a lost answer, a set with these ids is never taken for the one this call created.
   * @default none: any set matching the request counts
   */
  existingIds?: Iterable<string> | undefined;
}

/** Which set of which account. */
export interface NameserverSetRef {
  accountId: string;
  nameserverSetId: string;
}

/** Every set of the account, following every page (`GET …/nameserver_sets?page=&per_page=`). */
export async function listNameserverSets(
  client: AcnsClient,
  options: { accountId: string; perPage?: number },
): Promise<NameserverSet[]> {
  return listPages(client, "listNameserverSets", checkId("accountId", options.accountId), options.perPage);
}

/** One set (`GET …/nameserver_sets/{nameserver_set_id}`). */
export async function getNameserverSet(
  client: AcnsClient,
  options: NameserverSetRef,
): Promise<NameserverSet> {
  return client.execute(getSpec("getNameserverSet", checkRef(options)));
}

/**
 * Create a set (`POST …/nameserver_sets`). Idempotent at our level although the POST is not: after
 * an attempt whose fate is unknown, a listed set that {@link findCreatedNameserverSet} matches
 * counts as created, so a lost answer never leaves a second set behind. Without `existingIds` an
 * identical set that existed before the call would be taken: pass the ids you know of.
 */
export async function createNameserverSet(
  client: AcnsClient,
  options: CreateNameserverSetOptions,
): Promise<NameserverSet> {
  const accountId = checkId("accountId", options.accountId);
  const body = toCreateBody(options);
  const existing = new Set(options.existingIds ?? []);
  const names = body.nameservers.map((ns) => ns.name);
  const endpoint = resolveEndpoint("POST", ROUTE, { account_id: accountId });
  const spec: RequestSpec<NameserverSet> = {
    operation: "createNameserverSet",
    action: `create Custom Nameserver Set ${JSON.stringify(names)} in account ${accountId}`,
    ...endpoint,
    send: (sdk, request) => sdk.post(endpoint.path, { body, ...request }),
    parse: (envelope) => NameserverSet.parse(envelope.result),
    reconcile: async (): Promise<Reconciled<NameserverSet>> => {
      const sets = await listPages(client, "createNameserverSet", accountId, undefined, names);
      const found = findCreatedNameserverSet(sets, body, existing);
      return found === undefined ? { settled: false } : { settled: true, value: found };
    },
  };
  return client.execute(spec);
}

/**
 * Delete a set no zone uses (`DELETE …/nameserver_sets/{nameserver_set_id}`). Idempotent at our
 * level: after an attempt whose fate is unknown, a set that is gone (errors.ts `isGone`: 404, or
 * 7003 for the well-formed ids checked here) counts as deleted; a "not found" on the first attempt is thrown.
 */
export async function deleteNameserverSet(client: AcnsClient, options: NameserverSetRef): Promise<void> {
  const ref = checkRef(options);
  const endpoint = resolveEndpoint("DELETE", ROUTE_ONE, toParams(ref));
  await client.execute<void>({
    operation: "deleteNameserverSet",
    action: `delete Custom Nameserver Set ${ref.nameserverSetId} of account ${ref.accountId}`,
    ...endpoint,
    send: (sdk, request) => sdk.delete(endpoint.path, request),
    parse: (envelope) => {
      DeletedNameserverSet.parse(envelope.result);
    },
    reconcile: async (): Promise<Reconciled<void>> => {
      try {
        await client.execute(
          getSpec("deleteNameserverSet", ref, "check whether it is gone after an interrupted delete"),
        );
        return { settled: false };
      } catch (err) {
        if (isGone(err)) return { settled: true, value: undefined };
        throw err;
      }
    },
  });
}

/**
 * The set a create with `body` made, among `sets`: same names in the same order, same `advanced`,
 * the same `ip_set` and address counts where the request gave them, and not in `existing`. The
 * newest wins when several match. Exported for the resource layer, which lists sets anyway.
 */
export function findCreatedNameserverSet(
  sets: readonly NameserverSet[],
  body: CreateNameserverSetBody,
  existing: ReadonlySet<string> = new Set(),
): NameserverSet | undefined {
  const matches = sets.filter(
    (set) =>
      !existing.has(set.id) &&
      set.advanced === (body.advanced ?? false) &&
      (body.ip_set === undefined || set.ip_set === body.ip_set) &&
      set.nameservers.length === body.nameservers.length &&
      body.nameservers.every((wanted, i) => {
        const got = set.nameservers[i];
        if (got === undefined || normaliseName(got.name) !== wanted.name) return false;
        return (
          wanted.ip_count === undefined ||
          (got.ipv4.length === wanted.ip_count && got.ipv6.length === wanted.ip_count)
        );
      }),
  );
  // ISO 8601 timestamps of one format order as strings; a tie keeps the later-listed set.
  return matches.reduce<NameserverSet | undefined>(
    (best, set) => (best === undefined || set.created_on >= best.created_on ? set : best),
    undefined,
  );
}

function toParams(ref: NameserverSetRef): Record<string, string> {
  return { account_id: ref.accountId, nameserver_set_id: ref.nameserverSetId };
}

function getSpec(operation: string, ref: NameserverSetRef, why?: string): RequestSpec<NameserverSet> {
  const endpoint = resolveEndpoint("GET", ROUTE_ONE, toParams(ref));
  const what = `read Custom Nameserver Set ${ref.nameserverSetId} of account ${ref.accountId}`;
  return {
    operation,
    action: why === undefined ? what : `${what} (${why})`,
    ...endpoint,
    send: (sdk, request) => sdk.get(endpoint.path, request),
    parse: (envelope) => NameserverSet.parse(envelope.result),
  };
}

async function listPages(
  client: AcnsClient,
  operation: string,
  accountId: string,
  perPageOption: number | undefined,
  lookingFor?: readonly string[],
): Promise<NameserverSet[]> {
  const perPage = checkPerPage(perPageOption, 1, 5_000_000, NAMESERVER_SETS_PER_PAGE);
  const why =
    lookingFor === undefined ? "" : `, to find ${JSON.stringify(lookingFor)} after an interrupted create`;
  const endpoint = resolveEndpoint("GET", ROUTE, { account_id: accountId });
  return collectPages(perPage, (page) =>
    client.execute({
      operation,
      action: `list Custom Nameserver Sets of account ${accountId} (page ${page}${why})`,
      ...endpoint,
      send: (sdk, request) => sdk.get(endpoint.path, { query: { page, per_page: perPage }, ...request }),
      parse: parsePage(NameserverSet),
    }),
  );
}

function toCreateBody(options: CreateNameserverSetOptions): CreateNameserverSetBody {
  if (options.nameservers.length === 0) {
    throw new CloudflareClientError(
      "argument",
      "nameservers",
      'a Custom Nameserver Set needs names; give at least two, e.g. [{name: "ns1.example.com"}, {name: "ns2.example.com"}]',
    );
  }
  return {
    nameservers: options.nameservers.map((ns) => ({
      name: normaliseName(ns.name),
      ...(ns.ipCount === undefined ? {} : { ip_count: ns.ipCount }),
    })),
    ...(options.advanced === undefined ? {} : { advanced: options.advanced }),
    ...(options.ipSet === undefined ? {} : { ip_set: options.ipSet }),
  };
}

function checkRef(ref: NameserverSetRef): NameserverSetRef {
  const accountId = checkId("accountId", ref.accountId);
  if (!NameserverSetId.safeParse(ref.nameserverSetId).success || /[/?#]/.test(ref.nameserverSetId)) {
    throw new CloudflareClientError(
      "argument",
      "nameserverSetId",
      `nameserverSetId ${JSON.stringify(ref.nameserverSetId)} is not a Custom Nameserver Set id; give the 32-character id the create or the list answered`,
    );
  }
  return { accountId, nameserverSetId: ref.nameserverSetId };
}
