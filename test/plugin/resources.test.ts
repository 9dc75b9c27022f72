import { resourceOfUrn, tokenOfUrn } from "../../provider/plugin/resources";

describe("the plugin's resources by URN", () => {
  it("reads the type token of a URN, also of a resource inside a component", () => {
    expect(tokenOfUrn("urn:pulumi:dev::p::cloudflare-acns:index:ZoneAcnsBinding::net")).toBe(
      "cloudflare-acns:index:ZoneAcnsBinding",
    );
    expect(
      tokenOfUrn(
        "urn:pulumi:dev::p::cloudflare-acns:index:AccountCustomNameservers$cloudflare-acns:index:AccountNameserverSet::s1",
      ),
    ).toBe("cloudflare-acns:index:AccountNameserverSet");
  });

  it("finds each resource with the inputs it declares", () => {
    const found = resourceOfUrn("urn:pulumi:dev::p::cloudflare-acns:index:AccountDefaultNameservers::d");
    expect({ token: found.token, inputs: found.inputs }).toEqual({
      token: "cloudflare-acns:index:AccountDefaultNameservers",
      inputs: ["accountId", "type"],
    });
  });

  it("refuses a type the package does not have, naming it and the ones it serves", () => {
    expect(() => resourceOfUrn("urn:pulumi:dev::p::cloudflare-acns:index:ZoneBinding::z")).toThrow(
      'pulumi-resource-cloudflare-acns has no resource type "cloudflare-acns:index:ZoneBinding" ' +
        "(urn:pulumi:dev::p::cloudflare-acns:index:ZoneBinding::z); it serves cloudflare-acns:index:AccountNameserverSet, " +
        "cloudflare-acns:index:ZoneAcnsBinding, cloudflare-acns:index:AccountDefaultNameservers, " +
        "cloudflare-acns:index:CustomNameserverSet",
    );
  });
});
