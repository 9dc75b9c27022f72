import Cloudflare from "cloudflare";
import { useEmulator } from "../helpers/use-emulator";
import { ACME, callApi, catchApiError, failure, zoneId } from "./fixtures";

const emu = useEmulator();

const CREATE_PATH = "/accounts/*/custom_ns";

function listNames(): string[] {
  return emu.store.listNameservers(ACME).map((n) => n.ns_name);
}

async function failOf(promise: PromiseLike<unknown>): Promise<unknown> {
  return Promise.resolve(promise).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe("fault rules through the store", () => {
  it("fails the Nth matching request with the status and a default envelope, and only that one", async () => {
    const fault = emu.store.faults.add({
      method: "POST",
      path: CREATE_PATH,
      nth: 2,
      action: { kind: "fail", status: 503 },
    });
    const cf = emu.client();
    await cf.customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    const error = await catchApiError(
      cf.customNameservers.create({ account_id: ACME, ns_name: "ns6.example.net", ns_set: 4 }),
    );
    await cf.customNameservers.create({ account_id: ACME, ns_name: "ns7.example.net", ns_set: 4 });
    expect(error).toEqual({
      status: 503,
      errors: [
        {
          code: 1190,
          message: `injected fault ${fault.id}: HTTP 503 for POST /client/v4/accounts/${ACME}/custom_ns (matching request 2)`,
        },
      ],
    });
    expect(
      listNames().filter((n) => n.startsWith("ns") && n.endsWith(".example.net") && Number(n[2]) >= 5),
    ).toEqual(["ns5.example.net", "ns7.example.net"]);
    expect(emu.store.faults.list()).toEqual([{ ...fault, matched: 3, fired: 1 }]);
  });

  it("fails `times` requests in a row, from the Nth on", async () => {
    emu.store.faults.add({
      path: "/zones/{zone_id}/dns_settings",
      times: 2,
      action: { kind: "fail", status: 500 },
    });
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await callApi(emu.url, "GET", `/zones/${zoneId("example.com")}/dns_settings`)).status);
    expect(statuses).toEqual([500, 500, 200]);
  });

  it("answers with the rule's own errors and headers, which the SDK retries on", async () => {
    emu.store.faults.add({
      method: "GET",
      path: "/accounts/:account_id/custom_ns",
      action: {
        kind: "fail",
        status: 429,
        errors: [{ code: 10429, message: "slow down" }],
        headers: { "Retry-After": "0" },
      },
    });
    const direct = await callApi(emu.url, "GET", `/accounts/${ACME}/custom_ns`);
    expect([direct.status, direct.headers.get("retry-after"), direct.body]).toEqual([
      429,
      "0",
      failure({ code: 10429, message: "slow down" }),
    ]);
    emu.store.faults.add({
      method: "GET",
      path: "/accounts/*/custom_ns",
      action: { kind: "fail", status: 429, headers: { "Retry-After": "0" } },
    });
    const page = await emu.client({ maxRetries: 1 }).customNameservers.get({ account_id: ACME });
    expect(page.result).toHaveLength(6);
    expect(emu.store.requestLog.list().map((r) => [r.status, r.fault])).toEqual([
      [429, "fault-1"],
      [429, "fault-2"],
      [200, undefined],
    ]);
  });

  it("sends a body of the rule's own, e.g. a proxy's error page", async () => {
    emu.store.faults.add({
      path: "/zones/**",
      action: { kind: "fail", status: 502, body: "<html>Bad gateway</html>" },
    });
    const answer = await callApi(emu.url, "GET", `/zones/${zoneId("example.com")}`);
    expect([answer.status, answer.body]).toEqual([502, "<html>Bad gateway</html>"]);
    expect(emu.exchanges[0]?.injectedBody).toBe(true);
  });

  it("delays a request and then serves it", async () => {
    emu.store.faults.add({ method: "GET", path: "/zones", action: { kind: "latency", ms: 30 } });
    const page = await emu.client().zones.list({ name: "example.com" });
    expect(page.result.map((z) => z.name)).toEqual(["example.com"]);
    expect(emu.store.requestLog.list()).toMatchObject([
      { route: "GET /zones", status: 200, fault: "fault-1", outcome: "answered" },
    ]);
  });

  it("drops the connection before the change is committed: the SDK sees a connection error, nothing changed", async () => {
    emu.store.faults.add({
      method: "POST",
      path: CREATE_PATH,
      action: { kind: "drop", when: "before-commit" },
    });
    const error = await failOf(
      emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 }),
    );
    expect(error).toBeInstanceOf(Cloudflare.APIConnectionError);
    expect(listNames()).not.toContain("ns5.example.net");
    expect(emu.store.requestLog.list()).toMatchObject([
      { status: null, fault: "fault-1", outcome: "dropped-before-commit" },
    ]);
  });

  it("drops the connection after the change is committed: a naive retry then finds the name taken", async () => {
    emu.store.faults.add({
      method: "POST",
      path: CREATE_PATH,
      action: { kind: "drop", when: "after-commit" },
    });
    const error = await catchApiError(
      emu
        .client({ maxRetries: 1 })
        .customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 }),
    );
    expect(error).toEqual({
      status: 400,
      errors: [
        {
          code: 1103,
          message:
            'cannot add nameserver "ns5.example.net" to ns_set 4: it is already in ns_set 4; a name may belong to one set only, so delete it first or choose another name',
        },
      ],
    });
    expect(listNames()).toContain("ns5.example.net");
    expect(emu.store.requestLog.list().map((r) => r.outcome)).toEqual(["dropped-after-commit", "answered"]);
  });

  it("matches only its method and path pattern", async () => {
    emu.store.faults.add({
      method: "DELETE",
      path: "/accounts/*/custom_ns/*",
      action: { kind: "fail", status: 500 },
    });
    await emu.client().customNameservers.create({ account_id: ACME, ns_name: "ns5.example.net", ns_set: 4 });
    await emu.client().customNameservers.get({ account_id: ACME });
    expect(emu.store.faults.list()[0]).toMatchObject({ matched: 0, fired: 0 });
    const error = await catchApiError(
      emu.client().customNameservers.delete("ns5.example.net", { account_id: ACME }),
    );
    expect(error.status).toBe(500);
  });

  it("removes rules one by one or all at once", () => {
    const a = emu.store.faults.add({ path: "/zones", action: { kind: "latency", ms: 1 } });
    emu.store.faults.add({ path: "/zones", action: { kind: "latency", ms: 2 } });
    expect(emu.store.faults.remove(a.id)).toBe(true);
    expect(emu.store.faults.remove(a.id)).toBe(false);
    expect(emu.store.faults.list().map((f) => f.id)).toEqual(["fault-2"]);
    emu.store.faults.clear();
    expect(emu.store.faults.list()).toEqual([]);
  });
});

describe("fault rules through the admin endpoint (for tests in another process)", () => {
  async function admin(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${emu.adminUrl}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json() };
  }

  it("adds, lists and removes a rule", async () => {
    const added = await admin("POST", "/faults", {
      method: "GET",
      path: "/zones/*",
      action: { kind: "fail", status: 500 },
    });
    expect(added).toEqual({
      status: 200,
      body: {
        success: true,
        errors: [],
        messages: [],
        result: {
          id: "fault-1",
          method: "GET",
          path: "/zones/*",
          nth: 1,
          times: 1,
          action: { kind: "fail", status: 500 },
          matched: 0,
          fired: 0,
        },
      },
    });
    expect((await callApi(emu.url, "GET", `/zones/${zoneId("example.com")}`)).status).toBe(500);
    expect(((await admin("GET", "/faults")).body as { result: unknown }).result).toMatchObject([
      { id: "fault-1", matched: 1, fired: 1 },
    ]);
    expect((await admin("DELETE", "/faults/fault-1")).status).toBe(200);
    expect((await admin("DELETE", "/faults/fault-1")).body).toEqual(
      failure({ code: 7003, message: 'no fault rule with id "fault-1"' }),
    );
    await admin("POST", "/faults", { path: "/zones", action: { kind: "latency", ms: 1 } });
    await admin("DELETE", "/faults");
    expect(emu.store.faults.list()).toEqual([]);
  });

  it("refuses a malformed rule naming each field", async () => {
    const answer = await admin("POST", "/faults", {
      path: "zones",
      nth: 0,
      action: { kind: "fail", status: 200 },
    });
    expect(answer).toEqual({
      status: 400,
      body: failure(
        { code: 1101, message: 'path must start with "/"; got "zones"' },
        { code: 1101, message: "nth must be at least 1; got 0" },
        { code: 1101, message: "action.status must be at least 400; got 200" },
      ),
    });
  });
});
