/**
 * `AccountNameserverSet` through Pulumi's real dynamic-provider host: registered from the package
 * as installed, then create -> no-op -> update -> out-of-band drift -> refresh -> delete against
 * the emulator, each step on a fresh host process as each `pulumi` command has; unknown inputs
 * during preview; a new `__provider` (a package upgrade); the token never written anywhere.
 */
import { PROVIDER_KEY, UNKNOWN, type PropertyMap } from "../../harness";
import { ACME, TOKEN, ZONES, useResourceHost } from "./setup";

const CLS = "AccountNameserverSet";

describe("AccountNameserverSet through the dynamic-provider host", () => {
  const { emu, h, writes, gets, command, registration, urn, inputs } = useResourceHost();

  const namesOfSet = (nsSet: number): string[] =>
    emu.store
      .listNameservers(ACME)
      .filter((ns) => ns.ns_set === nsSet)
      .map((ns) => ns.ns_name)
      .sort();
  /** The glue the emulator assigned, which the outputs must repeat exactly. */
  const glueOf = (names: string[]): PropertyMap[] =>
    names.map((name) => {
      const record = emu.store.listNameservers(ACME).find((ns) => ns.ns_name === name);
      const address = (type: string): string | null =>
        record?.dns_records.find((r) => r.type === type)?.value ?? null;
      return { nsName: name, ipv4: address("A"), ipv6: address("AAAA") };
    });

  const NAMES = ["ns1.host.example", "ns2.host.example"];
  const args = (names: string[] = NAMES): PropertyMap =>
    inputs(CLS, { accountId: ACME, nsSet: 4, nameservers: names });

  it("registers the inputs the program gave and a small __provider that loads the runtime by name", () => {
    const { type, inputs: registered } = registration(CLS);
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet");
    const { [PROVIDER_KEY]: text, ...rest } = registered;
    expect(rest).toEqual({ accountId: ACME, nsSet: 4, nameservers: NAMES });
    expect(typeof text).toBe("string");
    expect(Buffer.byteLength(String(text))).toBeLessThanOrEqual(8 * 1024);
    expect(String(text)).toContain('require("pulumi-cloudflare-acns/runtime")');
    expect(String(text)).not.toContain(TOKEN);
  });

  it("runs create -> no-op -> update -> drift -> refresh -> delete", async () => {
    const id = `${ACME}/4`;
    const name = urn(CLS, "set4");

    await command();
    const created = await h.stack.up(name, args());
    expect(created.op).toBe("create");
    expect(created.state?.id).toBe(id);
    expect(namesOfSet(4)).toEqual(NAMES);
    expect(created.state?.outputs).toEqual({
      [PROVIDER_KEY]: args()[PROVIDER_KEY],
      accountId: ACME,
      nsSet: 4,
      nameservers: NAMES,
      glueRecords: glueOf(NAMES),
    });
    expect(writes()).toEqual([
      `POST /accounts/${ACME}/custom_ns 200`,
      `POST /accounts/${ACME}/custom_ns 200`,
    ]);

    await command();
    expect((await h.stack.preview(name, args())).op).toBe("same");
    expect((await h.stack.up(name, args())).op).toBe("same");
    expect(writes()).toEqual([]);

    await command();
    const three = [...NAMES, "ns3.host.example"];
    const updated = await h.stack.up(name, args(three));
    expect(updated.op).toBe("update");
    expect(namesOfSet(4)).toEqual(three);
    expect(updated.state?.outputs.nameservers).toEqual(three);
    expect(updated.state?.outputs.glueRecords).toEqual(glueOf(three));
    expect(writes()).toEqual([`POST /accounts/${ACME}/custom_ns 200`]);

    // Out of band: one name removed, another added, as in the dashboard.
    emu.store.deleteNameserver(ACME, "ns3.host.example");
    emu.store.createNameserver(ACME, { ns_name: "ns9.host.example", ns_set: 4 });
    await command();
    const refreshed = await h.stack.refresh(name);
    const drifted = [...NAMES, "ns9.host.example"];
    expect(refreshed?.outputs.nameservers).toEqual(drifted);
    expect(refreshed?.outputs.glueRecords).toEqual(glueOf(drifted));
    expect(gets()).toEqual([`/accounts/${ACME}/custom_ns`]);
    expect(writes()).toEqual([]);

    // The program still says three names: the next up puts the set back.
    await command();
    const corrected = await h.stack.up(name, args(three));
    expect(corrected.op).toBe("update");
    expect(namesOfSet(4)).toEqual(three);

    await command();
    await h.stack.destroy(name);
    expect(namesOfSet(4)).toEqual([]);
    expect(h.stack.get(name)).toBeUndefined();
    expect(h.findLeaks(TOKEN)).toEqual([]);
  }, 60_000);

  it("drops the set on refresh when every name is gone", async () => {
    const name = urn(CLS, "gone");
    await command();
    await h.stack.up(name, args());
    for (const ns of NAMES) emu.store.deleteNameserver(ACME, ns);
    await command();
    await expect(h.stack.refresh(name)).resolves.toBeUndefined();
    expect(h.stack.get(name)).toBeUndefined();
  }, 30_000);

  it("checks unknown inputs during preview without an API call", async () => {
    await command();
    const name = urn(CLS, "unknown");
    const preview = await h.stack.preview(
      name,
      inputs(CLS, { accountId: UNKNOWN, nsSet: 4, nameservers: UNKNOWN }),
    );
    expect(preview.op).toBe("create");
    expect(preview.check.failures).toEqual([]);
    expect(preview.check.inputs).toEqual({
      [PROVIDER_KEY]: args()[PROVIDER_KEY],
      accountId: UNKNOWN,
      nsSet: 4,
      nameservers: UNKNOWN,
      adopt: false,
    });
    const partly = await h.stack.preview(
      name,
      inputs(CLS, { accountId: ACME, nameservers: ["ns1.host.example", UNKNOWN] }),
    );
    expect(partly.check.failures).toEqual([]);
    expect(emu.store.requestLog.list()).toEqual([]);
  }, 30_000);

  it("treats a new __provider (a package upgrade) with the same inputs as no change", async () => {
    const name = urn(CLS, "upgrade");
    await command();
    await h.stack.up(name, args());
    await command();
    const upgraded = { ...args(), [PROVIDER_KEY]: `${String(args()[PROVIDER_KEY])}\n// 0.2.0\n` };
    const result = await h.stack.up(name, upgraded);
    expect(result.op).toBe("same");
    expect(result.diff).toEqual({
      changes: "none",
      replaces: [],
      stables: [],
      deleteBeforeReplace: false,
      diffs: [],
    });
    expect(writes()).toEqual([]);
    await command(); // pulumi destroy: a new provider process
    await h.stack.destroy(name);
    expect(namesOfSet(4)).toEqual([]);
  }, 30_000);

  // The engine's import sends Read no state, so the host finds no __provider (pulumi/pulumi#16175):
  // the id formats the resources accept for import cannot be reached through Pulumi; adopt: true can.
  it("cannot be imported through the host, whatever the id", async () => {
    await command();
    await expect(h.stack.import(urn(CLS, "imported"), `${ACME}/1`)).rejects.toThrow(
      "Read failed (UNKNOWN): code must be a string, not undefined",
    );
    expect(emu.store.requestLog.list()).toEqual([]);
  });

  it("lists the account once per host process, however many sets it checks", async () => {
    await command();
    await h.stack.preview(urn(CLS, "a"), args());
    await h.stack.preview(
      urn(CLS, "b"),
      inputs(CLS, { accountId: ACME, nsSet: 5, nameservers: ["ns5.host.example", "ns6.host.example"] }),
    );
    expect(gets()).toEqual([`/accounts/${ACME}/custom_ns`]);
  });

  it("replaces the set delete-first when the set number changes and the names stay", async () => {
    const name = urn(CLS, "moving");
    await command();
    await h.stack.up(name, args());
    await command();
    const moved = await h.stack.up(name, inputs(CLS, { accountId: ACME, nsSet: 5, nameservers: NAMES }));
    expect(moved.op).toBe("replace");
    expect(moved.diff?.replaces).toEqual(["nsSet"]);
    expect(moved.diff?.deleteBeforeReplace).toBe(true);
    expect(moved.state?.id).toBe(`${ACME}/5`);
    expect(namesOfSet(4)).toEqual([]);
    expect(namesOfSet(5)).toEqual(NAMES);
    expect(writes()).toEqual([
      `DELETE /accounts/${ACME}/custom_ns/ns1.host.example 200`,
      `DELETE /accounts/${ACME}/custom_ns/ns2.host.example 200`,
      `POST /accounts/${ACME}/custom_ns 200`,
      `POST /accounts/${ACME}/custom_ns 200`,
    ]);
    await command();
    await h.stack.destroy(name);
    expect(namesOfSet(5)).toEqual([]);
  }, 30_000);

  it("refuses to delete a set a zone still uses, with the provider's message, and keeps its names", async () => {
    const name = urn(CLS, "in-use");
    await command();
    await h.stack.up(name, args());
    emu.store.setZoneNameservers(ZONES["example.net"], { type: "custom.account", ns_set: 4 });
    await command();
    await expect(h.stack.destroy(name)).rejects.toThrow(
      `Delete failed (UNKNOWN): AccountNameserverSet nsSet 4: cannot delete set 4 of account ${ACME} while zones ` +
        `use it: "example.net"; move that zone to another set or off account custom nameservers first (change or ` +
        `delete its ZoneAcnsBinding), then delete the set again`,
    );
    expect(namesOfSet(4)).toEqual(NAMES);
    expect(writes()).toEqual([]);
    expect(h.stack.get(name)?.id).toBe(`${ACME}/4`);
    emu.store.setZoneNameservers(ZONES["example.net"], { type: "cloudflare.standard" });
    await command();
    await h.stack.destroy(name);
    expect(namesOfSet(4)).toEqual([]);
    expect(h.findLeaks(TOKEN)).toEqual([]);
  }, 30_000);
});
