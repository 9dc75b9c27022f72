/**
 * The component layer: one account's whole ACNS configuration as one Pulumi component, checked
 * as a whole before any child changes.
 */
export { ACCOUNT_CUSTOM_NAMESERVERS_TYPE, AccountCustomNameservers } from "./account-custom-nameservers";
export { AcnsComponentError, isAcnsComponentError } from "./component-errors";
export type {
  AccountCustomNameserversArgs,
  AccountCustomNameserversSetArgs,
  AccountCustomNameserversZoneArgs,
} from "./account-custom-nameservers-args";
export { checkKnownConfig, formatUncheckedValues } from "./check-known-config";
export type { KnownConfigVerdict, UncheckedValue } from "./check-known-config";
export { createApiZoneIdLookup, lookupZoneIdsThroughApi } from "./zone-lookup";
export type { ZoneIdLookup, ZoneIdQuery } from "./zone-lookup";
export { createApiLiveStateReader, readLiveStateThroughApi, toAccountSnapshot } from "./live-state";
export type { LiveStateQuery, LiveStateReader } from "./live-state";
