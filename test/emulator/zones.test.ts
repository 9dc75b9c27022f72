import { useEmulator } from "../helpers/use-emulator";
import { ACME, API_KEY, callApi, catchApiError, failure, SMALL, SMALL_TOKEN, zoneId } from "./fixtures";

const emu = useEmulator();

describe("GET /zones/{zone_id}", () => {
  it("shows a zone on ACNS with its set's names as name_servers", async () => {
    const zone = await emu.client().zones.get({ zone_id: zoneId("eu.example.com") });
    expect([zone.id, zone.name, zone.status, zone.account, zone.name_servers]).toEqual([
      zoneId("eu.example.com"),
      "eu.example.com",
      "active",
      { id: ACME, name: "Acme Corp (ACNS entitled)" },
      ["ns3.example.net", "ns4.example.net"],
    ]);
  });

  it("gives zones off ACNS the account's pair of standard Cloudflare names", async () => {
    const cf = emu.client({ apiKey: API_KEY });
    expect((await cf.zones.get({ zone_id: zoneId("example.net") })).name_servers).toEqual([
      "nash.ns.cloudflare.com",
      "cora.ns.cloudflare.com",
    ]);
    expect((await cf.zones.get({ zone_id: zoneId("xn--bcher-kva.example") })).name_servers).toEqual([
      "nash.ns.cloudflare.com",
      "cora.ns.cloudflare.com",
    ]);
    expect((await cf.zones.get({ zone_id: zoneId("small-shop.example") })).name_servers).toEqual([
      "liam.ns.cloudflare.com",
      "tina.ns.cloudflare.com",
    ]);
  });

  it("answers 404 with 7003 and 7000 for a well-formed zone id that names no zone (our choice)", async () => {
    const missing = "0123456789abcdef0123456789abcdef";
    const error = await catchApiError(emu.client().zones.get({ zone_id: missing }));
    expect(error).toEqual({
      status: 404,
      errors: [
        {
          code: 7003,
          message: `Could not route to /client/v4/zones/${missing}, perhaps your object identifier is invalid?`,
        },
        { code: 7000, message: "No route for that URI" },
      ],
    });
  });

  it("answers a malformed zone id with 400, 7003 and 7000, naming the path sent", async () => {
    const answer = await callApi(emu.url, "GET", "/zones/not-an-id/dns_settings");
    expect([answer.status, answer.body]).toEqual([
      400,
      failure(
        {
          code: 7003,
          message:
            "Could not route to /client/v4/zones/not-an-id/dns_settings, perhaps your object identifier is invalid?",
        },
        { code: 7000, message: "No route for that URI" },
      ),
    ]);
  });
});

describe("GET /zones with filters and Cloudflare pagination", () => {
  it("finds one zone by account and name, as clients look zones up", async () => {
    const page = await emu.client().zones.list({ account: { id: ACME }, name: "example.com" });
    expect(page.result.map((z) => z.id)).toEqual([zoneId("example.com")]);
    expect(page.result_info).toEqual({ page: 1, per_page: 20, count: 1, total_count: 1, total_pages: 1 });
  });

  it("matches the name case-insensitively and finds nothing for an unknown name", async () => {
    expect((await emu.client().zones.list({ name: "EXAMPLE.COM" })).result.map((z) => z.name)).toEqual([
      "example.com",
    ]);
    expect((await emu.client().zones.list({ name: "nope.example" })).result).toEqual([]);
  });

  it("pages through the account's zones in name order", async () => {
    const cf = emu.client();
    const first = await cf.zones.list({ account: { id: ACME }, per_page: 5, page: 1 });
    const second = await cf.zones.list({ account: { id: ACME }, per_page: 5, page: 2 });
    expect(first.result.map((z) => z.name)).toEqual([
      "1.10.in-addr.arpa",
      "10.in-addr.arpa",
      "8.b.d.0.1.0.0.2.ip6.arpa",
      "eu.example.com",
      "example.com",
    ]);
    expect(second.result.map((z) => z.name)).toEqual([
      "example.net",
      "shop.eu.example.com",
      "us.example.com",
      "xn--bcher-kva.example",
    ]);
    expect([first.result_info, second.result_info]).toEqual([
      { page: 1, per_page: 5, count: 5, total_count: 9, total_pages: 2 },
      { page: 2, per_page: 5, count: 4, total_count: 9, total_pages: 2 },
    ]);
  });

  it("lets the SDK's auto-pagination walk every page", async () => {
    const names: string[] = [];
    for await (const zone of emu.client().zones.list({ account: { id: ACME }, per_page: 5 }))
      names.push(zone.name);
    expect(names).toHaveLength(9);
    // The SDK stops at the first empty page, so it asks for page 3 too.
    expect(emu.store.requestLog.count()).toEqual({ "GET /zones": 3 });
  });

  it("answers an empty page past the end", async () => {
    const page = await emu.client().zones.list({ account: { id: ACME }, per_page: 5, page: 3 });
    expect([page.result, page.result_info]).toEqual([
      [],
      { page: 3, per_page: 5, count: 0, total_count: 9, total_pages: 2 },
    ]);
  });

  it("lists only the zones the credentials can see", async () => {
    expect((await emu.client({ token: SMALL_TOKEN }).zones.list()).result.map((z) => z.name)).toEqual([
      "small-shop.example",
    ]);
    expect((await emu.client({ token: SMALL_TOKEN }).zones.list({ account: { id: ACME } })).result).toEqual(
      [],
    );
    expect((await emu.client({ apiKey: API_KEY }).zones.list({ per_page: 50 })).result).toHaveLength(10);
    expect(
      (await emu.client({ apiKey: API_KEY }).zones.list({ account: { id: SMALL } })).result.map(
        (z) => z.name,
      ),
    ).toEqual(["small-shop.example"]);
  });

  it.each([
    ["per_page=4", 'per_page must be at least 5; got "4"'],
    ["per_page=51", 'per_page must be at most 50; got "51"'],
    ["page=0", 'page must be at least 1; got "0"'],
    ["page=two", 'page must be a number; got "two"'],
  ])("answers 400 for %s", async (query, message) => {
    const answer = await callApi(emu.url, "GET", `/zones?${query}`);
    expect([answer.status, answer.body]).toEqual([400, failure({ code: 1101, message })]);
  });
});
