import { describe, expect, it } from "vitest";
import { innerMongoliaCounties, referenceRegions } from "./reference-data";

describe("the production region tree, from the administrative-divisions package", () => {
  it("has the autonomous region, its 12 league-cities and their 103 banner-county units", () => {
    const rows = referenceRegions();
    expect(rows.filter((r) => r.level === "province")).toHaveLength(1);
    expect(rows.filter((r) => r.level === "league_city")).toHaveLength(12);
    expect(innerMongoliaCounties()).toHaveLength(103);
  });

  it.each([
    ["150100", 9],
    ["150200", 9],
    ["150300", 3],
    ["150400", 12],
    ["150500", 8],
    ["150600", 9],
    ["150700", 14],
    ["150800", 7],
    ["150900", 11],
    ["152200", 6],
    ["152500", 12],
    ["152900", 3],
  ])("league-city %s has %i units below it", (code, n) => {
    expect(innerMongoliaCounties().filter((r) => r.parentCode === code)).toHaveLength(n);
  });

  it("keeps league seats such as 乌兰浩特市 and 二连浩特市, drops 市辖区 placeholders and development zones", () => {
    const byCode = new Map(innerMongoliaCounties().map((r) => [r.code, r.nameZh]));
    expect(byCode.get("152201")).toBe("乌兰浩特市");
    expect(byCode.get("152501")).toBe("二连浩特市");
    expect(byCode.has("150101")).toBe(false);
    expect(byCode.has("150172")).toBe(false);
    expect(byCode.has("152571")).toBe(false);
  });

  it("codes are unique six-digit GB/T 2260 codes under their parent's prefix", () => {
    const rows = innerMongoliaCounties();
    expect(new Set(rows.map((r) => r.code)).size).toBe(rows.length);
    for (const r of rows) {
      expect(r.code).toMatch(/^\d{6}$/);
      expect(r.code.slice(0, 4)).toBe(r.parentCode!.slice(0, 4));
    }
  });
});
