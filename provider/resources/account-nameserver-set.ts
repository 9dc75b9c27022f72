/**
 * `AccountNameserverSet`: one nameserver set (1-5) of a Cloudflare account with its 2-5 names,
 * and the glue records the registrar needs for them.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import * as pulumi from "@pulumi/pulumi";
import { describeSetClaim, gateOnClaim } from "./claims";
import { warnAboutPlainCredentials } from "./plain-credentials";
import { RESOURCE_MODULE, ResourceTypeNames } from "./resource-types";
import { forwardToRuntime } from "./forwarder";

/** Inputs of {@link AccountNameserverSet}. */
export interface AccountNameserverSetArgs {
  /** The account's id: 32 lowercase hex characters, shown in the Cloudflare dashboard. */
  accountId: pulumi.Input<string>;
  /**
   * The set number, 1-5. Changing it replaces the set.
   * @default 1 (as Cloudflare does when `ns_set` is omitted)
   */
  nsSet?: pulumi.Input<number>;
  /**
   * The set's 2-5 hostnames, e.g. `["ns1.example.com", "ns2.example.com"]`. Case, a trailing dot
   * and Unicode spellings are normalised; order does not matter. Changes apply in place.
   */
  nameservers: pulumi.Input<pulumi.Input<string>[]>;
  /**
   * Take over a set that already holds names in the account instead of refusing to create. The
   * set then holds exactly `nameservers`: existing names that are not listed are removed. A name
   * that sits in another set is never moved.
   * @default false
   */
  adopt?: pulumi.Input<boolean>;
}

/** The A and AAAA glue the registrar of a nameserver's domain must publish for it. */
export interface GlueRecord {
  /** The nameserver's hostname. */
  nsName: string;
  /** Its IPv4 address, assigned by Cloudflare; null if Cloudflare lists none. */
  ipv4: string | null;
  /** Its IPv6 address, assigned by Cloudflare; null if Cloudflare lists none. */
  ipv6: string | null;
}

/** Outputs of {@link AccountNameserverSet} (also its state). */
export interface AccountNameserverSetOutputs {
  accountId: string;
  nsSet: number;
  /** The set's names, normalised and sorted. */
  nameservers: string[];
  /** One entry per name, in the order of `nameservers`. */
  glueRecords: GlueRecord[];
  /**
   * Only on a set taken over with `adopt: true` that already held names: those names, as found.
   * Deleting the resource restores exactly them (it removes only the names it added).
   */
  foundNameservers?: string[];
}

export const accountNameserverSetProvider = forwardToRuntime("accountNameserverSet");

/**
 * One account custom nameserver set. Create adds every name or none; update adds before it
 * removes; delete refuses while zones use the set. The id is `<accountId>/<nsSet>`.
 *
 * ```ts
 * const set1 = new AccountNameserverSet("primary", {
 *   accountId: "0123456789abcdef0123456789abcdef",
 *   nameservers: ["ns1.example.net", "ns2.example.net"],
 * });
 * export const glue = set1.glueRecords;
 * ```
 */
export class AccountNameserverSet extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns these outputs; an emitted field would overwrite them.
  declare readonly accountId: pulumi.Output<string>;
  /** The set number, 1-5. */
  declare readonly nsSet: pulumi.Output<number>;
  /** The set's names, normalised and sorted. */
  declare readonly nameservers: pulumi.Output<string[]>;
  /** Glue (A and AAAA) for each name, to publish at the registrar of the name's domain. */
  declare readonly glueRecords: pulumi.Output<GlueRecord[]>;

  constructor(name: string, args: AccountNameserverSetArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutPlainCredentials();
    super(
      accountNameserverSetProvider,
      name,
      {
        // Waits for the claim of this set number (one resource per set in a program); the call repeats
        // its shape in each class with that class's identifying inputs.
        accountId: gateOnClaim(args.accountId, {
          type: ResourceTypeNames.AccountNameserverSet,
          name,
          opts,
          inputs: { accountId: args.accountId, nsSet: args.nsSet },
          describe: describeSetClaim,
        }),
        nsSet: args.nsSet,
        nameservers: args.nameservers,
        adopt: args.adopt,
        glueRecords: undefined,
      },
      opts,
      RESOURCE_MODULE,
      ResourceTypeNames.AccountNameserverSet,
    );
  }
}
