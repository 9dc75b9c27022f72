/**
 * One small account on the scripted {@link FakeCloudflare}, whose apex zone can be put on any
 * `nameservers` value Cloudflare may answer (every variant of the SDK's union and types it does not
 * know yet), and whose account default can be any type. The emulator cannot hold such zones, so
 * the tests of issue #10 read through this instead. Writes are recorded and change the state.
 *
 *   example.com    (APEX)   the variant under test
 *   a.example.com  (CHILD)  custom.account set 2
 *   set 1: ns1.acns.example, ns2.acns.example; set 2: ns3.acns.example, ns4.acns.example
 */
import { ACCOUNT_ID, customNs, fail, ok, type FakeCloudflare, type Reply } from "./fake-cloudflare";

export const APEX = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
export const CHILD = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
export const SET1 = ["ns1.acns.example", "ns2.acns.example"];
export const SET2 = ["ns3.acns.example", "ns4.acns.example"];
export const CLOUDFLARE_NAMES = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"];
/** An account-owned Custom Nameserver Set's id (32 characters, as Cloudflare's). */
export const SET_ID = "3f2a9c1e5b7d4f608a1c2e3b4d5f6a7b";

/** A zone `nameservers` value as Cloudflare may answer it. */
export type WireNameservers = { type: string } & Record<string, unknown>;

/**
 * Every variant of the SDK's zone `nameservers` union (cloudflare 7.3.0,
 * resources/dns/settings/zone.d.ts) and a type it does not know, with what each read path must
 * make of it: the numbered set (findZoneSet), the setting in words, and whether this package may
 * write it back.
 */
export const ZONE_VARIANTS: readonly {
  label: string;
  nameservers: WireNameservers;
  nsSet: number | null;
  words: string;
  writable: boolean;
}[] = [
  {
    label: "cloudflare.standard",
    nameservers: { type: "cloudflare.standard" },
    nsSet: null,
    words: "cloudflare.standard",
    writable: true,
  },
  {
    label: "cloudflare.advanced",
    nameservers: { type: "cloudflare.advanced" },
    nsSet: null,
    words: "cloudflare.advanced",
    writable: true,
  },
  {
    label: "custom.account set 1",
    nameservers: { type: "custom.account", ns_set: 1 },
    nsSet: 1,
    words: "custom.account set 1",
    writable: true,
  },
  {
    label: "custom.account without ns_set",
    nameservers: { type: "custom.account" },
    nsSet: 1,
    words: "custom.account set 1",
    writable: true,
  },
  {
    label: "custom.account set 2",
    nameservers: { type: "custom.account", ns_set: 2 },
    nsSet: 2,
    words: "custom.account set 2",
    writable: true,
  },
  {
    label: "custom.tenant set 1",
    nameservers: { type: "custom.tenant", ns_set: 1 },
    nsSet: null,
    words: "custom.tenant set 1",
    writable: false,
  },
  {
    label: "custom.zone",
    nameservers: { type: "custom.zone" },
    nsSet: null,
    words: "custom.zone",
    writable: false,
  },
  {
    label: "custom (Custom Nameserver Set)",
    nameservers: { type: "custom", nameserver_set_id: SET_ID },
    nsSet: null,
    words: `custom nameserver set ${SET_ID}`,
    writable: true,
  },
  {
    label: "cloudflare.quantum (unknown)",
    nameservers: { type: "cloudflare.quantum", pool: "q1" },
    nsSet: null,
    words: "cloudflare.quantum",
    writable: false,
  },
];

/** Account default types: the SDK's five and one it does not know. */
export const DEFAULT_VARIANTS: readonly { type: string; known: boolean }[] = [
  { type: "cloudflare.standard", known: true },
  { type: "cloudflare.advanced", known: true },
  { type: "cloudflare.standard.random", known: true },
  { type: "custom.account", known: true },
  { type: "custom.tenant", known: true },
  { type: "cloudflare.quantum", known: false },
];

/** The fake account's state; tests change it directly. */
export interface FakeAccount {
  apex: WireNameservers;
  child: WireNameservers;
  defaultType: string;
  names: { ns_name: string; ns_set: number }[];
  /** `METHOD path body` of every write, in order. */
  writes: string[];
}

export function createFakeAccount(apex: WireNameservers, defaultType = "cloudflare.standard"): FakeAccount {
  return {
    apex,
    child: { type: "custom.account", ns_set: 2 },
    defaultType,
    names: [...SET1.map((n) => ({ ns_name: n, ns_set: 1 })), ...SET2.map((n) => ({ ns_name: n, ns_set: 2 }))],
    writes: [],
  };
}

function zoneObject(account: FakeAccount, id: string): Record<string, unknown> {
  const ns = id === APEX ? account.apex : account.child;
  const set = ns.type === "custom.account" ? ((ns.ns_set as number | undefined) ?? 1) : undefined;
  const nameServers =
    set === undefined
      ? CLOUDFLARE_NAMES
      : account.names.filter((n) => n.ns_set === set).map((n) => n.ns_name);
  return {
    id,
    name: id === APEX ? "example.com" : "a.example.com",
    status: "active",
    account: { id: ACCOUNT_ID, name: "Fake account" },
    name_servers: nameServers,
  };
}

/** Answers the routes the read paths use; `foundation_dns` is never sent (gone since 2026-11-23). */
export function serveFakeAccount(fake: FakeCloudflare, account: FakeAccount): void {
  fake.reset((req): Reply => {
    const { method, apiPath: path } = req;
    if (method !== "GET") account.writes.push(`${method} ${path}${req.body === "" ? "" : ` ${req.body}`}`);
    if (path === `/accounts/${ACCOUNT_ID}/custom_ns` && method === "GET") {
      // As the SDK allows: a paging result_info with only some members.
      return ok(
        account.names.map((n) => customNs(n.ns_name, n.ns_set)),
        { result_info: { page: 1 } },
      );
    }
    const name = /^\/accounts\/[0-9a-f]{32}\/custom_ns\/(.+)$/.exec(path)?.[1];
    if (name !== undefined && method === "DELETE") {
      account.names = account.names.filter((n) => n.ns_name !== decodeURIComponent(name));
      return ok([]);
    }
    if (path === `/accounts/${ACCOUNT_ID}/dns_settings`) {
      if (method === "PATCH") {
        const body = JSON.parse(req.body) as { zone_defaults: { nameservers: { type: string } } };
        account.defaultType = body.zone_defaults.nameservers.type;
      }
      return ok({ zone_defaults: { nameservers: { type: account.defaultType }, ns_ttl: 86400 } });
    }
    if (path === "/zones" && method === "GET") {
      return ok([zoneObject(account, APEX), zoneObject(account, CHILD)], {
        result_info: { page: 1, per_page: 50, count: 2, total_count: 2, total_pages: 1 },
      });
    }
    const zone = /^\/zones\/([0-9a-f]{32})(\/dns_settings)?$/.exec(path);
    const zoneId = zone?.[1];
    if (zoneId === APEX || zoneId === CHILD) {
      if (zone?.[2] === undefined) return ok(zoneObject(account, zoneId));
      if (method === "PATCH") {
        const body = JSON.parse(req.body) as { nameservers: WireNameservers };
        if (zoneId === APEX) account.apex = body.nameservers;
        else account.child = body.nameservers;
      }
      return ok({ nameservers: zoneId === APEX ? account.apex : account.child, ns_ttl: 86400 });
    }
    return fail(
      404,
      7003,
      `Could not route to /client/v4${path}, perhaps your object identifier is invalid?`,
    );
  });
}
