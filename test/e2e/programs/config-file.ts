/**
 * The root project's config-file program (Pulumi.yaml `main: dist/program/main.js`) as an inline
 * program: the package as installed in the project, reading acns.yaml from the project directory.
 */
import type { E2eProgram } from "../driver-protocol";

type ProgramModule = typeof import("../../../provider/program");

export const runProgram: E2eProgram = ({ projectDir }) => {
  const path = require.resolve("pulumi-cloudflare-acns/program", { paths: [projectDir] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the installed package, as users run it
  const program = require(path) as ProgramModule;
  return program.runConfigFileProgram({ projectDir }).outputs;
};
