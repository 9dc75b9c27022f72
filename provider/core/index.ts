export * from "./limits";
export * from "./cloudflare";
export * from "./names";
export * from "./config";
export * from "./hierarchy";
export * from "./validate";
export * from "./drift";
export * from "./config-file";
