/**
 * What the endpoint functions share besides the transport: checks of their arguments, made before
 * any request so a mistake costs no call, and the page loop every listing follows.
 */
import { CLOUDFLARE_ID_RULE, CLOUDFLARE_ID_FIX } from "../core/ids";
import type { z } from "zod";
import { CloudflareId, type Envelope } from "../core/cloudflare";
import { CloudflareClientError } from "./errors";

// A server that keeps saying "one more page" must not keep us looping for ever.
const MAX_PAGES = 1000;

/** `value` when it is an account or zone id ({@link CloudflareId}); else the argument error naming `field`. */
export function checkId(field: string, value: string): string {
  const parsed = CloudflareId.safeParse(value);
  if (!parsed.success) {
    throw new CloudflareClientError(
      "argument",
      field,
      `${field} ${JSON.stringify(value)} is not a Cloudflare id: it must be ${CLOUDFLARE_ID_RULE}; ${CLOUDFLARE_ID_FIX}`,
    );
  }
  return parsed.data;
}

/** The page size to ask for: `perPage` (else `suggested`) when it is a whole number from `min` to `max`. */
export function checkPerPage(
  perPage: number | undefined,
  min: number,
  max: number,
  suggested: number,
): number {
  const value = perPage ?? suggested;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new CloudflareClientError(
      "argument",
      "perPage",
      `perPage must be a whole number from ${min} to ${max}, got ${String(value)}; use e.g. ${suggested}`,
    );
  }
  return value;
}

/** One page of a listing and the page count the answer gives, if any. */
export interface Page<T> {
  result: T[];
  totalPages: number | undefined;
}

/** Parses a listing's answer with `schema` for each item. */
export function parsePage<T>(schema: z.ZodType<T>): (envelope: Envelope) => Page<T> {
  return (envelope) => ({
    result: schema.array().parse(envelope.result),
    totalPages: envelope.result_info?.total_pages,
  });
}

/** Reads pages 1, 2, … of a listing and returns their items, in order. */
export async function collectPages<T>(
  perPage: number,
  readPage: (page: number) => Promise<Page<T>>,
): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { result, totalPages } = await readPage(page);
    items.push(...result);
    // Stop on the last page by count when the server says how many there are, else on a short page.
    const last = totalPages !== undefined ? page >= totalPages : result.length < perPage;
    if (last || result.length === 0) break;
  }
  return items;
}
