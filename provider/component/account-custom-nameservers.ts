/**
 * `AccountCustomNameservers`: one account's whole configuration (the {@link AcnsConfig} shape) as
 * one component; every child's inputs wait for its check, so a configuration that breaks a rule
 * changes nothing, even with `pulumi up --skip-preview`.
 *
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import * as pulumi from "@pulumi/pulumi";
import { Limits } from "../core/limits";
import { PulumiTypeTokens } from "../core/package-schema";
import { normaliseName } from "../core/names";
import { planAcnsTransition } from "../core/transition-plan";
import { validateAcnsConfig } from "../core/validate";
import { isObject } from "../core/validate-state";
import { AccountDefaultNameservers } from "../resources/account-default-nameservers";
import { AccountNameserverSet, type GlueRecord } from "../resources/account-nameserver-set";
import { CustomNameserverSet, type CustomNameserverSetGlue } from "../resources/custom-nameserver-set";
import { claimChildrenUpFront, unwrapSecrets } from "../resources/claims";
import { containsUnknown, isUnknown } from "../resources/unknowns";
import { ZoneAcnsBinding } from "../resources/zone-acns-binding";
import { checkKnownConfig, formatUncheckedValues } from "./check-known-config";
import {
  DEFAULT_KEY,
  deriveChildOrder,
  formatCustomSetKey,
  formatSetKey,
  formatZoneKey,
  listFixedOrder,
  type ChildList,
  type ChildOrder,
} from "./child-order";
import { readLiveStateThroughApi, type LiveStateReader } from "./live-state";
import { lookupZoneIdsThroughApi } from "./zone-lookup";
import { type AccountCustomNameserversArgs } from "./account-custom-nameservers-args";
import { withAliases, childNames, listUpFrontClaims, listChildren } from "./children";
import {
  AcnsComponentError,
  describeIssues,
  describeBlocks,
  reportWarnings,
  describeZoneList,
  indentLines,
} from "./component-errors";
import { describeConfig, readKnownValue } from "./config-values";

/** The component's Pulumi type token. */
export const ACCOUNT_CUSTOM_NAMESERVERS_TYPE = PulumiTypeTokens.AccountCustomNameservers;

/**
 * The classes the component makes its children with: the dynamic resources, or the provider
 * plugin's resources when the plugin constructs the component (provider/plugin/construct.ts).
 */
export interface ChildClasses {
  AccountNameserverSet: typeof AccountNameserverSet;
  CustomNameserverSet: typeof CustomNameserverSet;
  ZoneAcnsBinding: typeof ZoneAcnsBinding;
  AccountDefaultNameservers: typeof AccountDefaultNameservers;
}

/** What the asynchronous checks hand the children: the ids found by name, and their order. */
interface CheckedInputs {
  /** Per zone index; empty for zones given with an id, or while the account id is unknown. */
  zoneIds: string[];
  /** Which child waits for which. */
  order: ChildOrder;
}

/**
 * One account's custom nameservers: its sets (with glue records), the zones on them and the default
 * for new zones, checked as a whole against Cloudflare's rules before anything changes.
 *
 * - All values plain: the constructor throws an {@link AcnsComponentError} listing every issue, so
 *   nothing is registered at all.
 * - Some values are outputs: the component checks them once they resolve, and each child's inputs
 *   wait for that check; a failure fails every child's registration. During a preview, values that
 *   are still unknown are set aside, the rest is checked, and a warning says which checks wait.
 *
 * Children: `<name>-set-<nsSet>` ({@link AccountNameserverSet}), `<name>-zone-<zone>`
 * ({@link ZoneAcnsBinding}, depending on its set), `<name>-default` ({@link AccountDefaultNameservers}).
 *
 * ```ts
 * const acns = new AccountCustomNameservers("acme", {
 *   accountId: "0123456789abcdef0123456789abcdef",
 *   sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
 *   zones: [{ name: "example.com", nsSet: 1 }],
 * });
 * export const glue = acns.glueRecords; // { 1: [{ nsName, ipv4, ipv6 }, ...] }
 * ```
 */
export class AccountCustomNameservers extends pulumi.ComponentResource {
  /** The classes of the children; a subclass may name others (see {@link ChildClasses}). */
  protected static readonly childClasses: ChildClasses = {
    AccountNameserverSet,
    CustomNameserverSet,
    ZoneAcnsBinding,
    AccountDefaultNameservers,
  };

  /** Glue records (A and AAAA per name) of each set, keyed by set number: `{ 1: [...], 2: [...] }`. */
  readonly glueRecords: pulumi.Output<Record<number, GlueRecord[]>>;
  /** The names each zone must be delegated to at its registrar, keyed by normalised zone name. */
  readonly nameservers: pulumi.Output<Record<string, string[]>>;
  /** Glue records of each Custom Nameserver Set (every address of each name), keyed by the set's key. */
  readonly customGlueRecords: pulumi.Output<Record<string, CustomNameserverSetGlue[]>>;
  /** The set children, keyed by set number. */
  readonly sets: Readonly<Record<number, AccountNameserverSet>>;
  /** The Custom Nameserver Set children, keyed by the set's key. */
  readonly customSets: Readonly<Record<string, CustomNameserverSet>>;
  /** The zone children, keyed by normalised zone name. */
  readonly zones: Readonly<Record<string, ZoneAcnsBinding>>;
  /** The default child, when `defaultNameservers` is given. */
  readonly defaultNameservers: AccountDefaultNameservers | undefined;

  constructor(name: string, args: AccountCustomNameserversArgs, opts?: pulumi.ComponentResourceOptions) {
    // What is known now: plain values. Checked before the component registers, so an invalid plain
    // configuration registers nothing, not even the component.
    const knownNow = describeConfig(args, readKnownValue);
    const verdict = checkKnownConfig(knownNow);
    if (verdict.issues.length > 0) {
      throw new AcnsComponentError(describeIssues(name, verdict.issues), undefined, verdict.issues);
    }
    claimChildrenUpFront(
      { type: ACCOUNT_CUSTOM_NAMESERVERS_TYPE, name, parent: opts?.parent },
      listUpFrontClaims(name, args),
    );
    super(ACCOUNT_CUSTOM_NAMESERVERS_TYPE, name, {}, opts);
    const allKnown = !containsUnknown(knownNow);
    // A configuration with outputs is checked (and warned about) once they resolve.
    if (allKnown) reportWarnings(name, verdict.warnings, this);

    const needsLookup = args.zones.some((zone) => zone.zoneId === undefined);
    const childList = listChildren(args);
    // The checks that wait, the zone-id lookup and the live read that orders the children.
    const checking = this.checkWhenResolved(name, args, knownNow, allKnown, needsLookup, childList);
    const checked: pulumi.Output<CheckedInputs> = pulumi.output(checking);
    const pass = <T>(value: pulumi.Input<T>): pulumi.Input<T> =>
      pulumi.all([checked, value]).apply(([, v]) => v) as pulumi.Output<T>;
    const children = new Map<string, pulumi.Resource>();
    const classes = (new.target as typeof AccountCustomNameservers).childClasses;
    // Resolved after the constructor has made every child.
    const waitFor = (key: string): Promise<pulumi.Resource[]> =>
      checking.then(({ order }) =>
        (order.dependsOn[key] ?? []).flatMap((dep) => {
          const child = children.get(dep);
          return child === undefined ? [] : [child];
        }),
      );

    const sets: Record<number, AccountNameserverSet> = {};
    for (const set of args.sets) {
      sets[set.nsSet] = new classes.AccountNameserverSet(
        childNames.set(name, set.nsSet),
        {
          accountId: pass(args.accountId),
          nsSet: pass(set.nsSet),
          nameservers: pass(set.nameservers),
          ...(args.adopt === undefined ? {} : { adopt: pass(args.adopt) }),
        },
        { parent: this, dependsOn: waitFor(formatSetKey(set.nsSet)), ...withAliases(set.aliases) },
      );
      children.set(formatSetKey(set.nsSet), sets[set.nsSet] as AccountNameserverSet);
    }

    const customSets: Record<string, CustomNameserverSet> = {};
    for (const set of args.customSets ?? []) {
      const child = new classes.CustomNameserverSet(
        childNames.customSet(name, set.key),
        {
          accountId: pass(args.accountId),
          nameservers: pass(set.nameservers),
          ...(set.advanced === undefined ? {} : { advanced: pass(set.advanced) }),
          ...(set.ipSet === undefined ? {} : { ipSet: pass(set.ipSet) }),
        },
        { parent: this, dependsOn: waitFor(formatCustomSetKey(set.key)), ...withAliases(set.aliases) },
      );
      customSets[set.key] = child;
      children.set(formatCustomSetKey(set.key), child);
    }

    const zones: Record<string, ZoneAcnsBinding> = {};
    args.zones.forEach((zone, i) => {
      const zoneName = normaliseName(zone.name);
      const customSet = zone.customSet === undefined ? undefined : customSets[zone.customSet];
      const nsSet = zone.nsSet ?? Limits.DEFAULT_NS_SET;
      const zoneId =
        zone.zoneId !== undefined
          ? pass(zone.zoneId)
          : // With the account id, so the zone id is unknown while the account id is.
            pulumi.all([checked, args.accountId]).apply(([inputs]) => readFoundZoneId(inputs, i, zoneName));
      // A binding needs its set in place first (and must go before it): it depends on that set, or
      // on every set while the zone's set is not known yet, unless the live order says otherwise.
      const set = customSet === undefined && typeof nsSet === "number" ? sets[nsSet] : undefined;
      const binding = new classes.ZoneAcnsBinding(
        childNames.zone(name, zoneName),
        {
          zoneId,
          // On a Custom Nameserver Set: its id, which orders the binding after the set's create.
          ...(customSet === undefined
            ? { nsSet: pass(nsSet) }
            : { nameserverSetId: pass(customSet.nameserverSetId) }),
          zoneName: pass(zone.name),
          ...(zone.restoreTo === undefined ? {} : { restoreTo: pass(zone.restoreTo) }),
          // Keeps the zone's `nameservers` current when its set's names change in place; left out
          // when the set changes only after the zone moved onto it (the input would wait for it).
          ...(set !== undefined
            ? {
                // An input that resolves to undefined is left out, as if never given.
                setNameservers: checked.apply(({ order }) =>
                  order.zonesWithoutSetInput.includes(zoneName) ? undefined : set.nameservers,
                ) as unknown as pulumi.Output<string[]>,
              }
            : {}),
        },
        { parent: this, dependsOn: waitFor(formatZoneKey(zoneName)), ...withAliases(zone.aliases) },
      );
      zones[zoneName] = binding;
      children.set(formatZoneKey(zoneName), binding);
    });

    const defaultNameservers =
      args.defaultNameservers === undefined
        ? undefined
        : new classes.AccountDefaultNameservers(
            childNames.default(name),
            { accountId: pass(args.accountId), type: pass(args.defaultNameservers) },
            // `custom.account` needs set 1 in place; restoring the old default goes before the sets.
            { parent: this, dependsOn: waitFor(DEFAULT_KEY), ...withAliases(args.defaultAliases) },
          );
    if (defaultNameservers !== undefined) children.set(DEFAULT_KEY, defaultNameservers);

    // One output per child, by its key; through `checked` too, so a failed check surfaces even when
    // there is no child to fail.
    const collect = <C, T>(byKey: Record<string, C>, pick: (child: C) => pulumi.Output<T>) =>
      pass(pulumi.all(Object.fromEntries(Object.entries(byKey).map(([key, child]) => [key, pick(child)]))));
    this.glueRecords = collect(sets, (set) => set.glueRecords) as pulumi.Output<Record<number, GlueRecord[]>>;
    this.customGlueRecords = collect(customSets, (set) => set.glueRecords) as pulumi.Output<
      Record<string, CustomNameserverSetGlue[]>
    >;
    this.nameservers = collect(zones, (zone) => zone.nameservers) as pulumi.Output<Record<string, string[]>>;
    this.sets = sets;
    this.customSets = customSets;
    this.zones = zones;
    this.defaultNameservers = defaultNameservers;
    this.registerOutputs({
      glueRecords: this.glueRecords,
      customGlueRecords: this.customGlueRecords,
      nameservers: this.nameservers,
    });
  }

  /**
   * The checks that wait for outputs: the whole configuration once its values resolve (during a
   * preview, what is known of it, with a warning naming what is not), then the ids of zones given
   * without one, then the order of the children from the live state. Rejects with one
   * {@link AcnsComponentError}.
   */
  private async checkWhenResolved(
    name: string,
    args: AccountCustomNameserversArgs,
    knownNow: unknown,
    allKnown: boolean,
    needsLookup: boolean,
    children: ChildList,
  ): Promise<CheckedInputs> {
    let config: unknown = knownNow;
    if (!allKnown) {
      const resolved = unwrapSecrets(
        await pulumi.runtime.serializeProperty(
          `${name}.args`,
          describeConfig(args, (value) => value),
        ),
      );
      const verdict = checkKnownConfig(resolved);
      if (verdict.issues.length > 0) {
        throw new AcnsComponentError(describeIssues(name, verdict.issues), this, verdict.issues);
      }
      reportWarnings(name, verdict.warnings, this);
      if (verdict.unchecked.length > 0) {
        pulumi.log.warn(
          `AccountCustomNameservers "${name}": these values are unknown until apply, so their checks wait ` +
            "until then (apply stops before any change if one fails):\n" +
            indentLines(formatUncheckedValues(verdict.unchecked)),
          this,
        );
      }
      config = resolved;
    }
    const accountId = isObject(config) ? config.accountId : undefined;
    if (typeof accountId !== "string" || isUnknown(accountId)) {
      return { zoneIds: [], order: listFixedOrder(children) };
    }
    const zoneIds = needsLookup ? await this.lookUpZoneIds(name, args, accountId) : [];
    // The order needs every value: while some are unknown (a preview), the fixed order stands.
    const order = containsUnknown(config)
      ? listFixedOrder(children)
      : await this.orderChildren(name, args, config, accountId, children);
    return { zoneIds, order };
  }

  /**
   * Reads the account once and orders the children so every step of the update stays within the
   * rules; refuses an update that no order can apply, naming what blocks it.
   */
  private async orderChildren(
    name: string,
    args: AccountCustomNameserversArgs,
    config: unknown,
    accountId: string,
    children: ChildList,
  ): Promise<ChildOrder> {
    const valid = validateAcnsConfig(config);
    const account = valid.ok ? valid.accounts[0] : undefined;
    // The checks before this one passed; an invalid configuration never gets here.
    if (account === undefined) return listFixedOrder(children);
    const read = args.readLiveState ?? readLiveStateThroughApi;
    let live: Awaited<ReturnType<LiveStateReader>>;
    try {
      live = await read({ accountId, zones: account.zones.map((zone) => zone.name) });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new AcnsComponentError(
        `AccountCustomNameservers "${name}": reading account ${accountId} (to order this update's changes) ` +
          `failed: ${why}; check the credentials (cloudflare:apiToken) and cloudflare:baseUrl`,
        this,
      );
    }
    if (live === undefined) return listFixedOrder(children);
    const plan = planAcnsTransition(live, {
      sets: account.sets,
      zones: account.zones,
      defaultNameservers: account.defaultNameservers,
      // Whether this stack manages a set it no longer declares is not known here; its delete would
      // come after every create and update anyway.
      undeclaredSets: "keep",
    });
    if (!plan.ok) throw new AcnsComponentError(describeBlocks(name, accountId, plan.blocks), this);
    return deriveChildOrder(plan, children);
  }

  private async lookUpZoneIds(
    name: string,
    args: AccountCustomNameserversArgs,
    accountId: string,
  ): Promise<string[]> {
    const missing = new Map<number, string>();
    args.zones.forEach((zone, i) => {
      if (zone.zoneId === undefined) missing.set(i, normaliseName(zone.name));
    });
    const names = [...new Set(missing.values())];
    const lookup = args.lookupZoneIds ?? lookupZoneIdsThroughApi;
    let found: ReadonlyMap<string, string>;
    try {
      found = await lookup({ accountId, names });
    } catch (err) {
      const why = err instanceof Error ? err.message : String(err);
      throw new AcnsComponentError(
        `AccountCustomNameservers "${name}": looking up the ids of ${describeZoneList(names)} in account ` +
          `${accountId} failed: ${why}; give their zoneId, or check the credentials ` +
          "(cloudflare:apiToken) and cloudflare:baseUrl",
        this,
      );
    }
    const notFound = names.filter((zoneName) => !found.has(zoneName));
    if (notFound.length > 0) {
      const are = notFound.length === 1 ? "is not a zone" : "are not zones";
      throw new AcnsComponentError(
        `AccountCustomNameservers "${name}": ${describeZoneList(notFound)} ${are} of account ${accountId}; ` +
          "add the zone to the account first, correct the name, or give its zoneId",
        this,
      );
    }
    const zoneIds: string[] = [];
    for (const [i, zoneName] of missing) zoneIds[i] = found.get(zoneName) ?? "";
    return zoneIds;
  }
}

function readFoundZoneId(inputs: CheckedInputs, index: number, zoneName: string): string {
  const id = inputs.zoneIds[index];
  // The check rejects before this runs when a zone was not found.
  if (id === undefined) throw new Error(`no id was found for zone "${zoneName}"`);
  return id;
}
