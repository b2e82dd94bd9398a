import { describe, expect, it } from "vitest";
import { bulletinParamsSchema, bulletinSettingsSchema, defaultDocNumber, readBulletinSettingsValue, DEFAULT_BULLETIN_SETTINGS } from "./bulletin";

describe("the bulletin's parameters", () => {
  it.each([
    [{ year: "2026" }, true],
    [{ year: "2026", period: "2026-10", docNumber: "内环督〔2026〕10号" }, true],
    [{ year: "2026", docNumber: "" }, true],
    [{ year: "2026", docNumber: "x".repeat(41) }, false],
    [{ year: "2026", docNumber: "内环督\u0000" }, false],
    [{ year: "2026", planId: "2147483648" }, false],
    [{ year: "2026", period: "2026-13-01" }, false],
    [{ year: "1999" }, false],
  ])("%o → valid %s", (input, ok) => {
    expect(bulletinParamsSchema.safeParse(input).success).toBe(ok);
  });
});

describe("the bulletin's header settings", () => {
  it("defaults to the department's name and no document number", () => {
    expect(DEFAULT_BULLETIN_SETTINGS).toEqual({ agencyMark: "内蒙古自治区生态环境厅", docNumberPrefix: "" });
  });
  it("keeps what parses and falls back field by field", () => {
    expect(readBulletinSettingsValue({ agencyMark: "生态环境工作通报", docNumberPrefix: 7 })).toEqual({ agencyMark: "生态环境工作通报", docNumberPrefix: "" });
    expect(readBulletinSettingsValue(null)).toEqual(DEFAULT_BULLETIN_SETTINGS);
  });
  it("refuses a mark too long or with control characters", () => {
    expect(bulletinSettingsSchema.safeParse({ agencyMark: "厅".repeat(41) }).success).toBe(false);
    expect(bulletinSettingsSchema.safeParse({ docNumberPrefix: "内环\n督" }).success).toBe(false);
  });
  it.each([
    ["内环督", 2026, 10, "内环督〔2026〕10号"],
    ["内环督通", 2024, 4, "内环督通〔2024〕4号"],
    ["", 2026, 10, ""],
  ])("numbers %s %d period %d as %s", (prefix, year, n, expected) => {
    expect(defaultDocNumber(prefix, year, n)).toBe(expected);
  });
});
