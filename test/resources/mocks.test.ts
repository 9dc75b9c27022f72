/**
 * Pulumi programs under `pulumi.runtime.setMocks`: what each class registers (type token, exact
 * inputs, the serialized provider) and the outputs it exposes. The mock monitor hands every
 * registration to the resource's own provider (check, then create against the emulator), so the
 * outputs are the ones a real deployment would record.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  AccountDefaultNameservers,
  AccountNameserverSet,
  ZoneAcnsBinding,
  accountDefaultNameserversProvider,
  accountNameserverSetProvider,
  formatTypeToken,
  zoneAcnsBindingProvider,
} from "../../provider/resources";
import { deriveNameserverRecords } from "../../provider/emulator";
import { useEmulator } from "../helpers/use-emulator";
import { ACCOUNT, TOKEN, ZONES, useRuntime } from "./use-runtime";

const emulator = useEmulator();
useRuntime(emulator);

const byType: Record<string, pulumi.dynamic.ResourceProvider> = {
  [formatTypeToken("AccountNameserverSet")]: accountNameserverSetProvider,
  [formatTypeToken("ZoneAcnsBinding")]: zoneAcnsBindingProvider,
  [formatTypeToken("AccountDefaultNameservers")]: accountDefaultNameserversProvider,
};

interface Registration {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

let registrations: Registration[] = [];

beforeAll(async () => {
  await pulumi.runtime.setMocks(
    {
      newResource: async (args: pulumi.runtime.MockResourceArgs) => {
        const inputs = args.inputs as Record<string, unknown>;
        registrations.push({ type: args.type, name: args.name, inputs });
        const provider = byType[args.type];
        if (provider === undefined) throw new Error(`no provider for ${args.type}`);
        const checked = await provider.check?.({}, inputs);
        if (checked?.failures !== undefined && checked.failures.length > 0) {
          throw new Error(checked.failures.map((f) => f.reason).join("; "));
        }
        const created = await provider.create(checked?.inputs);
        return { id: created.id, state: created.outs };
      },
      call: () => ({}),
    },
    "acns-mocks",
    "test",
    false,
  );
});

beforeEach(() => {
  registrations = [];
});

function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

function glue(nsName: string): { nsName: string; ipv4: string; ipv6: string } {
  const [a, aaaa] = deriveNameserverRecords(nsName);
  return { nsName, ipv4: a?.value ?? "", ipv6: aaaa?.value ?? "" };
}

test("AccountNameserverSet registers its inputs and exposes normalised names and glue", async () => {
  const set = new AccountNameserverSet("primary", {
    accountId: ACCOUNT,
    nsSet: 4,
    nameservers: ["NS2.Set4.Example.", pulumi.output("ns1.set4.example")],
  });
  const outputs = await valueOf(
    pulumi.output({
      id: set.id,
      accountId: set.accountId,
      nsSet: set.nsSet,
      nameservers: set.nameservers,
      glueRecords: set.glueRecords,
    }),
  );
  expect(outputs).toEqual({
    id: `${ACCOUNT}/4`,
    accountId: ACCOUNT,
    nsSet: 4,
    nameservers: ["ns1.set4.example", "ns2.set4.example"],
    glueRecords: [glue("ns1.set4.example"), glue("ns2.set4.example")],
  });
  expect(registrations).toEqual([
    {
      type: "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet",
      name: "primary",
      inputs: {
        accountId: ACCOUNT,
        nsSet: 4,
        nameservers: ["NS2.Set4.Example.", "ns1.set4.example"],
        __provider: expect.any(String),
      },
    },
  ]);
  const serialized = String(registrations[0]?.inputs.__provider);
  expect(serialized.length).toBeLessThan(8 * 1024);
  expect(serialized).not.toContain(TOKEN);
});

test("ZoneAcnsBinding registers zoneId and nsSet and exposes the set's names and what it replaced", async () => {
  const binding = new ZoneAcnsBinding("example-net", { zoneId: ZONES["example.net"], nsSet: 3 });
  const outputs = await valueOf(
    pulumi.output({
      id: binding.id,
      zoneId: binding.zoneId,
      zoneName: binding.zoneName,
      nsSet: binding.nsSet,
      nameservers: binding.nameservers,
      previousNameservers: binding.previousNameservers,
    }),
  );
  expect(outputs).toEqual({
    id: ZONES["example.net"],
    zoneId: ZONES["example.net"],
    zoneName: "example.net",
    nsSet: 3,
    nameservers: ["ns1.acme-dns.example", "ns2.acme-dns.example"],
    previousNameservers: { type: "cloudflare.standard", nsSet: null },
  });
  expect(registrations).toEqual([
    {
      type: "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding",
      name: "example-net",
      inputs: { zoneId: ZONES["example.net"], nsSet: 3, __provider: expect.any(String) },
    },
  ]);
});

test("a binding on a set of the same program waits for it and gets its names", async () => {
  const set = new AccountNameserverSet("fourth", {
    accountId: ACCOUNT,
    nsSet: 4,
    nameservers: ["ns1.set4.example", "ns2.set4.example"],
  });
  const binding = new ZoneAcnsBinding("bucher", { zoneId: ZONES["xn--bcher-kva.example"], nsSet: set.nsSet });
  expect(await valueOf(binding.nameservers)).toEqual(["ns1.set4.example", "ns2.set4.example"]);
  expect(registrations.map((r) => r.name)).toEqual(["fourth", "bucher"]);
});

test("AccountDefaultNameservers registers accountId and type and exposes what it replaced", async () => {
  const defaults = new AccountDefaultNameservers("default", { accountId: ACCOUNT, type: "custom.account" });
  const outputs = await valueOf(
    pulumi.output({
      id: defaults.id,
      accountId: defaults.accountId,
      type: defaults.type,
      previousType: defaults.previousType,
    }),
  );
  expect(outputs).toEqual({
    id: ACCOUNT,
    accountId: ACCOUNT,
    type: "custom.account",
    previousType: "cloudflare.standard",
  });
  expect(registrations).toEqual([
    {
      type: "pulumi-nodejs:dynamic/cloudflare-acns:AccountDefaultNameservers",
      name: "default",
      inputs: { accountId: ACCOUNT, type: "custom.account", __provider: expect.any(String) },
    },
  ]);
});
