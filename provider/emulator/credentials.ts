/**
 * Who may call the emulated API: the seed's users, tokens and API keys, and the principal each
 * credential stands for (its accounts, whether it may write, the rate-limit budget it draws from).
 */
import { createHash } from "node:crypto";
import type { ApiKeyRecord, TokenRecord, UserRecord } from "./model";
import { findCredentialUser, type Seed } from "./seed";
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

/** The credentials of one store. */
export class Credentials {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly apiKeys = new Map<string, ApiKeyRecord>();
  private readonly users = new Map<string, UserRecord>();

  /** Adds the seed's users, tokens and API keys. */
  load(seed: Seed): void {
    for (const u of seed.users) this.users.set(u.id, { id: u.id, email: u.email, name: u.name });
    seed.tokens.forEach((t, i) =>
      this.tokens.set(t.value, {
        value: t.value,
        label: t.name ?? `token-${i + 1}`,
        accountIds: new Set(t.accountIds),
        readOnly: t.readOnly,
        user: findCredentialUser(seed, t),
      }),
    );
    for (const k of seed.apiKeys)
      this.apiKeys.set(k.email, {
        email: k.email,
        key: k.key,
        accountIds: new Set(k.accountIds),
        user: findCredentialUser(seed, k),
      });
  }

  /** Forgets every credential (the store's reset). */
  clear(): void {
    this.tokens.clear();
    this.apiKeys.clear();
    this.users.clear();
  }

  /** The principal behind a bearer token, if the token exists. */
  findTokenPrincipal(token: string): Principal | undefined {
    const record = this.tokens.get(token);
    if (record === undefined) return undefined;
    return {
      label: record.label,
      accountIds: record.accountIds,
      readOnly: record.readOnly,
      user: record.user,
      bucket:
        record.user !== undefined ? `user:${record.user}` : `token:${record.label}:${hashSecret(token)}`,
    };
  }

  /** The principal behind an email + global API key, if they match. */
  findApiKeyPrincipal(email: string, key: string): Principal | undefined {
    const record = this.apiKeys.get(email);
    if (record === undefined || record.key !== key) return undefined;
    return {
      label: record.email,
      accountIds: record.accountIds,
      readOnly: false,
      user: record.user,
      bucket: record.user !== undefined ? `user:${record.user}` : `key:${record.email}`,
    };
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
      apiKeys: [...this.apiKeys.values()].map((k) => ({
        email: k.email,
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
