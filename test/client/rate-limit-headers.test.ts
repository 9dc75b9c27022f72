import {
  parseRateLimitFields,
  parseStructuredList,
  readRateLimitHeaders,
} from "../../provider/client/rate-limit-headers";

describe("parseStructuredList", () => {
  it("reads strings, tokens, numbers, booleans, byte sequences and parameters", () => {
    expect(
      parseStructuredList(`"default";r=50;t=30, tok;a=?1;b=-1.5;c="x\\"y", :AQI=:;k, (1 "a");p=2`),
    ).toEqual([
      { value: "default", params: { r: 50, t: 30 } },
      { value: "tok", params: { a: true, b: -1.5, c: 'x"y' } },
      { value: "AQI=", params: { k: true } },
      { value: [1, "a"], params: { p: 2 } },
    ]);
  });

  it("tolerates whitespace and upper-case keys, and skips broken members", () => {
    expect(parseStructuredList(` "a" ; R = 5 ;T=7 ,, @@@;r=1 , "b";q=9 `)).toEqual([
      { value: "a", params: { r: 5, t: 7 } },
      { value: "b", params: { q: 9 } },
    ]);
    expect(parseStructuredList(`"unterminated;r=1`)).toEqual([]);
    expect(parseStructuredList("")).toEqual([]);
  });
});

describe("parseRateLimitFields", () => {
  it("reads Cloudflare's two headers", () => {
    expect(parseRateLimitFields(`"default";r=1187;t=293`, `"default";q=1200;w=300`)).toEqual({
      policy: "default",
      remaining: 1187,
      resetSeconds: 293,
      quota: 1200,
      windowSeconds: 300,
    });
  });

  it("picks the Ratelimit member the policy names, else the first", () => {
    expect(
      parseRateLimitFields(`"burst";r=3;t=1, "Default";r=40;t=20`, `"default";q=1200;w=300, "other";q=5;w=1`),
    ).toEqual({ policy: "Default", remaining: 40, resetSeconds: 20, quota: 1200, windowSeconds: 300 });
    expect(parseRateLimitFields(`"a";r=3;t=1, "b";r=40;t=20`, `"c";q=10;w=60`)).toEqual({
      policy: "a",
      remaining: 3,
      resetSeconds: 1,
      quota: 10,
      windowSeconds: 60,
    });
  });

  it("keeps unknown parameters out and tolerates a missing t, w or policy header", () => {
    expect(parseRateLimitFields(`default;r=7;pk=:AQ=:;x=1`, undefined)).toEqual({
      policy: "default",
      remaining: 7,
      resetSeconds: undefined,
      quota: undefined,
      windowSeconds: undefined,
    });
    expect(parseRateLimitFields(null, `"default";q=600`)).toEqual({
      policy: "default",
      remaining: undefined,
      resetSeconds: undefined,
      quota: 600,
      windowSeconds: undefined,
    });
  });

  it("ignores members with a missing or negative r or a non-positive q", () => {
    expect(parseRateLimitFields(`"default";t=5, "x";r=-1;t=2`, `"default";q=0;w=300`)).toBeUndefined();
    expect(parseRateLimitFields("", "  ")).toBeUndefined();
    expect(parseRateLimitFields(undefined, undefined)).toBeUndefined();
  });

  it("floors a fractional r", () => {
    expect(parseRateLimitFields(`"default";r=4.9;t=1`, undefined)?.remaining).toBe(4);
  });
});

describe("readRateLimitHeaders", () => {
  it("reads from fetch Headers whatever the header case, and not X-RateLimit-*", () => {
    const headers = new Headers({
      RateLimit: `"default";r=12;t=3`,
      "RATELIMIT-POLICY": `"default";q=1200;w=300`,
    });
    expect(readRateLimitHeaders(headers)).toEqual({
      policy: "default",
      remaining: 12,
      resetSeconds: 3,
      quota: 1200,
      windowSeconds: 300,
    });
    expect(readRateLimitHeaders(new Headers({ "x-ratelimit-remaining": "5" }))).toBeUndefined();
    expect(readRateLimitHeaders(undefined)).toBeUndefined();
  });
});
