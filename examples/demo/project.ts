/**
 * The demo's Pulumi project: examples/basic laid out in a temporary directory as `npm install`
 * leaves it there (node_modules/pulumi-cloudflare-acns is this repository, built), so the program's
 * `import ... from "pulumi-cloudflare-acns"` and the provider host's run-time `require` both resolve
 * the package by name, as in a user's project.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { createHostProject, PACKAGE_ROOT, type HostProject } from "../../provider/testing";
import type { DemoProgram } from "./harness-engine";

/** The example the demo deploys. */
export const BASIC_EXAMPLE_DIR = join(PACKAGE_ROOT, "examples", "basic");
/** Its project name (examples/basic/Pulumi.yaml). */
export const BASIC_PROJECT = "basic";

/** A temporary copy of examples/basic with the package installed; `remove()` deletes it. */
export function createBasicProject(): HostProject {
  const project = createHostProject({ install: "link", project: BASIC_PROJECT });
  try {
    for (const file of ["Pulumi.yaml", "program.ts", "index.ts"]) {
      copyFileSync(join(BASIC_EXAMPLE_DIR, file), join(project.dir, file));
    }
  } catch (err) {
    project.remove();
    throw err;
  }
  return project;
}

/** examples/basic/program.ts's exported program, loaded from the project copy. */
export function loadBasicProgram(project: HostProject): DemoProgram {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded from the temporary project, resolved at run time
  const module = require(join(project.dir, "program.ts")) as { basicProgram?: unknown };
  const program = module.basicProgram;
  if (typeof program !== "function") {
    throw new Error("examples/basic/program.ts does not export the function basicProgram()");
  }
  return program as DemoProgram;
}
