import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi } from "./fixtures";

// Cloudflare's real budget (1200 per 300 s, 300 s lockout) with 20 emulated seconds per real second:
// the window lasts 15 real seconds, far longer than 1200 loopback requests take.
const emu = useEmulator({ timeScale: 20 });

const LIST = `/accounts/${ACME}/custom_ns`;

it("runs Cloudflare's real budget of 1200 requests and reports window and lockout in real seconds", async () => {
  const statuses: number[] = [];
  const remaining: number[] = [];
  const policies = new Set<string | null>();
  for (let batch = 0; batch < 60; batch++) {
    const answers = await Promise.all(Array.from({ length: 20 }, () => callApi(emu.url, "GET", LIST)));
    for (const a of answers) {
      statuses.push(a.status);
      remaining.push(Number(/;r=(\d+);/.exec(a.headers.get("ratelimit") ?? "")?.[1]));
      policies.add(a.headers.get("ratelimit-policy"));
    }
  }
  expect(statuses.filter((s) => s === 200)).toHaveLength(1200);
  expect(remaining.sort((a, b) => a - b).slice(0, 3)).toEqual([0, 1, 2]);
  expect([...policies]).toEqual(['"default";q=1200;w=15']);
  const over = await callApi(emu.url, "GET", LIST);
  expect([
    over.status,
    over.headers.get("ratelimit"),
    over.headers.get("ratelimit-policy"),
    over.headers.get("retry-after"),
  ]).toEqual([429, '"default";r=0;t=15', '"default";q=1200;w=15', "15"]);
  expect(emu.exchanges).toHaveLength(1201);
});
