/**
 * examples/basic as an inline program: the project directory holds a copy of the example's files,
 * and its program.ts is loaded from there (so an edit of that copy is what runs next).
 */
import { join } from "node:path";
import type { E2eProgram } from "../driver-protocol";

/** What examples/basic/program.ts exports (its own types resolve only inside a project). */
interface BasicModule {
  basicProgram(): object;
}

export const runProgram: E2eProgram = ({ projectDir }) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the user's copy, loaded at run time
  const program = require(join(projectDir, "program.ts")) as BasicModule;
  return { ...program.basicProgram() };
};
