/** The provider plugin's entry: `bin/pulumi-resource-cloudflare-acns` runs it. */
import { servePlugin } from "./server";

servePlugin(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(
    `pulumi-resource-cloudflare-acns: ${err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
