import { describe, expect, it } from "vitest";
import { canTransition, chineseNumeral, descendantIds, displayNumber, moveInTree, outlineNumbers, parentNumber, wouldCycle, type TreeRow } from "./task-tree";

// 1 ─┬─ 2
//    └─ 3 ── 4
// 5
const rows: TreeRow[] = [
  { id: 1, parentId: null, sortOrder: 0 },
  { id: 2, parentId: 1, sortOrder: 0 },
  { id: 3, parentId: 1, sortOrder: 1 },
  { id: 4, parentId: 3, sortOrder: 0 },
  { id: 5, parentId: null, sortOrder: 1 },
];

describe("outline numbers", () => {
  it("number the tree by shape and sibling order", () => {
    expect(Object.fromEntries(outlineNumbers(rows))).toEqual({ 1: "1", 2: "1.1", 3: "1.2", 4: "1.2.1", 5: "2" });
  });
  it("break ties in sort order by id", () => {
    const n = outlineNumbers([{ id: 9, parentId: null, sortOrder: 0 }, { id: 7, parentId: null, sortOrder: 0 }]);
    expect(n.get(7)).toBe("1");
    expect(n.get(9)).toBe("2");
  });
  it("survive a cycle in bad data", () => {
    const n = outlineNumbers([{ id: 1, parentId: 2, sortOrder: 0 }, { id: 2, parentId: 1, sortOrder: 0 }]);
    expect(n.size).toBe(0);
  });
});

describe("cycles", () => {
  it("a task may not go under itself or its descendants", () => {
    expect(wouldCycle(rows, 1, 1)).toBe(true);
    expect(wouldCycle(rows, 1, 4)).toBe(true);
    expect(wouldCycle(rows, 3, 2)).toBe(false);
    expect(wouldCycle(rows, 4, null)).toBe(false);
    expect([...descendantIds(rows, 1)].sort()).toEqual([2, 3, 4]);
  });
});

describe("moves", () => {
  it("reorder among siblings", () => {
    expect(moveInTree(rows, 3, 1, 0)).toEqual(expect.arrayContaining([{ id: 3, parentId: 1, sortOrder: 0 }, { id: 2, parentId: 1, sortOrder: 1 }]));
  });
  it("move under another parent and close up the old siblings", () => {
    const changes = moveInTree(rows, 2, 5, 99);
    expect(changes).toEqual(expect.arrayContaining([{ id: 2, parentId: 5, sortOrder: 0 }, { id: 3, parentId: 1, sortOrder: 0 }]));
    const after = rows.map((r) => ({ ...r, ...changes.find((c) => c.id === r.id) }));
    expect(Object.fromEntries(outlineNumbers(after))).toEqual({ 1: "1", 3: "1.1", 4: "1.1.1", 5: "2", 2: "2.1" });
  });
  it("refuse a cycle", () => {
    expect(() => moveInTree(rows, 1, 4, 0)).toThrow("cycle");
  });
  it("clamp a position out of range", () => {
    expect(moveInTree(rows, 5, null, -3)).toEqual(expect.arrayContaining([{ id: 5, parentId: null, sortOrder: 0 }, { id: 1, parentId: null, sortOrder: 1 }]));
  });
});

describe("display", () => {
  it("Chinese numerals for top-level tasks", () => {
    expect([1, 2, 9, 10, 11, 20, 21, 99, 100].map(chineseNumeral)).toEqual(["一", "二", "九", "十", "十一", "二十", "二十一", "九十九", "100"]);
    expect(displayNumber("3", "zh-CN")).toBe("三、");
    expect(displayNumber("3", "en")).toBe("3.");
    expect(displayNumber("3.2", "zh-CN")).toBe("3.2");
    expect(parentNumber("3.2.1")).toBe("3.2");
    expect(parentNumber("3")).toBeNull();
  });
  it("plan states move draft → published → closed, and back one step", () => {
    expect(canTransition("draft", "published")).toBe(true);
    expect(canTransition("draft", "closed")).toBe(false);
    expect(canTransition("closed", "published")).toBe(true);
  });
});
