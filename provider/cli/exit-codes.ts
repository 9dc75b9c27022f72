/**
 * Exit codes of the `acns` commands, as named constants. `validate` and `drift` follow the codes
 * their CI use fixes (validate: 1 = the file breaks a rule; drift: 2 = the account differs, 1 =
 * could not tell), so "could not run" is 3 for validate and 1 for the others. Usage errors (a
 * missing argument, an unknown option) count as "could not run". MEANINGS words each code for --help.
 */

/**
 * `validate --live` and `drift` stopped by Ctrl-C after the zone listing, partial result printed
 * (interrupt.ts). 128 + SIGINT's 2, what shells give a command Ctrl-C ended, so scripts keep working.
 */
export const INTERRUPTED_EXIT_CODE = 130;

export const ValidateExitCode = {
  VALID: 0,
  INVALID: 1,
  ERROR: 3,
  INTERRUPTED: INTERRUPTED_EXIT_CODE,
} as const;

export const DriftExitCode = {
  NO_DRIFT: 0,
  ERROR: 1,
  DRIFT: 2,
  INTERRUPTED: INTERRUPTED_EXIT_CODE,
} as const;

export const GlueExitCode = {
  OK: 0,
  ERROR: 1,
  INCOMPLETE: 2,
} as const;

/** What each code means, for `--help`. */
const MEANINGS = {
  validate: [
    [ValidateExitCode.VALID, "valid"],
    [ValidateExitCode.INVALID, "invalid: the file breaks a rule or is not readable YAML/JSON"],
    [ValidateExitCode.ERROR, "could not check: usage, file, credentials or API error"],
    [ValidateExitCode.INTERRUPTED, "interrupted (Ctrl-C) during --live: partial result over the zones read"],
  ],
  drift: [
    [DriftExitCode.NO_DRIFT, "no drift: the account is as the file says"],
    [DriftExitCode.DRIFT, "drift: the account differs from the file"],
    [DriftExitCode.ERROR, "could not compare: usage, file (or an invalid one), credentials or API error"],
    [DriftExitCode.INTERRUPTED, "interrupted (Ctrl-C): partial result over the zones read"],
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
