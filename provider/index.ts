export { Limits, RateLimits } from "./core/limits";
export * from "./core/cloudflare";
