/**
 * Programs for the claim tests, run by run-programs.ts under mocks inside a real root stack (as
 * `pulumi up` and the Automation API run them). A refused claim fails a registration, which ends in
 * unhandled rejections: the runner sees them in a process of its own.
 */
import * as pulumi from "@pulumi/pulumi";
import { AccountCustomNameservers } from "../../provider/component";
import { AccountDefaultNameservers, AccountNameserverSet, ZoneAcnsBinding } from "../../provider/resources";
import { ACME, zoneId } from "../emulator/fixtures";

export const ACCOUNT = ACME;
export const ZONE_EXAMPLE_COM = zoneId("example.com");
export const ZONE_EU_EXAMPLE_COM = zoneId("eu.example.com");

/** A resource with an output the mocks never set: unknown during a preview. */
class UnknownSource extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;

  constructor(name: string) {
    super("test:index:UnknownSource", name, { value: undefined });
  }
}

function acme(name: string, nsSet: number): AccountCustomNameservers {
  return new AccountCustomNameservers(name, {
    accountId: ACCOUNT,
    defaultNameservers: "custom.account",
    sets: [
      { nsSet: 1, nameservers: [`ns1.${name}.net`, `ns2.${name}.net`] },
      { nsSet, nameservers: [`ns3.${name}.net`, `ns4.${name}.net`] },
    ],
    zones: [
      { name: "example.com", zoneId: ZONE_EXAMPLE_COM },
      { name: "eu.example.com", zoneId: ZONE_EU_EXAMPLE_COM, nsSet },
    ],
  });
}

export const programs: Record<string, () => void> = {
  /** One component, and a stand-alone set 5 beside it: nothing shared. */
  oneComponent() {
    acme("acme", 2);
    new AccountNameserverSet("spare", {
      accountId: ACCOUNT,
      nsSet: 5,
      nameservers: ["ns9.x.net", "ns8.x.net"],
    });
  },
  /** Two stand-alone sets of one number (the second's number is an output), and a zone bound twice. */
  twoStandAlone() {
    new AccountNameserverSet("set-4", {
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.x.net", "ns2.x.net"],
    });
    new AccountNameserverSet("legacy-set-4", {
      accountId: pulumi.output(ACCOUNT.toUpperCase()),
      nsSet: pulumi.output(4),
      nameservers: ["ns3.x.net", "ns4.x.net"],
    });
    new ZoneAcnsBinding("example-com", { zoneId: ZONE_EXAMPLE_COM, nsSet: 4 });
    new ZoneAcnsBinding("example-com-again", { zoneId: pulumi.output(ZONE_EXAMPLE_COM), nsSet: 4 });
  },
  /** Two components of one account: both claim set 1, the default and example.com. */
  twoComponents() {
    acme("acme", 2);
    acme("acme-copy", 3);
  },
  /** A component's default and a stand-alone default of the same account. */
  defaultTwice() {
    acme("acme", 2);
    new AccountDefaultNameservers("default", { accountId: ACCOUNT, type: "cloudflare.standard" });
  },
  /** A second set 4 whose account is unknown during a preview: the preview cannot tell, the update can. */
  unknownAccount() {
    new AccountNameserverSet("set-4", {
      accountId: ACCOUNT,
      nsSet: 4,
      nameservers: ["ns1.x.net", "ns2.x.net"],
    });
    const source = new UnknownSource("account-source");
    new AccountNameserverSet("legacy-set-4", {
      accountId: source.value.apply((v) => v ?? ACCOUNT),
      nsSet: 4,
      nameservers: ["ns3.x.net", "ns4.x.net"],
    });
  },
};
