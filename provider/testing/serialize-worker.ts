/**
 * The serialization worker (see serialize-protocol.ts). Run as `node serialize-worker.js
 * <request.json>` (from source: `node --require tsx/cjs serialize-worker.ts`) with the project
 * directory as cwd.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type * as PulumiModule from "@pulumi/pulumi";
import {
  SerializeRequest,
  type Registration,
  type ResourceJob,
  type SerializeJob,
  type SerializeResult,
} from "./serialize-protocol";
import { PropertyMapSchema, PROVIDER_KEY } from "./properties";

// Resolve as the user's program would: from the project directory.
const projectRequire = createRequire(join(process.cwd(), "index.js"));
const pulumi = projectRequire("@pulumi/pulumi") as typeof PulumiModule;

const registrations: Registration[] = [];

function loadExport(job: SerializeJob): unknown {
  const mod: unknown = projectRequire(job.module);
  if (typeof mod !== "object" || mod === null || !(job.exportName in mod)) {
    throw new Error(`module "${job.module}" has no export "${job.exportName}"`);
  }
  return (mod as Record<string, unknown>)[job.exportName];
}

type ResourceClass = new (name: string, args: unknown) => PulumiModule.Resource;

async function runResourceJob(job: ResourceJob): Promise<SerializeResult> {
  const Cls = loadExport(job);
  if (typeof Cls !== "function") throw new Error(`export "${job.exportName}" is not a class`);
  const before = registrations.length;
  const started = performance.now();
  const resource = new (Cls as ResourceClass)(job.name, job.args);
  // The registration is sent once the urn resolves; wait for it (and any children).
  await new Promise<void>((resolve) => resource.urn.apply(() => resolve()));
  await new Promise((resolve) => setImmediate(resolve));
  return {
    kind: "resource",
    registrations: registrations.slice(before).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic")),
    ms: performance.now() - started,
  };
}

async function runJob(job: SerializeJob): Promise<SerializeResult> {
  try {
    if (job.kind === "resource") return await runResourceJob(job);
    const provider = loadExport(job);
    // Let the SDK's own dynamic.Resource serialize it, so the text is byte for byte what a program
    // stores (the `() => provider` arrow included), then read it off the registration.
    const started = performance.now();
    // The SDK's typings mark dynamic.Resource abstract; a bare subclass changes nothing it does.
    class Probe extends pulumi.dynamic.Resource {}
    const probe = new Probe(
      provider as PulumiModule.dynamic.ResourceProvider,
      `serialize-${job.exportName}`,
      {},
    );
    await new Promise<void>((resolve) => probe.urn.apply(() => resolve()));
    const registration = registrations.find((r) => r.name === `serialize-${job.exportName}`);
    const text = registration?.inputs[PROVIDER_KEY];
    if (typeof text !== "string") throw new Error(`no ${PROVIDER_KEY} registered for ${job.exportName}`);
    return { kind: "provider", text, ms: performance.now() - started };
  } catch (err) {
    return { kind: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error("usage: serialize-worker <request.json>");
  const request = SerializeRequest.parse(JSON.parse(readFileSync(path, "utf8")));
  pulumi.runtime.setMocks(
    {
      newResource(args) {
        registrations.push({
          type: args.type,
          name: args.name,
          inputs: PropertyMapSchema.parse(JSON.parse(JSON.stringify(args.inputs))),
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    request.project,
    request.stack,
    false,
  );
  const results: SerializeResult[] = [];
  for (const job of request.jobs) results.push(await runJob(job));
  writeFileSync(request.out, JSON.stringify({ results }));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
