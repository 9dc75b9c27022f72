import { readFileSync } from "node:fs";
import { join } from "node:path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { ACNS_SCHEMA_FILE, formatAcnsConfigJsonSchema } from "../../provider/core/json-schema";
import { ACME } from "../emulator/fixtures";

const ROOT = join(__dirname, "..", "..");
const schemaText = readFileSync(join(ROOT, ACNS_SCHEMA_FILE), "utf8");

describe("acns.schema.json", () => {
  it("is what `npm run generate` writes from the zod schema (run it after changing provider/core/config.ts)", () => {
    expect(schemaText).toBe(formatAcnsConfigJsonSchema());
  });

  const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(schemaText));

  it("accepts the example configuration", () => {
    const config: unknown = parse(readFileSync(join(ROOT, "examples", "acns.yaml"), "utf8"));
    expect(validate(config)).toBe(true);
  });

  it("rejects a misspelt field and a set number out of range", () => {
    const config = {
      accountId: ACME,
      sets: [{ nsSet: 6, nameservers: ["ns1.example.net", "ns2.example.net"] }],
      zones: [{ name: "example.com", ns_set: 1 }],
    };
    expect(validate(config)).toBe(false);
    const messages = (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ""}`);
    expect(messages).toContain("/sets/0/nsSet must be <= 5");
    expect(messages).toContain("/zones/0 must NOT have additional properties");
  });
});
