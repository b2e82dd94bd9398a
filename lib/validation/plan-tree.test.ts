import { describe, expect, it } from "vitest";
import { MAX_TREE_DEPTH, planPatchSchema, planWithTreeSchema, taskAssignmentsSchema, taskPatchSchema } from "./plan";

const plan = { year: 2027, title: "2027年重点任务", issuingBody: "生态环境厅", cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 };
const task = (title: string, children: unknown[] = []) => ({ title, startDate: "2027-01-01", dueDate: "2027-12-31", children });
const fieldsOf = (r: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) => (r.error?.issues ?? []).map((i) => `${i.path.join(".")}:${i.message}`);

/** A chain of tasks `depth` levels deep. */
function chain(depth: number): unknown {
  let node = task(`L${depth}`);
  for (let d = depth - 1; d >= 1; d--) node = task(`L${d}`, [node]);
  return node;
}

describe("planWithTreeSchema", () => {
  it("takes a plan with a tree, filling each task's defaults", () => {
    const out = planWithTreeSchema.parse({ ...plan, tasks: [task("一", [task("1.1")])] });
    expect(out.tasks[0]).toMatchObject({ title: "一", weight: 1, titleEn: "", indicators: [], children: [{ title: "1.1", children: [] }] });
  });

  it("names the field of a bad node by its path", () => {
    const bad = planWithTreeSchema.safeParse({ ...plan, tasks: [task("一", [{ ...task("1.1"), dueDate: "2027-02-30" }, { ...task("1.2"), startDate: "2027-12-01", dueDate: "2027-01-01" }])] });
    expect(fieldsOf(bad)).toEqual(["tasks.0.children.0.dueDate:badDate", "tasks.0.children.1.dueDate:dateOrder"]);
  });

  it(`stops at ${MAX_TREE_DEPTH} levels, however deep the input nests`, () => {
    expect(planWithTreeSchema.safeParse({ ...plan, tasks: [chain(MAX_TREE_DEPTH)] }).success).toBe(true);
    expect(fieldsOf(planWithTreeSchema.safeParse({ ...plan, tasks: [chain(MAX_TREE_DEPTH + 1)] }))).toEqual([`tasks.0${".children.0".repeat(MAX_TREE_DEPTH - 1)}.children:tooDeep`]);
    expect(planWithTreeSchema.safeParse({ ...plan, tasks: [chain(20_000)] }).success).toBe(false);
  });

  it("refuses more than 5000 tasks in all, and NUL in text", () => {
    const wide = Array.from({ length: 50 }, (_, i) => task(`${i}`, Array.from({ length: 100 }, (_, j) => task(`${i}.${j}`))));
    expect(fieldsOf(planWithTreeSchema.safeParse({ ...plan, tasks: wide }))).toEqual(["tasks:tooManyTasks"]);
    expect(fieldsOf(planWithTreeSchema.safeParse({ ...plan, title: "a\u0000b" }))).toEqual(["title:badCharacter"]);
  });
});

describe("patches", () => {
  it("keep what is left out, and check the order of what is sent", () => {
    expect(taskPatchSchema.parse({ taskId: 1, title: "新" })).toEqual({ taskId: 1, title: "新" });
    expect(fieldsOf(taskPatchSchema.safeParse({ taskId: 1, startDate: "2027-05-01", dueDate: "2027-04-01" }))).toEqual(["dueDate:dateOrder"]);
    expect(planPatchSchema.parse({ planId: 3, year: 2028 })).toEqual({ planId: 3, year: 2028 });
    expect(fieldsOf(planPatchSchema.safeParse({ planId: 3, greenMaxBehind: 30, yellowMaxBehind: 20 }))).toEqual(["yellowMaxBehind:thresholdOrder"]);
  });

  it("ids are positive 32-bit integers", () => {
    for (const taskId of [0, -1, 1.5, 2 ** 31, "x"]) expect([taskId, taskPatchSchema.safeParse({ taskId }).success]).toEqual([taskId, false]);
    expect(taskPatchSchema.safeParse({ taskId: 2 ** 31 - 1 }).success).toBe(true);
  });
});

describe("taskAssignmentsSchema", () => {
  it("regions once each, dates in order, targets once per indicator", () => {
    const ok = taskAssignmentsSchema.parse({ taskId: 1, regions: [{ regionCode: "150100" }, { regionCode: "150200", dueDate: "2027-06-30", targets: [{ indicatorId: 4, target: 80 }] }] });
    expect(ok.regions[0]).toEqual({ regionCode: "150100" });
    expect(ok.regions[1]!.targets).toEqual([{ indicatorId: 4, baseline: null, target: 80 }]);
    const bad = taskAssignmentsSchema.safeParse({
      taskId: 1,
      regions: [
        { regionCode: "150100", startDate: "2027-07-01", dueDate: "2027-06-30" },
        { regionCode: "1501", targets: [{ indicatorId: 4, target: 1 }, { indicatorId: 4, target: 2 }] },
        { regionCode: "150100" },
      ],
    });
    expect(fieldsOf(bad)).toEqual(["regions.0.dueDate:dateOrder", "regions.1.regionCode:badRegion", "regions.1.targets:duplicateIndicator", "regions:duplicateRegion"]);
  });
});
