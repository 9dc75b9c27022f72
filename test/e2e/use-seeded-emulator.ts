/**
 * `useSeededEmulator()`: the emulator with examples/seed.json for one e2e file, started before the
 * stack (its URL goes into the stack config) and kept for the whole lifecycle: unlike
 * `useEmulator()` it is never reset between tests, because each test is one step of it.
 */
import { startEmulator, type RunningEmulator } from "../../provider/emulator";
import { EmulatorStore, type EmulatorSnapshot } from "../../provider/emulator";
import { SEED_PATH } from "../emulator/fixtures";

export interface SeededEmulatorAccess {
  readonly url: string;
  readonly store: RunningEmulator["store"];
  /** The state of a freshly seeded emulator, to compare with after destroy. */
  seedSnapshot(): EmulatorSnapshot;
  /** Requests since the last call that would change something (not GET), as `METHOD path`. */
  takeWrites(): string[];
}

export function useSeededEmulator(): SeededEmulatorAccess {
  let emulator: RunningEmulator | undefined;
  const running = (): RunningEmulator => {
    if (emulator === undefined) throw new Error("useSeededEmulator: beforeAll has not run");
    return emulator;
  };
  beforeAll(async () => {
    emulator = await startEmulator({ seed: SEED_PATH });
  });
  afterAll(async () => {
    await emulator?.stop();
    emulator = undefined;
  });
  return {
    get url() {
      return running().url;
    },
    get store() {
      return running().store;
    },
    seedSnapshot: () => new EmulatorStore({ seed: SEED_PATH }).snapshot(),
    takeWrites() {
      const store = running().store;
      const writes = store.requestLog
        .list()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`);
      store.requestLog.clear();
      return writes;
    },
  };
}
