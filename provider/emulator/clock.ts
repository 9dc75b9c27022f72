/**
 * The emulator's notion of time. Rate-limit windows and lockouts run on an injectable clock so
 * tests can either drive time by hand or compress it (timeScale) and still exercise Cloudflare's
 * real budget of 1200 requests per 300 s.
 */

/** A source of emulated time. */
export interface Clock {
  /** Emulated milliseconds since the epoch. */
  now(): number;
  /** Emulated time units per real unit (1 = real time). Used to turn emulated waits into real ones. */
  readonly scale: number;
}

function requireScale(scale: number): void {
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`timeScale must be a positive finite number, got ${scale}`);
  }
}

/**
 * A clock that starts at the real time and then runs `scale` times faster than real time.
 *
 * @param scale emulated seconds per real second; @default 1
 */
export function createScaledClock(scale = 1, realNow: () => number = Date.now): Clock {
  requireScale(scale);
  const start = realNow();
  return { scale, now: () => start + (realNow() - start) * scale };
}

/** A clock that only moves when told to; for tests that need exact, repeatable time. */
export interface ManualClock extends Clock {
  /** Moves the clock forward by `ms` emulated milliseconds. */
  advance(ms: number): void;
  /** Sets the clock to `ms` emulated milliseconds since the epoch. */
  set(ms: number): void;
}

/**
 * Creates a clock for tests that moves only through `advance` and `set`.
 *
 * @param scale what the clock claims as emulated seconds per real second, so the seconds the rate
 *   limit reports (emulated / scale) can be checked exactly under a compressed clock; @default 1
 */
export function createManualClock(startMs = Date.UTC(2025, 0, 1), scale = 1): ManualClock {
  requireScale(scale);
  let current = startMs;
  return {
    scale,
    now: () => current,
    advance: (ms) => {
      current += ms;
    },
    set: (ms) => {
      current = ms;
    },
  };
}
