/**
 * The validator's checks of Custom Nameserver Sets (`customSets`): the documented rules are issues,
 * the ones Cloudflare does not document warnings.
 */
import { AcnsCustomSet } from "./config";
import {
  CUSTOM_SET_NAME_ONCE,
  describeIpCountMismatch,
  type CustomNameserverSetEntry,
} from "./custom-nameserver-sets";
import { Limits, NAMES_PER_SET_RANGE } from "./limits";
import { normaliseName } from "./names";
import { SkippedReasons } from "./unknown-values";
import {
  checkSetName,
  checkNameCount,
  dropUnknownIssues,
  isUnknownIn,
  readField,
  report,
  skip,
  type AccountState,
  type Code,
  type Path,
} from "./validate-state";
import { reportShapeIssues } from "./zod-issues";

export const CUSTOM_SET_CODES: Code[] = [
  "invalid-shape",
  "unknown-field",
  "invalid-hostname",
  "duplicate-nameserver",
  "duplicate-custom-set",
  "advanced-ip-count-mismatch",
  "unknown-custom-set",
  "custom-set-too-small",
  "custom-set-too-large",
  "nameserver-in-custom-and-numbered-set",
  "nameserver-in-multiple-custom-sets",
];
/** What an unknown `ipCount` or `advanced` holds back. */
const IP_COUNT_CODES: Code[] = ["invalid-shape", "advanced-ip-count-mismatch"];
const CUSTOM_SET_KEY_CODES: Code[] = ["invalid-shape", "duplicate-custom-set", "unknown-custom-set"];
const CUSTOM_SET_NAME_CODES: Code[] = [
  "invalid-shape",
  "invalid-hostname",
  "duplicate-nameserver",
  "advanced-ip-count-mismatch",
  "custom-set-too-small",
  "custom-set-too-large",
  "nameserver-in-custom-and-numbered-set",
  "nameserver-in-multiple-custom-sets",
];

export const CUSTOM_SET_HINTS: Readonly<Record<string, string>> = {
  key: 'the set\'s key, 1-63 lowercase letters, digits, - or _, e.g. "edge"',
  nameservers:
    'a list of hostnames, each a string or {name, ipCount}, e.g. ["ns1.example.com", "ns2.example.com"]',
  "": 'a hostname such as "ns1.example.com", or {name: "ns1.example.com", ipCount: 2}',
  name: 'a hostname such as "ns1.example.com"',
  ipCount: "a whole number of addresses per family, or leave ipCount out",
  advanced: "true or false, or leave advanced out",
  ipSet: "the address pool, a whole number from 1, or leave ipSet out",
};

/** Lists the unknown values of a custom set entry. */
function listUnknownCustomSetFields(raw: unknown, path: Path, label: string, state: AccountState): void {
  const names = readField(raw, "nameservers");
  if (isUnknownIn(state, names)) {
    skip(state, [...path, "nameservers"], CUSTOM_SET_NAME_CODES, SkippedReasons.customSetNames(label));
  } else if (Array.isArray(names)) {
    names.forEach((item: unknown, j) => {
      if (isUnknownIn(state, item) || isUnknownIn(state, readField(item, "name")))
        skip(state, [...path, "nameservers", j], CUSTOM_SET_NAME_CODES, SkippedReasons.customSetName(label));
      else if (isUnknownIn(state, readField(item, "ipCount")))
        skip(
          state,
          [...path, "nameservers", j, "ipCount"],
          IP_COUNT_CODES,
          SkippedReasons.customSetIpCount(label),
        );
    });
  }
  if (isUnknownIn(state, readField(raw, "advanced")))
    skip(state, [...path, "advanced"], IP_COUNT_CODES, SkippedReasons.customSetAdvanced(label));
  if (isUnknownIn(state, readField(raw, "ipSet")))
    skip(state, [...path, "ipSet"], ["invalid-shape"], SkippedReasons.customSetIpSet(label));
}

/** Checks `customSets` (see the module header), records the keys zones may name, and returns the sets normalised. */
export function checkCustomSets(rawSets: readonly unknown[], state: AccountState): AcnsCustomSet[] {
  const { prefix, issues } = state;
  const sets: AcnsCustomSet[] = [];
  /** Each known name of a custom set, with the first set that lists it. */
  const customSetOfName = new Map<string, string>();
  /**
   * Entries so far with an unknown key or names: one may be the first to list a name, with the key
   * of the set that lists it again (no warning then).
   */
  let openEntries = 0;
  rawSets.forEach((raw, i) => {
    const path = [...prefix, "customSets", i];
    if (isUnknownIn(state, raw)) {
      skip(state, path, CUSTOM_SET_CODES, SkippedReasons.customSet(i));
      state.customKeysOpen = true;
      openEntries++;
      return;
    }
    // The key first, whatever else is wrong, so zones naming it are not reported as well.
    const rawKey = readField(raw, "key");
    let key: string | undefined;
    if (isUnknownIn(state, rawKey)) {
      skip(state, [...path, "key"], CUSTOM_SET_KEY_CODES, SkippedReasons.customSetKey(i));
      state.customKeysOpen = true;
    } else if (typeof rawKey === "string") {
      key = rawKey;
      const first = state.customKeys.get(key);
      if (first === undefined) {
        state.customKeys.set(key, i);
      } else {
        report(
          issues,
          "duplicate-custom-set",
          [...path, "key"],
          `custom set ${JSON.stringify(key)} is declared twice (customSets[${first}] and customSets[${i}]); ` +
            "zones name a custom set by its key; give each set its own key, or merge them into one entry",
          { customSets: [key] },
        );
      }
    }
    const entryIsOpen = key === undefined;
    // Messages name a custom set by its key when known, else by its place.
    const label = key === undefined ? `customSets[${i}]` : `custom set ${JSON.stringify(key)}`;
    const keySubjects = key === undefined ? [] : [key];
    listUnknownCustomSetFields(raw, path, label, state);
    const parsed = AcnsCustomSet.safeParse(raw);
    if (!parsed.success) {
      const zodIssues = dropUnknownIssues(parsed.error.issues, raw, state.isUnknown);
      if (zodIssues.length > 0) {
        reportShapeIssues(issues, zodIssues, raw, path, {
          subject: label,
          fields: Object.keys(AcnsCustomSet.shape),
          subjects: { customSets: keySubjects },
          hints: CUSTOM_SET_HINTS,
        });
        return;
      }
    }
    // The shape holds (what is known of it), and its unknown values are listed.
    const advancedRaw = readField(raw, "advanced");
    const advancedUnknown = isUnknownIn(state, advancedRaw);
    const rawNames = readField(raw, "nameservers");
    if (isUnknownIn(state, rawNames)) {
      openEntries++;
      return;
    }
    const names = rawNames as readonly unknown[];
    const firstIndexOfName = new Map<string, number>();
    const nameservers: CustomNameserverSetEntry[] = [];
    /** The known counts, by name: undefined for a name without `ipCount`. */
    const counts: { name: string; ipCount: number | undefined }[] = [];
    let unknownNames = 0;
    names.forEach((item, j) => {
      const itemPath = [...path, "nameservers", j];
      const rawName = typeof item === "string" ? item : readField(item, "name");
      if (isUnknownIn(state, item) || isUnknownIn(state, rawName)) {
        unknownNames++;
        return;
      }
      const ipCountRaw = typeof item === "string" ? undefined : readField(item, "ipCount");
      const ipCountUnknown = isUnknownIn(state, ipCountRaw);
      const name = normaliseName(rawName as string);
      const ipCount = ipCountUnknown ? undefined : (ipCountRaw as number | undefined);
      nameservers.push(ipCount === undefined ? name : { name, ipCount });
      if (!ipCountUnknown) counts.push({ name, ipCount });
      const namePath = typeof item === "string" ? itemPath : [...itemPath, "name"];
      const at = { rawName: rawName as string, name, index: j, label, namePath, repeatPath: itemPath };
      if (!checkSetName(issues, firstIndexOfName, at, { customSets: keySubjects }, CUSTOM_SET_NAME_ONCE))
        return;
      // An unknown name before this one may be this name, which then is a repeat here.
      if (unknownNames > 0) return;
      const numbered = state.numberedNames.get(name);
      if (numbered !== undefined) {
        report(
          state.warnings,
          "nameserver-in-custom-and-numbered-set",
          itemPath,
          `nameserver "${name}" is in ${label} and in ${numbered.label}; Cloudflare does not document whether ` +
            "a Custom Nameserver Set may share a name with the numbered sets (the emulator allows it, as a zone " +
            `moving between them needs), so the API may refuse the set; once no zone needs both, remove it from one of them`,
          {
            nameservers: [name],
            sets: numbered.nsSet === undefined ? [] : [numbered.nsSet],
            customSets: keySubjects,
          },
        );
      }
      const otherSet = customSetOfName.get(name);
      if (otherSet === undefined) {
        if (key !== undefined) customSetOfName.set(name, key);
      } else if (key !== undefined && otherSet !== key && openEntries === 0) {
        report(
          state.warnings,
          "nameserver-in-multiple-custom-sets",
          itemPath,
          `nameserver "${name}" is in custom set ${JSON.stringify(otherSet)} and ${label}; Cloudflare does not ` +
            "document whether two Custom Nameserver Sets may share a name (the emulator allows it, as replacing a " +
            "set needs), so the API may refuse the set; once the zones have moved, remove it from one of them",
          { nameservers: [name], customSets: [otherSet, key] },
        );
      }
    });
    if (unknownNames > 0 || entryIsOpen) openEntries++;
    const distinctNames = [...firstIndexOfName.keys()];
    const count = checkNameCount(distinctNames, unknownNames);
    if (count !== undefined) {
      const takes =
        count.size === "too-small" ? `${NAMES_PER_SET_RANGE}` : `at most ${Limits.MAX_NAMES_PER_SET}`;
      report(
        state.warnings,
        `custom-set-${count.size}`,
        [...path, "nameservers"],
        `${label} has ${count.has}; Cloudflare does not document how many names a Custom Nameserver Set holds, ` +
          `and the emulator, like a numbered set, takes ${takes}, so the API may refuse it; ${count.fix}`,
        { nameservers: distinctNames, customSets: keySubjects },
      );
    }
    // Certain as soon as the known counts differ, whatever the unknown ones are.
    const mismatch = advancedRaw === true ? describeIpCountMismatch(label, counts) : undefined;
    if (mismatch !== undefined) {
      report(issues, "advanced-ip-count-mismatch", [...path, "nameservers"], mismatch, {
        nameservers: distinctNames,
        customSets: keySubjects,
      });
    }
    if (key === undefined || advancedUnknown || unknownNames > 0) return;
    const data = parsed.success ? parsed.data : undefined;
    if (data === undefined) return;
    sets.push({
      key,
      nameservers,
      ...(data.advanced === undefined ? {} : { advanced: data.advanced }),
      ...(data.ipSet === undefined ? {} : { ipSet: data.ipSet }),
    });
  });
  return sets;
}
