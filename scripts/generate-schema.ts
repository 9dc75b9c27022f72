/** Writes schema.json from the zod schema (see provider/core/json-schema.ts). */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { formatAcnsConfigJsonSchema } from "../provider/core/json-schema";

writeFileSync(join(__dirname, "..", "schema.json"), formatAcnsConfigJsonSchema());
console.log("wrote schema.json");
