/**
 * Emulator throughput over loopback: requests per second for a read (GET custom_ns) and for a
 * write pair (POST then DELETE a name), sequential and with several requests in flight. Bounded
 * counts, so it finishes in seconds. Run: `npx tsx bench/emulator.ts`.
 */
import { join } from "node:path";
import { startEmulator } from "../provider/emulator";
import { ACME } from "../test/emulator/fixtures";

const HEADERS = { Authorization: "Bearer acns-demo-token", "Content-Type": "application/json" };

export interface EmulatorBenchFigure {
  name: string;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
}

async function expectStatus(response: Response, status: number, what: string): Promise<void> {
  await response.arrayBuffer();
  if (response.status !== status) throw new Error(`${what}: expected ${status}, got ${response.status}`);
}

async function measure(
  name: string,
  requests: number,
  run: () => Promise<void>,
): Promise<EmulatorBenchFigure> {
  const start = process.hrtime.bigint();
  await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { name, requests, seconds, requestsPerSecond: requests / seconds };
}

/** Measures the emulator and prints one line per figure; returns the figures too. */
export async function benchEmulator(
  options: { reads?: number; writePairs?: number; concurrency?: number } = {},
): Promise<EmulatorBenchFigure[]> {
  const reads = options.reads ?? 3000;
  const writePairs = options.writePairs ?? 1000;
  const concurrency = options.concurrency ?? 8;
  // The write loop keeps one name per worker in sets 4 and 5, which hold 5 names each.
  if (concurrency < 1 || concurrency > 10)
    throw new RangeError(`concurrency must be 1-10, got ${concurrency}`);
  const emulator = await startEmulator({
    seed: join(__dirname, "..", "examples", "seed.json"),
    rateLimit: { requests: Infinity },
  });
  const list = `${emulator.url}/accounts/${ACME}/custom_ns`;
  const get = async (): Promise<void> => expectStatus(await fetch(list, { headers: HEADERS }), 200, "GET");
  const writePair = async (name: string, nsSet: number): Promise<void> => {
    const body = JSON.stringify({ ns_name: name, ns_set: nsSet });
    await expectStatus(await fetch(list, { method: "POST", headers: HEADERS, body }), 200, "POST");
    await expectStatus(await fetch(`${list}/${name}`, { method: "DELETE", headers: HEADERS }), 200, "DELETE");
  };
  const inParallel = async (
    count: number,
    task: (i: number, worker: number) => Promise<void>,
  ): Promise<void> => {
    let next = 0;
    const work = async (_: unknown, worker: number): Promise<void> => {
      while (next < count) await task(next++, worker);
    };
    await Promise.all(Array.from({ length: concurrency }, work));
  };

  const figures: EmulatorBenchFigure[] = [];
  try {
    for (let i = 0; i < 200; i++) await get(); // warm-up: JIT and keep-alive connections
    figures.push(
      await measure("GET custom_ns, sequential", reads, async () => {
        for (let i = 0; i < reads; i++) await get();
      }),
    );
    figures.push(
      await measure(`GET custom_ns, ${concurrency} in flight`, reads, () => inParallel(reads, get)),
    );
    figures.push(
      await measure("POST+DELETE custom_ns, sequential", writePairs * 2, async () => {
        for (let i = 0; i < writePairs; i++) await writePair("ns-bench.example.org", 4);
      }),
    );
    figures.push(
      await measure(`POST+DELETE custom_ns, ${concurrency} in flight`, writePairs * 2, () =>
        // Each worker holds at most one name at a time; spread over the two empty sets so no set
        // reaches its 5-name limit.
        inParallel(writePairs, (i, worker) => writePair(`ns-bench-${i}.example.org`, 4 + (worker % 2))),
      ),
    );
  } finally {
    await emulator.stop();
  }
  for (const f of figures) {
    process.stdout.write(
      `emulator  ${f.name.padEnd(34)} ${String(f.requests).padStart(5)} requests  ${f.seconds.toFixed(2)} s  ${Math.round(f.requestsPerSecond)} req/s\n`,
    );
  }
  return figures;
}

if (require.main === module) {
  benchEmulator().catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exit(1);
  });
}
