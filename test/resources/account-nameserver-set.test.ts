/**
 * AccountNameserverSet through its serialized provider's methods (which load the built run-time
 * module by name, as the provider host does) against the emulator: the whole lifecycle, faults,
 * adoption, refusals, check failures, the live-check cache and preview unknowns.
 */
import { accountNameserverSetProvider as provider } from "../../provider/resources";
import { deriveNameserverRecords } from "../../provider/emulator";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, TOKEN, ZONES, catchError, countRequests, useRuntime } from "./use-runtime";

const emulator = useEmulator();
const { configure, runtime } = useRuntime(emulator);

const LIST = "GET /accounts/{account_id}/custom_ns";
const CREATE = "POST /accounts/{account_id}/custom_ns";

function glue(nsName: string): { nsName: string; ipv4: string; ipv6: string } {
  const [a, aaaa] = deriveNameserverRecords(nsName);
  return { nsName, ipv4: a?.value ?? "", ipv6: aaaa?.value ?? "" };
}

function liveSet(nsSet: number): string[] {
  return emulator.store
    .listNameservers(ACCOUNT)
    .filter((ns) => ns.ns_set === nsSet)
    .map((ns) => ns.ns_name);
}

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<unknown> {
  const result = await provider.check?.(olds, news);
  expect(result?.failures ?? []).toEqual([]);
  return result?.inputs;
}

describe("lifecycle", () => {
  test("create, no-op diff, update, drift shown by read, drift corrected, delete", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["NS2.Set4.Example.", "ns1.set4.example"],
    });
    expect(inputs).toEqual({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
      adopt: false,
    });

    emulator.store.requestLog.clear();
    const created = await provider.create(inputs);
    expect(countRequests(emulator)).toEqual({ [LIST]: 1, [CREATE]: 2 });
    const id = `${ACCOUNT}/4`;
    expect(created).toEqual({
      id,
      outs: {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns2.set4.example"],
        glueRecords: [glue("ns1.set4.example"), glue("ns2.set4.example")],
      },
    });
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);

    // The same program again (a new pulumi run: a new provider process): nothing to do, whatever
    // the serialized provider looks like.
    await configure();
    const again = await checked(
      { accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] },
      inputs as Record<string, unknown>,
    );
    expect(
      await provider.diff?.(
        id,
        { ...created.outs, __provider: "old text" },
        { ...(again as object), __provider: "new text" },
      ),
    ).toEqual({
      changes: false,
    });

    const grown = await checked(
      {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns2.set4.example", "ns3.set4.example"],
      },
      inputs as Record<string, unknown>,
    );
    expect(await provider.diff?.(id, created.outs, grown)).toEqual({ changes: true });
    emulator.store.requestLog.clear();
    const updated = await provider.update?.(id, created.outs, grown);
    expect(updated).toEqual({
      outs: {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns2.set4.example", "ns3.set4.example"],
        glueRecords: [glue("ns1.set4.example"), glue("ns2.set4.example"), glue("ns3.set4.example")],
      },
    });
    expect(countRequests(emulator)).toEqual({ [LIST]: 1, [CREATE]: 1 });

    // Out of band: one name removed, another added.
    emulator.store.deleteNameserver(ACCOUNT, "ns2.set4.example");
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns9.set4.example", ns_set: 4 });
    emulator.store.requestLog.clear();
    const refreshed = await provider.read?.(id, updated?.outs);
    expect(countRequests(emulator)).toEqual({ [LIST]: 1 });
    expect(refreshed).toEqual({
      id,
      props: {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns3.set4.example", "ns9.set4.example"],
        glueRecords: [glue("ns1.set4.example"), glue("ns3.set4.example"), glue("ns9.set4.example")],
      },
      inputs: {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns3.set4.example", "ns9.set4.example"],
      },
    });
    expect(await provider.diff?.(id, refreshed?.props, grown)).toEqual({ changes: true });
    const corrected = await provider.update?.(id, refreshed?.props, grown);
    expect(corrected?.outs).toEqual(updated?.outs);
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example", "ns3.set4.example"]);

    // pulumi destroy: a new provider process, which has seen no check.
    await configure();
    await provider.delete?.(id, corrected?.outs);
    expect(liveSet(4)).toEqual([]);
    // Gone: an empty id tells the engine to drop the resource on refresh.
    expect(await provider.read?.(id, corrected?.outs)).toEqual({});
  });

  test("an update that swaps every name of a full set never holds more than 5 names", async () => {
    const full = ["a", "b", "c", "d", "e"].map((l) => `${l}.full.example`);
    const inputs = await checked({ accountId: ACCOUNT, nsSet: 5, nameservers: full });
    const created = await provider.create(inputs);
    const next = ["f", "g", "h"].map((l) => `${l}.full.example`);
    const news = await checked({ accountId: ACCOUNT, nsSet: 5, nameservers: [...full.slice(0, 2), ...next] });
    emulator.store.requestLog.clear();
    await provider.update?.(created.id, created.outs, news);
    expect(liveSet(5)).toEqual([
      "a.full.example",
      "b.full.example",
      "f.full.example",
      "g.full.example",
      "h.full.example",
    ]);
    // Each add needed a remove first: remove c, add f, remove d, add g, remove e, add h.
    const steps = emulator.store.requestLog
      .list()
      .filter((r) => r.method !== "GET")
      .map((r) => `${r.method} ${r.path.split("/").pop() ?? ""}`);
    expect(steps).toEqual([
      "DELETE c.full.example",
      "POST custom_ns",
      "DELETE d.full.example",
      "POST custom_ns",
      "DELETE e.full.example",
      "POST custom_ns",
    ]);
  });

  test("diff: nsSet or accountId replace; a set keeping names across numbers is deleted first", async () => {
    const outs = {
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.x.example", "ns2.x.example"],
      glueRecords: [],
    };
    expect(await provider.diff?.("id", outs, { ...outs, nsSet: 5, adopt: false })).toEqual({
      changes: true,
      replaces: ["nsSet"],
      deleteBeforeReplace: true,
    });
    expect(
      await provider.diff?.("id", outs, {
        ...outs,
        nsSet: 5,
        nameservers: ["ns7.x.example", "ns8.x.example"],
      }),
    ).toEqual({ changes: true, replaces: ["nsSet"], deleteBeforeReplace: false });
    const otherAccount = "0123456789abcdef0123456789abcdef";
    expect(await provider.diff?.("id", outs, { ...outs, accountId: otherAccount })).toEqual({
      changes: true,
      replaces: ["accountId"],
      deleteBeforeReplace: false,
    });
    // Order, case and a trailing dot are not changes; adopt is not either.
    expect(
      await provider.diff?.("id", outs, {
        ...outs,
        nameservers: ["NS2.x.example.", "ns1.x.example"],
        adopt: true,
      }),
    ).toEqual({ changes: false });
    // State from an older version without nsSet is not a replace by itself.
    expect(
      await provider.diff?.("id", { accountId: ACCOUNT, nameservers: outs.nameservers }, { ...outs }),
    ).toEqual({
      changes: false,
    });
  });
});

describe("all or nothing", () => {
  test("a create whose second name fails removes the first again and reports it", async () => {
    await configure({ "cloudflare-acns:maxAttempts": "2" });
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/custom_ns",
      nth: 2,
      times: 2,
      action: { kind: "fail", status: 500 },
    });
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const err = await catchError(provider.create(inputs));
    expect(err.message).toBe(
      `AccountNameserverSet nameservers "ns2.set4.example": create custom nameserver "ns2.set4.example" in set 4 ` +
        `of account ${ACCOUNT} failed after 2 attempts: POST /accounts/${ACCOUNT}/custom_ns answered HTTP 500 with ` +
        `Cloudflare error 1190 "injected fault fault-1: HTTP 500 for POST /client/v4/accounts/${ACCOUNT}/custom_ns ` +
        `(matching request 3)"; Cloudflare failed on its side; retry later. Nothing was changed ` +
        `("ns1.set4.example" removed again).`,
    );
    expect(liveSet(4)).toEqual([]);
  });

  test("a name committed before its connection dropped counts once, and a retry completes the create", async () => {
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/custom_ns",
      nth: 2,
      action: { kind: "drop", when: "after-commit" },
    });
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const created = await provider.create(inputs);
    expect(created.outs.nameservers).toEqual(["ns1.set4.example", "ns2.set4.example"]);
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
  });

  test("when undoing fails too, the message names what is left and how to recover", async () => {
    await configure({ "cloudflare-acns:maxAttempts": "1" });
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/custom_ns",
      nth: 2,
      action: { kind: "fail", status: 503 },
    });
    emulator.store.faults.add({
      method: "DELETE",
      path: "/accounts/*/custom_ns/*",
      action: { kind: "fail", status: 503 },
    });
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const err = await catchError(provider.create(inputs));
    expect(err.message).toContain(
      `Undoing the earlier steps failed, so set 4 of account ${ACCOUNT} is left changed: "ns1.set4.example" is ` +
        `still in set 4; they are not in Pulumi's state: delete them in the Cloudflare dashboard or API, or run ` +
        `pulumi up again with adopt: true.`,
    );
    expect(liveSet(4)).toEqual(["ns1.set4.example"]);
  });

  test("an update that fails half way is undone", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const created = await provider.create(inputs);
    await configure({ "cloudflare-acns:maxAttempts": "1" });
    emulator.store.faults.add({
      method: "DELETE",
      path: "/accounts/*/custom_ns/*",
      action: { kind: "fail", status: 500 },
    });
    const news = await checked(
      { accountId: ACCOUNT, nsSet: 4, nameservers: ["ns2.set4.example", "ns3.set4.example"] },
      inputs as Record<string, unknown>,
    );
    const err = await catchError(provider.update?.(created.id, created.outs, news) ?? Promise.resolve());
    expect(err.message).toMatch(
      /^AccountNameserverSet nameservers "ns1\.set4\.example": delete custom nameserver "ns1\.set4\.example" .* Nothing was changed \("ns3\.set4\.example" removed again\)\.$/,
    );
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
  });
});

describe("existing names and adoption", () => {
  const SET3 = ["ns1.acme-dns.example", "ns2.acme-dns.example"];

  test("check refuses a set number that holds names this stack does not manage", async () => {
    const result = await provider.check?.(
      {},
      { accountId: ACCOUNT, nsSet: 3, nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"] },
    );
    expect(result?.failures).toEqual([
      {
        property: "nsSet",
        reason:
          `nsSet: set 3 of account ${ACCOUNT} already holds "ns1.acme-dns.example" and "ns2.acme-dns.example", ` +
          "and this resource has no record of managing them. If this stack manages set 3 under another resource " +
          "name (a rename, or a move into AccountCustomNameservers), add the old name to this resource's aliases " +
          '(e.g. aliases: [{ name: "<old name>" }], or { parent: pulumi.rootStackResource } when it moved into a ' +
          "component) so Pulumi keeps managing the same set; to take over a set made outside this stack, set " +
          "adopt: true (its names that nameservers does not list are then removed); or choose a free set (4 or 5)",
      },
    ]);
  });

  test("create refuses existing names without adopt and changes nothing", async () => {
    const inputs = {
      accountId: ACCOUNT,
      nsSet: 3,
      nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"],
      adopt: false,
    };
    const err = await catchError(provider.create(inputs));
    expect(err.message).toBe(
      `AccountNameserverSet nameservers ["ns1.acme-dns.example","ns3.acme-dns.example"]: set 3 of account ${ACCOUNT} ` +
        `already holds "ns1.acme-dns.example" (declared here) and "ns2.acme-dns.example"; this resource never takes ` +
        "over existing names silently; set adopt: true to manage the existing set (its names that nameservers does " +
        "not list are then removed), or choose another set or other names",
    );
    expect(liveSet(3)).toEqual(SET3);
  });

  test("adopt takes the set over: keeps declared names, adds missing ones, removes the rest", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 3,
      nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"],
      adopt: true,
    });
    const created = await provider.create(inputs);
    expect(created.outs).toEqual({
      accountId: ACCOUNT,
      nsSet: 3,
      nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"],
      glueRecords: [glue("ns1.acme-dns.example"), glue("ns3.acme-dns.example")],
      foundNameservers: SET3,
    });
    expect(liveSet(3)).toEqual(["ns1.acme-dns.example", "ns3.acme-dns.example"]);
  });

  test("deleting an adopted set restores the names it found, though a zone uses the set", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 3,
      nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"],
      adopt: true,
    });
    const created = await provider.create(inputs);
    await configure(); // pulumi destroy: a new provider process
    emulator.store.requestLog.clear();
    await provider.delete?.(`${ACCOUNT}/3`, created.outs);
    expect(liveSet(3)).toEqual(SET3);
    expect(
      emulator.store.requestLog
        .list()
        .filter((r) => r.method !== "GET")
        .map((r) => `${r.method} ${r.path}`),
    ).toEqual([
      `POST /accounts/${ACCOUNT}/custom_ns`,
      `DELETE /accounts/${ACCOUNT}/custom_ns/ns3.acme-dns.example`,
    ]);
  });

  test("deleting an adopted set that was taken over as it was writes nothing and reads no zone", async () => {
    const created = await provider.create(
      await checked({ accountId: ACCOUNT, nsSet: 3, nameservers: SET3, adopt: true }),
    );
    await configure();
    emulator.store.requestLog.clear();
    await provider.delete?.(`${ACCOUNT}/3`, created.outs);
    expect(liveSet(3)).toEqual(SET3);
    expect(countRequests(emulator)).toEqual({ [LIST]: 1 });
  });

  test("a set this stack manages may hold out-of-band names: that is drift, not a refusal", async () => {
    const olds = { accountId: ACCOUNT, nsSet: 3, nameservers: SET3, adopt: false };
    await checked(
      { accountId: ACCOUNT, nsSet: 3, nameservers: ["ns1.acme-dns.example", "ns3.acme-dns.example"] },
      olds,
    );
  });

  test("a name of another set is refused by check and by create, adopt or not", async () => {
    const news = {
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns3.example.net", "ns9.example.net"],
      adopt: true,
    };
    const result = await provider.check?.({}, news);
    expect(result?.failures).toEqual([
      {
        property: "nameservers",
        reason:
          `nameservers: nameserver "ns3.example.net" already belongs to set 2 of account ${ACCOUNT}; a name can ` +
          "belong to one set only; remove it from set 2 first, or choose another name; if the AccountNameserverSet " +
          "that manages set 2 drops it in this same update, list that resource in this one's dependsOn so its " +
          "update runs first (AccountCustomNameservers orders its own sets)",
      },
    ]);
    const err = await catchError(provider.create(news));
    expect(err.message).toBe(
      `AccountNameserverSet nameservers ["ns3.example.net","ns9.example.net"]: "ns3.example.net" is in set 2 of ` +
        `account ${ACCOUNT}; a name can belong to one set only, and adopt never moves a name between sets; remove ` +
        "it from set 2 first, or choose another name",
    );
    expect(liveSet(4)).toEqual([]);
  });
});

describe("renumbering", () => {
  const SET3 = ["ns1.acme-dns.example", "ns2.acme-dns.example"];
  const olds = { accountId: ACCOUNT, nsSet: 3, nameservers: SET3, adopt: false };

  test("an unused set passes both checks the engine runs on a replacement (the second one has no olds)", async () => {
    emulator.store.setZoneNameservers(ZONES["shop.eu.example.com"], { type: "cloudflare.standard" });
    await checked({ accountId: ACCOUNT, nsSet: 4, nameservers: SET3 }, olds);
    await checked({ accountId: ACCOUNT, nsSet: 4, nameservers: SET3 });
  });

  test("the second check alone, with no first check that saw the renumbering, is refused", async () => {
    emulator.store.setZoneNameservers(ZONES["shop.eu.example.com"], { type: "cloudflare.standard" });
    const result = await provider.check?.({}, { accountId: ACCOUNT, nsSet: 4, nameservers: SET3 });
    expect(result?.failures?.map((f) => f.property)).toEqual(["nameservers", "nameservers"]);
  });

  test("a set that zones use is refused at the first check, naming the zones and what works", async () => {
    const result = await provider.check?.(olds, { accountId: ACCOUNT, nsSet: 4, nameservers: SET3 });
    expect(result?.failures).toEqual([
      {
        property: "nsSet",
        reason:
          `nsSet: set 3 of account ${ACCOUNT} cannot become set 4 while zones use it: "shop.eu.example.com"; a name ` +
          `belongs to one set only and Cloudflare cannot renumber a set, so its names ("ns1.acme-dns.example" and ` +
          `"ns2.acme-dns.example") would leave set 3 before set 4 could hold them, and that zone would be on a set ` +
          `with fewer than 2 names meanwhile; keep nsSet 3, or move it to another set first (one with other names, ` +
          `which needs a delegation change at the registrar), renumber, then move it back`,
      },
    ]);
  });

  test("a set of 4 names in use is told the two-update path", async () => {
    const four = [
      "ns1.acme-dns.example",
      "ns2.acme-dns.example",
      "ns3.acme-dns.example",
      "ns4.acme-dns.example",
    ];
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns3.acme-dns.example", ns_set: 3 });
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns4.acme-dns.example", ns_set: 3 });
    const result = await provider.check?.(
      { ...olds, nameservers: four },
      { accountId: ACCOUNT, nsSet: 4, nameservers: four },
    );
    expect(result?.failures?.[0]?.reason).toMatch(
      /; keep nsSet 3, or renumber in two updates: first give set 4 "ns1\.acme-dns\.example" and "ns2\.acme-dns\.example" \(kept out of set 3's nameservers\) and move it to set 4, then move the other names$/,
    );
  });
});

describe("one program", () => {
  test("two sets of one program declaring one name are refused at check", async () => {
    await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.shared.example", "ns2.shared.example"],
    });
    const result = await provider.check?.(
      {},
      { accountId: ACCOUNT, nsSet: 5, nameservers: ["ns2.shared.example", "ns3.shared.example"] },
    );
    expect(result?.failures).toEqual([
      {
        property: "nameservers",
        reason:
          `nameservers: nameserver "ns2.shared.example" is also declared for set 4 of account ${ACCOUNT} by another ` +
          "AccountNameserverSet of this program; a name can belong to one set only; remove it from one of them",
      },
    ]);
  });
});

describe("after an interrupted run", () => {
  test("a set holding only names this resource declares, used by no zone, is taken over with a warning", async () => {
    // A create killed after its first POST left ns1 in set 4; the stack never recorded it.
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns1.set4.example", ns_set: 4 });
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const captured = runtime.captureWarnings();
    let created;
    try {
      created = await provider.create(inputs);
    } finally {
      captured.restore();
    }
    expect(captured.warnings).toEqual([
      `AccountNameserverSet set 4 of account ${ACCOUNT}: it already held "ns1.set4.example", all declared ` +
        `here and used by no zone, as an interrupted create of this resource leaves it; taking them over as this ` +
        `resource's own`,
    ]);
    expect(created.outs.foundNameservers).toBeUndefined();
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
  });

  test("a set holding a name this resource does not declare is still refused", async () => {
    emulator.store.createNameserver(ACCOUNT, { ns_name: "ns7.other.example", ns_set: 4 });
    const result = await provider.check?.(
      {},
      { accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] },
    );
    expect(result?.failures?.map((f) => f.property)).toEqual(["nsSet"]);
  });

  test("up restores names lost since the state was written (an interrupted destroy), without a refresh", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const created = await provider.create(inputs);
    emulator.store.deleteNameserver(ACCOUNT, "ns1.set4.example");
    await configure(); // the next pulumi up
    const news = await checked(
      { accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] },
      inputs as Record<string, unknown>,
    );
    expect(await provider.diff?.(`${ACCOUNT}/4`, created.outs, news)).toEqual({ changes: true });
    await provider.update?.(`${ACCOUNT}/4`, created.outs, news);
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
  });
});

describe("delete", () => {
  test("leaves the names alone when another resource of the same update declares the set (a rename)", async () => {
    const created = await provider.create(
      await checked({ accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] }),
    );
    // The next update: the set under a new resource name (adopt: true takes it over), then the old
    // resource's delete, which the engine runs last in the same provider process.
    await configure();
    const renamed = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
      adopt: true,
    });
    await provider.create(renamed);
    emulator.store.requestLog.clear();
    await provider.delete?.(`${ACCOUNT}/4`, created.outs);
    expect(liveSet(4)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
    expect(emulator.store.requestLog.list()).toEqual([]);
  });

  test("refuses while zones use the set, naming them, and deletes nothing", async () => {
    const id = `${ACCOUNT}/1`;
    const state = await provider.read?.(id, {});
    const err = await catchError(provider.delete?.(id, state?.props) ?? Promise.resolve());
    expect(err.message).toBe(
      `AccountNameserverSet nsSet 1: cannot delete set 1 of account ${ACCOUNT} while zones use it: ` +
        '"10.in-addr.arpa" and "example.com"; move those zones to another set or off account custom nameservers ' +
        "first (change or delete their ZoneAcnsBinding), then delete the set again",
    );
    expect(liveSet(1)).toEqual(["ns1.example.net", "ns2.example.net"]);
  });

  test("a set already gone deletes quietly", async () => {
    await provider.delete?.(`${ACCOUNT}/4`, {
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.gone.example"],
    });
    expect(countRequests(emulator)).toEqual({ [LIST]: 1 });
  });

  test("read and delete refuse an id of the wrong form", async () => {
    const err = await catchError(provider.read?.("not-an-id", {}) ?? Promise.resolve());
    expect(err.message).toBe(
      'AccountNameserverSet id "not-an-id": not an id of this resource; it reads "<accountId>/<nsSet>", the ' +
        `account's 32-hex id and the set number 1-5, e.g. "${"0".repeat(32)}/1"`,
    );
  });
});

describe("check", () => {
  test("reports every input problem with the property, the value and the fix", async () => {
    const result = await provider.check?.(
      {},
      {
        accountId: "ACME",
        nsSet: 7,
        nameservers: ["-bad.example", "ns1.example.org", "NS1.example.org."],
        nsset: 2,
      },
    );
    expect(result?.failures).toEqual([
      {
        property: "nsset",
        reason: 'nsset: AccountNameserverSet has no input "nsset"; did you mean "nsSet"?',
      },
      {
        property: "accountId",
        reason:
          'accountId of AccountNameserverSet must be a Cloudflare id (32 lowercase hex characters), got "ACME" ' +
          "(a string); copy it from the Cloudflare dashboard or API",
      },
      {
        property: "nsSet",
        reason:
          "nsSet of AccountNameserverSet is 7, which is outside 1-5; Cloudflare numbers sets 1 to 5; use a set " +
          "number from 1 to 5",
      },
      {
        property: "nameservers",
        reason:
          'nameservers[0]: nameserver "-bad.example" in set 1 is not a valid hostname: label "-bad" starts with a ' +
          "hyphen; remove the hyphen",
      },
      {
        property: "nameservers",
        reason:
          'nameservers[2]: nameserver "ns1.example.org" is listed twice in set 1 (nameservers[1] and ' +
          "nameservers[2]); list each name once",
      },
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("create re-checks its inputs and refuses invalid ones without an API call", async () => {
    const err = await catchError(
      provider.create({ accountId: ACCOUNT, nsSet: 9, nameservers: ["a.example", "b.example"] }),
    );
    expect(err.message).toBe(
      "AccountNameserverSet inputs are not valid: nsSet of AccountNameserverSet is 9, which is outside 1-5; " +
        "Cloudflare numbers sets 1 to 5; use a set number from 1 to 5",
    );
    expect(countRequests(emulator)).toEqual({});
  });

  test("a set needs 2-5 names", async () => {
    const one = await provider.check?.({}, { accountId: ACCOUNT, nameservers: ["ns1.example.org"] });
    expect(one?.failures).toEqual([
      {
        property: "nameservers",
        reason:
          'nameservers: set 1 has 1 nameserver ("ns1.example.org"); a set needs 2-5 distinct names before zones ' +
          "can use it; add at least 1 more",
      },
    ]);
    const missing = await provider.check?.({}, { accountId: ACCOUNT });
    expect(missing?.failures).toEqual([
      {
        property: "nameservers",
        reason: "nameservers: set 1 has no nameservers; add a list of 2-5 hostnames",
      },
    ]);
  });

  test("names that are not a list of hostnames are refused with the validator's wording", async () => {
    const reasons = async (nameservers: unknown): Promise<unknown> =>
      (await provider.check?.({}, { accountId: ACCOUNT, nsSet: 2, nameservers }))?.failures;
    expect(await reasons("ns1.example.org")).toEqual([
      {
        property: "nameservers",
        reason:
          'nameservers of set 2 must be a list, got "ns1.example.org" (a string); write a list of 2-5 hostnames',
      },
    ]);
    expect(await reasons(["ns1.example.org", 7])).toEqual([
      {
        property: "nameservers",
        reason:
          'nameservers[1] of set 2 must be a string, got 7 (a number); write a hostname such as "ns1.example.com"',
      },
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("unknown inputs during preview are kept and cost no API call", async () => {
    const result = await provider.check?.(
      {},
      { accountId: UNKNOWN_VALUE, nameservers: ["ns1.set4.example", UNKNOWN_VALUE] },
    );
    expect(result).toEqual({
      inputs: {
        accountId: UNKNOWN_VALUE,
        nsSet: 1,
        nameservers: ["ns1.set4.example", UNKNOWN_VALUE],
        adopt: false,
      },
    });
    const known = await provider.check?.({}, { accountId: ACCOUNT, nsSet: 4, nameservers: UNKNOWN_VALUE });
    expect(known?.failures).toBeUndefined();
    // A known bad name is still refused while another is unknown.
    const bad = await provider.check?.(
      {},
      { accountId: ACCOUNT, nameservers: ["bad..example", UNKNOWN_VALUE] },
    );
    expect(bad?.failures?.map((f) => f.reason)).toEqual([
      'nameservers[0]: nameserver "bad..example" in set 1 is not a valid hostname: it has an empty label (a leading dot or two dots in a row); remove the extra dot',
    ]);
    expect(countRequests(emulator)).toEqual({});
    const outs = { accountId: ACCOUNT, nsSet: 4, nameservers: ["a.example", "b.example"], glueRecords: [] };
    expect(await provider.diff?.("id", outs, { ...outs, nameservers: ["a.example", UNKNOWN_VALUE] })).toEqual(
      {
        changes: true,
      },
    );
    expect(await provider.diff?.("id", outs, { ...outs, nsSet: UNKNOWN_VALUE })).toEqual({
      changes: true,
      replaces: ["nsSet"],
      deleteBeforeReplace: true,
    });
    expect(countRequests(emulator)).toEqual({});
  });

  test("unknown names are judged by the core validator: a lone unknown is too few, known names keep their checks", async () => {
    const lone = await provider.check?.({}, { accountId: ACCOUNT, nameservers: [UNKNOWN_VALUE] });
    expect(lone?.failures?.map((f) => f.reason)).toEqual([
      "nameservers: set 1 has 1 nameserver (not known until apply); a set needs 2-5 distinct names before " +
        "zones can use it; add at least 1 more",
    ]);
    // Two unknowns may be one name, or repeat a known one: no size verdict yet, and the unknowns stay.
    const open = await provider.check?.(
      {},
      {
        accountId: UNKNOWN_VALUE,
        nsSet: 4,
        nameservers: [UNKNOWN_VALUE, "NS1.set4.example.", UNKNOWN_VALUE],
      },
    );
    expect(open).toEqual({
      inputs: {
        accountId: UNKNOWN_VALUE,
        nsSet: 4,
        nameservers: [UNKNOWN_VALUE, "ns1.set4.example", UNKNOWN_VALUE],
        adopt: false,
      },
    });
    // With the set number unknown, a message no longer names set 1.
    const numberUnknown = await provider.check?.(
      {},
      { accountId: ACCOUNT, nsSet: UNKNOWN_VALUE, nameservers: ["a.example", UNKNOWN_VALUE, "A.example"] },
    );
    expect(numberUnknown?.failures?.map((f) => f.reason)).toEqual([
      'nameservers[2]: nameserver "a.example" is listed twice in the set whose number is not known yet ' +
        "(nameservers[0] and nameservers[2]); list each name once",
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("the account is listed once per provider process, however many sets it checks", async () => {
    await checked({ accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] });
    await checked({ accountId: ACCOUNT, nsSet: 5, nameservers: ["ns1.set5.example", "ns2.set5.example"] });
    await checked({ accountId: ACCOUNT, nsSet: 4, nameservers: ["ns1.set4.example", "ns2.set4.example"] });
    expect(countRequests(emulator)).toEqual({ [LIST]: 1 });
  });

  test("an account outside the token's reach is a check failure on accountId", async () => {
    const result = await provider.check?.(
      {},
      { accountId: "0123456789abcdef0123456789abcdef", nameservers: ["a.x.example", "b.x.example"] },
    );
    expect(result?.failures).toEqual([
      {
        property: "accountId",
        reason:
          'accountId "0123456789abcdef0123456789abcdef": Cloudflare refuses these credentials access to this ' +
          'account (HTTP 403, error 10000 "Forbidden"); check the id, and that the API token may act ' +
          "on this account",
      },
    ]);
  });
});

describe("credentials", () => {
  test("no token or key appears in outputs, state, or errors", async () => {
    await configure({ "cloudflare-acns:maxAttempts": "1" });
    const inputs = await checked({
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.set4.example", "ns2.set4.example"],
    });
    const created = await provider.create(inputs);
    const read = await provider.read?.(created.id, created.outs);
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/custom_ns",
      action: { kind: "fail", status: 401 },
    });
    const err = await catchError(provider.create({ ...(inputs as object), nsSet: 5 }));
    const seen = JSON.stringify([inputs, created, read, err.message, err.stack]);
    expect(seen).not.toContain(TOKEN);
  });

  test("a wrong token fails with a message that names the fix, not the token", async () => {
    await configure({
      "cloudflare:apiToken": "wrong-secret-token-value",
      "cloudflare-acns:maxAttempts": "1",
    });
    const err = await catchError(
      provider.create({
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["ns1.set4.example", "ns2.set4.example"],
      }),
    );
    expect(err.message).not.toContain("wrong-secret-token-value");
    expect(err.message).toBe(
      `AccountNameserverSet accountId "${ACCOUNT}": list custom nameservers of account ${ACCOUNT} failed after 1 ` +
        `attempt: GET /accounts/${ACCOUNT}/custom_ns answered HTTP 403 with Cloudflare error 1000 ` +
        '"Invalid API Token"; check that the API token (or key and email) is valid and allowed to act on this ' +
        "account or zone",
    );
  });
});
