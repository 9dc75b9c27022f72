/**
 * Ids and names of examples/seed.json, read from the file so the tests follow it, plus a raw HTTP
 * helper for requests the SDK cannot make (no credentials, malformed JSON, unknown routes).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Seed } from "../../provider/emulator";

export const SEED_PATH = join(__dirname, "..", "..", "examples", "seed.json");
export const seed = Seed.parse(JSON.parse(readFileSync(SEED_PATH, "utf8")));

function findAccountId(entitled: boolean): string {
  const account = seed.accounts.find((a) => a.acnsEntitled === entitled);
  if (account === undefined) throw new Error(`the example seed has no account with acnsEntitled ${entitled}`);
  return account.id;
}

/** The ACNS-entitled account. */
export const ACME = findAccountId(true);
/** The account without the entitlement. */
export const SMALL = findAccountId(false);

/** The id of a zone of the example seed, by name. */
export function zoneId(name: string): string {
  const zone = seed.zones.find((z) => z.name === name);
  if (zone === undefined) throw new Error(`the example seed has no zone "${name}"`);
  return zone.id;
}

/** Zone ids of examples/seed.json's entitled account (ACME), by name. */
export const ZONES = {
  "example.com": zoneId("example.com"),
  "eu.example.com": zoneId("eu.example.com"),
  "shop.eu.example.com": zoneId("shop.eu.example.com"),
  "us.example.com": zoneId("us.example.com"),
  "example.net": zoneId("example.net"),
  "10.in-addr.arpa": zoneId("10.in-addr.arpa"),
  "1.10.in-addr.arpa": zoneId("1.10.in-addr.arpa"),
  "xn--bcher-kva.example": zoneId("xn--bcher-kva.example"),
} as const;

export const TOKEN = "acns-demo-token";
export const READONLY_TOKEN = "acns-demo-readonly-token";
export const SMALL_TOKEN = "acns-demo-small-shop-token";
export const API_KEY = { email: "ops@example.com", key: "acns-demo-global-api-key" };

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** Sends one request with fetch and parses the JSON answer. */
export async function callApi(
  baseUrl: string,
  method: string,
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? TOKEN : options.token;
  if (token !== null) headers.Authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === "" ? undefined : (JSON.parse(text) as unknown),
  };
}

/** The failure envelope with the given errors. */
export function failure(...errors: { code: number; message: string }[]): Record<string, unknown> {
  return { success: false, errors, messages: [], result: null };
}

/** Awaits an SDK call that must fail and returns its status and errors. */
export async function catchApiError(
  promise: PromiseLike<unknown>,
): Promise<{ status: number; errors: unknown }> {
  try {
    await promise;
  } catch (err) {
    const e = err as { status?: unknown; errors?: unknown };
    if (typeof e.status !== "number") throw err;
    return { status: e.status, errors: e.errors };
  }
  throw new Error("expected the call to fail, but it succeeded");
}
