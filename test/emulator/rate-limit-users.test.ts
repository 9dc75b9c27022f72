import { createManualClock } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, failure, READONLY_TOKEN, SMALL, SMALL_TOKEN, TOKEN } from "./fixtures";

// Cloudflare's real budget (1200 per 300 s, then 300 s refused) on a clock moved by hand. In the
// example seed, acns-demo-token and acns-demo-readonly-token belong to one user (acme-ops) and the
// small-shop token to another.
const clock = createManualClock();
const emu = useEmulator({ clock });

const LIST = `/accounts/${ACME}/custom_ns`;
const POLICY = '"default";q=1200;w=300';

function rateOf(answer: { status: number; headers: Headers }): [number, ...(string | null)[]] {
  const h = answer.headers;
  return [answer.status, h.get("ratelimit"), h.get("ratelimit-policy"), h.get("retry-after")];
}

it("two tokens of one user share 1200 requests; the 1201st locks out both for 300 s, and only them", async () => {
  const seen: ReturnType<typeof rateOf>[] = [];
  const expected: ReturnType<typeof rateOf>[] = [];
  for (let i = 0; i < 1200; i++) {
    const token = i % 2 === 0 ? TOKEN : READONLY_TOKEN;
    seen.push(rateOf(await callApi(emu.url, "GET", LIST, { token })));
    // Request i goes at i × 100 ms; the first leaves the window at 300 s.
    expected.push([200, `"default";r=${1199 - i};t=${Math.ceil(300 - i * 0.1)}`, POLICY, null]);
    clock.advance(100);
  }
  expect(seen).toEqual(expected);

  // Now 120 s after the first request: the 1201st, whichever token sends it, is refused.
  const over = await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN });
  expect(rateOf(over)).toEqual([429, '"default";r=0;t=300', POLICY, "300"]);
  expect(over.body).toEqual(
    failure({ code: 971, message: "Please wait and consider throttling your request speed" }),
  );

  // After 180 s the first requests have left the window, but the lockout still holds.
  clock.advance(180_000);
  const during = [
    await callApi(emu.url, "GET", LIST, { token: TOKEN }),
    await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN }),
    await callApi(emu.url, "GET", `/accounts/${SMALL}/dns_settings`, { token: SMALL_TOKEN }),
  ];
  clock.advance(119_999);
  const lastMoment = [
    await callApi(emu.url, "GET", LIST, { token: TOKEN }),
    await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN }),
  ];
  clock.advance(1);
  const after = [
    await callApi(emu.url, "GET", LIST, { token: READONLY_TOKEN }),
    await callApi(emu.url, "GET", LIST, { token: TOKEN }),
  ];
  expect([...during, ...lastMoment, ...after].map(rateOf)).toEqual([
    [429, '"default";r=0;t=120', POLICY, "120"],
    [429, '"default";r=0;t=120', POLICY, "120"],
    // Another user's token is untouched by acme-ops' lockout.
    [200, '"default";r=1199;t=300', POLICY, null],
    [429, '"default";r=0;t=1', POLICY, "1"],
    [429, '"default";r=0;t=1', POLICY, "1"],
    // The lockout is over: the budget is whole again and still shared.
    [200, '"default";r=1199;t=300', POLICY, null],
    [200, '"default";r=1198;t=300', POLICY, null],
  ]);
  // One lockout started (the 1201st request); refusals during it start none.
  expect(emu.store.rateLimiter.lockouts).toBe(1);
}, 60_000);
