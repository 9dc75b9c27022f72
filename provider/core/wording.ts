/**
 * Wording shared by messages of every layer. Set numbers have their own formatter, `formatSetList`
 * in validate.ts, which also folds runs (`2-5`).
 */

/** Quoted names joined for a sentence: `"a"`, `"a" and "b"`, `"a", "b" and "c"`. */
export function formatNameList(names: readonly string[]): string {
  const quoted = names.map((n) => JSON.stringify(n));
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted[quoted.length - 1] ?? ""}`;
}
