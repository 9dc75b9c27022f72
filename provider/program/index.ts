/**
 * The config-file program: `acns.yaml` in, one `AccountCustomNameservers` per account out. The root
 * Pulumi project runs it through main.ts; other projects can call it from their own program.
 */
export { ADOPT_KEY, CONFIG_FILE_KEY, DEFAULT_CONFIG_FILE, runConfigFileProgram } from "./config-file-program";
export type {
  ConfigFileAccountOutputs,
  ConfigFileProgram,
  ConfigFileProgramOptions,
} from "./config-file-program";
