/**
 * Deterministic addresses and nameserver names. Cloudflare assigns each ACNS name one IPv4 and one
 * IPv6 address and each zone a pair of `*.ns.cloudflare.com` names; the emulator derives both from
 * a hash so the same seed always yields the same answers, and uses only documentation ranges
 * (RFC 5737, RFC 3849) so nothing it prints can point at a real host.
 */
import { createHash } from "node:crypto";
import type { DnsRecord } from "../core/cloudflare";

/** The three IPv4 documentation ranges (RFC 5737), /24 each. */
export const IPV4_DOCUMENTATION_PREFIXES = ["192.0.2", "198.51.100", "203.0.113"] as const;

function hashBytes(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** A 32-hex-digit id derived from `text` (zone and Custom Nameserver Set ids), as Cloudflare's ids look. */
export function deriveObjectId(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

function byteAt(bytes: Buffer, index: number): number {
  return bytes[index % bytes.length] ?? 0;
}

/** The A and AAAA records Cloudflare would give `nsName`: one address each, from documentation ranges. */
export function deriveNameserverRecords(nsName: string): DnsRecord[] {
  const bytes = hashBytes(`acns-glue:${nsName}`);
  const prefix = IPV4_DOCUMENTATION_PREFIXES[byteAt(bytes, 0) % IPV4_DOCUMENTATION_PREFIXES.length];
  const host = 1 + (byteAt(bytes, 1) % 254);
  const group = (i: number): string => ((byteAt(bytes, i) << 8) | byteAt(bytes, i + 1)).toString(16);
  // 2001:db8::/32, then three hashed groups and a non-zero interface id.
  const ipv6 = `2001:db8:${group(2)}:${group(4)}::${(1 + (((byteAt(bytes, 6) << 8) | byteAt(bytes, 7)) % 0xfffe)).toString(16)}`;
  return [
    { type: "A", value: `${prefix}.${host}` },
    { type: "AAAA", value: ipv6 },
  ];
}

// Cloudflare names its standard nameservers after people; these are in the same style.
const STANDARD_NAMES = [
  "ada",
  "bart",
  "cora",
  "dane",
  "elle",
  "finn",
  "gina",
  "hugo",
  "iris",
  "jack",
  "kara",
  "liam",
  "mona",
  "nash",
  "olga",
  "pete",
  "quin",
  "rosa",
  "seth",
  "tina",
  "uma",
  "vick",
  "wren",
  "yan",
] as const;

/**
 * The two standard nameservers of a zone. Derived from the account id, because Cloudflare favours
 * the same pair for every zone of an account.
 */
export function deriveStandardNameservers(accountId: string): string[] {
  const bytes = hashBytes(`acns-standard:${accountId}`);
  const first = byteAt(bytes, 0) % STANDARD_NAMES.length;
  let second = byteAt(bytes, 1) % STANDARD_NAMES.length;
  if (second === first) second = (second + 1) % STANDARD_NAMES.length;
  return [`${STANDARD_NAMES[first]}.ns.cloudflare.com`, `${STANDARD_NAMES[second]}.ns.cloudflare.com`];
}

/** The nameservers of a zone on Foundation DNS (`cloudflare.advanced`). */
export function deriveAdvancedNameservers(accountId: string): string[] {
  const [first] = deriveStandardNameservers(accountId);
  const label = (first ?? "ada.ns.cloudflare.com").split(".")[0] ?? "ada";
  return [`${label}.foundationdns.com`, `${label}.foundationdns.net`, `${label}.foundationdns.org`];
}
