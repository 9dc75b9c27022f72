/**
 * Account-owned Custom Nameserver Sets under the real Pulumi CLI (issue #10): a zone migrated from
 * a numbered set to a `CustomNameserverSet` with the same names in one `up`, the numbered set
 * retired afterwards, a zone moved off its set out of band put back by `up`, the custom set
 * replaced (immutable: a new set first, the zone moved across, the old set deleted last), and a
 * destroy that gives the zone back what it had — each step with the emulator's continuity check
 * (which judges zones on both kinds of set). See change-scenario-kit.ts for the steps each
 * scenario runs.
 */
import {
  ACME,
  ZONES,
  deleteName,
  describeChangeScenario,
  names,
  postName,
  zonePatch,
  type ChangeScenarioParams,
} from "./change-scenario-kit";

const SETS = `/accounts/${ACME}/dns_settings/nameserver_sets`;
const postSet = `POST ${SETS}`;
/** A custom set's id is the emulator's to choose: the writes compare with it masked. */
const deleteSet = `DELETE ${SETS}/*`;

{
  const [a, b, c] = names("cns", 1, 2, 3) as [string, string, string];
  const numbered = (zoneOn: { nsSet: number } | { customSet: string }): ChangeScenarioParams => ({
    accountId: ACME,
    sets: [{ name: "set-4", nsSet: 4, nameservers: [a, b] }],
    bindings: [
      {
        name: "example-net",
        zoneId: ZONES["example.net"],
        zoneName: "example.net",
        ...("nsSet" in zoneOn ? { nsSet: zoneOn.nsSet, set: "set-4" } : zoneOn),
      },
    ],
  });
  describeChangeScenario({
    title: "custom sets: numbered set 4 -> Custom Nameserver Set -> its replacement, then destroy",
    project: "custom-sets",
    initial: numbered({ nsSet: 4 }),
    initialWrites: [postName, postName, zonePatch("example.net")],
    initialAccount: { sets: { 4: [a, b] }, zones: { "example.net": 4 } },
    changes: [
      {
        label: "example.net moves to a CustomNameserverSet with set 4's names",
        params: {
          ...numbered({ customSet: "cns" }),
          customSets: [{ name: "cns", nameservers: [a, b] }],
        },
        plan: { changes: ["create cns", "update example-net"] },
        writes: [postSet, zonePatch("example.net")],
        account: { sets: { 4: [a, b] }, customSets: [[a, b]], zones: { "example.net": { custom: [a, b] } } },
      },
      {
        label: "numbered set 4 is retired",
        params: {
          accountId: ACME,
          customSets: [{ name: "cns", nameservers: [a, b] }],
          bindings: [
            { name: "example-net", zoneId: ZONES["example.net"], zoneName: "example.net", customSet: "cns" },
          ],
        },
        plan: { changes: ["delete set-4"] },
        writes: [deleteName(a), deleteName(b)],
        account: { customSets: [[a, b]], zones: { "example.net": { custom: [a, b] } } },
      },
      {
        label:
          "example.net was put back on Cloudflare's nameservers behind Pulumi's back: up moves it onto its set again",
        params: {
          accountId: ACME,
          customSets: [{ name: "cns", nameservers: [a, b] }],
          bindings: [
            { name: "example-net", zoneId: ZONES["example.net"], zoneName: "example.net", customSet: "cns" },
          ],
        },
        drift: (emulator) => {
          emulator.store.setZoneNameservers(ZONES["example.net"], { type: "cloudflare.standard" });
        },
        plan: { changes: ["update example-net"] },
        writes: [zonePatch("example.net")],
        account: { customSets: [[a, b]], zones: { "example.net": { custom: [a, b] } } },
      },
      {
        label:
          "the CustomNameserverSet gains a name: replaced, the zone moved across before the old set goes",
        params: {
          accountId: ACME,
          customSets: [{ name: "cns", nameservers: [a, b, c] }],
          bindings: [
            { name: "example-net", zoneId: ZONES["example.net"], zoneName: "example.net", customSet: "cns" },
          ],
        },
        plan: {
          changes: ["create-replacement cns", "delete-replaced cns", "replace cns", "update example-net"],
        },
        writes: [postSet, zonePatch("example.net"), deleteSet],
        writesInOrder: true,
        account: { customSets: [[a, b, c]], zones: { "example.net": { custom: [a, b, c] } } },
      },
    ],
    // The binding gives example.net back what it had before program A (cloudflare.standard), then
    // the custom set goes.
    destroy: { writes: [zonePatch("example.net"), deleteSet], account: { customSets: [] } },
  });
}
