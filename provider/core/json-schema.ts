/**
 * The JSON Schema of `acns.yaml` / `acns.json` (the {@link AcnsConfigInput} shape), generated from
 * the zod schema so editors and other tools check the same shape the validator parses. The
 * repository's schema.json is this document; `npm run generate` rewrites it and a test fails when
 * it is stale.
 */
import { z } from "zod";
import { AcnsConfigInput } from "./config";

/** Marks the file as generated, so nobody edits it by hand. */
export const SCHEMA_JSON_COMMENT =
  "Generated from provider/core/config.ts by `npm run generate`; do not edit.";

/** Builds the schema.json document. */
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

/** schema.json's text: two-space JSON with a final newline. */
export function formatAcnsConfigJsonSchema(): string {
  return `${JSON.stringify(buildAcnsConfigJsonSchema(), null, 2)}\n`;
}
