/**
 * The inputs of `AccountCustomNameservers`: one account's whole configuration, in the
 * {@link AcnsConfig} shape with Pulumi inputs for the values.
 */
import * as pulumi from "@pulumi/pulumi";
import type { AccountNameserverType } from "../core/cloudflare";
import type { ZoneRestoreTarget } from "../core/zone-nameservers";
import type { AcnsLiveZone } from "../core/config";
import { type CustomNameserverSetNameserver } from "../resources/custom-nameserver-set";
import { type LiveStateReader } from "./live-state";
import { type ZoneIdLookup } from "./zone-lookup";

/** One nameserver set of {@link AccountCustomNameserversArgs}. */
export interface AccountCustomNameserversSetArgs {
  /**
   * The set number, 1-5. A plain number, not an output: the child resource is named after it
   * (`<name>-set-<nsSet>`), and renumbering replaces the set.
   */
  nsSet: number;
  /** The set's 2-5 hostnames, e.g. `["ns1.example.com", "ns2.example.com"]`. */
  nameservers: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Earlier identities of this child, passed to its `aliases` option: the URN (or name and parent)
   * of the stand-alone resource it replaces when a program moves into the component, so Pulumi
   * keeps managing the same object instead of creating this one and deleting the old one.
   */
  aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
}

/** One Custom Nameserver Set of {@link AccountCustomNameserversArgs}; see `CustomNameserverSet`. */
export interface AccountCustomNameserversCustomSetArgs {
  /**
   * This configuration's name for the set, e.g. `edge` (lowercase letters, digits, `-`, `_`): zones
   * name it in `customSet`, and the child is `<name>-custom-<key>`. A plain string.
   */
  key: string;
  /** The set's names in order, each a hostname or `{ name, ipCount }`. Any change replaces the set. */
  nameservers: pulumi.Input<pulumi.Input<CustomNameserverSetNameserver>[]>;
  /** @default false */
  advanced?: pulumi.Input<boolean>;
  /** @default 1 */
  ipSet?: pulumi.Input<number>;
  /** Earlier identities of this child (see the sets' `aliases`). */
  aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
}

/** One zone of {@link AccountCustomNameserversArgs}. */
export interface AccountCustomNameserversZoneArgs {
  /**
   * The zone's name, e.g. `example.com`. A plain string, not an output: the child resource is
   * named after it (normalised: `<name>-zone-example.com`).
   */
  name: string;
  /**
   * The zone's id (32 lowercase hex characters).
   * @default looked up by name in the account when the component runs (see `lookupZoneIds`)
   */
  zoneId?: pulumi.Input<string>;
  /**
   * The set the zone uses.
   * @default 1 (as Cloudflare does when `ns_set` is omitted)
   */
  nsSet?: pulumi.Input<number>;
  /**
   * The key of a `customSets` entry the zone uses instead of a numbered set (give it or `nsSet`).
   * A plain string.
   */
  customSet?: string;
  /** The child binding's `restoreTo`: where the zone goes on delete when what it had before is not known. */
  restoreTo?: pulumi.Input<ZoneRestoreTarget>;
  /**
   * Earlier identities of this child, passed to its `aliases` option: the URN (or name and parent)
   * of the stand-alone resource it replaces when a program moves into the component, so Pulumi
   * keeps managing the same object instead of creating this one and deleting the old one.
   */
  aliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
}

/** Inputs of {@link AccountCustomNameservers}: the {@link AcnsConfig} shape, with Pulumi inputs for values. */
export interface AccountCustomNameserversArgs {
  /** The account's id: 32 lowercase hex characters. */
  accountId: pulumi.Input<string>;
  /**
   * What new zones of the account use (`zone_defaults.nameservers.type`); creates a
   * `<name>-default` child. With `custom.account`, set 1 must be usable.
   * @default left as the account has it (no child)
   */
  defaultNameservers?: pulumi.Input<AccountNameserverType>;
  /** The account's nameserver sets, one `<name>-set-<nsSet>` child each. */
  sets: readonly AccountCustomNameserversSetArgs[];
  /**
   * The account's Custom Nameserver Sets, one `<name>-custom-<key>` child ({@link CustomNameserverSet}) each.
   * @default none
   */
  customSets?: readonly AccountCustomNameserversCustomSetArgs[];
  /** The zones on account custom nameservers, one `<name>-zone-<zone>` child each. */
  zones: readonly AccountCustomNameserversZoneArgs[];
  /**
   * Facts about zones of the account that `zones` does not list (`nsSet: null` when not on ACNS),
   * so the hierarchy rule is checked against them too. Only checked, never changed.
   * @default none
   */
  liveZones?: pulumi.Input<AcnsLiveZone[]>;
  /**
   * Take over sets that already hold names in the account (see `AccountNameserverSet`'s `adopt`).
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
  /**
   * Earlier identities of the `<name>-default` child (see the sets' and zones' `aliases`).
   * @default none
   */
  defaultAliases?: pulumi.Input<pulumi.URN | pulumi.Alias>[];
  /**
   * Finds the ids of zones listed without `zoneId`; runs only when some zone has none.
   * @default the Cloudflare API, with the credentials the resources use (Pulumi config
   * `cloudflare:apiToken`, `cloudflare:baseUrl`, ..., else the environment)
   */
  lookupZoneIds?: ZoneIdLookup;
  /**
   * Reads the account's live sets, zones and default once per run, so the children's operations
   * are ordered to keep every step of the update within the rules (a set gives up a name before
   * another takes it, a zone leaves a set before a zone of its chain moves onto it); an update that
   * no order can apply fails before any change. Answering `undefined` keeps the fixed order (a
   * binding after its set, the default after every set). Runs once every value is known.
   * @default the Cloudflare API with the resources' credentials (see `lookupZoneIds`); without any
   * credential, the fixed order
   */
  readLiveState?: LiveStateReader;
}
