export * from "./limits";
export * from "./cloudflare";
