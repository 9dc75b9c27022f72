/**
 * The Pulumi resources' inputs as zod schemas: one object schema per resource, whose fields say
 * what they accept, how they are normalised (ids trimmed and lower-cased, defaults filled in) and,
 * in their error messages, what was received and how to fix it. Values not known yet (a preview)
 * never reach a field: the resources layer leaves those fields out before parsing.
 */
import { z } from "zod";
import { AccountNameserverType, CloudflareId, NsSet } from "./cloudflare";
import {
  DEFAULT_NAMESERVER_SET_ADVANCED,
  DEFAULT_NAMESERVER_SET_IP_SET,
  NameserverSetId,
} from "./custom-nameserver-sets";
import { Limits } from "./limits";
import { checkZoneName, normaliseName } from "./names";
import { describeValue } from "./wording";

/** An absent value (undefined or null) reads as `fallback`; anything else must match `schema`. */
function withDefault<T extends z.ZodType>(schema: T, fallback: z.output<T>) {
  return schema.nullish().transform((value) => value ?? fallback);
}

/** A Cloudflare account or zone id; white space and upper-case hex are accepted and normalised. */
export function cloudflareIdInput(property: string, what: "account" | "zone") {
  const invalid = (input: unknown): string =>
    `${property} ${describeValue(input)} is not a Cloudflare ${what} id: it must be 32 lowercase hex ` +
    `characters; copy it from the Cloudflare dashboard or API`;
  return z
    .string({
      error: (iss) =>
        iss.input === undefined || iss.input === null
          ? `${property} is required: give the ${what}'s id (32 lowercase hex characters), shown in the Cloudflare dashboard`
          : invalid(iss.input),
    })
    .refine((text) => CloudflareId.safeParse(text.trim().toLowerCase()).success, {
      error: (iss) => invalid(iss.input),
    })
    .transform((text) => text.trim().toLowerCase());
}

/** A numbered set, 1-5; absent is Cloudflare's default, 1. */
export function nsSetInput(property: string) {
  const range = `${Limits.MIN_NS_SET}-${Limits.MAX_NS_SET}`;
  const outside = (n: number): string =>
    `${property} ${n} ${Number.isInteger(n) ? `is outside ${range}` : "is not a whole number"}: Cloudflare ` +
    `numbers an account's nameserver sets ${Limits.MIN_NS_SET} to ${Limits.MAX_NS_SET}; use a number from ${range}`;
  const number = z
    .number({
      // zod refuses NaN and infinities as numbers; they are numbers that are not whole.
      error: (iss) =>
        typeof iss.input === "number"
          ? outside(iss.input)
          : `${property} must be a set number from ${range}, got ${describeValue(iss.input)}; write it as a number, e.g. 1`,
    })
    .refine((n) => NsSet.safeParse(n).success, { error: (iss) => outside(iss.input as number) });
  return withDefault(number, Limits.DEFAULT_NS_SET);
}

/** An optional boolean. */
export function booleanInput(property: string, fallback: boolean) {
  const flag = z.boolean({
    error: (iss) =>
      `${property} must be true or false, got ${describeValue(iss.input)}; write it without quotes`,
  });
  return withDefault(flag, fallback);
}

/** One of a list of string options (white space around it is dropped). */
export function choiceInput<T extends string>(property: string, options: z.ZodEnum<{ [K in T]: K }>) {
  const list = options.options.map((o) => JSON.stringify(o)).join(", ");
  const wrong = (input: unknown): string =>
    input === undefined || input === null
      ? `${property} is required: give one of ${list}`
      : `${property} must be one of ${list}, got ${describeValue(input)}; pick one of them`;
  return z
    .string({ error: (iss) => wrong(iss.input) })
    .refine((text) => options.safeParse(text.trim()).success, { error: (iss) => wrong(iss.input) })
    .transform((text) => text.trim() as T);
}

/** `ipSet` of a Custom Nameserver Set: a whole number of at least 1 (its maximum is the API's). */
export const IpSetInput = withDefault(
  z
    .number({ error: (iss) => describeIpSetProblem(iss.input) })
    .refine((n) => Number.isInteger(n) && n >= 1, { error: (iss) => describeIpSetProblem(iss.input) }),
  DEFAULT_NAMESERVER_SET_IP_SET,
);

function describeIpSetProblem(input: unknown): string {
  return (
    `ipSet must be a whole number of at least 1 (the account's address pool), got ${describeValue(input)}; ` +
    `write e.g. 1, or leave it out for Cloudflare's default ${DEFAULT_NAMESERVER_SET_IP_SET}`
  );
}

/** A Custom Nameserver Set's id (32 characters, as Cloudflare gives it); white space is dropped. */
export const NameserverSetIdInput = z
  .string({ error: (iss) => describeSetIdProblem(iss.input) })
  .refine((text) => NameserverSetId.safeParse(text.trim()).success, {
    error: (iss) => describeSetIdProblem(iss.input),
  })
  .transform((text) => text.trim());

function describeSetIdProblem(input: unknown): string {
  return (
    `nameserverSetId ${describeValue(input)} is not a Custom Nameserver Set id: it must be 32 characters; ` +
    "pass a CustomNameserverSet's nameserverSetId output, or copy the id from the Cloudflare API"
  );
}

/** An optional zone name, normalised. */
export const ZoneNameInput = z
  .string({
    error: (iss) =>
      `zoneName must be the zone's domain name, got ${describeValue(iss.input)}; write it as a string such as "example.com", or leave it out`,
  })
  .refine((raw) => checkZoneName(normaliseName(raw)) === undefined, {
    error: (iss) => {
      const raw = String(iss.input);
      const problem = checkZoneName(normaliseName(raw));
      return `zoneName ${JSON.stringify(raw)} is not a valid zone name: ${problem?.why}; ${problem?.fix}`;
    },
  })
  .transform(normaliseName)
  .nullish()
  .transform((name) => name ?? undefined);

/**
 * The inputs of `AccountNameserverSet` but its names, which the core validator checks as a set's
 * (syntax, duplicates, 2-5 names).
 */
export const AccountNameserverSetInput = z.object({
  accountId: cloudflareIdInput("accountId", "account"),
  nsSet: nsSetInput("nsSet"),
  adopt: booleanInput("adopt", false),
});

/** The inputs of `AccountDefaultNameservers`. */
export const AccountDefaultNameserversInput = z.object({
  accountId: cloudflareIdInput("accountId", "account"),
  type: choiceInput("type", AccountNameserverType),
});

/** The inputs of `CustomNameserverSet` but its names (each a hostname or `{name, ipCount}`, see below). */
export const CustomNameserverSetInput = z.object({
  accountId: cloudflareIdInput("accountId", "account"),
  advanced: booleanInput("advanced", DEFAULT_NAMESERVER_SET_ADVANCED),
  ipSet: IpSetInput,
});

/**
 * The inputs of `ZoneAcnsBinding` but `setNameservers` and `restoreTo`. `nsSet` and
 * `nameserverSetId` exclude each other; the binding reads the one given.
 */
export const ZoneAcnsBindingInput = z.object({
  zoneId: cloudflareIdInput("zoneId", "zone"),
  nameserverSetId: NameserverSetIdInput,
  nsSet: nsSetInput("nsSet"),
  zoneName: ZoneNameInput,
});
