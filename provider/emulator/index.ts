/**
 * A local emulator of the Cloudflare v4 API for account custom nameservers: the endpoints, the
 * rules, auth, the rate limit and fault injection, served over node:http.
 *
 * ```ts
 * const emulator = await startEmulator({ seed: "examples/seed.json" });
 * const cf = new Cloudflare({ apiToken: "acns-demo-token", baseURL: emulator.url });
 * await emulator.stop();
 * ```
 *
 * Package entry `pulumi-cloudflare-acns/emulator`.
 */
import type { Server } from "node:http";
import { createScaledClock } from "./clock";
import { ADMIN_PREFIX, API_PREFIX, listen, type Exchange } from "./server";
import { EmulatorStore, type StoreOptions } from "./store";
import type { TimelineRangeOptions } from "./timeline";

/** The store's options (seed, rate limit, set limits, rules, `foundation_dns`), and how to serve it. */
export interface EmulatorOptions extends StoreOptions {
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** Emulated seconds per real second for rate-limit windows and lockouts (60: a 300 s lockout lasts 5 s). @default 1 */
  timeScale?: number;
  /** Called after every /client/v4 exchange; tests use it to validate each answer against the spec. */
  onExchange?: (exchange: Exchange) => void;
}

/** A running emulator. */
export interface RunningEmulator {
  /** Base URL for API clients, e.g. `http://127.0.0.1:8787/client/v4`. */
  url: string;
  /** Base URL of the admin endpoints, e.g. `http://127.0.0.1:8787/__admin`. */
  adminUrl: string;
  port: number;
  /** The state and controls (faults, drift, request log) for in-process tests. */
  store: EmulatorStore;
  /** Stops listening and closes open connections. */
  stop(): Promise<void>;
  /** The current timeline position (`store.markTimeline()`); pass it as `from` to `assertContinuity`. */
  markTimeline(): number;
  /**
   * Throws a ContinuityError when a zone lost account custom nameservers between `from` and `to`
   * (`store.assertContinuity()`; our check, not Cloudflare's).
   */
  assertContinuity(options?: TimelineRangeOptions): void;
}

/** Starts an emulator; resolves once it accepts connections. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  // An explicit clock (tests that step time by hand) overrides timeScale.
  const store = new EmulatorStore({
    ...options,
    clock: options.clock ?? createScaledClock(options.timeScale ?? 1),
  });
  const host = options.host ?? "127.0.0.1";
  const { server, port } = await listen({ store, onExchange: options.onExchange }, options.port ?? 0, host);
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: `${origin}${API_PREFIX}`,
    adminUrl: `${origin}${ADMIN_PREFIX}`,
    port,
    store,
    stop: () => stopServer(server),
    markTimeline: () => store.markTimeline(),
    assertContinuity: (continuityOptions) => store.assertContinuity(continuityOptions),
  };
}

function stopServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err === undefined ? resolve() : reject(err)));
    server.closeAllConnections();
  });
}

export { EmulatorStore } from "./store";
export type { StoreOptions } from "./store";
export type { EmulatorSnapshot } from "./state";
export type { Principal } from "./credentials";
export { RequestLog } from "./request-log";
export type { RequestLogEntry } from "./request-log";
export { checkContinuity } from "./continuity";
export {
  ContinuityError,
  ContinuityViolationKinds,
  formatContinuityViolations,
  isContinuityError,
} from "./continuity-report";
export type {
  ContinuityRange,
  ContinuityViolation,
  ContinuityViolationKind,
  ZoneRef,
} from "./continuity-report";
export { listTimelineNameserverSetNames, listTimelineSetNames, replayTimeline } from "./timeline";
export type {
  TimelineCause,
  TimelineChange,
  TimelineEvent,
  TimelineRangeOptions,
  TimelineState,
  TimelineZone,
} from "./timeline";
export {
  Seed,
  SeedAccount,
  SeedApiKey,
  SeedError,
  SeedNameserver,
  SeedNameserverSet,
  SeedToken,
  SeedUser,
  SeedZone,
  findCredentialUser,
  loadSeed,
} from "./seed";
export type { SeedInput } from "./seed";
export { ApiError, ErrorCodes, isApiError } from "./errors";
export type { ApiErrorItem, ErrorDefinition, ErrorName, ErrorSource } from "./errors";
export { FaultAction, FaultSpec, matchPathPattern } from "./faults";
export type { Fault, FaultSpecInput } from "./faults";
export { DriftAction, TimelineRangeQuery } from "./admin";
export { createManualClock, createScaledClock } from "./clock";
export type { Clock, ManualClock } from "./clock";
export { formatRateLimitHeaders, RateLimiter } from "./rate-limit";
export type { RateLimitOptions, RateDecision, RateLimitWindow } from "./rate-limit";
export type { RuleOptions } from "./rules";
export type { Exchange } from "./server";
export { API_PREFIX, ADMIN_PREFIX } from "./server";
export { routes } from "./router";
export { DEFAULT_NAMESERVER_SET_LIMITS, NameserverSetRules } from "./nameserver-sets";
export { deriveSetIpv4, deriveSetIpv6 } from "./nameserver-set-state";
export type {
  NameserverSetLimits,
  NameserverSetRecord,
  NameserverSetRule,
  NameserverSetRuleName,
} from "./nameserver-sets";
export { deriveNameserverRecords, deriveStandardNameservers } from "./addresses";
