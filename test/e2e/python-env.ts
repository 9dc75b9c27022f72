/**
 * The Python side of the e2e tier, from scripts/python-env.sh: a virtualenv with `pulumi` from PyPI
 * (and what a generated SDK imports), and the codegen-only `pulumi-language-python` that
 * `pulumi package gen-sdk --language python` needs. `.ci/run` exports both paths
 * (ACNS_PYTHON_VENV, ACNS_PYTHON_CODEGEN_BIN); without them the script runs here (cached, reused).
 * When Python cannot be set up the Python test is skipped with the reason, except under `CI=true`,
 * where that throws: CI must run it, not skip it (as global-setup.ts treats the Pulumi CLI).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { isCiEnvironment } from "../../provider/cli/io";
import { PACKAGE_ROOT } from "../../provider/testing";

/** The script that makes (or reuses) the virtualenv and the codegen host. */
export const PYTHON_ENV_SCRIPT = join(PACKAGE_ROOT, "scripts", "python-env.sh");

/** What {@link obtainPythonEnv} found, or why the Python test is skipped. */
export type PythonEnvResolution =
  { kind: "found"; venv: string; python: string; codegenBin: string } | { kind: "skip"; reason: string };

function resolvePaths(venv: string, codegenBin: string): PythonEnvResolution | string {
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) return `no ${python}`;
  if (!existsSync(join(codegenBin, "pulumi-language-python")))
    return `no pulumi-language-python in ${codegenBin}`;
  return { kind: "found", venv, python, codegenBin };
}

/**
 * ACNS_PYTHON_VENV and ACNS_PYTHON_CODEGEN_BIN when set (they must then hold what they name), else
 * what scripts/python-env.sh makes. Runs synchronously: the test file decides at load time whether
 * its `describe` runs.
 */
export function obtainPythonEnv(env: NodeJS.ProcessEnv = process.env): PythonEnvResolution {
  const given = [env.ACNS_PYTHON_VENV, env.ACNS_PYTHON_CODEGEN_BIN];
  if (given.some((v) => v !== undefined && v !== "")) {
    const found = resolvePaths(given[0] ?? "", given[1] ?? "");
    if (typeof found === "string") {
      throw new Error(
        `ACNS_PYTHON_VENV/ACNS_PYTHON_CODEGEN_BIN do not name what scripts/python-env.sh makes (${found}); ` +
          'unset them or run `lines=$(scripts/python-env.sh env) && eval "$lines"`',
      );
    }
    return found;
  }
  // A cold run makes the virtualenv (about 16 s) and builds the host (seconds with the CLI's Go
  // build cache warm, minutes without); allow well beyond that.
  const run = spawnSync(
    "bash",
    [
      "-c",
      'lines=$("$0" env) && eval "$lines" && printf "%s\\n%s\\n" "$ACNS_PYTHON_VENV" "$ACNS_PYTHON_CODEGEN_BIN"',
      PYTHON_ENV_SCRIPT,
    ],
    { env, encoding: "utf8", timeout: 20 * 60_000, maxBuffer: 16 * 1024 * 1024 },
  );
  const [venv = "", codegenBin = ""] = `${run.stdout ?? ""}`.trim().split("\n");
  const found = run.error === undefined && run.status === 0 ? resolvePaths(venv, codegenBin) : undefined;
  if (found !== undefined && typeof found !== "string") return found;
  const why =
    run.error !== undefined
      ? run.error.message
      : run.status !== 0
        ? `exit code ${String(run.status)}`
        : String(found);
  const reason = `scripts/python-env.sh could not set up Python (${why})\n${`${run.stderr ?? ""}`.trim()}`;
  if (isCiEnvironment(env)) throw new Error(reason);
  return { kind: "skip", reason };
}
