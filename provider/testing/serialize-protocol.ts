/**
 * What the harness asks of the serialization worker and what it answers. The worker is a separate
 * Node process started in the project directory, so providers are serialized from the package as a
 * user's program loads it (node_modules), not from the TypeScript sources jest runs.
 */
import { z } from "zod";
import { PropertyMapSchema } from "./properties";

/**
 * Serialize one provider object as `pulumi.dynamic.Resource` does
 * (`serializeFunction(() => provider, {allowSecrets: true})`): the worker registers a bare dynamic
 * resource with it under mocks and reads back the `__provider` text.
 */
export const ProviderJob = z.strictObject({
  kind: z.literal("provider"),
  /** A module specifier resolved from the project directory (package name or absolute path). */
  module: z.string(),
  /** The export that holds the provider object. */
  exportName: z.string(),
});
export type ProviderJob = z.infer<typeof ProviderJob>;

/**
 * Construct a resource class under `pulumi.runtime.setMocks` and record what it registers: the
 * type, name and inputs (with `__provider`), exactly as the engine would receive them.
 */
export const ResourceJob = z.strictObject({
  kind: z.literal("resource"),
  module: z.string(),
  /** The export that holds the resource class. */
  exportName: z.string(),
  name: z.string(),
  args: PropertyMapSchema,
});
export type ResourceJob = z.infer<typeof ResourceJob>;

export const SerializeJob = z.discriminatedUnion("kind", [ProviderJob, ResourceJob]);
export type SerializeJob = z.infer<typeof SerializeJob>;

export const SerializeRequest = z.strictObject({
  project: z.string(),
  stack: z.string(),
  jobs: z.array(SerializeJob),
  /** Where the worker writes its answer (stdout belongs to whatever the modules print). */
  out: z.string(),
});
export type SerializeRequest = z.infer<typeof SerializeRequest>;

/** One resource registration seen by the mocks. */
export const Registration = z.strictObject({
  type: z.string(),
  name: z.string(),
  /** Inputs as registered, secrets still wrapped. */
  inputs: PropertyMapSchema,
});
export type Registration = z.infer<typeof Registration>;

export const SerializeResult = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("provider"),
    text: z.string(),
    /** Milliseconds the serialization took in the worker. */
    ms: z.number(),
  }),
  z.strictObject({
    kind: z.literal("resource"),
    /** The dynamic resources the construction registered (a component may register several). */
    registrations: z.array(Registration),
    ms: z.number(),
  }),
  z.strictObject({ kind: z.literal("error"), message: z.string() }),
]);
export type SerializeResult = z.infer<typeof SerializeResult>;

export const SerializeResponse = z.strictObject({ results: z.array(SerializeResult) });
export type SerializeResponse = z.infer<typeof SerializeResponse>;
