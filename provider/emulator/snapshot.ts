/**
 * The emulator's state as JSON: seed-shaped, without secrets (what the admin API and tests read).
 */
import type { AccountNameserverType, CustomNameserver } from "../core/cloudflare";
import type { NameserverSet } from "../core/custom-nameserver-sets";
import type { ZoneNameserversState } from "./model";
import { renderNameserverSet } from "./nameserver-set-state";
import { listZoneNameServers } from "./render";
import type { EmulatorStore } from "./store";

/** A JSON view of the state, seed-shaped, without secrets. */
export interface EmulatorSnapshot {
  accounts: {
    id: string;
    name: string;
    type: "standard" | "enterprise";
    acnsEntitled: boolean;
    defaultNameservers: AccountNameserverType;
  }[];
  zones: {
    id: string;
    name: string;
    accountId: string;
    nameservers: ZoneNameserversState;
    name_servers: string[];
  }[];
  nameservers: (CustomNameserver & { accountId: string })[];
  /** The account-owned Custom Nameserver Sets, oldest first per account. */
  nameserverSets: (NameserverSet & { accountId: string })[];
  users: { id: string; email?: string; name?: string }[];
  tokens: { name: string; accountIds: string[]; readOnly: boolean; user?: string }[];
  apiKeys: { email: string; accountIds: string[]; user?: string }[];
}

/** The store's state as JSON, without secrets. */
export function takeSnapshot(store: EmulatorStore): EmulatorSnapshot {
  const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
  return {
    accounts: [...store.accounts.values()].map((a) => ({
      id: a.id,
      name: a.name,
      type: a.type,
      acnsEntitled: a.acnsEntitled,
      defaultNameservers: a.nameserversType,
    })),
    zones: [...store.zones.values()].sort(byName).map((z) => ({
      id: z.id,
      name: z.name,
      accountId: z.accountId,
      nameservers: { ...z.nameservers },
      name_servers: listZoneNameServers(store, z),
    })),
    nameservers: [...store.accounts.keys()].flatMap((id) =>
      store.listNameservers(id).map((ns) => ({ accountId: id, ...ns })),
    ),
    nameserverSets: store.nameserverSets
      .listAll()
      .map((s) => ({ accountId: s.accountId, ...renderNameserverSet(s) })),
    ...store.credentials.snapshot(),
  };
}
