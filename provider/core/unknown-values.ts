/**
 * Values not known yet (a Pulumi preview's unknown outputs) as the validator sees them: the option,
 * what it returns about the checks they hold back, and the words for those checks.
 */
import type { AcnsIssueCode, AcnsIssuePath, AcnsWarningCode } from "./config";
import { Limits } from "./limits";

/** Options of `validateAcnsConfig`. */
export interface AcnsValidationOptions {
  /**
   * True for a value that is not known yet, such as Pulumi's unknown sentinel during a preview.
   * Any value may be unknown: the root, an account entry, a field, a whole list or one element. The
   * shape check accepts it in place of the real type, and only the rules that need it are skipped
   * (each unknown is listed in `skipped` with the codes it holds back and why), so what is known is
   * still checked. Beyond a value's own checks:
   * - A name of a set: whether a later known name repeats it, and the set's size unless certain (a
   *   one-name list whose name is unknown is too small; more than 5 distinct known names are too
   *   many). Otherwise zones may use the set, since unknown names may turn out equal to others.
   * - A set's `nsSet`: whether its known names are in another set; a number not certainly usable
   *   is then possibly usable.
   * - A zone's `name`: every live zone not declared by a known name leaves the hierarchy and
   *   `unknown-set` checks, and a hierarchy issue whose path depends on which occurrence came
   *   first is skipped. A zone's `zoneId`: a later zone whose id it may equal is not checked
   *   against the id's first known owner.
   * - A live zone's `nsSet` may be null, so it leaves the hierarchy and `unknown-set` checks; a
   *   zone's `customSet` makes it a zone whose `nsSet` is unknown.
   * - A Custom Nameserver Set's `key`: `unknown-custom-set` for every zone whose key no known key
   *   declares. Its names, `ipCount` or `advanced`: as for a numbered set's names, and
   *   `advanced-ip-count-mismatch` unless the known counts already differ.
   *
   * Issues found keep the codes, paths and messages the same values would give with nothing
   * unknown, and every issue found is one the known configuration has too (code and path), once
   * each unknown turns out a value of the right shape: a value of the wrong shape (a set number
   * of 7) makes the validator set its whole entry aside, so the other issues of that entry, which
   * the preview may have found, are then not reported until the shape is fixed.
   * @default nothing is unknown
   */
  isUnknown?: (value: unknown) => boolean;
}

/** One unknown value and the checks that wait for it. */
export interface AcnsSkippedCheck {
  /** Where the unknown value is, zod-style: `["zones", 2, "nsSet"]`. */
  path: AcnsIssuePath;
  /** The issue and warning codes whose checks wait for the value. */
  codes: (AcnsIssueCode | AcnsWarningCode)[];
  /** The checks that wait, in words, e.g. `which set zone "a.example.com" uses: ...`. */
  reason: string;
}

/** The words for what waits for each kind of unknown value; labels are as the messages name things. */
export const SkippedReasons = {
  root: "the whole configuration",
  account: (index: number): string => `account entry [${index}]: every check of it`,
  accountId: (inArray: boolean): string =>
    "the account id's format" + (inArray ? ", and that no other account entry has it" : ""),
  defaultNameservers: `the default for new zones, and whether set ${Limits.DEFAULT_NS_SET} can serve it`,
  sets: "the sets: their numbers, names and sizes, and which sets zones can use",
  set: (index: number): string =>
    `sets[${index}]: its number, its names and their size, and which zones can use it`,
  setNumber: (index: number): string =>
    `the number of sets[${index}]: its range, that no other set has it, that its names are in no ` +
    "other set, and which zones can use it",
  setNames: (label: string): string =>
    `the names of ${label}: their syntax, their number, and that none is in another set`,
  setName: (label: string): string =>
    `one name of ${label}: its syntax, that it is not listed twice or in another set, and the set's size`,
  zones: "the zones: their names, ids and sets, the hierarchy rule, and which live zones they replace",
  zone: (index: number): string => `zones[${index}]: its name, id and set, and every rule on them`,
  zoneName: (index: number): string =>
    `the name of zones[${index}]: its syntax, that it is listed once, its id, the hierarchy rule on its ` +
    "chain, and which live zone it replaces",
  zoneId: (label: string): string => `the id of ${label} (its format, and that no other zone has it)`,
  zoneSet: (label: string): string =>
    `which set ${label} uses: that the set is usable, and the hierarchy rule on the zone's chain`,
  liveZones: "the live zones, and the hierarchy rule against them",
  liveZone: (index: number): string =>
    `liveZones[${index}]: its name, id and set, and the hierarchy rule against it`,
  liveZoneName: (index: number): string =>
    `the name of liveZones[${index}]: its syntax, that it is listed once, its id, and the hierarchy rule against it`,
  liveZoneSet: (label: string): string =>
    `which set ${label} uses (or none): that the set is usable, and the hierarchy rule against it`,
  zoneCustomSet: (label: string): string =>
    `which Custom Nameserver Set ${label} uses (or whether it uses a numbered set): that the set is declared, ` +
    "that the zone gives no nsSet beside it, and the hierarchy rule on the zone's chain",
  customSets: "the Custom Nameserver Sets: their keys, names and sizes, and which keys zones can use",
  customSet: (index: number): string =>
    `customSets[${index}]: its key, its names and their size, and which zones can use it`,
  customSetKey: (index: number): string =>
    `the key of customSets[${index}]: that no other custom set has it, and which zones can use it`,
  customSetNames: (label: string): string =>
    `the names of ${label}: their syntax, their number, that none is listed twice, and the names they share ` +
    "with other sets",
  customSetName: (label: string): string =>
    `one name of ${label}: its syntax, that it is not listed twice, the sets it shares with, and the set's size`,
  customSetIpCount: (label: string): string =>
    `one ipCount of ${label}: that every name of an advanced set has the same`,
  customSetAdvanced: (label: string): string =>
    `whether ${label} is advanced, and so that its names share one ipCount`,
  customSetIpSet: (label: string): string => `the address pool (ipSet) of ${label}: that it is at least 1`,
} as const;
