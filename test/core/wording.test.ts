import { formatNameList, formatWordList } from "../../provider/core/wording";

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
