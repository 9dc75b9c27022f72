/**
 * The JSON Schema of `acns.yaml` / `acns.json` (acns.schema.json), generated from the zod schema so
 * editors check the shape the validator parses; `npm run generate` rewrites it.
 */
import { z } from "zod";
import { AcnsConfigInput } from "./config";

/** The file the document is written to, at the package's root (and shipped with it). */
export const ACNS_SCHEMA_FILE = "acns.schema.json";

/** Marks the file as generated, so nobody edits it by hand. */
export const SCHEMA_JSON_COMMENT =
  "Generated from provider/core/config.ts by `npm run generate`; do not edit.";

/** Builds the acns.schema.json document. */
export function buildAcnsConfigJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(AcnsConfigInput, { io: "input", target: "draft-2020-12" });
  return {
    $comment: SCHEMA_JSON_COMMENT,
    title: "pulumi-cloudflare-acns configuration (acns.yaml)",
    description:
      "One Cloudflare account's custom nameserver sets, the zones on them and the account default, or a list of accounts.",
    ...schema,
  };
}

/** acns.schema.json's text: two-space JSON with a final newline. */
export function formatAcnsConfigJsonSchema(): string {
  return `${JSON.stringify(buildAcnsConfigJsonSchema(), null, 2)}\n`;
}
