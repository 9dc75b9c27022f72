/**
 * `useEmulatorProcess()`: the emulator in a process of its own, as a user runs it from a shell
 * (`acns emulator --seed examples/seed.json --port 0`, the built CLI in dist/), driven only through
 * its admin routes under /__admin: state, reset, the request log, fault rules and the continuity
 * check. Tests that kill Pulumi's processes use it so that nothing they kill shares a process with
 * the API, and so that a request the emulator holds (a latency fault) is served by a process that
 * outlives its client.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../provider/testing";
import type { EmulatorSnapshot, RequestLogEntry } from "../../provider/emulator";
import type { Fault, FaultSpecInput } from "../../provider/emulator/faults";
import type { ContinuityViolation } from "../../provider/emulator";
import { SEED_PATH } from "../emulator/fixtures";

export interface ContinuityAnswer {
  ok: boolean;
  from: number;
  to: number;
  violations: ContinuityViolation[];
}

export interface EmulatorProcessAccess {
  /** The API's base URL (`http://127.0.0.1:N/client/v4`), the first line the process printed. */
  readonly url: string;
  readonly pid: number;
  /** Back to the seed: state, request log, fault rules, rate limit; the timeline restarts at #0. */
  reset(): Promise<void>;
  state(): Promise<EmulatorSnapshot>;
  requests(): Promise<RequestLogEntry[]>;
  addFault(spec: FaultSpecInput): Promise<Fault>;
  removeFault(id: string): Promise<void>;
  clearFaults(): Promise<void>;
  markTimeline(): Promise<number>;
  continuity(from: number, to?: number): Promise<ContinuityAnswer>;
}

/** Spawns the emulator in beforeAll (seeded with examples/seed.json) and stops it in afterAll. */
export function useEmulatorProcess(): EmulatorProcessAccess {
  let child: ChildProcess | undefined;
  let url: string | undefined;
  let stderr = "";

  const base = (): string => {
    if (url === undefined) throw new Error("useEmulatorProcess: beforeAll has not run");
    return url.replace(/\/client\/v4$/, "/__admin");
  };

  /** One admin call; the answer's `result` (admin routes answer in the v4 envelope). */
  async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${base()}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const envelope = (await response.json()) as { success: boolean; result: T; errors: unknown[] };
    if (!envelope.success) {
      throw new Error(`emulator admin ${method} ${path}: ${JSON.stringify(envelope.errors)}`);
    }
    return envelope.result;
  }

  beforeAll(async () => {
    const cli = join(PACKAGE_ROOT, "dist", "cli", "main.js");
    const started = spawn(process.execPath, [cli, "emulator", "--seed", SEED_PATH, "--port", "0"], {
      cwd: PACKAGE_ROOT,
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    started.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-16 * 1024);
    });
    url = await new Promise<string>((resolve, reject) => {
      let out = "";
      const timer = setTimeout(
        () => reject(new Error(`acns emulator printed no URL in 20 s; stderr:\n${stderr}`)),
        20_000,
      );
      started.stdout?.on("data", (chunk: Buffer) => {
        out += chunk.toString("utf8");
        const line = out.split("\n")[0];
        if (out.includes("\n") && line !== undefined) {
          clearTimeout(timer);
          resolve(line.trim());
        }
      });
      started.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `acns emulator exited (${signal ?? String(code)}) before printing its URL; stderr:\n${stderr}`,
          ),
        );
      });
    });
  }, 30_000);

  afterAll(async () => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill("SIGTERM");
    await Promise.race([exited, new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref())]);
    if (running.exitCode === null) running.kill("SIGKILL");
  });

  return {
    get url() {
      if (url === undefined) throw new Error("useEmulatorProcess: beforeAll has not run");
      return url;
    },
    get pid() {
      if (child?.pid === undefined) throw new Error("useEmulatorProcess: beforeAll has not run");
      return child.pid;
    },
    reset: async () => {
      await admin("POST", "/reset");
    },
    state: () => admin<EmulatorSnapshot>("GET", "/state"),
    requests: async () => (await admin<{ requests: RequestLogEntry[] }>("GET", "/requests")).requests,
    addFault: (spec) => admin<Fault>("POST", "/faults", spec),
    removeFault: async (id) => {
      await admin("DELETE", `/faults/${id}`);
    },
    clearFaults: async () => {
      await admin("DELETE", "/faults");
    },
    markTimeline: async () => (await admin<{ position: number }>("GET", "/timeline/mark")).position,
    continuity: (from, to) =>
      admin<ContinuityAnswer>("GET", `/continuity?from=${from}${to === undefined ? "" : `&to=${to}`}`),
  };
}
