/**
 * Hostname checks and label arithmetic the emulator's rules need. Kept local to the emulator until
 * the core layer's name helpers exist; the emulator must not depend on a layer being written at the
 * same time. Names here are ASCII (IDNs arrive in punycode, as Cloudflare's API expects them).
 */
import { Limits } from "../core/limits";

const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/**
 * Returns why `name` is not a valid hostname, or undefined when it is. Expects the name lowercased;
 * checks the length limits, LDH labels without edge hyphens, at least two labels, and a top-level
 * label that is not all digits (so an IPv4 address is not taken for a hostname).
 */
export function findHostnameProblem(name: string): string | undefined {
  if (name.length === 0) return "it is empty";
  if (name.endsWith(".")) return "it ends with a dot; give the name without the trailing dot";
  // eslint-disable-next-line no-control-regex -- the point is to find non-ASCII characters
  if (/[^\x00-\x7f]/.test(name)) return "it contains non-ASCII characters; give an IDN in punycode (xn--...)";
  if (name.length > Limits.MAX_NAME_LENGTH) {
    return `it is ${name.length} characters long; the maximum is ${Limits.MAX_NAME_LENGTH}`;
  }
  const labels = name.split(".");
  if (labels.length < 2) return "it has a single label; use a hostname like ns1.example.com";
  for (const [index, label] of labels.entries()) {
    if (label.length === 0) return `label ${index + 1} is empty`;
    if (label.length > Limits.MAX_LABEL_LENGTH) {
      return `label "${label}" is ${label.length} characters long; the maximum is ${Limits.MAX_LABEL_LENGTH}`;
    }
    if (!LABEL.test(label)) {
      return `label "${label}" may hold only letters, digits and inner hyphens`;
    }
  }
  const top = labels[labels.length - 1] ?? "";
  if (/^[0-9]+$/.test(top)) return `its last label "${top}" is all digits`;
  return undefined;
}

/** Normalises a name for comparison: DNS names are case-insensitive. */
export function normalizeHostname(name: string): string {
  return name.toLowerCase();
}

/** How `other` relates to `zone` on the label tree. */
export type ZoneRelation = "parent" | "ancestor" | "child" | "descendant";

/**
 * Returns how `other` sits on `zone`'s ancestor/descendant chain, or undefined for siblings,
 * cousins, unrelated names and the same name. By whole labels, so `ample.com` is not a parent of
 * `example.com`, and reverse zones work alike (`1.10.in-addr.arpa` is a child of `10.in-addr.arpa`).
 */
export function relateZones(zone: string, other: string): ZoneRelation | undefined {
  const a = zone.split(".");
  const b = other.split(".");
  if (a.length === b.length) return undefined;
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  const offset = longer.length - shorter.length;
  for (let i = 0; i < shorter.length; i++) {
    if (shorter[i] !== longer[i + offset]) return undefined;
  }
  if (b.length < a.length) return offset === 1 ? "parent" : "ancestor";
  return offset === 1 ? "child" : "descendant";
}

/** True when `name` equals `zone` or lies below it. */
export function isWithinZone(name: string, zone: string): boolean {
  return name === zone || name.endsWith(`.${zone}`);
}
