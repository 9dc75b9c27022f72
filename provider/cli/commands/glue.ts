/**
 * `acns glue (<file> | --account <id>) [--json]`: the glue records a registrar needs for each
 * custom nameserver (name, IPv4, IPv6), per set. Cloudflare gives every ACNS name one A and one
 * AAAA address; only the API knows them, so this reads the account (one request per account).
 */
import { InvalidArgumentError, type Command } from "commander";
import { listGlueAddresses, type CustomNameserver } from "../../core/cloudflare";
import { normaliseName } from "../../core/names";
import { CliError, reportCliError } from "../errors";
import { formatExitCodes, GlueExitCode } from "../exit-codes";
import type { CliContext } from "../io";
import type { GlueJson, GlueNameserver } from "../json-output";
import { addLiveOptions, CREDENTIALS_HELP, LiveSession, type LiveOptions } from "../live";
import { loadValidConfig } from "../load-config";
import { formatCount, formatTable, writeJson, writeLines } from "../output";

export interface GlueCommandOptions extends LiveOptions {
  account?: string | undefined;
  json?: boolean | undefined;
}

type GlueAccount = GlueJson["accounts"][number];

function parseAccountId(value: string): string {
  if (!/^[0-9a-f]{32}$/.test(value)) {
    throw new InvalidArgumentError(
      `must be a Cloudflare account id (32 lowercase hex characters); got "${value}"`,
    );
  }
  return value;
}

/** Registers `acns glue` on the program. */
export function registerGlueCommand(program: Command, context: CliContext): void {
  const command = program
    .command("glue")
    .description(
      "Print the glue records (name, IPv4, IPv6) registrars need for the account's custom nameservers",
    )
    .argument("[file]", "a configuration file: the names of its sets (give this or --account)")
    .option("--account <id>", "an account id: every custom nameserver of the account", parseAccountId)
    .option("--json", "print one JSON document (see README: acns glue --json)");
  addLiveOptions(command)
    .addHelpText(
      "after",
      [
        "",
        "Register each name with its addresses as a glue (host) record at the registrar of the name's",
        "domain. A name whose domain is not a zone of the account also needs these A and AAAA records at",
        'its domain\'s DNS provider ("publish yourself"); otherwise Cloudflare creates them.',
        "One request per account (GET /accounts/{id}/custom_ns).",
        "",
        CREDENTIALS_HELP,
        "",
        formatExitCodes("glue"),
      ].join("\n"),
    )
    .action(async (file: string | undefined, options: GlueCommandOptions) => {
      context.exitCode = await runGlueCommand(file, options, context);
    });
}

/** Runs `acns glue`; returns the exit code. */
export async function runGlueCommand(
  file: string | undefined,
  options: GlueCommandOptions,
  context: CliContext,
): Promise<number> {
  const json = options.json === true;
  try {
    if ((file === undefined) === (options.account === undefined)) {
      throw new CliError(
        "usage",
        file === undefined
          ? "give a configuration file or --account <id>"
          : "give a configuration file or --account <id>, not both",
      );
    }
    const session = new LiveSession(context.io, options);
    const accounts: GlueAccount[] = [];
    if (file !== undefined) {
      for (const config of await loadValidConfig(file, context.io)) {
        const live = await listNames(session, config.accountId);
        accounts.push({
          accountId: config.accountId,
          sets: [...config.sets]
            .sort((a, b) => a.nsSet - b.nsSet)
            .map((set) => ({
              nsSet: set.nsSet,
              nameservers: set.nameservers.map((name) => describeName(name, live.get(name))),
            })),
        });
      }
    } else if (options.account !== undefined) {
      const live = await listNames(session, options.account);
      const bySet = new Map<number, GlueNameserver[]>();
      for (const ns of live.values()) {
        const list = bySet.get(ns.ns_set) ?? [];
        list.push(describeName(normaliseName(ns.ns_name), ns));
        bySet.set(ns.ns_set, list);
      }
      accounts.push({
        accountId: options.account,
        sets: [...bySet].sort(([a], [b]) => a - b).map(([nsSet, nameservers]) => ({ nsSet, nameservers })),
      });
    }
    const complete = accounts.every((a) => a.sets.every((s) => s.nameservers.every((n) => n.inAccount)));
    if (json) {
      const body: GlueJson = { file: file ?? null, complete, accounts, requests: session.requests };
      writeJson(context.io.stdout, body);
    } else {
      writeLines(context.io.stdout, formatGlue(accounts, file));
    }
    return complete ? GlueExitCode.OK : GlueExitCode.INCOMPLETE;
  } catch (err: unknown) {
    return reportCliError(context, "glue", err, json, GlueExitCode.ERROR);
  }
}

/** The account's names by normal form (one request). */
async function listNames(session: LiveSession, accountId: string): Promise<Map<string, CustomNameserver>> {
  const names = await session.track(`account ${accountId}: custom nameservers`, () =>
    session.client.listCustomNameservers({ accountId }),
  );
  names.sort((a, b) => a.ns_set - b.ns_set || (a.ns_name < b.ns_name ? -1 : a.ns_name > b.ns_name ? 1 : 0));
  return new Map(names.map((ns) => [normaliseName(ns.ns_name), ns]));
}

function describeName(name: string, live: CustomNameserver | undefined): GlueNameserver {
  if (live === undefined) return { name, inAccount: false, ipv4: [], ipv6: [], status: null, zoneTag: null };
  return {
    name,
    inAccount: true,
    ipv4: listGlueAddresses(live, "A"),
    ipv6: listGlueAddresses(live, "AAAA"),
    status: live.status,
    zoneTag: live.zone_tag === "" ? null : live.zone_tag,
  };
}

function formatGlue(accounts: readonly GlueAccount[], file: string | undefined): string[] {
  const lines: string[] = [];
  let missing = 0;
  let publish = 0;
  let rowsShown = 0;
  for (const account of accounts) {
    if (lines.length > 0) lines.push("");
    lines.push(`Glue records for account ${account.accountId}${file === undefined ? "" : ` (${file})`}`, "");
    const rows = [["SET", "NAME", "IPV4", "IPV6", "A/AAAA RECORDS"]];
    for (const set of account.sets) {
      for (const ns of set.nameservers) {
        if (!ns.inAccount) missing++;
        else if (ns.zoneTag === null) publish++;
        rows.push([
          String(set.nsSet),
          ns.name,
          ns.inAccount ? ns.ipv4.join(", ") || "-" : "-",
          ns.inAccount ? ns.ipv6.join(", ") || "-" : "-",
          !ns.inAccount
            ? "not in the account yet"
            : ns.zoneTag === null
              ? "publish yourself"
              : "created by Cloudflare",
        ]);
      }
    }
    rowsShown += rows.length - 1;
    if (rows.length === 1) lines.push("  (the account has no custom nameservers)");
    else lines.push(...formatTable(rows).map((row) => `  ${row}`));
  }
  if (rowsShown === 0) return lines;
  lines.push(
    "",
    "Register each name with its addresses as a glue (host) record at the registrar of its domain.",
  );
  if (publish > 0) {
    lines.push(
      `${formatCount(publish, "name")} marked "publish yourself" also need these A and AAAA records at their domain's DNS provider.`,
    );
  }
  if (missing > 0) {
    lines.push(
      `${formatCount(missing, "name")} of the file ${missing === 1 ? "is" : "are"} not in the account yet; ` +
        `create ${missing === 1 ? "it" : "them"} (pulumi up), then run acns glue again.`,
    );
  }
  return lines;
}
