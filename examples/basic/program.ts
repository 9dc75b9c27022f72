/**
 * The basic example's program as a function, so the same code runs from index.ts under
 * `pulumi up` and inline through the Automation API (the repo's e2e tier).
 *
 * Two account custom nameserver sets, a zone and its child zone on different sets (Cloudflare
 * refuses one set for both), and the account's default for new zones. Defaults point at the
 * emulator's example account (examples/seed.json).
 */
import * as pulumi from "@pulumi/pulumi";
import {
  AccountDefaultNameservers,
  AccountNameserverSet,
  ZoneAcnsBinding,
  type GlueRecord,
} from "pulumi-cloudflare-acns";

/** "Acme Corp" in examples/seed.json. */
export const SEED_ACCOUNT_ID = "75ccbf912a8c4b14b9aa8cc660623d82";
/** example.com in examples/seed.json. */
export const SEED_EXAMPLE_COM_ZONE_ID = "2ebc3b25e5b82662f032d2d540301afa";
/** eu.example.com (a child zone of example.com) in examples/seed.json. */
export const SEED_EU_EXAMPLE_COM_ZONE_ID = "00b9bb7ddf6e674b5b25309c07eeee29";

/** What the stack exports. */
export interface BasicOutputs {
  /** Glue records of set 4: publish them at the registrar of basic-dns.example. */
  glue4: pulumi.Output<GlueRecord[]>;
  /** Glue records of set 5. */
  glue5: pulumi.Output<GlueRecord[]>;
  /** What the registrar of example.com must delegate to. */
  exampleComNameservers: pulumi.Output<string[]>;
  /** What eu.example.com's delegation in example.com must point to. */
  euExampleComNameservers: pulumi.Output<string[]>;
}

/** Declares the example's resources; call it inside a Pulumi program. */
export function basicProgram(): BasicOutputs {
  const config = new pulumi.Config("basic");
  const accountId = config.get("accountId") ?? SEED_ACCOUNT_ID;
  const exampleComZoneId = config.get("exampleComZoneId") ?? SEED_EXAMPLE_COM_ZONE_ID;
  const euExampleComZoneId = config.get("euExampleComZoneId") ?? SEED_EU_EXAMPLE_COM_ZONE_ID;

  const set4 = new AccountNameserverSet("set-4", {
    accountId,
    nsSet: 4,
    nameservers: ["ns1.basic-dns.example", "ns2.basic-dns.example"],
  });
  const set5 = new AccountNameserverSet("set-5", {
    accountId,
    nsSet: 5,
    nameservers: ["ns3.basic-dns.example", "ns4.basic-dns.example"],
  });

  // A parent zone and its child on different sets. dependsOn makes each set exist before a zone
  // moves onto it, and keeps the set until the zone has moved back on destroy. setNameservers keeps
  // each zone's `nameservers` output current when its set's names change. Destroy gives each zone
  // back what it had before; restoreTo (the seed's sets 1 and 2) is where it goes if that record is
  // lost, as when a run is killed between the zone's move and Pulumi recording it.
  const exampleCom = new ZoneAcnsBinding(
    "example-com",
    {
      zoneId: exampleComZoneId,
      nsSet: 4,
      zoneName: "example.com",
      setNameservers: set4.nameservers,
      restoreTo: { type: "custom.account", nsSet: 1 },
    },
    { dependsOn: [set4] },
  );
  const euExampleCom = new ZoneAcnsBinding(
    "eu-example-com",
    {
      zoneId: euExampleComZoneId,
      nsSet: 5,
      zoneName: "eu.example.com",
      setNameservers: set5.nameservers,
      restoreTo: { type: "custom.account", nsSet: 2 },
    },
    { dependsOn: [set5] },
  );

  // New zones of the account start on account custom nameservers; destroy puts back the old default.
  new AccountDefaultNameservers("default", { accountId, type: "custom.account" });

  return {
    glue4: set4.glueRecords,
    glue5: set5.glueRecords,
    exampleComNameservers: exampleCom.nameservers,
    euExampleComNameservers: euExampleCom.nameservers,
  };
}
