import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi } from "./fixtures";

// Cloudflare's real budget (1200 per 300 s, 300 s lockout) with 20 emulated seconds per real second:
// the window lasts 15 real seconds, far longer than 1200 loopback requests take.
const emu = useEmulator({ timeScale: 20 });

const LIST = `/accounts/${ACME}/custom_ns`;

it("runs Cloudflare's real budget of 1200 requests and reports the lockout in real seconds", async () => {
  const statuses: number[] = [];
  const remaining: string[] = [];
  for (let batch = 0; batch < 60; batch++) {
    const answers = await Promise.all(Array.from({ length: 20 }, () => callApi(emu.url, "GET", LIST)));
    for (const a of answers) {
      statuses.push(a.status);
      remaining.push(a.headers.get("x-ratelimit-remaining") ?? "");
    }
  }
  expect(statuses.filter((s) => s === 200)).toHaveLength(1200);
  expect(
    remaining
      .map(Number)
      .sort((a, b) => a - b)
      .slice(0, 3),
  ).toEqual([0, 1, 2]);
  const over = await callApi(emu.url, "GET", LIST);
  expect([over.status, over.headers.get("x-ratelimit-limit"), over.headers.get("retry-after")]).toEqual([
    429,
    "1200",
    "15",
  ]);
  expect(emu.exchanges).toHaveLength(1201);
});
