/**
 * `npm run demo`: starts the embedded Cloudflare API emulator with examples/seed.json and runs a
 * short scripted ACNS session against it with this package's client, printing each step.
 * Nothing here reaches the internet; the emulator is stopped at the end.
 */
import * as path from "node:path";
import { createAcnsClient, isCloudflareApiError, type AcnsClient, type CustomNameserver } from "../provider";
import { startEmulator } from "../provider/emulator";

const SEED = path.join(__dirname, "seed.json");
const ACCOUNT = "75ccbf912a8c4b14b9aa8cc660623d82"; // "Acme Corp" in the seed
const ZONES = {
  exampleNet: "231dac9c572b69acebfacaa66c712b3c",
  euExampleCom: "00b9bb7ddf6e674b5b25309c07eeee29",
};
// A demo credential that exists only in examples/seed.json; never printed.
const DEMO_TOKEN = "acns-demo-token";

async function main(): Promise<void> {
  const emulator = await startEmulator({ seed: SEED });
  try {
    console.log(`Cloudflare API emulator at ${emulator.url} (seed: examples/seed.json)\n`);
    const cf = createAcnsClient({ baseUrl: emulator.url, apiToken: DEMO_TOKEN, requestsPerSecond: 50 });
    await runSession(cf);
    const counts = cf.stats();
    console.log(`\nDone: ${counts.requests} API requests, ${counts.retries} retries.`);
  } finally {
    await emulator.stop();
  }
}

async function runSession(cf: AcnsClient): Promise<void> {
  step("The account's nameserver sets and the glue records registrars need");
  printSets(await cf.listCustomNameservers({ accountId: ACCOUNT }));

  step("Create set 4 with two vanity names");
  for (const nsName of ["ns1.demo-dns.example", "ns2.demo-dns.example"]) {
    const ns = await cf.createCustomNameserver({ accountId: ACCOUNT, nsName, nsSet: 4 });
    console.log(`  + ${ns.ns_name} in set ${ns.ns_set}  ${glue(ns)}`);
  }

  step("Put example.net on set 4 (current API: PATCH /zones/{id}/dns_settings)");
  await cf.editZoneDnsSettings({
    zoneId: ZONES.exampleNet,
    nameservers: { type: "custom.account", ns_set: 4 },
  });
  const legacy = await cf.getZoneCustomNameservers({ zoneId: ZONES.exampleNet });
  console.log(
    `  deprecated view GET /zones/{id}/custom_ns: enabled=${legacy.enabled} ns_set=${legacy.ns_set}`,
  );
  const zone = await cf.getZone({ zoneId: ZONES.exampleNet });
  console.log(`  the zone's nameservers: ${zone.name_servers.join(", ")}`);

  step("Take it off again through the deprecated API (PUT /zones/{id}/custom_ns enabled=false)");
  await cf.putZoneCustomNameservers({ zoneId: ZONES.exampleNet, enabled: false });
  const current = await cf.getZoneDnsSettings({ zoneId: ZONES.exampleNet });
  console.log(`  current view GET /zones/{id}/dns_settings: nameservers.type=${current.nameservers.type}`);

  step("Cloudflare's hierarchy rule: eu.example.com may not share set 1 with its parent example.com");
  try {
    await cf.editZoneDnsSettings({
      zoneId: ZONES.euExampleCom,
      nameservers: { type: "custom.account", ns_set: 1 },
    });
    throw new Error("the emulator accepted a hierarchy conflict");
  } catch (err) {
    if (!isCloudflareApiError(err)) throw err;
    console.log(`  refused as expected: ${err.message}`);
  }

  step("Clean up: delete set 4");
  for (const nsName of ["ns1.demo-dns.example", "ns2.demo-dns.example"]) {
    await cf.deleteCustomNameserver({ accountId: ACCOUNT, nsName });
    console.log(`  - ${nsName}`);
  }
  printSets(await cf.listCustomNameservers({ accountId: ACCOUNT }));
}

function step(title: string): void {
  console.log(`\n== ${title}`);
}

function glue(ns: CustomNameserver): string {
  return ns.dns_records.map((r) => `${r.type} ${r.value}`).join("  ");
}

function printSets(names: CustomNameserver[]): void {
  const bySet = new Map<number, CustomNameserver[]>();
  for (const ns of names) bySet.set(ns.ns_set, [...(bySet.get(ns.ns_set) ?? []), ns]);
  for (const set of [...bySet.keys()].sort((a, b) => a - b)) {
    console.log(`  set ${set}:`);
    for (const ns of bySet.get(set) ?? []) console.log(`    ${ns.ns_name.padEnd(24)} ${glue(ns)}`);
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(1);
});
