/**
 * Finds or builds the Pulumi CLI once for the whole tier (scripts/pulumi-cli.sh) and hands its
 * directory to the test files in ACNS_E2E_PULUMI_BIN. Without Go and without `pulumi` the tier is
 * skipped with one message; under CI=true that throws instead, so CI never skips it.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { PULUMI_CLI_VERSION, obtainPulumiCli } from "../helpers/pulumi-cli";

export default function setUpE2e(): void {
  const repo = resolve(__dirname, "..", "..");
  if (!existsSync(join(repo, "dist", "index.js"))) {
    throw new Error("test/e2e: dist/ is not built; run `npm run test:e2e` (it builds first)");
  }
  const started = Date.now();
  const cli = obtainPulumiCli();
  if (cli.kind === "skip") {
    process.env.ACNS_E2E_PULUMI_BIN = "";
    process.stderr.write(`\ntest/e2e: SKIPPED the real Pulumi engine tier: ${cli.reason}\n`);
    return;
  }
  process.env.ACNS_E2E_PULUMI_BIN = cli.binDir;
  process.stderr.write(
    `\ntest/e2e: pulumi ${PULUMI_CLI_VERSION} from ${cli.binDir} (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)\n`,
  );
}
