/**
 * `acns drift <file> [--json]`: compares a configuration file with the live account and lists
 * exactly what differs (see `AcnsDrift`), and, for information, the account's Custom Nameserver
 * Sets the file does not manage.
 */
import type { Command } from "commander";
import { toObservedAccount, type AccountState } from "../../client/account-state";
import type { AcnsConfig } from "../../core/config";
import { describeZoneNameservers } from "../../core/zone-nameservers";
import {
  compareAcnsState,
  describeCustomSetShape,
  listDeclaredCustomSets,
  type AcnsDrift,
  type AcnsDriftValue,
} from "../../core/drift";
import { reportCliError } from "../errors";
import { DriftExitCode } from "../exit-codes";
import type { CliContext } from "../io";
import type { CustomSetsUnavailable, DriftJson } from "../json-output";
import { defineLiveCommand, describePartial, LiveSession, type LiveOptions } from "../live";
import { normaliseName } from "../../core/names";
import { loadValidConfig } from "../load-config";
import { formatCount, formatTable, writeJson, writeLines } from "../output";

export function registerDriftCommand(program: Command, context: CliContext): void {
  const command = program
    .command("drift")
    .description("Compare a configuration file with the live account and list every difference")
    .argument("<file>", "the configuration file, e.g. acns.yaml");
  defineLiveCommand(
    command,
    "drift",
    DriftExitCode.ERROR,
    [
      "The file's sets are the account's complete list of names: a live name in none of them is drift.",
      "Zones the file does not list are not compared. The default for new zones is compared when the",
      "file gives defaultNameservers. A Custom Nameserver Set of customSets matches a live set with the",
      "same names in order, ipCount, advanced and ipSet; live sets no entry matches are listed as not",
      "managed by the file, which is not drift.",
      "",
      "Reads the account's custom nameservers, its Custom Nameserver Sets (50 a request), its DNS",
      "settings, its zone list (50 zones a request) and the DNS settings of each zone the file lists:",
      "3 + pages + listed zones requests.",
    ],
    context,
    runDriftCommand,
  );
}

export async function runDriftCommand(
  file: string,
  options: LiveOptions,
  context: CliContext,
): Promise<number> {
  const json = options.json === true;
  let session: LiveSession | undefined;
  try {
    const accounts = await loadValidConfig(file, context.io);
    session = new LiveSession(context.io, options, { command: "drift", interruptible: true });
    const differences: AcnsDrift[] = [];
    const unavailable: CustomSetsUnavailable[] = [];
    const compared: AcnsConfig[] = [];
    for (const account of accounts) {
      if (session.interrupted) break;
      const zones = account.zones.map((zone) => zone.name);
      const state = await session.readAccount(account.accountId, zones, "listed", { customSets: true });
      if (state === undefined) break;
      if (state.nameserverSetsUnavailable !== undefined) {
        unavailable.push({ accountId: account.accountId, reason: state.nameserverSetsUnavailable });
      }
      const readPart = withoutUnreadZones(account, state);
      compared.push(readPart);
      differences.push(...compareAcnsState(readPart, toObservedAccount(state)));
    }
    const drift = differences.some((d) => d.informational !== true);
    const partial = session.partial(accounts.map((a) => a.accountId));
    if (json) {
      const body: DriftJson = {
        file,
        drift,
        accounts: accounts.map((a) => a.accountId),
        differences,
        ...(unavailable.length === 0 ? {} : { customSetsUnavailable: unavailable }),
        requests: session.requests,
        ...(partial === undefined ? {} : { partial: true, interrupted: partial }),
      };
      writeJson(context.io.stdout, body);
    } else {
      const lines = formatDrift(file, compared, differences, unavailable);
      writeLines(context.io.stdout, partial === undefined ? lines : [describePartial(partial), "", ...lines]);
    }
    if (partial !== undefined) return DriftExitCode.INTERRUPTED;
    return drift ? DriftExitCode.DRIFT : DriftExitCode.NO_DRIFT;
  } catch (err: unknown) {
    return reportCliError(context, "drift", err, json, DriftExitCode.ERROR);
  } finally {
    session?.close();
  }
}

/**
 * The file's account with only the zones an interrupted read can compare: a zone the account lists
 * but whose settings were not read is left out (its state is unknown); a zone the account lacks
 * stays, since the complete zone listing shows it missing.
 */
function withoutUnreadZones(account: AcnsConfig, state: AccountState): AcnsConfig {
  if (state.interrupted === undefined) return account;
  const unreadIds = new Set(state.interrupted.unreadZoneIds);
  const unread = new Set(
    state.zones.filter((zone) => unreadIds.has(zone.id)).map((zone) => normaliseName(zone.name)),
  );
  return { ...account, zones: account.zones.filter((zone) => !unread.has(normaliseName(zone.name))) };
}

function formatDrift(
  file: string,
  accounts: readonly { accountId: string; sets: { nameservers: string[] }[]; zones: unknown[] }[],
  differences: readonly AcnsDrift[],
  unavailable: readonly CustomSetsUnavailable[],
): string[] {
  const lines: string[] = [];
  for (const account of accounts) {
    const all = differences.filter((d) => d.accountId === account.accountId);
    const mine = all.filter((d) => d.informational !== true);
    const unmanaged = all.filter((d) => d.informational === true);
    const customSets = listDeclaredCustomSets(account).length;
    if (lines.length > 0) lines.push("");
    if (mine.length === 0) {
      const names = account.sets.reduce((sum, set) => sum + set.nameservers.length, 0);
      lines.push(
        `No drift: account ${account.accountId} is as ${file} says ` +
          `(${formatCount(account.sets.length, "set")}, ${formatCount(names, "nameserver")}, ` +
          (customSets === 0 ? "" : `${formatCount(customSets, "custom set")}, `) +
          `${formatCount(account.zones.length, "zone")} compared).`,
      );
    } else {
      lines.push(
        `Drift: account ${account.accountId} differs from ${file} in ${formatCount(mine.length, "way")}:`,
        "",
      );
      const rows = [["WHAT", "NAME", "FILE", "ACCOUNT"], ...mine.map(describeRow)];
      lines.push(...formatTable(rows).map((row) => `  ${row}`));
    }
    const reason = unavailable.find((u) => u.accountId === account.accountId)?.reason;
    if (reason !== undefined && customSets > 0) {
      lines.push(
        "",
        `The account's Custom Nameserver Sets could not be listed (${reason}); compared as an account without any.`,
      );
    }
    if (unmanaged.length > 0) {
      lines.push("", `Not managed by ${file} (applying it leaves them as they are):`, "");
      const rows = [
        ["WHAT", "ID", "ACCOUNT"],
        ...unmanaged.map((d) => describeRow(d).filter((_, i) => i !== 2)),
      ];
      lines.push(...formatTable(rows).map((row) => `  ${row}`));
    }
  }
  if (differences.some((d) => d.informational !== true)) {
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

/** A Custom Nameserver Set's side of a difference: its names, with counts and options that are not the default. */
function describeSetValue(value: AcnsDriftValue | null): string {
  return describeCustomSetShape({
    nameservers: value?.nameservers ?? [],
    ipCounts: value?.ipCounts ?? [],
    advanced: value?.advanced ?? false,
    ipSet: value?.ipSet ?? 1,
  });
}

/** Where a zone is or should be: `set 2`, `custom set edge`, `custom nameserver set 3f2a… (edge)`, `off ACNS (…)`. */
function describeZoneValue(value: AcnsDriftValue | null): string {
  if (value === null) return "?";
  if (value.type === "custom" && value.nameserverSetId !== undefined) {
    const words = describeZoneNameservers({ type: "custom", nameserver_set_id: value.nameserverSetId });
    return value.customSet === undefined ? words : `${words} (${value.customSet})`;
  }
  if (value.type === "custom" && value.customSet !== undefined) return `custom set ${value.customSet}`;
  if (typeof value.nsSet === "number") return `set ${value.nsSet}`;
  return `off ACNS (${describeLive(value)})`;
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
    case "custom-set-missing":
      return ["custom set", d.subject.name, describeSetValue(d.desired), "missing"];
    case "custom-set-unmanaged":
      return ["custom set", d.subject.name, "absent", describeSetValue(d.live)];
    case "zone-on-custom-set":
      return ["zone", d.subject.name, set(d.desired), describeZoneValue(d.live)];
    case "zone-off-custom-set":
      return ["zone", d.subject.name, `custom set ${d.desired?.customSet ?? "?"}`, describeZoneValue(d.live)];
    case "zone-on-small-set": {
      const names = formatCount(d.live?.nameservers?.length ?? 0, "name");
      return ["zone", d.subject.name, set(d.desired), `${set(d.live)} (${names})`];
    }
  }
}
