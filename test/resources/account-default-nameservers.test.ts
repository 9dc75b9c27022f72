/**
 * AccountDefaultNameservers through its serialized provider's methods against the emulator:
 * lifecycle with restore on delete, drift, refusals and preview unknowns.
 */
import { accountDefaultNameserversProvider as provider } from "../../provider/resources";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, SMALL_ACCOUNT, TOKEN, catchError, countRequests, useRuntime } from "./use-runtime";

const emulator = useEmulator();
const { configure, runtime } = useRuntime(emulator);

function liveDefault(accountId: string = ACCOUNT): string | undefined {
  return emulator.store.getAccount(accountId)?.nameserversType;
}

test("create records the old default, update changes it, read shows drift, delete restores", async () => {
  const checked = await provider.check?.({}, { accountId: ACCOUNT, type: "custom.account" });
  expect(checked).toEqual({ inputs: { accountId: ACCOUNT, type: "custom.account" } });
  const created = await provider.create(checked?.inputs);
  expect(created).toEqual({
    id: ACCOUNT,
    outs: { accountId: ACCOUNT, type: "custom.account", previousType: "cloudflare.standard" },
  });
  expect(liveDefault()).toBe("custom.account");
  expect(
    await provider.diff?.(
      ACCOUNT,
      { ...created.outs, __provider: "a" },
      { ...checked?.inputs, __provider: "b" },
    ),
  ).toEqual({
    changes: false,
  });

  const next = { accountId: ACCOUNT, type: "cloudflare.standard.random" };
  expect(await provider.diff?.(ACCOUNT, created.outs, next)).toEqual({ changes: true });
  const updated = await provider.update?.(ACCOUNT, created.outs, next);
  expect(updated).toEqual({
    outs: { accountId: ACCOUNT, type: "cloudflare.standard.random", previousType: "cloudflare.standard" },
  });

  emulator.store.setAccountDefaultNameservers(ACCOUNT, "cloudflare.advanced");
  const drifted = await provider.read?.(ACCOUNT, updated?.outs);
  expect(drifted).toEqual({
    id: ACCOUNT,
    props: { accountId: ACCOUNT, type: "cloudflare.advanced", previousType: "cloudflare.standard" },
    inputs: { accountId: ACCOUNT, type: "cloudflare.advanced" },
  });
  expect(await provider.diff?.(ACCOUNT, drifted?.props, next)).toEqual({ changes: true });
  const corrected = await provider.update?.(ACCOUNT, drifted?.props, next);
  expect(liveDefault()).toBe("cloudflare.standard.random");

  await configure(); // pulumi destroy: a new provider process, which has seen no check
  await provider.delete?.(ACCOUNT, corrected?.outs);
  expect(liveDefault()).toBe("cloudflare.standard");
});

test("delete leaves the default alone when another resource of the same update declares it (a rename)", async () => {
  const created = await provider.create({ accountId: ACCOUNT, type: "custom.account" });
  await configure();
  const renamed = await provider.check?.({}, { accountId: ACCOUNT, type: "custom.account" });
  expect(renamed?.failures ?? []).toEqual([]);
  emulator.store.requestLog.clear();
  await provider.delete?.(ACCOUNT, created.outs);
  expect(liveDefault()).toBe("custom.account");
  expect(emulator.store.requestLog.list()).toEqual([]);
});

test("delete leaves a default someone changed meanwhile", async () => {
  const created = await provider.create({ accountId: ACCOUNT, type: "custom.account" });
  emulator.store.setAccountDefaultNameservers(ACCOUNT, "cloudflare.advanced");
  await provider.delete?.(ACCOUNT, created.outs);
  expect(liveDefault()).toBe("cloudflare.advanced");
});

test("an imported default (nothing recorded) goes back to cloudflare.standard on delete", async () => {
  emulator.store.setAccountDefaultNameservers(ACCOUNT, "custom.account");
  const imported = await provider.read?.(ACCOUNT, {});
  expect(imported).toEqual({
    id: ACCOUNT,
    props: { accountId: ACCOUNT, type: "custom.account", previousType: null },
    inputs: { accountId: ACCOUNT, type: "custom.account" },
  });
  await provider.delete?.(ACCOUNT, imported?.props);
  expect(liveDefault()).toBe("cloudflare.standard");
});

test("a create that Cloudflare refuses reports its reason and changes nothing", async () => {
  const err = await catchError(provider.create({ accountId: SMALL_ACCOUNT, type: "custom.account" }));
  expect(err.message).toBe(
    `AccountDefaultNameservers accountId "${SMALL_ACCOUNT}": read DNS settings of account ${SMALL_ACCOUNT} failed ` +
      `after 1 attempt: GET /accounts/${SMALL_ACCOUNT}/dns_settings answered HTTP 403 with Cloudflare error 10000 ` +
      '"Forbidden"; check that the API token (or key and email) is valid and allowed to act on this ' +
      "account or zone",
  );
  expect(liveDefault(SMALL_ACCOUNT)).toBe("cloudflare.standard");
});

test("a failed change is reported and the default left as it was", async () => {
  await configure({ "cloudflare-acns:maxAttempts": "1" });
  emulator.store.faults.add({
    method: "PATCH",
    path: "/accounts/*/dns_settings",
    action: { kind: "fail", status: 500 },
  });
  const err = await catchError(provider.create({ accountId: ACCOUNT, type: "custom.account" }));
  expect(err.message).toMatch(
    /^AccountDefaultNameservers type "custom\.account": set the default nameservers .* Nothing was changed\.$/,
  );
  expect(liveDefault()).toBe("cloudflare.standard");
});

test("check: the type must be one Cloudflare knows; unknowns pass without API calls; replace on account", async () => {
  const result = await provider.check?.({}, { accountId: ACCOUNT, type: "custom" });
  expect(result?.failures).toEqual([
    {
      property: "type",
      reason:
        'type of AccountDefaultNameservers must be one of "cloudflare.standard", "cloudflare.advanced", "cloudflare.standard.random", ' +
        '"custom.account", "custom.tenant", got "custom" (a string); pick one of them',
    },
  ]);
  expect(await provider.check?.({}, { accountId: UNKNOWN_VALUE, type: "custom.account" })).toEqual({
    inputs: { accountId: UNKNOWN_VALUE, type: "custom.account" },
  });
  const outs = { accountId: ACCOUNT, type: "custom.account", previousType: null };
  expect(await provider.diff?.(ACCOUNT, outs, { accountId: UNKNOWN_VALUE, type: "custom.account" })).toEqual({
    changes: true,
    replaces: ["accountId"],
  });
  expect(countRequests(emulator)).toEqual({});
});

test("check: an account Cloudflare does not know is a CheckFailure on accountId, as the other resources report it", async () => {
  const unknown = "ffffffffffffffffffffffffffffffff";
  expect(await provider.check?.({}, { accountId: unknown, type: "custom.account" })).toEqual({
    inputs: { accountId: unknown, type: "custom.account" },
    failures: [
      {
        property: "accountId",
        reason:
          `accountId "${unknown}": Cloudflare refuses these credentials access to this account (HTTP 403, ` +
          'error 10000 "Forbidden"); check the id, and that the API token may act on this account',
      },
    ],
  });
});

test("no token appears in outputs, state or errors", async () => {
  const created = await provider.create({ accountId: ACCOUNT, type: "custom.account" });
  const read = await provider.read?.(ACCOUNT, created.outs);
  const err = await catchError(provider.create({ accountId: SMALL_ACCOUNT, type: "custom.account" }));
  expect(JSON.stringify([created, read, err.message, err.stack])).not.toContain(TOKEN);
});

test("create records no guess when the default is already in place; delete then sets Cloudflare's default, warning", async () => {
  emulator.store.setAccountDefaultNameservers(ACCOUNT, "custom.account");
  const created = await provider.create({ accountId: ACCOUNT, type: "custom.account" });
  expect(created.outs).toEqual({ accountId: ACCOUNT, type: "custom.account", previousType: null });
  const captured = runtime.captureWarnings();
  try {
    await provider.delete?.(ACCOUNT, created.outs);
  } finally {
    captured.restore();
  }
  expect(liveDefault()).toBe("cloudflare.standard");
  expect(captured.warnings).toEqual([
    `AccountDefaultNameservers of account ${ACCOUNT}: the default this account had before is not known ` +
      `(it was already "custom.account" when this resource was created); setting Cloudflare's default ` +
      `"cloudflare.standard"`,
  ]);
});

test("up restores a default changed since the state was written, without a refresh", async () => {
  const created = await provider.create({ accountId: ACCOUNT, type: "custom.account" });
  emulator.store.setAccountDefaultNameservers(ACCOUNT, "cloudflare.standard");
  await configure(); // the next pulumi up
  const news = await provider.check?.({}, { accountId: ACCOUNT, type: "custom.account" });
  expect(await provider.diff?.(ACCOUNT, created.outs, news?.inputs)).toEqual({ changes: true });
});
