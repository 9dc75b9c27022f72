/**
 * The entry point of the root Pulumi project (Pulumi.yaml `main: dist/program/main.js`): builds the
 * resources `acns.yaml` describes and exports, per account, the glue records and the zones' names.
 */
import { runConfigFileProgram } from "./config-file-program";

export = runConfigFileProgram().outputs;
