/**
 * The real-engine tier (npm run test:e2e): the Pulumi CLI drives examples/basic and the
 * config-file program against the emulator. One file at a time: each runs the CLI, the program
 * and a provider plugin, and the machines have two cores.
 * @type {import('jest').Config}
 */
module.exports = {
  rootDir: "../..",
  testEnvironment: "node",
  roots: ["<rootDir>/test/e2e"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  globalSetup: "<rootDir>/test/e2e/global-setup.ts",
  maxWorkers: 1,
  testTimeout: 180_000,
};
