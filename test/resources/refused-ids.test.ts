/**
 * What the resources make of Cloudflare's refusals of an id (docs/decisions/009): a malformed id is
 * "not an id" (never "gone", which would drop the resource from the state), a well-formed id that
 * cannot be routed or answers 404 is gone, a 403 is about the credentials.
 */
import { CloudflareApiError, type CloudflareApiErrorFields } from "../../provider/client/errors";
import { describeRefusedId, isNotFound } from "../../provider/resources/errors";

const ZONE = "0123456789abcdef0123456789abcdef";
const ROUTE_7003 = {
  code: 7003,
  message: `Could not route to /client/v4/zones/${ZONE}, perhaps your object identifier is invalid?`,
};
const ROUTE_7000 = { code: 7000, message: "No route for that URI" };

function apiError(fields: Partial<CloudflareApiErrorFields>): CloudflareApiError {
  return new CloudflareApiError({
    kind: "http",
    action: `read zone ${ZONE}`,
    operation: "getZone",
    method: "GET",
    path: `/zones/${ZONE}`,
    attempts: 1,
    errors: [ROUTE_7003, ROUTE_7000],
    ...fields,
  });
}

describe("isNotFound", () => {
  it.each([
    ["a 404 (the emulator's answer for a deleted zone)", apiError({ status: 404 }), true],
    [
      "400 with 7003 for a well-formed id (if Cloudflare answers a deleted zone so)",
      apiError({ status: 400 }),
      true,
    ],
    ["400 with 7003 for a malformed id", apiError({ status: 400, path: "/zones/example.com" }), false],
    ["a 403", apiError({ status: 403, errors: [{ code: 10000, message: "Forbidden" }] }), false],
    [
      "1002 for an account without ACNS",
      apiError({ status: 400, errors: [{ code: 1002, message: "x" }] }),
      false,
    ],
  ])("%s: %s", (_label, err, expected) => {
    expect(isNotFound(err)).toBe(expected);
  });
});

describe("describeRefusedId", () => {
  const answer = `errors 7003 ${JSON.stringify(ROUTE_7003.message)}, 7000 "No route for that URI"`;

  it("calls a malformed id not an id", () => {
    expect(
      describeRefusedId(
        apiError({ status: 400, path: "/zones/example.com" }),
        "zoneId",
        "example.com",
        "zone",
      ),
    ).toBe(
      `zoneId "example.com": not a zone id; Cloudflare could not route it (HTTP 400, ${answer}); a zone id is ` +
        "32 lowercase hex characters, as the dashboard shows it on the zone's Overview page",
    );
  });

  it.each([404, 400])(
    "calls a well-formed id Cloudflare answers %s with 7003 a zone it does not know",
    (status) => {
      expect(describeRefusedId(apiError({ status }), "zoneId", ZONE, "zone")).toBe(
        `zoneId "${ZONE}": Cloudflare knows no such zone (HTTP ${status}, ${answer}); check the id, and that the ` +
          "API token may act on this zone",
      );
    },
  );

  it("puts a 403 on the credentials, naming Cloudflare's answer", () => {
    const err = apiError({
      status: 403,
      errors: [{ code: 10000, message: "Forbidden" }],
      path: `/accounts/${ZONE}/custom_ns`,
    });
    expect(describeRefusedId(err, "accountId", ZONE, "account")).toBe(
      `accountId "${ZONE}": Cloudflare refuses these credentials access to this account (HTTP 403, error 10000 ` +
        '"Forbidden"); check the id, and that the API token may act on this account',
    );
  });

  it("leaves any other failure to the caller", () => {
    const entitlement = apiError({
      status: 400,
      errors: [{ code: 1002, message: "This feature is not enabled for your account." }],
    });
    expect([
      describeRefusedId(entitlement, "accountId", ZONE, "account"),
      describeRefusedId(new Error("x"), "zoneId", ZONE, "zone"),
    ]).toEqual([undefined, undefined]);
  });
});
