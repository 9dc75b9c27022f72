/**
 * The README's "Testing your own ACNS programs" example, run as written (`node acns.test.mjs`) from
 * a project that has the package in its node_modules, so the documented entry point
 * `pulumi-cloudflare-acns/testing` keeps working as documented. Needs `npm run build` first.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PACKAGE_NAME, PACKAGE_ROOT } from "../../provider/testing";

jest.setTimeout(120_000);

/** The first ```js block after the section's heading. */
function readExample(): string {
  const readme = readFileSync(join(PACKAGE_ROOT, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Testing your own ACNS programs"));
  const match = /```js\n([\s\S]*?)```/.exec(section);
  if (match?.[1] === undefined)
    throw new Error("README.md: no ```js block under Testing your own ACNS programs");
  return match[1];
}

describe("README: Testing your own ACNS programs", () => {
  const dir = mkdtempSync(join(tmpdir(), "acns-readme-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs as written and exits 0", async () => {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(PACKAGE_ROOT, join(dir, "node_modules", PACKAGE_NAME), "dir");
    writeFileSync(join(dir, "acns.test.mjs"), readExample());
    const run = await promisify(execFile)(process.execPath, ["acns.test.mjs"], {
      cwd: dir,
      timeout: 110_000,
    });
    expect(run.stderr).toBe("");
  });
});
