/**
 * The provider plugin from TypeScript (`pulumi-cloudflare-acns/plugin`): one set and a zone on it,
 * and optionally a zone taken over with the `import` option. Params: `accountId`, `nsSet`,
 * `nameservers`, `zoneId`, `importZone` (optional: `{ zoneId, nsSet }` imported by its id).
 */
import { z } from "zod";
import type { E2eProgram } from "../driver-protocol";

type PluginModule = typeof import("../../../provider/plugin");

const Params = z.strictObject({
  accountId: z.string(),
  nsSet: z.number(),
  nameservers: z.array(z.string()),
  zoneId: z.string(),
  importZone: z.strictObject({ zoneId: z.string(), nsSet: z.number() }).optional(),
});

export const runProgram: E2eProgram = ({ projectDir, params }) => {
  const { accountId, nsSet, nameservers, zoneId, importZone } = Params.parse(params);
  const path = require.resolve("pulumi-cloudflare-acns/plugin", { paths: [projectDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, as users run it
  const acns = require(path) as PluginModule;
  const set = new acns.AccountNameserverSet(`set-${nsSet}`, { accountId, nsSet, nameservers });
  const zone = new acns.ZoneAcnsBinding("zone", { zoneId, nsSet, setNameservers: set.nameservers });
  if (importZone !== undefined) {
    new acns.ZoneAcnsBinding("imported", importZone, { import: importZone.zoneId });
  }
  return { setNameservers: set.nameservers, zoneNameservers: zone.nameservers };
};
