/**
 * `acns validate <file> [--live] [--json]`: checks a configuration file against Cloudflare's ACNS
 * rules, every problem at once with its line and column. With --live it also reads the account and
 * checks the file against the zones the file does not list (the hierarchy rule spans the whole
 * account), and that every listed zone exists.
 */
import type { Command } from "commander";
import { listLiveZoneFacts, type AccountState } from "../../client/account-state";
import type { AcnsConfig } from "../../core/config";
import type { ParsedConfigFile } from "../../core/config-file";
import { CLOUDFLARE_NAMESERVER_TYPES } from "../../core/cloudflare";
import { describeZoneNameservers } from "../../core/zone-nameservers";
import { CLOUDFLARE_ID_PATTERN } from "../../core/ids";
import { normaliseName } from "../../core/names";
import { validateAcnsConfig } from "../../core/validate";
import { isObject } from "../../core/validate-state";
import { reportCliError } from "../errors";
import { ValidateExitCode } from "../exit-codes";
import type { CliContext } from "../io";
import { compareIssues, formatReportedIssue } from "../issues";
import type { InterruptedRead, ReportedIssue, ValidatedAccount, ValidateJson } from "../json-output";
import { defineLiveCommand, describePartial, LiveSession, type LiveOptions } from "../live";
import { loadConfigFile, reportFileProblems, reportValidatorIssues } from "../load-config";
import { formatCount, writeJson, writeLines } from "../output";

export interface ValidateCommandOptions extends LiveOptions {
  live?: boolean | undefined;
  everyZone?: boolean | undefined;
}

export function registerValidateCommand(program: Command, context: CliContext): void {
  const command = program
    .command("validate")
    .description("Check an ACNS configuration file (YAML or JSON) against Cloudflare's rules")
    .argument("<file>", "the configuration file, e.g. acns.yaml (a .json name is read as strict JSON)")
    .option("--live", "also read the account: check the file against the zones it does not list")
    .option(
      "--every-zone",
      "with --live, read every zone's DNS settings (one request per zone) instead of only the zones that can matter",
    );
  defineLiveCommand(
    command,
    "validate",
    ValidateExitCode.ERROR,
    [
      "Problems print as FILE:LINE:COLUMN: error[CODE] PATH: MESSAGE, or ACCOUNT: error[CODE] MESSAGE",
      "for a zone the account has and the file does not list (--live).",
      "",
      "--live reads the account's custom nameservers, its DNS settings, its zone list (50 zones a request)",
      "and the DNS settings of each zone the file lists, of each zone above or below one of them, and",
      "of each zone served by a custom nameserver name: 2 + pages + those zones requests.",
    ],
    context,
    runValidateCommand,
  );
}

export async function runValidateCommand(
  file: string,
  options: ValidateCommandOptions,
  context: CliContext,
): Promise<number> {
  const json = options.json === true;
  let session: LiveSession | undefined;
  try {
    const parsed = await loadConfigFile(file, context.io);
    if (!parsed.ok) {
      const issues = reportFileProblems(parsed.problems);
      return printResult(context, file, options, { issues, warnings: [], accounts: [] }, 0);
    }
    if (options.live !== true) {
      const result = validateAcnsConfig(parsed.value);
      const issues = result.ok ? [] : reportValidatorIssues(parsed, result.issues);
      const warnings = reportValidatorIssues(parsed, result.warnings);
      const accounts = result.ok ? result.accounts.map((a) => summarise(a, undefined)) : [];
      return printResult(context, file, options, { issues, warnings, accounts }, 0);
    }
    session = new LiveSession(context.io, options, { command: "validate", interruptible: true });
    return await checkLive(file, parsed, options, context, session);
  } catch (err: unknown) {
    return reportCliError(context, "validate", err, json, ValidateExitCode.ERROR);
  } finally {
    session?.close();
  }
}

/** An account entry of the raw file value, with its index (0 for a single account). */
interface RawAccount {
  entry: number;
  value: Record<string, unknown>;
  accountId: string;
}

async function checkLive(
  file: string,
  parsed: Extract<ParsedConfigFile, { ok: true }>,
  options: ValidateCommandOptions,
  context: CliContext,
  session: LiveSession,
): Promise<number> {
  const raw = parsed.value;
  const entries = Array.isArray(raw) ? raw : [raw];
  const accounts: RawAccount[] = [];
  entries.forEach((value, entry) => {
    if (!isObject(value)) return;
    const accountId = value.accountId;
    if (typeof accountId === "string" && CLOUDFLARE_ID_PATTERN.test(accountId))
      accounts.push({ entry, value, accountId });
  });

  const states = new Map<number, AccountState>();
  const checked: unknown[] = [...entries];
  for (const account of accounts) {
    if (session.interrupted) break;
    const listed = listZoneNames(account.value.zones).map((z) => z.name);
    const zoneDetail = options.everyZone === true ? "all" : "acns";
    const state = await session.readAccount(account.accountId, listed, zoneDetail);
    if (state === undefined) break;
    states.set(account.entry, state);
    const own = account.value.liveZones;
    if (Array.isArray(own) && own.length > 0) {
      context.io.stderr.write(
        `note: --live replaces the ${formatCount(own.length, "liveZones entry", "liveZones entries")} of ` +
          `account ${account.accountId} in ${file} with the account's ${formatCount(state.zones.length, "zone")}\n`,
      );
    }
    checked[account.entry] = { ...account.value, liveZones: listLiveZoneFacts(state) };
  }

  const input = Array.isArray(raw) ? checked : checked[0];
  const result = validateAcnsConfig(input);
  const liveAccounts = new Map([...states].map(([entry, state]) => [entry, state.accountId]));
  const issues = result.ok ? [] : reportValidatorIssues(parsed, result.issues, liveAccounts);
  const warnings = reportValidatorIssues(parsed, result.warnings, liveAccounts);
  for (const account of accounts) {
    const state = states.get(account.entry);
    if (state === undefined) continue;
    issues.push(...findMissingZones(parsed, account, state, Array.isArray(raw) ? [account.entry] : []));
  }
  issues.sort(compareIssues);
  const summaries =
    result.ok && issues.length === 0
      ? result.accounts.map((a, i) => summarise(a, states.get(Array.isArray(raw) ? i : 0)))
      : [];
  const partial = session.partial(accounts.map((a) => a.accountId));
  return printResult(
    context,
    file,
    options,
    { issues, warnings, accounts: summaries },
    session.requests,
    partial,
  );
}

/** Zones the file lists that the account does not have: applying would fail on them. */
function findMissingZones(
  parsed: Extract<ParsedConfigFile, { ok: true }>,
  account: RawAccount,
  state: AccountState,
  prefix: (string | number)[],
): ReportedIssue[] {
  const liveNames = new Set(state.zones.map((zone) => normaliseName(zone.name)));
  const missing = listZoneNames(account.value.zones).flatMap(({ index, name }) => {
    const normal = normaliseName(name);
    if (liveNames.has(normal)) return [];
    return [
      {
        code: "zone-not-in-account",
        path: [...prefix, "zones", index, "name"],
        message:
          `zone "${normal}" is not a zone of account ${account.accountId}; add the zone to the account first, ` +
          "or remove it from zones",
        subjects: { zones: [normal], sets: [], nameservers: [] },
      },
    ];
  });
  return reportValidatorIssues(parsed, missing);
}

/** The names the raw `zones` list gives, with their indexes (entries without a string name are the validator's to report). */
function listZoneNames(zones: unknown): { index: number; name: string }[] {
  if (!Array.isArray(zones)) return [];
  return zones.flatMap((zone: unknown, index) =>
    isObject(zone) && typeof zone.name === "string" ? [{ index, name: zone.name }] : [],
  );
}

function summarise(account: AcnsConfig, state: AccountState | undefined): ValidatedAccount {
  let live: ValidatedAccount["live"] = null;
  if (state !== undefined) {
    const listed = new Set(account.zones.map((zone) => zone.name));
    const unlisted = listLiveZoneFacts(state).filter((zone) => !listed.has(zone.name));
    live = {
      zones: state.zones.length,
      unlisted: unlisted.length,
      unlistedOnAcns: unlisted.filter((zone) => zone.nsSet !== null).length,
    };
    const elsewhere = listOtherNameservers(state, listed);
    if (elsewhere.length > 0) live.unlistedOnOtherNameservers = elsewhere;
  }
  return {
    accountId: account.accountId,
    sets: account.sets.length,
    nameservers: account.sets.reduce((sum, set) => sum + set.nameservers.length, 0),
    zones: account.zones.length,
    live,
  };
}

/** The zones the file does not list whose nameservers are of a type this tool does not manage. */
function listOtherNameservers(
  state: AccountState,
  listed: ReadonlySet<string>,
): { name: string; nameservers: string }[] {
  const managed = new Set<string>([...CLOUDFLARE_NAMESERVER_TYPES, "custom.account"]);
  return state.zones.flatMap((zone) => {
    const name = normaliseName(zone.name);
    if (zone.nameservers === undefined || managed.has(zone.nameservers.type) || listed.has(name)) return [];
    return [{ name, nameservers: describeZoneNameservers(zone.nameservers) }];
  });
}

function printResult(
  context: CliContext,
  file: string,
  options: ValidateCommandOptions,
  found: { issues: ReportedIssue[]; warnings: ReportedIssue[]; accounts: ValidatedAccount[] },
  requests: number,
  partial?: InterruptedRead,
): number {
  const live = options.live === true;
  const valid = found.issues.length === 0;
  const verdict = valid ? ValidateExitCode.VALID : ValidateExitCode.INVALID;
  const exitCode = partial === undefined ? verdict : ValidateExitCode.INTERRUPTED;
  if (options.json === true) {
    const body: ValidateJson = {
      file,
      valid,
      live,
      accounts: found.accounts,
      issues: found.issues,
      warnings: found.warnings,
      requests,
      ...(partial === undefined ? {} : { partial: true, interrupted: partial }),
    };
    writeJson(context.io.stdout, body);
    return exitCode;
  }
  const { stdout } = context.io;
  if (partial !== undefined) writeLines(stdout, [describePartial(partial), ""]);
  // Warnings print like problems, after them; they never change the verdict or the exit code.
  const warningLines = found.warnings.map((warning) => formatReportedIssue(file, warning, "warning"));
  const warned = found.warnings.length === 0 ? "" : `, ${formatCount(found.warnings.length, "warning")}`;
  if (!valid) {
    writeLines(stdout, [...found.issues.map((issue) => formatReportedIssue(file, issue)), ...warningLines]);
    const against = live ? " (checked against the live account)" : "";
    writeLines(stdout, [
      "",
      `${file}: invalid${against}, ${formatCount(found.issues.length, "problem")}${warned}`,
    ]);
    return exitCode;
  }
  if (warningLines.length > 0) writeLines(stdout, [...warningLines, ""]);
  const lines = [`${file}: valid${warned}${live ? ", checked against the live account" : ""}`];
  for (const account of found.accounts) {
    let line =
      `  account ${account.accountId}: ${formatCount(account.sets, "set")}, ` +
      `${formatCount(account.nameservers, "nameserver")}, ${formatCount(account.zones, "zone")}`;
    if (account.live !== null) {
      line +=
        `; ${formatCount(account.live.zones, "zone")} in the account, ${account.live.unlisted} not listed ` +
        `(${account.live.unlistedOnAcns} of them on custom nameservers)`;
      const elsewhere = account.live.unlistedOnOtherNameservers ?? [];
      if (elsewhere.length > 0) {
        line +=
          `; on nameservers this tool does not manage, so on no numbered set for every rule: ` +
          elsewhere.map((zone) => `"${zone.name}" (${zone.nameservers})`).join(", ");
      }
    }
    lines.push(line);
  }
  if (!live)
    lines.push("Checked offline; --live also checks the zones of the account that the file does not list.");
  writeLines(stdout, lines);
  return exitCode;
}
