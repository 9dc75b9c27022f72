/**
 * The resources layer: the Pulumi dynamic resources and what their users and tests need to
 * know about them. The run-time implementations live behind `pulumi-cloudflare-acns/runtime`.
 */
export { AccountNameserverSet, accountNameserverSetProvider } from "./account-nameserver-set";
export type {
  AccountNameserverSetArgs,
  AccountNameserverSetOutputs,
  GlueRecord,
} from "./account-nameserver-set";
export { ZoneAcnsBinding, zoneAcnsBindingProvider } from "./zone-acns-binding";
export type { ZoneAcnsBindingArgs, ZoneAcnsBindingOutputs, ZoneNameserversRecord } from "./zone-acns-binding";
export { AccountDefaultNameservers, accountDefaultNameserversProvider } from "./account-default-nameservers";
export type {
  AccountDefaultNameserversArgs,
  AccountDefaultNameserversOutputs,
} from "./account-default-nameservers";
export {
  ACCOUNT_NAMESERVER_SET_INPUTS,
  ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
} from "./account-nameserver-set-inputs";
export type { AccountNameserverSetInputs } from "./account-nameserver-set-inputs";
export { ZONE_ACNS_BINDING_INPUTS, ZONE_ACNS_BINDING_REPLACE_FIELDS } from "./zone-acns-binding-inputs";
export type { ZoneAcnsBindingInputs } from "./zone-acns-binding-inputs";
export {
  ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
  ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
} from "./account-default-nameservers-runtime";
export type { AccountDefaultNameserversInputs } from "./account-default-nameservers-runtime";
export { CustomNameserverSet, customNameserverSetProvider } from "./custom-nameserver-set";
export type {
  CustomNameserverSetArgs,
  CustomNameserverSetGlue,
  CustomNameserverSetNameserver,
  CustomNameserverSetOutputs,
} from "./custom-nameserver-set";
export {
  CUSTOM_NAMESERVER_SET_INPUTS,
  CUSTOM_NAMESERVER_SET_REPLACE_FIELDS,
} from "./custom-nameserver-set-inputs";
export type { CustomNameserverSetInputs } from "./custom-nameserver-set-inputs";
export { formatCustomSetId, formatSetId, parseCustomSetId, parseSetId } from "./ids";
export { ProviderConfigKeys, ProviderEnv, readProviderSettings } from "./provider-config";
export type { ConfigSource, ProviderSettings } from "./provider-config";
export { AcnsResourceError, isAcnsResourceError } from "./errors";
export { UNKNOWN_VALUE, containsUnknown, isUnknown } from "./unknowns";
export {
  PACKAGE_NAME,
  RESOURCE_MODULE,
  RUNTIME_MODULE,
  ResourceTypeNames,
  formatTypeToken,
} from "./resource-types";
export type { ResourceTypeName } from "./resource-types";
