/** Wording shared by messages of every layer. */

/** Quoted names joined for a sentence: `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function formatNameList(names: readonly string[]): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
}

/** Formats set numbers as `2`, `2 and 3`, `2, 3 and 5`, or a run of three or more as `2-5`. */
export function formatSetList(sets: readonly number[], conjunction: "and" | "or"): string {
  const first = sets[0];
  const last = sets[sets.length - 1];
  if (first === undefined || last === undefined) return "";
  if (sets.length >= 3 && last - first === sets.length - 1) return `${first}-${last}`;
  if (sets.length === 1) return String(first);
  return `${sets.slice(0, -1).join(", ")} ${conjunction} ${last}`;
}
