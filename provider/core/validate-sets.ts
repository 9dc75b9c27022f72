/** The validator's checks of the numbered sets (`sets`) and of the `custom.account` default. */
import type { z } from "zod";
import { AcnsSet } from "./config";
import { listFreeSets, maskOfSet } from "./hierarchy";
import { Limits, NAMES_PER_SET_RANGE, NS_SET_RANGE, SET_NUMBERING } from "./limits";
import { normaliseName } from "./names";
import { SkippedReasons } from "./unknown-values";
import {
  NAME_CODES,
  SET_CODES,
  checkSetName,
  checkNameCount,
  dropUnknownIssues,
  isUnknownIn,
  readField,
  readHintMask,
  report,
  skip,
  type AccountState,
  type Code,
  type Path,
} from "./validate-state";
import { describeUnusableSet } from "./validate-zone-sets";
import { formatSetList } from "./wording";
import { describeSetNumberProblem, reportShapeIssues } from "./zod-issues";

const SET_HINTS: Readonly<Record<string, string>> = {
  nsSet: `the set number, ${NS_SET_RANGE}`,
  nameservers: `a list of ${NAMES_PER_SET_RANGE} hostnames`,
  "": 'a hostname such as "ns1.example.com"',
};

/** What a zone could find of a set number: bit 1, the set is usable; bit 2, it is not. Both: not known yet. */
const USABLE = 1;
const UNUSABLE = 2;
const MAYBE_USABLE = USABLE | UNUSABLE;

/** A set entry as read: `nsSet` or `names` undefined when that value is unknown. */
type SetEntry =
  | { kind: "unknown" }
  | { kind: "invalid"; zodIssues: z.core.$ZodIssue[] }
  | { kind: "set"; nsSet: number | undefined; names: readonly unknown[] | undefined };

function readSetEntry(raw: unknown, state: AccountState): SetEntry {
  if (isUnknownIn(state, raw)) return { kind: "unknown" };
  const result = AcnsSet.safeParse(raw);
  if (!result.success) {
    const zodIssues = dropUnknownIssues(result.error.issues, raw, state.isUnknown);
    if (zodIssues.length > 0) return { kind: "invalid", zodIssues };
  }
  // The shape holds (what is known of it), so the fields are what the schema says or unknown.
  const nsSet = readField(raw, "nsSet");
  const names = readField(raw, "nameservers");
  return {
    kind: "set",
    nsSet: isUnknownIn(state, nsSet) ? undefined : (nsSet as number),
    names: isUnknownIn(state, names) ? undefined : (names as unknown[]),
  };
}

const SET_NUMBER_CODES: Code[] = [
  "invalid-shape",
  "ns-set-out-of-range",
  "duplicate-set",
  "nameserver-in-multiple-sets",
  "unknown-set",
  "default-needs-set",
];

/** Lists the unknown values of a set entry whose known values have the wrong shape. */
function listUnknownSetFields(raw: unknown, path: Path, label: string, state: AccountState): void {
  const index = path[path.length - 1] as number;
  if (isUnknownIn(state, readField(raw, "nsSet")))
    skip(state, [...path, "nsSet"], SET_NUMBER_CODES, SkippedReasons.setNumber(index));
  const names = readField(raw, "nameservers");
  if (isUnknownIn(state, names)) {
    skip(state, [...path, "nameservers"], NAME_CODES, SkippedReasons.setNames(label));
  } else if (Array.isArray(names)) {
    names.forEach((name: unknown, j) => {
      if (isUnknownIn(state, name))
        skip(state, [...path, "nameservers", j], NAME_CODES, SkippedReasons.setName(label));
    });
  }
}

export function checkSets(rawSets: readonly unknown[], state: AccountState): AcnsSet[] {
  const { prefix, issues } = state;
  const entries = rawSets.map((raw) => readSetEntry(raw, state));
  const declaredNumbers = new Set<number>();
  for (const entry of entries)
    if (entry.kind === "set" && entry.nsSet !== undefined) declaredNumbers.add(entry.nsSet);
  const freeNumbers = listFreeSets(declaredNumbers);
  const firstEntryOfSet = new Map<number, number>();
  /** The set that first lists each name; undefined when that set's number is unknown. */
  const setOfNameserver = new Map<string, number | undefined>();
  /** Numbers of the entries so far that may hold any name (some names unknown); undefined: number unknown too. */
  const openSets: (number | undefined)[] = [];
  /** What zones could find of each set number: the first entry of a number decides it. */
  const possible = new Map<number, number>();
  const settled = new Set<number>();
  const addPossible = (nsSet: number | undefined, status: number): void => {
    for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) {
      if (settled.has(s) || (nsSet !== undefined && nsSet !== s)) continue;
      possible.set(s, (possible.get(s) ?? 0) | status);
      if (nsSet !== undefined) settled.add(s);
    }
  };
  const sets: AcnsSet[] = [];
  entries.forEach((entry, i) => {
    const path = [...prefix, "sets", i];
    if (entry.kind === "unknown") {
      skip(state, path, SET_CODES, SkippedReasons.set(i));
      addPossible(undefined, MAYBE_USABLE);
      openSets.push(undefined);
      return;
    }
    if (entry.kind === "invalid") {
      const raw = readField(rawSets[i], "nsSet");
      const rawNumber = typeof raw === "number" && !isUnknownIn(state, raw) ? raw : undefined;
      const subject = rawNumber === undefined ? `sets[${i}]` : `set ${rawNumber}`;
      listUnknownSetFields(rawSets[i], path, subject, state);
      reportShapeIssues(issues, entry.zodIssues, rawSets[i], path, {
        subject,
        fields: Object.keys(AcnsSet.shape),
        subjects: rawNumber !== undefined ? { sets: [rawNumber] } : {},
        hints: SET_HINTS,
        describeNsSet: (value) =>
          `set ${value} (sets[${i}]) ${describeSetNumberProblem(value)}; ${SET_NUMBERING}; ` +
          (freeNumbers.length > 0
            ? `renumber it to ${formatSetList(freeNumbers, "or")}`
            : "merge its nameservers into a declared set"),
      });
      return;
    }
    const { nsSet } = entry;
    const label = nsSet === undefined ? "the set whose number is not known yet" : `set ${nsSet}`;
    const setSubjects = nsSet === undefined ? [] : [nsSet];
    let firstEntry: number | undefined;
    if (nsSet === undefined) {
      skip(state, [...path, "nsSet"], SET_NUMBER_CODES, SkippedReasons.setNumber(i));
    } else {
      firstEntry = firstEntryOfSet.get(nsSet);
      if (firstEntry !== undefined) {
        report(
          issues,
          "duplicate-set",
          [...path, "nsSet"],
          `set ${nsSet} is declared twice (sets[${firstEntry}] and sets[${i}]); merge their nameservers into one entry`,
          { sets: [nsSet] },
        );
      } else {
        firstEntryOfSet.set(nsSet, i);
      }
    }
    if (entry.names === undefined) {
      skip(state, [...path, "nameservers"], NAME_CODES, SkippedReasons.setNames(label));
      addPossible(nsSet, MAYBE_USABLE);
      openSets.push(nsSet);
      return;
    }
    // A name of another set may be reported here only if no set before could have listed it first
    // with this set's number (the rule reports a name against the first set that lists it).
    const claimIsCertain =
      nsSet !== undefined && !openSets.some((other) => other === undefined || other === nsSet);
    const firstIndexOfName = new Map<string, number>();
    let unknownNames = 0;
    const nameservers: string[] = [];
    entry.names.forEach((rawItem, j) => {
      const namePath = [...path, "nameservers", j];
      if (isUnknownIn(state, rawItem)) {
        unknownNames++;
        skip(state, namePath, NAME_CODES, SkippedReasons.setName(label));
        return;
      }
      const rawName = rawItem as string;
      const name = normaliseName(rawName);
      nameservers.push(name);
      const at = { rawName, name, index: j, label, namePath, repeatPath: namePath };
      if (!checkSetName(issues, firstIndexOfName, at, { sets: setSubjects })) return;
      if (!state.numberedNames.has(name)) state.numberedNames.set(name, { label, nsSet });
      if (!setOfNameserver.has(name)) {
        setOfNameserver.set(name, nsSet);
        return;
      }
      const otherSet = setOfNameserver.get(name);
      // An unknown name before this one in the set may be this name, which then is a repeat here.
      if (!claimIsCertain || unknownNames > 0 || otherSet === undefined || nsSet === undefined) return;
      if (otherSet !== nsSet) {
        const both = [Math.min(otherSet, nsSet), Math.max(otherSet, nsSet)];
        report(
          issues,
          "nameserver-in-multiple-sets",
          namePath,
          `nameserver "${name}" is in set ${both[0]} and set ${both[1]}; a name can belong to one set only; ` +
            "remove it from one of them",
          { sets: both, nameservers: [name] },
        );
      }
    });
    if (unknownNames > 0) openSets.push(nsSet);
    const distinctNames = [...firstIndexOfName.keys()];
    const most = distinctNames.length + unknownNames;
    const count = checkNameCount(distinctNames, unknownNames);
    if (count !== undefined) {
      report(
        issues,
        `set-${count.size}`,
        [...path, "nameservers"],
        count.size === "too-small"
          ? `${label} has ${count.has}; a set needs ${NAMES_PER_SET_RANGE} ` +
              `distinct names before zones can use it; ${count.fix}`
          : `${label} has ${count.has}; a set holds at most ${Limits.MAX_NAMES_PER_SET}; ${count.fix}`,
        { sets: setSubjects, nameservers: distinctNames },
      );
    }
    let status =
      distinctNames.length >= Limits.MIN_NAMES_PER_SET ? USABLE : unknownNames > 0 ? MAYBE_USABLE : UNUSABLE;
    if (count?.size === "too-small") status = UNUSABLE;
    // The size is exact only when all names are known, or when the set is too small whatever they are.
    if (nsSet !== undefined && firstEntry === undefined && (unknownNames === 0 || status === UNUSABLE))
      state.declaredSizes.set(nsSet, most);
    addPossible(nsSet, status);
    if (nsSet !== undefined) sets.push({ nsSet, nameservers });
  });
  if (rawSets.length > Limits.MAX_SETS) {
    const extra = rawSets.length - Limits.MAX_SETS;
    report(
      issues,
      "too-many-sets",
      [...prefix, "sets"],
      `${rawSets.length} sets are declared; an account may have at most ${Limits.MAX_SETS} ` +
        `(numbered ${NS_SET_RANGE}); remove or merge ${extra}`,
      { sets: [...declaredNumbers].sort((a, b) => a - b) },
    );
  }
  for (let s = Limits.MIN_NS_SET; s <= Limits.MAX_NS_SET; s++) {
    const status = (possible.get(s) ?? 0) | (settled.has(s) ? 0 : UNUSABLE);
    if (status === USABLE) state.usableMask |= maskOfSet(s);
    else if (status === MAYBE_USABLE) state.maybeMask |= maskOfSet(s);
  }
  return sets;
}

export function checkDefaultSet(state: AccountState): void {
  const nsSet = Limits.DEFAULT_NS_SET;
  // Possibly usable: the unknown value that makes it so is listed, and this check waits with it.
  if ((readHintMask(state) & maskOfSet(nsSet)) !== 0) return;
  const declared = state.declaredSizes.has(nsSet);
  report(
    state.issues,
    "default-needs-set",
    [...state.prefix, "defaultNameservers"],
    `defaultNameservers is "custom.account", but set ${nsSet} ${describeUnusableSet(nsSet, state)}; ` +
      `new zones try set ${nsSet} first; ` +
      (declared ? `give set ${nsSet} ` : `declare set ${nsSet} with `) +
      `${NAMES_PER_SET_RANGE} nameservers, or choose another default`,
    { sets: [nsSet] },
  );
}
