/**
 * The order of adds and removes on a set: exact plans for the cases that matter, and the safety
 * bounds over every case (fast-check).
 */
import fc from "fast-check";
import { planNameChanges, type NameChange } from "../../provider/resources/nameserver-changes";

const add = (name: string): NameChange => ({ kind: "add", name });
const remove = (name: string): NameChange => ({ kind: "remove", name });

test.each<[string, string[], string[], NameChange[]]>([
  ["nothing to do", ["a", "b"], ["b", "a"], []],
  ["a new set: adds only", [], ["b", "a"], [add("a"), add("b")]],
  ["adds before removes", ["a", "b"], ["c", "d"], [add("c"), add("d"), remove("a"), remove("b")]],
  [
    "a full set swaps one for one",
    ["a", "b", "c", "d", "e"],
    ["a", "b", "x", "y"],
    [remove("c"), add("x"), remove("d"), add("y"), remove("e")],
  ],
  [
    "room for one more, then a swap",
    ["a", "b", "c", "d"],
    ["x", "y"],
    [add("x"), remove("a"), add("y"), remove("b"), remove("c"), remove("d")],
  ],
])("%s", (_name, current, desired, expected) => {
  expect(planNameChanges(current, desired)).toEqual(expected);
});

test("every plan reaches the desired set, never exceeds 5 names, and keeps a used set at 2 or more", () => {
  const names = fc.uniqueArray(fc.constantFrom(..."abcdefghij"), { maxLength: 5 });
  fc.assert(
    fc.property(names, names, (current, desired) => {
      const set = new Set(current);
      let smallest = set.size;
      for (const change of planNameChanges(current, desired)) {
        if (change.kind === "add") {
          expect(set.has(change.name)).toBe(false);
          set.add(change.name);
        } else {
          expect(set.has(change.name)).toBe(true);
          set.delete(change.name);
        }
        expect(set.size).toBeLessThanOrEqual(5);
        smallest = Math.min(smallest, set.size);
      }
      expect([...set].sort()).toEqual([...desired].sort());
      // A set zones can use (2+ names) going to another usable set never drops below 2 names.
      expect(smallest).toBeGreaterThanOrEqual(Math.min(current.length, desired.length, 4));
    }),
    { numRuns: 500 },
  );
});
