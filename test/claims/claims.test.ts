/**
 * One resource per object in a program run: a second AccountNameserverSet for one set number of an
 * account, a second ZoneAcnsBinding for one zone, a second AccountDefaultNameservers for one account
 * (stand-alone or as children of two components) is refused at preview and at update, naming both
 * URNs. Programs run as the Automation API runs inline programs: several runs in one Node process,
 * each with its own per-run store and root stack, which scope the claims.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  ClaimConflictError,
  describeDefaultClaim,
  describeSetClaim,
  describeZoneClaim,
  isClaimConflictError,
  recordClaim,
  type ClaimRegistry,
} from "../../provider/resources/claims";
import { ACCOUNT, ZONE_EXAMPLE_COM } from "./programs";
import type { RunReport } from "./run-programs";

const REPO = join(__dirname, "..", "..");
const SET = "pulumi-nodejs:dynamic/cloudflare-acns:AccountNameserverSet";
const BINDING = "pulumi-nodejs:dynamic/cloudflare-acns:ZoneAcnsBinding";
const DEFAULT = "pulumi-nodejs:dynamic/cloudflare-acns:AccountDefaultNameservers";
const COMPONENT = "cloudflare-acns:index:AccountCustomNameservers";

/** Runs the programs one after another in one child process (a refused claim ends in unhandled rejections). */
async function runPrograms(
  runs: { program: string; stack: string; preview: boolean }[],
): Promise<RunReport[]> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--import", "tsx", join(__dirname, "run-programs.ts"), JSON.stringify(runs)],
    { cwd: REPO, encoding: "utf8", timeout: 90_000, maxBuffer: 16 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as RunReport[];
}

function refusal(
  refused: { type: string; name: string; urn: string },
  first: { type: string; name: string; urn: string },
  object: string,
  per: string,
): { name: string; message: string } {
  return {
    name: "ClaimConflictError",
    message:
      `${refused.type} "${refused.name}" cannot manage ${object}: ${first.type} "${first.name}" of this program ` +
      `already does, and two resources managing one ${per} would undo each other's change on every update; ` +
      `keep one resource per ${per} (to rename a resource or move it into or out of a component, declare it once ` +
      `with the aliases option, e.g. aliases: [{ name: "${first.name}" }], instead of declaring it twice)\n` +
      `  resource: ${refused.urn}\n  resource: ${first.urn}`,
  };
}

/** Refusals in the runner's order (by message), so the order claims settle in does not matter. */
function sorted(errors: { name: string; message: string }[]): { name: string; message: string }[] {
  return [...errors].sort((a, b) => (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

function topLevel(stack: string, token: string, type: string, name: string) {
  return { type, name, urn: `urn:pulumi:${stack}::acns::${token}::${name}` };
}

function child(token: string, type: string, name: string) {
  return { type, name, urn: `urn:pulumi:prod::acns::${COMPONENT}$${token}::${name}` };
}

const COMPONENT_CHILDREN = [
  "acme-set-1",
  "acme-set-2",
  "acme-default",
  "acme-zone-example.com",
  "acme-zone-eu.example.com",
];

test("the same program runs several times in one process (preview, up, another stack) without claiming across runs", async () => {
  // With one registry for the process, the staging run would find prod's claims (other URNs) and fail.
  const reports = await runPrograms([
    { program: "oneComponent", stack: "prod", preview: true },
    { program: "oneComponent", stack: "prod", preview: false },
    { program: "oneComponent", stack: "staging", preview: true },
    { program: "oneComponent", stack: "staging", preview: false },
  ]);
  expect(reports).toHaveLength(4);
  for (const report of reports) {
    expect(report.errors).toEqual([]);
    // A component's own children never collide with each other or with a set beside it.
    expect([...report.registered].sort()).toEqual(["acme", ...COMPONENT_CHILDREN, "spare"].sort());
  }
}, 120_000);

test("two stand-alone resources for one set or one zone: the second is refused, with both URNs, in every run", async () => {
  const reports = await runPrograms([
    { program: "twoStandAlone", stack: "prod", preview: true },
    { program: "twoStandAlone", stack: "prod", preview: false },
  ]);
  const setRefusal = refusal(
    topLevel("prod", SET, "AccountNameserverSet", "legacy-set-4"),
    topLevel("prod", SET, "AccountNameserverSet", "set-4"),
    `set 4 of account ${ACCOUNT}`,
    "set",
  );
  const zoneRefusal = refusal(
    topLevel("prod", BINDING, "ZoneAcnsBinding", "example-com-again"),
    topLevel("prod", BINDING, "ZoneAcnsBinding", "example-com"),
    `the nameservers of zone ${ZONE_EXAMPLE_COM}`,
    "zone",
  );
  for (const report of reports) {
    expect(report.errors).toEqual(sorted([zoneRefusal, setRefusal]));
    // The refused resources are never registered, so nothing of theirs reaches the engine.
    expect([...report.registered].sort()).toEqual(["example-com", "set-4"]);
  }
}, 120_000);

test("two components of one account: the second one is refused in its constructor, before it registers anything", async () => {
  const [report] = await runPrograms([{ program: "twoComponents", stack: "prod", preview: true }]);
  // Its first clash (sets come first) stops it; the component itself is never recorded in the
  // stack, so fixing the program leaves nothing behind to delete.
  expect(report?.errors).toEqual([
    refusal(
      child(SET, "AccountNameserverSet", "acme-copy-set-1"),
      child(SET, "AccountNameserverSet", "acme-set-1"),
      `set 1 of account ${ACCOUNT}`,
      "set",
    ),
  ]);
  expect([...(report?.registered ?? [])].sort()).toEqual(["acme", ...COMPONENT_CHILDREN].sort());
}, 120_000);

test("a component's default and a stand-alone default of one account", async () => {
  const [report] = await runPrograms([{ program: "defaultTwice", stack: "prod", preview: false }]);
  expect(report?.errors).toEqual([
    // The component claims its children's plain objects in its constructor, before the stand-alone
    // default (declared first) has settled its claim: the stand-alone one is refused.
    refusal(
      topLevel("prod", DEFAULT, "AccountDefaultNameservers", "default"),
      child(DEFAULT, "AccountDefaultNameservers", "acme-default"),
      `the default nameservers of account ${ACCOUNT}`,
      "account default",
    ),
  ]);
}, 120_000);

test("a claim whose account is unknown during a preview waits for the update", async () => {
  const [preview, update] = await runPrograms([
    { program: "unknownAccount", stack: "prod", preview: true },
    { program: "unknownAccount", stack: "prod", preview: false },
  ]);
  expect(preview).toEqual({ registered: ["account-source", "set-4", "legacy-set-4"], errors: [] });
  expect(update?.errors).toEqual([
    refusal(
      topLevel("prod", SET, "AccountNameserverSet", "legacy-set-4"),
      topLevel("prod", SET, "AccountNameserverSet", "set-4"),
      `set 4 of account ${ACCOUNT}`,
      "set",
    ),
  ]);
}, 120_000);

describe("recordClaim", () => {
  const first = { type: "AccountNameserverSet" as const, name: "a", urn: "urn:a" };
  const second = { type: "AccountNameserverSet" as const, name: "b", urn: "urn:b" };

  test("the same URN again is the same resource; another URN is refused", () => {
    const registry: ClaimRegistry = new Map();
    const claim = describeSetClaim({ accountId: ACCOUNT, nsSet: undefined });
    if (claim === undefined) throw new Error("no claim");
    recordClaim(registry, claim, first);
    recordClaim(registry, claim, first);
    let thrown: unknown;
    try {
      recordClaim(registry, claim, second);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ClaimConflictError);
    expect(isClaimConflictError(thrown)).toBe(true);
    expect((thrown as ClaimConflictError).claimants).toEqual([second, first]);
    // The SDK prefixes the message of an error that fails an input; ours stays as written.
    (thrown as Error).message = `error serializing property "accountId": ${(thrown as Error).message}`;
    expect((thrown as Error).message).toBe(
      `AccountNameserverSet "b" cannot manage set 1 of account ${ACCOUNT}: AccountNameserverSet "a" of this ` +
        "program already does, and two resources managing one set would undo each other's change on every " +
        "update; keep one resource per set (to rename a resource or move it into or out of a component, declare " +
        'it once with the aliases option, e.g. aliases: [{ name: "a" }], instead of declaring it twice)\n' +
        "  resource: urn:b\n  resource: urn:a",
    );
  });

  test("objects are keyed by lowercase id and number; values check() refuses claim nothing", () => {
    expect(describeSetClaim({ accountId: ACCOUNT.toUpperCase(), nsSet: 4 })?.key).toBe(`set/${ACCOUNT}/4`);
    expect(describeSetClaim({ accountId: ACCOUNT, nsSet: "4" })).toBeUndefined();
    expect(describeZoneClaim({ zoneId: ZONE_EXAMPLE_COM })?.key).toBe(`zone/${ZONE_EXAMPLE_COM}`);
    expect(describeZoneClaim({ zoneId: 1 })).toBeUndefined();
    expect(describeDefaultClaim({ accountId: ACCOUNT })?.key).toBe(`default/${ACCOUNT}`);
    // One account's set 1 and its default are different objects.
    expect(describeDefaultClaim({ accountId: ACCOUNT })?.key).not.toBe(
      describeSetClaim({ accountId: ACCOUNT, nsSet: 1 })?.key,
    );
  });
});
