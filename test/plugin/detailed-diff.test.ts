import { addDetailedDiff } from "../../provider/plugin/detailed-diff";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";

const INPUTS = ["zoneId", "nsSet", "zoneName", "restoreTo"] as const;

describe("addDetailedDiff", () => {
  it("names each changed input, and the replacing ones as replacements", () => {
    const result = addDetailedDiff(
      INPUTS,
      { zoneId: "a".repeat(32), nsSet: 3, restoreTo: { type: "cloudflare.standard" } },
      { zoneId: "b".repeat(32), nsSet: 1 },
      { changes: true, replaces: ["zoneId"], deleteBeforeReplace: true },
    );
    expect(result).toEqual({
      changes: true,
      replaces: ["zoneId"],
      deleteBeforeReplace: true,
      diffs: ["zoneId", "nsSet", "restoreTo"],
      detailedDiff: { zoneId: "updateReplace", nsSet: "update", restoreTo: "delete" },
    });
  });

  it("shows an input given for the first time as added, and one left out on both sides not at all", () => {
    const result = addDetailedDiff(
      INPUTS,
      { nsSet: 2 },
      { nsSet: 2, restoreTo: { type: "cloudflare.advanced" } },
      {
        changes: true,
      },
    );
    expect(result.detailedDiff).toEqual({ restoreTo: "add" });
  });

  it("counts a value not known yet as a change", () => {
    const result = addDetailedDiff(INPUTS, { nsSet: 2 }, { nsSet: UNKNOWN_VALUE }, { changes: true });
    expect(result.detailedDiff).toEqual({ nsSet: "update" });
  });

  it("lists nothing when the run-time finds no changes, even if a value is spelt differently", () => {
    const result = addDetailedDiff(
      INPUTS,
      { zoneName: "Example.COM" },
      { zoneName: "example.com" },
      {
        changes: false,
      },
    );
    expect(result).toEqual({ changes: false, diffs: [], detailedDiff: {} });
  });

  it("shows a replacement the run-time asks for even when the inputs compare equal", () => {
    const result = addDetailedDiff(
      INPUTS,
      { zoneId: "a".repeat(32) },
      { zoneId: "a".repeat(32) },
      {
        changes: true,
        replaces: ["zoneId"],
      },
    );
    expect(result.detailedDiff).toEqual({ zoneId: "updateReplace" });
  });

  it("leaves the details empty for a change no input shows (a zone moved out of band)", () => {
    const result = addDetailedDiff(INPUTS, { nsSet: 2 }, { nsSet: 2 }, { changes: true });
    expect(result).toEqual({ changes: true, diffs: [], detailedDiff: {} });
  });
});
