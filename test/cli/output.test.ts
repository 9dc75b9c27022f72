import {
  createRedactingWriter,
  isCiEnvironment,
  listEnvSecrets,
  type CliWriter,
} from "../../provider/cli/io";
import { formatCount, formatTable } from "../../provider/cli/output";
import {
  createProgress,
  estimateSeconds,
  formatDuration,
  formatProgress,
  type ProgressReport,
} from "../../provider/cli/progress";
import {
  formatExitCodes,
  DriftExitCode,
  GlueExitCode,
  ValidateExitCode,
} from "../../provider/cli/exit-codes";
import { ACME } from "../emulator/fixtures";

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
  it("writes nothing when stderr is not a terminal and the run is short", () => {
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
    progress.update(`account ${ACME}: zone settings 2/6, 5 requests`);
    expect(writer.chunks).toEqual([`\r\u001b[2Kaccount ${ACME}: zone settings 2/6, 5 requests`]);
  });
});

describe("plain progress lines (not a terminal, CI, --json)", () => {
  const report = (done: number, requests: number, etaSeconds?: number): ProgressReport => ({
    step: "account a1: zone settings",
    done,
    total: 1000,
    requests,
    etaSeconds,
  });

  it("prints a line only when 30 s have passed and the step is 10 % further, whichever is rarer", () => {
    let now = 0;
    const writer = makeWriter(undefined);
    const progress = createProgress(writer, { prefix: "acns drift: ", clock: () => now });
    now = 29_999;
    progress.update(report(500, 504, 124));
    now = 30_000;
    progress.update(report(99, 103, 225));
    progress.update(report(100, 104, 225));
    now = 35_000;
    progress.update(report(400, 404, 150));
    now = 60_000;
    progress.update(report(199, 203, 200));
    progress.update(report(200, 204, 200));
    progress.update({ step: "account a1: listing zones", requests: 210 });
    now = 90_000;
    progress.update({ step: "account a1: listing zones", requests: 330 });
    progress.update("custom nameservers");
    progress.done();
    expect(writer.chunks).toEqual([
      "acns drift: account a1: zone settings 100/1000 (10 %), 104 requests, about 3 min 45 s left\n",
      "acns drift: account a1: zone settings 200/1000 (20 %), 204 requests, about 3 min 20 s left\n",
      "acns drift: account a1: listing zones, 330 requests\n",
    ]);
  });

  it("are used on a terminal too when asked (--json)", () => {
    let now = 0;
    const writer = makeWriter(true, 80);
    const progress = createProgress(writer, { plain: true, clock: () => now });
    progress.update(report(10, 14));
    now = 31_000;
    progress.update(report(1000, 1004));
    expect(writer.chunks).toEqual(["account a1: zone settings 1000/1000 (100 %), 1004 requests\n"]);
  });
});

describe("ETA", () => {
  it("formats durations precisely when short and rounded when long", () => {
    expect([0.2, 1, 59.2, 61, 599, 2520, 3899, Infinity].map((s) => formatDuration(s))).toEqual([
      "under 1 s",
      "1 s",
      "1 min 0 s",
      "1 min 1 s",
      "9 min 59 s",
      "42 min",
      "1 h 5 min",
      "an unknown time",
    ]);
    expect(formatProgress({ step: "s", done: 1, total: 3, requests: 1, etaSeconds: 0.5 })).toBe(
      "s 1/3, 1 request, under 1 s left",
    );
  });

  it("takes the slower of the pacer's pace and the measured one", () => {
    expect(estimateSeconds(10_000, 4)).toBe(2500);
    expect(estimateSeconds(10_000, 4, 2)).toBe(5000);
    expect(estimateSeconds(10_000, 4, 8)).toBe(2500);
    expect(estimateSeconds(0, 4)).toBeUndefined();
    expect(estimateSeconds(10, 0)).toBeUndefined();
  });
});

describe("isCiEnvironment", () => {
  it("is true for CI=true and CI=1 only", () => {
    expect(
      [{ CI: "true" }, { CI: "1" }, { CI: "false" }, { CI: "" }, {}].map((env) => isCiEnvironment(env)),
    ).toEqual([true, true, false, false, false]);
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
        "  130  interrupted (Ctrl-C): partial result over the zones read",
      ].join("\n"),
    );
    expect([ValidateExitCode.INTERRUPTED, DriftExitCode.INTERRUPTED]).toEqual([130, 130]);
  });
});
