#!/usr/bin/env node
// Makes this checkout resolvable by its own package name from node_modules, so the root Pulumi
// project (main: dist/program/main.js) works: Pulumi's dynamic-provider host loads
// `pulumi-cloudflare-acns/runtime` by name from the program's directory upwards, as it would from
// a project that installed the package. Runs from `prepare`, i.e. only in a checkout.
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const modules = path.join(root, "node_modules");
const link = path.join(modules, require(path.join(root, "package.json")).name);

if (!fs.existsSync(modules)) process.exit(0); // installed as someone's dependency: nothing to do
try {
  if (fs.realpathSync(link) === root) process.exit(0);
  throw new Error(`${link} exists and is not a link to this checkout; remove it and run npm install again`);
} catch (err) {
  if (err.code !== "ENOENT") throw err;
}
fs.symlinkSync("..", link, "dir");
