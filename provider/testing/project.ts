/**
 * A throw-away Pulumi project directory laid out as `npm install` would leave a user's project:
 * `node_modules/pulumi-cloudflare-acns` holds a copy of this package as published (package.json +
 * dist/), `node_modules/@pulumi` points at the installed SDK. The engine starts provider plugins
 * with the project directory as their working directory, and the dynamic-provider host resolves the
 * modules a serialized provider requires from there, so the layout decides what works at run time.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/**
 * This package's root (package.json + dist/): the repository in a checkout, else
 * `node_modules/pulumi-cloudflare-acns` (this file is provider/testing/project.ts, built to dist/testing).
 */
export const PACKAGE_ROOT = resolve(__dirname, "..", "..");
/** The package name users install and the serialized providers require at run time. */
export const PACKAGE_NAME = "pulumi-cloudflare-acns";

/** A project directory made by {@link createHostProject}. */
export interface HostProject {
  readonly dir: string;
  /** Pulumi project name (`PULUMI_NODEJS_PROJECT`). */
  readonly project: string;
  /** What NODE_PATH must hold so the package's own dependencies resolve (where @pulumi/pulumi is installed). */
  readonly nodePath: string;
  /** Deletes the directory. */
  remove(): void;
}

export interface HostProjectOptions {
  /** @default "acns-host-test" */
  project?: string;
  /**
   * How the package gets into node_modules: `copy` (package.json + dist, as an install does, and
   * immune to a rebuild of dist/ while tests run) or `link` (a symlink to the repo).
   * @default "copy"
   */
  install?: "copy" | "link";
  /** The built package to copy (a build made elsewhere, e.g. by a benchmark). @default PACKAGE_ROOT/dist */
  dist?: string;
}

/** Lays out a project directory; throws when dist/ has not been built. */
export function createHostProject(options: HostProjectOptions = {}): HostProject {
  const project = options.project ?? "acns-host-test";
  const dist = options.dist ?? join(PACKAGE_ROOT, "dist");
  // The node_modules that holds @pulumi/pulumi (the repository's, or the user's project's) also holds
  // this package's dependencies.
  const pulumiScope = dirname(dirname(require.resolve("@pulumi/pulumi/package.json")));
  if (!existsSync(join(dist, "index.js"))) {
    throw new Error(
      `${PACKAGE_NAME}: ${dist}/index.js is missing; run \`npm run build\` before the host tests`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "acns-host-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  symlinkSync(pulumiScope, join(modules, "@pulumi"), "dir");
  const target = join(modules, PACKAGE_NAME);
  if (options.install === "link") {
    symlinkSync(PACKAGE_ROOT, target, "dir");
  } else {
    mkdirSync(target);
    cpSync(join(PACKAGE_ROOT, "package.json"), join(target, "package.json"));
    cpSync(dist, join(target, "dist"), { recursive: true });
  }
  writeFileSync(join(dir, "Pulumi.yaml"), `name: ${project}\nruntime: nodejs\n`);
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify({ name: project, private: true, dependencies: { [PACKAGE_NAME]: "*" } }, null, 2),
  );
  return {
    dir,
    project,
    nodePath: dirname(pulumiScope),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
