/**
 * `CustomNameserverSet` through Pulumi's real dynamic-provider host: registered from the package as
 * installed, then create -> no-op -> replace (new set first, old one deleted last) -> refresh ->
 * delete refused while a zone uses the set -> destroy against the emulator, each step on a fresh
 * host process as each `pulumi` command has; the token never written anywhere.
 */
import {
  PACKAGE_NAME,
  PROVIDER_KEY,
  useProviderHost,
  type PropertyMap,
  type Registration,
} from "../../harness";
import { useEmulator } from "../../helpers/use-emulator";
import { ACME, TOKEN, ZONES, loadSeed, makeConfig, trackCommands } from "./setup";

const CLS = "CustomNameserverSet";
const SETS = `/accounts/${ACME}/dns_settings/nameserver_sets`;

describe("CustomNameserverSet through the dynamic-provider host", () => {
  const emu = useEmulator({ seed: loadSeed() });
  const h = useProviderHost({ config: () => makeConfig(emu) });
  const { writes, command } = trackCommands(emu, h);
  let registration: Registration | undefined;

  const NAMES = ["ns1.cns-host.example", "ns2.cns-host.example"];

  beforeAll(async () => {
    registration = await h.registerResource(PACKAGE_NAME, CLS, "registered", {
      accountId: ACME,
      nameservers: NAMES,
    });
  }, 60_000);

  const registered = (): Registration => {
    if (registration === undefined) throw new Error(`${CLS} is registered in beforeAll`);
    return registration;
  };
  const args = (nameservers: unknown[] = NAMES): PropertyMap => ({
    accountId: ACME,
    nameservers: nameservers as PropertyMap[string],
    [PROVIDER_KEY]: String(registered().inputs[PROVIDER_KEY]),
  });
  const urn = (name: string): string => h.host.makeUrn(name, registered().type);
  const setIds = (): string[] => emu.store.listNameserverSets(ACME).map((s) => s.id);

  it("registers the inputs the program gave under its type token", () => {
    const { type, inputs } = registered();
    expect(type).toBe("pulumi-nodejs:dynamic/cloudflare-acns:CustomNameserverSet");
    const { [PROVIDER_KEY]: text, ...rest } = inputs;
    expect(rest).toEqual({ accountId: ACME, nameservers: NAMES });
    expect(Buffer.byteLength(String(text))).toBeLessThanOrEqual(8 * 1024);
    expect(String(text)).toContain('require("pulumi-cloudflare-acns/runtime")');
  });

  it("runs create -> no-op -> replace -> refresh -> refused delete -> destroy", async () => {
    const name = urn("cns");

    await command();
    const created = await h.stack.up(name, args());
    expect(created.op).toBe("create");
    const [first] = setIds();
    expect(created.state?.id).toBe(`${ACME}/${String(first)}`);
    expect(created.state?.outputs).toMatchObject({
      accountId: ACME,
      nameserverSetId: first,
      nameservers: NAMES,
      advanced: false,
      ipSet: 1,
    });
    expect(writes()).toEqual([`POST ${SETS} 200`]);

    await command();
    expect((await h.stack.preview(name, args())).op).toBe("same");
    expect((await h.stack.up(name, args())).op).toBe("same");
    expect(writes()).toEqual([]);

    // A third name: a new set is created, then the old one (no zone on it) is deleted.
    await command();
    const three = [...NAMES, { name: "ns3.cns-host.example", ipCount: 2 }];
    const replaced = await h.stack.up(name, args(three));
    expect(replaced.op).toBe("replace");
    expect(replaced.diff?.replaces).toEqual(["nameservers"]);
    expect(replaced.diff?.deleteBeforeReplace).toBe(false);
    const [second] = setIds();
    expect(second).not.toBe(first);
    expect(replaced.state?.id).toBe(`${ACME}/${String(second)}`);
    expect(writes()).toEqual([`POST ${SETS} 200`, `DELETE ${SETS}/${String(first)} 200`]);

    await command();
    const refreshed = await h.stack.refresh(name);
    expect(refreshed?.outputs).toEqual(replaced.state?.outputs);
    expect(refreshed?.inputs).toMatchObject({ accountId: ACME, nameservers: three });
    expect(writes()).toEqual([]);

    emu.store.setZoneNameservers(ZONES["example.net"], { type: "custom", nameserver_set_id: String(second) });
    await command();
    await expect(h.stack.destroy(name)).rejects.toThrow(
      `Delete failed (UNKNOWN): CustomNameserverSet nameserverSetId "${String(second)}": cannot delete Custom ` +
        `Nameserver Set ${String(second)} of account ${ACME} while zones use it: "example.net"; Cloudflare deletes ` +
        "only a set no zone uses; move that zone to another set first (give its ZoneAcnsBinding another " +
        "nameserverSetId, or delete it), then delete the set again",
    );
    expect(setIds()).toEqual([second]);
    expect(writes()).toEqual([]);

    emu.store.setZoneNameservers(ZONES["example.net"], { type: "cloudflare.standard" });
    await command();
    await h.stack.destroy(name);
    expect(setIds()).toEqual([]);
    expect(h.stack.get(name)).toBeUndefined();
    expect(h.findLeaks(TOKEN)).toEqual([]);
  }, 60_000);
});
