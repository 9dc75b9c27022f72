/**
 * `acns drift <file> [--json]`: compares a configuration file with the live account and lists
 * exactly what differs: names missing from a set, in another set or in none of the file's, a listed
 * zone's set or ACNS status, a zone that is gone, and the default for new zones.
 */
import type { Command } from "commander";
import { toObservedAccount } from "../../client/account-state";
import { describeZoneNameservers } from "../../core/cloudflare";
import { compareAcnsState, type AcnsDrift } from "../../core/drift";
import { reportCliError } from "../errors";
import { DriftExitCode, formatExitCodes } from "../exit-codes";
import type { CliContext } from "../io";
import type { DriftJson } from "../json-output";
import { addLiveOptions, CREDENTIALS_HELP, LiveSession, type LiveOptions } from "../live";
import { loadValidConfig } from "../load-config";
import { formatCount, formatTable, writeJson, writeLines } from "../output";

export interface DriftCommandOptions extends LiveOptions {
  json?: boolean | undefined;
}

/** Registers `acns drift` on the program. */
export function registerDriftCommand(program: Command, context: CliContext): void {
  const command = program
    .command("drift")
    .description("Compare a configuration file with the live account and list every difference")
    .argument("<file>", "the configuration file, e.g. acns.yaml")
    .option("--json", "print one JSON document (see README: acns drift --json)");
  addLiveOptions(command)
    .addHelpText(
      "after",
      [
        "",
        "The file's sets are the account's complete list of names: a live name in none of them is drift.",
        "Zones the file does not list are not compared. The default for new zones is compared when the",
        "file gives defaultNameservers.",
        "",
        "Reads the account's custom nameservers, its DNS settings, its zone list (50 zones a request) and",
        "the DNS settings of each zone the file lists: 2 + pages + listed zones requests.",
        "",
        CREDENTIALS_HELP,
        "",
        formatExitCodes("drift"),
      ].join("\n"),
    )
    .action(async (file: string, options: DriftCommandOptions) => {
      context.exitCode = await runDriftCommand(file, options, context);
    });
}

/** Runs `acns drift`; returns the exit code. */
export async function runDriftCommand(
  file: string,
  options: DriftCommandOptions,
  context: CliContext,
): Promise<number> {
  const json = options.json === true;
  try {
    const accounts = await loadValidConfig(file, context.io);
    const session = new LiveSession(context.io, options);
    const differences: AcnsDrift[] = [];
    for (const account of accounts) {
      const zones = account.zones.map((zone) => zone.name);
      const state = await session.readAccount(account.accountId, zones, "listed");
      differences.push(...compareAcnsState(account, toObservedAccount(state)));
    }
    const drift = differences.length > 0;
    if (json) {
      const body: DriftJson = {
        file,
        drift,
        accounts: accounts.map((a) => a.accountId),
        differences,
        requests: session.requests,
      };
      writeJson(context.io.stdout, body);
    } else {
      writeLines(context.io.stdout, formatDrift(file, accounts, differences));
    }
    return drift ? DriftExitCode.DRIFT : DriftExitCode.NO_DRIFT;
  } catch (err: unknown) {
    return reportCliError(context, "drift", err, json, DriftExitCode.ERROR);
  }
}

function formatDrift(
  file: string,
  accounts: readonly { accountId: string; sets: { nameservers: string[] }[]; zones: unknown[] }[],
  differences: readonly AcnsDrift[],
): string[] {
  const lines: string[] = [];
  for (const account of accounts) {
    const mine = differences.filter((d) => d.accountId === account.accountId);
    if (lines.length > 0) lines.push("");
    if (mine.length === 0) {
      const names = account.sets.reduce((sum, set) => sum + set.nameservers.length, 0);
      lines.push(
        `No drift: account ${account.accountId} is as ${file} says ` +
          `(${formatCount(account.sets.length, "set")}, ${formatCount(names, "nameserver")}, ` +
          `${formatCount(account.zones.length, "zone")} compared).`,
      );
      continue;
    }
    lines.push(
      `Drift: account ${account.accountId} differs from ${file} in ${formatCount(mine.length, "way")}:`,
      "",
    );
    const rows = [["WHAT", "NAME", "FILE", "ACCOUNT"], ...mine.map(describeRow)];
    lines.push(...formatTable(rows).map((row) => `  ${row}`));
  }
  if (differences.length > 0) {
    lines.push(
      "",
      "Apply the file (pulumi up) to make the account match it, or change the file to accept what the account has.",
    );
  }
  return lines;
}

/** Where a zone off the numbered sets is: its type verbatim, or the Custom Nameserver Set it is on. */
function describeLive(live: AcnsDrift["live"]): string {
  if (live?.type === undefined) return "?";
  return describeZoneNameservers({ type: live.type, nameserver_set_id: live.nameserverSetId });
}

/** One difference as table cells: what, name, the file's value, the account's value. */
function describeRow(d: AcnsDrift): string[] {
  const set = (value: AcnsDrift["desired"]): string => `set ${value?.nsSet ?? "?"}`;
  switch (d.code) {
    case "default-nameservers":
      return ["default", "new zones", d.desired?.type ?? "?", d.live?.type ?? "?"];
    case "nameserver-missing":
      return ["nameserver", d.subject.name, set(d.desired), "missing"];
    case "nameserver-in-other-set":
      return ["nameserver", d.subject.name, set(d.desired), set(d.live)];
    case "nameserver-extra":
      return ["nameserver", d.subject.name, "absent", set(d.live)];
    case "zone-missing":
      return ["zone", d.subject.name, set(d.desired), "no such zone"];
    case "zone-id-mismatch":
      return ["zone id", d.subject.name, d.desired?.zoneId ?? "?", d.live?.zoneId ?? "?"];
    case "zone-off-acns":
      return ["zone", d.subject.name, set(d.desired), `off ACNS (${describeLive(d.live)})`];
    case "zone-in-other-set":
      return ["zone", d.subject.name, set(d.desired), set(d.live)];
  }
}
