/**
 * findYamlLanguageHost answers for the layout scripts/pulumi-cli.sh leaves: `pulumi-language-yaml`
 * beside `pulumi` as a relative link to `../../yaml-<version>/bin/pulumi-language-yaml`.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findYamlLanguageHost } from "../../provider/testing";

describe("findYamlLanguageHost", () => {
  let root = "";
  let binDir = "";
  let hostDir = "";

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), "acns-yaml-host-"));
    binDir = join(root, "v3.259.0", "bin");
    hostDir = join(root, "yaml-v1.25.0", "bin");
    mkdirSync(binDir, { recursive: true });
    mkdirSync(hostDir, { recursive: true });
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function writeHost(dir: string, mode: number): void {
    writeFileSync(join(dir, "pulumi-language-yaml"), "#!/bin/sh\n");
    chmodSync(join(dir, "pulumi-language-yaml"), mode);
  }

  test("the script's link to a built host is found, named by its place beside pulumi", () => {
    writeHost(hostDir, 0o755);
    symlinkSync("../../yaml-v1.25.0/bin/pulumi-language-yaml", join(binDir, "pulumi-language-yaml"));
    expect(findYamlLanguageHost(binDir)).toBe(join(binDir, "pulumi-language-yaml"));
  });

  test("a host copied beside pulumi, as in a Pulumi release, is found", () => {
    writeHost(binDir, 0o755);
    expect(findYamlLanguageHost(binDir)).toBe(join(binDir, "pulumi-language-yaml"));
  });

  test("no host, a dangling link or a file that is not executable is none", () => {
    expect(findYamlLanguageHost(binDir)).toBeUndefined();
    symlinkSync("../../yaml-v1.25.0/bin/pulumi-language-yaml", join(binDir, "pulumi-language-yaml"));
    expect(findYamlLanguageHost(binDir)).toBeUndefined();
    writeHost(hostDir, 0o644);
    expect(findYamlLanguageHost(binDir)).toBeUndefined();
  });

  test("a host only elsewhere (the CLI would warn about it on every step) is none", () => {
    writeHost(hostDir, 0o755);
    expect(findYamlLanguageHost(binDir)).toBeUndefined();
  });
});
