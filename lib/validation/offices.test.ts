import { describe, expect, it } from "vitest";
import { DEFAULT_OFFICES, officeChoices, officesFromText, officesSchema, readOfficesValue } from "./offices";

describe("the offices list (牵头处室)", () => {
  it("reads the administrator's lines: trimmed, blank lines dropped, order kept", () => {
    expect(officesFromText(" 综合处 \n\n大气环境处\r\n  \n水生态环境处")).toEqual(["综合处", "大气环境处", "水生态环境处"]);
    expect(officesFromText("")).toEqual([]);
  });

  it("refuses an empty list, a name twice, a name over 50 characters, control characters and more than 100", () => {
    const codes = (offices: string[]) => (officesSchema.safeParse({ offices }).error?.issues ?? []).map((i) => i.message);
    expect(codes([])).toEqual(["required"]);
    expect(codes(["综合处", "综合处"])).toEqual(["duplicate"]);
    expect(codes(["处".repeat(51)])).toEqual(["tooLong"]);
    expect(codes(["处".repeat(50)])).toEqual([]);
    expect(codes(["综合\u0000处"])).toEqual(["badCharacters"]);
    expect(codes(Array.from({ length: 101 }, (_, i) => `处室${i}`))).toEqual(["tooMany"]);
    expect(codes(Array.from({ length: 100 }, (_, i) => `处室${i}`))).toEqual([]);
  });

  it("a stored value that does not parse is the default list", () => {
    expect(readOfficesValue(undefined)).toEqual(DEFAULT_OFFICES);
    expect(readOfficesValue({ offices: [] })).toEqual(DEFAULT_OFFICES);
    expect(readOfficesValue({ offices: "综合处" })).toEqual(DEFAULT_OFFICES);
    expect(readOfficesValue({ offices: ["督察办", "综合处"] })).toEqual(["督察办", "综合处"]);
  });

  it("a task's office that is not on the list is offered first, as it is", () => {
    expect(officeChoices(["综合处", "大气环境处"], "大气环境处")).toEqual(["综合处", "大气环境处"]);
    expect(officeChoices(["综合处"], "原污染防治处")).toEqual(["原污染防治处", "综合处"]);
    expect(officeChoices(["综合处"], "")).toEqual(["综合处"]);
  });
});
