/**
 * What the commands that read an account share: the `--base-url` and `--requests-per-second`
 * options, a client built from them and the environment (credentials only from the environment,
 * never from a flag), and account reads with a progress display (an ETA from the pace the client is
 * allowed) that Ctrl-C can stop (see interrupt.ts).
 */
import { CommanderError, InvalidArgumentError, type Command } from "commander";
import { createAcnsClient, type AcnsClient } from "../client/acns-client";
import {
  readAccountState,
  ReadInterruptedError,
  type AccountState,
  type AccountStateProgress,
  type ZoneDetail,
} from "../client/account-state";
import { ClientEnv } from "../client/config";
import { formatExitCodes } from "./exit-codes";
import { DEFAULT_REQUESTS_PER_SECOND } from "../client/pacer";
import { createInterruptibleFetch } from "./interrupt";
import { isCiEnvironment, type CliContext, type CliIo } from "./io";
import type { InterruptedRead } from "./json-output";
import { formatCount } from "./output";
import { createProgress, estimateSeconds, type Progress, type ProgressReport } from "./progress";

/** Options every command that reads an account takes. */
export interface LiveOptions {
  /** `--json`; also makes the progress plain lines even on a terminal (see progress.ts). */
  json?: boolean | undefined;
  baseUrl?: string | undefined;
  requestsPerSecond?: number | undefined;
}

/** A command-line number above 0 (`--requests-per-second`, the emulator's `--time-scale`). */
export function parsePositiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError(`must be a positive number; got "${value}"`);
  return n;
}

/**
 * Finishes a command that reads an account: `--json`, `--base-url`, `--requests-per-second`, the
 * help text (`about`, then the credentials and the exit codes) and its "could not run" exit code for
 * usage errors (a missing argument, an unknown option); `run` settles the exit code.
 */
export function defineLiveCommand<F extends string | undefined, O>(
  command: Command,
  name: "validate" | "drift" | "glue",
  errorExitCode: number,
  about: readonly string[],
  context: CliContext,
  run: (file: F, options: O, context: CliContext) => Promise<number>,
): void {
  command
    .option("--json", `print one JSON document (see README: acns ${name} --json)`)
    .option(
      "--base-url <url>",
      `Cloudflare API base URL (default: $${ClientEnv.BASE_URL}, else https://api.cloudflare.com/client/v4)`,
    )
    .option(
      "--requests-per-second <n>",
      `client-side pace (default ${DEFAULT_REQUESTS_PER_SECOND}: Cloudflare's 1200 requests per 5 minutes; lower it when other tools share the token)`,
      parsePositiveNumber,
    )
    .addHelpText(
      "after",
      [
        "",
        ...about,
        "",
        "Credentials come from the environment only (no flag, so they never land in shell history):",
        `  ${ClientEnv.API_TOKEN}, or ${ClientEnv.API_KEY} with ${ClientEnv.EMAIL}; ${ClientEnv.BASE_URL} or --base-url`,
        "  points at another API (e.g. the emulator). Secrets are never printed.",
        "",
        formatExitCodes(name),
      ].join("\n"),
    )
    .exitOverride((err) => {
      if (err.exitCode === 0) throw err;
      throw new CommanderError(errorExitCode, err.code, err.message);
    })
    .action(async (file: F, options: O) => {
      context.exitCode = await run(file, options, context);
    });
}

/** How a command uses its session. */
export interface SessionOptions {
  /** For the plain progress lines and the interrupt note: `drift`. */
  command: string;
  /** Catch Ctrl-C until {@link LiveSession.close}: the first stops the reads (see interrupt.ts). @default false */
  interruptible?: boolean | undefined;
}

/** How the progress line names the steps of an account read. */
const PHASE_WORDS = {
  "custom-nameservers": "custom nameservers",
  "custom-sets": "custom nameserver sets",
  "account-settings": "DNS settings",
  "zone-settings": "zone settings",
} as const;

/** The pace actually achieved is measured over this many recent milliseconds. */
const MEASURE_WINDOW_MS = 30_000;
/** …once the zone settings have run this long (before, the pacer's pace alone). */
const MEASURE_AFTER_MS = 10_000;

/** A client, a progress display and Ctrl-C handling for one command run; {@link close} it at the end. */
export class LiveSession {
  readonly client: AcnsClient;
  readonly #io: CliIo;
  readonly #command: string;
  readonly #progress: Progress;
  readonly #interrupt = new AbortController();
  readonly #unsubscribe: () => void;
  #requests = 0;
  /** When recent requests were answered, oldest first (the measured pace). */
  #recent: number[] = [];
  /** The read in progress, so each request can refresh the line (zone pages report nothing else). */
  #current: { accountId: string; progress: AccountStateProgress; since: number } | undefined;
  #reads: { accountId: string; zonesRead: number; zonesToRead: number }[] = [];

  constructor(io: CliIo, options: LiveOptions, session: SessionOptions) {
    this.#io = io;
    this.#command = session.command;
    this.#progress = createProgress(io.stderr, {
      plain: options.json === true || isCiEnvironment(io.env),
      prefix: `acns ${session.command}: `,
    });
    this.client = createAcnsClient({
      env: io.env,
      baseUrl: options.baseUrl,
      requestsPerSecond: options.requestsPerSecond,
      fetch: createInterruptibleFetch(this.#interrupt.signal),
      onRequest: () => {
        // What an interrupted run reports stops at the interrupt: later attempts are never sent.
        if (this.interrupted) return;
        this.#requests++;
        this.#recent.push(Date.now());
        if (this.#current !== undefined) this.#show(this.#current.accountId, this.#current.progress);
      },
    });
    this.#unsubscribe =
      session.interruptible === true ? io.interrupts(() => this.#onInterrupt()) : () => undefined;
  }

  /** HTTP requests sent so far (attempts, retries included), up to an interrupt. */
  get requests(): number {
    return this.#requests;
  }

  /** Whether Ctrl-C stopped the run. */
  get interrupted(): boolean {
    return this.#interrupt.signal.aborted;
  }

  /** Stops listening for Ctrl-C. */
  close(): void {
    this.#unsubscribe();
  }

  /**
   * Reads an account, showing progress; see `readAccountState` for what `zoneDetail` and
   * `customSets` (also list the Custom Nameserver Sets) cost. After Ctrl-C, resolves with what was
   * read (`state.interrupted` set) or, before the zones were listed, with undefined.
   */
  async readAccount(
    accountId: string,
    zones: readonly string[],
    zoneDetail: ZoneDetail,
    options: { customSets?: boolean } = {},
  ): Promise<AccountState | undefined> {
    try {
      const state = await readAccountState(this.client, {
        accountId,
        zones,
        zoneDetail,
        customSets: options.customSets,
        signal: this.#interrupt.signal,
        onProgress: (progress) => {
          const since = this.#current?.progress.phase === progress.phase ? this.#current.since : Date.now();
          this.#current = { accountId, progress, since };
          this.#show(accountId, progress);
        },
      });
      const read = state.zones.filter((zone) => zone.nameservers !== undefined).length;
      this.#reads.push({
        accountId,
        zonesRead: read,
        zonesToRead: read + (state.interrupted?.unreadZoneIds.length ?? 0),
      });
      return state;
    } catch (err: unknown) {
      if (err instanceof ReadInterruptedError) return undefined;
      throw err;
    } finally {
      this.#current = undefined;
      this.#progress.done();
    }
  }

  /** How far the run got, when Ctrl-C stopped it; `accountIds` are the accounts it meant to read. */
  partial(accountIds: readonly string[]): InterruptedRead | undefined {
    if (!this.interrupted) return undefined;
    const read = new Set(this.#reads.map((r) => r.accountId));
    return {
      zonesRead: this.#reads.reduce((sum, r) => sum + r.zonesRead, 0),
      zonesToRead: this.#reads.reduce((sum, r) => sum + r.zonesToRead, 0),
      accountsNotRead: accountIds.filter((id) => !read.has(id)),
    };
  }

  #onInterrupt(): void {
    if (this.interrupted) return;
    this.#interrupt.abort();
    this.#progress.done();
    this.#io.stderr.write(
      `acns ${this.#command}: interrupted (Ctrl-C): no more requests; printing the result over what was read ` +
        "(Ctrl-C again quits at once)\n",
    );
  }

  #show(accountId: string, progress: AccountStateProgress): void {
    if (this.interrupted) return;
    this.#progress.update(this.#describe(accountId, progress));
  }

  /** The progress report: steps, counts, and for the zone settings the time left. */
  #describe(accountId: string, p: AccountStateProgress): ProgressReport {
    const what =
      p.phase === "zones"
        ? p.total === undefined
          ? "listing zones"
          : `${p.total} zones listed`
        : PHASE_WORDS[p.phase];
    const report: ProgressReport = { step: `account ${accountId}: ${what}`, requests: this.#requests };
    if (p.phase !== "zone-settings" || p.total === undefined) return report;
    const now = Date.now();
    while ((this.#recent[0] ?? now) < now - MEASURE_WINDOW_MS) this.#recent.shift();
    const running = now - (this.#current?.since ?? now);
    const measured =
      running >= MEASURE_AFTER_MS
        ? this.#recent.length / (Math.min(running, MEASURE_WINDOW_MS) / 1000)
        : undefined;
    return {
      ...report,
      done: p.done,
      total: p.total,
      etaSeconds: estimateSeconds(p.total - p.done, this.client.pacer.currentRate, measured),
    };
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

/** The line that says a result is partial, for the text output: how much was read, what was not. */
export function describePartial(partial: InterruptedRead): string {
  const notRead =
    partial.accountsNotRead.length === 0
      ? ""
      : `; ${formatCount(partial.accountsNotRead.length, "account")} not read (${partial.accountsNotRead.join(", ")})`;
  return (
    `Partial result: interrupted (Ctrl-C) after reading the DNS settings of ${partial.zonesRead} of ` +
    `${formatCount(partial.zonesToRead, "zone")}${notRead}; what was not read is not checked.`
  );
}
