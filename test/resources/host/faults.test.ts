/**
 * The fault matrix through Pulumi's real dynamic-provider host: for each resource's create, a 429
 * storm, a 5xx burst, a timeout (the answer comes after the client's per-attempt timeout) and a
 * connection reset after the change was committed, injected into the emulator's writes. Each case
 * ends with the account exactly as declared (no leaked, no duplicated names), a failed `up` leaves
 * nothing behind and the next `up` gets it right, and no token in state, logs, host output or the
 * error the user sees.
 */
import type { FaultSpecInput } from "../../../provider/emulator";
import { isProviderRpcError, type PropertyMap } from "../../harness";
import { ACME, TOKEN, ZONES, useResourceHost, type ResourceClass } from "./setup";

/** The client's per-attempt timeout here (config `cloudflare-acns:timeoutMs`). */
const TIMEOUT_MS = 2000;
/** Longer than that: the request is answered after the client gave up. */
const SLOW_MS = TIMEOUT_MS * 2;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("fault matrix through the dynamic-provider host", () => {
  const { emu, h, writes, command, urn, inputs } = useResourceHost({
    "cloudflare-acns:timeoutMs": String(TIMEOUT_MS),
  });

  const allNames = (): string[] => emu.store.listNameservers(ACME).map((ns) => `${ns.ns_set}:${ns.ns_name}`);
  const zoneNameservers = (): unknown =>
    emu.store.snapshot().zones.find((z) => z.id === ZONES["example.net"])?.nameservers;
  const accountDefault = (): string | undefined =>
    emu.store.snapshot().accounts.find((a) => a.id === ACME)?.defaultNameservers;

  /** What each resource's create writes, and how to read the account's relevant state. */
  interface Subject {
    cls: ResourceClass;
    args: PropertyMap;
    write: { method: string; path: string };
    /** The state after a successful create. */
    applied: () => unknown;
    /** The state before (and after a failed create). */
    untouched: () => unknown;
    observe: () => unknown;
    /** A fault from this write on fails the create after an earlier write went through (all-or-nothing). */
    laterWrite: number;
    /** `METHOD path` of the create's writes, in order, without faults. */
    creates: string[];
    /** What a create that fails on `laterWrite` undoes (written after the failed attempts). */
    undo: string[];
    /** The error `up` shows when writes from `laterWrite` on keep failing with `status`. */
    failure: (status: number, why: string) => string;
  }

  const NS_PATH = `/accounts/${ACME}/custom_ns`;
  const ZONE_PATH = `/zones/${ZONES["example.net"]}/dns_settings`;
  const ACCOUNT_PATH = `/accounts/${ACME}/dns_settings`;
  const RATE_LIMITED =
    "rate limited, Cloudflare asked to wait 0 s; lower requestsPerSecond, or wait for the lockout (up to 5 minutes) to pass";
  const SERVER_FAILED = "Cloudflare failed on its side; retry later";
  const ok = (writes: string[]): string[] => writes.map((w) => `${w} 200`);

  const SEEDED = [
    "1:ns1.example.net",
    "1:ns2.example.net",
    "2:ns3.example.net",
    "2:ns4.example.net",
    "3:ns1.acme-dns.example",
    "3:ns2.acme-dns.example",
  ];
  const SUBJECTS: Subject[] = [
    {
      cls: "AccountNameserverSet",
      args: { accountId: ACME, nsSet: 4, nameservers: ["ns1.host.example", "ns2.host.example"] },
      write: { method: "POST", path: "/accounts/*/custom_ns" },
      applied: () => [...SEEDED, "4:ns1.host.example", "4:ns2.host.example"].sort(),
      untouched: () => [...SEEDED].sort(),
      observe: () => allNames().sort(),
      laterWrite: 2,
      creates: [`POST ${NS_PATH}`, `POST ${NS_PATH}`],
      undo: [`DELETE ${NS_PATH}/ns1.host.example 200`],
      failure: (status, why) =>
        `AccountNameserverSet nameservers "ns2.host.example": create custom nameserver "ns2.host.example" in set 4 ` +
        `of account ${ACME} failed after 4 attempts: POST ${NS_PATH} answered HTTP ${status} with Cloudflare error ` +
        `1190 "injected fault fault-1: HTTP ${status} for POST /client/v4${NS_PATH} (matching request 5)"; ${why}. ` +
        `Nothing was changed ("ns1.host.example" removed again).`,
    },
    {
      cls: "ZoneAcnsBinding",
      args: { zoneId: ZONES["example.net"], nsSet: 1 },
      write: { method: "PATCH", path: "/zones/*/dns_settings" },
      applied: () => ({ type: "custom.account", ns_set: 1 }),
      untouched: () => ({ type: "cloudflare.standard" }),
      observe: zoneNameservers,
      laterWrite: 1,
      creates: [`PATCH ${ZONE_PATH}`],
      undo: [],
      failure: (status, why) =>
        `ZoneAcnsBinding nsSet 1: set nameservers of zone ${ZONES["example.net"]} to custom.account set 1 failed after ` +
        `4 attempts: PATCH ${ZONE_PATH} answered HTTP ${status} with Cloudflare error 1190 "injected fault ` +
        `fault-1: HTTP ${status} for PATCH /client/v4${ZONE_PATH} (matching request 4)"; ${why}. ` +
        `Zone "example.net" was not changed.`,
    },
    {
      cls: "AccountDefaultNameservers",
      args: { accountId: ACME, type: "custom.account" },
      write: { method: "PATCH", path: "/accounts/*/dns_settings" },
      applied: () => "custom.account",
      untouched: () => "cloudflare.standard",
      observe: accountDefault,
      laterWrite: 1,
      creates: [`PATCH ${ACCOUNT_PATH}`],
      undo: [],
      failure: (status, why) =>
        `AccountDefaultNameservers type "custom.account": set the default nameservers of new zones in account ` +
        `${ACME} to custom.account failed after 4 attempts: PATCH ${ACCOUNT_PATH} answered HTTP ${status} with ` +
        `Cloudflare error 1190 "injected fault fault-1: HTTP ${status} for PATCH /client/v4${ACCOUNT_PATH} ` +
        `(matching request 4)"; ${why}. Nothing was changed.`,
    },
  ];

  const fault = (subject: Subject, spec: Omit<FaultSpecInput, "method" | "path">): void => {
    emu.store.faults.add({ ...subject.write, ...spec });
  };

  /** Runs `up` and returns the error message the engine would show, or undefined on success. */
  const upCatching = async (subject: Subject, name: string): Promise<string | undefined> => {
    try {
      await h.stack.up(urn(subject.cls, name), inputs(subject.cls, subject.args));
      return undefined;
    } catch (err) {
      if (!isProviderRpcError(err)) throw err;
      return err.details;
    }
  };

  const finish = async (subject: Subject, name: string, extra: string[] = []): Promise<void> => {
    await command();
    await h.stack.destroy(urn(subject.cls, name));
    expect(subject.observe()).toEqual(subject.untouched());
    expect(
      h.findLeaks(
        TOKEN,
        extra.map((text, i) => ({ where: `error #${i}`, text })),
      ),
    ).toEqual([]);
  };

  describe.each(SUBJECTS.map((s) => [s.cls, s] as const))("%s create", (_cls, subject) => {
    const [first, ...rest] = subject.creates;
    const times = (n: number, write: string | undefined, status: string): string[] =>
      Array.from({ length: n }, () => `${String(write)} ${status}`);

    it("rides out a 429 storm shorter than its retries", async () => {
      await command();
      fault(subject, { times: 3, action: { kind: "fail", status: 429, headers: { "Retry-After": "0" } } });
      await expect(upCatching(subject, "storm")).resolves.toBeUndefined();
      expect(subject.observe()).toEqual(subject.applied());
      expect(writes()).toEqual([...times(3, first, "429"), ...ok(subject.creates)]);
      await finish(subject, "storm");
    }, 30_000);

    it("fails cleanly in a 429 storm that outlasts its retries, and the next up succeeds", async () => {
      await command();
      fault(subject, {
        nth: subject.laterWrite,
        times: 100,
        action: { kind: "fail", status: 429, headers: { "Retry-After": "0" } },
      });
      const message = await upCatching(subject, "long-storm");
      expect(message).toBe(subject.failure(429, RATE_LIMITED));
      expect(subject.observe()).toEqual(subject.untouched());
      expect(h.stack.get(urn(subject.cls, "long-storm"))).toBeUndefined();
      const failing = subject.creates[subject.laterWrite - 1];
      expect(writes()).toEqual([
        ...ok(subject.creates.slice(0, subject.laterWrite - 1)),
        ...times(4, failing, "429"),
        ...subject.undo,
      ]);
      emu.store.faults.clear();
      await command();
      await expect(upCatching(subject, "long-storm")).resolves.toBeUndefined();
      expect(subject.observe()).toEqual(subject.applied());
      expect(writes()).toEqual(ok(subject.creates));
      await finish(subject, "long-storm", [message ?? ""]);
    }, 30_000);

    it("rides out a 5xx burst", async () => {
      await command();
      fault(subject, { times: 2, action: { kind: "fail", status: 503 } });
      await expect(upCatching(subject, "burst")).resolves.toBeUndefined();
      expect(subject.observe()).toEqual(subject.applied());
      expect(writes()).toEqual([...times(2, first, "503"), ...ok(subject.creates)]);
      await finish(subject, "burst");
    }, 30_000);

    it("fails cleanly when 5xx outlast its retries, and the next up succeeds", async () => {
      await command();
      fault(subject, { nth: subject.laterWrite, times: 100, action: { kind: "fail", status: 500 } });
      const message = await upCatching(subject, "long-burst");
      expect(message).toBe(subject.failure(500, SERVER_FAILED));
      expect(subject.observe()).toEqual(subject.untouched());
      const failing = subject.creates[subject.laterWrite - 1];
      expect(writes()).toEqual([
        ...ok(subject.creates.slice(0, subject.laterWrite - 1)),
        ...times(4, failing, "500"),
        ...subject.undo,
      ]);
      emu.store.faults.clear();
      await command();
      await expect(upCatching(subject, "long-burst")).resolves.toBeUndefined();
      expect(subject.observe()).toEqual(subject.applied());
      await finish(subject, "long-burst", [message ?? ""]);
    }, 30_000);

    it("survives a timeout whose request still commits after the client gave up", async () => {
      await command();
      fault(subject, { times: 1, action: { kind: "latency", ms: SLOW_MS } });
      await expect(upCatching(subject, "slow")).resolves.toBeUndefined();
      // The slow request is answered only now; whatever it did, the account must read as declared.
      await sleep(SLOW_MS);
      expect(subject.observe()).toEqual(subject.applied());
      // A name is created once: the late original is refused as a duplicate (400); a PATCH is
      // idempotent, so the late one sets the same value again.
      const late = first?.startsWith("POST") === true ? "400" : "200";
      expect(writes()).toEqual([`${String(first)} ${late}`, ...ok(subject.creates)]);
      await finish(subject, "slow");
    }, 30_000);

    it("survives a connection reset after the change was committed", async () => {
      await command();
      fault(subject, { times: 1, action: { kind: "drop", when: "after-commit" } });
      await expect(upCatching(subject, "reset")).resolves.toBeUndefined();
      expect(subject.observe()).toEqual(subject.applied());
      // A created name is found by reading the set back, so it is not sent again; a PATCH is.
      const resent = first?.startsWith("POST") === true ? rest : subject.creates;
      expect(writes()).toEqual([`${String(first)} dropped-after-commit`, ...ok(resent)]);
      await finish(subject, "reset");
    }, 30_000);
  });

  describe("AccountNameserverSet update and delete", () => {
    const cls: ResourceClass = "AccountNameserverSet";
    const NAMES = ["ns1.host.example", "ns2.host.example"];
    const set4 = (): string[] => allNames().filter((n) => n.startsWith("4:"));
    const args = (names: string[]): PropertyMap =>
      inputs(cls, { accountId: ACME, nsSet: 4, nameservers: names });

    it("survives a reset after commit while adding a name in an update", async () => {
      const name = urn(cls, "update-reset");
      await command();
      await h.stack.up(name, args(NAMES));
      await command();
      emu.store.faults.add({
        method: "POST",
        path: "/accounts/*/custom_ns",
        action: { kind: "drop", when: "after-commit" },
      });
      const updated = await h.stack.up(name, args([...NAMES, "ns3.host.example"]));
      expect(updated.op).toBe("update");
      expect(set4()).toEqual(["4:ns1.host.example", "4:ns2.host.example", "4:ns3.host.example"]);
      expect(writes()).toEqual([`POST ${NS_PATH} dropped-after-commit`]);
      await command();
      await h.stack.destroy(name);
      expect(set4()).toEqual([]);
    }, 30_000);

    it("survives a reset after commit while deleting", async () => {
      const name = urn(cls, "delete-reset");
      await command();
      await h.stack.up(name, args(NAMES));
      await command();
      emu.store.faults.add({
        method: "DELETE",
        path: "/accounts/*/custom_ns/*",
        action: { kind: "drop", when: "after-commit" },
      });
      await h.stack.destroy(name);
      expect(set4()).toEqual([]);
      expect(writes()).toEqual([
        `DELETE ${NS_PATH}/ns1.host.example dropped-after-commit`,
        `DELETE ${NS_PATH}/ns2.host.example 200`,
      ]);
    }, 30_000);

    it("reports a half-done delete, keeps the resource, and the next destroy finishes it", async () => {
      const name = urn(cls, "delete-burst");
      await command();
      await h.stack.up(name, args(NAMES));
      await command();
      emu.store.faults.add({
        method: "DELETE",
        path: "/accounts/*/custom_ns/*",
        nth: 2,
        times: 100,
        action: { kind: "fail", status: 500 },
      });
      const message = await h.stack.destroy(name).then(
        () => undefined,
        (err: unknown) => (isProviderRpcError(err) ? err.details : String(err)),
      );
      expect(message).toBe(
        `AccountNameserverSet nameservers "ns2.host.example": delete custom nameserver "ns2.host.example" from account ` +
          `${ACME} failed after 4 attempts: DELETE ${NS_PATH}/ns2.host.example answered HTTP 500 with Cloudflare ` +
          `error 1190 "injected fault fault-1: HTTP 500 for DELETE /client/v4${NS_PATH}/ns2.host.example (matching ` +
          `request 5)"; ${SERVER_FAILED}. The set is not fully deleted: "ns1.host.example" was deleted before the ` +
          `failure; run pulumi destroy (or up) again to finish.`,
      );
      expect(set4()).toEqual(["4:ns2.host.example"]);
      expect(h.stack.get(name)?.id).toBe(`${ACME}/4`);
      emu.store.faults.clear();
      await command();
      await h.stack.destroy(name);
      expect(set4()).toEqual([]);
      expect(writes()).toEqual([`DELETE ${NS_PATH}/ns2.host.example 200`]);
      expect(h.findLeaks(TOKEN, [{ where: "error", text: message ?? "" }])).toEqual([]);
    }, 30_000);
  });
});
