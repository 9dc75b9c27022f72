/**
 * The dynamic provider `pulumi.dynamic.Resource` serializes into every resource's `__provider`
 * input. Every method loads `pulumi-cloudflare-acns/runtime` by name and forwards to it, so the text
 * holds no credential and no object graph, and a package upgrade changes behaviour without changing
 * state.
 */
import type * as pulumi from "@pulumi/pulumi";
import type * as Runtime from "./runtime";

/** The run-time implementations, by their export name in `pulumi-cloudflare-acns/runtime`. */
type RuntimeResource =
  "accountNameserverSet" | "zoneAcnsBinding" | "accountDefaultNameservers" | "customNameserverSet";
type Method = keyof (typeof Runtime)[RuntimeResource];
type AnyMethod = (...args: unknown[]) => Promise<unknown>;

/* eslint-disable @typescript-eslint/no-require-imports -- The serialized provider must capture
   nothing but two short strings: Pulumi serializes each method with the variables it closes over
   (`resource`, `method`), so a constant for the module name, or the Runtime module itself, would be
   serialized into the state of every resource. Spelt as a literal for the same reason. */
/** The provider of the run-time implementation `resource`: each method forwards to it. */
export function forwardToRuntime(resource: RuntimeResource): pulumi.dynamic.ResourceProvider {
  const forward =
    (method: Method) =>
    async (...args: unknown[]): Promise<unknown> =>
      ((require("pulumi-cloudflare-acns/runtime") as typeof Runtime)[resource][method] as AnyMethod)(...args);
  return {
    async configure(req) {
      return (require("pulumi-cloudflare-acns/runtime") as typeof Runtime).configure(req);
    },
    check: forward("check"),
    diff: forward("diff"),
    create: forward("create"),
    read: forward("read"),
    update: forward("update"),
    delete: forward("delete"),
  } as pulumi.dynamic.ResourceProvider;
}
/* eslint-enable @typescript-eslint/no-require-imports */
