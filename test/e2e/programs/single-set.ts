/**
 * One AccountNameserverSet, for adoption and the `import` resource option. Params: `accountId`,
 * `nsSet`, `nameservers`, `adopt` (optional), `importId` (optional: the `import` option's id).
 */
import { z } from "zod";
import type { E2eProgram } from "../driver-protocol";

type PackageModule = typeof import("../../../provider");

const Params = z.strictObject({
  accountId: z.string(),
  nsSet: z.number(),
  nameservers: z.array(z.string()),
  adopt: z.boolean().optional(),
  importId: z.string().optional(),
});

export const runProgram: E2eProgram = ({ projectDir, params }) => {
  const { importId, ...args } = Params.parse(params);
  const path = require.resolve("pulumi-cloudflare-acns", { paths: [projectDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, as users run it
  const acns = require(path) as PackageModule;
  const set = new acns.AccountNameserverSet(
    `set-${args.nsSet}`,
    args,
    importId === undefined ? {} : { import: importId },
  );
  return { nameservers: set.nameservers, glueRecords: set.glueRecords };
};
