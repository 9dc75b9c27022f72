/**
 * One resource per Cloudflare object in a program: a set number of an account, a zone's
 * nameservers, an account's default. Two resources of one stack managing the same object would
 * undo each other's change on every update, and neither the engine nor Cloudflare says so. Each
 * resource claims its object once its identifying inputs are known; a second claim by another
 * resource fails that resource's registration (so it changes nothing) with both URNs.
 *
 * Scope: one registry per deployment run, keyed by the run's root `Stack` resource. The SDK keeps
 * that resource in its per-run store (`runtime/state.js`: the Automation API runs every program run
 * inside `withLocalStorage`, a fresh `LocalStore`; `runInPulumiStack` sets its `stackResource`), so
 * a preview and the update after it in one Node process, or two stacks deployed from one process,
 * never see each other's claims. The store itself is not the key: under `setMocks` without a stack
 * every test of a file shares the process-global store, and resources of unrelated tests would
 * collide. Without a root stack resource (bare `setMocks`) nothing is claimed.
 */
import * as pulumi from "@pulumi/pulumi";
import { getOrInsert } from "../core/collections";
import { Limits } from "../core/limits";
import { isObject } from "../core/validate-state";
import { formatTypeToken, type ResourceTypeName } from "./resource-types";
import { containsUnknown } from "./unknowns";

/** What one resource claims: a key that identifies the object, and how messages name it. */
export interface ObjectClaim {
  /** Equal for two claims of the same object, e.g. `set/<accountId>/<nsSet>`. */
  key: string;
  /** The object in words, e.g. `set 4 of account 0123…`. */
  object: string;
  /** What to keep one resource per, e.g. `set`. */
  per: string;
}

/** The resource that made a claim. */
export interface Claimant {
  type: ResourceTypeName;
  name: string;
  urn: string;
}

/** The claims of one deployment run, by {@link ObjectClaim.key}. */
export type ClaimRegistry = Map<string, { claim: ObjectClaim; claimant: Claimant }>;

const registries = new WeakMap<object, ClaimRegistry>();

/** The registry of the deployment run this code runs in; undefined outside a stack (bare mocks). */
export function findClaimRegistry(): ClaimRegistry | undefined {
  const stack = pulumi.runtime.getStackResource();
  if (stack === undefined) return undefined;
  const registry = getOrInsert(registries, stack, (): ClaimRegistry => new Map());
  return registry;
}

/** The error that refuses a second resource for one object; its message is fixed ({@link keepMessage}). */
export class ClaimConflictError extends pulumi.ResourceError {
  /** The two resources: the one refused, then the one that claimed the object first. */
  readonly claimants: readonly [Claimant, Claimant];

  constructor(message: string, claimants: readonly [Claimant, Claimant]) {
    super(message, undefined, /* hideStack */ true);
    this.name = "ClaimConflictError";
    this.claimants = claimants;
    keepMessage(this, message);
  }
}

/**
 * Fixes an error's message as written. The SDK prefixes `error serializing property "x": ` to the
 * message of an error that fails an input, once per input (rpc.js), and rethrows the same object:
 * an error shared by several inputs would stack prefixes.
 */
export function keepMessage(error: Error, message: string): void {
  Object.defineProperty(error, "message", {
    get: () => message,
    set: () => undefined,
    enumerable: false,
    configurable: true,
  });
}

/** True for a {@link ClaimConflictError}, also across copies of this package. */
export function isClaimConflictError(err: unknown): err is ClaimConflictError {
  return err instanceof Error && err.name === "ClaimConflictError";
}

/**
 * Records `claimant`'s claim in `registry`; throws a {@link ClaimConflictError} when another
 * resource (another URN) claimed the object first. The same URN again is the same resource.
 */
export function recordClaim(registry: ClaimRegistry, claim: ObjectClaim, claimant: Claimant): void {
  const first = registry.get(claim.key);
  if (first === undefined) {
    registry.set(claim.key, { claim, claimant });
    return;
  }
  if (first.claimant.urn === claimant.urn) return;
  throw new ClaimConflictError(formatClaimConflict(claim, claimant, first.claimant), [
    claimant,
    first.claimant,
  ]);
}

/** The message for a refused claim: what, who, why, the fix, then both URNs (as the policy pack lists them). */
export function formatClaimConflict(claim: ObjectClaim, refused: Claimant, first: Claimant): string {
  return (
    `${describeClaimant(refused)} cannot manage ${claim.object}: ${describeClaimant(first)} of this program ` +
    `already does, and two resources managing one ${claim.per} would undo each other's change on every update; ` +
    `keep one resource per ${claim.per} (to rename a resource or move it into or out of a component, declare it ` +
    `once with the aliases option, e.g. aliases: [{ name: "${first.name}" }], instead of declaring it twice)\n` +
    `  resource: ${refused.urn}\n` +
    `  resource: ${first.urn}`
  );
}

function describeClaimant(claimant: Claimant): string {
  return `${claimant.type} ${JSON.stringify(claimant.name)}`;
}

/** What a resource's constructor passes: who it is and the inputs that identify its object. */
export interface PendingClaim<K extends string> {
  type: ResourceTypeName;
  name: string;
  opts: pulumi.CustomResourceOptions | undefined;
  /** The identifying inputs; the claim waits for them and is skipped while one is unknown. */
  inputs: Record<K, pulumi.Input<unknown> | undefined>;
  /** The claim for the resolved inputs; undefined claims nothing (values check() will refuse). */
  describe(values: Record<K, unknown>): ObjectClaim | undefined;
}

/**
 * Returns `gated` (one of the resource's inputs), made to wait for the resource's claim: when the
 * claim is refused, that input fails with the {@link ClaimConflictError} and the resource is not
 * registered. Outside a stack, `gated` itself.
 */
export function gateOnClaim<K extends string>(
  gated: pulumi.Input<string>,
  pending: PendingClaim<K>,
): pulumi.Input<string> {
  const registry = findClaimRegistry();
  if (registry === undefined) return gated;
  const settled = settleClaim(registry, pending);
  return pulumi.all([settled, gated]).apply(([, value]) => value);
}

async function settleClaim<K extends string>(
  registry: ClaimRegistry,
  pending: PendingClaim<K>,
): Promise<void> {
  const values = {} as Record<K, unknown>;
  for (const key of Object.keys(pending.inputs) as K[]) {
    const input = pending.inputs[key];
    values[key] = unwrapSecrets(await pulumi.runtime.serializeProperty(`${pending.name}.${key}`, input));
  }
  // During a preview an input computed from another resource may be unknown: the update claims it.
  if (containsUnknown(values)) return;
  const claim = pending.describe(values);
  if (claim === undefined) return;
  const parent = pending.opts?.parent;
  const parentUrn =
    parent === undefined
      ? undefined
      : ((await pulumi.runtime.serializeProperty(`${pending.name}.parent`, parent.urn)) as unknown);
  if (parentUrn !== undefined && typeof parentUrn !== "string") return;
  // Our own URN, computed: `this.urn` resolves only after registration, which waits for this claim.
  const urn = formatUrn(pending.name, formatTypeToken(pending.type), parentUrn);
  recordClaim(registry, claim, { type: pending.type, name: pending.name, urn });
}

/**
 * The URN the engine gives a resource: `urn:pulumi:<stack>::<project>::<parent types$>type::<name>`,
 * the root stack's type never part of the chain. (`pulumi.createUrn` keeps it when the parent's URN
 * has it, as the mock monitor's URNs do.)
 */
function formatUrn(name: string, type: string, parentUrn: string | undefined): string {
  const chain = (parentUrn?.split("::")[2] ?? "").split("$").filter((t) => t !== "" && t !== ROOT_STACK_TYPE);
  return `urn:pulumi:${pulumi.getStack()}::${pulumi.getProject()}::${[...chain, type].join("$")}::${name}`;
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";

/** Serialized secrets arrive wrapped (`{<sig>: <secret sig>, value}`); claims and checks need the values. */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (!isObject(value)) return value;
  if (value[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig)
    return unwrapSecrets(value.value);
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, unwrapSecrets(v)]));
}

/** Cloudflare ids are lowercase hex; compare them so, as Cloudflare does. */
function normaliseId(value: string): string {
  return value.trim().toLowerCase();
}

/** The claim of an `AccountNameserverSet`: its set number of its account (`nsSet` omitted means 1). */
export function describeSetClaim(values: { accountId: unknown; nsSet: unknown }): ObjectClaim | undefined {
  const nsSet = values.nsSet ?? Limits.DEFAULT_NS_SET;
  if (typeof values.accountId !== "string" || typeof nsSet !== "number") return undefined;
  const accountId = normaliseId(values.accountId);
  return { key: `set/${accountId}/${nsSet}`, object: `set ${nsSet} of account ${accountId}`, per: "set" };
}

/** The claim of a `ZoneAcnsBinding`: its zone's nameservers. */
export function describeZoneClaim(values: { zoneId: unknown }): ObjectClaim | undefined {
  if (typeof values.zoneId !== "string") return undefined;
  const zoneId = normaliseId(values.zoneId);
  return { key: `zone/${zoneId}`, object: `the nameservers of zone ${zoneId}`, per: "zone" };
}

/** The claim of an `AccountDefaultNameservers`: its account's default for new zones. */
export function describeDefaultClaim(values: { accountId: unknown }): ObjectClaim | undefined {
  if (typeof values.accountId !== "string") return undefined;
  const accountId = normaliseId(values.accountId);
  return {
    key: `default/${accountId}`,
    object: `the default nameservers of account ${accountId}`,
    per: "account default",
  };
}

/**
 * Claims, before a component registers, the objects its children will claim, when the values that
 * identify them are plain: two components (or a component and a resource registered earlier) that
 * claim one object then fail in the second one's constructor, so that component is never recorded
 * in the stack either. The children's own claims, later, carry the same URNs and pass. Claims whose
 * values are outputs, and components with a parent (whose URN is an output), are left to the
 * children. Throws {@link ClaimConflictError}.
 */
export function claimChildrenUpFront(
  component: { type: string; name: string; parent: pulumi.Resource | undefined },
  children: readonly { type: ResourceTypeName; name: string; claim: ObjectClaim | undefined }[],
): void {
  const registry = findClaimRegistry();
  if (registry === undefined || component.parent !== undefined) return;
  const parentUrn = formatUrn(component.name, component.type, undefined);
  for (const child of children) {
    if (child.claim === undefined) continue;
    const urn = formatUrn(child.name, formatTypeToken(child.type), parentUrn);
    recordClaim(registry, child.claim, { type: child.type, name: child.name, urn });
  }
}
