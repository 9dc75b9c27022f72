import fc from "fast-check";
import {
  CONFIG_FILE_PROBLEM_CODES,
  locateIssues,
  parseConfigFile,
  validateAcnsConfig,
  type ConfigFileProblem,
  type ParsedConfigFile,
} from "../../provider/core";

const ACCOUNT = "0123456789abcdef0123456789abcdef";

function expectProblems(parsed: ParsedConfigFile): ConfigFileProblem[] {
  if (parsed.ok) throw new Error(`expected problems, got ${JSON.stringify(parsed.value)}`);
  return parsed.problems;
}

function expectValue(parsed: ParsedConfigFile): Extract<ParsedConfigFile, { ok: true }> {
  if (!parsed.ok) throw new Error(`expected a value, got ${JSON.stringify(parsed.problems)}`);
  return parsed;
}

const GOOD_YAML = [
  `accountId: "${ACCOUNT}"`, // 1
  "sets:", // 2
  "  - nsSet: 1", // 3
  "    nameservers: [ns1.example.net, ns2.example.net]", // 4
  "  - nsSet: 2", // 5
  "    nameservers:", // 6
  "      - ns3.example.net", // 7
  "      - ns4.example.net", // 8
  "zones:", // 9
  "  - name: example.com", // 10
  "    nsSet: 1", // 11
  "  - { name: a.example.com, nsSet: 1 }", // 12
  "  - name: b.example.com", // 13
  "",
].join("\n");

describe("parseConfigFile", () => {
  it("reads YAML into the plain value the validator takes", () => {
    const file = expectValue(parseConfigFile(GOOD_YAML, { fileName: "acns.yaml" }));
    expect(file.format).toBe("yaml");
    expect(file.value).toEqual({
      accountId: ACCOUNT,
      sets: [
        { nsSet: 1, nameservers: ["ns1.example.net", "ns2.example.net"] },
        { nsSet: 2, nameservers: ["ns3.example.net", "ns4.example.net"] },
      ],
      zones: [
        { name: "example.com", nsSet: 1 },
        { name: "a.example.com", nsSet: 1 },
        { name: "b.example.com" },
      ],
    });
  });

  it("reads YAML 1.2: on, yes and no stay strings", () => {
    const file = expectValue(parseConfigFile("a: [on, yes, no, off]\n"));
    expect(file.value).toEqual({ a: ["on", "yes", "no", "off"] });
  });

  it("reads a .json file as JSON, and the same value as the YAML", () => {
    const value = expectValue(parseConfigFile(GOOD_YAML)).value;
    const file = expectValue(parseConfigFile(JSON.stringify(value, null, 2), { fileName: "ACNS.JSON" }));
    expect(file.format).toBe("json");
    expect(file.value).toEqual(value);
  });

  it("points validator issues at the line and column of the value, the key, or the entry that lacks it", () => {
    const file = expectValue(parseConfigFile(GOOD_YAML, { fileName: "acns.yaml" }));
    const result = validateAcnsConfig(file.value);
    if (result.ok) throw new Error("expected issues");
    const located = locateIssues(file, result.issues).map((issue) => ({
      code: issue.code,
      path: issue.path,
      position: issue.position,
    }));
    expect(located).toEqual([
      { code: "hierarchy-conflict", path: ["zones", 1, "nsSet"], position: { line: 12, column: 35 } },
      // nsSet omitted, so the default 1: the zone's entry is the place.
      { code: "hierarchy-conflict", path: ["zones", 2, "nsSet"], position: { line: 13, column: 5 } },
    ]);
  });

  it("locates paths exactly, and refuses paths that lead nowhere in the file", () => {
    const file = expectValue(parseConfigFile(GOOD_YAML));
    expect(file.locate([])).toEqual({ line: 1, column: 1 });
    expect(file.locate(["sets", 1, "nameservers", 1])).toEqual({ line: 8, column: 9 });
    expect(file.locate(["sets", 0, "nameservers", 1])).toEqual({ line: 4, column: 36 });
    expect(file.locate(["defaultNameservers"])).toEqual({ line: 1, column: 1 });
    expect(file.locate(["liveZones", 0, "nsSet"])).toBeUndefined();
    expect(file.locate(["zones", 0, "name", "x"])).toBeUndefined();
    expect(file.locate(["zones", 9, "nsSet"])).toBeUndefined();
  });

  interface ProblemRow {
    title: string;
    text: string;
    fileName?: string;
    problems: ConfigFileProblem[];
  }

  const ROWS: ProblemRow[] = [
    {
      title: "an empty YAML file",
      text: "",
      problems: [
        {
          code: "empty-file",
          line: 1,
          column: 1,
          message:
            "the file holds no YAML value; write one account as { accountId, sets: [...], zones: [...] }, or a list of them",
        },
      ],
    },
    {
      title: "a YAML file of comments only",
      text: "# nothing yet\n",
      problems: [
        {
          code: "empty-file",
          line: 1,
          column: 1,
          message:
            "the file holds no YAML value; write one account as { accountId, sets: [...], zones: [...] }, or a list of them",
        },
      ],
    },
    {
      title: "an empty JSON file",
      text: " \n",
      fileName: "acns.json",
      problems: [
        {
          code: "empty-file",
          line: 1,
          column: 1,
          message:
            "the file holds no JSON value; write one account as { accountId, sets: [...], zones: [...] }, or a list of them",
        },
      ],
    },
    {
      title: "an unclosed flow list",
      text: "sets:\n  - nsSet: 1\n    nameservers: [a, b\nzones: []\n",
      problems: [
        {
          code: "yaml-syntax",
          line: 4,
          column: 1,
          message:
            "Flow sequence in block collection must be sufficiently indented and end with a ]; correct the YAML syntax there",
        },
      ],
    },
    {
      title: "a tab used for indentation",
      text: "sets:\n\t- nsSet: 1\n",
      problems: [
        {
          code: "yaml-syntax",
          line: 2,
          column: 1,
          message: "Tabs are not allowed as indentation; correct the YAML syntax there",
        },
      ],
    },
    {
      title: "a key written twice",
      text: "zones: []\nsets: []\nzones: [{ name: example.com }]\n",
      problems: [
        {
          code: "duplicate-key",
          line: 3,
          column: 1,
          message:
            "a key is repeated in one mapping (Map keys must be unique); keep one of them, merging what they hold",
        },
      ],
    },
    {
      title: "two YAML documents",
      text: `accountId: "${ACCOUNT}"\n---\naccountId: "${ACCOUNT}"\n`,
      problems: [
        {
          code: "multiple-documents",
          line: 2,
          column: 1,
          message:
            "the file holds more than one YAML document (---); put several accounts in one list instead: - accountId: ...",
        },
      ],
    },
    {
      title: "ids that YAML reads as numbers",
      text: "accountId: 12345678901234567890123456789012\nzones:\n  - name: a.example\n    zoneId: 1e5\n",
      problems: [
        {
          code: "unquoted-id",
          line: 1,
          column: 12,
          message:
            'accountId 12345678901234567890123456789012 is read as a number, not as an id; put the id in quotes: accountId: "12345678901234567890123456789012"',
        },
        {
          code: "unquoted-id",
          line: 4,
          column: 13,
          message: 'zoneId 1e5 is read as a number, not as an id; put the id in quotes: zoneId: "1e5"',
        },
      ],
    },
    {
      title: "a trailing comma in JSON",
      text: '{\n  "zones": [\n    {"name": "a.example"},\n  ]\n}\n',
      fileName: "acns.json",
      problems: [
        {
          code: "json-syntax",
          line: 4,
          column: 3,
          message:
            'a trailing comma before "]" is not allowed in JSON; correct the JSON there (a .json file is strict JSON: no comments, no trailing commas)',
        },
      ],
    },
    {
      title: "a comment in JSON",
      text: '{\n  // the account\n  "accountId": "x"\n}\n',
      fileName: "acns.json",
      problems: [
        {
          code: "json-syntax",
          line: 2,
          column: 3,
          message:
            'expected a double-quoted key, found "/"; correct the JSON there (a .json file is strict JSON: no comments, no trailing commas)',
        },
      ],
    },
    {
      title: "an unfinished JSON object",
      text: '{"accountId": "x"',
      fileName: "acns.json",
      problems: [
        {
          code: "json-syntax",
          line: 1,
          column: 18,
          message:
            'expected "," or "}", found the end of the file; correct the JSON there (a .json file is strict JSON: no comments, no trailing commas)',
        },
      ],
    },
    {
      title: "a key repeated in JSON (JSON.parse would keep the last silently)",
      text: '{\n  "zones": [],\n  "zones": []\n}\n',
      fileName: "acns.json",
      problems: [
        {
          code: "duplicate-key",
          line: 3,
          column: 3,
          message:
            "a key is repeated in one mapping (Map keys must be unique); keep one of them, merging what they hold",
        },
      ],
    },
  ];

  it.each(ROWS)("reports $title", ({ text, fileName, problems }) => {
    expect(expectProblems(parseConfigFile(text, { fileName }))).toEqual(problems);
  });

  it("has a row for every problem code", () => {
    const seen = new Set(ROWS.flatMap((row) => row.problems.map((p) => p.code)));
    expect([...seen].sort()).toEqual([...CONFIG_FILE_PROBLEM_CODES].sort());
  });

  it("refuses a file whose aliases would blow up in memory", () => {
    const text = [
      "a: &a [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "",
    ].join("\n");
    expect(expectProblems(parseConfigFile(text))).toEqual([
      {
        code: "yaml-syntax",
        line: 1,
        column: 1,
        message: "Excessive alias count indicates a resource exhaustion attack; use fewer aliases (*name)",
      },
    ]);
  });

  it("reads any JSON value as JSON and as YAML alike, and never throws on any text", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value);
        const asJson = expectValue(parseConfigFile(text, { fileName: "x.json" })).value;
        // JSON.parse drops -0's sign through stringify; compare through JSON text.
        expect(JSON.stringify(asJson)).toBe(text);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("x.json", "x.yaml"), (text, fileName) => {
        const parsed = parseConfigFile(text, { fileName });
        if (!parsed.ok) for (const p of parsed.problems) expect(p.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });
});
