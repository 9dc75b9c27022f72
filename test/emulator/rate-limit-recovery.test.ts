import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi } from "./fixtures";

// 2 requests per 60 s and a 60 s lockout at 60x: the lockout lasts one real second.
const emu = useEmulator({ timeScale: 60, rateLimit: { requests: 2, windowSeconds: 60, lockoutSeconds: 60 } });

it("lets the official SDK ride out the lockout by honouring Retry-After", async () => {
  await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`);
  await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`);
  const page = await emu.client({ maxRetries: 2 }).customNameservers.get({ account_id: ACME });
  expect(page.result).toHaveLength(6);
  const statuses = emu.store.requestLog.list().map((r) => r.status);
  expect(statuses).toEqual([200, 200, 429, 200]);
  expect(emu.exchanges[2]?.responseHeaders["Retry-After"]).toBe("1");
});
