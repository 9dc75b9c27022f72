/**
 * Pulumi mocks for programs built from the ACNS resources: every registration is recorded with
 * its parent, its dependencies and its inputs (the serialized provider left out, unknowns shown as
 * `"<unknown>"`), and each resource type answers with outputs shaped like the real ones. Mocks are
 * process-global, so a test file installs them once (`useAcnsMocks`) and scenarios that must see
 * unhandled rejections run in a process of their own (`runScenario`).
 */
import * as pulumi from "@pulumi/pulumi";
import { normaliseName } from "../../provider/core/names";
import { formatTypeToken } from "../../provider/resources/resource-types";

/** One resource registration as the engine would receive it. */
export interface Registration {
  type: string;
  name: string;
  /** The parent's URN; the stack's for a top-level resource. */
  parent: string;
  /** URNs of the resources it depends on (explicit `dependsOn` and its inputs' resources), sorted. */
  dependencies: string[];
  inputs: Record<string, unknown>;
}

/** The recorder a test reads. */
export interface AcnsMocks {
  registrations: Registration[];
  /** Forgets what was recorded (each test starts empty). */
  reset(): void;
}

/** Shows an unknown input value as this string. */
export const UNKNOWN = "<unknown>";

const SET_TYPE = formatTypeToken("AccountNameserverSet");
const BINDING_TYPE = formatTypeToken("ZoneAcnsBinding");
const DEFAULT_TYPE = formatTypeToken("AccountDefaultNameservers");
const CUSTOM_SET_TYPE = formatTypeToken("CustomNameserverSet");

/** The id a mocked Custom Nameserver Set gets: its resource name's letters, padded to 32 characters. */
export function mockCustomSetId(resourceName: string): string {
  return resourceName
    .replace(/[^a-z0-9]/g, "")
    .padEnd(32, "0")
    .slice(0, 32);
}

/** The glue a mocked Custom Nameserver Set reports for its `index`-th name. */
export function mockCustomGlue(
  index: number,
  nsName: string,
): { nsName: string; ipv4: string[]; ipv6: string[] } {
  return { nsName, ipv4: [`203.0.113.${index + 1}`], ipv6: [`2001:db8:c::${index + 1}`] };
}

/** The glue a mocked set reports for its `index`-th name: documentation addresses, distinct per set and name. */
export function mockGlue(
  nsSet: number,
  index: number,
  nsName: string,
): { nsName: string; ipv4: string; ipv6: string } {
  return { nsName, ipv4: `192.0.2.${nsSet * 10 + index}`, ipv6: `2001:db8::${nsSet}:${index}` };
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getDependenciesList(): string[];
}

interface HookableMonitor {
  registerResource(req: RegisterRequest, callback: (err: unknown, res: unknown) => void): Promise<void>;
}

/** Installs the mocks for this process. */
export async function installAcnsMocks(options: { preview: boolean }): Promise<AcnsMocks> {
  const registrations: Registration[] = [];
  const pending = new Map<string, Omit<Registration, "inputs">>();
  /** Names of each set registered so far, for the bindings' `nameservers`. */
  const setNames = new Map<number | string, string[]>();

  await pulumi.runtime.setMocks(
    {
      newResource: async (args: pulumi.runtime.MockResourceArgs) => {
        const inputs = showUnknowns(args.inputs) as Record<string, unknown>;
        delete inputs.__provider;
        const seen = pending.get(`${args.type}::${args.name}`);
        registrations.push({
          type: args.type,
          name: args.name,
          parent: seen?.parent ?? "",
          dependencies: seen?.dependencies ?? [],
          inputs,
        });
        return { id: `${args.name}-id`, state: answer(args.type, args.name, inputs, setNames) };
      },
      call: () => ({}),
    },
    "acns",
    "test",
    options.preview,
  );
  // The mock API hides parents and dependencies; the monitor's request has them.
  const monitor = pulumi.runtime.getMonitor() as unknown as HookableMonitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, callback) => {
    pending.set(`${req.getType()}::${req.getName()}`, {
      type: req.getType(),
      name: req.getName(),
      parent: req.getParent(),
      dependencies: [...req.getDependenciesList()].sort(),
    });
    return register(req, callback);
  };
  return {
    registrations,
    reset() {
      registrations.length = 0;
      pending.clear();
      setNames.clear();
    },
  };
}

/** Installs the mocks before the file's tests and empties the record before each test. */
export function useAcnsMocks(options: { preview: boolean }): AcnsMocks {
  let installed: AcnsMocks | undefined;
  beforeAll(async () => {
    installed = await installAcnsMocks(options);
  });
  beforeEach(() => installed?.reset());
  const get = (): AcnsMocks => {
    if (installed === undefined) throw new Error("useAcnsMocks: the mocks are installed in beforeAll");
    return installed;
  };
  return {
    get registrations() {
      return get().registrations;
    },
    reset: () => get().reset(),
  };
}

function answer(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  setNames: Map<number | string, string[]>,
): Record<string, unknown> {
  if (type === CUSTOM_SET_TYPE) {
    if (!Array.isArray(inputs.nameservers)) return { ...inputs };
    const names = inputs.nameservers.map((n) =>
      normaliseName(String(typeof n === "object" && n !== null ? (n as { name: unknown }).name : n)),
    );
    const id = mockCustomSetId(name);
    setNames.set(id, [...names].sort());
    return { ...inputs, nameserverSetId: id, glueRecords: names.map((n, i) => mockCustomGlue(i, n)) };
  }
  if (type === SET_TYPE) {
    const nsSet = typeof inputs.nsSet === "number" ? inputs.nsSet : 1;
    if (!Array.isArray(inputs.nameservers)) return { ...inputs };
    const names = inputs.nameservers.map((n) => normaliseName(String(n))).sort();
    setNames.set(nsSet, names);
    return { ...inputs, nameservers: names, glueRecords: names.map((n, i) => mockGlue(nsSet, i, n)) };
  }
  if (type === BINDING_TYPE) {
    const set = typeof inputs.nameserverSetId === "string" ? inputs.nameserverSetId : (inputs.nsSet ?? 1);
    return {
      ...inputs,
      nameservers: setNames.get(set as number | string) ?? [],
      previousNameservers: { type: "cloudflare.standard", nsSet: null },
    };
  }
  if (type === DEFAULT_TYPE) return { ...inputs, previousType: "cloudflare.standard" };
  // Anything else (the component, test sources) has no outputs: unknown during a preview.
  return {};
}

function showUnknowns(value: unknown): unknown {
  if (pulumi.isUnknown(value)) return UNKNOWN;
  if (Array.isArray(value)) return value.map(showUnknowns);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, showUnknowns(v)]));
  }
  return value;
}

/** The resolved value of an output, or the error it failed with. */
export async function settle<T>(output: pulumi.Output<T>): Promise<{ value: unknown } | { error: Error }> {
  try {
    return { value: await pulumi.runtime.serializeProperty("settle", output) };
  } catch (err) {
    return { error: err instanceof Error ? err : new Error(String(err)) };
  }
}

/** The URNs of a component's children, to wait for every registration (not only those behind its outputs). */
export function listChildUrns(acns: {
  sets: Readonly<Record<number, pulumi.Resource>>;
  zones: Readonly<Record<string, pulumi.Resource>>;
  defaultNameservers: pulumi.Resource | undefined;
}): pulumi.Output<string[]> {
  const children = [...Object.values(acns.sets), ...Object.values(acns.zones)];
  if (acns.defaultNameservers !== undefined) children.push(acns.defaultNameservers);
  return pulumi.all(children.map((child) => child.urn));
}

/**
 * A resource with one output, `value`, that the mocks never set: known nowhere during a preview
 * (an unknown input for what uses it), and `undefined` otherwise.
 */
export class UnknownSource extends pulumi.CustomResource {
  declare readonly value: pulumi.Output<string>;

  constructor(name: string) {
    super("test:index:UnknownSource", name, { value: undefined });
  }
}
