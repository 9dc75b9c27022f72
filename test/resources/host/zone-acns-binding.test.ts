/**
 * `ZoneAcnsBinding` through Pulumi's real dynamic-provider host: create -> no-op -> update ->
 * out-of-band drift (another set, then off ACNS) -> refresh shows it -> delete restores what the
 * zone had, each step on a fresh host; a change of the set's names (setNameservers) followed without
 * a write; unknown inputs during preview; a package upgrade.
 */
import { PROVIDER_KEY, UNKNOWN, type PropertyMap } from "../../harness";
import { ACME, TOKEN, ZONES, useResourceHost } from "./setup";

const CLS = "ZoneAcnsBinding";
const ZONE = ZONES["example.net"];
const SET1 = ["ns1.example.net", "ns2.example.net"];
const SET2 = ["ns3.example.net", "ns4.example.net"];
const SET3 = ["ns1.acme-dns.example", "ns2.acme-dns.example"];

describe("ZoneAcnsBinding through the dynamic-provider host", () => {
  const { emu, h, writes, gets, command, registration, urn, inputs } = useResourceHost();

  const zoneNameservers = (): unknown => emu.store.snapshot().zones.find((z) => z.id === ZONE)?.nameservers;
  const args = (nsSet: number): PropertyMap => inputs(CLS, { zoneId: ZONE, nsSet });
  const provider = (): unknown => args(1)[PROVIDER_KEY];

  it("registers the inputs the program gave", () => {
    const { type, inputs: registered } = registration(CLS);
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding");
    const { [PROVIDER_KEY]: text, ...rest } = registered;
    expect(rest).toEqual({ zoneId: ZONE, nsSet: 1 });
    expect(Buffer.byteLength(String(text))).toBeLessThanOrEqual(8 * 1024);
    expect(String(text)).not.toContain(TOKEN);
  });

  it("runs create -> no-op -> update -> drift -> refresh -> delete", async () => {
    const name = urn(CLS, "example-net");

    await command();
    const created = await h.stack.up(name, args(1));
    expect(created.op).toBe("create");
    expect(created.state?.id).toBe(ZONE);
    expect(created.state?.outputs).toEqual({
      [PROVIDER_KEY]: provider(),
      zoneId: ZONE,
      zoneName: "example.net",
      accountId: ACME,
      nsSet: 1,
      nameservers: SET1,
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
    });
    expect(zoneNameservers()).toEqual({ type: "custom.account", ns_set: 1 });
    expect(writes()).toEqual([`PATCH /zones/${ZONE}/dns_settings 200`]);

    await command();
    expect((await h.stack.preview(name, args(1))).op).toBe("same");
    expect((await h.stack.up(name, args(1))).op).toBe("same");
    expect(writes()).toEqual([]);

    await command();
    const updated = await h.stack.up(name, args(2));
    expect(updated.op).toBe("update");
    expect(updated.state?.outputs).toEqual({
      [PROVIDER_KEY]: provider(),
      zoneId: ZONE,
      zoneName: "example.net",
      accountId: ACME,
      nsSet: 2,
      nameservers: SET2,
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
    });
    expect(zoneNameservers()).toEqual({ type: "custom.account", ns_set: 2 });
    expect(writes()).toEqual([`PATCH /zones/${ZONE}/dns_settings 200`]);

    // Out of band: moved to set 3.
    emu.store.setZoneNameservers(ZONE, { type: "custom.account", ns_set: 3 });
    await command();
    const moved = await h.stack.refresh(name);
    expect(moved?.outputs.nsSet).toBe(3);
    expect(moved?.outputs.nameservers).toEqual(SET3);
    expect(moved?.inputs).toEqual({
      [PROVIDER_KEY]: provider(),
      zoneId: ZONE,
      nsSet: 3,
      zoneName: "example.net",
    });
    // The zone's settings, and the set's names (the registrar target; one listing per account and
    // process, shared by every binding's refresh): the zone's name and account come from the state.
    expect(gets()).toEqual([`/zones/${ZONE}/dns_settings`, `/accounts/${ACME}/custom_ns`]);
    expect(writes()).toEqual([]);

    // Out of band: off account custom nameservers altogether.
    emu.store.setZoneNameservers(ZONE, { type: "cloudflare.standard" });
    await command();
    const off = await h.stack.refresh(name);
    expect(off?.outputs.nsSet).toBeNull();
    expect(off?.outputs.nameservers).toEqual([...emu.store.listZoneNameServers(ZONE)].sort());

    // The program still says set 2: up puts the zone back.
    await command();
    const back = await h.stack.up(name, args(2));
    expect(back.op).toBe("update");
    expect(zoneNameservers()).toEqual({ type: "custom.account", ns_set: 2 });

    await command();
    await h.stack.destroy(name);
    expect(zoneNameservers()).toEqual({ type: "cloudflare.standard" });
    expect(h.findLeaks(TOKEN)).toEqual([]);
  }, 60_000);

  it("follows a change of the set's names given as setNameservers: an update that reads them, no write", async () => {
    const name = urn(CLS, "set-names");
    const withNames = (names: string[]): PropertyMap =>
      inputs(CLS, { zoneId: ZONE, nsSet: 1, setNameservers: names });
    await command();
    const created = await h.stack.up(name, withNames(SET1));
    expect(created.state?.outputs.nameservers).toEqual(SET1);

    // The set gains a name in place, as its AccountNameserverSet's update does.
    emu.store.createNameserver(ACME, { ns_name: "ns9.example.net", ns_set: 1 });
    await command();
    const updated = await h.stack.up(name, withNames([...SET1, "NS9.example.net."]));
    expect(updated.op).toBe("update");
    expect(updated.state?.outputs).toEqual({
      [PROVIDER_KEY]: provider(),
      zoneId: ZONE,
      zoneName: "example.net",
      accountId: ACME,
      nsSet: 1,
      nameservers: [...SET1, "ns9.example.net"],
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
      setNameservers: [...SET1, "ns9.example.net"],
    });
    // check's zone lookup and its account's zone listing (the chain, and every other binding's zone),
    // the zone's own settings (what diff compares with), the account's names (is the set still 2
    // names or more?), then the update's fresh read of the set's names (the set's own update may
    // have changed them since check).
    expect(gets()).toEqual([
      `/zones/${ZONE}`,
      "/zones",
      `/zones/${ZONE}/dns_settings`,
      `/accounts/${ACME}/custom_ns`,
      `/accounts/${ACME}/custom_ns`,
    ]);
    expect(writes()).toEqual([]);

    await command();
    expect((await h.stack.up(name, withNames([...SET1, "ns9.example.net"]))).op).toBe("same");
    await command(); // pulumi destroy: a new provider process
    await h.stack.destroy(name);
    expect(zoneNameservers()).toEqual({ type: "cloudflare.standard" });
  }, 30_000);

  it("checks unknown inputs during preview without an API call", async () => {
    await command();
    const preview = await h.stack.preview(urn(CLS, "unknown"), inputs(CLS, { zoneId: UNKNOWN, nsSet: 2 }));
    expect(preview.check.failures).toEqual([]);
    expect(preview.check.inputs).toEqual({ [PROVIDER_KEY]: provider(), zoneId: UNKNOWN, nsSet: 2 });
    const partly = await h.stack.preview(urn(CLS, "unknown"), inputs(CLS, { zoneId: ZONE, nsSet: UNKNOWN }));
    expect(partly.check.failures).toEqual([]);
    expect(emu.store.requestLog.list()).toEqual([]);
  });

  it("treats a new __provider (a package upgrade) with the same inputs as no change", async () => {
    const name = urn(CLS, "upgrade");
    await command();
    await h.stack.up(name, args(1));
    await command();
    const result = await h.stack.up(name, {
      ...args(1),
      [PROVIDER_KEY]: `${String(provider())}\n// 0.2.0\n`,
    });
    expect(result.op).toBe("same");
    expect(writes()).toEqual([]);
    await command(); // pulumi destroy: a new provider process
    await h.stack.destroy(name);
    expect(zoneNameservers()).toEqual({ type: "cloudflare.standard" });
  }, 30_000);
});
