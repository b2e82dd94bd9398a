import { beforeAll, describe, expect, it } from "vitest";
import { getDashboard, listBehind } from "@/lib/data/dashboard";
import { ForbiddenError } from "@/lib/data/errors";
import { NOW, actAs, seed } from "../support/fixtures";

beforeAll(async () => {
  await seed();
});

/** Every page of the whole behind list, in order. */
async function allPages(filter: { year: number; regionCode?: string; taskId?: number }) {
  const first = await listBehind({ ...filter, page: 1 }, NOW);
  const items = [...first.items];
  for (let p = 2; p <= Math.ceil(first.total / first.pageSize); p++) {
    const next = await listBehind({ ...filter, page: p }, NOW);
    expect(next.total).toBe(first.total);
    expect(next.items.length).toBeLessThanOrEqual(first.pageSize);
    items.push(...next.items);
  }
  return { total: first.total, items, pageSize: first.pageSize };
}

describe("查看全部: the whole behind list, page by page", () => {
  it.each([
    ["the province", { year: 2025 }],
    ["the province, current year", { year: 2026 }],
    ["a league-city and its counties", { year: 2025, regionCode: "150600" }],
  ] as const)("%s: as many as the dashboard counts, its first rows the dashboard's, none twice, in the dashboard's order", async (_, filter) => {
    await actAs("leader");
    const d = await getDashboard(filter, NOW);
    const all = await allPages(filter);
    expect(all.total).toBe(d.behindCount);
    expect(all.items).toHaveLength(d.behindCount);
    expect(new Set(all.items.map((b) => b.assignmentId)).size).toBe(all.items.length);
    expect(all.items.slice(0, d.behind.length).map((b) => b.assignmentId)).toEqual(d.behind.map((b) => b.assignmentId));
    for (const b of all.items) expect(b.light).not.toBe("green");
    for (let i = 1; i < all.items.length; i++) {
      const [a, b] = [all.items[i - 1]!, all.items[i]!];
      const key = (x: typeof a) => [Number(x.overdue), Number(x.light === "red"), x.behind];
      const [ka, kb] = [key(a), key(b)];
      const ordered = ka[0]! > kb[0]! || (ka[0] === kb[0] && (ka[1]! > kb[1]! || (ka[1] === kb[1] && (ka[2]! > kb[2]! || (ka[2] === kb[2] && a.assignmentId < b.assignmentId)))));
      expect(ordered, `${a.assignmentId} before ${b.assignmentId}`).toBe(true);
    }
    const code = "regionCode" in filter ? filter.regionCode : undefined;
    if (code) for (const b of all.items) expect(b.regionCode.slice(0, 4)).toBe(code.slice(0, 4));
  });

  it("a page past the end is empty; a bad page number reads as the first", async () => {
    await actAs("leader");
    const all = await listBehind({ year: 2025, page: 1 }, NOW);
    expect((await listBehind({ year: 2025, page: 9999 }, NOW)).items).toEqual([]);
    expect((await listBehind({ year: 2025, page: -3 }, NOW)).items.map((b) => b.assignmentId)).toEqual(all.items.map((b) => b.assignmentId));
  });

  it.each([
    ["leader", true],
    ["staff", true],
    ["admin", true],
    ["bureau-150100", false],
    ["auditor", false],
  ] as const)("%s may read it: %s", async (user, allowed) => {
    await actAs(user);
    const read = listBehind({ year: 2025 }, NOW);
    if (allowed) expect((await read).total).toBeGreaterThan(0);
    else await expect(read).rejects.toBeInstanceOf(ForbiddenError);
  });
});
