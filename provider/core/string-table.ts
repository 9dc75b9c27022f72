/**
 * A compact set of strings with dense entry numbers, an open-addressing hash table over typed
 * arrays: for a million zones a `Map` spends its time on cache misses and garbage. The hash reads
 * from the right, so one pass yields every suffix's hash (hierarchy.ts finds ancestors by them).
 */

/** Strings by entry number, with their hashes and the hash slots. */
export interface StringTable {
  /** The strings, by entry number (0, 1, 2, ... in insertion order). */
  keys: string[];
  /** The {@link hashString} of each entry. */
  hashes: Int32Array;
  /**
   * Hash slots as pairs `[hash, entry + 1]` (0 is empty); the slot count is a power
   * of two. Keeping the hash beside the entry settles most misses in one cache line.
   */
  slots: Int32Array;
}

/** Multiplier of the polynomial hash (the FNV prime: odd, with well-spread bits). */
export const HASH_BASE = 0x01000193;

/** An empty table with room for `capacity` strings before it grows. */
export function createStringTable(capacity: number): StringTable {
  const entries = Math.max(capacity, 16);
  return { keys: [], hashes: new Int32Array(entries), slots: new Int32Array(2 * countSlotsFor(entries)) };
}

/** A power of two at least twice the entry count keeps probe chains short. */
function countSlotsFor(entries: number): number {
  let slots = 32;
  while (slots < entries * 2) slots *= 2;
  return slots;
}

/**
 * `sum(text[i] * HASH_BASE ** (length - 1 - i))` modulo 2^32: read from the right, so a suffix
 * hashes the same inside a longer string as on its own.
 */
export function hashString(text: string): number {
  let hash = 0;
  let power = 1;
  for (let i = text.length - 1; i >= 0; i--) {
    hash = (hash + Math.imul(text.charCodeAt(i), power)) | 0;
    power = Math.imul(power, HASH_BASE);
  }
  return hash;
}

/** Spreads a hash over the slot bits (murmur3's finaliser). */
function mixHash(hash: number): number {
  let h = hash ^ (hash >>> 16);
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/** The entry of `key` (whose {@link hashString} is `hash`), or -1. */
export function findString(table: StringTable, key: string, hash: number = hashString(key)): number {
  return (table.slots[2 * locateSlot(table, key, hash) + 1] ?? 0) - 1;
}

/** The slot that holds `key`, or the empty slot where it would go. */
function locateSlot(table: StringTable, key: string, hash: number): number {
  const { slots, keys } = table;
  const slotMask = (slots.length >> 1) - 1;
  for (let slot = mixHash(hash) & slotMask; ; slot = (slot + 1) & slotMask) {
    const stored = slots[2 * slot + 1] ?? 0;
    if (stored === 0 || (slots[2 * slot] === hash && keys[stored - 1] === key)) return slot;
  }
}

/**
 * The entry whose key equals the suffix of `text` that starts at `start`, given
 * that suffix's hash; or -1. Compares in place: no substring is built.
 */
export function findSuffix(table: StringTable, text: string, start: number, hash: number): number {
  const { slots, keys } = table;
  const slotMask = (slots.length >> 1) - 1;
  const length = text.length - start;
  for (let slot = mixHash(hash) & slotMask; ; slot = (slot + 1) & slotMask) {
    const stored = slots[2 * slot + 1] ?? 0;
    if (stored === 0) return -1;
    if (slots[2 * slot] !== hash) continue;
    const candidate = keys[stored - 1] ?? "";
    if (candidate.length === length && text.endsWith(candidate)) return stored - 1;
  }
}

/** Adds `key` unless present; returns its entry (a new key's is `table.keys.length - 1` after the call). */
export function addString(table: StringTable, key: string, hash: number = hashString(key)): number {
  let slot = locateSlot(table, key, hash);
  const stored = table.slots[2 * slot + 1] ?? 0;
  if (stored !== 0) return stored - 1;
  const entry = table.keys.length;
  if (entry === table.hashes.length) {
    const hashes = new Int32Array(entry * 2);
    hashes.set(table.hashes);
    table.hashes = hashes;
  }
  if ((entry + 1) * 2 > table.slots.length >> 1) {
    table.slots = new Int32Array(2 * countSlotsFor(entry + 1));
    for (let other = 0; other < entry; other++) insertSlot(table.slots, table.hashes[other] ?? 0, other);
    slot = locateSlot(table, key, hash);
  }
  table.keys.push(key);
  table.hashes[entry] = hash;
  table.slots[2 * slot] = hash;
  table.slots[2 * slot + 1] = entry + 1;
  return entry;
}

function insertSlot(slots: Int32Array, hash: number, entry: number): void {
  const slotMask = (slots.length >> 1) - 1;
  let slot = mixHash(hash) & slotMask;
  while ((slots[2 * slot + 1] ?? 0) !== 0) slot = (slot + 1) & slotMask;
  slots[2 * slot] = hash;
  slots[2 * slot + 1] = entry + 1;
}
