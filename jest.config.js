/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { diagnostics: false }] },
  // The e2e tier drives the real Pulumi CLI and has its own command (npm run test:e2e).
  testPathIgnorePatterns: ["/node_modules/", "/test/e2e/"],
};
