/**
 * `useProviderHost()`: a project directory, a recording engine and Pulumi's dynamic-provider host
 * for a test file, with its own beforeAll/afterAll hooks (register it after `useEmulator()` when
 * the config names the emulator's URL: hooks run in registration order). Each test gets a fresh
 * {@link HostedStack}; `restart()` starts a new host process, as each `pulumi` command does.
 */
import {
  collectHostTargets,
  collectStateTargets,
  createHostProject,
  findSecretLeaks,
  HostedStack,
  ProviderHost,
  registerResource,
  serializeProvider,
  type HostProject,
  type HostProjectOptions,
  type PropertyMap,
  type ProviderHostOptions,
  type Registration,
  type ScanTarget,
  type StackConfig,
} from "../../provider/testing";

export interface UseProviderHostOptions {
  project?: HostProjectOptions;
  host?: Omit<ProviderHostOptions, "project">;
  /** Stack config sent with Configure after each start; a function so it can read the emulator's URL. */
  config?: () => StackConfig;
  /** Time allowed for starting the host in beforeAll. @default 60000 */
  startTimeoutMs?: number;
}

/** What a test gets from useProviderHost(). */
export interface ProviderHostAccess {
  readonly project: HostProject;
  /** The running host (changes after restart()). */
  readonly host: ProviderHost;
  /** The current test's stack; survives restart(). */
  readonly stack: HostedStack;
  /** Hosts closed by restart() in the current test, oldest first (their output is still scanned). */
  readonly previousHosts: readonly ProviderHost[];
  /** Closes the host and starts a new one (configured again); the stack keeps its state. */
  restart(): Promise<ProviderHost>;
  /** Serializes a provider object exported by a module resolved from the project directory. */
  serializeProvider(module: string, exportName: string): Promise<string>;
  /** Constructs a resource class under mocks and returns what it registers. */
  registerResource(
    module: string,
    exportName: string,
    name: string,
    args: PropertyMap,
  ): Promise<Registration>;
  /** Where the secret shows up in state, engine logs or host output of this test (empty: nowhere). */
  findLeaks(secret: string, extra?: ScanTarget[]): string[];
}

export function useProviderHost(options: UseProviderHostOptions = {}): ProviderHostAccess {
  let project: HostProject | undefined;
  let host: ProviderHost | undefined;
  let stack: HostedStack | undefined;
  let previous: ProviderHost[] = [];
  const timeout = options.startTimeoutMs ?? 60_000;

  const running = (): ProviderHost => {
    if (host === undefined) throw new Error("useProviderHost: the host runs only inside tests");
    return host;
  };
  const requireProject = (): HostProject => {
    if (project === undefined) throw new Error("useProviderHost: the project exists only inside tests");
    return project;
  };

  const start = async (): Promise<ProviderHost> => {
    const started = await ProviderHost.start({ ...options.host, project: requireProject() });
    if (options.config !== undefined) {
      try {
        await started.configure(options.config());
      } catch (err) {
        await started.close();
        throw err;
      }
    }
    return started;
  };

  beforeAll(async () => {
    project = createHostProject(options.project);
    host = await start();
  }, timeout);

  afterAll(async () => {
    await host?.close();
    for (const old of previous) await old.close();
    host = undefined;
    project?.remove();
    project = undefined;
  }, 15_000);

  beforeEach(() => {
    previous = [];
    running().engine.clearLogs();
    stack = new HostedStack(running);
  });

  return {
    get project() {
      return requireProject();
    },
    get host() {
      return running();
    },
    get stack() {
      if (stack === undefined) throw new Error("useProviderHost: the stack exists only inside tests");
      return stack;
    },
    get previousHosts() {
      return previous;
    },
    async restart() {
      const old = running();
      await old.close();
      previous.push(old);
      host = await start();
      return host;
    },
    serializeProvider: (module, exportName) => serializeProvider(requireProject(), module, exportName),
    registerResource: (module, exportName, name, args) =>
      registerResource(requireProject(), module, exportName, name, args),
    findLeaks(secret, extra = []) {
      const targets = [
        ...previous.flatMap(collectHostTargets),
        ...collectHostTargets(running()),
        ...(stack === undefined ? [] : collectStateTargets(stack)),
        ...extra,
      ];
      return findSecretLeaks(secret, targets);
    },
  };
}
