/**
 * ZoneAcnsBinding through its serialized provider's methods against the emulator: lifecycle,
 * restoring what the zone had before, the live hierarchy check with this program's intents laid
 * over the account, the cache, preview unknowns and refusals.
 */
import {
  accountNameserverSetProvider as setProvider,
  zoneAcnsBindingProvider as provider,
} from "../../provider/resources";
import { deriveStandardNameservers } from "../../provider/emulator";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, TOKEN, ZONES, catchError, countRequests, useRuntime } from "./use-runtime";

const emulator = useEmulator();
const { configure, runtime } = useRuntime(emulator);

const SET1 = ["ns1.example.net", "ns2.example.net"];
const SET2 = ["ns3.example.net", "ns4.example.net"];
const SET3 = ["ns1.acme-dns.example", "ns2.acme-dns.example"];

function zoneNameservers(zoneId: string): unknown {
  return emulator.store.getZone(zoneId)?.nameservers;
}

async function checked(news: Record<string, unknown>): Promise<unknown> {
  const result = await provider.check?.({}, news);
  expect(result?.failures ?? []).toEqual([]);
  return result?.inputs;
}

describe("lifecycle", () => {
  test("create records what the zone had, update moves it, read shows drift, delete restores", async () => {
    const zoneId = ZONES["example.net"];
    const inputs = await checked({ zoneId, nsSet: 1 });
    expect(inputs).toEqual({ zoneId, nsSet: 1 });
    const created = await provider.create(inputs);
    expect(created).toEqual({
      id: zoneId,
      outs: {
        zoneId,
        zoneName: "example.net",
        accountId: ACCOUNT,
        nsSet: 1,
        nameservers: SET1,
        previousNameservers: { type: "cloudflare.standard", nsSet: null },
      },
    });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });

    expect(
      await provider.diff?.(
        zoneId,
        { ...created.outs, __provider: "a" },
        { ...(inputs as object), __provider: "b" },
      ),
    ).toEqual({
      changes: false,
    });

    const moved = await checked({ zoneId, nsSet: 3, zoneName: "Example.NET." });
    expect(moved).toEqual({ zoneId, nsSet: 3, zoneName: "example.net" });
    expect(await provider.diff?.(zoneId, created.outs, moved)).toEqual({ changes: true });
    const updated = await provider.update?.(zoneId, created.outs, moved);
    expect(updated?.outs).toEqual({
      zoneId,
      zoneName: "example.net",
      accountId: ACCOUNT,
      nsSet: 3,
      nameservers: SET3,
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
    });

    // Out of band: moved to set 2, then off ACNS altogether.
    emulator.store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: 2 });
    const onTwo = await provider.read?.(zoneId, updated?.outs);
    expect(onTwo).toEqual({
      id: zoneId,
      props: { ...updated?.outs, nsSet: 2, nameservers: SET2 },
      inputs: { zoneId, nsSet: 2, zoneName: "example.net" },
    });
    expect(await provider.diff?.(zoneId, onTwo?.props, moved)).toEqual({ changes: true });
    emulator.store.setZoneNameservers(zoneId, { type: "cloudflare.standard" });
    const off = await provider.read?.(zoneId, updated?.outs);
    expect(off).toEqual({
      id: zoneId,
      props: { ...updated?.outs, nsSet: null, nameservers: deriveStandardNameservers(ACCOUNT).sort() },
    });
    expect(await provider.diff?.(zoneId, off?.props, moved)).toEqual({ changes: true });
    const back = await provider.update?.(zoneId, off?.props, moved);
    expect(back?.outs).toEqual(updated?.outs);

    await configure(); // pulumi destroy: a new provider process, which has seen no check
    await provider.delete?.(zoneId, back?.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
  });

  test("delete puts a zone back on the set it had before", async () => {
    const zoneId = ZONES["us.example.com"];
    const created = await provider.create(await checked({ zoneId, nsSet: 3 }));
    expect(created.outs.previousNameservers).toEqual({ type: "custom.account", nsSet: 2 });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 3 });
    await configure();
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 2 });
  });

  test("delete leaves the zone alone when another binding of the same update declares it (a rename)", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    // The next update: the zone under a new resource name, then the old binding's delete, last.
    await configure();
    const renamed = await checked({ zoneId, nsSet: 1 });
    await provider.create(renamed);
    emulator.store.requestLog.clear();
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });
    expect(emulator.store.requestLog.list()).toEqual([]);
  });

  test("a refresh after this process changed the set's names reads them again, not the listing it had", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    expect((await provider.read?.(zoneId, created.outs))?.props.nameservers).toEqual(SET1);
    const set = await setProvider.read?.(`${ACCOUNT}/1`, {});
    const news = await setProvider.check?.(set?.inputs ?? {}, {
      accountId: ACCOUNT,
      nsSet: 1,
      nameservers: [...SET1, "ns9.example.net"],
    });
    expect(news?.failures ?? []).toEqual([]);
    await setProvider.update?.(`${ACCOUNT}/1`, set?.props, news?.inputs);
    expect((await provider.read?.(zoneId, created.outs))?.props.nameservers).toEqual([
      ...SET1,
      "ns9.example.net",
    ]);
  });

  test("after up --refresh removed an out-of-band name, nameservers drops it in the same run", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1, setNameservers: SET1 }));
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns9.example.net", ns_set: 1 });
    // up --refresh: the refresh reads the extra name, the set's update then removes it again and its
    // nameservers output (this binding's setNameservers) stays SET1.
    const refreshed = await provider.read?.(zoneId, created.outs);
    expect(refreshed?.props).toEqual({ ...created.outs, nameservers: [...SET1, "ns9.example.net"] });
    emulator.store.deleteNameserver(ACCOUNT, "ns9.example.net");
    const news = await checked({ zoneId, nsSet: 1, setNameservers: SET1 });
    expect(await provider.diff?.(zoneId, refreshed?.props, news)).toEqual({ changes: true });
    const updated = await provider.update?.(zoneId, refreshed?.props, news);
    expect(updated?.outs).toEqual(created.outs);
  });

  test("delete leaves a zone someone moved meanwhile where they put it", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    emulator.store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: 3 });
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 3 });
  });

  test("a binding that does not know what its zone had leaves it on its set; the set's delete then moves it to cloudflare.standard first", async () => {
    const zoneId = ZONES["shop.eu.example.com"];
    const imported = await provider.read?.(zoneId, {});
    expect(imported).toEqual({
      id: zoneId,
      props: {
        zoneId,
        zoneName: "shop.eu.example.com",
        accountId: ACCOUNT,
        nsSet: 3,
        nameservers: SET3,
        previousNameservers: null,
      },
      inputs: { zoneId, nsSet: 3, zoneName: "shop.eu.example.com" },
    });
    emulator.store.requestLog.clear();
    await provider.delete?.(zoneId, imported?.props);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 3 });
    // The set goes in the same update (the engine deletes it after the binding that depends on it).
    const set = await setProvider.read?.(`${ACCOUNT}/3`, {});
    await setProvider.delete?.(`${ACCOUNT}/3`, set?.props);
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
    expect(
      emulator.store.requestLog
        .list()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([
      `PATCH /zones/${zoneId}/dns_settings`,
      `DELETE /accounts/${ACCOUNT}/custom_ns/ns1.acme-dns.example`,
      `DELETE /accounts/${ACCOUNT}/custom_ns/ns2.acme-dns.example`,
    ]);
  });

  test("a zone already on its set at create (an interrupted earlier create, or adoption) is left there by delete", async () => {
    const zoneId = ZONES["example.net"];
    emulator.store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: 1 });
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    // What it found, as found; equal to its own set, it says nothing of what the zone had before.
    expect(created.outs.previousNameservers).toEqual({ type: "custom.account", nsSet: 1 });
    await configure(); // pulumi destroy
    emulator.store.requestLog.clear();
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });
    expect(emulator.store.requestLog.list().filter((r) => r.method !== "GET")).toEqual([]);
  });

  test("restoreTo: a zone found on its set at create goes there on delete, written in one PATCH", async () => {
    const zoneId = ZONES["example.net"];
    emulator.store.setZoneNameservers(zoneId, { type: "custom.account", ns_set: 1 });
    const inputs = await checked({ zoneId, nsSet: 1, restoreTo: { type: "custom.account", nsSet: 2 } });
    expect(inputs).toEqual({ zoneId, nsSet: 1, restoreTo: { type: "custom.account", nsSet: 2 } });
    const created = await provider.create(inputs);
    expect(created.outs).toEqual({
      zoneId,
      zoneName: "example.net",
      accountId: ACCOUNT,
      nsSet: 1,
      nameservers: SET1,
      previousNameservers: { type: "custom.account", nsSet: 1 },
      restoreTo: { type: "custom.account", nsSet: 2 },
    });
    await configure(); // pulumi destroy
    emulator.store.requestLog.clear();
    const captured = runtime.captureWarnings();
    try {
      await provider.delete?.(zoneId, created.outs);
    } finally {
      captured.restore();
    }
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 2 });
    expect(captured.warnings).toEqual([
      'ZoneAcnsBinding: what zone "example.net" had before this binding is not known; moving it from ns_set 1 ' +
        "to its restoreTo, custom.account set 2",
    ]);
    expect(
      emulator.store.requestLog
        .list()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([`PATCH /zones/${zoneId}/dns_settings`]);
  });

  test("restoreTo: a recorded earlier setting wins over it", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(
      await checked({ zoneId, nsSet: 1, restoreTo: { type: "cloudflare.advanced" } }),
    );
    expect(created.outs.previousNameservers).toEqual({ type: "cloudflare.standard", nsSet: null });
    await configure();
    await provider.delete?.(zoneId, created.outs);
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
  });

  test("restoreTo: changing it is an update that only records it; refresh keeps it as an input", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    const news = await checked({ zoneId, nsSet: 1, restoreTo: { type: "cloudflare.standard" } });
    expect(await provider.diff?.(zoneId, created.outs, news)).toEqual({ changes: true });
    emulator.store.requestLog.clear();
    const updated = await provider.update?.(zoneId, created.outs, news);
    expect(updated?.outs).toEqual({ ...created.outs, restoreTo: { type: "cloudflare.standard" } });
    expect(emulator.store.requestLog.list().filter((r) => r.method !== "GET")).toEqual([]);
    expect(await provider.diff?.(zoneId, updated?.outs, news)).toEqual({ changes: false });
    const refreshed = await provider.read?.(zoneId, updated?.outs);
    expect(refreshed).toEqual({
      id: zoneId,
      props: updated?.outs,
      inputs: { zoneId, nsSet: 1, zoneName: "example.net", restoreTo: { type: "cloudflare.standard" } },
    });
    // Taken out again: a change too.
    expect(await provider.diff?.(zoneId, updated?.outs, { zoneId, nsSet: 1 })).toEqual({ changes: true });
    expect(
      await provider.diff?.(zoneId, updated?.outs, { zoneId, nsSet: 1, restoreTo: UNKNOWN_VALUE }),
    ).toEqual({ changes: true });
  });

  test("up repairs a zone moved since the state was written, without a refresh: check sees it, diff reports it", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    emulator.store.setZoneNameservers(zoneId, { type: "cloudflare.standard" });
    await configure(); // the next pulumi up
    const news = await checked({ zoneId, nsSet: 1 });
    expect(await provider.diff?.(zoneId, created.outs, news)).toEqual({ changes: true });
    await provider.update?.(zoneId, created.outs, news);
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });
  });

  test("API calls: create after check, a refresh, a no-op", async () => {
    const zoneId = ZONES["example.net"];
    const inputs = await checked({ zoneId, nsSet: 1 });
    emulator.store.requestLog.clear();
    const created = await provider.create(inputs);
    // The zone itself was looked up by check already.
    expect(countRequests(emulator)).toEqual({
      "GET /zones/{zone_id}/dns_settings": 1,
      "PATCH /zones/{zone_id}/dns_settings": 1,
      "GET /accounts/{account_id}/custom_ns": 1,
    });
    emulator.store.requestLog.clear();
    await provider.read?.(zoneId, created.outs);
    // A refresh: the zone's settings, and the account's names once per process for every binding.
    expect(countRequests(emulator)).toEqual({
      "GET /zones/{zone_id}/dns_settings": 1,
      "GET /accounts/{account_id}/custom_ns": 1,
    });
    emulator.store.requestLog.clear();
    await provider.read?.(zoneId, created.outs);
    expect(countRequests(emulator)).toEqual({ "GET /zones/{zone_id}/dns_settings": 1 });
    // A state written before accountId was recorded needs the zone (read once per process; check
    // read it already here), and records the account.
    const { accountId: _omitted, ...olderState } = created.outs as Record<string, unknown>;
    emulator.store.requestLog.clear();
    const fromOlder = await provider.read?.(zoneId, olderState);
    expect(fromOlder?.props).toEqual(created.outs);
    expect(countRequests(emulator)).toEqual({ "GET /zones/{zone_id}/dns_settings": 1 });
    emulator.store.requestLog.clear();
    expect(await provider.diff?.(zoneId, created.outs, inputs)).toEqual({ changes: false });
    expect(countRequests(emulator)).toEqual({});
  });

  test("setNameservers: a change of the set's names alone updates nameservers with one listing and no write", async () => {
    const zoneId = ZONES["example.net"];
    const inputs = await checked({
      zoneId,
      nsSet: 1,
      setNameservers: ["NS2.example.net.", "ns1.example.net"],
    });
    expect(inputs).toEqual({ zoneId, nsSet: 1, setNameservers: SET1 });
    const created = await provider.create(inputs);
    expect(created.outs).toEqual({
      zoneId,
      zoneName: "example.net",
      accountId: ACCOUNT,
      nsSet: 1,
      nameservers: SET1,
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
      setNameservers: SET1,
    });
    // The same names in another order and spelling: no change.
    const same = await checked({ zoneId, nsSet: 1, setNameservers: ["ns1.EXAMPLE.net", "ns2.example.net"] });
    expect(await provider.diff?.(zoneId, created.outs, same)).toEqual({ changes: false });

    // The set gains a name in place (as its AccountNameserverSet does), and the program passes it on.
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns9.example.net", ns_set: 1 });
    const grown = await checked({ zoneId, nsSet: 1, setNameservers: [...SET1, "ns9.example.net"] });
    emulator.store.requestLog.clear();
    expect(await provider.diff?.(zoneId, created.outs, grown)).toEqual({ changes: true });
    const updated = await provider.update?.(zoneId, created.outs, grown);
    expect(updated?.outs).toEqual({
      zoneId,
      zoneName: "example.net",
      accountId: ACCOUNT,
      nsSet: 1,
      nameservers: [...SET1, "ns9.example.net"],
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
      setNameservers: [...SET1, "ns9.example.net"],
    });
    // The zone was looked up by check already; the zone itself is not touched.
    expect(countRequests(emulator)).toEqual({ "GET /accounts/{account_id}/custom_ns": 1 });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });

    // A refresh keeps the names last given, so the next diff compares against them.
    const refreshed = await provider.read?.(zoneId, updated?.outs);
    expect(refreshed).toEqual({
      id: zoneId,
      props: updated?.outs,
      inputs: { zoneId, nsSet: 1, zoneName: "example.net", setNameservers: [...SET1, "ns9.example.net"] },
    });
    expect(await provider.diff?.(zoneId, refreshed?.props, grown)).toEqual({ changes: false });
  });

  test("setNameservers: still unknown during preview is a change; leaving it out or adding it is too", async () => {
    const outs = {
      zoneId: ZONES["example.net"],
      zoneName: "example.net",
      nsSet: 1,
      nameservers: SET1,
      previousNameservers: null,
      setNameservers: SET1,
    };
    const zoneId = outs.zoneId;
    expect(await provider.diff?.(zoneId, outs, { zoneId, nsSet: 1, setNameservers: UNKNOWN_VALUE })).toEqual({
      changes: true,
    });
    expect(
      await provider.diff?.(zoneId, outs, {
        zoneId,
        nsSet: 1,
        setNameservers: ["ns1.example.net", UNKNOWN_VALUE],
      }),
    ).toEqual({ changes: true });
    expect(await provider.diff?.(zoneId, outs, { zoneId, nsSet: 1 })).toEqual({ changes: true });
    const { setNameservers: _dropped, ...without } = outs;
    expect(await provider.diff?.(zoneId, without, { zoneId, nsSet: 1, setNameservers: SET1 })).toEqual({
      changes: true,
    });
    // A new set for the zone is still a move, not a replace.
    expect(await provider.diff?.(zoneId, outs, { zoneId, nsSet: 3, setNameservers: SET3 })).toEqual({
      changes: true,
    });
  });

  test("setNameservers with a new nsSet moves the zone as before", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1, setNameservers: SET1 }));
    const moved = await checked({ zoneId, nsSet: 3, setNameservers: SET3 });
    emulator.store.requestLog.clear();
    const updated = await provider.update?.(zoneId, created.outs, moved);
    expect(updated?.outs).toEqual({ ...created.outs, nsSet: 3, nameservers: SET3, setNameservers: SET3 });
    expect(countRequests(emulator)).toEqual({
      "GET /zones/{zone_id}/dns_settings": 1,
      "PATCH /zones/{zone_id}/dns_settings": 1,
      "GET /accounts/{account_id}/custom_ns": 1,
    });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 3 });
  });

  test("a deleted zone drops the binding on refresh, and deleting it is quiet", async () => {
    const zoneId = ZONES["example.net"];
    const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
    emulator.store.deleteZone(zoneId);
    expect(await provider.read?.(zoneId, created.outs)).toEqual({});
    await provider.delete?.(zoneId, created.outs);
  });

  test("a failed move is reported with the zone left as it was", async () => {
    await configure({ "cloudflare-acns:maxAttempts": "2" });
    emulator.store.faults.add({
      method: "PATCH",
      path: "/zones/*/dns_settings",
      times: 2,
      action: { kind: "fail", status: 502 },
    });
    const zoneId = ZONES["example.net"];
    const err = await catchError(provider.create({ zoneId, nsSet: 1 }));
    expect(err.message).toBe(
      `ZoneAcnsBinding nsSet 1: set nameservers of zone ${zoneId} to custom.account set 1 failed after 2 attempts: ` +
        `PATCH /zones/${zoneId}/dns_settings answered HTTP 502 with Cloudflare error 1190 "injected fault fault-1: ` +
        `HTTP 502 for PATCH /client/v4/zones/${zoneId}/dns_settings (matching request 2)"; Cloudflare failed on its ` +
        'side; retry later. Zone "example.net" was not changed.',
    );
    expect(zoneNameservers(zoneId)).toEqual({ type: "cloudflare.standard" });
  });

  test("a move that landed although its answer was lost counts as done", async () => {
    emulator.store.faults.add({
      method: "PATCH",
      path: "/zones/*/dns_settings",
      action: { kind: "drop", when: "after-commit" },
    });
    const zoneId = ZONES["example.net"];
    const created = await provider.create({ zoneId, nsSet: 1 });
    expect(created.outs.previousNameservers).toEqual({ type: "cloudflare.standard", nsSet: null });
    expect(zoneNameservers(zoneId)).toEqual({ type: "custom.account", ns_set: 1 });
  });

  test("diff: a new zone id replaces, the old zone let go first; zoneName alone changes nothing", async () => {
    const outs = {
      zoneId: ZONES["example.net"],
      zoneName: "example.net",
      nsSet: 1,
      nameservers: SET1,
      previousNameservers: null,
    };
    expect(await provider.diff?.("id", outs, { zoneId: ZONES["example.com"], nsSet: 1 })).toEqual({
      changes: true,
      replaces: ["zoneId"],
      deleteBeforeReplace: true,
    });
    expect(
      await provider.diff?.("id", outs, { zoneId: outs.zoneId, nsSet: 1, zoneName: "example.net" }),
    ).toEqual({
      changes: false,
    });
    expect(await provider.diff?.("id", outs, { zoneId: outs.zoneId, nsSet: UNKNOWN_VALUE })).toEqual({
      changes: true,
    });
  });
});

describe("check", () => {
  test("restoreTo: anything but a setting this package writes, or the binding's own set, is refused", async () => {
    const zoneId = ZONES["example.net"];
    const reasons = async (restoreTo: unknown): Promise<unknown> =>
      (await provider.check?.({}, { zoneId, nsSet: 1, restoreTo }))?.failures;
    // The shape is the one a configuration's zones[].restoreTo has, worded by the validator's translator.
    const fix =
      "write {type: custom.account, nsSet: <1-5>}, {type: cloudflare.standard} or {type: cloudflare.advanced}, " +
      "or leave restoreTo out";
    expect(await reasons({ type: "custom.tenant" })).toEqual([
      {
        property: "restoreTo",
        reason:
          'restoreTo.type of ZoneAcnsBinding must be one of "custom.account", "cloudflare.standard", ' +
          `"cloudflare.advanced", got "custom.tenant" (a string); ${fix}`,
      },
    ]);
    expect(await reasons("cloudflare.standard")).toEqual([
      {
        property: "restoreTo",
        reason: `restoreTo of ZoneAcnsBinding must be an object, got "cloudflare.standard" (a string); ${fix}`,
      },
    ]);
    expect(await reasons({ type: "custom.account", nsSet: 7 })).toEqual([
      {
        property: "restoreTo",
        reason:
          "restoreTo.nsSet of ZoneAcnsBinding is 7, which is outside 1-5; Cloudflare numbers sets 1 to 5; use a " +
          "set number from 1 to 5",
      },
    ]);
    expect(await reasons({ type: "cloudflare.standard", nsSet: 2, extra: 1 })).toEqual([
      {
        property: "restoreTo",
        reason: `restoreTo of ZoneAcnsBinding has an unknown field "nsSet"; ${fix}`,
      },
      {
        property: "restoreTo",
        reason: `restoreTo of ZoneAcnsBinding has an unknown field "extra"; ${fix}`,
      },
    ]);
    // nsSet omitted is set 1, as Cloudflare reads custom.account without ns_set: here the binding's own.
    const ownSet =
      'restoreTo {"type":"custom.account","nsSet":1} cannot be used: it is the zone\'s own set (ns_set 1), and ' +
      "restoreTo says where the zone goes when it leaves that set; name another set, or " +
      '{type: "cloudflare.standard"}, or leave restoreTo out';
    expect(await reasons({ type: "custom.account" })).toEqual([{ property: "restoreTo", reason: ownSet }]);
    expect(await reasons({ type: "custom.account", nsSet: 1 })).toEqual([
      { property: "restoreTo", reason: ownSet },
    ]);
  });

  test("a set this program does not declare, left with fewer than 2 names: moving a zone onto it is refused, a zone already on it is warned about", async () => {
    // Deleting a name of a set in use is allowed (Cloudflare then stops listing the set).
    emulator.store.deleteNameserver(ACCOUNT, "ns2.acme-dns.example");
    expect((await provider.check?.({}, { zoneId: ZONES["example.net"], nsSet: 3 }))?.failures).toEqual([
      {
        property: "nsSet",
        reason:
          `nsSet: set 3 of account ${ACCOUNT} holds only "ns1.acme-dns.example"; Cloudflare puts no zone on a set ` +
          `of fewer than 2 names ("Custom Nameserver set doesn't exist"); declare set 3 with 2-5 names (an ` +
          "AccountNameserverSet) in this program, or put the zone on another set",
      },
    ]);
    const captured = runtime.captureWarnings();
    try {
      const onIt = await provider.check?.({}, { zoneId: ZONES["shop.eu.example.com"], nsSet: 3 });
      expect(onIt?.failures).toBeUndefined();
    } finally {
      captured.restore();
    }
    expect(captured.warnings).toEqual([
      `ZoneAcnsBinding: zone "shop.eu.example.com" is on set 3 of account ${ACCOUNT}, which holds only ` +
        '"ns1.acme-dns.example": resolvers following its delegation reach fewer than 2 nameservers; declare set 3 ' +
        "with 2-5 names (an AccountNameserverSet) in this program, or put the zone on another set",
    ]);
  });

  test("a set this program declares is judged by its declared names, not by what the account holds now", async () => {
    emulator.store.deleteNameserver(ACCOUNT, "ns2.acme-dns.example");
    await setProvider.check?.({}, { accountId: ACCOUNT, nsSet: 3, nameservers: SET3 });
    expect(
      (await provider.check?.({}, { zoneId: ZONES["example.net"], nsSet: 3 }))?.failures,
    ).toBeUndefined();
  });

  test("a zone whose parent already sits on the set is refused, naming both and the free sets", async () => {
    const result = await provider.check?.({}, { zoneId: ZONES["eu.example.com"], nsSet: 1 });
    expect(result?.failures).toEqual([
      {
        property: "nsSet",
        reason:
          'nsSet: zone "eu.example.com" and its parent "example.com" both use ns_set 1; zones on one ' +
          'ancestor/descendant chain must use different sets; give "eu.example.com" another set (2, 4 and 5 are ' +
          'free on its chain); if this program moves "example.com" to another set in the same update, list that ' +
          "ZoneAcnsBinding in this one's dependsOn so its move runs first (AccountCustomNameservers orders its own " +
          "bindings), or apply that move in an earlier update",
      },
    ]);
  });

  test("a zone whose descendant sits on the set is refused too", async () => {
    const result = await provider.check?.({}, { zoneId: ZONES["example.com"], nsSet: 3 });
    expect(result?.failures?.map((f) => f.reason)).toEqual([
      'nsSet: zone "example.com" and its descendant "shop.eu.example.com" both use ns_set 3; zones on one ' +
        'ancestor/descendant chain must use different sets; give "example.com" another set (1, 4 and 5 are free ' +
        'on its chain); if this program moves "shop.eu.example.com" to another set in the same update, list that ' +
        "ZoneAcnsBinding in this one's dependsOn so its move runs first (AccountCustomNameservers orders its own " +
        "bindings), or apply that move in an earlier update",
    ]);
  });

  test("sets this program's other bindings declare count over what the account has now", async () => {
    // The program declares set 4; example.com moves from set 1 to set 4: its child may then take set 1.
    await setProvider.check?.(
      {},
      { accountId: ACCOUNT, nsSet: 4, nameservers: ["ns7.example.net", "ns8.example.net"] },
    );
    await checked({ zoneId: ZONES["example.com"], nsSet: 4 });
    await checked({ zoneId: ZONES["eu.example.com"], nsSet: 1 });
    // ...and another binding of this program putting a child on set 4 collides with that plan.
    const result = await provider.check?.({}, { zoneId: ZONES["us.example.com"], nsSet: 4 });
    expect(result?.failures?.map((f) => f.reason)).toEqual([
      'nsSet: zone "us.example.com" and its parent "example.com" both use ns_set 4; zones on one ' +
        'ancestor/descendant chain must use different sets; give "us.example.com" another set (1, 2, 3 and 5 are free ' +
        'on its chain); "example.com" is put on ns_set 4 by another ZoneAcnsBinding of this program',
    ]);
  });

  test("the account's zones are listed once per process, and each chain zone read once", async () => {
    await checked({ zoneId: ZONES["us.example.com"], nsSet: 3 });
    await checked({ zoneId: ZONES["us.example.com"], nsSet: 2 });
    await checked({ zoneId: ZONES["example.net"], nsSet: 1 });
    // The first zone by id, the others from the account's listing; settings: each checked zone's
    // own (what diff compares with) and the chain zone example.com; the account's names once (is
    // the set a zone moves onto still 2 names or more?).
    expect(countRequests(emulator)).toEqual({
      "GET /zones/{zone_id}": 1,
      "GET /zones": 1,
      "GET /zones/{zone_id}/dns_settings": 3,
      "GET /accounts/{account_id}/custom_ns": 1,
    });
  });

  test("checks arriving at once (the engine checks a whole stack together) read one zone and its account's listing", async () => {
    const bindings: [string, number][] = [
      [ZONES["example.net"], 1],
      [ZONES["example.com"], 1],
      [ZONES["us.example.com"], 2],
      [ZONES["eu.example.com"], 2],
    ];
    const results = await Promise.all(
      bindings.map(([zoneId, nsSet]) => provider.check?.({}, { zoneId, nsSet })),
    );
    expect(results.map((r) => r?.failures ?? [])).toEqual([[], [], [], []]);
    const counts = countRequests(emulator);
    expect([counts["GET /zones/{zone_id}"], counts["GET /zones"]]).toEqual([1, 1]);
  });

  test("inputs: id, set and name problems with the fix; a name that does not match the zone", async () => {
    const bad = await provider.check?.({}, { zoneId: "nope", nsSet: 0, zoneName: "a..b" });
    expect(bad?.failures).toEqual([
      {
        property: "zoneId",
        reason:
          'zoneId of ZoneAcnsBinding must be a Cloudflare id (32 lowercase hex characters), got "nope" (a ' +
          "string); copy it from the Cloudflare dashboard or API",
      },
      {
        property: "nsSet",
        reason:
          "nsSet of ZoneAcnsBinding is 0, which is outside 1-5; Cloudflare numbers sets 1 to 5; use a set number " +
          "from 1 to 5",
      },
      {
        property: "zoneName",
        reason:
          'zoneName "a..b" is not a valid zone name: it has an empty label (a leading dot or two dots in a row); remove the extra dot',
      },
    ]);
    const mismatch = await provider.check?.({}, { zoneId: ZONES["example.net"], zoneName: "example.org" });
    expect(mismatch?.failures).toEqual([
      {
        property: "zoneName",
        reason: `zoneName "example.org" does not match zone ${ZONES["example.net"]}, which is "example.net"; write "example.net", or leave zoneName out`,
      },
    ]);
    const missing = await provider.check?.({}, { zoneId: "ffffffffffffffffffffffffffffffff" });
    expect(missing?.failures?.map((f) => f.property)).toEqual(["zoneId"]);
  });

  test("setNameservers: a value that is not a list of hostnames is refused, naming the property", async () => {
    const zoneId = ZONES["example.net"];
    const notList = await provider.check?.({}, { zoneId, nsSet: 1, setNameservers: "ns1.example.net" });
    expect(notList?.failures).toEqual([
      {
        property: "setNameservers",
        reason:
          'setNameservers of ZoneAcnsBinding must be a list, got "ns1.example.net" (a string); write the ' +
          "AccountNameserverSet's nameservers output, or leave setNameservers out",
      },
    ]);
    const badItems = await provider.check?.(
      {},
      { zoneId, nsSet: 1, setNameservers: ["ns1.example.net", 7, "a..b"] },
    );
    expect(badItems?.failures).toEqual([
      {
        property: "setNameservers",
        reason:
          "setNameservers[1] of ZoneAcnsBinding must be a string, got 7 (a number); write the " +
          "AccountNameserverSet's nameservers output, or leave setNameservers out",
      },
      {
        property: "setNameservers",
        reason:
          'setNameservers[2]: nameserver "a..b" is not a valid hostname: it has an empty label (a leading dot ' +
          "or two dots in a row); remove the extra dot",
      },
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("unknown inputs during preview cost no API call", async () => {
    expect(await provider.check?.({}, { zoneId: UNKNOWN_VALUE, nsSet: 2 })).toEqual({
      inputs: { zoneId: UNKNOWN_VALUE, nsSet: 2 },
    });
    expect(await provider.check?.({}, { zoneId: ZONES["example.net"], nsSet: UNKNOWN_VALUE })).toEqual({
      inputs: { zoneId: ZONES["example.net"], nsSet: UNKNOWN_VALUE },
    });
    expect(countRequests(emulator)).toEqual({});
  });
});

test("no token appears in outputs, state or errors", async () => {
  const zoneId = ZONES["example.net"];
  const created = await provider.create(await checked({ zoneId, nsSet: 1 }));
  const read = await provider.read?.(zoneId, created.outs);
  await configure({ "cloudflare-acns:maxAttempts": "1" });
  emulator.store.faults.add({
    method: "PATCH",
    path: "/zones/*/dns_settings",
    action: { kind: "fail", status: 500 },
  });
  const err = await catchError(
    provider.update?.(zoneId, created.outs, { zoneId, nsSet: 3 }) ?? Promise.resolve(),
  );
  expect(JSON.stringify([created, read, err.message, err.stack])).not.toContain(TOKEN);
});
