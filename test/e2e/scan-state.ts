/**
 * What `pulumi stack export` must not hold: a credential in any spelling, and serialized providers
 * (`__provider`) beyond the size goal.
 */
import type { Deployment } from "@pulumi/pulumi/automation";

/** The goal for one serialized provider in state. */
export const MAX_PROVIDER_BYTES = 8 * 1024;

/**
 * The ways a secret could be spelled inside a text: as is, URL-encoded, hex, and base64 and
 * base64url at each of the three byte alignments it could have inside a longer encoded blob
 * (only the characters that depend on the secret's bytes alone).
 */
export function listSecretSpellings(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const spellings = [
    secret,
    encodeURIComponent(secret),
    bytes.toString("hex"),
    bytes.toString("hex").toUpperCase(),
  ];
  for (let offset = 0; offset < 3; offset++) {
    const padded = Buffer.concat([Buffer.alloc(offset), bytes]);
    const from = Math.ceil((4 * offset) / 3);
    const to = Math.floor((8 * (offset + bytes.length)) / 6);
    spellings.push(padded.toString("base64").slice(from, to), padded.toString("base64url").slice(from, to));
  }
  return [...new Set(spellings)];
}

/** The spellings of `secret` found in `text` (empty: none). */
export function findSecretSpellings(secret: string, text: string): string[] {
  if (secret.length < 8) throw new Error("findSecretSpellings: use a secret of 8+ characters");
  return listSecretSpellings(secret).filter((s) => text.includes(s));
}

/** One serialized provider found in the state. */
export interface SerializedProvider {
  urn: string;
  /** `inputs` or `outputs`. */
  where: string;
  bytes: number;
}

/** Every `__provider` string of the exported state's resources, with its size in bytes. */
export function listSerializedProviders(deployment: Deployment): SerializedProvider[] {
  const resources = (deployment.deployment as { resources?: unknown[] }).resources ?? [];
  const found: SerializedProvider[] = [];
  for (const raw of resources) {
    const resource = raw as {
      urn?: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    };
    for (const where of ["inputs", "outputs"] as const) {
      const provider = resource[where]?.__provider;
      if (typeof provider === "string") {
        found.push({ urn: resource.urn ?? "?", where, bytes: Buffer.byteLength(provider, "utf8") });
      }
    }
  }
  return found;
}
