/**
 * The deprecated endpoints this package still calls for interop with older tools: the zone's
 * `custom_ns` view and the account's `settings.default_nameservers`. The current ones are
 * `dns_settings` (acns-client.ts). Each function is the {@link AcnsClient} method of its name.
 *
 * @see ../../../shared/cloudflare-acns-api.md
 */
import type { Cloudflare } from "cloudflare";
import {
  Account,
  PutZoneCustomNameserversBody,
  ZoneCustomNameserversMetadata,
  type Envelope,
  type LegacyDefaultNameservers,
} from "../core/cloudflare";
import { Limits } from "../core/limits";
import { isObject } from "../core/validate-state";
import type { AcnsClient, ZoneCustomNameserversState } from "./acns-client";
import { checkId } from "./arguments";
import { resolveEndpoint } from "./request-spec";

type SdkAccountSettings = NonNullable<Parameters<Cloudflare["accounts"]["update"]>[0]["settings"]>;

/**
 * Read whether a zone uses account custom nameservers, and which set (deprecated
 * `GET /zones/{zone_id}/custom_ns`; prefer `getZoneDnsSettings`). Reads `enabled`/`ns_set` at the
 * envelope's top level as Cloudflare's spec has them, else under `result`.
 */
export async function getZoneCustomNameservers(
  this: AcnsClient,
  options: { zoneId: string },
): Promise<ZoneCustomNameserversState> {
  const zoneId = checkId("zoneId", options.zoneId);
  return this.execute({
    operation: "getZoneCustomNameservers",
    action: `read custom nameserver use of zone ${zoneId}`,
    ...resolveEndpoint("GET", "/zones/{zone_id}/custom_ns", { zone_id: zoneId }),
    send: (sdk, request) => sdk.zones.customNameservers.get({ zone_id: zoneId }, request),
    parse: (envelope) => parseZoneCustomNameservers(envelope),
  });
}

/**
 * Put a zone on set `nsSet` (`enabled: true`) or take it off ACNS (`enabled: false`) through the
 * deprecated `PUT /zones/{zone_id}/custom_ns`; prefer `editZoneDnsSettings`.
 */
export async function putZoneCustomNameservers(
  this: AcnsClient,
  options: { zoneId: string; enabled: boolean; nsSet?: number },
): Promise<void> {
  const zoneId = checkId("zoneId", options.zoneId);
  const { enabled, nsSet } = options;
  const what = enabled
    ? `on custom nameserver set ${nsSet ?? Limits.DEFAULT_NS_SET}`
    : "off custom nameservers";
  const body: PutZoneCustomNameserversBody = { enabled, ...(nsSet === undefined ? {} : { ns_set: nsSet }) };
  await this.execute<void>({
    operation: "putZoneCustomNameservers",
    action: `put zone ${zoneId} ${what} (deprecated endpoint)`,
    ...resolveEndpoint("PUT", "/zones/{zone_id}/custom_ns", { zone_id: zoneId }),
    send: (sdk, request) => sdk.zones.customNameservers.update({ zone_id: zoneId, ...body }, request),
    parse: () => undefined,
  });
}

/** Read an account (`GET /accounts/{account_id}`); needed to rewrite it with {@link updateAccountDefaultNameservers}. */
export async function getAccount(this: AcnsClient, options: { accountId: string }): Promise<Account> {
  const accountId = checkId("accountId", options.accountId);
  return this.execute({
    operation: "getAccount",
    action: `read account ${accountId}`,
    ...resolveEndpoint("GET", "/accounts/{account_id}", { account_id: accountId }),
    send: (sdk, request) => sdk.accounts.get({ account_id: accountId }, request),
    parse: (envelope) => Account.parse(envelope.result),
  });
}

/**
 * Set the deprecated account setting `settings.default_nameservers` (`PUT /accounts/{account_id}`;
 * prefer `editAccountDnsSettings`). PUT replaces the account's fields, so the current account is
 * read first (or taken from `current`) and sent back with only this setting changed; otherwise
 * settings such as `enforce_twofactor` could be reset.
 */
export async function updateAccountDefaultNameservers(
  this: AcnsClient,
  options: { accountId: string; defaultNameservers: LegacyDefaultNameservers; current?: Account },
): Promise<Account> {
  const accountId = checkId("accountId", options.accountId);
  const current = options.current ?? (await this.getAccount({ accountId }));
  // The SDK (v7.3) no longer types default_nameservers; the intersection carries it through.
  const settings: SdkAccountSettings & { default_nameservers: LegacyDefaultNameservers } = {
    ...(current.settings ?? {}),
    default_nameservers: options.defaultNameservers,
  };
  // The older boolean for the same thing, when the account still reports it, must agree or the
  // PUT contradicts itself.
  if (current.settings !== undefined && "use_account_custom_ns_by_default" in current.settings) {
    Object.assign(settings, {
      use_account_custom_ns_by_default: options.defaultNameservers === "custom.account",
    });
  }
  return this.execute({
    operation: "updateAccountDefaultNameservers",
    action: `set default_nameservers of account ${accountId} to ${options.defaultNameservers} (deprecated setting)`,
    ...resolveEndpoint("PUT", "/accounts/{account_id}", { account_id: accountId }),
    send: (sdk, request) =>
      sdk.accounts.update(
        { account_id: accountId, id: accountId, name: current.name, type: current.type, settings },
        request,
      ),
    parse: (envelope) => Account.parse(envelope.result),
  });
}

function parseZoneCustomNameservers(envelope: Envelope): ZoneCustomNameserversState {
  const top = ZoneCustomNameserversMetadata.parse(envelope);
  const nested = isObject(envelope.result) ? ZoneCustomNameserversMetadata.parse(envelope.result) : {};
  return {
    enabled: top.enabled ?? nested.enabled ?? false,
    ns_set: top.ns_set ?? nested.ns_set,
  };
}
