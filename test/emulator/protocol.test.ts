import { routes, type Exchange } from "../../provider/emulator";
import { findSpecViolation, listSpecOperations, useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, failure, zoneId } from "./fixtures";

const emu = useEmulator();

describe("the v4 envelope and routing", () => {
  it.each([
    ["GET", "/client/v4/accounts"],
    ["POST", `/client/v4/zones/${zoneId("example.com")}/custom_ns`],
    ["GET", `/client/v4/accounts/${ACME}/custom_ns/ns1.example.net`],
    ["DELETE", "/client/v4/zones"],
    ["GET", "/client/v4"],
    ["GET", "/v4/zones"],
  ])("answers 404 with code 7003 naming %s %s, without asking for credentials", async (method, path) => {
    const response = await fetch(`${emu.url.replace("/client/v4", "")}${path}`, { method });
    expect([response.status, response.headers.get("content-type"), await response.json()]).toEqual([
      404,
      "application/json",
      failure({ code: 7003, message: `No route for the URI: ${method} ${path}` }),
    ]);
  });

  it("answers 400 with code 6007 to malformed JSON", async () => {
    const answer = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`, {
      rawBody: '{"ns_name": "ns5.example.net",',
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({ code: 6007, message: "Malformed JSON in request body" }),
    ]);
  });

  it("answers 413 to a body over 1 MiB", async () => {
    const answer = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`, {
      body: { ns_name: "ns5.example.net", padding: "x".repeat(1024 * 1024) },
    });
    expect([answer.status, answer.body]).toEqual([
      413,
      failure({ code: 1198, message: "request body over 1048576 bytes" }),
    ]);
  });

  it("ignores unknown body fields, as Cloudflare does", async () => {
    const answer = await callApi(emu.url, "POST", `/accounts/${ACME}/custom_ns`, {
      body: { ns_name: "ns5.example.net", ns_set: 4, comment: "extra" },
    });
    expect(answer.status).toBe(200);
  });
});

describe("conformance with the spec bundle", () => {
  it("serves every operation of the spec bundle, under the bundle's own path templates", () => {
    const served = routes.map((r) => `${r.method} ${r.template}`);
    expect(listSpecOperations().filter((op) => !served.includes(op))).toEqual([]);
  });

  it("answers every route once with success and once with failure", async () => {
    const cf = emu.client();
    const eu = zoneId("eu.example.com");
    await cf.customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    await cf.customNameservers.get({ account_id: ACME });
    await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns/availability`);
    await cf.customNameservers.delete("ns5.example.net", { account_id: ACME });
    await cf.zones.customNameservers.get({ zone_id: eu });
    await cf.zones.customNameservers.update({ zone_id: eu, enabled: true, ns_set: 2 });
    await cf.accounts.get({ account_id: ACME });
    await cf.accounts.update({ account_id: ACME, id: ACME, name: "Acme", type: "enterprise" });
    await cf.dns.settings.zone.get({ zone_id: eu });
    await cf.dns.settings.zone.edit({ zone_id: eu, nameservers: { type: "custom.account", ns_set: 2 } });
    await cf.dns.settings.account.get({ account_id: ACME });
    await cf.dns.settings.account.edit({
      account_id: ACME,
      zone_defaults: { nameservers: { type: "cloudflare.standard" } },
    });
    await cf.zones.get({ zone_id: eu });
    await cf.zones.list({ account: { id: ACME } });
    const sets = `/accounts/${ACME}/dns_settings/nameserver_sets`;
    const created = await callApi(emu.url, "POST", sets, {
      body: { nameservers: [{ name: "ns1.sets.example" }, { name: "ns2.sets.example" }] },
    });
    const setId = (created.body as { result: { id: string } }).result.id;
    await callApi(emu.url, "GET", sets);
    await callApi(emu.url, "GET", `${sets}/${setId}`);
    await callApi(emu.url, "DELETE", `${sets}/${setId}`);
    const missing = "0123456789abcdef0123456789abcdef";
    for (const route of routes) {
      const path = route.template
        .replace("{account_id}", missing)
        .replace("{zone_id}", missing)
        .replace("{custom_ns_id}", "ns1.example.net")
        .replace("{nameserver_set_id}", missing);
      await callApi(emu.url, route.method, path, {
        body: route.method === "GET" ? undefined : {},
        token: route.template === "/zones" ? null : undefined,
      });
    }
  });

  it("validated a success and a failure of every route in the tests above", () => {
    const covered = routes.map((r) => {
      const statuses = emu.validatedRoutes.get(`${r.method} ${r.template}`) ?? new Set<number>();
      return [`${r.method} ${r.template}`, statuses.has(200), [...statuses].some((s) => s >= 400)];
    });
    expect(covered.filter(([, ok, failed]) => !ok || !failed)).toEqual([]);
  });
});

describe("the spec check itself", () => {
  const base: Exchange = {
    method: "POST",
    path: `/accounts/${ACME}/custom_ns`,
    route: "POST /accounts/{account_id}/custom_ns",
    status: 200,
    requestBody: { ns_name: "ns5.example.net", ns_set: 1 },
    responseBody: {
      success: true,
      errors: [],
      messages: [],
      result: { ns_name: "ns5.example.net", ns_set: 1, dns_records: [], status: "pending", zone_tag: "" },
    },
    responseHeaders: {},
    injectedBody: false,
  };

  it("accepts a conforming answer", () => {
    expect(findSpecViolation(base)).toBeUndefined();
  });

  it("catches a success body that lacks a required field", () => {
    const broken = {
      ...base,
      responseBody: { success: true, errors: [], messages: [], result: { ns_name: "ns5.example.net" } },
    };
    expect(findSpecViolation(broken)).toContain("must have required property 'dns_records'");
  });

  it("catches an error code below 1000, except Cloudflare's rate-limit code 971", () => {
    const broken = { ...base, status: 400, responseBody: failure({ code: 999, message: "nope" }) };
    expect(findSpecViolation(broken)).toContain("must be >= 1000");
    // The bundle allows 971 (a note cites the evidence): Cloudflare answers a 429 with it.
    const limited = { ...base, status: 429, responseBody: failure({ code: 971, message: "slow down" }) };
    expect(findSpecViolation(limited)).toBeUndefined();
  });

  it("catches an accepted request body the spec rejects", () => {
    const lax = { ...base, requestBody: { ns_name: "ns5.example.net", ns_set: 9 } };
    expect(findSpecViolation(lax)).toContain("accepted a request body the spec rejects");
  });

  it("skips injected bodies and dropped connections", () => {
    expect(
      findSpecViolation({ ...base, status: 502, responseBody: "<html>", injectedBody: true }),
    ).toBeUndefined();
    expect(findSpecViolation({ ...base, status: null, responseBody: undefined })).toBeUndefined();
  });
});
