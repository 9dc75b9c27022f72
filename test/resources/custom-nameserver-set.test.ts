/**
 * CustomNameserverSet through its serialized provider's methods (which load the built run-time
 * module by name, as the provider host does) against the emulator: the lifecycle (create, no-op,
 * replace, read, import from the id alone, delete), delete refused while a zone uses the set, a
 * lost create answer, check failures, and what check leaves to the API.
 */
import * as pulumi from "@pulumi/pulumi";
import type { NameserverSet } from "../../provider/core/custom-nameserver-sets";
import { RUNTIME_MODULE, customNameserverSetProvider as provider } from "../../provider/resources";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, TOKEN, ZONES, catchError, countRequests, useRuntime } from "./use-runtime";

const emulator = useEmulator();
const { configure } = useRuntime(emulator);

const SETS = "/accounts/{account_id}/dns_settings/nameserver_sets";
const LIST = `GET ${SETS}`;
const CREATE = `POST ${SETS}`;
const GET_ONE = `GET ${SETS}/{nameserver_set_id}`;
const DELETE = `DELETE ${SETS}/{nameserver_set_id}`;
const LIST_ZONES = "GET /zones";
const ZONE_SETTINGS = "GET /zones/{zone_id}/dns_settings";

const NAMES = ["ns1.cns.example", "ns2.cns.example"];

/** The account's zones: a set's delete reads each one's settings. */
function zoneCount(): number {
  return [...emulator.store.zones.values()].filter((z) => z.accountId === ACCOUNT).length;
}

function liveSets(): NameserverSet[] {
  return emulator.store.listNameserverSets(ACCOUNT);
}

/** The glue of a live set as the outputs must repeat it. */
function glueOf(setId: string): unknown[] {
  const set = emulator.store.getNameserverSet(ACCOUNT, setId);
  return set.nameservers.map((ns) => ({
    nsName: ns.name,
    ipv4: ns.ipv4,
    ipv6: ns.ipv6,
    ...(set.advanced ? { ipv4Groups: ns.ipv4_groups, ipv6Groups: ns.ipv6_groups } : {}),
  }));
}

async function checked(news: Record<string, unknown>, olds: Record<string, unknown> = {}): Promise<unknown> {
  const result = await provider.check?.(olds, news);
  expect(result?.failures ?? []).toEqual([]);
  return result?.inputs;
}

async function reasons(news: Record<string, unknown>): Promise<string[]> {
  const result = await provider.check?.({}, news);
  return (result?.failures ?? []).map((f) => `${f.property}: ${f.reason}`);
}

describe("lifecycle", () => {
  test("create, no-op diff, read, import from the id alone, delete, gone", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nameservers: ["NS1.Cns.Example.", "ns2.cns.example"],
    });
    expect(inputs).toEqual({ accountId: ACCOUNT, nameservers: NAMES, advanced: false, ipSet: 1 });
    expect(countRequests(emulator)).toEqual({});

    const created = await provider.create(inputs);
    expect(countRequests(emulator)).toEqual({ [LIST]: 1, [CREATE]: 1 });
    const [live] = liveSets();
    expect(liveSets()).toHaveLength(1);
    const setId = live?.id ?? "";
    const id = `${ACCOUNT}/${setId}`;
    const outs = {
      accountId: ACCOUNT,
      nameserverSetId: setId,
      nameservers: NAMES,
      advanced: false,
      ipSet: 1,
      createdOn: live?.created_on,
      glueRecords: glueOf(setId),
    };
    expect(created).toEqual({ id, outs });
    expect(outs.glueRecords).toEqual([
      { nsName: NAMES[0], ipv4: [expect.any(String)], ipv6: [expect.any(String)] },
      { nsName: NAMES[1], ipv4: [expect.any(String)], ipv6: [expect.any(String)] },
    ]);

    // The same program again (a new provider process), with a new serialized provider: nothing to do.
    await configure();
    emulator.store.requestLog.clear();
    const again = await checked(
      { accountId: ACCOUNT, nameservers: NAMES },
      inputs as Record<string, unknown>,
    );
    expect(
      await provider.diff?.(
        id,
        { ...created.outs, __provider: "old" },
        { ...(again as object), __provider: "new" },
      ),
    ).toEqual({
      changes: false,
    });
    expect(countRequests(emulator)).toEqual({});

    // Refresh: one GET of the set; the names stay as the program gave them.
    const refreshed = await provider.read?.(id, created.outs);
    expect(countRequests(emulator)).toEqual({ [GET_ONE]: 1 });
    expect(refreshed).toEqual({
      id,
      props: outs,
      inputs: { accountId: ACCOUNT, nameservers: NAMES, advanced: false, ipSet: 1 },
    });

    // Import: the id alone gives the same state and the inputs that would not replace it.
    const imported = await provider.read?.(id, {});
    expect(imported).toEqual(refreshed);
    expect(await provider.diff?.(id, imported?.props, again)).toEqual({ changes: false });

    // pulumi destroy: a new provider process, which has seen no check.
    await configure();
    emulator.store.requestLog.clear();
    await provider.delete?.(id, created.outs);
    expect(liveSets()).toEqual([]);
    expect(countRequests(emulator)).toEqual({ [LIST_ZONES]: 1, [ZONE_SETTINGS]: zoneCount(), [DELETE]: 1 });
    // Gone: an empty answer tells the engine to drop the resource on refresh; a second delete is quiet.
    expect(await provider.read?.(id, created.outs)).toEqual({});
    await provider.delete?.(id, created.outs);
  });

  test("diff: every change replaces, listing each changed input, and the new set comes first", async () => {
    const outs = {
      accountId: ACCOUNT,
      nameserverSetId: "a".repeat(32),
      nameservers: ["ns1.x.example", { name: "ns2.x.example", ipCount: 2 }],
      advanced: false,
      ipSet: 1,
      createdOn: "2026-01-01T00:00:00Z",
      glueRecords: [],
    };
    const news = { accountId: ACCOUNT, nameservers: outs.nameservers, advanced: false, ipSet: 1 };
    const replace = (...replaces: string[]): unknown => ({
      changes: true,
      replaces,
      deleteBeforeReplace: false,
    });
    expect(await provider.diff?.("id", outs, news)).toEqual({ changes: false });
    // Case and a trailing dot are not changes; an explicit count of one is the default it stands for.
    expect(
      await provider.diff?.("id", outs, {
        ...news,
        nameservers: [
          { name: "NS1.x.example.", ipCount: 1 },
          { name: "ns2.x.example", ipCount: 2 },
        ],
      }),
    ).toEqual({ changes: false });
    // Order is part of the set.
    expect(
      await provider.diff?.("id", outs, { ...news, nameservers: [...outs.nameservers].reverse() }),
    ).toEqual(replace("nameservers"));
    expect(
      await provider.diff?.("id", outs, { ...news, nameservers: ["ns1.x.example", "ns2.x.example"] }),
    ).toEqual(replace("nameservers"));
    expect(
      await provider.diff?.("id", outs, {
        ...news,
        accountId: "0123456789abcdef0123456789abcdef",
        advanced: true,
        ipSet: 2,
      }),
    ).toEqual(replace("accountId", "advanced", "ipSet"));
    expect(
      await provider.diff?.("id", outs, { ...news, nameservers: ["ns1.x.example", UNKNOWN_VALUE] }),
    ).toEqual(replace("nameservers"));
    // State from an older version without advanced/ipSet is not a replace by itself.
    expect(await provider.diff?.("id", { accountId: ACCOUNT, nameservers: outs.nameservers }, news)).toEqual({
      changes: false,
    });
  });

  test("a replacement: the new set is created, the zone moves, the old set is deleted", async () => {
    const old = await provider.create(await checked({ accountId: ACCOUNT, nameservers: NAMES }));
    const oldId = String(old.outs.nameserverSetId);
    emulator.store.setZoneNameservers(ZONES["example.net"], { type: "custom", nameserver_set_id: oldId });

    // Same names plus one: allowed beside the old set, with the same glue for the names they share.
    const grown = await checked(
      { accountId: ACCOUNT, nameservers: [...NAMES, "ns3.cns.example"] },
      old.outs as Record<string, unknown>,
    );
    expect(await provider.diff?.(old.id, old.outs, grown)).toEqual({
      changes: true,
      replaces: ["nameservers"],
      deleteBeforeReplace: false,
    });
    const next = await provider.create(grown);
    expect(liveSets().map((s) => s.id)).toEqual([oldId, next.outs.nameserverSetId]);
    expect((next.outs.glueRecords as unknown[]).slice(0, 2)).toEqual(old.outs.glueRecords);

    // The old set's delete is refused while the zone is still on it, naming it; nothing is deleted.
    emulator.store.requestLog.clear();
    const err = await catchError(provider.delete?.(old.id, old.outs) ?? Promise.resolve());
    expect(err.message).toBe(
      `CustomNameserverSet nameserverSetId "${oldId}": cannot delete Custom Nameserver Set ${oldId} of account ` +
        `${ACCOUNT} while zones use it: "example.net"; Cloudflare deletes only a set no zone uses; move that ` +
        "zone to another set first (give its ZoneAcnsBinding another nameserverSetId, or delete it), then delete " +
        "the set again",
    );
    expect(countRequests(emulator)).toEqual({ [LIST_ZONES]: 1, [ZONE_SETTINGS]: zoneCount() });
    expect(liveSets()).toHaveLength(2);

    emulator.store.setZoneNameservers(ZONES["example.net"], {
      type: "custom",
      nameserver_set_id: String(next.outs.nameserverSetId),
    });
    await provider.delete?.(old.id, old.outs);
    expect(liveSets().map((s) => s.id)).toEqual([next.outs.nameserverSetId]);
  });

  test("an advanced set: its glue has the anycast groups, and import reads the address count back", async () => {
    const inputs = await checked({
      accountId: ACCOUNT,
      nameservers: [
        { name: "ns1.adv.example", ipCount: 2 },
        { name: "ns2.adv.example", ipCount: 2 },
      ],
      advanced: true,
      ipSet: 2,
    });
    const created = await provider.create(inputs);
    const setId = String(created.outs.nameserverSetId);
    expect(created.outs).toMatchObject({ advanced: true, ipSet: 2, glueRecords: glueOf(setId) });
    expect(created.outs.glueRecords[0]).toEqual({
      nsName: "ns1.adv.example",
      ipv4: [expect.any(String), expect.any(String)],
      ipv6: [expect.any(String), expect.any(String)],
      ipv4Groups: ["a", "b"],
      ipv6Groups: ["a", "b"],
    });
    const imported = await provider.read?.(created.id, {});
    expect(imported?.inputs).toEqual({
      accountId: ACCOUNT,
      nameservers: [
        { name: "ns1.adv.example", ipCount: 2 },
        { name: "ns2.adv.example", ipCount: 2 },
      ],
      advanced: true,
      ipSet: 2,
    });
    expect(await provider.diff?.(created.id, imported?.props, inputs)).toEqual({ changes: false });
  });

  test("update is never expected: it refuses and writes nothing", async () => {
    const id = `${ACCOUNT}/${"a".repeat(32)}`;
    const err = await catchError(provider.update?.(id, {}, {}) ?? Promise.resolve());
    expect(err.message).toBe(
      `CustomNameserverSet id "${id}": a Custom Nameserver Set cannot be updated, Cloudflare has no call that ` +
        "changes one, and this resource's diff replaces it on every change; the engine asked for an update " +
        "anyway, which is a bug: nothing was changed; run pulumi refresh, then pulumi up again, and report it",
    );
    expect(countRequests(emulator)).toEqual({});
  });

  test("read and delete refuse an id of the wrong form", async () => {
    const message =
      'CustomNameserverSet id "ACME/1": not an id of this resource; it reads "<accountId>/<nameserverSetId>", ' +
      `the account's 32-hex id and the set's 32-character id, e.g. "${"0".repeat(32)}/${"a".repeat(32)}"`;
    expect((await catchError(provider.read?.("ACME/1", {}) ?? Promise.resolve())).message).toBe(message);
    expect((await catchError(provider.delete?.("ACME/1", {}) ?? Promise.resolve())).message).toBe(message);
    expect(countRequests(emulator)).toEqual({});
  });
});

describe("lost answers", () => {
  test("a create whose answer is lost after the commit leaves exactly one set", async () => {
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "drop", when: "after-commit" },
    });
    const created = await provider.create(await checked({ accountId: ACCOUNT, nameservers: NAMES }));
    expect(liveSets().map((s) => s.id)).toEqual([created.outs.nameserverSetId]);
    expect(created.outs.glueRecords).toEqual(glueOf(String(created.outs.nameserverSetId)));
    // The listing before the POST, the POST, the listing that found the set it had made.
    expect(countRequests(emulator)).toEqual({ [LIST]: 2, [CREATE]: 1 });
  });

  test("an identical set that existed before the create is never taken for the new one", async () => {
    const before = emulator.store.createNameserverSet(ACCOUNT, {
      nameservers: NAMES.map((name) => ({ name })),
    });
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "drop", when: "before-commit" },
    });
    const created = await provider.create(await checked({ accountId: ACCOUNT, nameservers: NAMES }));
    expect(created.outs.nameserverSetId).not.toBe(before.id);
    expect(liveSets().map((s) => s.id)).toEqual([before.id, created.outs.nameserverSetId]);
    expect(countRequests(emulator)).toEqual({ [LIST]: 2, [CREATE]: 2 });
  });
});

describe("check", () => {
  test("reports every input problem with the property, the value and the fix, without an API call", async () => {
    expect(
      await reasons({
        accountId: "ACME",
        nameservers: [
          "-bad.example",
          "NS1.example.org",
          { name: "ns1.example.org." },
          7,
          { name: "a.example", port: 53 },
        ],
        advanced: "yes",
        ipSet: 0,
        ipset: 2,
      }),
    ).toEqual([
      'ipset: ipset: CustomNameserverSet has no input "ipset"; did you mean "ipSet"?',
      "accountId: accountId of CustomNameserverSet must be a Cloudflare id (32 lowercase hex characters), got " +
        '"ACME" (a string); copy it from the Cloudflare dashboard or API',
      'advanced: advanced of CustomNameserverSet must be true or false, got "yes" (a string); write true or ' +
        "false, or leave advanced out",
      "ipSet: ipSet of CustomNameserverSet is 0, which is below 1; an account's address pools are numbered " +
        "from 1; use 1 or more, or leave ipSet out for the default 1",
      'nameservers: nameservers[0]: nameserver "-bad.example" is not a valid hostname: label "-bad" starts with a ' +
        "hyphen; remove the hyphen",
      'nameservers: nameservers[3] of CustomNameserverSet must be a hostname such as "ns1.example.com", or ' +
        '{name: "ns1.example.com", ipCount: 2}, got 7 (a number)',
      'nameservers: nameservers[4] of CustomNameserverSet has an unknown field "port"; write a list of hostnames, ' +
        'each a string or {name, ipCount}, e.g. ["ns1.example.com", "ns2.example.com"]',
      // Repeats are found across the list, after each entry's own problems.
      'nameservers: nameservers[2]: nameserver "ns1.example.org" is listed twice (nameservers[1] and ' +
        "nameservers[2]); a name appears once in a Custom Nameserver Set; list each name once",
    ]);
    expect(
      await reasons({ accountId: ACCOUNT, nameservers: [{ name: "a.example", ipCount: 1.5 }, { name: 5 }] }),
    ).toEqual([
      "nameservers: nameservers[0].ipCount of CustomNameserverSet must be a whole number, got 1.5 (a number); " +
        "write a whole number of addresses per family, or leave ipCount out",
      "nameservers: nameservers[1].name of CustomNameserverSet must be a string, got 5 (a number); write a " +
        'hostname such as "ns1.example.com"',
    ]);
    expect(await reasons({ accountId: ACCOUNT })).toEqual([
      "nameservers: CustomNameserverSet has no nameservers; add a list of hostnames, each a string or {name, " +
        'ipCount}, e.g. ["ns1.example.com", "ns2.example.com"]',
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("all names of an advanced set use one ipCount (documented)", async () => {
    expect(
      await reasons({
        accountId: ACCOUNT,
        nameservers: [{ name: "a.example", ipCount: 2 }, { name: "b.example", ipCount: 3 }, "c.example"],
        advanced: true,
      }),
    ).toEqual([
      'nameservers: advanced CustomNameserverSet gives its names different ipCount values (2 for "a.example", 3 ' +
        'for "b.example", none for "c.example"); all names of an advanced set use one ipCount; give every name the ' +
        "same ipCount, or leave it out on every name",
    ]);
    // A standard set may mix them.
    await checked({ accountId: ACCOUNT, nameservers: [{ name: "a.example", ipCount: 2 }, "b.example"] });
  });

  test("limits Cloudflare does not document are left to the API, which answers them at create", async () => {
    const one = await checked({ accountId: ACCOUNT, nameservers: ["solo.example"] });
    await checked({
      accountId: ACCOUNT,
      nameservers: ["a.x", "b.x", "c.x", "d.x", "e.x", "f.x"].map((n) => `${n}.example`),
    });
    await checked({
      accountId: ACCOUNT,
      nameservers: [{ name: "a.example", ipCount: 9 }, "b.example"],
      ipSet: 7,
    });
    expect(countRequests(emulator)).toEqual({});
    const err = await catchError(provider.create(one));
    expect(err.message).toBe(
      `CustomNameserverSet nameservers ["solo.example"]: create Custom Nameserver Set ["solo.example"] in account ` +
        `${ACCOUNT} failed after 1 attempt: POST /accounts/${ACCOUNT}/dns_settings/nameserver_sets answered HTTP ` +
        '400 with Cloudflare error 1123 "cannot create a Custom Nameserver Set with 1 name: a set holds 2 to 5 ' +
        'names; got [\\"solo.example\\"]"; correct the request as Cloudflare\'s message says. No set was ' +
        "created; change the inputs as Cloudflare's answer says.",
    );
    expect(liveSets()).toEqual([]);
  });

  test("unknown inputs during preview are kept, known parts still checked, at no API call", async () => {
    expect(
      await provider.check?.(
        {},
        {
          accountId: UNKNOWN_VALUE,
          nameservers: ["NS1.cns.example", UNKNOWN_VALUE, { name: UNKNOWN_VALUE, ipCount: 2 }],
        },
      ),
    ).toEqual({
      inputs: {
        accountId: UNKNOWN_VALUE,
        nameservers: ["ns1.cns.example", UNKNOWN_VALUE, { name: UNKNOWN_VALUE, ipCount: 2 }],
        advanced: false,
        ipSet: 1,
      },
    });
    expect(
      await provider.check?.(
        {},
        { accountId: ACCOUNT, nameservers: UNKNOWN_VALUE, advanced: true, ipSet: UNKNOWN_VALUE },
      ),
    ).toEqual({
      inputs: { accountId: ACCOUNT, nameservers: UNKNOWN_VALUE, advanced: true, ipSet: UNKNOWN_VALUE },
    });
    expect(await reasons({ accountId: ACCOUNT, nameservers: ["bad..example", UNKNOWN_VALUE] })).toEqual([
      'nameservers: nameservers[0]: nameserver "bad..example" is not a valid hostname: it has an empty label (a ' +
        "leading dot or two dots in a row); remove the extra dot",
    ]);
    expect(countRequests(emulator)).toEqual({});
  });

  test("create re-checks its inputs and refuses invalid ones without an API call", async () => {
    const err = await catchError(provider.create({ accountId: ACCOUNT, nameservers: NAMES, ipSet: -1 }));
    expect(err.message).toBe(
      "CustomNameserverSet inputs are not valid: ipSet of CustomNameserverSet is -1, which is below 1; an " +
        "account's address pools are numbered from 1; use 1 or more, or leave ipSet out for the default 1",
    );
    expect(countRequests(emulator)).toEqual({});
  });
});

describe("credentials and serialization", () => {
  test("no token appears in outputs, state, or errors", async () => {
    await configure({ "cloudflare-acns:maxAttempts": "1" });
    const inputs = await checked({ accountId: ACCOUNT, nameservers: NAMES });
    const created = await provider.create(inputs);
    const read = await provider.read?.(created.id, created.outs);
    emulator.store.faults.add({
      method: "POST",
      path: "/accounts/*/dns_settings/nameserver_sets",
      action: { kind: "fail", status: 401 },
    });
    const err = await catchError(provider.create(inputs));
    expect(JSON.stringify([inputs, created, read, err.message, err.stack])).not.toContain(TOKEN);
  });

  test("the serialized provider is small and loads only the run-time module", async () => {
    const { text, containsSecrets } = await pulumi.runtime.serializeFunction(() => provider, {
      allowSecrets: true,
    });
    expect(containsSecrets).toBe(false);
    expect(text.length).toBeLessThan(8 * 1024);
    const requires = [...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
    expect(requires).toEqual(Array(7).fill(JSON.stringify(RUNTIME_MODULE)));
  });
});
