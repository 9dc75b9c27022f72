/**
 * Killing a Pulumi run at a chosen API request, deterministically, from outside its processes.
 *
 * The processes of one engine command (Linux, read from /proc):
 *
 *   stack driver (node, its own process group; the Automation API and the inline program)
 *   └─ pulumi (the CLI: the engine)
 *      └─ sh pulumi-resource-pulumi-nodejs          (its own process group, set up by the engine)
 *         └─ node …/cmd/dynamic-provider            (the dynamic-provider host: our resources' code)
 *
 * Two kill modes: `tree` freezes every one of them with SIGSTOP and then SIGKILLs them (a machine
 * or container dying); `cli` SIGKILLs the pulumi CLI alone (an OOM kill, a CI job cancelled with
 * `kill -9` on the CLI's pid): the provider host, in a process group of its own, keeps running and
 * finishes the calls it has in flight, but nothing records their results.
 *
 * How the kill lands at a point (the emulator runs in its own process; see emulator-process.ts):
 *
 * - "right after request X" (`when: "answered"`): a latency fault holds X for {@link HOLD_ANSWERED_MS}.
 *   Once the request log shows X arrived, a second rule makes every later API request fail as a
 *   connection dropped before the emulator commits anything; then, once the log shows X answered,
 *   the kill is sent. So X is the last change that reached the account before the kill, whatever
 *   the engine ran in parallel: nothing after X committed. Requests the provider sent in the few
 *   milliseconds between X's answer and the kill were dropped (it retries them; in `cli` mode those
 *   retries succeed once the rule is removed right after the kill, and the host finishes its calls).
 * - "with request Y in flight" (`when: "in-flight"`): a latency fault holds Y for
 *   {@link HOLD_IN_FLIGHT_MS}; once the log shows Y arrived, the drop rule goes on and the kill is
 *   sent while Y is held (the test checks that Y was still unanswered at the kill). The emulator
 *   then serves Y after the hold, as Cloudflare completes a request whose client has gone: Y's
 *   change lands whether or not anything is left to hear the answer.
 *
 * After the kill this waits until the held request has been answered and the API has been quiet
 * (no request open, none new) for {@link QUIET_MS}: in `cli` mode that is the orphaned provider host
 * finishing its calls. Then it SIGKILLs any process of the run still alive (the idle host), by pid.
 */
import { readFileSync, readdirSync } from "node:fs";
import type { RequestLogEntry } from "../../provider/emulator";
import type { CommandOutcome, CrashStack } from "./crash-stack";
import type { EmulatorProcessAccess } from "./emulator-process";

/** How long "right after X" holds X: time enough to put the drop rule in place first. */
export const HOLD_ANSWERED_MS = 700;
/** How long "with Y in flight" holds Y: the kill lands well inside it. */
export const HOLD_IN_FLIGHT_MS = 3_000;
/** The API is quiet when nothing is open and nothing new arrived for this long (the client paces at 250 ms). */
export const QUIET_MS = 2_500;
const POLL_MS = 5;

export type KillMode = "tree" | "cli";

/** The request a kill point is defined by. */
export interface RequestMatch {
  method: string;
  /** A fault path pattern below /client/v4. */
  path: string;
  /** The Nth request matching method and path in this command. */
  nth: number;
}

export interface KillPointSpec {
  command: "up" | "destroy";
  request: RequestMatch;
  when: "answered" | "in-flight";
}

/** One process of the run, from /proc. */
export interface RunProcess {
  pid: number;
  ppid: number;
  pgid: number;
  role: "driver" | "cli" | "provider-host" | "other";
  cmdline: string;
}

/** What happened at the kill. */
export interface KillReport {
  /** The request that defined the point, as logged. */
  marker: RequestLogEntry;
  /** The marker's status at the moment of the kill (null: still in flight). */
  markerStatusAtKill: number | null;
  /** The processes the kill saw, and which it killed. */
  processes: RunProcess[];
  killed: number[];
  /** Provider-host processes still alive after the API went quiet (then killed, as cleanup). */
  hostSurvived: boolean;
  /** How the command ended: the driver died (tree), or a failed report (cli). */
  outcome: CommandOutcome;
  /** Every request of the command as the emulator logged it, once quiet. */
  requests: RequestLogEntry[];
  /** The timeline position right after the kill. */
  timelineAtKill: number;
}

/** Processes below `root` (included), from /proc. */
export function listProcessTree(root: number): RunProcess[] {
  const all = new Map<number, { ppid: number; pgid: number }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses.
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z") continue;
      all.set(Number(name), { ppid: Number(fields[1]), pgid: Number(fields[2]) });
    } catch {
      // Gone meanwhile.
    }
  }
  const tree: RunProcess[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    const info = all.get(pid);
    if (info === undefined) continue;
    const cmdline = readCmdline(pid);
    tree.push({ pid, ppid: info.ppid, pgid: info.pgid, role: classify(pid, root, cmdline), cmdline });
    for (const [child, other] of all) if (other.ppid === pid) queue.push(child);
  }
  return tree;
}

function readCmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8")
      .split("\0")
      .filter((s) => s !== "")
      .join(" ");
  } catch {
    return "";
  }
}

function classify(pid: number, root: number, cmdline: string): RunProcess["role"] {
  if (pid === root) return "driver";
  const argv0 = cmdline.split(" ")[0] ?? "";
  if (argv0 === "pulumi" || argv0.endsWith("/pulumi")) return "cli";
  // The dynamic-provider host (a shell script and its node), or the package's provider plugin.
  if (
    cmdline.includes("pulumi-resource-pulumi-nodejs") ||
    cmdline.includes("cmd/dynamic-provider") ||
    cmdline.includes("pulumi-resource-cloudflare-acns")
  )
    return "provider-host";
  return "other";
}

function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor<T>(what: string, boundMs: number, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`kill-points: timed out after ${boundMs} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

/**
 * Runs `spec.command` on the stack and kills it at the point; returns once the API is quiet and
 * no process of the run is left.
 */
export async function runAndKill(
  emulator: EmulatorProcessAccess,
  stack: CrashStack,
  spec: KillPointSpec,
  mode: KillMode,
): Promise<KillReport> {
  const driverPid = stack.driverPid;
  if (driverPid === undefined) throw new Error("kill-points: no driver running");
  const hold = await emulator.addFault({
    method: spec.request.method,
    path: spec.request.path,
    nth: spec.request.nth,
    times: 1,
    action: { kind: "latency", ms: spec.when === "answered" ? HOLD_ANSWERED_MS : HOLD_IN_FLIGHT_MS },
  });
  let settled: CommandOutcome | undefined;
  const running = stack.start(spec.command).then((outcome) => {
    settled = outcome;
    return outcome;
  });

  // 1. The marker request arrives (the hold fired on it).
  const arrived = await waitFor(
    `${spec.request.method} ${spec.request.path} #${spec.request.nth}`,
    120_000,
    async () => {
      if (settled !== undefined) {
        throw new Error(
          `kill-points: ${spec.command} ended before its request ${spec.request.method} ${spec.request.path} #${spec.request.nth}: ` +
            JSON.stringify(settled.kind === "report" ? { error: settled.report.error } : settled),
        );
      }
      return (await emulator.requests()).find((r) => r.fault === hold.id);
    },
  );
  // 2. From now on nothing else reaches the account: every later request is dropped uncommitted.
  const drop = await emulator.addFault({
    method: "*",
    path: "/**",
    times: 1_000_000,
    action: { kind: "drop", when: "before-commit" },
  });
  // 3. "right after": wait for the marker's answer.
  let marker = arrived;
  if (spec.when === "answered") {
    marker = await waitFor("the marker's answer", 30_000, async () =>
      (await emulator.requests()).find((r) => r.seq === arrived.seq && r.status !== null),
    );
  }
  // 4. The kill.
  const processes = listProcessTree(driverPid);
  const killed: number[] = [];
  if (mode === "tree") {
    for (const p of processes) signal(p.pid, "SIGSTOP");
    for (const p of [...processes].reverse()) {
      signal(p.pid, "SIGKILL");
      killed.push(p.pid);
    }
  } else {
    const cli = processes.find((p) => p.role === "cli");
    if (cli === undefined)
      throw new Error(`kill-points: no pulumi CLI below the driver: ${JSON.stringify(processes)}`);
    signal(cli.pid, "SIGKILL");
    killed.push(cli.pid);
  }
  const markerStatusAtKill = (await emulator.requests()).find((r) => r.seq === arrived.seq)?.status ?? null;
  const timelineAtKill = await emulator.markTimeline();
  // 5. The provider host (cli mode) may carry on: let its requests through again.
  await emulator.removeFault(drop.id);
  // 6. The held marker is served; the command ends; the API goes quiet.
  await waitFor("the marker's answer after the kill", 30_000, async () =>
    (await emulator.requests()).find((r) => r.seq === arrived.seq && r.status !== null),
  );
  const outcome = await running;
  let lastCount = -1;
  let quietSince = Date.now();
  const requests = await waitFor("a quiet API", 120_000, async () => {
    const log = await emulator.requests();
    const open = log.some((r) => r.status === null && r.outcome === "answered");
    if (open || log.length !== lastCount) {
      lastCount = log.length;
      quietSince = Date.now();
      return undefined;
    }
    return Date.now() - quietSince >= QUIET_MS ? log : undefined;
  });
  // 7. Whatever of the run is still alive (the idle provider host in cli mode) goes now.
  const survivors = processes.filter((p) => isAlive(p.pid));
  const hostSurvived = survivors.some((p) => p.role === "provider-host");
  for (const p of survivors) if (p.role !== "driver" && p.role !== "cli") signal(p.pid, "SIGKILL");
  return { marker, markerStatusAtKill, processes, killed, hostSurvived, outcome, requests, timelineAtKill };
}

/** Writes (not GET) the emulator committed, as `METHOD path`, in the order it saw them. */
export function listCommittedWrites(requests: readonly RequestLogEntry[], after = 0): string[] {
  return requests
    .filter(
      (r) =>
        r.seq > after &&
        r.method !== "GET" &&
        r.outcome !== "dropped-before-commit" &&
        r.status !== null &&
        r.status < 400,
    )
    .map((r) => `${r.method} ${r.path}`);
}
