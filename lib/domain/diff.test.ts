import { describe, expect, it } from "vitest";
import { diffVersions, type VersionSnapshot } from "./diff";

const v1: VersionSnapshot = { version: 1, state: "draft", progress: 40, status: "on_track", workDone: "a", problems: "", nextSteps: "n", reviewComment: null, indicatorValues: [{ indicatorId: 7, value: 90 }] };

describe("diffVersions", () => {
  it("finds nothing between equal versions", () => {
    expect(diffVersions(v1, { ...v1, version: 2 })).toEqual([]);
  });
  it("lists each changed field with before and after", () => {
    const v2 = { ...v1, version: 2, state: "returned", progress: 55, reviewComment: "补充材料", indicatorValues: [{ indicatorId: 7, value: 91.5 }, { indicatorId: 8, value: 3 }] };
    expect(diffVersions(v1, v2)).toEqual([
      { field: "state", before: "draft", after: "returned" },
      { field: "progress", before: "40", after: "55" },
      { field: "reviewComment", before: "", after: "补充材料" },
      { field: "indicator:7", before: "90", after: "91.5" },
      { field: "indicator:8", before: "", after: "3" },
    ]);
  });
});
