/**
 * Applying a seed to a store: every entry goes through the store's rule-checked methods, and every
 * entry a rule refuses is reported (with its place in the seed), not only the first.
 */
import { ApiError } from "./errors";
import { SeedError, type Seed } from "./seed";
import type { EmulatorStore } from "./store";

/** Adds the seed's accounts, zones, names, sets and credentials to `store`; throws a SeedError listing every refusal. */
export function applySeed(store: EmulatorStore, seed: Seed): void {
  const problems: string[] = [];
  const collect = (where: string, fn: () => void): void => {
    try {
      fn();
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // Our detail, not Cloudflare's terse message: a seed names what to fix.
      for (const detail of err.details) problems.push(`${where}: ${detail}`);
    }
  };
  seed.accounts.forEach((a, i) =>
    collect(`accounts[${i}]`, () =>
      store.addAccount({
        id: a.id,
        name: a.name,
        acnsEntitled: a.acnsEntitled,
        type: a.type,
        defaultNameservers: a.defaultNameservers,
      }),
    ),
  );
  seed.zones.forEach((z, i) =>
    collect(`zones[${i}]`, () =>
      store.insertZone({ id: z.id, name: z.name, accountId: z.accountId }, { type: "cloudflare.standard" }),
    ),
  );
  seed.nameservers.forEach((ns, i) =>
    collect(`nameservers[${i}]`, () =>
      store.createNameserver(ns.accountId, { ns_name: ns.ns_name, ns_set: ns.ns_set }),
    ),
  );
  seed.nameserverSets.forEach((s, i) =>
    collect(`nameserverSets[${i}]`, () => store.createNameserverSet(s.accountId, s, s.id)),
  );
  seed.zones.forEach((z, i) => {
    if (z.nameservers !== undefined) {
      const target = z.nameservers;
      collect(`zones[${i}]`, () => store.setZoneNameservers(z.id, target));
    }
  });
  store.credentials.load(seed);
  if (problems.length > 0) throw new SeedError("(rules)", problems);
}
