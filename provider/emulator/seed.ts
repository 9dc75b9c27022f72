/**
 * The emulator's seed (JSON, a file or an object): the accounts, zones, credentials and optional
 * starting ACNS state it serves, checked for shape here and for the rules as the store applies it.
 *
 * @see ../../examples/seed.json
 */
import { readFileSync } from "node:fs";
import { z } from "zod";
import {
  AccountNameserverType,
  CloudflareId,
  NsSet,
  ZoneNameservers,
  ZoneNameserversWrite,
} from "../core/cloudflare";
import { NameserverSetId } from "../core/custom-nameserver-sets";
import { ApiError } from "./errors";
import { describeIssues } from "./schemas";
import type { EmulatorStore } from "./store";

/** An account. `acnsEntitled` says whether it may use account custom nameservers (Business/Enterprise). */
export const SeedAccount = z.strictObject({
  id: CloudflareId,
  name: z.string().min(1).max(100),
  /** @default false */
  acnsEntitled: z.boolean().default(false),
  /** @default "enterprise" when entitled, else "standard" */
  type: z.enum(["standard", "enterprise"]).optional(),
  /** The nameserver type new zones get (`zone_defaults.nameservers.type`). @default "cloudflare.standard" */
  defaultNameservers: AccountNameserverType.default("cloudflare.standard"),
});
export type SeedAccount = z.infer<typeof SeedAccount>;

/** A zone, optionally already on a nameserver type (e.g. `{type: "custom.account", ns_set: 1}`). */
export const SeedZone = z.strictObject({
  id: CloudflareId,
  name: z.string().min(1),
  accountId: CloudflareId,
  /** @default {type: "cloudflare.standard"} */
  nameservers: z
    .union([
      z.strictObject(ZoneNameservers.shape),
      // On an account-owned Custom Nameserver Set of `nameserverSets`: the API's write shape.
      ZoneNameserversWrite.options[1],
    ])
    .optional(),
});
export type SeedZone = z.infer<typeof SeedZone>;

/**
 * A Cloudflare user. A user owns API tokens and a global API key, and every credential of a user
 * draws from the user's one rate-limit budget (docs/decisions/011).
 */
export const SeedUser = z.strictObject({
  /** How tokens and API keys name their user (any string; Cloudflare's user ids are 32 hex). */
  id: z.string().min(1),
  /** The user's login email: an API key with this email belongs to the user. */
  email: z.string().min(3).optional(),
  name: z.string().min(1).optional(),
});
export type SeedUser = z.infer<typeof SeedUser>;

/** An API token (`Authorization: Bearer <value>`) scoped to accounts and their zones. */
export const SeedToken = z.strictObject({
  value: z.string().min(1),
  accountIds: z.array(CloudflareId),
  /** How logs and the request log name this token (never its value). @default "token-<n>" */
  name: z.string().min(1).optional(),
  /** A read-only token is refused on every write. @default false */
  readOnly: z.boolean().default(false),
  /** The `users` id of the token's owner. @default none: the token is a user of its own, with its own budget */
  user: z.string().min(1).optional(),
});
export type SeedToken = z.infer<typeof SeedToken>;

/** A global API key (`X-Auth-Email` + `X-Auth-Key`) with access to the listed accounts. */
export const SeedApiKey = z.strictObject({
  email: z.string().min(3),
  key: z.string().min(1),
  accountIds: z.array(CloudflareId),
  /**
   * The `users` id of the key's owner.
   * @default the user whose `email` is the key's email; without one the key is a user of its own
   */
  user: z.string().min(1).optional(),
});
export type SeedApiKey = z.infer<typeof SeedApiKey>;

/** An account custom nameserver that exists from the start. */
export const SeedNameserver = z.strictObject({
  accountId: CloudflareId,
  ns_name: z.string().min(1),
  /** @default 1 */
  ns_set: NsSet.default(1),
});
export type SeedNameserver = z.infer<typeof SeedNameserver>;

/**
 * An account-owned Custom Nameserver Set that exists from the start; its addresses are derived as
 * for a created one. `id` lets zones refer to it. @default id derived like a created set's
 */
export const SeedNameserverSet = z.strictObject({
  accountId: CloudflareId,
  id: NameserverSetId.optional(),
  nameservers: z.array(z.strictObject({ name: z.string().min(1), ip_count: z.number().int().optional() })),
  /** @default false */
  advanced: z.boolean().optional(),
  /** @default 1 */
  ip_set: z.number().int().min(1).optional(),
});
export type SeedNameserverSet = z.infer<typeof SeedNameserverSet>;

/** The whole seed. Every list is optional. */
export const Seed = z.strictObject({
  $schema: z.string().optional(),
  accounts: z.array(SeedAccount).default([]),
  zones: z.array(SeedZone).default([]),
  users: z.array(SeedUser).default([]),
  tokens: z.array(SeedToken).default([]),
  apiKeys: z.array(SeedApiKey).default([]),
  nameservers: z.array(SeedNameserver).default([]),
  nameserverSets: z.array(SeedNameserverSet).default([]),
});
/** A parsed seed (defaults applied). */
export type Seed = z.infer<typeof Seed>;
/** A seed as written in JSON (defaults not yet applied). */
export type SeedInput = z.input<typeof Seed>;

/**
 * The `users` id a credential belongs to: a token's `user`; an API key's `user`, else the user whose
 * email is the key's. Undefined when the credential is a user of its own.
 */
export function findCredentialUser(
  seed: Pick<Seed, "users">,
  credential: { user?: string; email?: string },
): string | undefined {
  if (credential.user !== undefined) return credential.user;
  const email = credential.email?.toLowerCase();
  if (email === undefined) return undefined;
  return seed.users.find((u) => u.email?.toLowerCase() === email)?.id;
}

/** A seed that cannot be used; the message lists every problem. */
export class SeedError extends Error {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super(`invalid seed ${source}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "SeedError";
    this.problems = problems;
  }
}

/**
 * Parses a seed object or reads and parses a JSON seed file, checking its shape and its references
 * (unique ids, known accounts). Rule checks happen when the store applies it.
 */
export function loadSeed(seed: SeedInput | Seed | string): Seed {
  const source = typeof seed === "string" ? seed : "(object)";
  let raw: unknown = seed;
  if (typeof seed === "string") {
    let text: string;
    try {
      text = readFileSync(seed, "utf8");
    } catch (err) {
      throw new SeedError(source, [`cannot read the file: ${(err as Error).message}`]);
    }
    try {
      raw = JSON.parse(text);
    } catch (err) {
      throw new SeedError(source, [`not JSON: ${(err as Error).message}`]);
    }
  }
  const parsed = Seed.safeParse(raw);
  if (!parsed.success)
    throw new SeedError(source, describeIssues(parsed.error.issues, raw, "seed", isSecretPath));
  const problems = findReferenceProblems(parsed.data);
  if (problems.length > 0) throw new SeedError(source, problems);
  return parsed.data;
}

/** Token values and API keys, and whole credential entries that hold them: never echoed in a message. */
function isSecretPath(path: readonly PropertyKey[]): boolean {
  if (path[0] !== "tokens" && path[0] !== "apiKeys") return false;
  return path.length <= 2 || path[2] === "value" || path[2] === "key";
}

function findReferenceProblems(seed: Seed): string[] {
  const problems: string[] = [];
  /** Adds `key` to `seen`, or reports that `where` appears twice when it is there already. */
  const once = (seen: Set<string>, key: string, where: string, scope = ""): void => {
    if (seen.has(key)) problems.push(`${where} appears twice${scope}`);
    seen.add(key);
  };
  const accounts = new Set<string>();
  seed.accounts.forEach((account, i) => once(accounts, account.id, `accounts[${i}].id "${account.id}"`));
  const knownAccount = (id: string, where: string): void => {
    if (!accounts.has(id)) problems.push(`${where} "${id}" is not an account of the seed`);
  };
  const zoneIds = new Set<string>();
  const zoneNames = new Set<string>();
  seed.zones.forEach((zone, i) => {
    once(zoneIds, zone.id, `zones[${i}].id "${zone.id}"`);
    const where = `zones[${i}].name "${zone.name}"`;
    once(zoneNames, `${zone.accountId}/${zone.name.toLowerCase()}`, where, ` in account ${zone.accountId}`);
    knownAccount(zone.accountId, `zones[${i}].accountId`);
  });
  const users = new Map<string, SeedUser>();
  const userEmails = new Set<string>();
  seed.users.forEach((user, i) => {
    if (users.has(user.id)) problems.push(`users[${i}].id "${user.id}" appears twice`);
    users.set(user.id, user);
    if (user.email !== undefined)
      once(userEmails, user.email.toLowerCase(), `users[${i}].email "${user.email}"`);
  });
  const tokenValues = new Set<string>();
  seed.tokens.forEach((token, i) => {
    if (token.user !== undefined && !users.has(token.user))
      problems.push(`tokens[${i}].user "${token.user}" is not a user of the seed`);
    // Never echo a token value: name the entry by index.
    if (tokenValues.has(token.value)) problems.push(`tokens[${i}].value repeats an earlier token's value`);
    tokenValues.add(token.value);
    token.accountIds.forEach((id, j) => knownAccount(id, `tokens[${i}].accountIds[${j}]`));
  });
  const emails = new Set<string>();
  seed.apiKeys.forEach((key, i) => {
    once(emails, key.email, `apiKeys[${i}].email "${key.email}"`);
    if (key.user !== undefined) {
      const owner = users.get(key.user);
      if (owner === undefined) problems.push(`apiKeys[${i}].user "${key.user}" is not a user of the seed`);
      // The global API key is sent with its user's login email: the two cannot differ.
      else if (owner.email !== undefined && owner.email.toLowerCase() !== key.email.toLowerCase())
        problems.push(
          `apiKeys[${i}].email "${key.email}" is not the email of its user "${key.user}" ("${owner.email}"); use the user's email or leave out user`,
        );
    }
    key.accountIds.forEach((id, j) => knownAccount(id, `apiKeys[${i}].accountIds[${j}]`));
  });
  seed.nameservers.forEach((ns, i) => knownAccount(ns.accountId, `nameservers[${i}].accountId`));
  const setIds = new Set<string>();
  seed.nameserverSets.forEach((set, i) => {
    knownAccount(set.accountId, `nameserverSets[${i}].accountId`);
    if (set.id !== undefined) once(setIds, set.id, `nameserverSets[${i}].id "${set.id}"`);
  });
  return problems;
}

/** Adds the seed's accounts, zones, names, sets and credentials to `store`; throws a SeedError listing every refusal. */
export function applySeed(store: EmulatorStore, seed: Seed): void {
  const problems: string[] = [];
  const collect = (where: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Our detail, not Cloudflare's terse message: a seed names what to fix.
      for (const detail of err.details) problems.push(`${where}: ${detail}`);
    }
  };
  seed.accounts.forEach((a, i) => collect(`accounts[${i}]`, () => store.addAccount(a)));
  seed.zones.forEach((z, i) =>
    collect(`zones[${i}]`, () => store.insertZone(z, { type: "cloudflare.standard" })),
  );
  seed.nameservers.forEach((ns, i) =>
    collect(`nameservers[${i}]`, () =>
      store.createNameserver(ns.accountId, { ns_name: ns.ns_name, ns_set: ns.ns_set }),
    ),
  );
  seed.nameserverSets.forEach((s, i) =>
    collect(`nameserverSets[${i}]`, () => store.createNameserverSet(s.accountId, s, s.id)),
  );
  seed.zones.forEach((z, i) => {
    const target = z.nameservers;
    if (target !== undefined) collect(`zones[${i}]`, () => store.setZoneNameservers(z.id, target));
  });
  store.credentials.load(seed);
  if (problems.length > 0) throw new SeedError("(rules)", problems);
}
