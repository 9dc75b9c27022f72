import fc from "fast-check";
import { validateAcnsConfig, type AcnsValidationResult } from "../../provider/core/validate";

/**
 * Properties of the whole validator: the verdict depends on what the
 * configuration means, not on how it is spelled or ordered.
 */

const ACCOUNT = "0123456789abcdef0123456789abcdef";

interface Config {
  accountId: string;
  defaultNameservers?: string;
  sets: { nsSet: number; nameservers: string[] }[];
  zones: { name: string; nsSet?: number }[];
  liveZones?: { name: string; nsSet: number | null }[];
}

const forwardName = fc
  .record({
    labels: fc.array(fc.constantFrom("a", "b", "www", "bücher", "-bad"), { maxLength: 3 }),
    apex: fc.constantFrom("example.com", "example.net", "bücher.example"),
  })
  .map(({ labels, apex }) => [...labels, apex].join("."));
const reverseName = fc
  .array(fc.constantFrom("1", "0", "25", "256"), { maxLength: 3 })
  .map((labels) => [...labels, "10.in-addr.arpa"].join("."));
const zoneName = fc.oneof({ arbitrary: forwardName, weight: 4 }, { arbitrary: reverseName, weight: 1 });

/**
 * Configurations with valid and invalid names, duplicates, live zones and sets
 * too small. Zone ids and names shared by sets stay out: with three or more
 * claimants, which pairs get reported follows the order by design (each is
 * reported against the first), and the table tests cover those rules.
 */
const arbitraryConfig: fc.Arbitrary<Config> = fc
  .record({
    setNumbers: fc.subarray([1, 2, 3, 4, 5]),
    setSizes: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 5, maxLength: 5 }),
    zones: fc.array(
      fc.record({ name: zoneName, nsSet: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }) }),
      {
        maxLength: 12,
      },
    ),
    liveZones: fc.option(
      fc.array(
        fc.record({ name: zoneName, nsSet: fc.option(fc.integer({ min: 1, max: 5 }), { nil: null }) }),
        {
          maxLength: 6,
        },
      ),
      { nil: undefined },
    ),
    defaultNameservers: fc.option(fc.constantFrom("custom.account", "cloudflare.standard"), {
      nil: undefined,
    }),
  })
  .map(({ setNumbers, setSizes, zones, liveZones, defaultNameservers }) => {
    const config: Config = {
      accountId: ACCOUNT,
      // One set may have a single name (too small); names are unique across sets.
      sets: setNumbers.map((nsSet) => ({
        nsSet,
        nameservers: Array.from(
          { length: setSizes[nsSet - 1] ?? 2 },
          (_, k) => `ns${k}.set${nsSet}.example.net`,
        ),
      })),
      zones: zones.map((zone) =>
        zone.nsSet === undefined ? { name: zone.name } : { name: zone.name, nsSet: zone.nsSet },
      ),
    };
    if (defaultNameservers !== undefined) config.defaultNameservers = defaultNameservers;
    if (liveZones !== undefined) config.liveZones = liveZones;
    return config;
  });

/** The verdict as a comparable value: ok, and each issue's code and subjects (not paths, which follow the order). */
function summarise(result: AcnsValidationResult): { ok: boolean; issues: string[] } {
  if (result.ok) return { ok: true, issues: [] };
  return {
    ok: false,
    issues: result.issues
      .map(
        (issue) =>
          `${issue.code} | ${[...issue.subjects.zones].sort().join(",")} | ${[...issue.subjects.sets].sort().join(",")} | ` +
          [...issue.subjects.nameservers].sort().join(","),
      )
      .sort(),
  };
}

type Draw = fc.GeneratorValue;

function respellCase(name: string, draw: Draw): string {
  return [...name].map((char) => (draw(fc.boolean) ? char.toUpperCase() : char)).join("");
}

function mapNames(config: Config, rename: (name: string) => string): Config {
  return {
    ...config,
    sets: config.sets.map((set) => ({ ...set, nameservers: set.nameservers.map(rename) })),
    zones: config.zones.map((zone) => ({ ...zone, name: rename(zone.name) })),
    ...(config.liveZones === undefined
      ? {}
      : { liveZones: config.liveZones.map((zone) => ({ ...zone, name: rename(zone.name) })) }),
  };
}

function shuffle<T>(items: readonly T[], draw: Draw): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = draw(fc.integer, { min: 0, max: i });
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

describe("the verdict does not depend on spelling or order", () => {
  test("under upper and lower case", () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.gen(), (config, draw) => {
        const respelt = mapNames(config, (name) => respellCase(name, draw));
        const original = validateAcnsConfig(config);
        const changed = validateAcnsConfig(respelt);
        expect(summarise(changed)).toEqual(summarise(original));
        if (original.ok && changed.ok) expect(changed.value).toEqual(original.value);
      }),
      { numRuns: 500 },
    );
  });

  test("under a trailing dot", () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.gen(), (config, draw) => {
        const dotted = mapNames(config, (name) => (draw(fc.boolean) ? `${name}.` : name));
        const original = validateAcnsConfig(config);
        const changed = validateAcnsConfig(dotted);
        expect(summarise(changed)).toEqual(summarise(original));
        if (original.ok && changed.ok) expect(changed.value).toEqual(original.value);
      }),
      { numRuns: 500 },
    );
  });

  test("under IDN-equivalent spellings (Unicode and punycode)", () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.gen(), (config, draw) => {
        const encoded = mapNames(config, (name) =>
          name.replace(/bücher/g, () =>
            draw(fc.constantFrom<string[]>, "xn--bcher-kva", "BÜCHER", "bücher", "Xn--Bcher-Kva"),
          ),
        );
        const original = validateAcnsConfig(config);
        const changed = validateAcnsConfig(encoded);
        expect(summarise(changed)).toEqual(summarise(original));
        if (original.ok && changed.ok) expect(changed.value).toEqual(original.value);
      }),
      { numRuns: 500 },
    );
  });

  test("under reordering of sets, nameservers, zones and live zones", () => {
    fc.assert(
      fc.property(arbitraryConfig, fc.gen(), (config, draw) => {
        const reordered: Config = {
          ...config,
          sets: shuffle(config.sets, draw).map((set) => ({
            ...set,
            nameservers: shuffle(set.nameservers, draw),
          })),
          zones: shuffle(config.zones, draw),
          ...(config.liveZones === undefined ? {} : { liveZones: shuffle(config.liveZones, draw) }),
        };
        expect(summarise(validateAcnsConfig(reordered))).toEqual(summarise(validateAcnsConfig(config)));
      }),
      { numRuns: 500 },
    );
  });

  test("the generator reaches both verdicts and the hierarchy rule", () => {
    const samples = fc
      .sample(arbitraryConfig, { numRuns: 300, seed: 42 })
      .map((config) => validateAcnsConfig(config));
    expect(samples.some((result) => result.ok)).toBe(true);
    expect(
      samples.some(
        (result) => !result.ok && result.issues.some((issue) => issue.code === "hierarchy-conflict"),
      ),
    ).toBe(true);
  });
});
