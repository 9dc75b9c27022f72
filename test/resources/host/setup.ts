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

export const ACME = "75ccbf912a8c4b14b9aa8cc660623d82";
export const SMALL_SHOP = "f9ec09d5468d883a7314539c74daac06";
export const ZONES = {
  exampleCom: "2ebc3b25e5b82662f032d2d540301afa",
  euExampleCom: "00b9bb7ddf6e674b5b25309c07eeee29",
  shopEuExampleCom: "e2e6e625bbf53c70865a4429fc17a852",
  usExampleCom: "74a5307ec70e7a7f575dc95fe6a22381",
  exampleNet: "231dac9c572b69acebfacaa66c712b3c",
  bucher: "61f9f3441298aef184dea2453953a244",
} as const;

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
  ZoneAcnsBinding: { zoneId: ZONES.exampleNet, nsSet: 1 },
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

export interface ResourceHostAccess {
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
