/**
 * Reverse zone names: under `in-addr.arpa`, 1-4 decimal octet labels, the first of which may be an
 * RFC 2317 classless label (`0/25`, `0-25`); under `ip6.arpa`, 1-32 single hex-digit labels. A
 * quick scan for the common, valid case, and a detailed check that says what is wrong.
 */
import type { NameProblem } from "./names";

export const IPV4_REVERSE = "in-addr.arpa";
export const IPV6_REVERSE = "ip6.arpa";
/** Octet labels an IPv4 reverse name may have under in-addr.arpa. */
const MAX_OCTETS = 4;
/** Nibble labels an IPv6 reverse name may have under ip6.arpa (128 bits / 4). */
const MAX_NIBBLES = 32;

// Local, as in names.ts: an imported constant costs a bundler's live-binding getter per character.
const CODE_DOT = 46;
const CODE_HYPHEN = 45;
const CODE_SLASH = 47;
const CODE_0 = 48;
const CODE_9 = 57;
const CODE_LOWER_A = 97;

function describeReverseRoot(root: string, example: string): NameProblem {
  return {
    reason: "reverse-root",
    label: root.split(".")[0] ?? root,
    why: `it is the root of the ${root} tree, not a zone one can hold`,
    fix: `name a reverse zone inside it, e.g. "${example}"`,
  };
}

/** A name with a leading dot or two dots in a row, forward or reverse. */
export const EMPTY_LABEL: NameProblem = {
  reason: "empty-label",
  why: "it has an empty label (a leading dot or two dots in a row)",
  fix: "remove the extra dot",
};

const IPV4_EXAMPLE = "2.0.192.in-addr.arpa";
const IPV6_EXAMPLE = "8.b.d.0.1.0.0.2.ip6.arpa";

/** True for a plain IPv4 reverse name (see the module header), in one scan. */
export function isPlainIpv4ReverseName(name: string): boolean {
  const end = name.length - IPV4_REVERSE.length - 1;
  if (end <= 0) return false;
  let labels = 1;
  let value = 0;
  let digits = 0;
  let classless = false;
  for (let i = 0; i <= end; i++) {
    const c = i < end ? name.charCodeAt(i) : CODE_DOT;
    if (c === CODE_DOT) {
      if (digits === 0 || value > 255) return false;
      if (i < end) labels++;
      value = 0;
      digits = 0;
    } else if (c >= CODE_0 && c <= CODE_9) {
      // A leading zero ("01") is not how reverse names write an octet.
      if (digits === 1 && value === 0) return false;
      value = value * 10 + (c - CODE_0);
      if (++digits > 3) return false;
    } else if (
      (c === CODE_SLASH || c === CODE_HYPHEN) &&
      labels === 1 &&
      !classless &&
      digits > 0 &&
      value <= 255
    ) {
      classless = true;
      value = 0;
      digits = 0;
    } else {
      return false;
    }
  }
  return labels <= MAX_OCTETS && (!classless || labels >= 2);
}

/** True for a plain IPv6 reverse name: 1-32 single hex-digit labels under ip6.arpa. */
export function isPlainIpv6ReverseName(name: string): boolean {
  const end = name.length - IPV6_REVERSE.length - 1;
  // Nibbles and dots alternate: "n.n.n" has an odd length.
  if (end <= 0 || end % 2 === 0 || end > MAX_NIBBLES * 2 - 1) return false;
  for (let i = 0; i < end; i++) {
    const c = name.charCodeAt(i);
    if (i % 2 === 1) {
      if (c !== CODE_DOT) return false;
    } else if (!((c >= CODE_0 && c <= CODE_9) || (c >= CODE_LOWER_A && c <= 102))) {
      return false;
    }
  }
  return true;
}

export function describeIpv4ReverseProblem(name: string): NameProblem | undefined {
  if (name === IPV4_REVERSE) return describeReverseRoot(IPV4_REVERSE, IPV4_EXAMPLE);
  const labels = name.slice(0, -(IPV4_REVERSE.length + 1)).split(".");
  const octetFix = `write the network's octets in reverse order, e.g. "${IPV4_EXAMPLE}" for 192.0.2.0/24`;
  if (labels.length > MAX_OCTETS) {
    return {
      reason: "too-many-octets",
      why: `it has ${labels.length} labels under ${IPV4_REVERSE}; an IPv4 reverse name has at most ${MAX_OCTETS}`,
      fix: octetFix,
    };
  }
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i] ?? "";
    if (isOctetLabel(label)) continue;
    if (label === "") return { ...EMPTY_LABEL };
    if (isClasslessLabel(label)) {
      if (i === 0 && labels.length >= 2) continue;
      return {
        reason: "bad-classless-label",
        label,
        why: `label "${label}" is an RFC 2317 classless label, which may only be the first label, above 1-3 octets`,
        fix: 'write it as e.g. "0/25.2.0.192.in-addr.arpa"',
      };
    }
    return {
      reason: "bad-octet",
      label,
      why: `label "${label}" is not a decimal octet (0-255, no leading zeros), which ${IPV4_REVERSE} names need`,
      fix: octetFix,
    };
  }
  return undefined;
}

/** 0-255 in decimal, without leading zeros. */
function isOctetLabel(label: string): boolean {
  return /^(0|[1-9][0-9]{0,2})$/.test(label) && Number(label) <= 255;
}

/** RFC 2317 names a sub-/24 delegation `<first>/<prefix>`; many write `<first>-<prefix>` or `<first>-<last>`. */
function isClasslessLabel(label: string): boolean {
  const match = /^([0-9]{1,3})[/-]([0-9]{1,3})$/.exec(label);
  if (match === null) return false;
  const [, first = "", second = ""] = match;
  return isOctetLabel(first) && isOctetLabel(second);
}

export function describeIpv6ReverseProblem(name: string): NameProblem | undefined {
  if (name === IPV6_REVERSE) return describeReverseRoot(IPV6_REVERSE, IPV6_EXAMPLE);
  const labels = name.slice(0, -(IPV6_REVERSE.length + 1)).split(".");
  const nibbleFix = `write the prefix's hex digits in reverse order, one per label, e.g. "${IPV6_EXAMPLE}" for 2001:db8::/32`;
  if (labels.length > MAX_NIBBLES) {
    return {
      reason: "too-many-nibbles",
      why: `it has ${labels.length} labels under ${IPV6_REVERSE}; an IPv6 reverse name has at most ${MAX_NIBBLES}`,
      fix: nibbleFix,
    };
  }
  for (const label of labels) {
    if (/^[0-9a-f]$/.test(label)) continue;
    if (label === "") return { ...EMPTY_LABEL };
    return {
      reason: "bad-nibble",
      label,
      why: `label "${label}" is not a single hex digit, which ${IPV6_REVERSE} names need`,
      fix: nibbleFix,
    };
  }
  return undefined;
}
