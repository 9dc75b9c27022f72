/**
 * Mocked programs whose failure ends in unhandled rejections, run one per process by
 * `runScenario` (see component-failures.test.ts). Each returns the outputs the runner settles.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccountCustomNameservers } from "../../provider/component";
import { UnknownSource } from "./acns-mocks";

export const ACCOUNT = "0123456789abcdef0123456789abcdef";
export const ZONE_EXAMPLE_COM = "1123456789abcdef0123456789abcdef";
export const ZONE_A_EXAMPLE_COM = "2123456789abcdef0123456789abcdef";

function outputsOf(acns: AccountCustomNameservers): Record<string, pulumi.Output<unknown>> {
  return { glueRecords: acns.glueRecords, nameservers: acns.nameservers };
}

/** Valid as far as plain values show; the set numbers that resolve later put two zones of one chain on set 1. */
export function conflictOnceResolved(): Record<string, pulumi.Output<unknown>> {
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: pulumi.output(["ns1.acme.net", "ns2.acme.net"]) },
        { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
      ],
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: pulumi.output(1) },
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: Promise.resolve(1) },
      ],
    }),
  );
}

/** Everything plain and valid, but one zone without an id that the account does not have. */
export function zoneNotInAccount(): Record<string, pulumi.Output<unknown>> {
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "Missing.Example.", nsSet: 1 },
        { name: "gone.example", nsSet: 1 },
      ],
      lookupZoneIds: async () => new Map([["example.com", ZONE_EXAMPLE_COM]]),
    }),
  );
}

/** The zone-id lookup itself fails (say, a refused token). */
export function lookupFails(): Record<string, pulumi.Output<unknown>> {
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
      zones: [{ name: "example.com" }],
      lookupZoneIds: async () => {
        throw new Error("GET /zones: 403 Forbidden (Cloudflare code 10000)");
      },
    }),
  );
}

/** A preview where one name is unknown, and what is known already breaks the hierarchy rule. */
export function previewConflictBesideUnknown(): Record<string, pulumi.Output<unknown>> {
  const source = new UnknownSource("source");
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: [source.value, "ns2.acme.net"] }],
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: pulumi.output(1) },
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: pulumi.output(1) },
      ],
    }),
  );
}

/**
 * Valid as a configuration, but applying it needs an order that does not exist: the apex and its
 * child swap sets 1 and 2 (issue #9). The live state is given as the API would read it.
 */
export function swapOnOneChain(): Record<string, pulumi.Output<unknown>> {
  const sets = [
    { nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] },
    { nsSet: 2, nameservers: ["ns3.acme.net", "ns4.acme.net"] },
  ];
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets,
      zones: [
        { name: "example.com", zoneId: ZONE_EXAMPLE_COM, nsSet: 2 },
        { name: "a.example.com", zoneId: ZONE_A_EXAMPLE_COM, nsSet: 1 },
      ],
      readLiveState: async () => ({
        sets,
        zones: [
          { name: "example.com", nsSet: 1 },
          { name: "a.example.com", nsSet: 2 },
        ],
        defaultNameservers: "cloudflare.standard",
      }),
    }),
  );
}

/** The live read itself fails. */
export function liveReadFails(): Record<string, pulumi.Output<unknown>> {
  return outputsOf(
    new AccountCustomNameservers("acns", {
      accountId: ACCOUNT,
      sets: [{ nsSet: 1, nameservers: ["ns1.acme.net", "ns2.acme.net"] }],
      zones: [{ name: "example.com", zoneId: ZONE_EXAMPLE_COM }],
      readLiveState: async () => {
        throw new Error(
          "GET /accounts/0123456789abcdef0123456789abcdef/custom_ns: 403 Forbidden (Cloudflare code 10000)",
        );
      },
    }),
  );
}
