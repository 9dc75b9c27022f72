/**
 * The resources' ids, in one place: `<accountId>/<nsSet>` (AccountNameserverSet),
 * `<accountId>/<nameserverSetId>` (CustomNameserverSet), and a bare zone or account id
 * (ZoneAcnsBinding, AccountDefaultNameservers). Each reader refuses anything else naming the
 * resource and the format, since such an id cannot be one the resource made (or an `import` id).
 */
import { CloudflareId, NsSet } from "../core/cloudflare";
import { NameserverSetId } from "../core/custom-nameserver-sets";
import { NS_SET_RANGE } from "../core/limits";
import { AcnsResourceError, formatSubject } from "./errors";
import { ResourceTypeNames, type ResourceTypeName } from "./resource-types";

/** `<accountId>/<rest>` with a valid account id, split; undefined for anything else. */
function splitAccountScoped(id: string): { accountId: string; rest: string } | undefined {
  const [accountId = "", rest, ...more] = id.trim().split("/");
  if (rest === undefined || more.length > 0 || !CloudflareId.safeParse(accountId).success) return undefined;
  return { accountId, rest };
}

function refuseId(resourceType: ResourceTypeName, id: string, format: string): never {
  throw new AcnsResourceError(
    resourceType,
    "id",
    `${formatSubject(resourceType, "id", id)}: not an id of this resource; ${format}`,
  );
}

/** Builds the id of an `AccountNameserverSet`, `<accountId>/<nsSet>`. */
export function formatSetId(accountId: string, nsSet: number): string {
  return `${accountId}/${nsSet}`;
}

/** Reads an id `<accountId>/<nsSet>` (also the `import` id); throws naming the format. */
export function parseSetId(id: string): { accountId: string; nsSet: number } {
  const parts = splitAccountScoped(id);
  const nsSet = Number(parts?.rest);
  if (parts === undefined || String(nsSet) !== parts.rest || !NsSet.safeParse(nsSet).success) {
    return refuseId(
      ResourceTypeNames.AccountNameserverSet,
      id,
      `it reads "<accountId>/<nsSet>", the account's 32-hex id and the set number ` +
        `${NS_SET_RANGE}, e.g. "${"0".repeat(32)}/1"`,
    );
  }
  return { accountId: parts.accountId, nsSet };
}

/** Builds the id of a `CustomNameserverSet`, `<accountId>/<nameserverSetId>`. */
export function formatCustomSetId(accountId: string, nameserverSetId: string): string {
  return `${accountId}/${nameserverSetId}`;
}

/** Reads an id `<accountId>/<nameserverSetId>` (also the `import` id); throws naming the format. */
export function parseCustomSetId(id: string): { accountId: string; nameserverSetId: string } {
  const parts = splitAccountScoped(id);
  // The set id goes into a request path: no character that would end or leave the path segment.
  if (parts === undefined || !NameserverSetId.safeParse(parts.rest).success || /[?#\s]/.test(parts.rest)) {
    return refuseId(
      ResourceTypeNames.CustomNameserverSet,
      id,
      `it reads "<accountId>/<nameserverSetId>", the account's 32-hex id and the set's 32-character id, ` +
        `e.g. "${"0".repeat(32)}/${"a".repeat(32)}"`,
    );
  }
  return { accountId: parts.accountId, nameserverSetId: parts.rest };
}

/**
 * The id Pulumi passes to read/delete, when it is a single Cloudflare id (a zone's or an account's);
 * anything else is refused naming the resource, since it cannot be an id this resource made.
 */
export function readCloudflareIdOf(
  resourceType: ResourceTypeName,
  id: string,
  owner: "zone" | "account",
): string {
  const value = id.trim();
  if (!CloudflareId.safeParse(value).success) {
    refuseId(resourceType, id, `it is the ${owner}'s id, 32 lowercase hex characters`);
  }
  return value;
}
