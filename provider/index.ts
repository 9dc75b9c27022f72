export * from "./core";
export * from "./client";
