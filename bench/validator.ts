/**
 * Benchmark of the plan-time validator: zones per second on generated accounts
 * of 10k, 100k and 1M zones, a run with conflicts, and a naive pairwise
 * hierarchy check at 20k zones for comparison. Prints figures; asserts nothing.
 *
 * Run: `npx tsx bench/validator.ts` (add `node --max-old-space-size=8192 --expose-gc`
 * through `NODE_OPTIONS` for steadier memory figures).
 */
import {
  checkZoneName,
  isAncestorOrDescendant,
  Limits,
  normaliseName,
  validateAcnsConfig,
  type AcnsConfigInput,
} from "../provider/core";

interface GeneratedZone {
  name: string;
  zoneId?: string;
  nsSet?: number;
}

interface GeneratedAccount {
  accountId: string;
  defaultNameservers: "custom.account";
  sets: { nsSet: number; nameservers: string[] }[];
  zones: GeneratedZone[];
}

/** A small, seeded PRNG (mulberry32) so every run validates the same accounts. */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TLDS = ["com", "net", "org", "io", "de", "co.uk", "example"];
const WORDS = ["www", "api", "eu", "us", "dev", "shop", "mail", "cdn", "int", "corp", "app", "edge"];
const MAX_DEPTH = 5;

/**
 * Generates an account of `count` zones in families that share an apex: a
 * family is a forward apex (80%), an IPv4 /16 (15%) or an IPv6 /48 (5%) with
 * descendants down to depth 5. Each depth of a family uses its own set, so the
 * configuration is valid; `conflictRate` moves that share of non-apex zones onto
 * their apex's set. A few names are spelled with capitals and a trailing dot,
 * and half the zones carry a zone id.
 */
export function generateAccount(count: number, conflictRate: number, seed: number): GeneratedAccount {
  const random = createRandom(seed);
  const zones: GeneratedZone[] = [];
  let families = 0;
  // Separate counters so reverse apexes stay unique: 65,536 /16s and /48s each.
  let ipv4Families = 0;
  let ipv6Families = 0;
  const addZone = (name: string, depth: number, rotation: number, apexSet: number): void => {
    const nsSet = ((depth - 1 + rotation) % Limits.MAX_NS_SET) + 1;
    const conflicting = depth > 1 && random() < conflictRate;
    const spelled = random() < 0.01 ? `${name.toUpperCase()}.` : name;
    const zone: GeneratedZone = { name: spelled, nsSet: conflicting ? apexSet : nsSet };
    if (random() < 0.5) zone.zoneId = zones.length.toString(16).padStart(32, "0");
    zones.push(zone);
  };
  const addDescendants = (
    parent: string,
    depth: number,
    rotation: number,
    apexSet: number,
    maxDepth: number,
    childLabel: (depth: number, index: number) => string,
  ): void => {
    if (depth > maxDepth) return;
    // Fewer children deeper down: most families are an apex with a few subzones.
    const children = Math.floor(random() * (depth === 2 ? 4 : 2.2));
    for (let c = 0; c < children && zones.length < count; c++) {
      const name = `${childLabel(depth, c)}.${parent}`;
      addZone(name, depth, rotation, apexSet);
      addDescendants(name, depth + 1, rotation, apexSet, maxDepth, childLabel);
    }
  };
  while (zones.length < count) {
    const rotation = Math.floor(random() * Limits.MAX_NS_SET);
    const apexSet = rotation + 1;
    const family = families++;
    const kind = random();
    if (kind < 0.8) {
      const apex = `site${family}.${TLDS[family % TLDS.length] ?? "com"}`;
      addZone(apex, 1, rotation, apexSet);
      addDescendants(
        apex,
        2,
        rotation,
        apexSet,
        MAX_DEPTH,
        (_, c) => `${WORDS[c % WORDS.length] ?? "www"}${c}`,
      );
    } else if (kind < 0.95) {
      const v4 = ipv4Families++;
      const apex = `${v4 & 255}.${(v4 >> 8) & 255}.in-addr.arpa`;
      addZone(apex, 1, rotation, apexSet);
      // /24s below the /16, then RFC 2317 classless /26 delegations below a /24.
      addDescendants(apex, 2, rotation, apexSet, 3, (depth, c) =>
        depth === 2 ? String(c * 7) : `${c * 64}/26`,
      );
    } else {
      const nibbles = (ipv6Families++).toString(16).padStart(4, "0").split("").reverse().join(".");
      const apex = `${nibbles}.8.b.d.0.1.0.0.2.ip6.arpa`;
      addZone(apex, 1, rotation, apexSet);
      addDescendants(apex, 2, rotation, apexSet, MAX_DEPTH, (_, c) => c.toString(16));
    }
  }
  return {
    accountId: "0123456789abcdef0123456789abcdef",
    defaultNameservers: "custom.account",
    sets: [1, 2, 3, 4, 5].map((nsSet) => ({
      nsSet,
      nameservers: [
        `ns${nsSet}a.dns.example.net`,
        `ns${nsSet}b.dns.example.net`,
        `ns${nsSet}c.dns.example.net`,
      ],
    })),
    zones,
  };
}

/** The naive check the validator replaces: every pair of zones compared by labels. */
function findConflictsPairwise(account: GeneratedAccount): number {
  const names = account.zones.map((zone) => normaliseName(zone.name));
  const sets = account.zones.map((zone) => zone.nsSet ?? Limits.DEFAULT_NS_SET);
  const valid = names.map((name) => checkZoneName(name) === undefined);
  let conflicts = 0;
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const a = names[i] ?? "";
      const b = names[j] ?? "";
      if (valid[i] && valid[j] && isAncestorOrDescendant(a, b) && sets[i] === sets[j]) conflicts++;
    }
  }
  return conflicts;
}

/** Wall time, and this process's CPU time: other work on the machine inflates the first, less the second. */
function measure<T>(run: () => T): { seconds: number; cpuSeconds: number; result: T } {
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, result };
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc !== undefined) gc();
}

function formatRate(zones: number, seconds: number): string {
  return `${Math.round(zones / seconds).toLocaleString("en-US")} zones/s`;
}

function describeVerdict(config: AcnsConfigInput): string {
  const verdict = validateAcnsConfig(config);
  return verdict.ok ? "ok" : `${verdict.issues.length} issues`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** Runs the validator benchmark and prints its figures. */
export async function benchValidator(): Promise<void> {
  const megabytes = (bytes: number): string => `${Math.round(bytes / 1048576)} MB`;
  console.log("validator benchmark (median of 3 runs each)");
  const timings = new Map<number, number>();
  let peakHeap = 0;
  for (const count of [10_000, 100_000, 1_000_000]) {
    const account = generateAccount(count, 0, count);
    collectGarbage();
    const runs: number[] = [];
    const cpuRuns: number[] = [];
    let verdict = "";
    for (let run = 0; run < 3; run++) {
      const { seconds, cpuSeconds, result } = measure(() => validateAcnsConfig(account));
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      verdict = result.ok ? "ok" : `${result.issues.length} issues`;
      runs.push(seconds);
      cpuRuns.push(cpuSeconds);
      collectGarbage();
    }
    const seconds = median(runs);
    timings.set(count, seconds);
    console.log(
      `  valid      N=${count.toLocaleString("en-US").padStart(9)}: ${(seconds * 1000).toFixed(0).padStart(5)} ms, ` +
        `${formatRate(count, seconds)} (${verdict}; wall ${runs.map((s) => (s * 1000).toFixed(0)).join("/")} ms, ` +
        `cpu ${cpuRuns.map((s) => (s * 1000).toFixed(0)).join("/")} ms)`,
    );
    await new Promise((resolve) => setImmediate(resolve));
  }
  {
    const count = 1_000_000;
    const account = generateAccount(count, 0.01, 7);
    collectGarbage();
    const runs = [0, 1, 2].map(() => {
      const run = measure(() => validateAcnsConfig(account));
      peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
      collectGarbage();
      return run;
    });
    const seconds = median(runs.map((run) => run.seconds));
    const last = runs[runs.length - 1]?.result;
    const verdict = last === undefined || last.ok ? "ok" : `${last.issues.length} issues`;
    console.log(
      `  conflicts  N=${count.toLocaleString("en-US").padStart(9)}: ${(seconds * 1000).toFixed(0).padStart(5)} ms, ` +
        `${formatRate(count, seconds)} (${verdict}; wall ${runs.map((run) => (run.seconds * 1000).toFixed(0)).join("/")} ms, ` +
        `cpu ${runs.map((run) => (run.cpuSeconds * 1000).toFixed(0)).join("/")} ms)`,
    );
  }
  const t100k = timings.get(100_000) ?? 0;
  const t1m = timings.get(1_000_000) ?? 0;
  console.log(`  growth t(1M)/t(100k) = ${(t1m / t100k).toFixed(1)} (goal <= 12)`);

  const pairwiseCount = 20_000;
  const small = generateAccount(pairwiseCount, 0.01, 20);
  const fast = median([0, 1, 2].map(() => measure(() => validateAcnsConfig(small)).seconds));
  const naive = measure(() => findConflictsPairwise(small));
  console.log(
    `  pairwise   N=${pairwiseCount.toLocaleString("en-US").padStart(9)}: ${(naive.seconds * 1000).toFixed(0).padStart(5)} ms ` +
      `(${naive.result} conflicting pairs) vs validator ${(fast * 1000).toFixed(1)} ms ` +
      `(${describeVerdict(small)}): ${Math.round(naive.seconds / fast)}x faster (goal >= 100x)`,
  );
  console.log(
    `  peak heap used (sampled after each run): ${megabytes(peakHeap)}, rss ${megabytes(process.memoryUsage().rss)}`,
  );
}

if (require.main === module) {
  benchValidator().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
