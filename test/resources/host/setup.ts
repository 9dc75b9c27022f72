/**
 * Shared setup of the resource tests through Pulumi's real dynamic-provider host: the emulator
 * seeded with examples/seed.json plus a token of its own (distinctive, so a scan hit is a leak),
 * the stack config a user would set, and the resource classes registered once, from the package as
 * installed, under mocks, to get their type and `__provider`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { SeedInput } from "../../../provider/emulator";
import { useEmulator, type EmulatorAccess } from "../../helpers/use-emulator";
import {
  PACKAGE_NAME,
  PROVIDER_KEY,
  runSerializeJobs,
  useProviderHost,
  type PropertyMap,
  type ProviderHostAccess,
  type Registration,
  type StackConfig,
} from "../../harness";
import { ACME, SMALL, ZONES } from "../../emulator/fixtures";

export { ACME, ZONES };
export const SMALL_SHOP = SMALL;

/** The token of these tests; nothing may ever show it. */
export const TOKEN = "host-test-token-7e3b9f20c4d1a6";

export const RESOURCE_CLASSES = [
  "AccountNameserverSet",
  "ZoneAcnsBinding",
  "AccountDefaultNameservers",
] as const;
export type ResourceClass = (typeof RESOURCE_CLASSES)[number];

/** Base args used to register each class once. */
export const BASE_ARGS: Record<ResourceClass, PropertyMap> = {
  AccountNameserverSet: { accountId: ACME, nsSet: 4, nameservers: ["ns1.host.example", "ns2.host.example"] },
  ZoneAcnsBinding: { zoneId: ZONES["example.net"], nsSet: 1 },
  AccountDefaultNameservers: { accountId: ACME, type: "custom.account" },
};

export function loadSeed(): SeedInput {
  const seed = JSON.parse(
    readFileSync(join(__dirname, "..", "..", "..", "examples", "seed.json"), "utf8"),
  ) as SeedInput;
  return {
    ...seed,
    tokens: [...(seed.tokens ?? []), { name: "host-tests", value: TOKEN, accountIds: [ACME] }],
  };
}

/**
 * The client's per-attempt timeout in these tests: generous, so a slow answer on a busy machine
 * never turns into a retry that would change the exact request lists asserted (the fault tests set
 * their own, shorter one).
 */
export const CLIENT_TIMEOUT_MS = 10_000;

/** Pacing fast enough for tests and retries short; `extra` overrides. */
export function makeConfig(emu: EmulatorAccess, extra: StackConfig = {}): StackConfig {
  return {
    "cloudflare:apiToken": { secret: TOKEN },
    "cloudflare:baseUrl": emu.url,
    "cloudflare-acns:requestsPerSecond": "1000",
    "cloudflare-acns:burst": "50",
    "cloudflare-acns:maxAttempts": "4",
    "cloudflare-acns:retryBaseDelayMs": "5",
    "cloudflare-acns:timeoutMs": String(CLIENT_TIMEOUT_MS),
    ...extra,
  };
}

/** The request log of the current command, as the host tests assert it. */
export interface CommandLog {
  /** The writes of the current command: `METHOD path status`, or the outcome of a dropped one. */
  writes(): string[];
  /** The paths the current command read (GET), in order. */
  gets(): string[];
  /** Each pulumi command starts its own host; the request log then covers that command only. */
  command(): Promise<void>;
}

export function trackCommands(emu: EmulatorAccess, h: ProviderHostAccess): CommandLog {
  const requests = (read: boolean) =>
    emu.store.requestLog.list().filter((r) => (r.method === "GET") === read);
  return {
    writes: () =>
      requests(false).map((r) => `${r.method} ${r.path} ${r.status === null ? r.outcome : String(r.status)}`),
    gets: () => requests(true).map((r) => r.path),
    async command() {
      await h.restart();
      emu.store.requestLog.clear();
    },
  };
}

export interface ResourceHostAccess extends CommandLog {
  readonly emu: EmulatorAccess;
  readonly h: ProviderHostAccess;
  /** What registering each class with BASE_ARGS sent to the engine. */
  registration(cls: ResourceClass): Registration;
  /** URN of a resource of that class. */
  urn(cls: ResourceClass, name: string): string;
  /** Program inputs of a class: the args plus the class's `__provider`, as the class registers them. */
  inputs(cls: ResourceClass, args: PropertyMap): PropertyMap;
}

/** Emulator + host + one registration per class, for a test file. */
export function useResourceHost(extraConfig: StackConfig = {}): ResourceHostAccess {
  // Each test drives a real host process over gRPC; Jest's 5 s default was hit under CI's load.
  jest.setTimeout(60_000);
  const emu = useEmulator({ seed: loadSeed() });
  const h = useProviderHost({ config: () => makeConfig(emu, extraConfig) });
  const registrations = new Map<ResourceClass, Registration>();

  beforeAll(async () => {
    const results = await runSerializeJobs(
      h.project,
      RESOURCE_CLASSES.map((cls) => ({
        kind: "resource" as const,
        module: PACKAGE_NAME,
        exportName: cls,
        name: `registered-${cls}`,
        args: BASE_ARGS[cls],
      })),
    );
    RESOURCE_CLASSES.forEach((cls, i) => {
      const result = results[i];
      if (result?.kind === "error") throw new Error(`registering ${cls} failed: ${result.message}`);
      if (result?.kind !== "resource" || result.registrations.length !== 1 || !result.registrations[0]) {
        throw new Error(`registering ${cls} gave ${JSON.stringify(result)}`);
      }
      registrations.set(cls, result.registrations[0]);
    });
  }, 60_000);

  const registration = (cls: ResourceClass): Registration => {
    const found = registrations.get(cls);
    if (found === undefined) throw new Error(`${cls} is registered in beforeAll`);
    return found;
  };
  return {
    emu,
    h,
    ...trackCommands(emu, h),
    registration,
    urn: (cls, name) => h.host.makeUrn(name, registration(cls).type),
    inputs: (cls, args) => ({ ...args, [PROVIDER_KEY]: providerText(registration(cls)) }),
  };
}

function providerText(registration: Registration): string {
  const text = registration.inputs[PROVIDER_KEY];
  if (typeof text !== "string") throw new Error(`${registration.type} registered no ${PROVIDER_KEY}`);
  return text;
}
