/**
 * Reading an account's live ACNS state in the Pulumi program, so `AccountCustomNameservers` can
 * order its children's operations (see `planAcnsTransition`). Like the zone-id lookup, it runs in
 * the program with the resources' credentials, read when it runs; nothing it reads reaches a
 * resource's inputs or the state, only the order of the children.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  ClientEnv,
  createAcnsClient,
  listLiveZoneFacts,
  readAccountState,
  redactSecrets,
  type AccountState,
  type AcnsClientOptions,
} from "../client";
import type { AcnsAccountSnapshot, TransitionSet } from "../core/transition-plan";
import { listSecrets, readProviderSettings, type ProviderSettings } from "../resources/provider-config";

/** What a live-state read is asked: one account, and the zones the configuration lists (normalised). */
export interface LiveStateQuery {
  accountId: string;
  zones: readonly string[];
}

/**
 * Reads an account's sets, the zones that matter to the configuration, and its default. Answers
 * `undefined` when the state cannot be known (no credentials): the component then keeps its
 * children in their fixed order. Throws when the read itself fails.
 */
export type LiveStateReader = (query: LiveStateQuery) => Promise<AcnsAccountSnapshot | undefined>;

/**
 * A read through the Cloudflare API: `readAccountState` with `zoneDetail: "acns"`, which costs
 * 2 + ceil(zones of the account / 50) + R requests, where R counts the listed zones, the zones on
 * their ancestor/descendant chains, and the zones whose listed name servers are empty or include
 * one of the account's custom nameservers (each one `GET /zones/{id}/dns_settings`).
 */
export function createApiLiveStateReader(options: AcnsClientOptions = {}): LiveStateReader {
  return async ({ accountId, zones }) => {
    const client = createAcnsClient(options);
    return toAccountSnapshot(await readAccountState(client, { accountId, zones, zoneDetail: "acns" }));
  };
}

/** The state as the planner takes it: names by set, the zones' sets (null: off ACNS), the default. */
export function toAccountSnapshot(state: AccountState): AcnsAccountSnapshot {
  const sets = new Map<number, string[]>();
  for (const ns of state.nameservers) sets.set(ns.ns_set, [...(sets.get(ns.ns_set) ?? []), ns.ns_name]);
  const setList: TransitionSet[] = [...sets].map(([nsSet, nameservers]) => ({ nsSet, nameservers }));
  return {
    sets: setList,
    zones: listLiveZoneFacts(state).map((zone) => ({ name: zone.name, nsSet: zone.nsSet })),
    defaultNameservers: state.defaultNameservers,
  };
}

/**
 * The default reader: the Cloudflare API with the credentials and base URL the resources use (Pulumi
 * config `cloudflare:apiToken`, `cloudflare:baseUrl`, ... else `CLOUDFLARE_API_TOKEN`, ...), read
 * when it runs; `undefined` when no credential is configured anywhere (e.g. a program under mocks).
 */
export const readLiveStateThroughApi: LiveStateReader = async (query) => {
  const settings = readProgramSettings();
  if (!hasCredentials(settings, process.env)) return undefined;
  return withSecretsRedacted(settings, () => createApiLiveStateReader(settings)(query));
};

/** The resources' settings as the program reads them: Pulumi config, else the environment. */
export function readProgramSettings(): ProviderSettings {
  return readProviderSettings({ get: (key) => pulumi.runtime.getConfig(key) }, process.env);
}

/** Runs `call`; what it throws leaves as an error whose message holds none of the credentials. */
export async function withSecretsRedacted<T>(settings: ProviderSettings, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(redactSecrets(message, listSecrets(settings, process.env)));
  }
}

function hasCredentials(
  settings: ProviderSettings,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  const given = [
    settings.apiToken,
    settings.apiKey,
    settings.email,
    env[ClientEnv.API_TOKEN],
    env[ClientEnv.API_KEY],
    env[ClientEnv.EMAIL],
  ];
  return given.some((value) => value !== undefined && value.trim() !== "");
}
