/**
 * Property bags as the engine sends them to a plugin that accepts secrets: a secret value arrives
 * wrapped (`{<sig key>: <secret sig>, value}`). The run-time implementations read plain values, so
 * the plugin unwraps them on the way in and wraps the same top-level properties on the way out,
 * and the engine keeps them secret in state.
 */
import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { readRecord } from "../resources/inputs";

type Bag = Record<string, unknown>;

/** True when `value` is the engine's wrapping of a secret. */
export function isSecretValue(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && readRecord(value)[specialSigKey] === specialSecretSig;
}

/** `value` wrapped as a secret (once). */
export function wrapSecret(value: unknown): unknown {
  return isSecretValue(value) ? value : { [specialSigKey]: specialSecretSig, value };
}

/** `value` with every secret wrapping removed, at any depth. */
export function unwrapSecrets(value: unknown): unknown {
  if (isSecretValue(value)) return unwrapSecrets(value.value);
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

/** The top-level properties of `bag` that are secret, or hold a secret. */
export function listSecretProperties(bag: unknown): string[] {
  return Object.entries(readRecord(bag))
    .filter(([, v]) => JSON.stringify(v ?? null).includes(specialSecretSig))
    .map(([k]) => k);
}

/** `bag` with the properties named in `secrets` wrapped as secrets (those it has). */
export function wrapProperties(bag: unknown, secrets: readonly string[]): Bag {
  const out: Bag = { ...readRecord(bag) };
  for (const key of secrets) if (out[key] !== undefined && out[key] !== null) out[key] = wrapSecret(out[key]);
  return out;
}
