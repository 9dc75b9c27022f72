/**
 * `AccountDefaultNameservers`: the nameserver type new zones of an account get
 * (`zone_defaults.nameservers.type` of the account's DNS settings). There is no set number at
 * account level: with `custom.account` a new zone tries set 1 first, then the next sets.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/methods/edit/
 */
import * as pulumi from "@pulumi/pulumi";
import { describeDefaultClaim, gateOnClaim } from "./claims";
import { warnAboutPlainCredentials } from "./plain-credentials";
import type { AccountNameserverType } from "../core/cloudflare";
import { RESOURCE_MODULE, ResourceTypeNames } from "./resource-types";
import { forwardToRuntime } from "./forwarder";

/** Inputs of {@link AccountDefaultNameservers}. */
export interface AccountDefaultNameserversArgs {
  /** The account's id: 32 lowercase hex characters. Changing it replaces the resource. */
  accountId: pulumi.Input<string>;
  /**
   * What new zones get: `cloudflare.standard`, `cloudflare.advanced`, `cloudflare.standard.random`,
   * `custom.account` or `custom.tenant`. Changes apply in place.
   */
  type: pulumi.Input<AccountNameserverType>;
}

/** Outputs of {@link AccountDefaultNameservers} (also its state). */
export interface AccountDefaultNameserversOutputs {
  accountId: string;
  type: AccountNameserverType;
  /** The type found at create, restored on delete; null when unknown (imported), then delete sets `cloudflare.standard`. */
  previousType: AccountNameserverType | null;
}

export const accountDefaultNameserversProvider = forwardToRuntime("accountDefaultNameservers");

/**
 * Sets the nameserver type new zones of an account get. Delete restores the type found at create.
 * The id is the account id.
 *
 * ```ts
 * new AccountDefaultNameservers("default", { accountId, type: "custom.account" });
 * ```
 */
export class AccountDefaultNameservers extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns these outputs; an emitted field would overwrite them.
  declare readonly accountId: pulumi.Output<string>;
  /** What new zones get. */
  declare readonly type: pulumi.Output<AccountNameserverType>;
  /** What delete restores. */
  declare readonly previousType: pulumi.Output<AccountNameserverType | null>;

  constructor(name: string, args: AccountDefaultNameserversArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutPlainCredentials();
    super(
      accountDefaultNameserversProvider,
      name,
      {
        // Waits for the claim of this default (one resource per account default in a program); each class
        // gates its own identifying inputs, so the call repeats its shape with other values.
        accountId: gateOnClaim(args.accountId, {
          type: ResourceTypeNames.AccountDefaultNameservers,
          name,
          opts,
          inputs: { accountId: args.accountId },
          describe: describeDefaultClaim,
        }),
        type: args.type,
        previousType: undefined,
      },
      opts,
      RESOURCE_MODULE,
      ResourceTypeNames.AccountDefaultNameservers,
    );
  }
}
