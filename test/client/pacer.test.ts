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
