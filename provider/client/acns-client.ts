/**
 * The Cloudflare API as this package needs it: account custom nameservers, the zone and account
 * DNS settings that use them (current and deprecated endpoints), and zone lookups.
 * @see ../../../shared/cloudflare-acns-api.md
 * @see https://developers.cloudflare.com/api/resources/custom_nameservers/
 */
import { z } from "zod";
import {
  Account,
  AccountDnsSettings,
  AccountNameserverType,
  CustomNameserver,
  Zone,
  ZoneDnsSettings,
  ZoneNameserversWrite,
  isAccountNameserverType,
  type LegacyDefaultNameservers,
} from "../core/cloudflare";
import { describeZoneNameservers } from "../core/zone-nameservers";
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { checkId } from "./arguments";
import { createTransport, type AcnsClientOptions } from "./client-options";
import { resolveConnection, type Connection } from "./config";
import { CloudflareClientError } from "./errors";
import type { TokenBucketPacer } from "./pacer";
import { resolveEndpoint, type ClientStats, type Reconciled, type RequestSpec } from "./request-spec";
import {
  getAccount,
  getZoneCustomNameservers,
  putZoneCustomNameservers,
  updateAccountDefaultNameservers,
} from "./deprecated-endpoints";
import type { Transport } from "./transport";
import { findZoneByName, listZonePages } from "./zones";

/** Zone ACNS state as the deprecated `GET /zones/{zone_id}/custom_ns` reports it. */
export interface ZoneCustomNameserversState {
  /** Whether the zone uses account custom nameservers; `false` when the answer leaves it out. */
  enabled: boolean;
  /** The set in use, when the answer names one. */
  ns_set: number | undefined;
}

/** Build a client; throws {@link CloudflareClientError} for missing credentials or bad options, before any request. */
export function createAcnsClient(options: AcnsClientOptions = {}): AcnsClient {
  return new AcnsClient(options);
}

/**
 * Typed access to the ACNS endpoints of the Cloudflare v4 API, through the official SDK, with
 * client-side pacing and retries. Every method throws {@link CloudflareApiError} when the request
 * fails after its retries.
 */
export class AcnsClient {
  /** Base URL in use, without a trailing slash. */
  readonly baseUrl: string;
  /** Whether credentials came from the options or the environment (never the credentials themselves). */
  readonly credentialsSource: Connection["credentialsSource"];
  // ES private: see Transport; a dump of the client shows only the two fields above.
  readonly #transport: Transport;
  readonly #pacer: TokenBucketPacer;

  constructor(options: AcnsClientOptions = {}) {
    const connection = resolveConnection(options);
    this.baseUrl = connection.baseUrl;
    this.credentialsSource = connection.credentialsSource;
    [this.#transport, this.#pacer] = createTransport(options, connection);
  }

  /** The pacer this client's requests go through; shared with like clients unless told otherwise. */
  get pacer(): TokenBucketPacer {
    return this.#pacer;
  }

  /** Request counts since the client was made or {@link resetStats} last ran. */
  stats(): ClientStats {
    return this.#transport.stats();
  }

  /** Zero the counters of {@link stats}. */
  resetStats(): void {
    this.#transport.resetStats();
  }

  /** Send one described request through this client's transport; for endpoints the SDK lacks (nameserver-sets.ts). */
  execute<T>(spec: RequestSpec<T>): Promise<T> {
    return this.#transport.execute(spec);
  }

  // --- Account custom nameservers --------------------------------------------------------------

  /** List an account's custom nameservers (`GET /accounts/{account_id}/custom_ns`; not paginated). */
  async listCustomNameservers(options: { accountId: string }): Promise<CustomNameserver[]> {
    return this.#transport.execute(
      this.listCustomNameserversSpec(options.accountId, "listCustomNameservers"),
    );
  }

  /**
   * Add a custom nameserver to set `nsSet` (`POST /accounts/{account_id}/custom_ns`). Idempotent at
   * our level although the POST is not: after an attempt whose fate is unknown, the name found in
   * the intended set counts as created (README "Idempotent create and delete"); a name in another
   * set, or a refusal on the first attempt, is thrown.
   */
  async createCustomNameserver(options: {
    accountId: string;
    nsName: string;
    nsSet?: number;
  }): Promise<CustomNameserver> {
    const accountId = checkId("accountId", options.accountId);
    const nsName = checkNsName(options.nsName);
    const nsSet = options.nsSet ?? Limits.DEFAULT_NS_SET;
    const listSpec = this.listCustomNameserversSpec(
      accountId,
      "createCustomNameserver",
      `check whether custom nameserver ${JSON.stringify(nsName)} exists in account ${accountId} after an interrupted create`,
    );
    return this.#transport.execute({
      operation: "createCustomNameserver",
      action: `create custom nameserver ${JSON.stringify(nsName)} in set ${nsSet} of account ${accountId}`,
      ...resolveEndpoint("POST", "/accounts/{account_id}/custom_ns", { account_id: accountId }),
      send: (sdk, request) =>
        sdk.customNameservers.create(
          {
            account_id: accountId,
            ns_name: nsName,
            ...(options.nsSet === undefined ? {} : { ns_set: options.nsSet }),
          },
          request,
        ),
      parse: (envelope) => CustomNameserver.parse(envelope.result),
      reconcile: async (): Promise<Reconciled<CustomNameserver>> => {
        const existing = findName(await this.#transport.execute(listSpec), nsName);
        return existing !== undefined && existing.ns_set === nsSet
          ? { settled: true, value: existing }
          : { settled: false };
      },
    });
  }

  /**
   * Remove a custom nameserver (`DELETE /accounts/{account_id}/custom_ns/{ns_name}`). Idempotent at
   * our level: after an attempt whose fate is unknown, a name that is gone counts as deleted; a
   * "not found" on the first attempt is thrown.
   */
  async deleteCustomNameserver(options: { accountId: string; nsName: string }): Promise<void> {
    const accountId = checkId("accountId", options.accountId);
    const nsName = checkNsName(options.nsName);
    const listSpec = this.listCustomNameserversSpec(
      accountId,
      "deleteCustomNameserver",
      `check whether custom nameserver ${JSON.stringify(nsName)} is gone from account ${accountId} after an interrupted delete`,
    );
    await this.#transport.execute<void>({
      operation: "deleteCustomNameserver",
      action: `delete custom nameserver ${JSON.stringify(nsName)} from account ${accountId}`,
      ...resolveEndpoint("DELETE", "/accounts/{account_id}/custom_ns/{ns_name}", {
        account_id: accountId,
        ns_name: nsName,
      }),
      send: (sdk, request) => sdk.customNameservers.delete(nsName, { account_id: accountId }, request),
      parse: () => undefined,
      reconcile: async (): Promise<Reconciled<void>> =>
        findName(await this.#transport.execute(listSpec), nsName) === undefined
          ? { settled: true, value: undefined }
          : { settled: false },
    });
  }

  // --- Zone DNS settings (current) ------------------------------------------------------------

  /**
   * Read a zone's DNS settings, `nameservers` among them (`GET /zones/{zone_id}/dns_settings`).
   * `nameservers` may have any type (an open union since 2026): the SDK's are typed, others kept
   * verbatim; none makes the read fail (see `ZoneNameserversRead`).
   */
  async getZoneDnsSettings(options: { zoneId: string }): Promise<ZoneDnsSettings> {
    const zoneId = checkId("zoneId", options.zoneId);
    return this.#transport.execute({
      operation: "getZoneDnsSettings",
      action: `read DNS settings of zone ${zoneId}`,
      ...resolveEndpoint("GET", "/zones/{zone_id}/dns_settings", { zone_id: zoneId }),
      send: (sdk, request) => sdk.dns.settings.zone.get({ zone_id: zoneId }, request),
      parse: (envelope) => ZoneDnsSettings.parse(envelope.result),
    });
  }

  /**
   * Set a zone's nameservers (`PATCH /zones/{zone_id}/dns_settings`): `{type: "custom.account",
   * ns_set: N}` puts it on ACNS set N, `{type: "custom", nameserver_set_id}` on a Custom Nameserver
   * Set, `{type: "cloudflare.standard"}` takes it off. Only what `ZoneNameserversWrite` allows is
   * sent; anything else is refused before any request.
   */
  async editZoneDnsSettings(options: {
    zoneId: string;
    nameservers: ZoneNameserversWrite;
  }): Promise<ZoneDnsSettings> {
    const zoneId = checkId("zoneId", options.zoneId);
    const checked = ZoneNameserversWrite.safeParse(options.nameservers);
    if (!checked.success) {
      throw new CloudflareClientError(
        "argument",
        "nameservers",
        `nameservers ${JSON.stringify(options.nameservers)} cannot be written: this package sets only ` +
          `{type: "custom.account", ns_set: 1-5}, {type: "custom", nameserver_set_id: <32 characters>}, ` +
          `"cloudflare.standard" or "cloudflare.advanced"; set other nameserver types in the Cloudflare dashboard or API`,
      );
    }
    const nameservers = checked.data;
    return this.#transport.execute({
      operation: "editZoneDnsSettings",
      action: `set nameservers of zone ${zoneId} to ${describeZoneNameservers(nameservers)}`,
      ...resolveEndpoint("PATCH", "/zones/{zone_id}/dns_settings", { zone_id: zoneId }),
      send: (sdk, request) => sdk.dns.settings.zone.edit({ zone_id: zoneId, nameservers }, request),
      parse: (envelope) => ZoneDnsSettings.parse(envelope.result),
    });
  }

  // --- Account DNS settings (current) ---------------------------------------------------------

  /**
   * Read an account's DNS settings, `zone_defaults.nameservers` among them
   * (`GET /accounts/{account_id}/dns_settings`). The default's type is kept verbatim, known or not.
   */
  async getAccountDnsSettings(options: { accountId: string }): Promise<AccountDnsSettings> {
    const accountId = checkId("accountId", options.accountId);
    return this.#transport.execute({
      operation: "getAccountDnsSettings",
      action: `read DNS settings of account ${accountId}`,
      ...resolveEndpoint("GET", "/accounts/{account_id}/dns_settings", { account_id: accountId }),
      send: (sdk, request) => sdk.dns.settings.account.get({ account_id: accountId }, request),
      parse: (envelope) => AccountDnsSettings.parse(envelope.result),
    });
  }

  /**
   * Set the nameserver type new zones of the account get (`PATCH /accounts/{account_id}/dns_settings`
   * with `zone_defaults.nameservers.type`). There is no set number at account level.
   */
  async editAccountDnsSettings(options: {
    accountId: string;
    zoneDefaults: { nameservers: { type: AccountNameserverType } };
  }): Promise<AccountDnsSettings> {
    const accountId = checkId("accountId", options.accountId);
    const type = options.zoneDefaults.nameservers.type;
    if (!isAccountNameserverType(type)) {
      throw new CloudflareClientError(
        "argument",
        "zoneDefaults.nameservers.type",
        `default nameservers type ${JSON.stringify(type)} cannot be written: this package sets only ` +
          `${AccountNameserverType.options.map((t) => JSON.stringify(t)).join(", ")}; set other types in the Cloudflare dashboard or API`,
      );
    }
    return this.#transport.execute({
      operation: "editAccountDnsSettings",
      action: `set the default nameservers of new zones in account ${accountId} to ${type}`,
      ...resolveEndpoint("PATCH", "/accounts/{account_id}/dns_settings", { account_id: accountId }),
      send: (sdk, request) =>
        sdk.dns.settings.account.edit(
          { account_id: accountId, zone_defaults: { nameservers: { type } } },
          request,
        ),
      parse: (envelope) => AccountDnsSettings.parse(envelope.result),
    });
  }

  // --- Deprecated endpoints (interop with older tools; deprecated-endpoints.ts) ----------------

  /**
   * Read whether a zone uses account custom nameservers, and which set (deprecated
   * `GET /zones/{zone_id}/custom_ns`; prefer {@link getZoneDnsSettings}). Reads `enabled`/`ns_set`
   * at the envelope's top level as Cloudflare's spec has them, else under `result`.
   */
  async getZoneCustomNameservers(options: { zoneId: string }): Promise<ZoneCustomNameserversState> {
    return getZoneCustomNameservers(this, options);
  }

  /**
   * Put a zone on set `nsSet` (`enabled: true`) or take it off ACNS (`enabled: false`) through the
   * deprecated `PUT /zones/{zone_id}/custom_ns`; prefer {@link editZoneDnsSettings}.
   */
  async putZoneCustomNameservers(options: {
    zoneId: string;
    enabled: boolean;
    nsSet?: number;
  }): Promise<void> {
    return putZoneCustomNameservers(this, options);
  }

  /** Read an account (`GET /accounts/{account_id}`); needed to rewrite it with {@link updateAccountDefaultNameservers}. */
  async getAccount(options: { accountId: string }): Promise<Account> {
    return getAccount(this, options);
  }

  /**
   * Set the deprecated account setting `settings.default_nameservers` (`PUT /accounts/{account_id}`;
   * prefer {@link editAccountDnsSettings}). PUT replaces the account's fields, so the current
   * account is read first (or taken from `current`) and sent back with only this setting changed;
   * otherwise settings such as `enforce_twofactor` could be reset.
   */
  async updateAccountDefaultNameservers(options: {
    accountId: string;
    defaultNameservers: LegacyDefaultNameservers;
    current?: Account;
  }): Promise<Account> {
    return updateAccountDefaultNameservers(this, options);
  }

  // --- Zones ------------------------------------------------------------------------------------

  /** Read one zone (`GET /zones/{zone_id}`); `name_servers` lists the set's names when it is on ACNS. */
  async getZone(options: { zoneId: string }): Promise<Zone> {
    const zoneId = checkId("zoneId", options.zoneId);
    return this.#transport.execute({
      operation: "getZone",
      action: `read zone ${zoneId}`,
      ...resolveEndpoint("GET", "/zones/{zone_id}", { zone_id: zoneId }),
      send: (sdk, request) => sdk.zones.get({ zone_id: zoneId }, request),
      parse: (envelope) => Zone.parse(envelope.result),
    });
  }

  /**
   * List an account's zones, optionally filtered by exact name, following every page
   * (`GET /zones?account.id=…&name=…&page=…&per_page=…`). `perPage` is 5-50. @default perPage 50
   */
  async listZones(options: { accountId: string; name?: string; perPage?: number }): Promise<Zone[]> {
    return listZonePages(this, "listZones", options);
  }

  /**
   * Find a zone of the account by name (case and a trailing dot ignored; Unicode and punycode
   * forms match each other). Asks for the ASCII form first, the form Cloudflare stores, then the
   * name as given if that differs. When several zones carry the name (a pending copy beside the
   * active one), the active one wins, else the first listed. Undefined when there is none.
   */
  async findZoneByName(options: { accountId: string; name: string }): Promise<Zone | undefined> {
    return findZoneByName(this, options);
  }

  private listCustomNameserversSpec(
    accountIdRaw: string,
    operation: string,
    action?: string,
  ): RequestSpec<CustomNameserver[]> {
    const accountId = checkId("accountId", accountIdRaw);
    return {
      operation,
      action: action ?? `list custom nameservers of account ${accountId}`,
      ...resolveEndpoint("GET", "/accounts/{account_id}/custom_ns", { account_id: accountId }),
      send: (sdk, request) => sdk.customNameservers.get({ account_id: accountId }, request),
      parse: (envelope) => z.array(CustomNameserver).parse(envelope.result),
    };
  }
}

/** Guard the path segment only; whether the name is a valid hostname is Cloudflare's (and the validator's) call. */
function checkNsName(value: string): string {
  if (value.trim() === "" || value === "." || value === ".." || value.includes("/")) {
    throw new CloudflareClientError(
      "argument",
      "nsName",
      `nameserver name ${JSON.stringify(value)} cannot be sent; give a hostname such as ns1.example.com`,
    );
  }
  return value;
}

/** Names compare in normal form (no case, no trailing dot, IDNs in punycode). */
function findName(names: readonly CustomNameserver[], nsName: string): CustomNameserver | undefined {
  const wanted = normaliseName(nsName);
  return names.find((n) => normaliseName(n.ns_name) === wanted);
}
