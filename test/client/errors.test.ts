/**
 * How API failures are classified: Cloudflare's routing refusal (400, 7003 + 7000) for a malformed
 * id versus a well-formed one, and what reads as "gone" (docs/decisions/009).
 */
import {
  CloudflareApiError,
  findMalformedIds,
  isGone,
  isUnroutable,
  type CloudflareApiErrorFields,
} from "../../provider/client/errors";

const ZONE = "0123456789abcdef0123456789abcdef";
const ROUTING = [
  {
    code: 7003,
    message: "Could not route to /client/v4/zones/x, perhaps your object identifier is invalid?",
  },
  { code: 7000, message: "No route for that URI" },
];

function apiError(fields: Partial<CloudflareApiErrorFields>): CloudflareApiError {
  return new CloudflareApiError({
    kind: "http",
    action: "read DNS settings of zone",
    operation: "getZoneDnsSettings",
    method: "GET",
    path: `/zones/${ZONE}/dns_settings`,
    attempts: 1,
    ...fields,
  });
}

describe("findMalformedIds", () => {
  it.each([
    [`/zones/${ZONE}/dns_settings`, []],
    [`/accounts/${ZONE}/custom_ns/ns1.example.com`, []],
    ["/zones/example.com/dns_settings", ["example.com"]],
    [`/zones/${ZONE.toUpperCase()}`, [ZONE.toUpperCase()]],
    ["/accounts/ops%40example.com/custom_ns", ["ops@example.com"]],
    ["/accounts//custom_ns", [""]],
    [`/accounts/abc/dns_settings?x=1`, ["abc"]],
  ])("%s -> %j", (path, expected) => {
    expect(findMalformedIds(path)).toEqual(expected);
  });
});

describe("isGone and isUnroutable", () => {
  it.each([
    ["404 with Cloudflare's routing errors", { status: 404, errors: ROUTING }, true, false],
    [
      "404 for a name (1105)",
      { status: 404, errors: [{ code: 1105, message: "no such name" }] },
      true,
      false,
    ],
    ["400 routing refusal of a well-formed id", { status: 400, errors: ROUTING }, true, true],
    [
      "400 routing refusal of a malformed id",
      { status: 400, errors: ROUTING, path: "/zones/example.com/dns_settings" },
      false,
      true,
    ],
    ["400 of another kind", { status: 400, errors: [{ code: 1001, message: "x" }] }, false, false],
    ["403", { status: 403, errors: [{ code: 10000, message: "Forbidden" }] }, false, false],
    ["404 that is not an API answer", { status: 404, kind: "invalid_response" as const }, false, false],
  ])("%s: gone %s, unroutable %s", (_label, fields, gone, unroutable) => {
    const err = apiError(fields);
    expect([isGone(err), isUnroutable(err)]).toEqual([gone, unroutable]);
  });

  it("is false for anything that is not an API error", () => {
    expect([isGone(new Error("404")), isUnroutable({ status: 400 })]).toEqual([false, false]);
  });
});

describe("the hint of a routing refusal", () => {
  it("names the malformed id and what an id looks like", () => {
    const err = apiError({ status: 400, errors: ROUTING, path: "/zones/example.com/dns_settings" });
    expect(err.message).toBe(
      'read DNS settings of zone failed after 1 attempt: GET /zones/example.com/dns_settings answered HTTP 400 with Cloudflare errors 7003 "Could not route to /client/v4/zones/x, perhaps your object identifier is invalid?", 7000 "No route for that URI"; "example.com" is not an id: account and zone ids are 32 lowercase hex characters (the dashboard shows them on the account\'s and the zone\'s Overview page)',
    );
  });

  it("says a well-formed id that cannot be routed names nothing", () => {
    const err = apiError({ status: 400, errors: ROUTING });
    expect(err.message).toBe(
      `read DNS settings of zone failed after 1 attempt: GET /zones/${ZONE}/dns_settings answered HTTP 400 with Cloudflare errors 7003 "Could not route to /client/v4/zones/x, perhaps your object identifier is invalid?", 7000 "No route for that URI"; Cloudflare could not route a well-formed id: the account or zone was deleted, or never existed`,
    );
  });
});
