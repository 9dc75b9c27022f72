/**
 * The two ways to run examples/basic under the real CLI: its classes as dynamic resources (the
 * package root), or served by the provider plugin (`pulumi-cloudflare-acns/plugin`, the project
 * pointing Pulumi at the plugin). The programs are the same; what differs is each resource's type
 * token, the provider that holds the config, and that the plugin reports which properties change.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface Flavour {
  title: string;
  /** Where program.ts imports the classes from. */
  importPath: string;
  typePrefix: string;
  providerType: string;
  /** The namespace of the credentials in stack config. */
  configNamespace: string;
  /** Serialized dynamic providers in state: inputs and outputs of each of the 5 resources, or none. */
  serializedProviders: number;
  /** The provider processes a run starts (the dynamic host is a shell script and its node). */
  providerProcesses: number;
  /** `op name`, and the changed properties when the provider reports them. */
  change(step: string, diffs: string): string;
  /** Makes the project's copy of examples/basic use this flavour. */
  setUp(projectDir: string): void;
}

const PACKAGE_IMPORT = '} from "pulumi-cloudflare-acns";';

/**
 * Makes the project's copy of the example use the provider plugin: program.ts imports the classes
 * from `pulumi-cloudflare-acns/plugin`, and Pulumi.yaml points Pulumi at the plugin the package
 * installs (README, "The provider plugin").
 */
function usePlugin(dir: string): void {
  const program = join(dir, "program.ts");
  const text = readFileSync(program, "utf8");
  if (text.split(PACKAGE_IMPORT).length !== 2)
    throw new Error(`usePlugin: ${program} has no single ${PACKAGE_IMPORT}`);
  writeFileSync(program, text.replace(PACKAGE_IMPORT, '} from "pulumi-cloudflare-acns/plugin";'));
  const bin = join(dir, "node_modules", "pulumi-cloudflare-acns", "bin");
  const project = join(dir, "Pulumi.yaml");
  writeFileSync(
    project,
    `${readFileSync(project, "utf8")}plugins:\n  providers:\n    - name: cloudflare-acns\n      path: ${bin}\n`,
  );
}

export const DYNAMIC: Flavour = {
  title: "examples/basic under the real Pulumi CLI",
  importPath: "pulumi-cloudflare-acns",
  typePrefix: "pulumi-nodejs:dynamic/cloudflare-acns:",
  providerType: "pulumi:providers:pulumi-nodejs",
  configNamespace: "cloudflare",
  serializedProviders: 10,
  providerProcesses: 2,
  // The dynamic-provider host reports no changed keys.
  change: (step) => step,
  setUp: () => undefined,
};

export const PLUGIN: Flavour = {
  title: "examples/basic through the provider plugin under the real Pulumi CLI",
  importPath: "pulumi-cloudflare-acns/plugin",
  typePrefix: "cloudflare-acns:index:",
  providerType: "pulumi:providers:cloudflare-acns",
  configNamespace: "cloudflare-acns",
  serializedProviders: 0,
  providerProcesses: 1,
  change: (step, diffs) => `${step} [${diffs}]`,
  setUp: usePlugin,
};
