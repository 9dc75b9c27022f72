/**
 * The deprecated endpoints this package still calls for interop with older tools: the zone's
 * `custom_ns` view and the account's `settings.default_nameservers`. The current ones are
 * `dns_settings` (acns-client.ts). Each function backs the {@link AcnsClient} method of its name.
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

/** See {@link AcnsClient.getZoneCustomNameservers}. */
export async function getZoneCustomNameservers(
  client: AcnsClient,
  options: { zoneId: string },
): Promise<ZoneCustomNameserversState> {
  const zoneId = checkId("zoneId", options.zoneId);
  return client.execute({
    operation: "getZoneCustomNameservers",
    action: `read custom nameserver use of zone ${zoneId}`,
    ...resolveEndpoint("GET", "/zones/{zone_id}/custom_ns", { zone_id: zoneId }),
    send: (sdk, request) => sdk.zones.customNameservers.get({ zone_id: zoneId }, request),
    parse: (envelope) => parseZoneCustomNameservers(envelope),
  });
}

/** See {@link AcnsClient.putZoneCustomNameservers}. */
export async function putZoneCustomNameservers(
  client: AcnsClient,
  options: { zoneId: string; enabled: boolean; nsSet?: number },
): Promise<void> {
  const zoneId = checkId("zoneId", options.zoneId);
  const { enabled, nsSet } = options;
  const what = enabled
    ? `on custom nameserver set ${nsSet ?? Limits.DEFAULT_NS_SET}`
    : "off custom nameservers";
  const body: PutZoneCustomNameserversBody = { enabled, ...(nsSet === undefined ? {} : { ns_set: nsSet }) };
  await client.execute<void>({
    operation: "putZoneCustomNameservers",
    action: `put zone ${zoneId} ${what} (deprecated endpoint)`,
    ...resolveEndpoint("PUT", "/zones/{zone_id}/custom_ns", { zone_id: zoneId }),
    send: (sdk, request) => sdk.zones.customNameservers.update({ zone_id: zoneId, ...body }, request),
    parse: () => undefined,
  });
}

/** See {@link AcnsClient.getAccount}. */
export async function getAccount(client: AcnsClient, options: { accountId: string }): Promise<Account> {
  const accountId = checkId("accountId", options.accountId);
  return client.execute({
    operation: "getAccount",
    action: `read account ${accountId}`,
    ...resolveEndpoint("GET", "/accounts/{account_id}", { account_id: accountId }),
    send: (sdk, request) => sdk.accounts.get({ account_id: accountId }, request),
    parse: (envelope) => Account.parse(envelope.result),
  });
}

/** See {@link AcnsClient.updateAccountDefaultNameservers}. */
export async function updateAccountDefaultNameservers(
  client: AcnsClient,
  options: { accountId: string; defaultNameservers: LegacyDefaultNameservers; current?: Account },
): Promise<Account> {
  const accountId = checkId("accountId", options.accountId);
  const current = options.current ?? (await client.getAccount({ accountId }));
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
  return client.execute({
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
