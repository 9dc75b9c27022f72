import {
  createAcnsClient,
  listLiveZoneFacts,
  readAccountState,
  ReadInterruptedError,
  toObservedAccount,
  type AccountStateProgress,
} from "../../provider/client";
import { ACME, TOKEN, zoneId } from "../emulator/fixtures";
import { useEmulator } from "../helpers/use-emulator";

const emulator = useEmulator();

function makeClient() {
  return createAcnsClient({
    baseUrl: emulator.url,
    apiToken: TOKEN,
    requestsPerSecond: 1000,
    sharePacing: false,
  });
}

/** Zones whose dns_settings the current test read, by name. */
function listReadZones(): string[] {
  const names = new Map(
    [
      "example.com",
      "eu.example.com",
      "shop.eu.example.com",
      "us.example.com",
      "example.net",
      "10.in-addr.arpa",
      "1.10.in-addr.arpa",
      "8.b.d.0.1.0.0.2.ip6.arpa",
      "xn--bcher-kva.example",
    ].map((n) => [zoneId(n), n]),
  );
  return emulator.exchanges
    .map((x) => /^\/zones\/([0-9a-f]{32})\/dns_settings$/.exec(x.path)?.[1])
    .flatMap((id) => (id === undefined ? [] : [names.get(id) ?? id]))
    .sort();
}

const ON_ACNS = [
  "10.in-addr.arpa",
  "1.10.in-addr.arpa",
  "eu.example.com",
  "example.com",
  "shop.eu.example.com",
  "us.example.com",
];

describe("readAccountState", () => {
  it('"acns" reads the zones served by custom names, and the listed zones with their chains', async () => {
    const progress: AccountStateProgress[] = [];
    const state = await readAccountState(makeClient(), {
      accountId: ACME,
      zones: ["A.Example.NET."],
      onProgress: (p) => progress.push(p),
    });
    // example.net is off ACNS but sits above the listed a.example.net: read for the chain.
    expect(listReadZones()).toEqual([...ON_ACNS, "example.net"].sort());
    expect(state.requests).toEqual({
      total: 2 + 1 + 7,
      byOperation: {
        listCustomNameservers: 1,
        getAccountDnsSettings: 1,
        listZones: 1,
        getZoneDnsSettings: 7,
      },
    });
    expect(state.defaultNameservers).toBe("cloudflare.standard");
    expect(state.nameservers.map((ns) => [ns.ns_set, ns.ns_name])).toEqual([
      [1, "ns1.example.net"],
      [1, "ns2.example.net"],
      [2, "ns3.example.net"],
      [2, "ns4.example.net"],
      [3, "ns1.acme-dns.example"],
      [3, "ns2.acme-dns.example"],
    ]);
    expect(progress.map((p) => `${p.phase} ${p.done}/${p.total ?? "?"}`)).toEqual([
      "custom-nameservers 0/1",
      "account-settings 0/1",
      "zones 0/?",
      "zones 9/9",
      ...Array.from({ length: 8 }, (_, i) => `zone-settings ${i}/7`),
    ]);
    expect(listLiveZoneFacts(state).map((z) => [z.name, z.nsSet])).toEqual(
      expect.arrayContaining([
        ["example.com", 1],
        ["eu.example.com", 2],
        ["shop.eu.example.com", 3],
        ["us.example.com", 2],
        ["10.in-addr.arpa", 1],
        ["1.10.in-addr.arpa", 2],
        ["example.net", null],
        ["8.b.d.0.1.0.0.2.ip6.arpa", null],
        ["xn--bcher-kva.example", null],
      ]),
    );
    expect(listLiveZoneFacts(state)).toHaveLength(9);
  });

  it('"listed" reads only the listed zones; "all" reads every zone', async () => {
    const listed = await readAccountState(makeClient(), {
      accountId: ACME,
      zones: ["example.net", "EU.example.com."],
      zoneDetail: "listed",
    });
    expect(listReadZones()).toEqual(["eu.example.com", "example.net"]);
    expect(toObservedAccount(listed).zones).toEqual(
      [
        { zoneId: zoneId("eu.example.com"), name: "eu.example.com", type: "custom.account", nsSet: 2 },
        { zoneId: zoneId("example.net"), name: "example.net", type: "cloudflare.standard", nsSet: null },
      ].sort(
        (a, b) =>
          listed.zones.findIndex((z) => z.id === a.zoneId) - listed.zones.findIndex((z) => z.id === b.zoneId),
      ),
    );
    expect(() => listLiveZoneFacts(listed)).toThrow(
      'listLiveZoneFacts: a "listed" read knows only the listed zones; read the account with zoneDetail "acns" or "all"',
    );
    const all = await readAccountState(makeClient(), { accountId: ACME, zoneDetail: "all" });
    expect(all.requests.byOperation.getZoneDnsSettings).toBe(9);
  });

  it("stops starting zone reads after the first failure, and throws it", async () => {
    emulator.store.faults.add({
      method: "GET",
      path: "/zones/*/dns_settings",
      action: { kind: "fail", status: 403 },
    });
    await expect(
      readAccountState(makeClient(), { accountId: ACME, zoneDetail: "all" }),
    ).rejects.toMatchObject({
      name: "CloudflareApiError",
      status: 403,
    });
    // At most the reads already under way when the first one failed (4 at a time) were sent.
    const reads = emulator.exchanges.filter(
      (x) => x.path.endsWith("/dns_settings") && x.path.startsWith("/zones/"),
    );
    expect(reads.length).toBeLessThanOrEqual(4);
  });

  it("after an abort during the zone settings, returns what was read and which zones were not", async () => {
    emulator.store.faults.add({
      method: "GET",
      path: `/zones/${zoneId("us.example.com")}/dns_settings`,
      action: { kind: "latency", ms: 3000 },
    });
    const controller = new AbortController();
    const started = Date.now();
    const state = await readAccountState(makeClient(), {
      accountId: ACME,
      zones: ["example.com", "eu.example.com", "us.example.com"],
      zoneDetail: "listed",
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === "zone-settings" && p.done === 2) controller.abort();
      },
    });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(state.interrupted).toEqual({
      zonesRead: 2,
      zonesToRead: 3,
      unreadZoneIds: [zoneId("us.example.com")],
    });
    expect(
      toObservedAccount(state)
        .zones.map((z) => z.name)
        .sort(),
    ).toEqual(["eu.example.com", "example.com"]);
    const facts = listLiveZoneFacts({ ...state, zoneDetail: "acns" });
    expect(facts.map((z) => z.name)).not.toContain("us.example.com");
    expect(facts).toHaveLength(8);
  });

  it("throws ReadInterruptedError when aborted before the zones are listed, sending nothing more", async () => {
    const controller = new AbortController();
    await expect(
      readAccountState(makeClient(), {
        accountId: ACME,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === "account-settings") controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(ReadInterruptedError);
    // (The previous test's slow zone read may still land in the log: only account routes are this read's.)
    expect(emulator.exchanges.filter((x) => x.path.startsWith("/accounts/")).map((x) => x.path)).toEqual([
      `/accounts/${ACME}/custom_ns`,
    ]);
  });
});
