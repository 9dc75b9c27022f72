import fc from "fast-check";
import { domainToASCII } from "node:url";
import {
  checkHostname,
  checkZoneName,
  classifyZoneName,
  countLabelsBetween,
  isAncestorOrDescendant,
  isNormalZoneName,
  isSubdomainOf,
  normaliseName,
  type NameProblem,
} from "../../provider/core/names";

describe("normaliseName", () => {
  test.each([
    ["example.com", "example.com"],
    ["  Example.COM.  ", "example.com"],
    ["\tns1.Example.net.\n", "ns1.example.net"],
    ["Bücher.example", "xn--bcher-kva.example"],
    ["BÜCHER.example.", "xn--bcher-kva.example"],
    // U+3002 IDEOGRAPHIC FULL STOP is a label separator in UTS #46.
    ["bücher.example\u3002", "xn--bcher-kva.example"],
    ["faß.de", "xn--fa-hia.de"],
    // Full-width digits map to ASCII digits, and a numeric name stays a name (no IPv4 rewrite).
    ["\uff11\uff10.in-addr.arpa", "10.in-addr.arpa"],
    ["1.10", "1.10"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    // Only one trailing dot is the root; the rest is an error to report, not to repair.
    ["example.com..", "example.com.."],
    ["a.com. .", "a.com. ."],
    [".", ""],
    ["", ""],
    // Characters the URL host parser would cut at stay, so the name is reported, not shortened.
    ["ü/25.example", "ü/25.example"],
    ["bü cher.example", "bü cher.example"],
  ])("%j -> %j", (raw, expected) => {
    expect(normaliseName(raw)).toBe(expected);
  });

  test("is idempotent on any string", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (raw) => {
        const once = normaliseName(raw);
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  test("is idempotent on name-like strings with case, dots, spaces and IDN", () => {
    const piece = fc.constantFrom(
      "a",
      "B",
      "ü",
      "Ü",
      ".",
      ".",
      " ",
      "-",
      "xn--",
      "ß",
      "\u3002",
      "1",
      "_",
      "/",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 20 }), (pieces) => {
        const once = normaliseName(pieces.join(""));
        expect(normaliseName(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });
});

type ProblemRow = [string, NameProblem];

describe("checkHostname", () => {
  test.each([
    "ns1.example.com",
    "a.b",
    "ns-1.dns.example.net",
    "1.example.com",
    "xn--bcher-kva.example",
    "NS1.Example.com",
  ])("accepts %j", (name) => {
    expect(checkHostname(name)).toBeUndefined();
  });

  const longLabel = "a".repeat(64);
  const longName = `${"a".repeat(63)}.${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(62)}`;
  test.each<ProblemRow>([
    ["", { reason: "empty", why: "it is empty", fix: 'write a full name such as "ns1.example.com"' }],
    [
      longName,
      { reason: "too-long", why: "it is 254 characters long; a name holds at most 253", fix: "shorten it" },
    ],
    [
      "ns1..example.com",
      {
        reason: "empty-label",
        why: "it has an empty label (a leading dot or two dots in a row)",
        fix: "remove the extra dot",
      },
    ],
    [
      `${longLabel}.example.com`,
      {
        reason: "label-too-long",
        label: longLabel,
        why: `label "${longLabel}" is 64 characters long; a label holds at most 63`,
        fix: "shorten that label",
      },
    ],
    [
      "ns_1.example.com",
      {
        reason: "bad-character",
        label: "ns_1",
        why: 'label "ns_1" contains "_"; a hostname uses only letters, digits and hyphens',
        fix: "remove or replace that character",
      },
    ],
    [
      "ns1.exa mple.com",
      {
        reason: "bad-character",
        label: "exa mple",
        why: 'label "exa mple" contains " "; a hostname uses only letters, digits and hyphens',
        fix: "remove or replace that character",
      },
    ],
    [
      "ns1.bü\u00adcher.example",
      {
        reason: "bad-idn",
        label: "bü\u00adcher",
        why: 'label "bü\u00adcher" is not a valid internationalised label',
        fix: 'check its spelling, or write it in punycode ("xn--...")',
      },
    ],
    [
      "-ns1.example.com",
      {
        reason: "leading-hyphen",
        label: "-ns1",
        why: 'label "-ns1" starts with a hyphen',
        fix: "remove the hyphen",
      },
    ],
    [
      "ns1-.example.com",
      {
        reason: "trailing-hyphen",
        label: "ns1-",
        why: 'label "ns1-" ends with a hyphen',
        fix: "remove the hyphen",
      },
    ],
    [
      "localhost",
      {
        reason: "single-label",
        label: "localhost",
        why: "it has only one label",
        fix: 'write the full hostname, e.g. "ns1.example.com"',
      },
    ],
    [
      "192.0.2.1",
      {
        reason: "numeric-tld",
        label: "1",
        why: 'its last label "1" is all digits, so it reads as an IP address',
        fix: "use the nameserver's hostname, not its address",
      },
    ],
    [
      "ns1.xn--zz.example",
      {
        reason: "bad-punycode",
        label: "xn--zz",
        why: 'label "xn--zz" is not valid punycode',
        fix: "write the label in Unicode, or encode it again",
      },
    ],
  ])("rejects %j", (name, problem) => {
    expect(checkHostname(name)).toEqual(problem);
  });
});

describe("checkZoneName", () => {
  test.each([
    "example.com",
    "a.b.c.example.co.uk",
    "_sub.example.com",
    "xn--bcher-kva.example",
    "home.arpa",
    "10.in-addr.arpa",
    "2.0.192.in-addr.arpa",
    "0.2.0.192.in-addr.arpa",
    "0/25.2.0.192.in-addr.arpa",
    "0-25.2.0.192.in-addr.arpa",
    "128-255.2.0.192.in-addr.arpa",
    "0/17.0.192.in-addr.arpa",
    "2.ip6.arpa",
    "8.b.d.0.1.0.0.2.ip6.arpa",
    `${"0.".repeat(31)}0.ip6.arpa`,
  ])("accepts %j", (name) => {
    expect(checkZoneName(name)).toBeUndefined();
  });

  const octetFix =
    'write the network\'s octets in reverse order, e.g. "2.0.192.in-addr.arpa" for 192.0.2.0/24';
  const nibbleFix =
    'write the prefix\'s hex digits in reverse order, one per label, e.g. "8.b.d.0.1.0.0.2.ip6.arpa" for 2001:db8::/32';
  test.each<ProblemRow>([
    [
      "com",
      {
        reason: "single-label",
        label: "com",
        why: "it has only one label (a top-level domain)",
        fix: 'write the zone\'s full domain name, e.g. "example.com"',
      },
    ],
    [
      "192.0.2.0",
      {
        reason: "numeric-tld",
        label: "0",
        why: 'its last label "0" is all digits, so it reads as an IP address',
        fix: 'write a reverse zone under in-addr.arpa, e.g. "2.0.192.in-addr.arpa"',
      },
    ],
    [
      "a+b.example.com",
      {
        reason: "bad-character",
        label: "a+b",
        why: 'label "a+b" contains "+"; a zone name uses only letters, digits, hyphens and underscores',
        fix: "remove or replace that character",
      },
    ],
    [
      "in-addr.arpa",
      {
        reason: "reverse-root",
        label: "in-addr",
        why: "it is the root of the in-addr.arpa tree, not a zone one can hold",
        fix: 'name a reverse zone inside it, e.g. "2.0.192.in-addr.arpa"',
      },
    ],
    [
      "ip6.arpa",
      {
        reason: "reverse-root",
        label: "ip6",
        why: "it is the root of the ip6.arpa tree, not a zone one can hold",
        fix: 'name a reverse zone inside it, e.g. "8.b.d.0.1.0.0.2.ip6.arpa"',
      },
    ],
    [
      "256.in-addr.arpa",
      {
        reason: "bad-octet",
        label: "256",
        why: 'label "256" is not a decimal octet (0-255, no leading zeros), which in-addr.arpa names need',
        fix: octetFix,
      },
    ],
    [
      "01.in-addr.arpa",
      {
        reason: "bad-octet",
        label: "01",
        why: 'label "01" is not a decimal octet (0-255, no leading zeros), which in-addr.arpa names need',
        fix: octetFix,
      },
    ],
    [
      "1.2.3.4.5.in-addr.arpa",
      {
        reason: "too-many-octets",
        why: "it has 5 labels under in-addr.arpa; an IPv4 reverse name has at most 4",
        fix: octetFix,
      },
    ],
    [
      "2.0/25.192.in-addr.arpa",
      {
        reason: "bad-classless-label",
        label: "0/25",
        why: 'label "0/25" is an RFC 2317 classless label, which may only be the first label, above 1-3 octets',
        fix: 'write it as e.g. "0/25.2.0.192.in-addr.arpa"',
      },
    ],
    [
      "0/25.in-addr.arpa",
      {
        reason: "bad-classless-label",
        label: "0/25",
        why: 'label "0/25" is an RFC 2317 classless label, which may only be the first label, above 1-3 octets',
        fix: 'write it as e.g. "0/25.2.0.192.in-addr.arpa"',
      },
    ],
    [
      "1..in-addr.arpa",
      {
        reason: "empty-label",
        why: "it has an empty label (a leading dot or two dots in a row)",
        fix: "remove the extra dot",
      },
    ],
    [
      "ab.ip6.arpa",
      {
        reason: "bad-nibble",
        label: "ab",
        why: 'label "ab" is not a single hex digit, which ip6.arpa names need',
        fix: nibbleFix,
      },
    ],
    [
      `${"0.".repeat(33)}ip6.arpa`,
      {
        reason: "too-many-nibbles",
        why: "it has 33 labels under ip6.arpa; an IPv6 reverse name has at most 32",
        fix: nibbleFix,
      },
    ],
  ])("rejects %j", (name, problem) => {
    expect(checkZoneName(name)).toEqual(problem);
  });

  test("classifies zones by their last labels", () => {
    expect(
      ["example.com", "2.0.192.in-addr.arpa", "8.b.d.0.1.0.0.2.ip6.arpa", "in-addr.arpa.example"].map(
        classifyZoneName,
      ),
    ).toEqual(["forward", "ipv4-reverse", "ipv6-reverse", "forward"]);
  });

  /** An independent statement of the rules, with regular expressions, to hold the fast scans to. */
  function isValidZoneNameByOracle(name: string): boolean {
    if (name === "in-addr.arpa" || name.endsWith(".in-addr.arpa")) {
      const labels = name.slice(0, -"in-addr.arpa".length).split(".").slice(0, -1);
      const octet = /^(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/;
      const classless =
        /^(0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])[/-](0|[1-9][0-9]?|1[0-9][0-9]|2[0-4][0-9]|25[0-5])$/;
      return (
        labels.length >= 1 &&
        labels.length <= 4 &&
        labels.every(
          (label, i) => octet.test(label) || (i === 0 && labels.length >= 2 && classless.test(label)),
        )
      );
    }
    if (name === "ip6.arpa" || name.endsWith(".ip6.arpa")) {
      const labels = name.slice(0, -"ip6.arpa".length).split(".").slice(0, -1);
      return labels.length >= 1 && labels.length <= 32 && labels.every((label) => /^[0-9a-f]$/.test(label));
    }
    const labels = name.split(".");
    return (
      name.length >= 1 &&
      name.length <= 253 &&
      labels.length >= 2 &&
      labels.every((label) => /^[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?$/.test(label)) &&
      !/^[0-9]+$/.test(labels[labels.length - 1] ?? "") &&
      labels.every((label) => !label.startsWith("xn--") || domainToASCII(`${label}.a`) !== "")
    );
  }

  test("agrees with a regular-expression oracle on generated names", () => {
    const piece = fc.constantFrom(
      "a",
      "b",
      "0",
      "1",
      "9",
      "25",
      "255",
      "256",
      "01",
      "-",
      "_",
      ".",
      ".",
      "/",
      "xn--",
      "bcher-kva",
      "f",
      ".in-addr.arpa",
      ".ip6.arpa",
      "x".repeat(60),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const name = pieces.join("");
        expect(checkZoneName(name) === undefined).toBe(isValidZoneNameByOracle(name));
      }),
      { numRuns: 20000 },
    );
  });

  test("isNormalZoneName answers true only for names already normal and valid", () => {
    const piece = fc.constantFrom(
      "a",
      "A",
      "0",
      "-",
      "_",
      ".",
      ".",
      " ",
      "ü",
      "0/25",
      "xn--bcher-kva",
      ".in-addr.arpa",
      ".IP6.arpa",
      ".ip6.arpa",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const name = pieces.join("");
        if (isNormalZoneName(name)) {
          expect(normaliseName(name)).toBe(name);
          expect(checkZoneName(name)).toBeUndefined();
        } else if (normaliseName(name) === name && checkZoneName(name) === undefined) {
          // Only punycode labels need the closer look when a name is normal and valid.
          expect(name).toContain("xn--");
        }
      }),
      { numRuns: 20000 },
    );
    expect(
      ["example.com", "0/25.2.0.192.in-addr.arpa", "8.b.d.0.1.0.0.2.ip6.arpa"].map(isNormalZoneName),
    ).toEqual([true, true, true]);
    expect(
      ["Example.com", "example.com.", " example.com", "xn--bcher-kva.example"].map(isNormalZoneName),
    ).toEqual([false, false, false, false]);
  });

  test("agrees with the oracle on hostnames, which also refuse underscores", () => {
    const piece = fc.constantFrom("a", "0", "1", "-", "_", ".", ".", "xn--", "bcher-kva", "x".repeat(60));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const name = pieces.join("");
        const expected = isValidZoneNameByOracle(name) && !name.includes("_") && !name.endsWith("arpa");
        if (!name.endsWith("arpa")) expect(checkHostname(name) === undefined).toBe(expected);
      }),
      { numRuns: 10000 },
    );
  });
});

describe("isSubdomainOf and isAncestorOrDescendant", () => {
  test.each([
    ["a.example.com", "example.com", true],
    ["x.a.example.com", "example.com", true],
    ["badexample.com", "example.com", false],
    ["example.com", "example.com", false],
    ["example.com", "a.example.com", false],
    ["1.10.in-addr.arpa", "10.in-addr.arpa", true],
    ["110.in-addr.arpa", "10.in-addr.arpa", false],
    ["0/25.2.0.192.in-addr.arpa", "2.0.192.in-addr.arpa", true],
    ["com", "", false],
  ])("isSubdomainOf(%j, %j) is %j", (name, ancestor, expected) => {
    expect(isSubdomainOf(name, ancestor)).toBe(expected);
  });

  test("isAncestorOrDescendant is symmetric and compares whole labels", () => {
    expect(isAncestorOrDescendant("example.com", "a.example.com")).toBe(true);
    expect(isAncestorOrDescendant("a.example.com", "example.com")).toBe(true);
    expect(isAncestorOrDescendant("a.example.com", "b.example.com")).toBe(false);
    expect(isAncestorOrDescendant("example.com", "badexample.com")).toBe(false);
  });

  test("countLabelsBetween counts the labels a name adds to its ancestor", () => {
    expect(countLabelsBetween("a.example.com", "example.com")).toBe(1);
    expect(countLabelsBetween("x.a.example.com", "example.com")).toBe(2);
    expect(countLabelsBetween("0/25.2.1.10.in-addr.arpa", "10.in-addr.arpa")).toBe(3);
  });
});
