/**
 * A tiny scripted HTTP server standing in for the Cloudflare API in the client's unit tests:
 * each test says how to answer, the server records what arrived. Bounded: it lives for one test
 * file and closes every socket on teardown.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as the server saw it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, below the server root (so `/client/v4/...`). */
  path: string;
  /** Path below `/client/v4`, e.g. `/accounts/…/custom_ns`. */
  apiPath: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: string;
}

/** How to answer one request. */
export type Reply =
  | { status: number; body?: unknown; rawBody?: string; headers?: Record<string, string> }
  /** Destroy the socket after reading the request: the client sees a reset. */
  | "reset"
  /** Send the status line and half a body, then destroy the socket. */
  | "cut"
  /** Never answer (until teardown). */
  | "hang";

export type Handler = (req: RecordedRequest) => Reply;

export const API_ROOT = "/client/v4";

/** A success envelope. */
export function ok(result: unknown, extra: Record<string, unknown> = {}): Reply {
  return { status: 200, body: { success: true, errors: [], messages: [], result, ...extra } };
}

/** A failure envelope with one Cloudflare error. */
export function fail(
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): Reply {
  return {
    status,
    body: { success: false, errors: [{ code, message }], messages: [], result: null },
    headers,
  };
}

/** Answer with `replies` in order, then with the last one for ever. */
export function sequence(...replies: Reply[]): Handler {
  let i = 0;
  return () => {
    const reply = replies[Math.min(i, replies.length - 1)];
    i += 1;
    if (reply === undefined) throw new Error("sequence() needs at least one reply");
    return reply;
  };
}

export class FakeCloudflare {
  readonly requests: RecordedRequest[] = [];
  handler: Handler = () => fail(500, 9999, "no handler set in this test");
  private server: Server | undefined;
  private port = 0;

  /** Base URL to give the client. */
  get url(): string {
    return `http://127.0.0.1:${this.port}${API_ROOT}`;
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => this.serve(req, res));
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    this.port = (server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === undefined) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forget recorded requests and answer with `handler` from now on. */
  reset(handler: Handler): void {
    this.requests.length = 0;
    this.handler = handler;
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://127.0.0.1");
      const recorded: RecordedRequest = {
        method: req.method ?? "GET",
        path: url.pathname,
        apiPath: url.pathname.startsWith(API_ROOT) ? url.pathname.slice(API_ROOT.length) : url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      this.requests.push(recorded);
      const reply = this.handler(recorded);
      if (reply === "hang") return;
      if (reply === "reset") {
        req.socket.destroy();
        return;
      }
      if (reply === "cut") {
        res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
        res.write('{"success":true,');
        setImmediate(() => req.socket.destroy());
        return;
      }
      const text = reply.rawBody ?? JSON.stringify(reply.body ?? null);
      const contentType = reply.rawBody === undefined ? "application/json" : "text/html";
      res.writeHead(reply.status, { "content-type": contentType, ...reply.headers });
      res.end(text);
    });
  }
}

/** A {@link FakeCloudflare} started before and stopped after the enclosing tests. */
export function useFakeCloudflare(): FakeCloudflare {
  const fake = new FakeCloudflare();
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  return fake;
}

/** A clock that only moves when the injected sleep is called; every sleep is recorded. */
export interface FakeTime {
  now: number;
  readonly sleeps: number[];
  clock: () => number;
  sleep: (ms: number) => Promise<void>;
}

export function createFakeTime(start = 1_000_000): FakeTime {
  const time: FakeTime = {
    now: start,
    sleeps: [],
    clock: () => time.now,
    sleep: async (ms: number) => {
      time.sleeps.push(ms);
      time.now += ms;
    },
  };
  return time;
}

export const ACCOUNT_ID = "0123456789abcdef0123456789abcdef";
export const ZONE_ID = "fedcba9876543210fedcba9876543210";
export const TEST_TOKEN = "tok-THIS-IS-SECRET-5f2a";
export const TEST_KEY = "key-THIS-IS-SECRET-9c1d";

/** A `CustomNS` as Cloudflare answers it. */
export function customNs(nsName: string, nsSet = 1): Record<string, unknown> {
  return {
    ns_name: nsName,
    ns_set: nsSet,
    dns_records: [
      { type: "A", value: "192.0.2.1" },
      { type: "AAAA", value: "2001:db8::1" },
    ],
    status: "verified",
    zone_tag: ZONE_ID,
  };
}
