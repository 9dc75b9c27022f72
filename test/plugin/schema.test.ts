import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pluginProvider } from "../../provider/plugin/provider";

describe("the plugin's schema", () => {
  it("is the schema.json the package ships, at the package's version", async () => {
    const served = JSON.parse(await pluginProvider.getSchema()) as { version: string };
    const shipped = JSON.parse(readFileSync(join(__dirname, "..", "..", "schema.json"), "utf8")) as unknown;
    expect(served).toEqual(shipped);
    expect(served.version).toBe(pluginProvider.version);
  });
});
