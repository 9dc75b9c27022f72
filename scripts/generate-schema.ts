/** Writes acns.schema.json from the zod schema (see provider/core/json-schema.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ACNS_SCHEMA_FILE, formatAcnsConfigJsonSchema } from "../provider/core/json-schema";

writeFileSync(join(__dirname, "..", ACNS_SCHEMA_FILE), formatAcnsConfigJsonSchema());
console.log(`wrote ${ACNS_SCHEMA_FILE}`);
