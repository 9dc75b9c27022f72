/**
 * The fast paths of parseConfigFile (provider/core/config-file-fast.ts): the same values, problems
 * and positions as YAML's document path, on hand-written, generated and random files.
 */
import fc from "fast-check";
import {
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  stringify,
  visit,
  type Node,
} from "yaml";
import { readSimpleYaml } from "../../provider/core/config-file-fast-yaml";
import {
  locateIssues,
  parseConfigFile,
  validateAcnsConfig,
  type AcnsIssuePath,
  type ParsedConfigFile,
} from "../../provider/core";
import { generateAccount } from "../../bench/validator";

const ACCOUNT = "0123456789abcdef0123456789abcdef";

function expectValue(parsed: ParsedConfigFile): Extract<ParsedConfigFile, { ok: true }> {
  if (!parsed.ok) throw new Error(`expected a value, got ${JSON.stringify(parsed.problems)}`);
  return parsed;
}

/** Every path of a document with the position YAML's document path gives its node. */
function listDocumentPositions(text: string): Map<string, { line: number; column: number }> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, version: "1.2" });
  const positions = new Map<string, { line: number; column: number }>();
  const visit = (node: unknown, path: AcnsIssuePath): void => {
    const range = (node as Node | null)?.range;
    if (range === undefined || range === null) return;
    const { line, col } = lines.linePos(range[0]);
    positions.set(JSON.stringify(path), { line, column: col });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isPair(pair) && isScalar(pair.key)) visit(pair.value, [...path, String(pair.key.value)]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => visit(item, [...path, index]));
    }
  };
  visit(doc.contents, []);
  return positions;
}

function expectSamePositions(text: string, fileName: string): void {
  const file = expectValue(parseConfigFile(text, { fileName }));
  for (const [key, position] of listDocumentPositions(text)) {
    expect([key, file.locate(JSON.parse(key) as AcnsIssuePath)]).toEqual([key, position]);
  }
}

const GOOD = {
  accountId: ACCOUNT,
  sets: [
    { nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] },
    { nsSet: 2, nameservers: ["ns3.example.net", "ns4.example.net"] },
  ],
  zones: [{ name: "example.com", nsSet: 1 }, { name: "a.example.com", nsSet: 1 }, { name: "b.example.com" }],
};

describe("parseConfigFile on its fast paths", () => {
  it("points issues in a JSON file at their exact line and column", () => {
    const text = JSON.stringify(GOOD, null, 2);
    const file = expectValue(parseConfigFile(text, { fileName: "acns.json" }));
    const result = validateAcnsConfig(file.value);
    if (result.ok) throw new Error("expected issues");
    expect(locateIssues(file, result.issues).map((i) => [i.code, i.path, i.position])).toEqual([
      ["hierarchy-conflict", ["zones", 1, "nsSet"], { line: 26, column: 16 }],
      // nsSet omitted, so the default 1: the zone's entry is the place.
      ["hierarchy-conflict", ["zones", 2, "nsSet"], { line: 28, column: 5 }],
    ]);
    expect(text.split("\n")[25]).toBe('      "nsSet": 1');
    expect(text.split("\n")[27]).toBe("    {");
    expect(file.locate(["zones", 0, "name", "x"])).toBeUndefined();
    expect(file.locate(["zones", 9, "nsSet"])).toBeUndefined();
    expect(file.locate(["zones", "name"])).toBeUndefined();
    expect(file.locate(["liveZones"])).toEqual({ line: 1, column: 1 });
    expectSamePositions(text, "acns.json");
    expectSamePositions(JSON.stringify(GOOD), "acns.json");
  });

  it("points issues in a YAML file at their exact line and column, block and flow style alike", () => {
    const text = [
      "# the account",
      `accountId: "${ACCOUNT}"`,
      "sets:",
      "- nsSet: 1   # at the key's indentation",
      "  nameservers: [ ns1.example.net, 'ns2.example.net' ]",
      "zones:",
      "  - { name: example.com, nsSet: 1 }",
      "  -   name: a.example.com",
      "      nsSet: 1",
      "",
    ].join("\r\n");
    expect(readSimpleYaml(text)).toBeDefined();
    const file = expectValue(parseConfigFile(text, { fileName: "acns.yaml" }));
    const result = validateAcnsConfig(file.value);
    if (result.ok) throw new Error("expected issues");
    expect(locateIssues(file, result.issues).map((i) => [i.code, i.path, i.position])).toEqual([
      ["hierarchy-conflict", ["zones", 1, "nsSet"], { line: 9, column: 14 }],
    ]);
    expectSamePositions(text, "acns.yaml");
  });

  it("still gives the line and column of a JSON syntax error deep in a big file, with today's message", () => {
    const lines = JSON.stringify(generateAccount(5_000, 0, 5), null, 2).split("\n");
    expect(lines[20_000]).toBe('      "name": "www0.site1031.org",');
    lines[20_000] = `${lines[20_000]},`; // a comma too many
    const parsed = parseConfigFile(lines.join("\n"), { fileName: "acns.json" });
    expect(parsed).toEqual({
      ok: false,
      format: "json",
      problems: [
        {
          code: "json-syntax",
          line: 20_001,
          column: 35,
          message:
            'expected a double-quoted key, found ","; correct the JSON there (a .json file is strict JSON: no ' +
            "comments, no trailing commas)",
        },
      ],
    });
  });

  it("leaves numeric ids and repeated keys in JSON to the document path, which reports them", () => {
    expect(parseConfigFile('{\n  "accountId": 123\n}\n', { fileName: "acns.json" })).toEqual({
      ok: false,
      format: "json",
      problems: [
        {
          code: "unquoted-id",
          line: 2,
          column: 16,
          message: 'accountId 123 is read as a number, not as an id; put the id in quotes: accountId: "123"',
        },
      ],
    });
    const repeated = parseConfigFile('[{"a": {"b": 1, "b": 2}}]', { fileName: "acns.json" });
    expect(repeated.ok ? [] : repeated.problems.map((p) => [p.code, p.line, p.column])).toEqual([
      ["duplicate-key", 1, 17],
    ]);
  });

  it("locates issues deep in a generated file of 20k zones exactly, as JSON and as YAML", () => {
    const account = generateAccount(20_000, 0, 3);
    const bad = [7_000, 13_337, 19_998];
    account.zones = account.zones.map((zone, index) =>
      bad.includes(index) ? { ...zone, name: `bad_${index}..example` } : zone,
    );
    const yaml = stringify(account, { lineWidth: 0 });
    const json = JSON.stringify(account, null, 2);
    for (const [text, fileName] of [
      [json, "big.json"],
      [yaml, "big.yaml"],
    ] as const) {
      expect(fileName.endsWith(".yaml") ? readSimpleYaml(text) : "json").toBeDefined();
      const file = expectValue(parseConfigFile(text, { fileName }));
      const result = validateAcnsConfig(file.value);
      if (result.ok) throw new Error("expected issues");
      const located = locateIssues(file, result.issues);
      expect(located.map((issue) => issue.path)).toEqual(bad.map((index) => ["zones", index, "name"]));
      const textLines = text.split("\n");
      for (const issue of located) {
        const index = issue.path[1] as number;
        const { line, column } = issue.position ?? { line: 0, column: 0 };
        expect(textLines[line - 1]?.slice(column - 1)).toMatch(new RegExp(`^"?bad_${index}\\.\\.example`));
      }
      const positions = listDocumentPositions(text);
      for (const path of [["zones", 19_999], ["zones", 12_345, "nsSet"], ["sets", 4, "nameservers", 2], []]) {
        expect(file.locate(path)).toEqual(positions.get(JSON.stringify(path)));
      }
    }
  });
});

describe("readSimpleYaml", () => {
  it.each([
    ["an anchor", "a: &x 1\nb: *x\n"],
    ["a tag", "a: !!str 1\n"],
    ["a block scalar", "a: |\n  x\n"],
    ["a plain scalar over two lines", "a: x\n  y\n"],
    ["an empty value", "a:\nb: 1\n"],
    ["a flow list over two lines", "a: [x,\n  y]\n"],
    ["an escape", 'a: "x\\ty"\n'],
    ["a repeated key", "a: 1\na: 2\n"],
    ["a numeric id", "zoneId: 12\n"],
    ["a float", "a: 1.5\n"],
    ["a negative number", "a: -1\n"],
    ["a document marker", "---\na: 1\n"],
    ["a tab", "a:\t1\n"],
    ["odd indentation", "a:\n    b: 1\n  c: 2\n"],
    ["a top-level scalar", "x\n"],
    ["an empty file", "# nothing\n"],
    ["a trailing comma in a flow list", "a: [x, ]\n"],
    ["a numeric key", "1: x\n"],
  ])("gives up on %s", (_, text) => {
    expect(readSimpleYaml(text)).toBeUndefined();
  });

  it("reads what YAML reads, and gives the document path's positions, on random block-style files", () => {
    const scalar = fc.oneof(
      fc.stringMatching(/^[a-z0-9][a-z0-9._/-]{0,12}$/),
      fc.integer({ min: 0, max: 10_000 }),
      fc.boolean(),
      fc.constant(null),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, scalar, tie("list"), tie("map")),
      list: fc.array(tie("node"), { maxLength: 4 }),
      map: fc.dictionary(fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_]{0,6}$/), tie("node"), { maxKeys: 4 }),
    })).map;
    fc.assert(
      fc.property(value, fc.integer({ min: 0, max: 2 ** 30 }), (map, flowMask) => {
        // Some collections in flow style ([a, b], { k: v }), chosen by the bits of flowMask.
        const doc = new Document(map);
        let bit = 0;
        visit(doc, {
          Collection(_, node) {
            node.flow = ((flowMask >> (bit++ % 30)) & 1) === 1;
          },
        });
        const text = doc.toString({ lineWidth: 0 });
        const fast = readSimpleYaml(text);
        if (fast === undefined) return;
        expect(fast.value).toEqual(parseDocument(text, { version: "1.2" }).toJS());
        expectSamePositions(text, "x.yaml");
      }),
      { numRuns: 400 },
    );
  });

  it("never reads a text differently from YAML, whatever lines it is made of", () => {
    const line = fc
      .tuple(
        fc.constantFrom("", " ", "  ", "    ", "      "),
        fc.constantFrom("", "- ", "-", "a: ", "b:", "b: ", "- a: ", "zoneId: ", '"k": ', "1: ", "---", "? "),
        fc.constantFrom(
          ...["", "x", "1", "0x1", "[x, 1]", "[ ]", "{ a: 1, b: [] }", '"q"', "'s'", "'it''s'", "~", "true"],
          ...[".5", "[", "{ a: }", "x y", "x:y", "&a x", "*a", '"a\\tb"', "- x", "x, y", "|", "07", "-1"],
        ),
        fc.constantFrom("", " # c", "#c", "  ", "\r"),
      )
      .map((parts) => parts.join(""));
    let read = 0;
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.join("\n");
        const fast = readSimpleYaml(text);
        if (fast === undefined) return;
        read++;
        const doc = parseDocument(text, { version: "1.2", uniqueKeys: true });
        expect(doc.errors).toEqual([]);
        expect(fast.value).toEqual(doc.toJS());
        expectSamePositions(text, "x.yaml");
      }),
      { numRuns: 5000 },
    );
    // The property means something only if the reader takes a fair share of the texts.
    expect(read).toBeGreaterThan(30);
  });
});
