/**
 * Who may call the emulated API: the seed's users, tokens and API keys, and the principal each
 * credential stands for (its accounts, whether it may write, the rate-limit budget it draws from).
 */
import { createHash } from "node:crypto";
import { findCredentialUser, type Seed, type SeedUser } from "./seed";
import type { EmulatorSnapshot } from "./state";

/** What a principal may touch. */
export interface Principal {
  label: string;
  accountIds: ReadonlySet<string>;
  readOnly: boolean;
  /** The seed user behind the credential; undefined when the credential is a user of its own. */
  user: string | undefined;
  /**
   * The rate-limit budget it draws from: its user's, shared by all the user's credentials, or for a
   * credential without a user its own (derived from the secret, never shown).
   */
  bucket: string;
}

/** The credentials of one store, each kept as the principal it stands for. */
export class Credentials {
  /** By token value. */
  private readonly tokens = new Map<string, Principal>();
  /** By email, with the key that must come with it. */
  private readonly apiKeys = new Map<string, { key: string; principal: Principal }>();
  private readonly users = new Map<string, SeedUser>();

  /** Adds the seed's users, tokens and API keys. */
  load(seed: Seed): void {
    for (const u of seed.users) this.users.set(u.id, u);
    seed.tokens.forEach((t, i) => {
      const label = t.name ?? `token-${i + 1}`;
      const user = findCredentialUser(seed, t);
      const bucket = user !== undefined ? `user:${user}` : `token:${label}:${hashSecret(t.value)}`;
      this.tokens.set(t.value, {
        label,
        accountIds: new Set(t.accountIds),
        readOnly: t.readOnly,
        user,
        bucket,
      });
    });
    for (const k of seed.apiKeys) {
      const user = findCredentialUser(seed, k);
      const bucket = user !== undefined ? `user:${user}` : `key:${k.email}`;
      const principal = { label: k.email, accountIds: new Set(k.accountIds), readOnly: false, user, bucket };
      this.apiKeys.set(k.email, { key: k.key, principal });
    }
  }

  /** Forgets every credential (the store's reset). */
  clear(): void {
    this.tokens.clear();
    this.apiKeys.clear();
    this.users.clear();
  }

  /** The principal behind a bearer token, if the token exists. */
  findTokenPrincipal(token: string): Principal | undefined {
    return this.tokens.get(token);
  }

  /** The principal behind an email + global API key, if they match. */
  findApiKeyPrincipal(email: string, key: string): Principal | undefined {
    const record = this.apiKeys.get(email);
    return record?.key === key ? record.principal : undefined;
  }

  /** The credentials as JSON, without secrets. */
  snapshot(): Pick<EmulatorSnapshot, "users" | "tokens" | "apiKeys"> {
    return {
      users: [...this.users.values()].map((u) => ({
        id: u.id,
        ...(u.email !== undefined ? { email: u.email } : {}),
        ...(u.name !== undefined ? { name: u.name } : {}),
      })),
      tokens: [...this.tokens.values()].map((t) => ({
        name: t.label,
        accountIds: [...t.accountIds],
        readOnly: t.readOnly,
        ...(t.user !== undefined ? { user: t.user } : {}),
      })),
      apiKeys: [...this.apiKeys.values()].map(({ principal: k }) => ({
        email: k.label,
        accountIds: [...k.accountIds],
        ...(k.user !== undefined ? { user: k.user } : {}),
      })),
    };
  }
}

/** A short, irreversible tag of a secret, so two user-less tokens with the same name keep separate budgets. */
function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("hex").slice(0, 12);
}
