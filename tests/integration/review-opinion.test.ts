import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { listReportVersions } from "@/lib/data/reports";
import { approveReport, returnReport } from "@/lib/data/review";
import { NOW, actAs, query, seed } from "../support/fixtures";

/** Every decision keeps its opinion: an approval's as well as a return's, in the report's history. */
beforeAll(async () => {
  await seed();
});

async function submitted(offset: number) {
  const [r] = await query<{ id: number; version: number }>(sql`select id, version from reports where state = 'submitted' order by id offset ${offset} limit 1`);
  if (!r) throw new Error("the demo has no submitted report");
  return r;
}

describe("the reviewer's opinion", () => {
  it.each([
    ["approve", "已核实，同意。", "approved"],
    ["return", "请补充监测数据。", "returned"],
  ] as const)("%s keeps “%s” in the newest version", async (decision, comment, state) => {
    await actAs("staff");
    const r = await submitted(decision === "approve" ? 0 : 1);
    const input = { reportId: r.id, version: r.version, comment };
    await (decision === "approve" ? approveReport(input, NOW) : returnReport(input, NOW));
    const versions = await listReportVersions(r.id);
    expect(versions.at(-1)).toMatchObject({ action: decision, state, reviewComment: comment });
  });

  it("an approval without an opinion stores none", async () => {
    await actAs("staff");
    const r = await submitted(0);
    await approveReport({ reportId: r.id, version: r.version }, NOW);
    expect((await listReportVersions(r.id)).at(-1)).toMatchObject({ action: "approve", reviewComment: null });
  });
});
