/**
 * `AccountDefaultNameservers`: the nameserver type new zones of an account get
 * (`zone_defaults.nameservers.type` of the account's DNS settings). There is no set number at
 * account level: with `custom.account` a new zone tries set 1 first, then the next sets.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/methods/edit/
 */
import * as pulumi from "@pulumi/pulumi";
import { claimAccountDefault } from "./claims";
import { warnAboutPlainCredentials } from "./plain-credentials";
import type { AccountNameserverType } from "../core/cloudflare";
import { RESOURCE_MODULE, ResourceTypeNames } from "./resource-types";
import type * as Runtime from "./runtime";

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

/* eslint-disable @typescript-eslint/no-require-imports -- The serialized provider must capture
   nothing: each method loads the implementation by package name when the provider host runs it. */
/** The dynamic provider of {@link AccountDefaultNameservers}; see `accountNameserverSetProvider` for why it only forwards. */
export const accountDefaultNameserversProvider: pulumi.dynamic.ResourceProvider = {
  async configure(req) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).configure(req);
  },
  async check(olds, news) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.check(
      olds,
      news,
    );
  },
  async diff(id, olds, news) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.diff(
      id,
      olds,
      news,
    );
  },
  async create(inputs) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.create(
      inputs,
    );
  },
  async read(id, props) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.read(
      id,
      props,
    );
  },
  async update(id, olds, news) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.update(
      id,
      olds,
      news,
    );
  },
  async delete(id, props) {
    return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).accountDefaultNameservers.delete(
      id,
      props,
    );
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

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
  /** The account's id. */
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
      // accountId waits for the claim of this default: one resource per account default in a program.
      { accountId: claimAccountDefault(name, args, opts), type: args.type, previousType: undefined },
      opts,
      RESOURCE_MODULE,
      ResourceTypeNames.AccountDefaultNameservers,
    );
  }
}
