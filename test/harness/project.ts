/**
 * A throw-away Pulumi project directory laid out as `npm install` would leave a user's project:
 * `node_modules/pulumi-cloudflare-acns` holds a copy of this package as published (package.json +
 * dist/), `node_modules/@pulumi` points at the repo's SDK. The engine starts provider plugins with
 * the project directory as their working directory, and the dynamic-provider host resolves the
 * modules a serialized provider requires from there, so the layout decides what works at run time.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/** The repository root (this file is test/harness/project.ts). */
export const REPO_ROOT = resolve(__dirname, "..", "..");
/** The package name users install and the serialized providers require at run time. */
export const PACKAGE_NAME = "pulumi-cloudflare-acns";

/** A project directory made by {@link createHostProject}. */
export interface HostProject {
  readonly dir: string;
  /** Pulumi project name (`PULUMI_NODEJS_PROJECT`). */
  readonly project: string;
  /** What NODE_PATH must hold so the package's own dependencies resolve (the repo's node_modules). */
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
  /** The built package to copy (a build made elsewhere, e.g. by a benchmark). @default REPO_ROOT/dist */
  dist?: string;
}

/** Lays out a project directory; throws when dist/ has not been built. */
export function createHostProject(options: HostProjectOptions = {}): HostProject {
  const project = options.project ?? "acns-host-test";
  const dist = options.dist ?? join(REPO_ROOT, "dist");
  if (!existsSync(join(dist, "index.js"))) {
    throw new Error(
      `${PACKAGE_NAME}: ${dist}/index.js is missing; run \`npm run build\` before the host tests`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), "acns-host-"));
  const modules = join(dir, "node_modules");
  mkdirSync(modules);
  symlinkSync(join(REPO_ROOT, "node_modules", "@pulumi"), join(modules, "@pulumi"), "dir");
  const target = join(modules, PACKAGE_NAME);
  if (options.install === "link") {
    symlinkSync(REPO_ROOT, target, "dir");
  } else {
    mkdirSync(target);
    cpSync(join(REPO_ROOT, "package.json"), join(target, "package.json"));
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
    nodePath: join(REPO_ROOT, "node_modules"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
