/**
 * The serialized providers, as `pulumi.dynamic.Resource` stores them in state (`__provider`): no
 * credential, small, and loading the implementation by package name only. Also: the text
 * deserializes and runs the way the provider host does it.
 */
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import {
  RUNTIME_MODULE,
  accountDefaultNameserversProvider,
  accountNameserverSetProvider,
  zoneAcnsBindingProvider,
} from "../../provider/resources";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";
import { assertFreshBuild, loadRuntime, makeConfigureRequest } from "./use-runtime";

// What the provider host uses to load `__provider` (a dependency of @pulumi/pulumi, without types).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString = require("require-from-string") as (code: string, filename?: string) => unknown;

const SECRET_TOKEN = "serialization-test-token-5f1c";
const SECRET_KEY = "serialization-test-key-77aa";

/** Each provider, and the input its check reports first when given nothing. */
const providers = {
  AccountNameserverSet: { provider: accountNameserverSetProvider, firstRequired: "accountId" },
  ZoneAcnsBinding: { provider: zoneAcnsBindingProvider, firstRequired: "zoneId" },
  AccountDefaultNameservers: { provider: accountDefaultNameserversProvider, firstRequired: "accountId" },
};

/** What `pulumi.dynamic.Resource` does with a provider (dynamic/index.js, serializeFunctionMaybeSecret). */
async function serializeAsDynamicResource(provider: pulumi.dynamic.ResourceProvider): Promise<string> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  expect(serialized.containsSecrets).toBe(false);
  return serialized.text;
}

beforeAll(async () => {
  assertFreshBuild();
  // Configured with credentials first: the serialized text must still hold none of them.
  await loadRuntime().configure(
    makeConfigureRequest({ "cloudflare:apiToken": SECRET_TOKEN, "cloudflare:apiKey": SECRET_KEY }),
  );
});

afterAll(() => {
  loadRuntime().resetSession();
});

describe.each(Object.entries(providers))("%s provider", (_type, { provider, firstRequired }) => {
  test("serializes to under 8 KB, without credentials, requiring only the run-time module", async () => {
    const text = await serializeAsDynamicResource(provider);
    expect(text.length).toBeLessThan(8 * 1024);
    expect(text).not.toContain(SECRET_TOKEN);
    expect(text).not.toContain(SECRET_KEY);
    const requires = [...text.matchAll(/require\(([^)]*)\)/g)].map((m) => m[1]);
    expect(requires).toEqual(Array(7).fill(JSON.stringify(RUNTIME_MODULE)));
  });

  test("the text runs as the provider host loads it (require-from-string, handler())", async () => {
    const text = await serializeAsDynamicResource(provider);
    // The host resolves requires from its working directory; a file name inside this package makes
    // Node resolve the package's own name the same way, to dist/.
    const loaded = requireFromString(text, join(__dirname, "..", "..", "serialized-provider.js")) as {
      handler: () => pulumi.dynamic.ResourceProvider;
    };
    const hosted = loaded.handler();
    expect(Object.keys(hosted).sort()).toEqual([
      "check",
      "configure",
      "create",
      "delete",
      "diff",
      "read",
      "update",
    ]);
    const checked = await hosted.check?.({}, {});
    expect(checked?.failures?.[0]?.property).toBe(firstRequired);
  });
});

test("the unknown sentinel is Pulumi's", () => {
  expect(UNKNOWN_VALUE).toBe(pulumi.runtime.unknownValue);
});
