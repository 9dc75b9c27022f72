/**
 * The inputs of `AccountNameserverSet` at run time: reading and checking them (pure: no API call).
 * Nameserver rules (syntax, duplicates, 2-5 names) come from the core validator.
 */
import { Limits } from "../core/limits";
import { normaliseName } from "../core/names";
import { validateAcnsConfig } from "../core/validate";
import { readInputs, openInputs, type CheckFailure, type Unknown } from "./inputs";
import {
  ACCOUNT_NAMESERVER_SET_INPUTS,
  ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS,
  AccountNameserverSetInput,
  RESOURCE_INPUT_HINTS,
} from "../core/resource-inputs";
import { ResourceTypeNames } from "./resource-types";
import { UNKNOWN_VALUE, isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.AccountNameserverSet;
const CONTEXT = { resourceType: TYPE, hints: RESOURCE_INPUT_HINTS };

export { ACCOUNT_NAMESERVER_SET_INPUTS, ACCOUNT_NAMESERVER_SET_REPLACE_FIELDS };

/** The checked inputs: names normalised and sorted, defaults filled in. */
export interface AccountNameserverSetInputs {
  accountId: string;
  nsSet: number;
  nameservers: string[];
  adopt: boolean;
}

/** Inputs that may still hold unknown values (preview). */
interface PartialSetInputs {
  accountId: string | Unknown;
  nsSet: number | Unknown;
  nameservers: string[] | Unknown | (string | Unknown)[];
  adopt: boolean | Unknown;
}

export function normaliseSetInputs(news: unknown): { inputs: PartialSetInputs; failures: CheckFailure[] } {
  const { raw, failures } = openInputs(news, ACCOUNT_NAMESERVER_SET_INPUTS, CONTEXT);
  const { accountId, nsSet, adopt } = readInputs(AccountNameserverSetInput, raw, CONTEXT, failures);
  // An unknown set number only changes how messages name the set; an invalid one is refused above.
  const nameservers = readNameservers(
    raw.nameservers,
    raw.accountId,
    nsSet ?? Limits.DEFAULT_NS_SET,
    failures,
  );
  return {
    inputs: {
      accountId: accountId ?? "",
      nsSet: nsSet ?? Limits.DEFAULT_NS_SET,
      nameservers: nameservers ?? [],
      adopt: adopt ?? false,
    },
    failures,
  };
}

/**
 * Reads the names; their rules come from the core validator, which takes unknown names (a preview)
 * as unknown: it checks the known ones and judges the set's size only when the unknowns cannot
 * change the verdict.
 */
function readNameservers(
  raw: unknown,
  accountId: unknown,
  nsSet: number | Unknown,
  failures: CheckFailure[],
): PartialSetInputs["nameservers"] | undefined {
  if (isUnknown(raw)) return UNKNOWN_VALUE;
  const before = failures.length;
  // The account id is passed as given: only the set's issues are read here.
  const result = validateAcnsConfig(
    { accountId, sets: [{ nsSet, nameservers: raw ?? undefined }], zones: [] },
    { isUnknown },
  );
  if (!result.ok) {
    for (const issue of result.issues) {
      const [sets, , field, index] = issue.path;
      if (sets !== "sets" || field !== "nameservers") continue;
      const where = typeof index === "number" ? `nameservers[${index}]` : "nameservers";
      const reason = issue.message.startsWith(where) ? issue.message : `${where}: ${issue.message}`;
      failures.push({ property: "nameservers", reason });
    }
    if (failures.length > before) return undefined;
  }
  const names = raw as string[];
  if (names.some(isUnknown))
    return names.map((item) => (isUnknown(item) ? UNKNOWN_VALUE : normaliseName(item)));
  return [...new Set(names.map(normaliseName))].sort();
}
