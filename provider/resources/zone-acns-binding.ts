/**
 * `ZoneAcnsBinding`: puts one zone on an account custom nameserver set through the zone's
 * `dns_settings` (`nameservers: {type: "custom.account", ns_set}`), and gives the names the
 * registrar must delegate to.
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/zone/methods/edit/
 */
import * as pulumi from "@pulumi/pulumi";
import { describeZoneClaim, gateOnClaim } from "./claims";
import { warnAboutPlainCredentials } from "./plain-credentials";
import type { ZoneNameserverType } from "../core/cloudflare";
import type { ZoneRestoreTarget } from "../core/zone-nameservers";
import { RESOURCE_MODULE, ResourceTypeNames } from "./resource-types";
import { forwardToRuntime } from "./forwarder";

/** Inputs of {@link ZoneAcnsBinding}. */
export interface ZoneAcnsBindingArgs {
  /** The zone's id: 32 lowercase hex characters. Changing it replaces the binding. */
  zoneId: pulumi.Input<string>;
  /**
   * The numbered set the zone uses, 1-5. Changes apply in place. Leave it out when the zone uses a
   * Custom Nameserver Set (`nameserverSetId`).
   * @default 1 (as Cloudflare does when `ns_set` is omitted), unless `nameserverSetId` is given
   */
  nsSet?: pulumi.Input<number>;
  /**
   * The account-owned Custom Nameserver Set the zone uses instead of a numbered set: pass a
   * `CustomNameserverSet`'s `nameserverSetId` output. Give this or `nsSet`, not both. Changes
   * (including a move between a numbered set and a Custom Nameserver Set) apply in place.
   */
  nameserverSetId?: pulumi.Input<string>;
  /**
   * The zone's name, as a check: the binding refuses a zone whose name differs.
   * @default looked up from the zone
   */
  zoneName?: pulumi.Input<string>;
  /**
   * The set's names: pass the `AccountNameserverSet`'s `nameservers` output. It keeps the
   * `nameservers` output current when the set's names change in place (the binding then reads them
   * again, without writing anything), and orders the binding after the set. Without it,
   * `nameservers` catches up with such a change only at the next `pulumi refresh`.
   */
  setNameservers?: pulumi.Input<string[]>;
  /**
   * Where delete puts the zone when what it had before this binding is not known: after an import,
   * or when create found the zone already on its set (as after a run killed between the zone's move
   * and Pulumi recording it). `{type: "custom.account", nsSet}` (another set),
   * `{type: "cloudflare.standard"}` or `{type: "cloudflare.advanced"}`. A recorded earlier setting
   * always wins. Changing it writes nothing.
   * @default none: the zone stays on its set, and goes to `cloudflare.standard` when that set is
   * deleted in the same update
   */
  restoreTo?: pulumi.Input<ZoneRestoreTarget>;
}

/** A zone's nameserver setting as this binding found it at create. */
export interface ZoneNameserversRecord {
  type: ZoneNameserverType;
  /** The set, when `type` is `custom.account`; null otherwise. */
  nsSet: number | null;
}

/** Outputs of {@link ZoneAcnsBinding} (also its state). */
export interface ZoneAcnsBindingOutputs {
  zoneId: string;
  /** The zone's name, normalised. */
  zoneName: string;
  /** The zone's account (so a refresh reads only the zone's settings). */
  accountId: string;
  /** The numbered set the zone uses; null on a Custom Nameserver Set, or when refresh found it on neither. */
  nsSet: number | null;
  /** The Custom Nameserver Set the zone uses; present only when it uses one. */
  nameserverSetId?: string;
  /** The set's names, sorted: what the registrar must delegate the zone to. */
  nameservers: string[];
  /**
   * What the zone had before this binding, restored on delete; null when unknown (the binding was
   * imported). Equal to the binding's own set when create found the zone already there, which delete
   * also reads as unknown (see `restoreTo`).
   */
  previousNameservers: ZoneNameserversRecord | null;
  /** The `setNameservers` input, normalised and sorted; present only when given. */
  setNameservers?: string[];
  /** The `restoreTo` input; present only when given. */
  restoreTo?: ZoneRestoreTarget;
}

export const zoneAcnsBindingProvider = forwardToRuntime("zoneAcnsBinding");

/**
 * Puts a zone on account custom nameserver set `nsSet`, or on the Custom Nameserver Set
 * `nameserverSetId`. Delete takes the zone back to the
 * nameservers it had before. The id is the zone id.
 *
 * ```ts
 * new ZoneAcnsBinding("example-com", { zoneId: "0123456789abcdef0123456789abcdef", nsSet: 1 });
 * ```
 */
export class ZoneAcnsBinding extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns these outputs; an emitted field would overwrite them.
  declare readonly zoneId: pulumi.Output<string>;
  /** The zone's name, normalised. */
  declare readonly zoneName: pulumi.Output<string>;
  /** The zone's account. */
  declare readonly accountId: pulumi.Output<string>;
  /** The numbered set the zone uses (null on a Custom Nameserver Set, or after a refresh that found it on neither). */
  declare readonly nsSet: pulumi.Output<number | null>;
  /** The Custom Nameserver Set the zone uses, when it uses one. */
  declare readonly nameserverSetId: pulumi.Output<string | undefined>;
  /** The set's names: what the registrar must delegate the zone to. */
  declare readonly nameservers: pulumi.Output<string[]>;
  /** What delete restores. */
  declare readonly previousNameservers: pulumi.Output<ZoneNameserversRecord | null>;
  /** Where delete puts the zone when what it had before is not known (the input, when given). */
  declare readonly restoreTo: pulumi.Output<ZoneRestoreTarget | undefined>;

  constructor(name: string, args: ZoneAcnsBindingArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutPlainCredentials();
    super(
      zoneAcnsBindingProvider,
      name,
      {
        // Waits for the claim of this zone (one resource per zone in a program); the call repeats its
        // shape in each class with that class's identifying inputs.
        zoneId: gateOnClaim(args.zoneId, {
          type: ResourceTypeNames.ZoneAcnsBinding,
          name,
          opts,
          inputs: { zoneId: args.zoneId },
          describe: describeZoneClaim,
        }),
        nsSet: args.nsSet,
        nameserverSetId: args.nameserverSetId,
        zoneName: args.zoneName,
        setNameservers: args.setNameservers,
        restoreTo: args.restoreTo,
        accountId: undefined,
        nameservers: undefined,
        previousNameservers: undefined,
      },
      opts,
      RESOURCE_MODULE,
      ResourceTypeNames.ZoneAcnsBinding,
    );
  }
}
