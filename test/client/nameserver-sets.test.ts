/**
 * The client's Custom Nameserver Set calls against the emulator: the lifecycle through the SDK's
 * generic request methods, pagination, pacing and retries, and idempotent create and delete when
 * an answer is lost. useEmulator() checks every exchange against the spec bundle.
 */
import {
  createAcnsClient,
  createNameserverSet,
  deleteNameserverSet,
  findCreatedNameserverSet,
  getNameserverSet,
  isCloudflareClientError,
  listNameserverSets,
  type AcnsClient,
} from "../../provider/client";
import { normaliseName } from "../../provider/core/names";
import type { NameserverSet } from "../../provider/core/custom-nameserver-sets";
import { createManualClock } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { createFakeTime } from "./fake-cloudflare";
import { ACME, SMALL, zoneId } from "../emulator/fixtures";
import { caught } from "../helpers/caught";

const SMALL_SHOP = SMALL;
const EXAMPLE_NET = zoneId("example.net");
const TOKEN = "acns-demo-token";
const CREATED_ON = "2026-12-07T12:00:00.000Z";
const FIRST_ID = "7317cade6332b72a5456b32a4a3d8319";
const SECOND_ID = "0452fcc8034715fd1548bcbf27284aa9";
const MISSING_ID = "0123456789abcdef0123456789abcdef";
const SETS_ROUTE = "/accounts/{account_id}/dns_settings/nameserver_sets";
const NAMES = [{ name: "ns1.sets.example" }, { name: "ns2.sets.example" }];

describe("Custom Nameserver Sets through the client", () => {
  const emu = useEmulator({ clock: createManualClock(Date.UTC(2026, 11, 7, 12)) });
  let sleeps: number[] = [];

  function connect(): AcnsClient {
    const time = createFakeTime();
    sleeps = time.sleeps;
    return createAcnsClient({
      baseUrl: emu.url,
      apiToken: TOKEN,
      env: {},
      requestsPerSecond: 1000,
      burst: 1000,
      clock: time.clock,
      sleep: time.sleep,
      random: () => 0.5,
    });
  }

  const log = (): (string | number | null)[][] =>
    emu.store.requestLog.list().map((r) => [r.method, r.route, r.status]);

  it("creates, lists, gets and deletes a set, sending lowercase punycode names", async () => {
    const client = connect();
    const created = await createNameserverSet(client, {
      accountId: ACME,
      nameservers: [{ name: "NS1.Bücher.example." }, { name: "ns2.sets.example", ipCount: 2 }],
      ipSet: 2,
    });
    const expected: NameserverSet = {
      id: FIRST_ID,
      created_on: CREATED_ON,
      ip_set: 2,
      advanced: false,
      nameservers: [
        { name: "ns1.xn--bcher-kva.example", ipv4: ["198.51.100.1"], ipv6: ["2001:db8:76d7:3::1"] },
        {
          name: "ns2.sets.example",
          ipv4: ["198.51.100.2", "198.51.100.3"],
          ipv6: ["2001:db8:76d7:3::2", "2001:db8:76d7:3::3"],
        },
      ],
    };
    expect(created).toEqual(expected);
    expect(await listNameserverSets(client, { accountId: ACME })).toEqual([expected]);
    expect(await getNameserverSet(client, { accountId: ACME, nameserverSetId: FIRST_ID })).toEqual(expected);
    await deleteNameserverSet(client, { accountId: ACME, nameserverSetId: FIRST_ID });
    expect(await listNameserverSets(client, { accountId: ACME })).toEqual([]);
    expect(emu.exchanges[0]?.requestBody).toEqual({
      nameservers: [{ name: "ns1.xn--bcher-kva.example" }, { name: "ns2.sets.example", ip_count: 2 }],
      ip_set: 2,
    });
    expect(client.stats().byOperation).toEqual({
      createNameserverSet: 1,
      listNameserverSets: 2,
      getNameserverSet: 1,
      deleteNameserverSet: 1,
    });
  });

  it("follows every page of the list", async () => {
    for (const prefix of ["a", "b", "c"]) {
      emu.store.createNameserverSet(ACME, {
        nameservers: [{ name: `${prefix}1.sets.example` }, { name: `${prefix}2.sets.example` }],
      });
    }
    const client = connect();
    const sets = await listNameserverSets(client, { accountId: ACME, perPage: 2 });
    expect(sets.map((s) => s.nameservers[0]?.name)).toEqual([
      "a1.sets.example",
      "b1.sets.example",
      "c1.sets.example",
    ]);
    expect(emu.exchanges.map((e) => e.path)).toEqual([
      `/accounts/${ACME}/dns_settings/nameserver_sets`,
      `/accounts/${ACME}/dns_settings/nameserver_sets`,
    ]);
    expect(client.stats().byRoute).toEqual({ [`GET ${SETS_ROUTE}`]: 2 });
  });

  it("retries a 503 after backoff, through the client's pacing and retries", async () => {
    emu.store.faults.add({
      method: "GET",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "fail", status: 503 },
    });
    const client = connect();
    expect(await listNameserverSets(client, { accountId: ACME })).toEqual([]);
    expect([sleeps, client.stats().retries]).toEqual([[375], 1]);
  });

  it("leaves exactly one set when a create's answer is lost after the commit", async () => {
    emu.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "drop", when: "after-commit" },
    });
    const client = connect();
    const created = await createNameserverSet(client, { accountId: ACME, nameservers: NAMES });
    expect(created.id).toBe(FIRST_ID);
    expect(emu.store.nameserverSets.list(ACME).map((s) => s.id)).toEqual([FIRST_ID]);
    expect(log()).toEqual([
      ["POST", `POST ${SETS_ROUTE}`, null],
      ["GET", `GET ${SETS_ROUTE}`, 200],
    ]);
  });

  it("does not take a set that existed before the call for its own, when told its id", async () => {
    const before = emu.store.createNameserverSet(ACME, { nameservers: NAMES });
    emu.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "drop", when: "before-commit" },
    });
    const client = connect();
    const created = await createNameserverSet(client, {
      accountId: ACME,
      nameservers: NAMES,
      existingIds: [before.id],
    });
    expect([created.id, emu.store.nameserverSets.list(ACME).map((s) => s.id)]).toEqual([
      SECOND_ID,
      [FIRST_ID, SECOND_ID],
    ]);
    expect(log()).toEqual([
      ["POST", `POST ${SETS_ROUTE}`, null],
      ["GET", `GET ${SETS_ROUTE}`, 200],
      ["POST", `POST ${SETS_ROUTE}`, 200],
    ]);
  });

  it("treats a delete whose answer is lost after the commit as done", async () => {
    emu.store.createNameserverSet(ACME, { nameservers: NAMES });
    emu.store.faults.add({
      method: "DELETE",
      path: "/accounts/*/dns_settings/nameserver_sets/*",
      action: { kind: "drop", when: "after-commit" },
    });
    const client = connect();
    await deleteNameserverSet(client, { accountId: ACME, nameserverSetId: FIRST_ID });
    expect(emu.store.nameserverSets.list(ACME)).toEqual([]);
    expect(log()).toEqual([
      ["DELETE", `DELETE ${SETS_ROUTE}/{nameserver_set_id}`, null],
      ["GET", `GET ${SETS_ROUTE}/{nameserver_set_id}`, 404],
    ]);
  });

  it("throws a first-attempt refusal (a set in use, a missing set, another account's sets) with the codes", async () => {
    const client = connect();
    emu.store.createNameserverSet(ACME, { nameservers: NAMES });
    await emu.client().dns.settings.zone.edit({
      zone_id: EXAMPLE_NET,
      nameservers: { type: "custom", nameserver_set_id: FIRST_ID },
    });
    const inUse = await caught(deleteNameserverSet(client, { accountId: ACME, nameserverSetId: FIRST_ID }));
    const missing = await caught(getNameserverSet(client, { accountId: ACME, nameserverSetId: MISSING_ID }));
    const foreign = await caught(listNameserverSets(client, { accountId: SMALL_SHOP }));
    expect([inUse.status, inUse.cloudflareCodes, inUse.attempts, inUse.message]).toEqual([
      400,
      [1122],
      1,
      `delete Custom Nameserver Set ${FIRST_ID} of account ${ACME} failed after 1 attempt: DELETE /accounts/${ACME}/dns_settings/nameserver_sets/${FIRST_ID} answered HTTP 400 with Cloudflare error 1122 "cannot delete Custom Nameserver Set ${FIRST_ID}: 1 zone uses it (example.net); only an unassigned set can be deleted, so move those zones to another set first"; correct the request as Cloudflare's message says`,
    ]);
    expect([missing.status, missing.cloudflareCodes, foreign.status, foreign.cloudflareCodes]).toEqual([
      404,
      [1121],
      403,
      [10000],
    ]);
  });

  it("refuses arguments it cannot send, before any request", async () => {
    const client = connect();
    const refusals = await Promise.all(
      [
        createNameserverSet(client, { accountId: ACME, nameservers: [] }),
        getNameserverSet(client, { accountId: ACME, nameserverSetId: "../x" }),
        listNameserverSets(client, { accountId: "acme" }),
        listNameserverSets(client, { accountId: ACME, perPage: 0 }),
      ].map((p) =>
        p.then(
          () => "sent",
          (err: unknown) => (isCloudflareClientError(err) ? `${err.field}: ${err.message}` : String(err)),
        ),
      ),
    );
    expect(refusals).toEqual([
      'nameservers: a Custom Nameserver Set needs names; give at least two, e.g. [{name: "ns1.example.com"}, {name: "ns2.example.com"}]',
      'nameserverSetId: nameserverSetId "../x" is not a Custom Nameserver Set id; give the 32-character id the create or the list answered',
      'accountId: accountId "acme" is not a Cloudflare id: it must be 32 lowercase hex characters; copy it from the Cloudflare dashboard or API',
      "perPage: perPage must be a whole number from 1 to 5000000, got 0; use e.g. 50",
    ]);
    expect(emu.store.requestLog.list()).toEqual([]);
  });
});

describe("findCreatedNameserverSet", () => {
  const set = (
    id: string,
    createdOn: string,
    names: string[],
    extra: Partial<NameserverSet> = {},
  ): NameserverSet =>
    ({
      id,
      created_on: createdOn,
      ip_set: 1,
      advanced: false,
      nameservers: names.map((name) => ({ name, ipv4: ["192.0.2.1"], ipv6: ["2001:db8::1"] })),
      ...extra,
    }) as NameserverSet;
  const body = { nameservers: [{ name: "ns1.a.example" }, { name: "ns2.a.example" }] };

  it.each([
    [
      "the newest of two matches",
      [
        set("1".repeat(32), "2026-01-01T00:00:00Z", ["ns1.a.example", "ns2.a.example"]),
        set("2".repeat(32), "2026-02-01T00:00:00Z", ["ns1.a.example", "ns2.a.example"]),
      ],
      "2".repeat(32),
    ],
    [
      "none when the names differ in order",
      [set("1".repeat(32), "2026-01-01T00:00:00Z", ["ns2.a.example", "ns1.a.example"])],
      undefined,
    ],
    [
      "none when advanced differs",
      [
        set("1".repeat(32), "2026-01-01T00:00:00Z", ["ns1.a.example", "ns2.a.example"], {
          advanced: true,
        } as Partial<NameserverSet>),
      ],
      undefined,
    ],
  ])("finds %s", (_what, sets, id) => {
    expect(findCreatedNameserverSet(sets, body)?.id).toBe(id);
  });

  it("skips existing ids, and compares ip_set and ip_count only where the request gave them", () => {
    const sets = [set("1".repeat(32), "2026-01-01T00:00:00Z", ["ns1.a.example", "ns2.a.example"])];
    expect([
      findCreatedNameserverSet(sets, body, new Set(["1".repeat(32)]))?.id,
      findCreatedNameserverSet(sets, { ...body, ip_set: 2 })?.id,
      findCreatedNameserverSet(sets, {
        nameservers: [{ name: "ns1.a.example", ip_count: 2 }, { name: "ns2.a.example" }],
      })?.id,
      findCreatedNameserverSet(sets, { ...body, ip_set: 1 })?.id,
    ]).toEqual([undefined, undefined, undefined, "1".repeat(32)]);
  });

  it("normalises names as the create sends them (core's normaliseName)", () => {
    expect(normaliseName(" NS1.Bücher.Example. ")).toBe("ns1.xn--bcher-kva.example");
  });
});
