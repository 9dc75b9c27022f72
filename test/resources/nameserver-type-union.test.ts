/**
 * Issue #10, deliverable 1, the resources' read paths: a `ZoneAcnsBinding`'s read and delete, an
 * `AccountNameserverSet`'s delete (which zones use the set) and an `AccountDefaultNameservers`'
 * read, for every variant of the SDK's zone `nameservers` union and a type it does not know, on a
 * scripted fake account (the emulator cannot hold such zones yet). Runs the built runtime:
 * `npm run build` first.
 */
import {
  APEX,
  CLOUDFLARE_NAMES,
  DEFAULT_VARIANTS,
  SET1,
  SET_ID,
  ZONE_VARIANTS,
  createFakeAccount,
  serveFakeAccount,
  type FakeAccount,
  type WireNameservers,
} from "../client/fake-acns-account";
import { ACCOUNT_ID, useFakeCloudflare } from "../client/fake-cloudflare";
import {
  assertFreshBuild,
  catchError,
  emulatorConfig,
  loadRuntime,
  makeConfigureRequest,
} from "./use-runtime";

const fake = useFakeCloudflare();
assertFreshBuild();
const runtime = loadRuntime();

let account: FakeAccount;

async function useAccount(apex: WireNameservers, defaultType = "cloudflare.standard"): Promise<void> {
  account = createFakeAccount(apex, defaultType);
  serveFakeAccount(fake, account);
  runtime.resetSession();
  await runtime.configure(makeConfigureRequest(emulatorConfig(fake.url)));
}

afterAll(() => runtime.resetSession());

/** A binding of example.com to set 1 as create records it, from cloudflare.standard. */
function bindingState(
  previous: Record<string, unknown> | null = { type: "cloudflare.standard", nsSet: null },
) {
  return {
    zoneId: APEX,
    zoneName: "example.com",
    nsSet: 1,
    nameservers: SET1,
    previousNameservers: previous,
  };
}

/** What `liveNameservers` records for a zone on `nameservers` (absent on a numbered set or cloudflare.standard). */
/** Where read says the zone is when it is on no numbered set: a Custom Nameserver Set's id, or liveNameservers. */
function liveRecord(nameservers: WireNameservers, nsSet: number | null): Record<string, unknown> {
  if (nsSet !== null || nameservers.type === "cloudflare.standard") return {};
  if (nameservers.type === "custom") return { nameserverSetId: SET_ID };
  return { liveNameservers: { type: nameservers.type, nsSet: null } };
}

describe.each(ZONE_VARIANTS)("a zone on $label", (variant) => {
  beforeEach(() => useAccount(variant.nameservers));

  it("ZoneAcnsBinding read: its numbered set, its Custom Nameserver Set, or nsSet null with the truth in liveNameservers", async () => {
    const result = await runtime.zoneAcnsBinding.read(APEX, bindingState());
    const names =
      variant.nsSet === null
        ? CLOUDFLARE_NAMES
        : variant.nsSet === 1
          ? SET1
          : ["ns3.acns.example", "ns4.acns.example"];
    expect(result).toEqual({
      id: APEX,
      props: {
        zoneId: APEX,
        zoneName: "example.com",
        accountId: ACCOUNT_ID,
        nsSet: variant.nsSet,
        nameservers: names,
        previousNameservers: { type: "cloudflare.standard", nsSet: null },
        ...liveRecord(variant.nameservers, variant.nsSet),
      },
      // On a Custom Nameserver Set the inputs name it; off every set they stay as they were, so the
      // next update puts the zone back.
      ...(variant.nameservers.type === "custom"
        ? { inputs: { zoneId: APEX, nameserverSetId: SET_ID, zoneName: "example.com" } }
        : variant.nsSet === null
          ? {}
          : { inputs: { zoneId: APEX, nsSet: variant.nsSet, zoneName: "example.com" } }),
    });
    expect(account.writes).toEqual([]);
  });

  it("ZoneAcnsBinding delete: restores the zone only while it is on the binding's set 1, else leaves it", async () => {
    await runtime.zoneAcnsBinding.delete(APEX, bindingState());
    expect(account.writes).toEqual(
      variant.nsSet === 1
        ? [`PATCH /zones/${APEX}/dns_settings {"nameservers":{"type":"cloudflare.standard"}}`]
        : [],
    );
  });

  it("AccountNameserverSet delete of set 1: refused only while the zone is on set 1", async () => {
    const setState = { accountId: ACCOUNT_ID, nsSet: 1, nameservers: SET1, glueRecords: [] };
    if (variant.nsSet === 1) {
      const err = await catchError(runtime.accountNameserverSet.delete(`${ACCOUNT_ID}/1`, setState));
      expect(err.message).toBe(
        `AccountNameserverSet nsSet 1: cannot delete set 1 of account ${ACCOUNT_ID} while zones use it: "example.com"; ` +
          "move that zone to another set or off account custom nameservers first (change or delete its " +
          "ZoneAcnsBinding), then delete the set again",
      );
      expect(account.writes).toEqual([]);
    } else {
      await runtime.accountNameserverSet.delete(`${ACCOUNT_ID}/1`, setState);
      expect(account.writes).toEqual(SET1.map((name) => `DELETE /accounts/${ACCOUNT_ID}/custom_ns/${name}`));
    }
  });
});

describe("ZoneAcnsBinding delete restores only what it can write", () => {
  const writable: [string, Record<string, unknown>, string][] = [
    ["cloudflare.standard", { type: "cloudflare.standard", nsSet: null }, '{"type":"cloudflare.standard"}'],
    ["cloudflare.advanced", { type: "cloudflare.advanced", nsSet: null }, '{"type":"cloudflare.advanced"}'],
    ["custom.account set 2", { type: "custom.account", nsSet: 2 }, '{"type":"custom.account","ns_set":2}'],
    [
      "a Custom Nameserver Set",
      { type: "custom", nsSet: null, nameserverSetId: SET_ID },
      `{"type":"custom","nameserver_set_id":"${SET_ID}"}`,
    ],
  ];
  it.each(writable)("puts the zone back to %s", async (_label, previous, sent) => {
    await useAccount({ type: "custom.account", ns_set: 1 });
    await runtime.zoneAcnsBinding.delete(APEX, bindingState(previous));
    expect(account.writes).toEqual([`PATCH /zones/${APEX}/dns_settings {"nameservers":${sent}}`]);
  });

  const refused: [string, Record<string, unknown>, string][] = [
    ["custom.tenant", { type: "custom.tenant", nsSet: null }, "custom.tenant"],
    ["custom.zone", { type: "custom.zone", nsSet: null }, "custom.zone"],
    ["an unknown type", { type: "cloudflare.quantum", nsSet: null }, "cloudflare.quantum"],
  ];
  it.each(refused)(
    "refuses to put the zone back to %s, and writes nothing",
    async (_label, previous, words) => {
      await useAccount({ type: "custom.account", ns_set: 1 });
      const err = await catchError(runtime.zoneAcnsBinding.delete(APEX, bindingState(previous)));
      expect(err.message).toBe(
        `ZoneAcnsBinding previousNameservers ${JSON.stringify(previous)}: cannot give zone "example.com" back its ${words} ` +
          "(what it had before this binding): this package writes only custom.account sets, Custom Nameserver Sets, " +
          "cloudflare.standard and cloudflare.advanced, so the zone stays on ns_set 1; put it back in the Cloudflare " +
          "dashboard or API, then run " +
          "pulumi destroy again (the binding then leaves the zone where it is)",
      );
      expect(account.writes).toEqual([]);
    },
  );

  it("records a Custom Nameserver Set found at create with its id, and restores it on delete", async () => {
    await useAccount({ type: "custom", nameserver_set_id: SET_ID });
    const created = await runtime.zoneAcnsBinding.create({ zoneId: APEX, nsSet: 1 });
    expect(created.outs.previousNameservers).toEqual({
      type: "custom",
      nsSet: null,
      nameserverSetId: SET_ID,
    });
    expect(account.apex).toEqual({ type: "custom.account", ns_set: 1 });
    await runtime.zoneAcnsBinding.delete(APEX, created.outs);
    expect(account.writes).toEqual([
      `PATCH /zones/${APEX}/dns_settings {"nameservers":{"type":"custom.account","ns_set":1}}`,
      `PATCH /zones/${APEX}/dns_settings {"nameservers":{"type":"custom","nameserver_set_id":"${SET_ID}"}}`,
    ]);
  });
});

describe.each(DEFAULT_VARIANTS)("an account defaulting new zones to $type", ({ type, known }) => {
  beforeEach(() => useAccount({ type: "cloudflare.standard" }, type));

  it("AccountDefaultNameservers read shows it verbatim; only a known type goes to the inputs", async () => {
    const result = await runtime.accountDefaultNameservers.read(ACCOUNT_ID, {
      accountId: ACCOUNT_ID,
      type: "custom.account",
      previousType: "cloudflare.standard",
    });
    expect(result).toEqual({
      id: ACCOUNT_ID,
      props: { accountId: ACCOUNT_ID, type, previousType: "cloudflare.standard" },
      ...(known ? { inputs: { accountId: ACCOUNT_ID, type } } : {}),
    });
  });
});

describe("AccountDefaultNameservers delete", () => {
  it("refuses to restore a default of a type it does not write, and writes nothing", async () => {
    await useAccount({ type: "cloudflare.standard" }, "custom.account");
    const err = await catchError(
      runtime.accountDefaultNameservers.delete(ACCOUNT_ID, {
        accountId: ACCOUNT_ID,
        type: "custom.account",
        previousType: "cloudflare.quantum",
      }),
    );
    expect(err.message).toBe(
      `AccountDefaultNameservers previousType "cloudflare.quantum": cannot give account ${ACCOUNT_ID} back its default ` +
        '"cloudflare.quantum" (what it had before this resource): this package writes only "cloudflare.standard", ' +
        '"cloudflare.advanced", "cloudflare.standard.random", "custom.account", "custom.tenant", so the default stays ' +
        '"custom.account"; set it back in the Cloudflare dashboard or API, then run pulumi destroy again (the resource then leaves it)',
    );
    expect(account.writes).toEqual([]);
  });

  it("leaves a default someone moved to a type it does not know", async () => {
    await useAccount({ type: "cloudflare.standard" }, "cloudflare.quantum");
    await runtime.accountDefaultNameservers.delete(ACCOUNT_ID, {
      accountId: ACCOUNT_ID,
      type: "custom.account",
      previousType: "cloudflare.standard",
    });
    expect(account.writes).toEqual([]);
  });
});
