export * from "./core";
export * from "./client";
export * from "./resources";
export * from "./component";
