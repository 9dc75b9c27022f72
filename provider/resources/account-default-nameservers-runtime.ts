/**
 * The run-time implementation of `AccountDefaultNameservers` (`zone_defaults.nameservers.type`
 * through `GET/PATCH /accounts/{id}/dns_settings`).
 *
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/settings/subresources/account/
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcnsClient } from "../client";
import { AccountNameserverType, isAccountNameserverType } from "../core/cloudflare";
import type { AccountDefaultNameserversOutputs } from "./account-default-nameservers";
import { AcnsResourceError, describeRefusedId, toResourceError } from "./errors";
import {
  ACCOUNT_DEFAULT_NAMESERVERS_INPUTS,
  ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS,
  AccountDefaultNameserversInput,
  RESOURCE_INPUT_HINTS,
} from "../core/resource-inputs";
import {
  readInputs,
  readRecord,
  openInputs,
  requireKnownInputs,
  type CheckFailure,
  type Unknown,
} from "./inputs";
import { readCloudflareIdOf } from "./ids";
import { ResourceTypeNames } from "./resource-types";
import { getClient, readUnlessGone, hasFieldChanged, warn, withResourceError } from "./shared";
import { getSession, type Session } from "./session";
import { isUnknown } from "./unknowns";

const TYPE = ResourceTypeNames.AccountDefaultNameservers;
const CONTEXT = { resourceType: TYPE, hints: RESOURCE_INPUT_HINTS };

export { ACCOUNT_DEFAULT_NAMESERVERS_INPUTS, ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS };

/** What delete restores when the type found at create is not known. */
const FALLBACK_TYPE: AccountNameserverType = "cloudflare.standard";

/**
 * What this runtime returns as outputs: the declared ones, but `type` (as read) and `previousType`
 * verbatim, since an account may default to a type this package does not know or write.
 */
type DefaultOutputs = Omit<AccountDefaultNameserversOutputs, "type" | "previousType"> & {
  type: string;
  previousType: string | null;
};

/** The checked inputs. */
export interface AccountDefaultNameserversInputs {
  accountId: string;
  type: AccountNameserverType;
}

export function normaliseDefaultInputs(news: unknown): {
  inputs: { accountId: string | Unknown; type: AccountNameserverType | Unknown };
  failures: CheckFailure[];
} {
  const { raw, failures } = openInputs(news, ACCOUNT_DEFAULT_NAMESERVERS_INPUTS, CONTEXT);
  const { accountId, type } = readInputs(AccountDefaultNameserversInput, raw, CONTEXT, failures);
  return { inputs: { accountId: accountId ?? "", type: type ?? FALLBACK_TYPE }, failures };
}

async function check(_olds: unknown, news: unknown): Promise<pulumi.dynamic.CheckResult> {
  const { inputs, failures } = normaliseDefaultInputs(news);
  if (failures.length > 0) return { inputs: readRecord(news), failures };
  const { accountId } = inputs;
  if (isUnknown(accountId)) return { inputs };
  const session = getSession();
  session.intents.recordDefault(accountId);
  // What the account has now, for diff: a default changed since the state was written (an
  // interrupted run, a change outside Pulumi) is then an update, not "no changes".
  const where = { resourceType: TYPE, field: "accountId", value: accountId } as const;
  const client = getClient(session, where);
  try {
    session.observed.defaults.set(accountId, await fetchDefaultType(client, accountId));
  } catch (err) {
    // Judged on Cloudflare's own error: readDefaultType's resource error no longer carries it.
    const refused = describeRefusedId(err, "accountId", accountId, "account");
    if (refused !== undefined) return { inputs, failures: [{ property: "accountId", reason: refused }] };
    throw toResourceError(err, where, session.secrets);
  }
  return { inputs };
}

async function diff(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
  const old = readRecord(olds);
  const next = readRecord(news);
  const replaces: string[] = ACCOUNT_DEFAULT_NAMESERVERS_REPLACE_FIELDS.filter((field) =>
    hasFieldChanged(old[field], next[field]),
  );
  // Two accounts' defaults are independent: the new one can be set before the old one is restored.
  if (replaces.length > 0) return { changes: true, replaces };
  const live =
    typeof next.accountId === "string" ? getSession().observed.defaults.get(next.accountId) : undefined;
  return {
    changes: hasFieldChanged(old.type, next.type) || (live !== undefined && hasFieldChanged(live, next.type)),
  };
}

/** Create and update: sets the declared type; answers the inputs and the type the account had before. */
async function applyDefault(
  news: unknown,
  field: "accountId" | "type",
): Promise<{ inputs: AccountDefaultNameserversInputs; before: string }> {
  const session = getSession();
  const inputs = requireKnownInputs(TYPE, normaliseDefaultInputs(news)) as AccountDefaultNameserversInputs;
  const client = getClient(session, { resourceType: TYPE, field, value: inputs[field] });
  const before = await readDefaultType(session, client, inputs.accountId);
  await setDefaultType(session, client, inputs, before);
  return { inputs, before };
}

async function create(news: unknown): Promise<pulumi.dynamic.CreateResult> {
  const { inputs, before } = await applyDefault(news, "accountId");
  // Already in place: what the account had before is not known (this stack may have set it in a
  // run that was interrupted before it could record it), so nothing is recorded as a guess.
  const outs: DefaultOutputs = {
    ...inputs,
    previousType: before === inputs.type ? null : before,
  };
  return { id: inputs.accountId, outs };
}

async function update(_id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.UpdateResult> {
  const { inputs } = await applyDefault(news, "type");
  const outs: DefaultOutputs = {
    ...inputs,
    previousType: readType(readRecord(olds).previousType),
  };
  return { outs };
}

/** The account's default type, verbatim (any type, known or not). */
async function readDefaultType(session: Session, client: AcnsClient, accountId: string): Promise<string> {
  return withResourceError(session, { resourceType: TYPE, field: "accountId", value: accountId }, () =>
    fetchDefaultType(client, accountId),
  );
}

async function fetchDefaultType(client: AcnsClient, accountId: string): Promise<string> {
  return (await client.getAccountDnsSettings({ accountId })).zone_defaults.nameservers.type;
}

/**
 * Sets the type unless the account has it already. When the PATCH fails after its retries the
 * setting is read again and a change that did land is reverted, so the operation happened or not.
 */
async function setDefaultType(
  session: Session,
  client: AcnsClient,
  inputs: AccountDefaultNameserversInputs,
  before: string,
): Promise<void> {
  // From here on this resource's own write decides the default, not what check saw.
  session.observed.defaults.delete(inputs.accountId);
  if (before === inputs.type) return;
  try {
    await client.editAccountDnsSettings({
      accountId: inputs.accountId,
      zoneDefaults: { nameservers: { type: inputs.type } },
    });
  } catch (err) {
    let then: string;
    try {
      const now = await readDefaultType(session, client, inputs.accountId);
      if (now === inputs.type && !isAccountNameserverType(before)) {
        then = `The change had landed before the failure was seen; the account had "${before}", which this package does not write, so it stays "${now}": set it back in the Cloudflare dashboard or API if needed.`;
      } else if (now === inputs.type && isAccountNameserverType(before)) {
        await client.editAccountDnsSettings({
          accountId: inputs.accountId,
          zoneDefaults: { nameservers: { type: before } },
        });
        then = `The change had landed before the failure was seen and was reverted to "${before}".`;
      } else {
        then = `Nothing was changed.`;
      }
    } catch {
      then = `Whether the default changed is not known (reading it back failed too); run pulumi refresh.`;
    }
    throw toResourceError(
      err,
      { resourceType: TYPE, field: "type", value: inputs.type, then },
      session.secrets,
    );
  }
}

/** A type recorded in state, verbatim (known or not); anything that is not a type reads as unknown (null). */
function readType(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

async function read(id: string, props: unknown): Promise<pulumi.dynamic.ReadResult> {
  const session = getSession();
  const accountId = readCloudflareIdOf(TYPE, id, "account");
  const where = { resourceType: TYPE, field: "id", value: id } as const;
  const client = getClient(session, where);
  const type = await readUnlessGone(session, where, () => fetchDefaultType(client, accountId));
  // The account is gone, and its default with it: an empty id tells the engine to drop the resource.
  if (type === undefined) return {};
  const outs: DefaultOutputs = {
    accountId,
    type,
    previousType: readType(readRecord(props).previousType),
  };
  // A type this package cannot declare (one it does not know) is shown, not put in the inputs: they
  // stay as they were, so the next update sets the declared type again.
  return isAccountNameserverType(type)
    ? { id: accountId, props: outs, inputs: { accountId, type } }
    : { id: accountId, props: outs };
}

/**
 * Restores the type found at create (`cloudflare.standard` when that is not known), but only while
 * the account still has the type this resource set: a default someone changed meanwhile is left.
 */
async function deleteDefault(id: string, props: unknown): Promise<void> {
  const session = getSession();
  const accountId = readCloudflareIdOf(TYPE, id, "account");
  // Another AccountDefaultNameservers of this same update declares the default: it manages it now.
  if (session.intents.defaults.has(accountId)) return;
  const state = readRecord(props);
  const ours = readType(state.type);
  const restore = readType(state.previousType) ?? FALLBACK_TYPE;
  const where = { resourceType: TYPE, field: "type", value: ours } as const;
  const client = getClient(session, where);
  const now = await readUnlessGone(session, where, () => fetchDefaultType(client, accountId));
  if (now === undefined) return;
  if (ours === null || now !== ours || now === restore) return;
  if (!isAccountNameserverType(restore)) {
    throw new AcnsResourceError(
      TYPE,
      "previousType",
      `${TYPE} previousType ${JSON.stringify(restore)}: cannot give account ${accountId} back its default ` +
        `"${restore}" (what it had before this resource): this package writes only ` +
        `${AccountNameserverType.options.map((t) => `"${t}"`).join(", ")}, so the default stays "${now}"; set it ` +
        `back in the Cloudflare dashboard or API, then run pulumi destroy again (the resource then leaves it)`,
    );
  }
  if (readType(state.previousType) === null) {
    warn(
      `${TYPE} of account ${accountId}: the default this account had before is not known (it was already ` +
        `"${now}" when this resource was created); setting Cloudflare's default "${restore}"`,
    );
  }
  const then = `The account still defaults new zones to "${now}"; it was to go back to "${restore}". Run pulumi destroy again, or set it in the Cloudflare dashboard.`;
  await withResourceError(session, { ...where, then }, () =>
    client.editAccountDnsSettings({ accountId, zoneDefaults: { nameservers: { type: restore } } }),
  );
}

export const accountDefaultNameservers = {
  check,
  diff,
  create,
  read,
  update,
  delete: deleteDefault,
};
