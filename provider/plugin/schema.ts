/**
 * The package schema as the plugin serves it and reads it: built once per process by core from the
 * zod schemas (the same document `npm run generate` writes to schema.json), at this package's
 * version.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildPackageSchema, type PackageSchema } from "../core/package-schema";

/** The package's version (package.json at the package root, dist/plugin/../..). */
export function readPackageVersion(): string {
  const text = readFileSync(join(__dirname, "..", "..", "package.json"), "utf8");
  return (JSON.parse(text) as { version: string }).version;
}

let schema: PackageSchema | undefined;

/** The package schema, built on first use. */
export function getPackageSchema(): PackageSchema {
  schema ??= buildPackageSchema(readPackageVersion());
  return schema;
}
