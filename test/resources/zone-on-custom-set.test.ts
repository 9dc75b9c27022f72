/**
 * ZoneAcnsBinding on an account-owned Custom Nameserver Set (`nameserverSetId`, issue #10) through
 * its serialized provider against the emulator: the inputs, the live checks (the set exists, the
 * hierarchy rule per set), the lifecycle, the migration from a numbered set with the continuity
 * check, and a CustomNameserverSet replacement that moves the zone across before the old set goes.
 */
import {
  customNameserverSetProvider as customSetProvider,
  zoneAcnsBindingProvider as provider,
} from "../../provider/resources";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, ZONES, catchError, countRequests, useRuntime } from "./use-runtime";

const emulator = useEmulator();
const { configure } = useRuntime(emulator);

const SET2 = ["ns3.example.net", "ns4.example.net"];
const OTHER_ID = "0123456789abcdef0123456789abcdef";

function zoneNameservers(zoneId: string): unknown {
  return emulator.store.getZone(zoneId)?.nameservers;
}

/** A Custom Nameserver Set made directly in the emulator; its id. */
function makeSet(names: readonly string[]): string {
  return emulator.store.createNameserverSet(ACCOUNT, { nameservers: names.map((name) => ({ name })) }).id;
}

async function checked(news: Record<string, unknown>): Promise<unknown> {
  const result = await provider.check?.({}, news);
  expect(result?.failures ?? []).toEqual([]);
  return result?.inputs;
}

function writes(): string[] {
  return emulator.store.requestLog
    .list()
    .filter((r) => r.method !== "GET")
    .map((r) => `${r.method} ${r.path}`);
}

describe("inputs", () => {
  test("nsSet or nameserverSetId, not both; an id that is not 32 characters is refused", async () => {
    const zoneId = ZONES["example.net"];
    expect((await provider.check?.({}, { zoneId, nsSet: 2, nameserverSetId: OTHER_ID }))?.failures).toEqual([
      {
        property: "nsSet",
        reason:
          "give nsSet (a numbered set, 1-5) or nameserverSetId (a Custom Nameserver Set), not both: got nsSet 2 " +
          `(a number) and nameserverSetId "${OTHER_ID}" (a string); remove one`,
      },
    ]);
    expect((await provider.check?.({}, { zoneId, nameserverSetId: "3f2a" }))?.failures).toEqual([
      {
        property: "nameserverSetId",
        reason:
          "nameserverSetId of ZoneAcnsBinding must be a CustomNameserverSet's nameserverSetId output (32 " +
          'characters), got "3f2a" (a string)',
      },
    ]);
  });

  test("a set the account does not hold is refused at check, naming the account", async () => {
    const zoneId = ZONES["example.net"];
    expect((await provider.check?.({}, { zoneId, nameserverSetId: OTHER_ID }))?.failures).toEqual([
      {
        property: "nameserverSetId",
        reason:
          `nameserverSetId "${OTHER_ID}": account ${ACCOUNT} has no Custom Nameserver Set with this id; create it ` +
          "with a CustomNameserverSet and pass its nameserverSetId output",
      },
    ]);
  });

  test("the hierarchy rule applies per set: a child may not share its parent's Custom Nameserver Set", async () => {
    const setId = makeSet(["ns1.cns.example", "ns2.cns.example"]);
    emulator.store.setZoneNameservers(ZONES["example.com"], { type: "custom", nameserver_set_id: setId });
    expect(
      (await provider.check?.({}, { zoneId: ZONES["eu.example.com"], nameserverSetId: setId }))?.failures,
    ).toEqual([
      {
        property: "nameserverSetId",
        reason:
          `nameserverSetId: zone "eu.example.com" and its parent "example.com" both use custom nameserver set ` +
          `${setId}; zones on one ancestor/descendant chain must use different sets; put "eu.example.com" on ` +
          "another Custom Nameserver Set (this package applies the numbered sets' rule to each custom set); if " +
          'this program moves "example.com" to another set in the same update, list that ZoneAcnsBinding in this ' +
          "one's dependsOn so its move runs first (AccountCustomNameservers orders its own bindings), or apply " +
          "that move in an earlier update",
      },
    ]);
  });
});

describe("lifecycle", () => {
  test("create puts the zone on the set; no-op; refresh; delete gives back what it had", async () => {
    const setId = makeSet(["ns2.cns.example", "ns1.cns.example"]);
    const zoneId = ZONES["example.net"];
    const inputs = await checked({ zoneId, nameserverSetId: setId });
    expect(inputs).toEqual({ zoneId, nameserverSetId: setId });
    emulator.store.requestLog.clear();
    const created = await provider.create(inputs);
    expect(created).toEqual({
      id: zoneId,
      outs: {
        zoneId,
        zoneName: "example.net",
        accountId: ACCOUNT,
        nsSet: null,
        nameserverSetId: setId,
        nameservers: ["ns1.cns.example", "ns2.cns.example"],
        previousNameservers: { type: "cloudflare.standard", nsSet: null },
      },
    });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom", nameserver_set_id: setId });
    expect(countRequests(emulator)).toEqual({
      "GET /zones/{zone_id}/dns_settings": 1,
      "PATCH /zones/{zone_id}/dns_settings": 1,
      "GET /accounts/{account_id}/dns_settings/nameserver_sets/{nameserver_set_id}": 1,
    });
    expect(await provider.diff?.(zoneId, created.outs, inputs)).toEqual({ changes: false });

    const refreshed = await provider.read?.(zoneId, created.outs);
    expect(refreshed).toEqual({
      id: zoneId,
      props: created.outs,
      inputs: { zoneId, nameserverSetId: setId, zoneName: "example.net" },
    });

    await configure(); // pulumi destroy
    emulator.store.requestLog.clear();
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
    expect(writes()).toEqual([`PATCH /zones/${zoneId}/dns_settings`]);
  });

  test("a zone moved off its set behind Pulumi's back is a change, and up puts it back", async () => {
    const setId = makeSet(["ns1.cns.example", "ns2.cns.example"]);
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nameserverSetId: setId }));
    emulator.store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: 1 });
    await configure(); // the next pulumi up
    const news = await checked({ zoneId, nameserverSetId: setId });
    expect(await provider.diff?.(zoneId, created.outs, news)).toEqual({ changes: true });
    await provider.update?.(zoneId, created.outs, news);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom", nameserver_set_id: setId });
  });

  test("diff: a new set id, or a switch between nsSet and nameserverSetId, is an in-place change", async () => {
    const zoneId = ZONES["example.net"];
    const outs = {
      zoneId,
      zoneName: "example.net",
      nsSet: null,
      nameserverSetId: OTHER_ID,
      nameservers: ["ns1.cns.example", "ns2.cns.example"],
      previousNameservers: null,
    };
    expect(await provider.diff?.(zoneId, outs, { zoneId, nameserverSetId: OTHER_ID })).toEqual({
      changes: false,
    });
    expect(await provider.diff?.(zoneId, outs, { zoneId, nameserverSetId: "f".repeat(32) })).toEqual({
      changes: true,
    });
    expect(await provider.diff?.(zoneId, outs, { zoneId, nsSet: 1 })).toEqual({ changes: true });
    const numbered = { ...outs, nsSet: 1, nameserverSetId: undefined };
    expect(await provider.diff?.(zoneId, numbered, { zoneId, nameserverSetId: OTHER_ID })).toEqual({
      changes: true,
    });
  });
});

describe("migration", () => {
  test("a zone on numbered set 2 moves to a Custom Nameserver Set with the same names in one update, served throughout", async () => {
    const zoneId = ZONES["eu.example.com"];
    // The zone was put on set 2 by this binding in an earlier update.
    const before = await provider.create(await checked({ zoneId, nsSet: 2, zoneName: "eu.example.com" }));
    expect(before.outs.nameservers).toEqual(SET2);
    const from = emulator.store.markTimeline();

    // The next update: a CustomNameserverSet with the same names (the registrar's delegation stays),
    // and the binding switched from nsSet to its id.
    await configure();
    const setInputs = (await customSetProvider.check?.({}, { accountId: ACCOUNT, nameservers: SET2 }))
      ?.inputs;
    const set = await customSetProvider.create(setInputs);
    const setId = (set.outs as { nameserverSetId: string }).nameserverSetId;
    const news = await checked({ zoneId, nameserverSetId: setId, zoneName: "eu.example.com" });
    expect(await provider.diff?.(zoneId, before.outs, news)).toEqual({ changes: true });
    emulator.store.requestLog.clear();
    const moved = await provider.update?.(zoneId, before.outs, news);
    expect(moved?.outs).toEqual({
      ...before.outs,
      nsSet: null,
      nameserverSetId: setId,
      nameservers: SET2,
    });
    expect(writes()).toEqual([`PATCH /zones/${zoneId}/dns_settings`]);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom", nameserver_set_id: setId });
    // Set 2's names can go afterwards: no zone of this update is on it any more.
    emulator.store.setZoneNameservers(ZONES["us.example.com"], { type: "cloudflare.standard" });
    for (const name of SET2) emulator.store.deleteNameserver(ACCOUNT, name);
    expect(() => emulator.store.assertContinuity({ from })).not.toThrow();
    expect(emulator.store.checkContinuity({ from, to: emulator.store.markTimeline() })).toEqual([]);
  });

  test("a CustomNameserverSet replacement: the new set first, the zone moved across, the old set deleted last", async () => {
    const zoneId = ZONES["example.net"];
    const names = ["ns1.cns.example", "ns2.cns.example"];
    const oldSet = await customSetProvider.create(
      (await customSetProvider.check?.({}, { accountId: ACCOUNT, nameservers: names }))?.inputs,
    );
    const oldId = (oldSet.outs as { nameserverSetId: string }).nameserverSetId;
    const bound = await provider.create(await checked({ zoneId, nameserverSetId: oldId }));
    const from = emulator.store.markTimeline();

    // The engine's order for a replacement with create-before-delete: create, dependents, delete.
    await configure();
    const grown = [...names, "ns3.cns.example"];
    const newInputs = (await customSetProvider.check?.({}, { accountId: ACCOUNT, nameservers: grown }))
      ?.inputs;
    expect(await customSetProvider.diff?.(oldSet.id, oldSet.outs, newInputs)).toMatchObject({
      changes: true,
      deleteBeforeReplace: false,
    });
    const newSet = await customSetProvider.create(newInputs);
    const newId = (newSet.outs as { nameserverSetId: string }).nameserverSetId;
    const news = await checked({ zoneId, nameserverSetId: newId });
    await provider.update?.(zoneId, bound.outs, news);
    await customSetProvider.delete?.(oldSet.id, oldSet.outs);

    expect(zoneNameservers(zoneId)).toEqual({ type: "custom", nameserver_set_id: newId });
    expect(emulator.store.listNameserverSets(ACCOUNT).map((s) => s.id)).toEqual([newId]);
    expect(emulator.store.checkContinuity({ from, to: emulator.store.markTimeline() })).toEqual([]);
  });

  test("a move onto a set that is gone fails and leaves the zone where it was", async () => {
    const zoneId = ZONES["example.net"];
    const setId = makeSet(["ns1.cns.example", "ns2.cns.example"]);
    const news = await checked({ zoneId, nameserverSetId: setId });
    emulator.store.deleteNameserverSet(ACCOUNT, setId);
    const err = await catchError(provider.create(news));
    expect(err.message).toBe(
      `ZoneAcnsBinding nameserverSetId "${setId}": set nameservers of zone ${zoneId} to custom nameserver set ` +
        `${setId} failed after 1 attempt: PATCH /zones/${zoneId}/dns_settings answered HTTP 400 with Cloudflare ` +
        `error 1001 "Custom Nameserver set doesn't exist: cannot put zone \\"example.net\\" on \\"${setId}\\", ` +
        `which is not a set of account ${ACCOUNT}; use an id from GET /accounts/${ACCOUNT}/dns_settings/nameserver_sets"; ` +
        'correct the request as Cloudflare\'s message says. Zone "example.net" was not changed.',
    );
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
  });
});
