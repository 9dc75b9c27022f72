/**
 * Why a command could not run, in one error type, and how each command reports it: one line on
 * stderr for people, a `JsonError` document on stdout with --json.
 */
import { ClientEnv } from "../client/config";
import { isCloudflareApiError, isCloudflareClientError, NOT_ENTITLED_CODE } from "../client/errors";
import type { CliContext } from "./io";
import type { JsonError, ReportedIssue } from "./json-output";
import { formatReportedIssue } from "./issues";
import { writeJson, writeLines } from "./output";

export type CliErrorKind = JsonError["error"]["kind"];

/** A command could not run; `message` follows the house grammar and never holds a secret. */
export class CliError extends Error {
  readonly code = "CliError" as const;
  readonly kind: CliErrorKind;
  /** For `invalid-config`: the file's problems, and the file's path as given. */
  readonly issues: readonly ReportedIssue[] | undefined;
  readonly file: string | undefined;

  constructor(
    kind: CliErrorKind,
    message: string,
    details: { issues?: readonly ReportedIssue[]; file?: string } = {},
  ) {
    super(message);
    this.name = "CliError";
    this.kind = kind;
    this.issues = details.issues;
    this.file = details.file;
  }
}

/** Turns what a command threw into a {@link CliError}; other errors (bugs) keep their message. */
export function toCliError(err: unknown): CliError {
  if (err instanceof CliError) return err;
  if (isCloudflareApiError(err)) {
    // Cloudflare's 1002 says only "This feature is not enabled for your account."
    const notEntitled = err.cloudflareCodes.includes(NOT_ENTITLED_CODE)
      ? "account custom nameservers are not enabled for this account (they need a Business or Enterprise plan): "
      : "";
    return new CliError("api", `${notEntitled}${err.message}`);
  }
  if (isCloudflareClientError(err)) {
    if (err.reason === "credentials") {
      // The client's own text speaks of client options, which the CLI does not take.
      const message =
        err.field === "apiToken"
          ? `no Cloudflare credentials found; set ${ClientEnv.API_TOKEN} (or ${ClientEnv.API_KEY} with ` +
            `${ClientEnv.EMAIL}) in the environment; acns takes no credential flags, so none lands in shell history`
          : err.message;
      return new CliError("credentials", message);
    }
    return new CliError("usage", err.message.replace(/^baseUrl /, "--base-url "));
  }
  return new CliError("api", err instanceof Error ? err.message : String(err));
}

/** Reports an error the command's way and returns `exitCode`. */
export function reportCliError(
  context: CliContext,
  command: string,
  err: unknown,
  json: boolean,
  exitCode: number,
): number {
  const error = toCliError(err);
  if (error.issues !== undefined && !json) {
    writeLines(
      context.io.stderr,
      error.issues.map((issue) => formatReportedIssue(error.file ?? "", issue)),
    );
  }
  context.io.stderr.write(`acns ${command}: error: ${error.message}\n`);
  if (json) {
    const body: JsonError = {
      error: {
        kind: error.kind,
        message: error.message,
        ...(error.issues === undefined ? {} : { issues: [...error.issues] }),
      },
    };
    writeJson(context.io.stdout, body);
  }
  return exitCode;
}
