import { useEmulator } from "../helpers/use-emulator";
import {
  ACME,
  API_KEY,
  callApi,
  catchApiError,
  failure,
  READONLY_TOKEN,
  SMALL,
  SMALL_TOKEN,
  TOKEN,
  zoneId,
} from "./fixtures";

const emu = useEmulator();

// Cloudflare's 403 since 2026-08: "Forbidden" with a documentation_url (the URL is our choice).
const AUTHENTICATION_ERROR = {
  success: false,
  errors: [
    {
      code: 10000,
      message: "Forbidden",
      documentation_url: "https://developers.cloudflare.com/fundamentals/api/",
    },
  ],
  messages: [],
  result: null,
};
const EU = zoneId("eu.example.com");

// Every route of the emulated API, with a request that needs access to ACME's resources. Every row
// has three entries: jest would pass its `done` callback in place of a missing one.
const ACME_REQUESTS: [string, string, unknown?][] = [
  ["POST", `/accounts/${ACME}/custom_ns`, { ns_name: "ns9.example.net" }],
  ["GET", `/accounts/${ACME}/custom_ns`, undefined],
  ["GET", `/accounts/${ACME}/custom_ns/availability`, undefined],
  ["DELETE", `/accounts/${ACME}/custom_ns/ns1.example.net`, undefined],
  ["GET", `/zones/${EU}/custom_ns`, undefined],
  ["PUT", `/zones/${EU}/custom_ns`, { enabled: false }],
  ["GET", `/accounts/${ACME}`, undefined],
  ["PUT", `/accounts/${ACME}`, { id: ACME, name: "Taken over", type: "enterprise" }],
  ["GET", `/zones/${EU}/dns_settings`, undefined],
  ["PATCH", `/zones/${EU}/dns_settings`, { nameservers: { type: "cloudflare.standard" } }],
  ["GET", `/accounts/${ACME}/dns_settings`, undefined],
  ["PATCH", `/accounts/${ACME}/dns_settings`, { zone_defaults: { nameservers: { type: "custom.account" } } }],
  ["GET", `/zones/${EU}`, undefined],
];

describe("credentials", () => {
  it("answers 400 with code 9106 when no credentials are sent", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`, { token: null });
    expect([answer.status, answer.body]).toEqual([
      400,
      failure({ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }),
    ]);
    expect(answer.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("answers 400 with code 9106 for an email without a key", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`, {
      token: null,
      headers: { "X-Auth-Email": API_KEY.email },
    });
    expect(answer.body).toEqual(
      failure({ code: 9106, message: "Missing X-Auth-Key, X-Auth-Email or Authorization headers" }),
    );
  });

  it("answers 400 with code 6003 and error_chain 6111 for an Authorization header that is not a bearer token", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`, {
      token: null,
      headers: { Authorization: TOKEN },
    });
    expect([answer.status, answer.body]).toEqual([
      400,
      {
        success: false,
        errors: [
          {
            code: 6003,
            message: "Invalid request headers",
            error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
          },
        ],
        messages: [],
        result: null,
      },
    ]);
  });

  it('answers 403 with code 1000 "Invalid API Token" for an unknown token, and never echoes it', async () => {
    const error = await catchApiError(
      emu.client({ token: "not-a-real-token" }).customNameservers.get({ account_id: ACME }),
    );
    expect(error).toEqual({ status: 403, errors: [{ code: 1000, message: "Invalid API Token" }] });
    expect(JSON.stringify(emu.store.requestLog.list())).not.toContain("not-a-real-token");
  });

  it("answers 403 with code 9103 for a wrong global API key", async () => {
    const error = await catchApiError(
      emu
        .client({ apiKey: { email: API_KEY.email, key: "wrong" } })
        .customNameservers.get({ account_id: ACME }),
    );
    expect(error).toEqual({
      status: 403,
      errors: [{ code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" }],
    });
  });

  it("accepts X-Auth-Email + X-Auth-Key on every account the key can reach", async () => {
    const cf = emu.client({ apiKey: API_KEY });
    expect((await cf.customNameservers.get({ account_id: ACME })).result).toHaveLength(6);
    expect((await cf.dns.settings.account.get({ account_id: SMALL })).zone_defaults.nameservers).toEqual({
      type: "cloudflare.standard",
    });
    expect(emu.store.requestLog.list().map((r) => r.principal)).toEqual([API_KEY.email, API_KEY.email]);
  });

  it("uses the bearer token when both a token and a key are sent", async () => {
    const answer = await callApi(emu.url, "GET", `/accounts/${SMALL}/custom_ns`, {
      headers: { "X-Auth-Email": API_KEY.email, "X-Auth-Key": API_KEY.key },
    });
    expect([answer.status, answer.body]).toEqual([403, AUTHENTICATION_ERROR]);
  });

  it("logs the token's name, not its value", async () => {
    await emu.client().customNameservers.get({ account_id: ACME });
    expect(emu.store.requestLog.list()[0]?.principal).toBe("acme-admin");
  });
});

describe("scope", () => {
  it.each(ACME_REQUESTS)(
    "refuses another account's token on %s %s with 403 and code 10000",
    async (method, path, body) => {
      const answer = await callApi(emu.url, method, path, { token: SMALL_TOKEN, body });
      expect([answer.status, answer.body]).toEqual([403, AUTHENTICATION_ERROR]);
    },
  );

  it.each(ACME_REQUESTS)("refuses a read-only token on writes only: %s %s", async (method, path, body) => {
    const answer = await callApi(emu.url, method, path, { token: READONLY_TOKEN, body });
    if (method === "GET") expect(answer.status).toBe(200);
    else expect([answer.status, answer.body]).toEqual([403, AUTHENTICATION_ERROR]);
  });

  it("changes nothing when it refuses", async () => {
    const before = emu.store.snapshot();
    for (const [method, path, body] of ACME_REQUESTS)
      await callApi(emu.url, method, path, { token: SMALL_TOKEN, body });
    expect(emu.store.snapshot()).toEqual(before);
  });

  it("refuses an account id outside the token's scope with 403 even when no such account exists", async () => {
    const answer = await callApi(emu.url, "GET", "/accounts/0123456789abcdef0123456789abcdef/custom_ns");
    expect([answer.status, answer.body]).toEqual([403, AUTHENTICATION_ERROR]);
  });
});
