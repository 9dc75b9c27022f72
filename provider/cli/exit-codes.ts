/**
 * Exit codes of the `acns` commands, as named constants. `validate` and `drift` follow the codes
 * their CI use fixes (validate: 1 = the file breaks a rule; drift: 2 = the account differs, 1 =
 * could not tell), so "could not run" is 3 for validate and 1 for the others. Usage errors (a
 * missing argument, an unknown option) count as "could not run".
 */

/** `acns validate`. */
export const ValidateExitCode = {
  /** The file passes every rule (and, with --live, the account's other zones agree). */
  VALID: 0,
  /** The file breaks a rule, or is not readable YAML/JSON; the problems are printed. */
  INVALID: 1,
  /** Could not check: bad usage, unreadable file, no credentials, or an API failure. */
  ERROR: 3,
} as const;

/** `acns drift`. */
export const DriftExitCode = {
  /** The account is as the file says. */
  NO_DRIFT: 0,
  /** Could not compare: bad usage, unreadable or invalid file, no credentials, or an API failure. */
  ERROR: 1,
  /** The account differs from the file; the differences are printed. */
  DRIFT: 2,
} as const;

/** `acns glue`. */
export const GlueExitCode = {
  /** Every name's addresses are printed. */
  OK: 0,
  /** Could not read: bad usage, unreadable or invalid file, no credentials, or an API failure. */
  ERROR: 1,
  /** Some names of the file are not in the account yet, so their addresses are unknown; the rest are printed. */
  INCOMPLETE: 2,
} as const;

/** What each code means, for `--help`. */
const MEANINGS = {
  validate: [
    [ValidateExitCode.VALID, "valid"],
    [ValidateExitCode.INVALID, "invalid: the file breaks a rule or is not readable YAML/JSON"],
    [ValidateExitCode.ERROR, "could not check: usage, file, credentials or API error"],
  ],
  drift: [
    [DriftExitCode.NO_DRIFT, "no drift: the account is as the file says"],
    [DriftExitCode.DRIFT, "drift: the account differs from the file"],
    [DriftExitCode.ERROR, "could not compare: usage, file (or an invalid one), credentials or API error"],
  ],
  glue: [
    [GlueExitCode.OK, "every name's glue records printed"],
    [GlueExitCode.INCOMPLETE, "some names of the file are not in the account yet (no addresses)"],
    [GlueExitCode.ERROR, "could not read: usage, file (or an invalid one), credentials or API error"],
  ],
} as const satisfies Record<string, readonly (readonly [number, string])[]>;

/** The "Exit codes:" block of a command's help. */
export function formatExitCodes(command: keyof typeof MEANINGS): string {
  return ["Exit codes:", ...MEANINGS[command].map(([code, meaning]) => `  ${code}  ${meaning}`)].join("\n");
}
