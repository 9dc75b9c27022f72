/**
 * DNS names: one normal form for every zone and nameserver name, and syntax checks that say why a
 * name is wrong, as data (nothing here throws).
 * @see https://developers.cloudflare.com/dns/nameservers/custom-nameservers/account-custom-nameservers/
 */
import { domainToASCII } from "node:url";
import { Limits } from "./limits";
import {
  EMPTY_LABEL,
  IPV4_REVERSE,
  IPV6_REVERSE,
  describeIpv4ReverseProblem,
  describeIpv6ReverseProblem,
  isPlainIpv4ReverseName,
  isPlainIpv6ReverseName,
} from "./reverse-zone-names";

// The relations between names live with the hierarchy rule they serve.
export { countLabelsBetween, isAncestorOrDescendant, isSubdomainOf } from "./hierarchy";

/** Why a name fails a syntax check (stable; part of the validator's output). */
export type NameProblemReason =
  | "empty"
  | "too-long"
  | "empty-label"
  | "label-too-long"
  | "bad-character"
  | "leading-hyphen"
  | "trailing-hyphen"
  | "single-label"
  | "numeric-tld"
  | "bad-idn"
  | "bad-punycode"
  | "reverse-root"
  | "bad-octet"
  | "too-many-octets"
  | "bad-classless-label"
  | "bad-nibble"
  | "too-many-nibbles";

/** One syntax problem of a name: a stable reason, why it is wrong, and how to fix it (house grammar). */
export interface NameProblem {
  reason: NameProblemReason;
  /** The offending label, when one label is at fault. */
  label?: string;
  /** Why the name is wrong, e.g. `label "-a" starts with a hyphen`. */
  why: string;
  /** How to fix it, e.g. `remove the hyphen`. */
  fix: string;
}

/** What kind of zone a valid zone name is. */
export type ZoneNameKind = "forward" | "ipv4-reverse" | "ipv6-reverse";

/** The WHATWG host parser reads a name whose last label is numeric as an IPv4 address;
 * a non-numeric sentinel label keeps it on the domain path. */
const IDN_SENTINEL = ".a";

/** Bound once: a bundler's live-binding getter per use would be paid on every zone (see `validate.ts`). */
const { MAX_LABEL_LENGTH, MAX_NAME_LENGTH } = Limits;

const CODE_DOT = 46;
const CODE_HYPHEN = 45;
const CODE_UNDERSCORE = 95;
const CODE_0 = 48;
const CODE_9 = 57;
const CODE_A = 65;
const CODE_Z = 90;
const CODE_LOWER_A = 97;
const CODE_LOWER_Z = 122;

/**
 * Brings a name to its one normal form: trimmed, internationalised labels in punycode (UTS #46 as
 * WHATWG URL does it), lower case, one trailing dot (the root) removed. Idempotent. An invalid IDN
 * comes back only trimmed, and a name ending in two dots keeps them, so the checks report them
 * instead of the name silently turning into another.
 *
 * @example normaliseName(" Bücher.Example. ") === "xn--bcher-kva.example"
 */
export function normaliseName(raw: string): string {
  if (isPlainNormalAscii(raw)) return raw;
  let name = raw.trim();
  // UTS #46 maps case itself; a name it refuses stays exactly as written (not even
  // lower-cased, which could turn it into a different, valid name on a second call).
  name = isAscii(name) ? name.toLowerCase() : (convertIdnToAscii(name) ?? name);
  // Only a dot that ends a label is the root: stripping one after white space or
  // another dot would expose something the next call would trim or strip again.
  if (name.endsWith(".") && name.length >= 2 && !/[\s.]/.test(name.charAt(name.length - 2))) {
    name = name.slice(0, -1);
  } else if (name === ".") {
    name = "";
  }
  return name;
}

/** True when `name` is already in normal form and ASCII: the common case, checked in one pass. */
function isPlainNormalAscii(name: string): boolean {
  const length = name.length;
  if (length === 0) return true;
  for (let i = 0; i < length; i++) {
    const c = name.charCodeAt(i);
    // Upper case, white space, and non-ASCII all need the slow path.
    if (c > 127 || (c >= CODE_A && c <= CODE_Z) || c <= 32) return false;
  }
  return name.charCodeAt(length - 1) !== CODE_DOT;
}

function isAscii(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 127) return false;
  return true;
}

/** Converts a non-ASCII name with the WHATWG/Node UTS #46 mapping; `undefined` when it is not a valid IDN. */
function convertIdnToAscii(name: string): string | undefined {
  // The URL host parser stops at characters such as "/" or "?" and would silently
  // return a different, shorter name; only hand it names made of label characters.
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c <= 127 && !isLabelCharCode(c) && c !== CODE_DOT) return undefined;
  }
  const converted = domainToASCII(name + IDN_SENTINEL);
  if (!converted.endsWith(IDN_SENTINEL) || !isAscii(converted)) return undefined;
  return converted.slice(0, -IDN_SENTINEL.length);
}

function isLabelCharCode(c: number): boolean {
  return (
    (c >= CODE_LOWER_A && c <= CODE_LOWER_Z) ||
    (c >= CODE_0 && c <= CODE_9) ||
    (c >= CODE_A && c <= CODE_Z) ||
    c === CODE_HYPHEN ||
    c === CODE_UNDERSCORE
  );
}

/**
 * The first problem of a normalised nameserver hostname, or `undefined`: labels of 1-63 letters,
 * digits and hyphens, not starting or ending with a hyphen; at most 253 characters; at least two
 * labels; a last label that is not all digits (which would make it an IP address).
 */
export function checkHostname(name: string): NameProblem | undefined {
  return isPlainForwardName(name, false) ? undefined : describeForwardProblem(name, "hostname");
}

/** True when `name` is already in normal form and a valid zone name: the common case, in one scan. */
export function isNormalZoneName(name: string): boolean {
  const kind = classifyZoneName(name);
  if (kind === "ipv4-reverse") return isPlainIpv4ReverseName(name);
  if (kind === "ipv6-reverse") return isPlainIpv6ReverseName(name);
  return isPlainForwardName(name, true);
}

/**
 * The first problem of a normalised zone name, or `undefined`. Forward zones follow the hostname
 * rules but may also use underscores (the DNS allows them in delegated names; Cloudflare decides
 * which domains it accepts as zones); reverse zones: see reverse-zone-names.ts.
 */
export function checkZoneName(name: string): NameProblem | undefined {
  // The quick scan settles the common, valid case; the detailed checks only explain what it refused.
  if (isNormalZoneName(name)) return undefined;
  const kind = classifyZoneName(name);
  if (kind === "ipv4-reverse") return describeIpv4ReverseProblem(name);
  return kind === "ipv6-reverse" ? describeIpv6ReverseProblem(name) : describeForwardProblem(name, "zone");
}

/** Tells forward zones from IPv4 and IPv6 reverse zones, by their last labels. */
export function classifyZoneName(name: string): ZoneNameKind {
  if (name === IPV4_REVERSE || name.endsWith("." + IPV4_REVERSE)) return "ipv4-reverse";
  if (name === IPV6_REVERSE || name.endsWith("." + IPV6_REVERSE)) return "ipv6-reverse";
  return "forward";
}

type ForwardKind = "hostname" | "zone";

const EXAMPLE: Record<ForwardKind, string> = { hostname: "ns1.example.com", zone: "example.com" };

const CLASS_BAD = 0;
const CLASS_DIGIT = 1;
const CLASS_LETTER = 2;
const CLASS_HYPHEN = 3;
const CLASS_UNDERSCORE = 4;
const CLASS_DOT = 5;

/** Character classes of ASCII, for the scans below (anything else is bad). */
const CHAR_CLASS = (() => {
  const classes = new Uint8Array(128);
  for (let c = CODE_0; c <= CODE_9; c++) classes[c] = CLASS_DIGIT;
  // Upper case is left out on purpose: the scans below then also prove a name is in normal form.
  for (let c = CODE_LOWER_A; c <= CODE_LOWER_Z; c++) classes[c] = CLASS_LETTER;
  classes[CODE_HYPHEN] = CLASS_HYPHEN;
  classes[CODE_UNDERSCORE] = CLASS_UNDERSCORE;
  classes[CODE_DOT] = CLASS_DOT;
  return classes;
})();

/**
 * True when a forward name is in normal form, passes every rule of {@link describeForwardProblem}
 * and has no punycode label to decode. One pass with no allocation (once per zone on the
 * validator's hot path); false only means "look closer".
 */
function isPlainForwardName(name: string, allowUnderscore: boolean): boolean {
  const length = name.length;
  if (length === 0 || length > MAX_NAME_LENGTH) return false;
  let labelStart = 0;
  let labels = 1;
  let digitsOnly = true;
  let previous = CLASS_DOT;
  for (let i = 0; i < length; i++) {
    const c = name.charCodeAt(i);
    const cls = c < 128 ? (CHAR_CLASS[c] ?? CLASS_BAD) : CLASS_BAD;
    if (cls === CLASS_DOT) {
      const labelLength = i - labelStart;
      if (labelLength === 0 || labelLength > MAX_LABEL_LENGTH || previous === CLASS_HYPHEN) return false;
      labels++;
      labelStart = i + 1;
      digitsOnly = true;
    } else if (cls === CLASS_DIGIT) {
      // A digit keeps `digitsOnly` as it is.
    } else if (cls === CLASS_LETTER) {
      // "xn--" opens a punycode label, which needs the detailed check.
      if (i === labelStart && c === 120 && name.startsWith("xn--", i)) return false;
      digitsOnly = false;
    } else if (cls === CLASS_HYPHEN) {
      if (i === labelStart) return false;
      digitsOnly = false;
    } else if (cls === CLASS_UNDERSCORE && allowUnderscore) {
      digitsOnly = false;
    } else {
      return false;
    }
    previous = cls;
  }
  const lastLength = length - labelStart;
  return (
    labels >= 2 &&
    lastLength > 0 &&
    lastLength <= MAX_LABEL_LENGTH &&
    previous !== CLASS_HYPHEN &&
    !digitsOnly
  );
}

/** The detailed forward-name check: the first problem of a name, or `undefined`. */
function describeForwardProblem(name: string, kind: ForwardKind): NameProblem | undefined {
  const length = name.length;
  if (length === 0) {
    return { reason: "empty", why: "it is empty", fix: `write a full name such as "${EXAMPLE[kind]}"` };
  }
  if (length > Limits.MAX_NAME_LENGTH) {
    return {
      reason: "too-long",
      why: `it is ${length} characters long; a name holds at most ${Limits.MAX_NAME_LENGTH}`,
      fix: "shorten it",
    };
  }
  let labelStart = 0;
  let labels = 0;
  let allDigits = true;
  let hasPunycodeLabel = false;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? name.charCodeAt(i) : CODE_DOT;
    if (c === CODE_DOT) {
      const labelLength = i - labelStart;
      if (labelLength === 0) return { ...EMPTY_LABEL };
      if (labelLength > Limits.MAX_LABEL_LENGTH) {
        const label = name.slice(labelStart, i);
        return {
          reason: "label-too-long",
          label,
          why: `label "${label}" is ${labelLength} characters long; a label holds at most ${Limits.MAX_LABEL_LENGTH}`,
          fix: "shorten that label",
        };
      }
      const leading = name.charCodeAt(labelStart) === CODE_HYPHEN;
      if (leading || name.charCodeAt(i - 1) === CODE_HYPHEN) {
        const label = name.slice(labelStart, i);
        return {
          reason: leading ? "leading-hyphen" : "trailing-hyphen",
          label,
          why: `label "${label}" ${leading ? "starts" : "ends"} with a hyphen`,
          fix: "remove the hyphen",
        };
      }
      if (labelLength >= 4 && name.startsWith("xn--", labelStart)) hasPunycodeLabel = true;
      labels++;
      if (i < length) allDigits = true;
      labelStart = i + 1;
      continue;
    }
    if (c < CODE_0 || c > CODE_9) allDigits = false;
    if (isLabelCharCode(c) && (c !== CODE_UNDERSCORE || kind === "zone")) continue;
    return describeBadCharacter(name, i, kind);
  }
  const lastLabel = name.slice(name.lastIndexOf(".") + 1);
  if (labels < 2) {
    const hostname = kind === "hostname";
    return {
      reason: "single-label",
      label: lastLabel,
      why: hostname ? "it has only one label" : "it has only one label (a top-level domain)",
      fix: hostname
        ? `write the full hostname, e.g. "${EXAMPLE.hostname}"`
        : `write the zone's full domain name, e.g. "${EXAMPLE.zone}"`,
    };
  }
  if (allDigits) {
    return {
      reason: "numeric-tld",
      label: lastLabel,
      why: `its last label "${lastLabel}" is all digits, so it reads as an IP address`,
      fix:
        kind === "hostname"
          ? "use the nameserver's hostname, not its address"
          : 'write a reverse zone under in-addr.arpa, e.g. "2.0.192.in-addr.arpa"',
    };
  }
  return hasPunycodeLabel ? checkPunycodeLabels(name) : undefined;
}

function describeBadCharacter(name: string, index: number, kind: ForwardKind): NameProblem {
  const start = name.lastIndexOf(".", index) + 1;
  const end = name.indexOf(".", index);
  const label = name.slice(start, end === -1 ? name.length : end);
  const code = name.codePointAt(index) ?? 0;
  if (code > 127) {
    return {
      reason: "bad-idn",
      label,
      why: `label "${label}" is not a valid internationalised label`,
      fix: 'check its spelling, or write it in punycode ("xn--...")',
    };
  }
  const allowed =
    kind === "hostname"
      ? "a hostname uses only letters, digits and hyphens"
      : "a zone name uses only letters, digits, hyphens and underscores";
  return {
    reason: "bad-character",
    label,
    why: `label "${label}" contains ${JSON.stringify(String.fromCodePoint(code))}; ${allowed}`,
    fix: "remove or replace that character",
  };
}

/** Labels written in punycode must decode to a valid IDN label, as Cloudflare will decode them. */
function checkPunycodeLabels(name: string): NameProblem | undefined {
  for (const label of name.split(".")) {
    if (!label.startsWith("xn--")) continue;
    if (domainToASCII(label + IDN_SENTINEL) === "") {
      return {
        reason: "bad-punycode",
        label,
        why: `label "${label}" is not valid punycode`,
        fix: "write the label in Unicode, or encode it again",
      };
    }
  }
  return undefined;
}
