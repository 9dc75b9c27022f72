/**
 * Name checks for the emulator's rules, on core's name checks so the emulator and the plan-time
 * validator agree on what a valid name is. Stricter about form than the validator (see
 * normaliseHostname).
 */
import { checkHostname, checkZoneName, isSubdomainOf, type NameProblem } from "../core/names";

function describeProblem(problem: NameProblem | undefined): string | undefined {
  return problem === undefined ? undefined : `${problem.why}; ${problem.fix}`;
}

/** Problems of form the core checks leave to normalisation, which the emulator does not do. */
function findFormProblem(name: string): string | undefined {
  if (name.length > 1 && name.endsWith(".") && !name.endsWith("..")) {
    return "it ends with a dot; give the name without the trailing dot";
  }
  if (/[\u0080-\uffff]/.test(name))
    return "it contains non-ASCII characters; give an IDN in punycode (xn--...)";
  return undefined;
}

/** Why a lowercased nameserver name is not a valid hostname, or undefined when it is. */
export function findHostnameProblem(name: string): string | undefined {
  return findFormProblem(name) ?? describeProblem(checkHostname(name));
}

/** Why a lowercased zone name (forward or reverse) is not valid, or undefined when it is. */
export function findZoneNameProblem(name: string): string | undefined {
  return findFormProblem(name) ?? describeProblem(checkZoneName(name));
}

/**
 * Normalises a name for comparison: DNS names are case-insensitive. Only lowercases, unlike core's
 * normaliseName (which also trims, strips a trailing dot and converts IDNs): the emulator refuses
 * those forms, as Cloudflare does, since a client must send the name exactly as it will be served.
 */
export function normaliseHostname(name: string): string {
  return name.toLowerCase();
}

/** True when `name` equals `zone` or lies below it. */
export function isWithinZone(name: string, zone: string): boolean {
  return name === zone || isSubdomainOf(name, zone);
}
