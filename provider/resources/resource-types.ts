/** Names the resource classes and the run-time implementations share: plain constants, no imports. */

/** The npm package name; the serialized providers require its run-time subpath by this name. */
export const PACKAGE_NAME = "pulumi-cloudflare-acns";

/**
 * The module every serialized provider loads at run time. The provider methods spell it as a
 * string literal (see forwarder.ts): a constant would be captured by the closure serializer.
 */
export const RUNTIME_MODULE = "pulumi-cloudflare-acns/runtime";

/** The Pulumi module of the resources: type tokens read `pulumi-nodejs:dynamic/cloudflare-acns:<Type>`. */
export const RESOURCE_MODULE = "cloudflare-acns";

export const ResourceTypeNames = {
  AccountNameserverSet: "AccountNameserverSet",
  ZoneAcnsBinding: "ZoneAcnsBinding",
  AccountDefaultNameservers: "AccountDefaultNameservers",
  CustomNameserverSet: "CustomNameserverSet",
} as const;
export type ResourceTypeName = (typeof ResourceTypeNames)[keyof typeof ResourceTypeNames];

/** The full Pulumi type token of a resource, e.g. `pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding`. */
export function formatTypeToken(type: ResourceTypeName): string {
  return `pulumi-nodejs:dynamic/${RESOURCE_MODULE}:${type}`;
}
