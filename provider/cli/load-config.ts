/**
 * Reading the configuration file a command is given, and turning its problems (the file's own and
 * the validator's) into the CLI's issues with `file:line:column` places.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseConfigFile, type ConfigFileProblem, type ParsedConfigFile } from "../core/config-file";
import type { AcnsConfig, AcnsIssue } from "../core/config";
import { validateAcnsConfig } from "../core/validate";
import { CliError } from "./errors";
import type { CliIo } from "./io";
import type { ReportedIssue } from "./json-output";
import { formatCount } from "./output";

/** Why a file could not be read, in words (no such file, a directory, permission denied, ...). */
export function describeReadError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return "there is no such file";
  if (code === "EISDIR") return "it is a directory";
  if (code === "EACCES") return "permission denied";
  return err instanceof Error ? err.message : String(err);
}

/** Reads and parses `path` (relative to the working directory); throws a `file` {@link CliError} when unreadable. */
export async function loadConfigFile(path: string, io: CliIo): Promise<ParsedConfigFile> {
  let text: string;
  try {
    text = await readFile(resolve(io.cwd, path), "utf8");
  } catch (err: unknown) {
    const why = describeReadError(err);
    throw new CliError(
      "file",
      `cannot read ${path}: ${why}; give the path of an acns.yaml or acns.json file`,
    );
  }
  return parseConfigFile(text, { fileName: path });
}

/** The file's own problems as CLI issues. */
export function reportFileProblems(problems: readonly ConfigFileProblem[]): ReportedIssue[] {
  return problems.map((problem) => ({
    code: problem.code,
    path: [],
    source: "file",
    accountId: null,
    line: problem.line,
    column: problem.column,
    message: problem.message,
    subjects: { zones: [], sets: [], nameservers: [] },
  }));
}

/**
 * Validator issues (or warnings, or the CLI's own issues of the same shape) as CLI issues. With
 * `liveAccounts` (account entry index, 0 for a single account, to its id), paths into `liveZones`
 * point at zones read from that account, not at the file.
 */
export function reportValidatorIssues(
  file: Extract<ParsedConfigFile, { ok: true }>,
  issues: readonly (Pick<AcnsIssue, "path" | "message" | "subjects"> & { code: string })[],
  liveAccounts?: ReadonlyMap<number, string>,
): ReportedIssue[] {
  return issues.map((issue) => {
    const entry = typeof issue.path[0] === "number" ? issue.path[0] : 0;
    const field = typeof issue.path[0] === "number" ? issue.path[1] : issue.path[0];
    const liveAccount = field === "liveZones" ? liveAccounts?.get(entry) : undefined;
    const position = liveAccount === undefined ? file.locate(issue.path) : undefined;
    return {
      code: issue.code,
      path: issue.path,
      source: liveAccount === undefined ? "file" : "account",
      accountId: liveAccount ?? null,
      line: position?.line ?? null,
      column: position?.column ?? null,
      message: issue.message,
      subjects: issue.subjects,
    };
  });
}

/**
 * Loads a file and validates it offline, for the commands that need a valid configuration (drift,
 * glue): the accounts, or an `invalid-config` {@link CliError} carrying every issue.
 */
export async function loadValidConfig(path: string, io: CliIo): Promise<AcnsConfig[]> {
  const parsed = await loadConfigFile(path, io);
  if (!parsed.ok) throw invalidConfig(path, reportFileProblems(parsed.problems));
  const result = validateAcnsConfig(parsed.value);
  if (!result.ok) throw invalidConfig(path, reportValidatorIssues(parsed, result.issues));
  return result.accounts;
}

function invalidConfig(path: string, issues: ReportedIssue[]): CliError {
  return new CliError(
    "invalid-config",
    `${path} is not a valid configuration (${formatCount(issues.length, "problem")}); run acns validate ${path} and fix it first`,
    { issues, file: path },
  );
}
