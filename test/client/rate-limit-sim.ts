/**
 * A tiny discrete-event model of several processes of one Cloudflare user sharing the user's
 * budget, for the pacer's tests: simulated time only (no real sleeping), a per-user sliding-window
 * limiter with Cloudflare's lockout and headers, and N clients, each a {@link TokenBucketPacer}
 * with some requests in flight at once, reading every answer's headers as the transport does.
 */
import { TokenBucketPacer, type PacerOptions } from "../../provider/client/pacer";
import { readRateLimitHeaders } from "../../provider/client/rate-limit-headers";

/** Timers ordered by due time, then by creation. */
export class SimClock {
  now = 0;
  private seq = 0;
  private timers: Array<{ at: number; seq: number; fire: () => void }> = [];

  clock = (): number => this.now;

  sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => this.at(this.now + Math.max(0, ms), resolve));

  at(time: number, fire: () => void): void {
    this.timers.push({ at: time, seq: this.seq++, fire });
    this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
  }

  /** Run until `endMs`: settle pending promise work, then fire the next timer. */
  async runUntil(endMs: number): Promise<void> {
    for (;;) {
      await settle();
      const next = this.timers[0];
      if (next === undefined || next.at > endMs) break;
      this.timers.shift();
      this.now = Math.max(this.now, next.at);
      next.fire();
    }
    this.now = endMs;
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export type WindowKind = "sliding" | "fixed";

/** Cloudflare's per-user budget as documented: q per w seconds, over it a 429 and a lockout. */
export class SimServer {
  private times: number[] = [];
  private fixedStart = 0;
  private fixedCount = 0;
  private lockedUntil = Number.NEGATIVE_INFINITY;
  /** Answers per second of simulated time, indexed by the second the server handled them. */
  readonly answered: Array<{ at: number; status: number }> = [];

  constructor(
    readonly clock: SimClock,
    readonly quota = 1200,
    readonly windowSeconds = 300,
    readonly lockoutSeconds = 300,
    readonly kind: WindowKind = "sliding",
  ) {}

  handle(): { status: number; headers: Headers } {
    const now = this.clock.now;
    const w = this.windowSeconds * 1000;
    const policy = `"default";q=${this.quota};w=${this.windowSeconds}`;
    const refuse = (): { status: number; headers: Headers } => {
      const wait = Math.ceil((this.lockedUntil - now) / 1000);
      this.answered.push({ at: now, status: 429 });
      return {
        status: 429,
        headers: new Headers({
          ratelimit: `"default";r=0;t=${wait}`,
          "ratelimit-policy": policy,
          "retry-after": String(wait),
        }),
      };
    };
    if (now < this.lockedUntil) return refuse();
    let used: number;
    let resetMs: number;
    if (this.kind === "sliding") {
      while (this.times.length > 0 && (this.times[0] ?? 0) <= now - w) this.times.shift();
      used = this.times.length;
    } else {
      if (now >= this.fixedStart + w) {
        this.fixedStart = now - ((now - this.fixedStart) % w);
        this.fixedCount = 0;
      }
      used = this.fixedCount;
    }
    if (used >= this.quota) {
      this.lockedUntil = now + this.lockoutSeconds * 1000;
      this.times = [];
      this.fixedCount = 0;
      return refuse();
    }
    if (this.kind === "sliding") {
      this.times.push(now);
      resetMs = (this.times[0] ?? now) + w - now;
    } else {
      this.fixedCount += 1;
      resetMs = this.fixedStart + w - now;
    }
    this.answered.push({ at: now, status: 200 });
    const remaining = this.quota - (this.kind === "sliding" ? this.times.length : this.fixedCount);
    return {
      status: 200,
      headers: new Headers({
        ratelimit: `"default";r=${remaining};t=${Math.ceil(resetMs / 1000)}`,
        "ratelimit-policy": policy,
      }),
    };
  }
}

export interface SimOptions {
  processes: number;
  /** Requests each process keeps in flight (its workers). */
  concurrency?: number;
  /** Round trip in ms; the server handles a request half-way. */
  latencyMs?: number;
  /** Simulated seconds to run. */
  seconds: number;
  /** Seconds after which process i starts: `startSeconds[i]` (default all at 0). */
  startSeconds?: number[];
  kind?: WindowKind;
  pacer?: Omit<PacerOptions, "clock" | "sleep">;
  /** Whether the server sends the Ratelimit headers. */
  headers?: boolean;
}

export interface SimResult {
  server: SimServer;
  /** 429s answered at or after `fromSeconds`. */
  rateLimitedAfter: (fromSeconds: number) => number;
  /** Successful answers in [fromSeconds, toSeconds) divided by what q/w allows in that span. */
  fractionOfLimit: (fromSeconds: number, toSeconds: number) => number;
  /** Successful answers per process. */
  perProcess: number[];
  pacers: TokenBucketPacer[];
}

/** Run `processes` clients of one user for `seconds` of simulated time. */
export async function simulate(options: SimOptions): Promise<SimResult> {
  const clock = new SimClock();
  const server = new SimServer(clock, 1200, 300, 300, options.kind ?? "sliding");
  const latency = options.latencyMs ?? 200;
  const end = options.seconds * 1000;
  const perProcess = new Array<number>(options.processes).fill(0);
  const pacers: TokenBucketPacer[] = [];
  for (let p = 0; p < options.processes; p++) {
    const pacer = new TokenBucketPacer({ ...options.pacer, clock: clock.clock, sleep: clock.sleep });
    pacers.push(pacer);
    const start = (options.startSeconds?.[p] ?? 0) * 1000;
    for (let k = 0; k < (options.concurrency ?? 4); k++) {
      void (async () => {
        await clock.sleep(start);
        while (clock.now < end) {
          await pacer.acquire();
          if (clock.now >= end) return;
          const sentAt = clock.now;
          await clock.sleep(latency / 2);
          const answer = server.handle();
          await clock.sleep(latency / 2);
          if (options.headers !== false) pacer.observe(readRateLimitHeaders(answer.headers), sentAt);
          if (answer.status === 429) {
            const wait = Number(answer.headers.get("retry-after"));
            pacer.pauseUntil(clock.now + wait * 1000);
          } else {
            perProcess[p] = (perProcess[p] ?? 0) + 1;
          }
        }
      })();
    }
  }
  await clock.runUntil(end + latency);
  return {
    server,
    pacers,
    perProcess,
    rateLimitedAfter: (from) => server.answered.filter((a) => a.status === 429 && a.at >= from * 1000).length,
    fractionOfLimit: (from, to) => {
      const ok = server.answered.filter(
        (a) => a.status === 200 && a.at >= from * 1000 && a.at < to * 1000,
      ).length;
      return ok / (((to - from) * server.quota) / server.windowSeconds);
    },
  };
}
