import fc from "fast-check";
import {
  addZoneSet,
  createZoneSetTable,
  describeFreeSets,
  describeFullChain,
  describeSharedSet,
  findHierarchyConflicts,
  listFreeSets,
  listHierarchyConflicts,
  listSetsInMask,
  maskOfSet,
  relateZones,
} from "../../provider/core/hierarchy";
import { isSubdomainOf } from "../../provider/core/names";
import {
  addString,
  createStringTable,
  findString,
  findSuffix,
  hashString,
} from "../../provider/core/string-table";
import { validateAcnsConfig } from "../../provider/core/validate";

interface Zone {
  name: string;
  nsSet: number;
}

/** Small trees under a few apexes, forward and reverse, so that chains, siblings and look-alikes all occur. */
const APEXES = [
  "example.com",
  "badexample.com",
  "example.net",
  "10.in-addr.arpa",
  "8.b.d.0.1.0.0.2.ip6.arpa",
];
const arbitraryZone: fc.Arbitrary<Zone> = fc
  .record({
    apex: fc.constantFrom(...APEXES),
    labels: fc.array(fc.constantFrom("a", "b", "1", "0"), { maxLength: 3 }),
    nsSet: fc.integer({ min: 1, max: 5 }),
  })
  // IPv4 reverse names take octets only.
  .map(({ apex, labels, nsSet }) => ({
    name: [
      ...(apex.endsWith("in-addr.arpa")
        ? labels.map((label) => (label === "a" ? "25" : label === "b" ? "3" : label))
        : labels),
      apex,
    ].join("."),
    nsSet,
  }));
const arbitraryZones = fc.array(arbitraryZone, { maxLength: 25 });

/** The brute-force oracle: every pair of names, compared by labels. */
function findConflictsPairwise(zones: readonly Zone[]): string[] {
  const found = new Set<string>();
  for (const upper of zones) {
    for (const deeper of zones) {
      if (upper.nsSet === deeper.nsSet && isSubdomainOf(deeper.name, upper.name)) {
        found.add(`${upper.name} > ${deeper.name} @${upper.nsSet}`);
      }
    }
  }
  return [...found].sort();
}

describe("findHierarchyConflicts", () => {
  test("finds the conflict across a zone on another set, not only with the nearest ancestor", () => {
    expect(
      listHierarchyConflicts([
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 2 },
        { name: "x.a.example.com", nsSet: 1 },
        { name: "b.example.com", nsSet: 2 },
        { name: "badexample.com", nsSet: 1 },
      ]),
    ).toEqual([{ ancestor: "example.com", descendant: "x.a.example.com", nsSet: 1 }]);
  });

  test("reports each pair once, the ancestor nearest the root first", () => {
    expect(
      listHierarchyConflicts([
        { name: "x.a.example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 1 },
        { name: "example.com", nsSet: 1 },
      ]),
    ).toEqual([
      { ancestor: "example.com", descendant: "x.a.example.com", nsSet: 1 },
      { ancestor: "a.example.com", descendant: "x.a.example.com", nsSet: 1 },
      { ancestor: "example.com", descendant: "a.example.com", nsSet: 1 },
    ]);
  });

  test("equals the pairwise oracle on random small hierarchies", () => {
    fc.assert(
      fc.property(arbitraryZones, (zones) => {
        const found = listHierarchyConflicts(zones)
          .map(({ ancestor, descendant, nsSet }) => `${ancestor} > ${descendant} @${nsSet}`)
          .sort();
        expect(found).toEqual(findConflictsPairwise(zones));
        // Exactly once: no pair appears twice.
        expect(new Set(found).size).toBe(found.length);
      }),
      { numRuns: 2000 },
    );
  });

  test("gives each zone the sets used by every other zone on its chain", () => {
    fc.assert(
      fc.property(arbitraryZones, (zones) => {
        const table = createZoneSetTable(zones.length);
        for (const zone of zones) addZoneSet(table, zone.name, zone.nsSet);
        const { chainMasks } = findHierarchyConflicts(table);
        table.names.keys.forEach((name, entry) => {
          const expected = zones
            .filter((other) => isSubdomainOf(other.name, name) || isSubdomainOf(name, other.name))
            .reduce((mask, other) => mask | maskOfSet(other.nsSet), 0);
          expect(listSetsInMask(chainMasks[entry] ?? 0)).toEqual(listSetsInMask(expected));
        });
      }),
      { numRuns: 1000 },
    );
  });

  test("validateAcnsConfig reports the same pairs as the oracle, live zones included", () => {
    const sets = [1, 2, 3, 4, 5].map((nsSet) => ({
      nsSet,
      nameservers: [`a${nsSet}.x.net`, `b${nsSet}.x.net`],
    }));
    fc.assert(
      fc.property(arbitraryZones, arbitraryZones, (declared, live) => {
        const declaredNames = new Set(declared.map((zone) => zone.name));
        // The account's live zones that the plan does not declare, one fact per name.
        const liveByName = new Map(
          live.filter((zone) => !declaredNames.has(zone.name)).map((zone) => [zone.name, zone]),
        );
        const result = validateAcnsConfig({
          accountId: "0123456789abcdef0123456789abcdef",
          sets,
          zones: declared,
          liveZones: [...liveByName.values()],
        });
        const reported = result.ok
          ? []
          : result.issues
              .filter((issue) => issue.code === "hierarchy-conflict")
              .map(
                (issue) =>
                  `${issue.subjects.zones[1] ?? ""} > ${issue.subjects.zones[0] ?? ""} @${issue.subjects.sets[0] ?? 0}`,
              )
              .sort();
        expect(reported).toEqual(findConflictsPairwise([...declared, ...liveByName.values()]));
      }),
      { numRuns: 1000 },
    );
  });
});

describe("string table", () => {
  test("finds what was added, by value and by suffix, like a Map", () => {
    const text = fc
      .array(fc.constantFrom("a", "b", ".", "é", "\u{1f600}"), { maxLength: 8 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.array(text, { maxLength: 60 }), fc.array(text, { maxLength: 20 }), (added, probes) => {
        const table = createStringTable(2);
        const reference = new Map<string, number>();
        for (const key of added) {
          const entry = addString(table, key);
          if (!reference.has(key)) reference.set(key, reference.size);
          expect(entry).toBe(reference.get(key));
        }
        expect(table.keys).toEqual([...reference.keys()]);
        for (const probe of [...added, ...probes]) {
          expect(findString(table, probe)).toBe(reference.get(probe) ?? -1);
          for (let start = 0; start <= probe.length; start++) {
            const suffix = probe.slice(start);
            expect(findSuffix(table, probe, start, hashString(suffix))).toBe(reference.get(suffix) ?? -1);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe("relateZones: the hierarchy rule's relation, by whole labels", () => {
  it.each([
    ["a.example.com", "example.com", "parent"],
    ["x.a.example.com", "example.com", "ancestor"],
    ["example.com", "a.example.com", "child"],
    ["example.com", "x.a.example.com", "descendant"],
    ["a.example.com", "b.example.com", undefined],
    ["a.b.example.com", "example.com", "ancestor"],
    ["example.com", "ample.com", undefined],
    ["example.com", "badexample.com", undefined],
    ["example.com", "example.com", undefined],
    ["example.com", "example.net", undefined],
    ["1.10.in-addr.arpa", "10.in-addr.arpa", "parent"],
    ["10.in-addr.arpa", "0.1.10.in-addr.arpa", "descendant"],
    ["11.in-addr.arpa", "1.10.in-addr.arpa", undefined],
    ["0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "8.b.d.0.1.0.0.2.ip6.arpa", "ancestor"],
  ])("%s sees %s as %s", (zone, other, relation) => {
    expect(relateZones(zone, other)).toBe(relation);
  });

  const label = fc.stringMatching(/^[a-z0-9]{1,5}$/);
  const name = fc.array(label, { minLength: 1, maxLength: 5 }).map((labels) => labels.join("."));

  it("is antisymmetric: parent one way is child the other, ancestor is descendant", () => {
    const inverse = {
      parent: "child",
      child: "parent",
      ancestor: "descendant",
      descendant: "ancestor",
    } as const;
    fc.assert(
      fc.property(name, name, (a, b) => {
        const ab = relateZones(a, b);
        const ba = relateZones(b, a);
        return ab === undefined ? ba === undefined : ba === inverse[ab];
      }),
    );
  });

  it("finds every proper suffix of a name as an ancestor", () => {
    fc.assert(
      fc.property(fc.array(label, { minLength: 2, maxLength: 6 }), (labels) => {
        const full = labels.join(".");
        return labels
          .slice(1)
          .every((_, i) => relateZones(full, labels.slice(i + 1).join(".")) !== undefined);
      }),
    );
  });
});

describe("the hierarchy relation's wording", () => {
  it("words a shared set, the free sets and a full chain as every layer's messages do", () => {
    expect(describeSharedSet("a.example.com", "parent", "example.com", "ns_set 1")).toBe(
      'zone "a.example.com" and its parent "example.com" both use ns_set 1',
    );
    expect(
      describeSharedSet("a.example.com", "parent", "example.com", "ns_set 1", { other: " (live)" }),
    ).toBe('zone "a.example.com" and its parent "example.com" (live) both use ns_set 1');
    expect(listFreeSets([1, null, 3])).toEqual([2, 4, 5]);
    expect(describeFreeSets([2])).toBe("2 is free on its chain");
    expect(describeFreeSets([2, 4, 5])).toBe("2, 4 and 5 are free on its chain");
    expect(describeFullChain()).toBe(
      "every set 1-5 is used on its chain; take one of these zones off account custom nameservers",
    );
  });
});
