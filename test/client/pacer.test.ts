import { TokenBucketPacer, getSharedPacer, isCloudflareClientError } from "../../provider/client";
import { createFakeTime } from "./fake-cloudflare";

describe("TokenBucketPacer", () => {
  it("spaces requests 250 ms apart at the default 4/s with burst 1", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      await pacer.acquire();
      starts.push(time.now - 1_000_000);
    }
    expect(starts).toEqual([0, 250, 500, 750, 1000]);
    expect(time.sleeps).toEqual([250, 250, 250, 250]);
  });

  it("lets `burst` requests go at once after an idle spell, then paces", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({
      requestsPerSecond: 2,
      burst: 3,
      clock: time.clock,
      sleep: time.sleep,
    });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) waits.push(await pacer.acquire());
    expect(waits).toEqual([0, 0, 0, 500, 500]);
    time.now += 10_000; // idle: the bucket refills to 3, not more
    const after: number[] = [];
    for (let i = 0; i < 4; i++) after.push(await pacer.acquire());
    expect(after).toEqual([0, 0, 0, 500]);
  });

  it("refills partially: 100 ms idle at 4/s leaves 150 ms to wait", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    await pacer.acquire();
    time.now += 100;
    expect(await pacer.acquire()).toBe(150);
  });

  it("serves concurrent callers in arrival order, one interval apart", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ requestsPerSecond: 10, clock: time.clock, sleep: time.sleep });
    const order: Array<[number, number]> = [];
    await Promise.all(
      [0, 1, 2, 3].map(async (i) => {
        await pacer.acquire();
        order.push([i, time.now - 1_000_000]);
      }),
    );
    expect(order).toEqual([
      [0, 0],
      [1, 100],
      [2, 200],
      [3, 300],
    ]);
  });

  it("holds everyone during pauseUntil, then lets one go at once and paces the rest", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({
      requestsPerSecond: 4,
      burst: 4,
      clock: time.clock,
      sleep: time.sleep,
    });
    pacer.pauseUntil(time.now + 7000);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) waits.push(await pacer.acquire());
    expect(waits).toEqual([7000, 250, 250]);
    expect(time.sleeps).toEqual([7000, 250, 250]);
  });

  it("ignores a pause that ends before the current one", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    pacer.pauseUntil(time.now + 5000);
    pacer.pauseUntil(time.now + 1000);
    expect(await pacer.acquire()).toBe(5000);
  });

  it("extends a pause that arrives while callers already wait", async () => {
    const time = createFakeTime();
    const holder: { pacer?: TokenBucketPacer } = {};
    let extended = false;
    const sleep = async (ms: number): Promise<void> => {
      await time.sleep(ms);
      if (!extended && holder.pacer !== undefined) {
        extended = true;
        holder.pacer.pauseUntil(time.now + 3000);
      }
    };
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep });
    holder.pacer = pacer;
    pacer.pauseUntil(time.now + 2000);
    expect(await pacer.acquire()).toBe(5000);
    expect(time.sleeps).toEqual([2000, 3000]);
  });

  it("keeps serving after a sleep that throws", async () => {
    const time = createFakeTime();
    let failNext = true;
    const sleep = async (ms: number): Promise<void> => {
      if (failNext) {
        failNext = false;
        throw new Error("sleep interrupted");
      }
      await time.sleep(ms);
    };
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep });
    await pacer.acquire();
    await expect(pacer.acquire()).rejects.toThrow("sleep interrupted");
    expect(await pacer.acquire()).toBe(250);
  });

  it.each([
    [
      { requestsPerSecond: 0 },
      "requestsPerSecond",
      "requestsPerSecond must be a positive number, got 0; use e.g. 4",
    ],
    [
      { requestsPerSecond: Number.POSITIVE_INFINITY },
      "requestsPerSecond",
      "requestsPerSecond must be a positive number, got Infinity; use e.g. 4",
    ],
    [{ burst: 0 }, "burst", "burst must be a whole number of at least 1, got 0; use e.g. 1"],
    [{ burst: 1.5 }, "burst", "burst must be a whole number of at least 1, got 1.5; use e.g. 1"],
  ])("refuses %j", (options, field, message) => {
    let caught: unknown;
    try {
      new TokenBucketPacer(options);
    } catch (err) {
      caught = err;
    }
    expect(isCloudflareClientError(caught) && caught.field).toBe(field);
    expect((caught as Error).message).toBe(message);
  });
});

describe("getSharedPacer", () => {
  it("returns one pacer per key", () => {
    const a = getSharedPacer("test-key-a", {});
    expect(getSharedPacer("test-key-a", { requestsPerSecond: 99 })).toBe(a);
    expect(getSharedPacer("test-key-b", {})).not.toBe(a);
  });
});

describe("TokenBucketPacer on an epoch-millisecond clock", () => {
  it("waits at least 1 ms, so a wait too small for the clock's precision cannot spin forever", async () => {
    // A double near 2^52 moves in whole steps: adding a wait of 0.33 ms leaves the clock where it
    // was (at the epoch's 1.7e12 ms the same happens below 2.4e-4 ms). That spun the pacer, and
    // filled memory, when a test's clock was at the epoch.
    const time = createFakeTime(2 ** 52);
    const sleeps: number[] = [];
    const pacer = new TokenBucketPacer({
      requestsPerSecond: 3,
      clock: time.clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        if (sleeps.length > 100) throw new Error("the pacer spins");
        time.now += ms;
      },
    });
    await pacer.acquire();
    time.now += 333; // 0.999 of a token at 3/s: 0.33 ms short
    await pacer.acquire();
    expect(sleeps).toEqual([1]);
  });
});

describe("TokenBucketPacer adapting to the reported budget", () => {
  const policy = { policy: "default", quota: 1200, windowSeconds: 300 };

  it("given r=100, t=50 keeps the configured pace: the budget above the brake is spent, not spread to the reset", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    pacer.observe({ ...policy, remaining: 100, resetSeconds: 50 }, time.now);
    expect(pacer.currentRate).toBe(4);
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) waits.push(await pacer.acquire());
    // The first takes the token left over; then 250 ms each until r less our sent requests reaches
    // the brake (96): with 3 sent since, left = 97, still the full pace.
    expect(waits.map((w) => Math.round(w))).toEqual([0, 250, 250, 250]);
  });

  it("given r=1200, t=300 at requestsPerSecond 1000 runs at 1000/s: the policy's q/w is no ceiling", () => {
    const pacer = new TokenBucketPacer({ requestsPerSecond: 1000, clock: () => 0 });
    pacer.observe({ ...policy, remaining: 1199, resetSeconds: 300 }, 0);
    expect([pacer.ceiling, pacer.currentRate]).toEqual([1000, 1000]);
  });

  it("runs at the configured 4/s while r is high, and without headers", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    pacer.observe(undefined, time.now);
    expect(pacer.currentRate).toBe(4);
    pacer.observe({ ...policy, remaining: 1100, resetSeconds: 250 }, time.now);
    expect(pacer.currentRate).toBe(4);
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) waits.push(await pacer.acquire());
    expect(waits).toEqual([0, 250, 250]);
  });

  it("brakes linearly between 8 % and 3 % of the quota", () => {
    const pacer = new TokenBucketPacer({ clock: () => 0 });
    pacer.observe({ ...policy, remaining: 66, resetSeconds: 1 }, 0);
    expect(pacer.currentRate).toBeCloseTo(2, 10); // 4 · (66 - 36) / (96 - 36)
    expect(pacer.rateFor(96, undefined)).toBe(4);
    expect(pacer.rateFor(51, undefined)).toBeCloseTo(1, 10);
    expect(pacer.rateFor(36, undefined)).toBeCloseTo(0.2, 10); // past the reset: probe every 5 s
    expect(pacer.rateFor(3.6, undefined)).toBeCloseTo(0.02, 10); // probes get rarer near 0
  });

  it("holds until the reset once only the reserve is left, then probes", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    pacer.observe({ ...policy, remaining: 36, resetSeconds: 40 }, time.now);
    expect(await pacer.acquire()).toBe(40_000);
    expect(time.sleeps).toEqual([40_000]);
  });

  it("brakes by the reported policy's quota: with q=600 the brake starts at 48 left, not 96", () => {
    const pacer = new TokenBucketPacer({ clock: () => 0 });
    pacer.observe({ policy: "default", quota: 600, windowSeconds: 300, remaining: 33, resetSeconds: 10 }, 0);
    // reserve 18, brake 48: 4 · (33 − 18) / (48 − 18) = 2
    expect([pacer.ceiling, pacer.currentRate]).toEqual([4, 2]);
  });

  it("counts its own requests sent after the answered one against r", async () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    const sent = time.now;
    await pacer.acquire(); // the answered request
    await pacer.acquire();
    await pacer.acquire(); // two more in flight when the answer arrives
    pacer.observe({ ...policy, remaining: 68, resetSeconds: 1 }, sent);
    expect(pacer.currentRate).toBeCloseTo(2, 10); // as if r were 66
    // An older answer does not overwrite a newer one.
    pacer.observe({ ...policy, remaining: 1000, resetSeconds: 1 }, sent - 1);
    expect(pacer.currentRate).toBeCloseTo(2, 10);
  });

  it("forgets a report older than a window and returns to the ceiling", () => {
    const time = createFakeTime();
    const pacer = new TokenBucketPacer({ clock: time.clock, sleep: time.sleep });
    pacer.observe({ ...policy, remaining: 50, resetSeconds: 1 }, time.now);
    expect(pacer.currentRate).toBeLessThan(1);
    time.now += 301_000;
    pacer.observe({ policy: "default", quota: 1200, windowSeconds: 300 }, time.now);
    expect(pacer.currentRate).toBe(4);
  });

  it("keeps the fixed pace when adaptive is false", () => {
    const pacer = new TokenBucketPacer({ adaptive: false, clock: () => 0 });
    pacer.observe({ ...policy, remaining: 0, resetSeconds: 100 }, 0);
    expect(pacer.currentRate).toBe(4);
  });
});
