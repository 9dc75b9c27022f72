/**
 * `acns glue (<file> | --account <id>) [--json]`: the glue records a registrar needs for each
 * custom nameserver (name, IPv4, IPv6), per set. Cloudflare gives every ACNS name one A and one
 * AAAA address, and each name of a Custom Nameserver Set `ip_count` of each; only the API knows
 * them, so this reads the account (two requests per account: the names, and the Custom Nameserver
 * Sets, 50 a page).
 */
import { compareText } from "../../core/collections";
import { InvalidArgumentError, type Command } from "commander";
import { listGlueAddresses, type CustomNameserver } from "../../core/cloudflare";
import type {
  AdvancedNameserverSetNameserver,
  NameserverSet,
  StandardNameserverSetNameserver,
} from "../../core/custom-nameserver-sets";
import { describeCustomSetShape, matchCustomSets, type CustomSetShape } from "../../core/drift";
import { CLOUDFLARE_ID_PATTERN, CLOUDFLARE_ID_RULE } from "../../core/ids";
import { normaliseName } from "../../core/names";
import { listCustomSetsIfAvailable, toObservedCustomSet } from "../../client/account-state";
import { CliError, reportCliError } from "../errors";
import { GlueExitCode } from "../exit-codes";
import type { CliContext } from "../io";
import type { CustomSetsUnavailable, GlueCustomSet, GlueJson, GlueNameserver } from "../json-output";
import { defineLiveCommand, LiveSession, type LiveOptions } from "../live";
import { loadValidConfig } from "../load-config";
import type { AcnsConfig } from "../../core/config";
import { formatCount, formatTable, writeJson, writeLines } from "../output";

export interface GlueCommandOptions extends LiveOptions {
  account?: string | undefined;
}

type GlueAccount = GlueJson["accounts"][number];

function parseAccountId(value: string): string {
  if (!CLOUDFLARE_ID_PATTERN.test(value)) {
    throw new InvalidArgumentError(`must be a Cloudflare account id (${CLOUDFLARE_ID_RULE}); got "${value}"`);
  }
  return value;
}

export function registerGlueCommand(program: Command, context: CliContext): void {
  const command = program
    .command("glue")
    .description(
      "Print the glue records (name, IPv4, IPv6) registrars need for the account's custom nameservers",
    )
    .argument("[file]", "a configuration file: the names of its sets (give this or --account)")
    .option("--account <id>", "an account id: every custom nameserver of the account", parseAccountId);
  defineLiveCommand(
    command,
    "glue",
    GlueExitCode.ERROR,
    [
      "Register each name with its addresses as a glue (host) record at the registrar of the name's",
      "domain. A name whose domain is not a zone of the account also needs these A and AAAA records at",
      'its domain\'s DNS provider ("publish yourself"); otherwise Cloudflare creates them.',
      "Custom Nameserver Sets are listed by id, with the key of the file's customSets entry whose names,",
      "ipCount, advanced and ipSet they match; each name has all of its addresses (anycast groups of an",
      "advanced set in brackets).",
      "Two requests per account: GET /accounts/{id}/custom_ns and …/dns_settings/nameserver_sets (one",
      "more per 50 sets beyond the first 50).",
    ],
    context,
    runGlueCommand,
  );
}

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
    const session = new LiveSession(context.io, options, { command: "glue" });
    const accounts: GlueAccount[] = [];
    const unavailable: CustomSetsUnavailable[] = [];
    const listSets = async (accountId: string): Promise<NameserverSet[]> => {
      const listed = await session.track(`account ${accountId}: custom nameserver sets`, () =>
        listCustomSetsIfAvailable(session.client, accountId),
      );
      if (listed.unavailable !== undefined) unavailable.push({ accountId, reason: listed.unavailable });
      return listed.sets;
    };
    const configs = file === undefined ? [undefined] : await loadValidConfig(file, context.io);
    for (const config of configs) {
      const accountId = config?.accountId ?? options.account ?? ""; // --account is given when no file is
      const live = await listNames(session, accountId);
      const customSets = describeCustomSets(await listSets(accountId), config);
      accounts.push({ accountId, sets: describeSets(live, config), customSets });
    }
    const complete = accounts.every(
      (a) =>
        a.sets.every((s) => s.nameservers.every((n) => n.inAccount)) &&
        a.customSets.every((s) => s.nameserverSetId !== null),
    );
    if (json) {
      const body: GlueJson = {
        file: file ?? null,
        complete,
        accounts,
        ...(unavailable.length === 0 ? {} : { customSetsUnavailable: unavailable }),
        requests: session.requests,
      };
      writeJson(context.io.stdout, body);
    } else {
      writeLines(context.io.stdout, formatGlue(accounts, file, unavailable));
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
  names.sort((a, b) => a.ns_set - b.ns_set || compareText(a.ns_name, b.ns_name));
  return new Map(names.map((ns) => [normaliseName(ns.ns_name), ns]));
}

/** The file's sets with the account's addresses for their names, or else the account's own sets. */
function describeSets(
  live: ReadonlyMap<string, CustomNameserver>,
  config: AcnsConfig | undefined,
): GlueAccount["sets"] {
  if (config !== undefined) {
    return [...config.sets]
      .sort((a, b) => a.nsSet - b.nsSet)
      .map((set) => ({
        nsSet: set.nsSet,
        nameservers: set.nameservers.map((name) => describeName(name, live.get(name))),
      }));
  }
  const bySet = new Map<number, GlueNameserver[]>();
  for (const ns of live.values()) {
    const list = bySet.get(ns.ns_set) ?? [];
    list.push(describeName(normaliseName(ns.ns_name), ns));
    bySet.set(ns.ns_set, list);
  }
  return [...bySet].sort(([a], [b]) => a - b).map(([nsSet, nameservers]) => ({ nsSet, nameservers }));
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

/**
 * The account's Custom Nameserver Sets in listing order, each with the key of the file's set it
 * matches exactly (as drift matches them), then the file's sets no live set matches.
 */
function describeCustomSets(
  liveSets: readonly NameserverSet[],
  config: AcnsConfig | undefined,
): GlueCustomSet[] {
  const observed = liveSets.map(toObservedCustomSet);
  const match =
    config === undefined ? undefined : matchCustomSets(config, { customSets: observed, zones: [] });
  const live: GlueCustomSet[] = liveSets.map((set) => ({
    nameserverSetId: set.id,
    key: match?.keyOf.get(set.id) ?? null,
    advanced: set.advanced,
    ipSet: set.ip_set,
    nameservers: set.nameservers.map(
      (ns: Partial<AdvancedNameserverSetNameserver> & StandardNameserverSetNameserver) => ({
        name: ns.name,
        ipv4: [...ns.ipv4],
        ipv6: [...ns.ipv6],
        ipv4Groups: set.advanced && ns.ipv4_groups !== undefined ? [...ns.ipv4_groups] : null,
        ipv6Groups: set.advanced && ns.ipv6_groups !== undefined ? [...ns.ipv6_groups] : null,
      }),
    ),
  }));
  const missing: GlueCustomSet[] = (match?.declared ?? [])
    .filter((d) => d.live === undefined)
    .map(({ set, shape }) => ({
      nameserverSetId: null,
      key: set.key,
      advanced: shape.advanced,
      ipSet: shape.ipSet,
      nameservers: shape.nameservers.map((name) => ({
        name,
        ipv4: [],
        ipv6: [],
        ipv4Groups: null,
        ipv6Groups: null,
      })),
    }));
  return [...live, ...missing];
}

/** `198.51.100.1 (a), 198.51.100.2 (b)`: addresses, with their anycast group in an advanced set. */
function formatAddresses(addresses: readonly string[], groups: readonly string[] | null): string {
  if (addresses.length === 0) return "-";
  return addresses.map((a, i) => (groups?.[i] === undefined ? a : `${a} (${groups[i]})`)).join(", ");
}

/** `edge (3f2a…)`, `3f2a…`, `edge (not in the account yet)`; `, advanced, ipSet 2` when not the defaults. */
function labelCustomSet(set: GlueCustomSet): string {
  const shape: CustomSetShape = { nameservers: [], ipCounts: [], advanced: set.advanced, ipSet: set.ipSet };
  const options = describeCustomSetShape(shape).replace(/^; /, "").replace(/; /g, ", ");
  const base =
    set.nameserverSetId === null
      ? `${set.key ?? "?"} (not in the account yet)`
      : set.key === null
        ? set.nameserverSetId
        : `${set.key} (${set.nameserverSetId})`;
  return options === "" ? base : `${base}, ${options}`;
}

function formatGlue(
  accounts: readonly GlueAccount[],
  file: string | undefined,
  unavailable: readonly CustomSetsUnavailable[],
): string[] {
  const lines: string[] = [];
  let missing = 0;
  let missingSets = 0;
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
          formatAddresses(ns.ipv4, null),
          formatAddresses(ns.ipv6, null),
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
    if (account.customSets.length > 0) {
      const setRows = [["CUSTOM SET", "NAME", "IPV4", "IPV6"]];
      for (const set of account.customSets) {
        if (set.nameserverSetId === null) missingSets++;
        set.nameservers.forEach((ns, i) => {
          setRows.push([
            i === 0 ? labelCustomSet(set) : "",
            ns.name,
            formatAddresses(ns.ipv4, ns.ipv4Groups),
            formatAddresses(ns.ipv6, ns.ipv6Groups),
          ]);
        });
      }
      rowsShown += setRows.length - 1;
      lines.push("", ...formatTable(setRows).map((row) => `  ${row}`));
    }
    const reason = unavailable.find((u) => u.accountId === account.accountId)?.reason;
    if (reason !== undefined) {
      lines.push("", `  (Custom Nameserver Sets could not be listed: ${reason}; shown as none)`);
    }
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
  const notYet = (count: number, noun: string, then: string): string =>
    `${formatCount(count, noun)} of the file ${count === 1 ? "is" : "are"} not in the account yet; ` +
    `create ${count === 1 ? "it" : "them"} (pulumi up), then run acns glue again${then}.`;
  if (missing > 0) lines.push(notYet(missing, "name", ""));
  if (missingSets > 0) lines.push(notYet(missingSets, "custom set", ": Cloudflare assigns the addresses"));
  return lines;
}
