/**
 * The log of calls the emulator received on /client/v4: the server appends one entry per call and
 * completes it when the answer goes out; tests and the admin API read it. Not state of the emulated
 * account: it lives beside the store, which only forgets it on reset.
 */

/** One call the emulator received on /client/v4. */
export interface RequestLogEntry {
  seq: number;
  /** Emulated time, ISO 8601. */
  at: string;
  method: string;
  /** Path below /client/v4, without the query string. */
  path: string;
  /** The matched route, e.g. `POST /accounts/{account_id}/custom_ns`; `null` when none matched. */
  route: string | null;
  /** The answer's status; `null` when the connection was dropped before an answer. */
  status: number | null;
  /** The token's name or the key's email; never a secret. */
  principal?: string;
  /** The seed user the credential belongs to; absent when the credential is a user of its own. */
  user?: string;
  /** The fault rule that fired on this request. */
  fault?: string;
  outcome: "answered" | "dropped-before-commit" | "dropped-after-commit";
}

/** The request log; `now` stamps entries with emulated time. */
export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private seq = 0;

  constructor(private readonly now: () => string) {}

  /** Appends an entry; returns it so the server can complete it. */
  record(entry: Omit<RequestLogEntry, "seq" | "at">): RequestLogEntry {
    const full: RequestLogEntry = { seq: ++this.seq, at: this.now(), ...entry };
    this.entries.push(full);
    return full;
  }

  /** Copies of the logged requests, oldest first. */
  list(): RequestLogEntry[] {
    return this.entries.map((r) => ({ ...r }));
  }

  /** Requests per route (`METHOD /template`, or `METHOD <path>` for unmatched ones). */
  count(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.entries) {
      const key = r.route ?? `${r.method} ${r.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  /** Forgets the entries; numbering goes on. */
  clear(): void {
    this.entries = [];
  }

  /** Forgets the entries and numbers new ones from 1 again (the emulator's reset). */
  reset(): void {
    this.clear();
    this.seq = 0;
  }
}
