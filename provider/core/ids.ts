/**
 * A Cloudflare account or zone id, once: the pattern for hot loops that test a string, and the
 * schema for every shape that holds one.
 */
import { z } from "zod";

/** 32 lowercase hex characters. */
export const CLOUDFLARE_ID_PATTERN = /^[0-9a-f]{32}$/;

/** What an id is, in every message about one. */
export const CLOUDFLARE_ID_RULE = "32 lowercase hex characters";

/** Where to find an id, in every message about a wrong one. */
export const CLOUDFLARE_ID_FIX = "copy it from the Cloudflare dashboard or API";

/** A Cloudflare account or zone id: 32 lowercase hex characters. */
export const CloudflareId = z.string().regex(CLOUDFLARE_ID_PATTERN, `must be ${CLOUDFLARE_ID_RULE}`);
