import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import {
  createManualClock,
  createScaledClock,
  deriveNameserverRecords,
  EmulatorStore,
  loadSeed,
  matchPathPattern,
  SeedError,
} from "../../provider/emulator";
import { findHostnameProblem } from "../../provider/emulator/hostnames";
import { formatRateLimitHeaders, RateLimiter } from "../../provider/emulator/rate-limit";

describe("findHostnameProblem", () => {
  it.each([
    "ns1.example.com",
    "a.b",
    "xn--bcher-kva.example",
    "ns-1.example.com",
    "1.example.com",
    `${"a".repeat(63)}.com`,
  ])("accepts %s", (name) => expect(findHostnameProblem(name)).toBeUndefined());

  it("refuses a name over 253 characters", () => {
    const long = `${"a".repeat(60)}.`.repeat(5) + "example";
    expect(findHostnameProblem(long)).toBe(
      `it is ${long.length} characters long; a name holds at most 253; shorten it`,
    );
  });

  it("refuses an empty name", () => {
    expect(findHostnameProblem("")).toBe('it is empty; write a full name such as "ns1.example.com"');
  });
});

describe("deriveNameserverRecords", () => {
  it("gives one A from the IPv4 documentation ranges and one AAAA from 2001:db8::/32, for any name", () => {
    fc.assert(
      fc.property(fc.domain(), (name) => {
        const [a, aaaa, ...rest] = deriveNameserverRecords(name);
        return (
          rest.length === 0 &&
          a?.type === "A" &&
          /^(192\.0\.2|198\.51\.100|203\.0\.113)\.([1-9]|[1-9]\d|1\d\d|2[0-4]\d|25[0-4])$/.test(a.value) &&
          aaaa?.type === "AAAA" &&
          /^2001:db8:[0-9a-f]{1,4}:[0-9a-f]{1,4}::[0-9a-f]{1,4}$/.test(aaaa.value) &&
          !aaaa.value.endsWith("::0")
        );
      }),
    );
  });
});

describe("matchPathPattern", () => {
  it.each([
    ["/accounts/*/custom_ns", "/accounts/abc/custom_ns", true],
    ["/accounts/:id/custom_ns", "/client/v4/accounts/abc/custom_ns", true],
    ["/client/v4/zones/{zone_id}", "/zones/abc", true],
    ["/accounts/*/custom_ns", "/accounts/abc/custom_ns/ns1.example.com", false],
    ["/accounts/**", "/accounts/abc/custom_ns/ns1.example.com", true],
    ["/zones", "/zones/abc", false],
    ["/zones/*/dns_settings", "/zones/abc/custom_ns", false],
  ])("%s matches %s: %s", (pattern, path, expected) => {
    expect(matchPathPattern(pattern, path)).toBe(expected);
  });
});

describe("clocks", () => {
  it("runs a scaled clock timeScale times faster than the real one", () => {
    let real = 1_000;
    const clock = createScaledClock(60, () => real);
    real += 1_000;
    expect(clock.now()).toBe(1_000 + 60_000);
  });

  it.each([0, -1, Number.NaN, Infinity])("refuses the timeScale %p", (scale) => {
    expect(() => createScaledClock(scale)).toThrow(
      `timeScale must be a positive finite number, got ${scale}`,
    );
  });
});

describe("RateLimiter", () => {
  it("reports waits in real seconds under a scaled clock", () => {
    let real = 0;
    const limiter = new RateLimiter(
      { requests: 1, windowSeconds: 300, lockoutSeconds: 300 },
      createScaledClock(60, () => real),
    );
    expect(limiter.take("a")).toEqual({
      allowed: true,
      policy: "default",
      limit: 1,
      windowSeconds: 5,
      remaining: 0,
      resetSeconds: 5,
    });
    expect(limiter.take("a")).toEqual({
      allowed: false,
      policy: "default",
      limit: 1,
      windowSeconds: 5,
      remaining: 0,
      resetSeconds: 5,
      retryAfterSeconds: 5,
    });
    real += 2_500;
    expect(limiter.take("a").retryAfterSeconds).toBe(3);
    real += 2_500;
    expect(limiter.take("a").allowed).toBe(true);
  });

  it("is off with an infinite budget", () => {
    const limiter = new RateLimiter({ requests: Infinity }, createManualClock());
    for (let i = 0; i < 5000; i++) limiter.take("a");
    const decision = limiter.take("a");
    expect(decision).toMatchObject({ allowed: true, limit: Infinity, remaining: Infinity });
    expect(formatRateLimitHeaders(decision)).toEqual({});
  });

  it("refuses a budget that is not positive or whole, an unknown window and a policy name headers cannot carry", () => {
    const clock = createManualClock();
    expect(() => new RateLimiter({ requests: 0 }, clock)).toThrow(
      "rateLimit.requests must be positive, got 0",
    );
    expect(() => new RateLimiter({ requests: 1.5 }, clock)).toThrow(
      "rateLimit.requests must be a whole number or Infinity, got 1.5",
    );
    expect(() => new RateLimiter({ window: "rolling" as never }, clock)).toThrow(
      'rateLimit.window must be "sliding" or "fixed", got rolling',
    );
    expect(() => new RateLimiter({ policyName: 'a"b' }, clock)).toThrow(
      'rateLimit.policyName must be printable ASCII without quotes or backslashes, got "a\\"b"',
    );
  });

  it("formats the headers in structured-field syntax with a chosen policy name", () => {
    const limiter = new RateLimiter(
      { requests: 2, windowSeconds: 60, policyName: "acns" },
      createManualClock(),
    );
    limiter.take("a");
    expect(formatRateLimitHeaders(limiter.take("a"))).toEqual({
      Ratelimit: '"acns";r=0;t=60',
      "Ratelimit-Policy": '"acns";q=2;w=60',
    });
    expect(formatRateLimitHeaders(limiter.take("a"))).toEqual({
      Ratelimit: '"acns";r=0;t=300',
      "Ratelimit-Policy": '"acns";q=2;w=60',
      "Retry-After": "300",
    });
  });
});

describe("loadSeed", () => {
  const ACCOUNT = "0123456789abcdef0123456789abcdef";
  const dirs: string[] = [];
  const makeDir = (): string => {
    const made = mkdtempSync(join(tmpdir(), "acns-seed-"));
    dirs.push(made);
    return made;
  };
  afterAll(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it("reads a JSON file and applies the defaults", () => {
    const dir = makeDir();
    const file = join(dir, "seed.json");
    writeFileSync(file, JSON.stringify({ accounts: [{ id: ACCOUNT, name: "A" }] }));
    expect(loadSeed(file)).toEqual({
      accounts: [{ id: ACCOUNT, name: "A", acnsEntitled: false, defaultNameservers: "cloudflare.standard" }],
      zones: [],
      users: [],
      tokens: [],
      apiKeys: [],
      nameservers: [],
      nameserverSets: [],
    });
  });

  it("names the file when it cannot be read or parsed", () => {
    const dir = makeDir();
    const file = join(dir, "broken.json");
    writeFileSync(file, "{");
    expect(() => loadSeed(file)).toThrow(new RegExp(`^invalid seed ${file}:\\n  - not JSON: `));
    expect(() => loadSeed(join(dir, "missing.json"))).toThrow(
      `invalid seed ${join(dir, "missing.json")}:\n  - cannot read the file: `,
    );
  });

  it("lists every reference problem and never echoes a token value or key", () => {
    const secret = "super-secret-token-value";
    let error: unknown;
    try {
      loadSeed({
        accounts: [
          { id: ACCOUNT, name: "A" },
          { id: ACCOUNT, name: "B" },
        ],
        zones: [{ id: ACCOUNT, name: "example.com", accountId: "ffffffffffffffffffffffffffffffff" }],
        tokens: [
          { value: secret, accountIds: [ACCOUNT] },
          { value: secret, accountIds: ["ffffffffffffffffffffffffffffffff"] },
          { value: 42 as unknown as string, accountIds: [], extra: secret } as never,
        ],
        apiKeys: [{ email: "a@example.com", key: 7 as unknown as string, accountIds: [] }],
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SeedError);
    expect((error as SeedError).problems).toEqual([
      "tokens[2].value must be a string",
      'tokens[2] has unknown key "extra"',
      "apiKeys[0].key must be a string",
    ]);
    expect((error as Error).message).not.toContain(secret);
  });

  it("lists duplicate ids and unknown accounts", () => {
    let error: unknown;
    try {
      loadSeed({
        accounts: [
          { id: ACCOUNT, name: "A" },
          { id: ACCOUNT, name: "B" },
        ],
        zones: [{ id: ACCOUNT, name: "example.com", accountId: "ffffffffffffffffffffffffffffffff" }],
        tokens: [
          { value: "t", accountIds: [ACCOUNT] },
          { value: "t", accountIds: ["ffffffffffffffffffffffffffffffff"] },
        ],
      });
    } catch (err) {
      error = err;
    }
    expect((error as SeedError).problems).toEqual([
      `accounts[1].id "${ACCOUNT}" appears twice`,
      'zones[0].accountId "ffffffffffffffffffffffffffffffff" is not an account of the seed',
      "tokens[1].value repeats an earlier token's value",
      'tokens[1].accountIds[0] "ffffffffffffffffffffffffffffffff" is not an account of the seed',
    ]);
  });

  it("lists users that repeat, credentials naming no user and an API key with another email than its user's", () => {
    let error: unknown;
    try {
      loadSeed({
        accounts: [{ id: ACCOUNT, name: "A" }],
        users: [
          { id: "u", email: "ops@example.com" },
          { id: "u", email: "OPS@example.com" },
          { id: "v", email: "v@example.com" },
        ],
        tokens: [{ value: "t", accountIds: [ACCOUNT], user: "nobody" }],
        apiKeys: [
          { email: "k@example.com", key: "k", accountIds: [], user: "v" },
          { email: "j@example.com", key: "j", accountIds: [], user: "ghost" },
        ],
      });
    } catch (err) {
      error = err;
    }
    expect((error as SeedError).problems).toEqual([
      'users[1].id "u" appears twice',
      'users[1].email "OPS@example.com" appears twice',
      'tokens[0].user "nobody" is not a user of the seed',
      'apiKeys[0].email "k@example.com" is not the email of its user "v" ("v@example.com"); use the user\'s email or leave out user',
      'apiKeys[1].user "ghost" is not a user of the seed',
    ]);
  });

  it("refuses a seed that breaks Cloudflare's rules, listing every violation", () => {
    const zone = (n: number, name: string, nsSet: number) => ({
      id: `${n}`.repeat(32),
      name,
      accountId: ACCOUNT,
      nameservers: { type: "custom.account" as const, ns_set: nsSet },
    });
    expect(
      () =>
        new EmulatorStore({
          seed: {
            accounts: [{ id: ACCOUNT, name: "A", acnsEntitled: true }],
            zones: [zone(1, "example.com", 1), zone(2, "a.example.com", 1), zone(3, "example.org", 2)],
            nameservers: [
              { accountId: ACCOUNT, ns_name: "ns1.example.net", ns_set: 1 },
              { accountId: ACCOUNT, ns_name: "ns2.example.net", ns_set: 1 },
              { accountId: ACCOUNT, ns_name: "bad..name", ns_set: 2 },
            ],
          },
        }),
    ).toThrow(
      [
        "invalid seed (rules):",
        '  - nameservers[2]: cannot add nameserver "bad..name": it is not a valid hostname: it has an empty label (a leading dot or two dots in a row); remove the extra dot',
        '  - zones[1]: cannot put zone "a.example.com" on ns_set 1: its parent "example.com" already uses ns_set 1; give one of them another set (2-5)',
        '  - zones[2]: cannot put zone "example.org" on ns_set 2: the set has no names; a zone needs a set with at least 2 names, so add names to ns_set 2 first',
      ].join("\n"),
    );
  });
});
