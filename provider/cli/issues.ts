/** How the CLI prints one issue for people. */
import { formatIssuePath } from "../core/validate";
import type { ReportedIssue } from "./json-output";

/**
 * One issue as a line: `acns.yaml:12:9: error[code] zones[2].nsSet: message`, or `account <id>: error[code] message`;
 * a warning with `warning[code]`.
 */
export function formatReportedIssue(
  filePath: string,
  issue: ReportedIssue,
  severity: "error" | "warning" = "error",
): string {
  if (issue.source === "account")
    return `account ${issue.accountId ?? "?"}: ${severity}[${issue.code}] ${issue.message}`;
  const where =
    issue.line === null
      ? filePath
      : `${filePath}:${issue.line}${issue.column === null ? "" : `:${issue.column}`}`;
  const path = issue.path.length === 0 ? "" : ` ${formatIssuePath(issue.path)}:`;
  return `${where}: ${severity}[${issue.code}]${path} ${issue.message}`;
}

/** File issues by place, then the account's issues, keeping the validator's order among equals. */
export function compareIssues(a: ReportedIssue, b: ReportedIssue): number {
  const rank = (i: ReportedIssue): number => (i.source === "file" ? 0 : 1);
  return rank(a) - rank(b) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0);
}
