/**
 * The component's live read against the emulator's seed: what it reads, in how many requests, and
 * the order the planner makes of finding 4 from it.
 */
import { createApiLiveStateReader } from "../../provider/component/live-state";
import { formatTransitionStep, planAcnsTransition } from "../../provider/core";
import { useEmulator } from "../helpers/use-emulator";
import { ACME } from "../emulator/fixtures";

const emu = useEmulator();

function read(zones: string[]): ReturnType<ReturnType<typeof createApiLiveStateReader>> {
  return createApiLiveStateReader({
    baseUrl: emu.url,
    apiToken: "acns-demo-token",
    env: {},
    requestsPerSecond: 1000,
    burst: 1000,
  })({ accountId: ACME, zones });
}

test("one read: the sets, the zones that matter and the default, in 2 + 1 page + 6 zone settings requests", async () => {
  const live = await read(["example.com", "eu.example.com"]);
  const zones = [...(live?.zones ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  expect(live === undefined ? live : { ...live, zones }).toEqual({
    sets: [
      { nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] },
      { nsSet: 2, nameservers: ["ns3.example.net", "ns4.example.net"] },
      { nsSet: 3, nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"] },
    ],
    // Zones whose settings were not read (nothing points them at the account's names) count as off.
    zones: [
      { name: "1.10.in-addr.arpa", nsSet: 2 },
      { name: "10.in-addr.arpa", nsSet: 1 },
      { name: "8.b.d.0.1.0.0.2.ip6.arpa", nsSet: null },
      { name: "eu.example.com", nsSet: 2 },
      { name: "example.com", nsSet: 1 },
      { name: "example.net", nsSet: null },
      { name: "shop.eu.example.com", nsSet: 3 },
      { name: "us.example.com", nsSet: 2 },
      { name: "xn--bcher-kva.example", nsSet: null },
    ],
    defaultNameservers: "cloudflare.standard",
  });
  expect(emu.exchanges.map((e) => e.route)).toEqual([
    "GET /accounts/{account_id}/custom_ns",
    "GET /accounts/{account_id}/dns_settings",
    "GET /zones",
    ...Array.from({ length: 6 }, () => "GET /zones/{zone_id}/dns_settings"),
  ]);
});

test("finding 4 on the seed: the apex moves to the new set 4 before eu.example.com moves onto set 1", async () => {
  const live = await read(["example.com", "eu.example.com"]);
  if (live === undefined) throw new Error("no live state");
  const plan = planAcnsTransition(live, {
    sets: [...live.sets, { nsSet: 4, nameservers: ["ns1.basic-dns.example", "ns2.basic-dns.example"] }],
    zones: [
      { name: "example.com", nsSet: 4 },
      { name: "eu.example.com", nsSet: 1 },
    ],
    undeclaredSets: "keep",
  });
  expect(plan.ok ? plan.steps.map(formatTransitionStep) : plan).toEqual([
    'set 4: add "ns1.basic-dns.example" and "ns2.basic-dns.example"',
    'zone "example.com": set 1 -> 4',
    'zone "eu.example.com": set 2 -> 1',
  ]);
});
