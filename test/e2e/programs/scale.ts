/**
 * Many bindings on a few numbered sets, for the scale benchmark (bench/engine-scale.ts). Params:
 * `accountId`, `sets` (each `nsSet` and its `nameservers`), `zones` (each `zoneId` and `nsSet`).
 */
import { z } from "zod";
import type { E2eProgram } from "../driver-protocol";

type PackageModule = typeof import("../../../provider");

const Params = z.strictObject({
  accountId: z.string(),
  sets: z.array(z.strictObject({ nsSet: z.number(), nameservers: z.array(z.string()) })),
  zones: z.array(z.strictObject({ zoneId: z.string(), nsSet: z.number() })),
});

export const runProgram: E2eProgram = ({ projectDir, params }) => {
  const { accountId, sets, zones } = Params.parse(params);
  const path = require.resolve("pulumi-cloudflare-acns", { paths: [projectDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, as users run it
  const acns = require(path) as PackageModule;
  const bySet = new Map(
    sets.map((set) => [set.nsSet, new acns.AccountNameserverSet(`set-${set.nsSet}`, { accountId, ...set })]),
  );
  for (const zone of zones) {
    const set = bySet.get(zone.nsSet);
    new acns.ZoneAcnsBinding(
      `zone-${zone.zoneId}`,
      {
        zoneId: zone.zoneId,
        nsSet: zone.nsSet,
        ...(set === undefined ? {} : { setNameservers: set.nameservers }),
      },
      { dependsOn: set === undefined ? [] : [set] },
    );
  }
  return { bindings: zones.length };
};
