/**
 * The emulator's store: the state (state.ts) and its changes, each running the pure rules first,
 * for the HTTP routes and out-of-band changes (drift) alike. The credentials, faults, request log,
 * timeline and rate limiter hang off it so one object resets the whole emulator.
 */
import type { AccountNameserverType, CustomNameserver } from "../core/cloudflare";
import { Limits } from "../core/limits";
import { createScaledClock, type Clock } from "./clock";
import type { ContinuityViolation } from "./continuity-report";
import {
  captureTimelineState,
  Timeline,
  toTimelineZone,
  type TimelineCause,
  type TimelineEvent,
  type TimelineRangeOptions,
  type TimelineState,
} from "./timeline";
import { throwProblems } from "./errors";
import { FaultRegistry } from "./faults";
import { Credentials } from "./credentials";
import { RequestLog } from "./request-log";
import { normaliseHostname } from "./hostnames";
import {
  createDefaultDnsSettings,
  getOrInsert,
  mergeDnsSettings,
  normaliseZoneNameservers,
  sameZoneNameservers,
  type AccountRecord,
  type DnsSettingsPatch,
  type NameserverRecord,
  type ZoneNameserversState,
  type ZoneRecord,
} from "./model";
import { deriveObjectId } from "./addresses";
import { RateLimiter, type RateLimitOptions } from "./rate-limit";
import { renderCustomNameserver } from "./render";
import {
  checkAccountDefault,
  checkAddAccount,
  checkAddZone,
  checkCreateNameserver,
  checkDeleteNameserver,
  checkZoneNameservers,
  chooseNewZoneNameservers,
  type RuleOptions,
} from "./rules";
import type { NameserverSet } from "../core/custom-nameserver-sets";
import {
  checkCreateNameserverSet,
  checkDeleteNameserverSet,
  checkZoneOnNameserverSet,
} from "./nameserver-set-rules";
import { renderNameserverSet } from "./nameserver-set-state";
import type { NameserverSetInput, NameserverSetLimits } from "./nameserver-sets";
import { applySeed, loadSeed, type Seed, type SeedInput } from "./seed";
import { EmulatorState, type EmulatorSnapshot } from "./state";

export interface StoreOptions {
  /** Seed object or path of a JSON seed file. @default an empty seed */
  seed?: SeedInput | Seed | string;
  /** A clock to use instead of the real one (tests that step time by hand). */
  clock?: Clock;
  /**
   * Request budget per user, shared by all the user's tokens and API keys (a credential without a
   * seed user is a user of its own). @default Cloudflare's: 1200 per 300 s, then a 300 s lockout
   */
  rateLimit?: RateLimitOptions;
  /** Limits and choices of the account-owned Custom Nameserver Sets. @default DEFAULT_NAMESERVER_SET_LIMITS */
  nameserverSetLimits?: Partial<NameserverSetLimits>;
  /** Rules that can be switched; the defaults follow Cloudflare (docs/decisions/009). */
  rules?: RuleOptions;
  /**
   * Send `foundation_dns` in zone and account `dns_settings` answers, as Cloudflare did until
   * 2026-11-23 (to test a client against older answers; docs/decisions/009). A PATCH that contains
   * it is refused either way. @default false
   */
  reportFoundationDns?: boolean;
}

/** The emulator's state and controls. */
export class EmulatorStore extends EmulatorState {
  /** The users, tokens and API keys, from the seed. */
  readonly credentials = new Credentials();
  /** The fault rules; the server takes one per request, tests and the admin API add and remove them. */
  readonly faults = new FaultRegistry();
  /** The calls received on /client/v4. */
  readonly requestLog = new RequestLog(() => this.nowIso());
  private zoneSeq = 0;
  /** The changes since the last reset (our invention; see timeline.ts and continuity.ts). */
  private readonly timeline = new Timeline(() => this.nowIso());
  private seed: Seed;
  readonly rateLimiter: RateLimiter;
  /** The switchable rules this store runs with (kept across resets). */
  readonly ruleOptions: Readonly<RuleOptions>;
  /** Whether dns_settings answers carry `foundation_dns` (see StoreOptions). */
  readonly reportFoundationDns: boolean;

  constructor(options: StoreOptions = {}) {
    super(options.clock ?? createScaledClock(1), options.nameserverSetLimits);
    this.ruleOptions = { ...options.rules };
    this.reportFoundationDns = options.reportFoundationDns ?? false;
    this.rateLimiter = new RateLimiter(options.rateLimit ?? {}, this.clock);
    this.seed = loadSeed(options.seed ?? {});
    applySeed(this, this.seed);
    this.timeline.restart(captureTimelineState(this));
  }

  // ---- seed and reset ----

  /**
   * Puts the emulator back to a seed (the one it started with unless another is given) and forgets
   * fault rules, the request log and rate-limit counters. Starts a new timeline at #0.
   */
  reset(seed?: SeedInput | Seed | string): void {
    const next = seed === undefined ? this.seed : loadSeed(seed);
    // A seed that breaks a rule must leave the current state alone: try it on a scratch store first.
    if (seed !== undefined) new EmulatorStore({ seed: next, clock: this.clock, rules: this.ruleOptions });
    this.clearState();
    this.credentials.clear();
    this.faults.reset();
    this.requestLog.reset();
    this.zoneSeq = 0;
    this.rateLimiter.reset();
    this.timeline.pause();
    try {
      applySeed(this, next);
    } finally {
      this.timeline.restart(captureTimelineState(this));
    }
    this.seed = next;
  }

  // ---- changes (rules first) ----

  /** Adds an account custom nameserver (`POST /accounts/{id}/custom_ns`). */
  createNameserver(accountId: string, body: { ns_name: string; ns_set?: number }): CustomNameserver {
    const account = this.requireAccount(accountId);
    const nsName = normaliseHostname(body.ns_name);
    const nsSet = body.ns_set ?? Limits.DEFAULT_NS_SET;
    throwProblems(checkCreateNameserver(this, account, nsName, nsSet));
    const record: NameserverRecord = { accountId, nsName, nsSet };
    getOrInsert(this.nameserverMap, accountId, () => new Map()).set(nsName, record);
    this.timeline.record("createNameserver", { kind: "nameserver-created", accountId, nsName, nsSet });
    return renderCustomNameserver(this, record);
  }

  /** Removes an account custom nameserver (`DELETE /accounts/{id}/custom_ns/{ns_name}`). */
  deleteNameserver(accountId: string, nsName: string): void {
    this.requireAccount(accountId);
    const name = normaliseHostname(nsName);
    throwProblems(checkDeleteNameserver(this, accountId, name, this.ruleOptions));
    const existing = this.nameserverMap.get(accountId)?.get(name);
    this.nameserverMap.get(accountId)?.delete(name);
    if (existing !== undefined) {
      this.timeline.record("deleteNameserver", {
        kind: "nameserver-deleted",
        accountId,
        nsName: name,
        nsSet: existing.nsSet,
      });
    }
  }

  /** Sets where a zone's nameservers come from (dns_settings and the deprecated custom_ns alike). */
  setZoneNameservers(zoneId: string, target: ZoneNameserversState): ZoneRecord {
    const zone = this.requireZone(zoneId);
    const account = this.requireAccount(zone.accountId);
    const next = normaliseZoneNameservers(target);
    if (next.type === "custom")
      this.applyNameserverSetProblems(
        checkZoneOnNameserverSet(this, account, zone, next.nameserver_set_id ?? ""),
      );
    else throwProblems(checkZoneNameservers(this, account, zone, next));
    const before = zone.nameservers;
    zone.nameservers = next;
    zone.modifiedOn = this.nowIso();
    if (!sameZoneNameservers(before, next)) {
      this.timeline.record("setZoneNameservers", {
        kind: "zone-nameservers",
        zoneId: zone.id,
        zoneName: zone.name,
        accountId: zone.accountId,
        before: { ...before },
        after: { ...next },
      });
    }
    return zone;
  }

  /** Merges DNS settings other than the nameservers into a zone's (`soa` field by field). */
  mergeZoneSettings(zoneId: string, patch: DnsSettingsPatch): ZoneRecord {
    const zone = this.requireZone(zoneId);
    mergeDnsSettings(zone.settings, patch);
    zone.modifiedOn = this.nowIso();
    return zone;
  }

  /** Sets the nameserver type new zones of an account get (both the current and the deprecated view). */
  setAccountDefaultNameservers(accountId: string, type: AccountNameserverType): AccountRecord {
    const account = this.requireAccount(accountId);
    throwProblems(checkAccountDefault(account, type));
    const before = account.nameserversType;
    account.nameserversType = type;
    if (before !== type) {
      this.timeline.record("setAccountDefaultNameservers", {
        kind: "account-default",
        accountId,
        before,
        after: type,
      });
    }
    return account;
  }

  /** Changes the account fields given; the default nameservers go through `setAccountDefaultNameservers`. */
  updateAccountFields(
    accountId: string,
    fields: {
      name?: string;
      abuseContactEmail?: string | undefined;
      enforceTwofactor?: boolean | undefined;
      enforceDnsOnly?: boolean | undefined;
      zoneDefaults?: DnsSettingsPatch | undefined;
    },
  ): AccountRecord {
    const account = this.requireAccount(accountId);
    if (fields.zoneDefaults !== undefined) mergeDnsSettings(account.zoneDefaults, fields.zoneDefaults);
    if (fields.enforceDnsOnly !== undefined) account.enforceDnsOnly = fields.enforceDnsOnly;
    if (fields.name !== undefined) account.name = fields.name;
    if (fields.abuseContactEmail !== undefined) account.abuseContactEmail = fields.abuseContactEmail;
    if (fields.enforceTwofactor !== undefined) account.enforceTwofactor = fields.enforceTwofactor;
    return account;
  }

  // ---- account-owned Custom Nameserver Sets (rules and choices: nameserver-sets.ts) ----

  /** Creates a set (`POST .../nameserver_sets`); `id` only for seeds. */
  createNameserverSet(accountId: string, input: NameserverSetInput, id?: string): NameserverSet {
    const account = this.requireAccount(accountId);
    this.applyNameserverSetProblems(checkCreateNameserverSet(this, account, input));
    const record = this.nameserverSetState.add(accountId, input, this.nowIso(), id);
    this.timeline.record("createNameserverSet", {
      kind: "nameserver-set-created",
      accountId,
      setId: record.id,
      names: record.nameservers.map((ns) => ns.name),
    });
    return renderNameserverSet(record);
  }

  /** Deletes a set no zone uses (`DELETE .../nameserver_sets/{id}`). */
  deleteNameserverSet(accountId: string, setId: string): { id: string } {
    const account = this.requireAccount(accountId);
    this.applyNameserverSetProblems(checkDeleteNameserverSet(this, account, setId));
    const record = this.nameserverSetState.delete(accountId, setId);
    if (record !== undefined) {
      this.timeline.record("deleteNameserverSet", {
        kind: "nameserver-set-deleted",
        accountId,
        setId,
        names: record.nameservers.map((ns) => ns.name),
      });
    }
    return { id: setId };
  }

  // ---- out-of-band changes (drift, test setup) ----

  /** Adds an account. */
  addAccount(input: {
    id: string;
    name: string;
    acnsEntitled?: boolean;
    type?: "standard" | "enterprise";
    defaultNameservers?: AccountNameserverType;
  }): AccountRecord {
    throwProblems(checkAddAccount(this, input.id));
    const entitled = input.acnsEntitled ?? false;
    const account: AccountRecord = {
      id: input.id,
      name: input.name,
      type: input.type ?? (entitled ? "enterprise" : "standard"),
      acnsEntitled: entitled,
      createdOn: this.nowIso(),
      zoneDefaults: createDefaultDnsSettings(),
      nameserversType: input.defaultNameservers ?? "cloudflare.standard",
      enforceDnsOnly: false,
      enforceTwofactor: false,
    };
    throwProblems(checkAccountDefault(account, account.nameserversType));
    this.accountMap.set(account.id, account);
    this.timeline.record("addAccount", {
      kind: "account-added",
      accountId: account.id,
      defaultNameservers: account.nameserversType,
    });
    return account;
  }

  /** Adds a zone on the nameservers given, without the account default or the timeline (seeds). */
  insertZone(
    input: { id: string; name: string; accountId: string },
    nameservers: ZoneNameserversState,
  ): ZoneRecord {
    const account = this.requireAccount(input.accountId);
    const name = normaliseHostname(input.name);
    throwProblems(checkAddZone(this, account, { id: input.id, name, given: input.name }));
    const now = this.nowIso();
    const zone: ZoneRecord = {
      id: input.id,
      name,
      accountId: account.id,
      createdOn: now,
      modifiedOn: now,
      nameservers,
      settings: structuredClone(account.zoneDefaults),
    };
    this.zoneMap.set(zone.id, zone);
    return zone;
  }

  /**
   * Adds a zone as if created in the dashboard: it gets the account's zone defaults, including the
   * default nameservers (for custom.account the first set, ascending, that the rules allow).
   */
  addZone(input: { name: string; accountId: string; id?: string }): ZoneRecord {
    const id = input.id ?? deriveObjectId(`zone:${input.accountId}:${input.name}:${++this.zoneSeq}`);
    const zone = this.insertZone({ ...input, id }, { type: "cloudflare.standard" });
    zone.nameservers = chooseNewZoneNameservers(this, this.requireAccount(zone.accountId), zone);
    this.timeline.record("addZone", { kind: "zone-added", zone: toTimelineZone(zone) });
    return zone;
  }

  /** Removes a zone (its nameserver assignment goes with it). */
  deleteZone(zoneId: string): void {
    const zone = this.requireZone(zoneId);
    this.zoneMap.delete(zoneId);
    this.timeline.record("deleteZone", { kind: "zone-deleted", zone: toTimelineZone(zone) });
  }

  /** Grants or revokes an account's ACNS entitlement; existing names and zones are left as they are. */
  setEntitlement(accountId: string, entitled: boolean): AccountRecord {
    const account = this.requireAccount(accountId);
    const before = account.acnsEntitled;
    account.acnsEntitled = entitled;
    if (before !== entitled)
      this.timeline.record("setEntitlement", { kind: "entitlement", accountId, before, after: entitled });
    return account;
  }

  // ---- timeline and continuity (our invention; see continuity.ts) ----

  /** Runs `fn` with its changes attributed to `cause` (the server wraps each API write in it). */
  recordWritesAs<T>(cause: TimelineCause, fn: () => T): T {
    return this.timeline.recordWritesAs(cause, fn);
  }

  /** The current position on the timeline: 0 right after a reset, then the number of changes since. */
  markTimeline(): number {
    return this.timeline.mark();
  }

  /** Copies of the timeline's events after `from` up to `to`, oldest first. */
  listTimeline(options: TimelineRangeOptions = {}): TimelineEvent[] {
    return this.timeline.list(options);
  }

  /** The zones' nameservers and the accounts' names and sets as they were at `position`. */
  getTimelineState(position?: number): TimelineState {
    return this.timeline.stateAt(position);
  }

  /** The continuity violations between `from` and `to`; see continuity.ts (our rules, not Cloudflare's). */
  checkContinuity(options: TimelineRangeOptions = {}): ContinuityViolation[] {
    return this.timeline.check(options);
  }

  /** Like `checkContinuity`, but throws a ContinuityError listing every violation. */
  assertContinuity(options: TimelineRangeOptions = {}): void {
    this.timeline.assert(options);
  }

  /** The state as JSON, without secrets. */
  snapshot(): EmulatorSnapshot {
    return { ...this.snapshotState(), ...this.credentials.snapshot() };
  }
}
