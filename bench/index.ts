/**
 * `npm run bench`: every benchmark in one run, printing figures (never asserting on them).
 * Each part is also runnable on its own, e.g. `npx tsx bench/validator.ts`. The engine-scale part
 * takes the longest (about 30 min with ACNS_BENCH_SKIP_CHECKPOINTS=1; see bench/engine-scale.ts).
 */
import { benchCli } from "./cli";
import { benchClient } from "./client";
import { benchConfigFiles } from "./config-files";
import { benchEmulator } from "./emulator";
import { benchEngineScale } from "./engine-scale";
import { benchResources } from "./resources";
import { benchValidator } from "./validator";

const parts: [string, () => Promise<unknown>][] = [
  ["validator (provider/core)", benchValidator],
  ["big configuration files end to end (acns validate, the config-file program)", benchConfigFiles],
  ["emulator (provider/emulator)", () => benchEmulator()],
  ["client pacing and retries (provider/client)", benchClient],
  ["acns drift / validate --live on big accounts: requests and minutes at the default limit", benchCli],
  ["resources through the real provider host (provider/resources)", benchResources],
  [
    "a 2,000-binding stack at the rate limit through the real engine (one stack, then two of one user)",
    benchEngineScale,
  ],
];

async function main(): Promise<void> {
  for (const [title, run] of parts) {
    console.log(`\n### ${title}\n`);
    await run();
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.exit(1);
});
