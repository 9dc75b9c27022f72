/**
 * What the commands that read an account share: the `--base-url` and `--requests-per-second`
 * options, a client built from them and the environment (credentials only from the environment,
 * never from a flag), and account reads with a progress line.
 */
import { InvalidArgumentError, type Command } from "commander";
import { createAcnsClient, type AcnsClient } from "../client/acns-client";
import {
  readAccountState,
  type AccountState,
  type AccountStateProgress,
  type ZoneDetail,
} from "../client/account-state";
import { ClientEnv } from "../client/config";
import { DEFAULT_REQUESTS_PER_SECOND } from "../client/pacer";
import type { CliIo } from "./io";
import { formatCount } from "./output";
import { createProgress, type Progress } from "./progress";

/** Options every command that reads an account takes. */
export interface LiveOptions {
  baseUrl?: string | undefined;
  requestsPerSecond?: number | undefined;
}

function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`must be a positive number; got "${value}"`);
  return n;
}

/** Adds `--base-url` and `--requests-per-second` to a command. */
export function addLiveOptions(command: Command): Command {
  return command
    .option(
      "--base-url <url>",
      `Cloudflare API base URL (default: $${ClientEnv.BASE_URL}, else https://api.cloudflare.com/client/v4)`,
    )
    .option(
      "--requests-per-second <n>",
      `client-side pace (default ${DEFAULT_REQUESTS_PER_SECOND}: Cloudflare's 1200 requests per 5 minutes; lower it when other tools share the token)`,
      parsePositiveNumber,
    );
}

/** Help text on credentials, shared by the commands that read an account. */
export const CREDENTIALS_HELP = [
  "Credentials come from the environment only (no flag, so they never land in shell history):",
  `  ${ClientEnv.API_TOKEN}, or ${ClientEnv.API_KEY} with ${ClientEnv.EMAIL}; ${ClientEnv.BASE_URL} or --base-url`,
  "  points at another API (e.g. the emulator). Secrets are never printed.",
].join("\n");

/** A client and a progress line for one command run. */
export class LiveSession {
  readonly client: AcnsClient;
  readonly #progress: Progress;
  #requests = 0;
  /** The read in progress, so each request can refresh the line (zone pages report nothing else). */
  #current: { accountId: string; progress: AccountStateProgress } | undefined;

  constructor(io: CliIo, options: LiveOptions) {
    this.#progress = createProgress(io.stderr);
    this.client = createAcnsClient({
      env: io.env,
      baseUrl: options.baseUrl,
      requestsPerSecond: options.requestsPerSecond,
      onRequest: () => {
        this.#requests++;
        if (this.#current !== undefined) this.#show(this.#current.accountId, this.#current.progress);
      },
    });
  }

  /** HTTP requests sent so far (attempts, retries included). */
  get requests(): number {
    return this.#requests;
  }

  /**
   * Reads an account, showing progress; see `readAccountState` for what `zoneDetail` and
   * `customSets` (also list the Custom Nameserver Sets) cost.
   */
  async readAccount(
    accountId: string,
    zones: readonly string[],
    zoneDetail: ZoneDetail,
    options: { customSets?: boolean } = {},
  ): Promise<AccountState> {
    try {
      return await readAccountState(this.client, {
        accountId,
        zones,
        zoneDetail,
        customSets: options.customSets,
        onProgress: (progress) => {
          this.#current = { accountId, progress };
          this.#show(accountId, progress);
        },
      });
    } finally {
      this.#current = undefined;
      this.#progress.done();
    }
  }

  #show(accountId: string, progress: AccountStateProgress): void {
    this.#progress.update(describeProgress(accountId, progress, this.#requests));
  }

  /** Shows a line while `work` runs (reads that are one request). */
  async track<T>(text: string, work: () => Promise<T>): Promise<T> {
    this.#progress.update(text);
    try {
      return await work();
    } finally {
      this.#progress.done();
    }
  }
}

/** Short enough for an 80-column terminal: `account <id>: zone settings 2/6, 5 requests`. */
function describeProgress(accountId: string, p: AccountStateProgress, requests: number): string {
  const what =
    p.phase === "custom-nameservers"
      ? "custom nameservers"
      : p.phase === "custom-sets"
        ? "custom nameserver sets"
        : p.phase === "account-settings"
          ? "DNS settings"
          : p.phase === "zones"
            ? p.total === undefined
              ? "listing zones"
              : `${p.total} zones listed`
            : `zone settings ${p.done}/${p.total ?? "?"}`;
  return `account ${accountId}: ${what}, ${formatCount(requests, "request")}`;
}
