/** Wording shared by messages of every layer. */
import { Limits } from "./limits";

/** Words joined for a sentence: `a`, `a and b`, `a, b and c` (or `or`); empty for none. */
export function formatWordList(words: readonly string[], conjunction: "and" | "or" = "and"): string {
  const last = words[words.length - 1];
  if (words.length <= 1 || last === undefined) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${last}`;
}

/** Quoted names joined for a sentence: `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function formatNameList(names: readonly string[]): string {
  return formatWordList(names.map((n) => JSON.stringify(n)));
}

/** Formats set numbers as `2`, `2 and 3`, `2, 3 and 5`, or a run of three or more as `2-5`. */
export function formatSetList(sets: readonly number[], conjunction: "and" | "or"): string {
  const first = sets[0];
  const last = sets[sets.length - 1];
  if (first === undefined || last === undefined) return "";
  if (sets.length >= 3 && last - first === sets.length - 1) return `${first}-${last}`;
  return formatWordList(sets.map(String), conjunction);
}

/** The numbered sets other than `nsSet`, runs as ranges: 1 -> "2-5", 2 -> "1, 3-5", 3 -> "1-2, 4-5". */
export function formatOtherSets(nsSet: number): string {
  const runs: [number, number][] = [];
  for (let n = Limits.MIN_NS_SET; n <= Limits.MAX_NS_SET; n++) {
    const last = runs[runs.length - 1];
    if (n === nsSet) continue;
    if (last !== undefined && last[1] === n - 1) last[1] = n;
    else runs.push([n, n]);
  }
  return runs.map(([first, end]) => (first === end ? `${first}` : `${first}-${end}`)).join(", ");
}

/** A short, safe rendering of an input value for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    return value.length > 80
      ? `${JSON.stringify(value.slice(0, 80))}... (a string)`
      : `${JSON.stringify(value)} (a string)`;
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return `${String(value)} (a ${typeof value})`;
  }
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  return `a ${typeof value}`;
}

/** A known field that differs from `key` only in case, `_` or `-` (`ns_set` for `nsSet`). */
export function suggestField(key: string, fields: readonly string[]): string | undefined {
  const fold = (text: string): string => text.toLowerCase().replace(/[-_\s]/g, "");
  return fields.find((field) => fold(field) === fold(key));
}

/** `1 zone`, `2 zones`; `plural` for irregular nouns. */
export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}
