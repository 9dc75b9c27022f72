import { z } from "zod";
import { describeZodIssues, parseInput } from "../../provider/core";

const Inputs = z.strictObject({
  zoneId: z.string().regex(/^[0-9a-f]{32}$/),
  nsSet: z.number().int().min(1).max(5).optional(),
  zoneName: z.string().optional(),
});
const HINTS = { zoneId: "the zone's id", nsSet: "a set number, 1-5", zoneName: 'e.g. "example.com"' };

function describe_(value: unknown): { path: (string | number)[]; message: string }[] {
  const parsed = Inputs.safeParse(value);
  if (parsed.success) return [];
  return describeZodIssues(parsed.error, value, 'ZoneAcnsBinding "web"', HINTS);
}

describe("describeZodIssues", () => {
  it("renders each zod issue as a path and a message in the house grammar", () => {
    expect(describe_({ zoneId: "ABC", nsSet: "2", zone_name: "a.com" })).toEqual([
      {
        path: ["zoneId"],
        message:
          'zoneId of ZoneAcnsBinding "web" must be a Cloudflare id (32 lowercase hex characters), got "ABC" ' +
          "(a string); copy it from the Cloudflare dashboard or API",
      },
      {
        path: ["nsSet"],
        message:
          'nsSet of ZoneAcnsBinding "web" must be a number, got "2" (a string); write a set number, 1-5',
      },
      {
        path: ["zone_name"],
        message: 'ZoneAcnsBinding "web" has an unknown field "zone_name"; did you mean "zoneName"?',
      },
    ]);
  });

  it("names a missing field and what to add", () => {
    expect(describe_({})).toEqual([
      { path: ["zoneId"], message: `ZoneAcnsBinding "web" has no zoneId; add the zone's id` },
    ]);
  });

  it("without hints, knows no fields: an unknown one is only to be removed", () => {
    const parsed = z.strictObject({ a: z.string() }).safeParse({ a: "x", b: 1 });
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(describeZodIssues(parsed.error, { a: "x", b: 1 }, "it")).toEqual([
      { path: ["b"], message: 'it has an unknown field "b"; remove it' },
    ]);
  });
});

describe("parseInput", () => {
  const Names = z.array(z.string().refine((name) => name.includes("."), { error: "it has no dot; add one" }));

  it("keeps the messages a schema words itself, prefixed with where they are, and words zod's own", () => {
    expect(parseInput(Names, ["a.example", "b", 3], "names", "Thing", { "": "a hostname" })).toEqual({
      success: false,
      messages: [
        "names[1]: it has no dot; add one",
        "names[2] of Thing must be a string, got 3 (a number); write a hostname",
      ],
    });
    expect(parseInput(Names, "a.example", "names", "Thing", { names: "a list of hostnames" })).toEqual({
      success: false,
      messages: ['names of Thing must be a list, got "a.example" (a string); write a list of hostnames'],
    });
    expect(parseInput(Names, ["a.example"], "names", "Thing")).toEqual({
      success: true,
      data: ["a.example"],
    });
  });
});
