/**
 * The emulator's Custom Nameserver Sets: the sets of every account, the glue addresses their names
 * get, and how a set is answered.
 *
 * @see ./nameserver-sets.ts for the rules table (ADDRESSES, ANYCAST_GROUPS)
 */
import { createHash } from "node:crypto";
import type { AnycastGroup, NameserverSet } from "../core/custom-nameserver-sets";
import { deriveObjectId, IPV4_DOCUMENTATION_PREFIXES } from "./addresses";
import { getOrInsert, type StateView } from "./model";
import {
  IPV4_ADDRESSES_PER_POOL,
  resolveNameserverSetLimits,
  type NameserverSetInput,
  type NameserverSetLimits,
  type NameserverSetNameserverRecord,
  type NameserverSetRecord,
  type NameserverSetsView,
} from "./nameserver-sets";

const ANYCAST_GROUPS: readonly AnycastGroup[] = ["a", "b", "c"];

function poolIndex(ipSet: number, advanced: boolean): number {
  return 2 * (ipSet - 1) + (advanced ? 1 : 0);
}

/** The IPv4 address of slot `slot` of pool `pool` (slots past 126 wrap: a pool may reuse addresses). */
export function deriveSetIpv4(pool: number, slot: number): string {
  const index = pool * IPV4_ADDRESSES_PER_POOL + (slot % IPV4_ADDRESSES_PER_POOL);
  return `${IPV4_DOCUMENTATION_PREFIXES[Math.floor(index / 254)] ?? IPV4_DOCUMENTATION_PREFIXES[0]}.${(index % 254) + 1}`;
}

/** The IPv6 address of slot `slot` of an account's pool: `2001:db8:<account tag>:<pool+1>::<slot+1>`. */
export function deriveSetIpv6(accountId: string, pool: number, slot: number): string {
  const tag = createHash("sha256").update(`acns-set-pool:${accountId}`).digest("hex").slice(0, 4);
  return `2001:db8:${tag.replace(/^0+(?=.)/, "")}:${(pool + 1).toString(16)}::${(slot + 1).toString(16)}`;
}

/**
 * The sets of every account and the address slots their names hold. Slots are never given back, so
 * a name keeps its glue in a pool even when its set is deleted and a new one created.
 */
export class NameserverSetState implements NameserverSetsView {
  readonly limits: NameserverSetLimits;
  /** Per account: id -> set, in creation order. */
  private readonly sets = new Map<string, Map<string, NameserverSetRecord>>();
  /** Per account and pool: name -> its slots, and the next free slot. */
  private readonly slots = new Map<string, { next: number; byName: Map<string, number[]> }>();
  private seq = 0;

  constructor(limits: Partial<NameserverSetLimits> = {}) {
    this.limits = resolveNameserverSetLimits(limits);
  }

  /** Forgets every set and slot (the store's reset). */
  clear(): void {
    this.sets.clear();
    this.slots.clear();
    this.seq = 0;
  }

  /** The sets of an account, oldest first. */
  list(accountId: string): NameserverSetRecord[] {
    return [...(this.sets.get(accountId)?.values() ?? [])];
  }

  get(accountId: string, setId: string): NameserverSetRecord | undefined {
    return this.sets.get(accountId)?.get(setId);
  }

  /** Every account's sets, for views that need them all. */
  listAll(): NameserverSetRecord[] {
    return [...this.sets.values()].flatMap((m) => [...m.values()]);
  }

  /** Stores a checked set; derives its id (unless given) and addresses. */
  add(accountId: string, input: NameserverSetInput, createdOn: string, id?: string): NameserverSetRecord {
    const advanced = input.advanced ?? false;
    const ipSet = input.ip_set ?? 1;
    const pool = poolIndex(ipSet, advanced);
    const setId = id ?? this.nextId(accountId);
    const record: NameserverSetRecord = {
      id: setId,
      accountId,
      advanced,
      ipSet,
      createdOn,
      nameservers: input.nameservers.map((ns, i) => {
        const ipCount = ns.ip_count ?? this.limits.defaultIpCount;
        const slots = this.takeSlots(accountId, pool, ns.name, ipCount);
        const entry: NameserverSetNameserverRecord = {
          name: ns.name,
          ipCount,
          ipv4: slots.map((s) => deriveSetIpv4(pool, s)),
          ipv6: slots.map((s) => deriveSetIpv6(accountId, pool, s)),
        };
        if (advanced) {
          const groups = slots.map((_, k) => ANYCAST_GROUPS[(i + k) % ANYCAST_GROUPS.length] ?? "a");
          entry.ipv4Groups = groups;
          entry.ipv6Groups = [...groups];
        }
        return entry;
      }),
    };
    getOrInsert(this.sets, accountId, () => new Map()).set(setId, record);
    return record;
  }

  delete(accountId: string, setId: string): NameserverSetRecord | undefined {
    const record = this.sets.get(accountId)?.get(setId);
    this.sets.get(accountId)?.delete(setId);
    return record;
  }

  private nextId(accountId: string): string {
    for (;;) {
      const id = deriveObjectId(`nameserver-set:${accountId}:${++this.seq}`);
      if (this.get(accountId, id) === undefined) return id;
    }
  }

  private takeSlots(accountId: string, pool: number, name: string, count: number): number[] {
    const book = getOrInsert(this.slots, `${accountId}/${pool}`, () => ({ next: 0, byName: new Map() }));
    const held = getOrInsert(book.byName, name, () => []);
    while (held.length < count) held.push(book.next++);
    return held.slice(0, count);
  }
}

/** A set as Cloudflare answers it; only an advanced set's names carry their anycast groups. */
export function renderNameserverSet(record: NameserverSetRecord): NameserverSet {
  const { advanced } = record;
  return {
    id: record.id,
    created_on: record.createdOn,
    ip_set: record.ipSet,
    advanced,
    nameservers: record.nameservers.map((ns) => ({
      name: ns.name,
      ipv4: [...ns.ipv4],
      ...(advanced ? { ipv4_groups: [...(ns.ipv4Groups ?? [])] } : {}),
      ipv6: [...ns.ipv6],
      ...(advanced ? { ipv6_groups: [...(ns.ipv6Groups ?? [])] } : {}),
    })),
  } as NameserverSet;
}

/** The names serving a zone on set `setId`, in the set's order (none if the set is gone). */
export function listNameserverSetNamesOf(view: StateView, accountId: string, setId: string): string[] {
  return view.nameserverSets.get(accountId, setId)?.nameservers.map((ns) => ns.name) ?? [];
}
