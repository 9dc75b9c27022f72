/**
 * The GitOps entry point: reads `acns.yaml` (or `acns.json`; one account or a list) and builds one
 * {@link AccountCustomNameservers} per account; `pulumi preview` refuses a file that breaks a rule
 * with the lines `acns validate` prints, before any resource is registered.
 *
 * @see ../../README.md#the-config-file-program
 */
import { readFileSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { compareIssues, formatReportedIssue } from "../cli/issues";
import type { ReportedIssue } from "../cli/json-output";
import { describeReadError, reportFileProblems, reportValidatorIssues } from "../cli/load-config";
import { formatCount } from "../core/wording";
import { AccountCustomNameservers, AcnsComponentError, type ZoneIdLookup } from "../component";
import type { GlueRecord } from "../resources/account-nameserver-set";
import { parseConfigFile } from "../core/config-file";
import type { AcnsConfig, AcnsIssue } from "../core/config";
import { validateAcnsConfig } from "../core/validate";

/** The stack config key that names the file: `pulumi config set cloudflare-acns:configFile acns.json`. */
export const CONFIG_FILE_KEY = "cloudflare-acns:configFile";

/** The file read when the stack config does not name one, relative to the project directory. */
export const DEFAULT_CONFIG_FILE = "acns.yaml";

/**
 * The stack config key that lets the sets take over what the account already holds
 * (`pulumi config set cloudflare-acns:adopt true`, see `AccountNameserverSet`'s `adopt`).
 */
export const ADOPT_KEY = "cloudflare-acns:adopt";

/** Options of {@link runConfigFileProgram}; a deployment needs none of them. */
export interface ConfigFileProgramOptions {
  /**
   * The configuration file, absolute or relative to `projectDir`.
   * @default the stack config `cloudflare-acns:configFile`, else `acns.yaml`
   */
  configFile?: string;
  /**
   * The directory a relative `configFile` is read from.
   * @default the Pulumi project's directory (where Pulumi.yaml is)
   */
  projectDir?: string;
  /**
   * Take over sets that already hold names in the account: needed once, when the file starts
   * managing an account whose sets exist.
   * @default the stack config `cloudflare-acns:adopt`, else false
   */
  adopt?: boolean;
  /**
   * Finds ids of zones the file lists without `zoneId`.
   * @default the Cloudflare API, with the resources' credentials (see `AccountCustomNameservers`)
   */
  lookupZoneIds?: ZoneIdLookup;
}

/** What one account of the file produced. */
export interface ConfigFileAccountOutputs {
  /** Glue records per set, keyed by set number. */
  glueRecords: pulumi.Output<Record<number, GlueRecord[]>>;
  /** The names each zone must be delegated to, keyed by zone name. */
  nameservers: pulumi.Output<Record<string, string[]>>;
}

/** What {@link runConfigFileProgram} built. */
export interface ConfigFileProgram {
  /** The file read, as configured (for messages). */
  configFile: string;
  /** One component per account, keyed by account id. */
  components: Record<string, AccountCustomNameservers>;
  /** The stack outputs: per account id, the glue records and the zones' nameservers. */
  outputs: { accounts: Record<string, ConfigFileAccountOutputs> };
}

/**
 * Reads the configuration file, checks it as `acns validate` does, and builds one
 * `AccountCustomNameservers` named `acns-<accountId>` per account. A file that cannot be read or
 * parsed, or breaks a rule, throws an {@link AcnsComponentError} whose message lists every problem
 * as `file:line:column: error[code] path: message`, before any resource is registered.
 */
export function runConfigFileProgram(options: ConfigFileProgramOptions = {}): ConfigFileProgram {
  const configFile = options.configFile ?? readConfiguredFile();
  const projectDir = options.projectDir ?? findProjectDir();
  const path = isAbsolute(configFile) ? configFile : resolve(projectDir, configFile);
  const checked = checkConfigFile(configFile, path);
  const adopt = options.adopt ?? readAdopt();

  const components: Record<string, AccountCustomNameservers> = {};
  const accounts: Record<string, ConfigFileAccountOutputs> = {};
  for (const account of checked) {
    // The checked values, normalised (names in one spelling, set numbers defaulted), so a change of
    // spelling in the file is no change to the resources.
    const component = new AccountCustomNameservers(`acns-${account.accountId}`, {
      accountId: account.accountId,
      ...(account.defaultNameservers === undefined ? {} : { defaultNameservers: account.defaultNameservers }),
      sets: account.sets,
      ...(account.customSets === undefined ? {} : { customSets: account.customSets }),
      zones: account.zones,
      ...(account.liveZones === undefined ? {} : { liveZones: account.liveZones }),
      ...(adopt ? { adopt } : {}),
      ...(options.lookupZoneIds === undefined ? {} : { lookupZoneIds: options.lookupZoneIds }),
    });
    components[account.accountId] = component;
    accounts[account.accountId] = { glueRecords: component.glueRecords, nameservers: component.nameservers };
  }
  return { configFile, components, outputs: { accounts } };
}

/**
 * The program's preview-time check alone: reads the file at `path`, parses and validates it as
 * `acns validate` does, and gives back the checked accounts, or throws the
 * {@link AcnsComponentError} that lists every problem. Exported for the benchmark of big files.
 */
export function checkConfigFile(configFile: string, path: string): AcnsConfig[] {
  const text = readConfigText(configFile, path);
  const parsed = parseConfigFile(text, { fileName: configFile });
  if (!parsed.ok) throw refuse(configFile, reportFileProblems(parsed.problems), []);
  const result = validateAcnsConfig(parsed.value);
  if (!result.ok) throw refuse(configFile, reportValidatorIssues(parsed, result.issues), result.issues);
  return result.accounts;
}

function readConfiguredFile(): string {
  const configured = pulumi.runtime.getConfig(CONFIG_FILE_KEY);
  return configured === undefined || configured.trim() === "" ? DEFAULT_CONFIG_FILE : configured.trim();
}

function readAdopt(): boolean {
  const configured = pulumi.runtime.getConfig(ADOPT_KEY)?.trim().toLowerCase();
  if (configured === undefined || configured === "" || configured === "false") return false;
  if (configured === "true") return true;
  throw new AcnsComponentError(
    `${ADOPT_KEY} must be true or false, got ${JSON.stringify(configured)}; set it with \`pulumi config set ${ADOPT_KEY} true\``,
    undefined,
  );
}

/** The project directory Pulumi runs the program for; the working directory when it does not say. */
function findProjectDir(): string {
  const root = pulumi.runtime.getRootDirectory();
  return root === "" || root === "rootDirectory" ? process.cwd() : root;
}

function readConfigText(configFile: string, path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (err: unknown) {
    const why = describeReadError(err);
    throw new AcnsComponentError(
      `cannot read ${configFile} (${path}): ${why}; write the account's ACNS configuration there, or point ` +
        `the stack at the file with \`pulumi config set ${CONFIG_FILE_KEY} <path>\``,
      undefined,
    );
  }
}

/** The error for a file with problems: `acns validate`'s lines, then a summary that nothing changed. */
function refuse(configFile: string, reported: ReportedIssue[], issues: AcnsIssue[]): AcnsComponentError {
  // By place in the file, keeping the validator's order among equals, as `acns validate` prints them.
  const ordered = [...reported].sort(compareIssues);
  return new AcnsComponentError(
    [
      ...ordered.map((issue) => formatReportedIssue(configFile, issue)),
      "",
      `${configFile}: invalid, ${formatCount(ordered.length, "problem")}; no resource was created or changed`,
    ].join("\n"),
    undefined,
    issues,
  );
}
