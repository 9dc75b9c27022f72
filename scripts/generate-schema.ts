/**
 * Writes acns.schema.json (the JSON Schema of acns.yaml, provider/core/json-schema.ts) and
 * schema.json (the Pulumi package schema, provider/core/package-schema.ts) from the zod schemas.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACNS_SCHEMA_FILE, formatAcnsConfigJsonSchema } from "../provider/core/json-schema";
import { PACKAGE_SCHEMA_FILE, formatPackageSchema } from "../provider/core/package-schema";

const root = join(__dirname, "..");
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string };

writeFileSync(join(root, ACNS_SCHEMA_FILE), formatAcnsConfigJsonSchema());
console.log(`wrote ${ACNS_SCHEMA_FILE}`);
writeFileSync(join(root, PACKAGE_SCHEMA_FILE), formatPackageSchema(version));
console.log(`wrote ${PACKAGE_SCHEMA_FILE} (version ${version})`);
