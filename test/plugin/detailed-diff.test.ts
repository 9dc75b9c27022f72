import { addDetailedDiff } from "../../provider/plugin/detailed-diff";
import { UNKNOWN_VALUE } from "../../provider/resources/unknowns";

const INPUTS = ["zoneId", "nsSet", "zoneName", "restoreTo"] as const;

/** The diff of inputs recorded as `oldInputs` (state: the same plus a looked-up zone name). */
const diffInputs = (oldInputs: Record<string, unknown>, news: Record<string, unknown>, result: object) =>
  addDetailedDiff(INPUTS, { ...oldInputs, zoneName: "example.com" }, oldInputs, news, result);

describe("addDetailedDiff", () => {
  it("names each changed input, and the replacing ones as replacements", () => {
    const result = diffInputs(
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
      inputDiff: true,
    });
  });

  it("shows an input given for the first time as added, and one left out of the inputs not at all", () => {
    const result = diffInputs(
      { nsSet: 2 },
      { nsSet: 2, restoreTo: { type: "cloudflare.advanced" } },
      { changes: true },
    );
    expect(result.detailedDiff).toEqual({ restoreTo: "add" });
  });

  it("counts a value not known yet as a change", () => {
    const result = diffInputs({ nsSet: 2 }, { nsSet: UNKNOWN_VALUE }, { changes: true });
    expect(result.detailedDiff).toEqual({ nsSet: "update" });
  });

  it("lists nothing when the run-time finds no changes, even if a value is spelt differently", () => {
    const result = diffInputs({ zoneName: "Example.COM" }, { zoneName: "example.com" }, { changes: false });
    expect(result).toEqual({ changes: false, diffs: [], detailedDiff: {}, inputDiff: true });
  });

  it("shows a replacement the run-time asks for even when the inputs compare equal", () => {
    const result = diffInputs(
      { zoneId: "a".repeat(32) },
      { zoneId: "a".repeat(32) },
      {
        changes: true,
        replaces: ["zoneId"],
      },
    );
    expect(result.detailedDiff).toEqual({ zoneId: "updateReplace" });
  });

  it("names the input the state no longer matches when the inputs are unchanged (a refresh found the zone moved)", () => {
    const state = { zoneId: "a".repeat(32), nsSet: null, zoneName: "example.com" };
    const inputs = { zoneId: "a".repeat(32), nsSet: 2 };
    const result = addDetailedDiff(INPUTS, state, inputs, inputs, { changes: true });
    expect(result).toEqual({
      changes: true,
      diffs: ["nsSet"],
      detailedDiff: { nsSet: "add" },
      inputDiff: false,
    });
  });

  it("leaves the details empty for a change neither the inputs nor the state show", () => {
    const result = diffInputs({ nsSet: 2 }, { nsSet: 2 }, { changes: true });
    expect(result).toEqual({ changes: true, diffs: [], detailedDiff: {}, inputDiff: false });
  });
});
