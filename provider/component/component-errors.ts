/**
 * What `AccountCustomNameservers` reports: the error that stops it, with the messages for broken
 * rules and for an update no order can apply, and the warnings for rules Cloudflare does not
 * document.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AcnsIssue, AcnsWarning } from "../core/config";
import { type AcnsTransitionBlock } from "../core/transition-plan";
import { formatIssues, formatWarnings } from "../core/validate";
import { formatNameList } from "../core/wording";
import { keepMessage } from "../resources/claims";

/**
 * The error that stops an {@link AccountCustomNameservers}: its configuration breaks a rule, or a
 * zone's id cannot be found. Every child's registration fails with this one error object, so
 * Pulumi reports it once.
 */
export class AcnsComponentError extends pulumi.ResourceError {
  /** The validator's issues; empty when the error is not about the rules (a failed zone-id lookup). */
  readonly issues: readonly AcnsIssue[];

  constructor(message: string, resource: pulumi.Resource | undefined, issues: readonly AcnsIssue[] = []) {
    super(message, resource, /* hideStack */ true);
    this.name = "AcnsComponentError";
    this.issues = issues;
    // Shared by every child's inputs.
    keepMessage(this, message);
  }
}

/** True for an {@link AcnsComponentError}, also across copies of this package. */
export function isAcnsComponentError(err: unknown): err is AcnsComponentError {
  return err instanceof Error && err.name === "AcnsComponentError";
}

/** The error message for issues: one `error[code] path: message` line each, as `acns validate` prints them. */
export function describeIssues(name: string, issues: readonly AcnsIssue[]): string {
  return (
    `AccountCustomNameservers "${name}" breaks Cloudflare's rules for account custom nameservers; ` +
    "none of its resources is created or changed:\n" +
    indentLines(formatIssues(issues))
  );
}

/** The error message for an update no order can apply: one line per problem. */
export function describeBlocks(
  name: string,
  accountId: string,
  blocks: readonly AcnsTransitionBlock[],
): string {
  return (
    `AccountCustomNameservers "${name}": no order of this update's changes keeps account ${accountId} within ` +
    "Cloudflare's rules at every step, so none of its resources is created or changed:\n" +
    indentLines(blocks.map((block) => block.message))
  );
}

/**
 * Logs what Cloudflare may refuse on rules it does not document (the validator's warnings): the
 * update goes ahead, and the API has the last word.
 */
export function reportWarnings(
  name: string,
  warnings: readonly AcnsWarning[],
  resource: pulumi.Resource,
): void {
  if (warnings.length === 0) return;
  pulumi.log.warn(
    `AccountCustomNameservers "${name}": Cloudflare may refuse ${warnings.length === 1 ? "this" : "these"} ` +
      "(rules it does not document; the update goes ahead and the API decides):\n" +
      indentLines(formatWarnings(warnings)),
    resource,
  );
}

/** Lines under a message's first line, each indented by two spaces. */
export function indentLines(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}`).join("\n");
}

export function describeZoneList(names: readonly string[]): string {
  return `${names.length === 1 ? "zone" : "zones"} ${formatNameList(names)}`;
}
