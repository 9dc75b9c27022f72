/**
 * `CustomNameserverSet`: one account-owned Cloudflare Custom Nameserver Set (2026), an immutable
 * object with an id that zones use through `{type: "custom", nameserver_set_id}`, and the glue
 * records the registrar needs for its names.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/subresources/nameserver_sets/
 * @see ../../docs/decisions/010-custom-nameserver-sets.md
 */
import * as pulumi from "@pulumi/pulumi";
import type { AnycastGroup } from "../core/custom-nameserver-sets";
import { warnAboutPlainCredentials } from "./plain-credentials";
import { RESOURCE_MODULE, ResourceTypeNames } from "./resource-types";
import { forwardToRuntime } from "./forwarder";

/** One name of a {@link CustomNameserverSet}: a hostname, or the hostname with its address count. */
export type CustomNameserverSetNameserver =
  | string
  | {
      /** The hostname, e.g. `ns1.example.com`. */
      name: string;
      /**
       * IPv4 and IPv6 addresses Cloudflare gives this name (of each family). All names of an
       * advanced set use one count.
       * @default Cloudflare's (one of each in the emulator)
       */
      ipCount?: number;
    };

/** Inputs of {@link CustomNameserverSet}. Every change replaces the set: Cloudflare cannot change one. */
export interface CustomNameserverSetArgs {
  /** The account's id: 32 lowercase hex characters, shown in the Cloudflare dashboard. */
  accountId: pulumi.Input<string>;
  /**
   * The set's names in order, each a hostname or `{ name, ipCount }`, e.g.
   * `["ns1.example.com", "ns2.example.com"]`. Case, a trailing dot and Unicode spellings are
   * normalised; a name may appear once. Order is part of the set: reordering replaces it.
   */
  nameservers: pulumi.Input<pulumi.Input<CustomNameserverSetNameserver>[]>;
  /**
   * Allocate the names from distinct Advanced anycast groups (`ipv4Groups`/`ipv6Groups` in the glue).
   * @default false
   */
  advanced?: pulumi.Input<boolean>;
  /**
   * The account's address pool, a whole number of at least 1. Sets of one pool and `advanced`
   * value may share a name's addresses; other pools never do.
   * @default 1
   */
  ipSet?: pulumi.Input<number>;
}

/** The A and AAAA glue the registrar of a nameserver's domain must publish for it. */
export interface CustomNameserverSetGlue {
  /** The nameserver's hostname. */
  nsName: string;
  /** Its IPv4 addresses, assigned by Cloudflare. */
  ipv4: string[];
  /** Its IPv6 addresses, assigned by Cloudflare. */
  ipv6: string[];
  /** Advanced sets only: the anycast group of each IPv4 address, same order. */
  ipv4Groups?: AnycastGroup[];
  /** Advanced sets only: the anycast group of each IPv6 address, same order. */
  ipv6Groups?: AnycastGroup[];
}

/** Outputs of {@link CustomNameserverSet} (also its state). */
export interface CustomNameserverSetOutputs {
  accountId: string;
  /** The set's id, which a zone's `nameserver_set_id` names. */
  nameserverSetId: string;
  /** The names as given, normalised, in their order. */
  nameservers: CustomNameserverSetNameserver[];
  advanced: boolean;
  ipSet: number;
  /** When Cloudflare created the set (ISO 8601). */
  createdOn: string;
  /** One entry per name, in the order of `nameservers`. */
  glueRecords: CustomNameserverSetGlue[];
}

export const customNameserverSetProvider = forwardToRuntime("customNameserverSet");

/**
 * One account-owned Custom Nameserver Set. Cloudflare cannot change a set, so every input change
 * replaces it: the new set is created first, zones are moved to it (their `ZoneAcnsBinding`s), and
 * the old set is deleted last. Delete refuses while a zone uses the set, naming the zones. The id is
 * `<accountId>/<nameserverSetId>`.
 *
 * ```ts
 * const set = new CustomNameserverSet("primary", {
 *   accountId: "0123456789abcdef0123456789abcdef",
 *   nameservers: ["ns1.example.net", { name: "ns2.example.net", ipCount: 2 }],
 * });
 * export const glue = set.glueRecords;
 * export const setId = set.nameserverSetId;
 * ```
 */
export class CustomNameserverSet extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns these outputs; an emitted field would overwrite them.
  declare readonly accountId: pulumi.Output<string>;
  /** The set's id, for a zone's `nameserver_set_id`. */
  declare readonly nameserverSetId: pulumi.Output<string>;
  /** The names as given, normalised, in their order. */
  declare readonly nameservers: pulumi.Output<CustomNameserverSetNameserver[]>;
  /** Whether the names come from distinct Advanced anycast groups. */
  declare readonly advanced: pulumi.Output<boolean>;
  /** The account's address pool the set uses. */
  declare readonly ipSet: pulumi.Output<number>;
  /** When Cloudflare created the set. */
  declare readonly createdOn: pulumi.Output<string>;
  /** Glue (A and AAAA) for each name, to publish at the registrar of the name's domain. */
  declare readonly glueRecords: pulumi.Output<CustomNameserverSetGlue[]>;

  constructor(name: string, args: CustomNameserverSetArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutPlainCredentials();
    super(
      customNameserverSetProvider,
      name,
      {
        accountId: args.accountId,
        nameservers: args.nameservers,
        advanced: args.advanced,
        ipSet: args.ipSet,
        nameserverSetId: undefined,
        createdOn: undefined,
        glueRecords: undefined,
      },
      opts,
      RESOURCE_MODULE,
      ResourceTypeNames.CustomNameserverSet,
    );
  }
}
