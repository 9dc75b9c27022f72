import { formatNameList, formatOtherSets, formatWordList } from "../../provider/core/wording";

describe("formatWordList: the one joiner of words for a sentence", () => {
  test.each([
    [[], "and", ""],
    [["a"], "and", "a"],
    [["a", "b"], "and", "a and b"],
    [["a", "b", "c"], "or", "a, b or c"],
  ] as const)("formatWordList(%j, %j) is %j", (words, conjunction, expected) => {
    expect(formatWordList(words, conjunction)).toBe(expected);
  });

  it("quotes names with formatNameList", () => {
    expect(formatNameList(["a.example.com", "b.example.com", "c.example.com"])).toBe(
      '"a.example.com", "b.example.com" and "c.example.com"',
    );
  });
});

describe("formatOtherSets", () => {
  it.each([
    [1, "2-5"],
    [2, "1, 3-5"],
    [3, "1-2, 4-5"],
    [5, "1-4"],
  ])("lists the sets other than %i as %s", (nsSet, text) => {
    expect(formatOtherSets(nsSet)).toBe(text);
  });
});
