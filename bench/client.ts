/**
 * Client benchmarks: pacing accuracy against the wall clock, retry overhead, and the client's own
 * per-request cost. Runs against a local node:http server that answers like Cloudflare, so the
 * figures measure the client, not a network. Prints figures; asserts nothing.
 *
 *   npx tsx bench/client.ts
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createAcnsClient, type AcnsClientOptions } from "../provider/client";

const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
const NS = {
  ns_name: "ns1.example.com",
  ns_set: 1,
  dns_records: [
    { type: "A", value: "192.0.2.1" },
    { type: "AAAA", value: "2001:db8::1" },
  ],
  status: "verified",
  zone_tag: ACCOUNT_ID,
};

type Behaviour = (req: IncomingMessage, res: ServerResponse, n: number) => void;

function answerOk(res: ServerResponse, result: unknown): void {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ success: true, errors: [], messages: [], result }));
}

/** A local server whose answers each benchmark sets; `n` counts requests since the last set(). */
async function startServer(): Promise<{ server: Server; url: string; set(b: Behaviour): void }> {
  let behaviour: Behaviour = (_req, res) => answerOk(res, [NS]);
  let n = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => behaviour(req, res, ++n));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    url: `http://127.0.0.1:${port}/client/v4`,
    set: (b) => {
      behaviour = b;
      n = 0;
    },
  };
}

function stats(values: number[]): { mean: number; sd: number; min: number; max: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

const f1 = (x: number): string => x.toFixed(1);
const f3 = (x: number): string => x.toFixed(3);

async function measurePacing(
  server: Awaited<ReturnType<typeof startServer>>,
  label: string,
  n: number,
  rps: number,
  concurrent: boolean,
): Promise<void> {
  // Arrival times at the server: the rate Cloudflare would see.
  const arrived: number[] = [];
  server.set((_req, res) => {
    arrived.push(performance.now());
    answerOk(res, [NS]);
  });
  const client = createAcnsClient({
    baseUrl: server.url,
    apiToken: "bench-token",
    env: {},
    requestsPerSecond: rps,
    burst: 1,
    sharePacing: false,
  });
  const started = performance.now();
  const call = (): Promise<unknown> => client.listCustomNameservers({ accountId: ACCOUNT_ID });
  if (concurrent) await Promise.all(Array.from({ length: n }, call));
  else for (let i = 0; i < n; i++) await call();
  const elapsed = performance.now() - started;
  const first = arrived[0] ?? 0;
  const last = arrived[arrived.length - 1] ?? 0;
  const gaps = arrived.slice(1).map((t, i) => t - (arrived[i] ?? t));
  const interval = 1000 / rps;
  const g = stats(gaps);
  const shortest = gaps.indexOf(g.min) + 1;
  const achieved = (arrived.length - 1) / ((last - first) / 1000);
  // Ideal arrival of request i is first + i*interval; how late did each one land?
  const d = stats(arrived.map((t, i) => t - (first + i * interval)));
  const fastest = Math.max(
    ...arrived.map((t, i) => {
      // Requests in any one-second window starting at an arrival: the burst a server could see.
      let count = 0;
      for (let j = i; j < arrived.length && (arrived[j] ?? 0) - t < 1000; j++) count++;
      return count;
    }),
  );
  console.log(
    `${label}: ${n} requests at ${rps}/s: achieved ${f3(achieved)}/s (${f1(((achieved - rps) / rps) * 100)}%), ` +
      `gap mean ${f1(g.mean)} ms (target ${f1(interval)}), sd ${f1(g.sd)}, min ${f1(g.min)} (gap #${shortest}), max ${f1(g.max)}; ` +
      `most in any 1 s window ${fastest}; lag behind the ideal schedule at the end ${f1(d.max)} ms; wall ${f1(elapsed)} ms`,
  );
}

async function measureRetryOverhead(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  const base: AcnsClientOptions = {
    baseUrl: server.url,
    apiToken: "bench-token",
    env: {},
    requestsPerSecond: 1000,
    burst: 1000,
    sharePacing: false,
    baseDelayMs: 100,
    maxDelayMs: 1000,
  };
  const calls = 20;

  server.set((_req, res) => answerOk(res, [NS]));
  const clean = createAcnsClient(base);
  let t = performance.now();
  for (let i = 0; i < calls; i++) await clean.listCustomNameservers({ accountId: ACCOUNT_ID });
  const cleanMs = (performance.now() - t) / calls;

  // Every call: one 503, then success.
  server.set((_req, res, n) => {
    if (n % 2 === 1) {
      res.writeHead(503, { "content-type": "application/json" });
      res.end(
        JSON.stringify({
          success: false,
          errors: [{ code: 1000, message: "busy" }],
          messages: [],
          result: null,
        }),
      );
    } else answerOk(res, [NS]);
  });
  const flaky = createAcnsClient(base);
  t = performance.now();
  for (let i = 0; i < calls; i++) await flaky.listCustomNameservers({ accountId: ACCOUNT_ID });
  const flakyMs = (performance.now() - t) / calls;
  const s = flaky.stats();
  console.log(
    `retry overhead: ${calls} calls each hit one 503 (backoff base 100 ms, equal jitter => 50-100 ms): ` +
      `${f1(flakyMs)} ms per call vs ${f1(cleanMs)} ms clean (+${f1(flakyMs - cleanMs)} ms); ` +
      `${s.requests} requests, ${s.retries} retries, backoff total ${f1(s.backoffWaitMs)} ms`,
  );

  // Every create: the connection drops after the server "commits"; the client checks and stops.
  let committed = false;
  server.set((req, res) => {
    if (req.method === "POST") {
      committed = true;
      req.socket.destroy();
    } else answerOk(res, committed ? [NS] : []);
  });
  const creator = createAcnsClient(base);
  t = performance.now();
  for (let i = 0; i < calls; i++) {
    committed = false;
    await creator.createCustomNameserver({ accountId: ACCOUNT_ID, nsName: NS.ns_name });
  }
  const createMs = (performance.now() - t) / calls;
  const c = creator.stats();
  console.log(
    `create after a reset past the commit: ${f1(createMs)} ms per create, ` +
      `${c.requests / calls} requests per create (${JSON.stringify(c.byRoute)})`,
  );
}

async function measureClientCost(server: Awaited<ReturnType<typeof startServer>>): Promise<void> {
  server.set((_req, res) => answerOk(res, [NS]));
  const n = 500;
  let t = performance.now();
  for (let i = 0; i < n; i++) {
    const r = await fetch(`${server.url}/accounts/${ACCOUNT_ID}/custom_ns`, {
      headers: { authorization: "Bearer bench-token" },
    });
    await r.json();
  }
  const rawMs = (performance.now() - t) / n;
  const client = createAcnsClient({
    baseUrl: server.url,
    apiToken: "bench-token",
    env: {},
    requestsPerSecond: 1e6,
    burst: 1e6,
    sharePacing: false,
  });
  t = performance.now();
  for (let i = 0; i < n; i++) await client.listCustomNameservers({ accountId: ACCOUNT_ID });
  const clientMs = (performance.now() - t) / n;
  console.log(
    `per-request cost, pacing off, ${n} sequential requests: client ${f3(clientMs)} ms ` +
      `(${f1(1000 / clientMs)}/s) vs bare fetch ${f3(rawMs)} ms (${f1(1000 / rawMs)}/s): ` +
      `SDK + envelope + zod add ${f3(clientMs - rawMs)} ms`,
  );
}

/** Run every client benchmark and print its figures. */
export async function benchClient(): Promise<void> {
  const server = await startServer();
  try {
    console.log("# client benchmarks (local server, real clock)");
    await measurePacing(server, "pacing, sequential", 40, 4, false);
    await measurePacing(server, "pacing, 40 concurrent callers", 40, 4, true);
    await measurePacing(server, "pacing, sequential", 100, 20, false);
    await measureRetryOverhead(server);
    await measureClientCost(server);
  } finally {
    server.server.closeAllConnections();
    await new Promise<void>((resolve) => server.server.close(() => resolve()));
  }
}

if (require.main === module) {
  benchClient().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
