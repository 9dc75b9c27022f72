import { createRedactingWriter, listEnvSecrets, type CliWriter } from "../../provider/cli/io";
import { formatCount, formatTable } from "../../provider/cli/output";
import { createProgress } from "../../provider/cli/progress";
import {
  formatExitCodes,
  DriftExitCode,
  GlueExitCode,
  ValidateExitCode,
} from "../../provider/cli/exit-codes";

function makeWriter(isTTY: boolean | undefined, columns?: number): CliWriter & { chunks: string[] } {
  const chunks: string[] = [];
  return { chunks, isTTY, columns, write: (chunk: string) => chunks.push(chunk) };
}

describe("formatTable", () => {
  it("aligns columns two spaces apart without trailing spaces", () => {
    expect(
      formatTable([
        ["SET", "NAME", "IPV4"],
        ["1", "ns1.example.net", "192.0.2.1"],
        ["12", "a", ""],
      ]),
    ).toEqual(["SET  NAME             IPV4", "1    ns1.example.net  192.0.2.1", "12   a"]);
  });
});

describe("formatCount", () => {
  it("picks singular or plural", () => {
    expect([formatCount(0, "zone"), formatCount(1, "zone"), formatCount(2, "entry", "entries")]).toEqual([
      "0 zones",
      "1 zone",
      "2 entries",
    ]);
  });
});

describe("createProgress", () => {
  it("writes nothing when stderr is not a terminal", () => {
    const writer = makeWriter(undefined);
    const progress = createProgress(writer);
    progress.update("reading");
    progress.done();
    expect(writer.chunks).toEqual([]);
  });

  it("rewrites one line in place, skips repeats, cuts to the width and clears at the end", () => {
    const writer = makeWriter(true, 12);
    const progress = createProgress(writer);
    progress.update("zones 1/3");
    progress.update("zones 1/3");
    progress.update("zone settings 2/3");
    progress.done();
    progress.done();
    expect(writer.chunks).toEqual(["\r\u001b[2Kzones 1/3", "\r\u001b[2Kzone setti…", "\r\u001b[2K"]);
  });

  it("assumes 80 columns when a pseudo-terminal reports none", () => {
    const writer = makeWriter(true, 0);
    const progress = createProgress(writer);
    progress.update("account 75ccbf912a8c4b14b9aa8cc660623d82: zone settings 2/6, 5 requests");
    expect(writer.chunks).toEqual([
      "\r\u001b[2Kaccount 75ccbf912a8c4b14b9aa8cc660623d82: zone settings 2/6, 5 requests",
    ]);
  });
});

describe("createRedactingWriter", () => {
  it("replaces every secret of the environment and keeps the terminal facts", () => {
    const env = {
      CLOUDFLARE_API_TOKEN: "tok-123456",
      CLOUDFLARE_API_KEY: "key-abcdef",
      CLOUDFLARE_EMAIL: "a@b.c",
    };
    expect(listEnvSecrets(env)).toEqual(["tok-123456", "key-abcdef"]);
    const inner = makeWriter(true, 99);
    const writer = createRedactingWriter(inner, listEnvSecrets(env));
    writer.write("token tok-123456 and key key-abcdef, mail a@b.c");
    expect(inner.chunks).toEqual(["token [redacted] and key [redacted], mail a@b.c"]);
    expect([writer.isTTY, writer.columns]).toEqual([true, 99]);
  });

  it("ignores empty and blank variables", () => {
    expect(listEnvSecrets({ CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_API_KEY: "  " })).toEqual([]);
  });
});

describe("exit codes", () => {
  it("are the codes the issue fixes, and --help lists each", () => {
    expect([ValidateExitCode.VALID, ValidateExitCode.INVALID, ValidateExitCode.ERROR]).toEqual([0, 1, 3]);
    expect([DriftExitCode.NO_DRIFT, DriftExitCode.DRIFT, DriftExitCode.ERROR]).toEqual([0, 2, 1]);
    expect([GlueExitCode.OK, GlueExitCode.INCOMPLETE, GlueExitCode.ERROR]).toEqual([0, 2, 1]);
    expect(formatExitCodes("drift")).toBe(
      [
        "Exit codes:",
        "  0  no drift: the account is as the file says",
        "  2  drift: the account differs from the file",
        "  1  could not compare: usage, file (or an invalid one), credentials or API error",
      ].join("\n"),
    );
  });
});
