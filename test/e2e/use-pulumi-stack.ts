/**
 * `usePulumiStack()`: one Pulumi stack per test file, driven through the real CLI by a child
 * process (stack-driver.ts). The project directory is laid out as `npm install` leaves a user's
 * project (node_modules/pulumi-cloudflare-acns links to this repository, as a `file:` dependency
 * does; run `npm run build` first), the backend is `file://` in a temp dir, and every command
 * is bounded in time. The tests in a file share the stack and run in order: a lifecycle.
 */
import {
  createPulumiStack,
  readPulumiBinDir,
  type PulumiStackAccess,
  type UsePulumiStackOptions,
} from "./pulumi-stack";

export * from "./pulumi-stack";

/** `describe` when the CLI is there, else `describe.skip` (global-setup.ts said why, once). */
export const describeWithPulumi: jest.Describe = readPulumiBinDir() === undefined ? describe.skip : describe;

/** Registers beforeAll/afterAll that open a stack on the real CLI and close it again. */
export function usePulumiStack(options: UsePulumiStackOptions): PulumiStackAccess {
  const session = createPulumiStack(options);
  beforeAll(async () => {
    const binDir = readPulumiBinDir();
    if (binDir === undefined) throw new Error("usePulumiStack: no pulumi CLI (see global-setup.ts)");
    await session.open(binDir);
  }, 120_000);
  afterAll(() => session.close(), 30_000);
  return session;
}
