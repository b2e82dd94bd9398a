/**
 * npm run bench:plans — how fast the plan page's data loads for a plan of 500 tasks × 12
 * league-cities, on a fresh embedded database (PGlite) in a temporary folder.
 * Prints the figures; it asserts nothing.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import bcrypt from "bcryptjs";
import ExcelJS from "exceljs";
import { sql } from "drizzle-orm";
import { openDatabase, type DbHandle } from "@/db/client";
import { regions, reports, users } from "@/db/schema";
import { leagueCities, provinceRegion } from "@/db/seed/regions-data";
import { setBenchClaims } from "./bench-session";
import { getPlanEditor, getTaskEditor } from "@/lib/data/plan-editor";
import { exportPlanWorkbook, importPlanSheet } from "@/lib/data/plan-excel";
import { createPlan, listPlansWithTasks } from "@/lib/data/plans";
import { sheetColumns } from "@/lib/domain/plan-sheet";

const TOP = 50;
const MEASURES = 9; // 50 tasks + 450 measures = 500 rows in the tree
const RUNS = 10;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plans-"));
  let handle: DbHandle | undefined;
  try {
    handle = await openDatabase({ dataDir });
    // The data layer's getDb() answers with this database.
    (globalThis as unknown as { __trackerDb?: Promise<DbHandle> }).__trackerDb = Promise.resolve(handle);
    const db = handle.db;
    await db.insert(regions).values([
      { ...provinceRegion, level: "province" as const, sortOrder: 0 },
      ...leagueCities.map((r, i) => ({ ...r, level: "league_city" as const, parentCode: provinceRegion.code, sortOrder: i + 1 })),
    ]);
    const [staff] = await db.insert(users).values({ username: "bench-staff", name: "bench", role: "staff", passwordHash: await bcrypt.hash("x", 4) }).returning({ id: users.id });
    setBenchClaims({ userId: staff!.id, sessionVersion: 1 });

    const plan = await createPlan({ year: 2030, title: "基准测试计划", issuingBody: "内蒙古自治区生态环境厅", cadence: "monthly", dueDay: 25, graceDays: 5, greenMaxBehind: 10, yellowMaxBehind: 25 });
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("任务分解");
    ws.addRow(sheetColumns.map((c) => c.header));
    const cell = (v: Record<string, string | number>) => sheetColumns.map((c) => v[c.key] ?? null);
    for (let i = 1; i <= TOP; i++) {
      ws.addRow(cell({ number: String(i), task: `重点任务${i}`, leadOffice: "综合处" }));
      for (let j = 1; j <= MEASURES; j++) {
        ws.addRow(cell({ number: `${i}.${j}`, measure: `具体举措${i}.${j}`, leadOffice: "大气处", regions: "全区", dueDate: `2030-${String((j % 12) + 1).padStart(2, "0")}-28`, ...(j % 3 === 0 ? { indicator: `指标${i}.${j}`, unit: "%", direction: "越高越好", baseline: 80, target: 90, regionTargets: "包头市:91; 乌海市:88" } : {}) }));
      }
    }
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    let t0 = performance.now();
    const imported = await importPlanSheet(plan.id, bytes);
    const importMs = performance.now() - t0;
    if (!imported.written) throw new Error(`import failed: ${JSON.stringify(imported.errors.slice(0, 3))}`);
    // A report on every tenth assignment, so "has reports" has something to find.
    await db.execute(sql`
      insert into ${reports} (assignment_id, period, due_on, state, progress)
      select a.id, '2030-03', '2030-03-25', 'approved', 30 from assignments a where a.id % 10 = 0`);

    const time = async (name: string, fn: () => Promise<unknown>) => {
      await fn(); // warm-up
      const ms: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const s = performance.now();
        await fn();
        ms.push(performance.now() - s);
      }
      ms.sort((a, b) => a - b);
      return { name, median: ms[Math.floor(ms.length / 2)]!, max: ms.at(-1)!, min: ms[0]! };
    };
    const editor = await getPlanEditor(plan.id);
    const someLeaf = editor.tasks.find((t) => t.isLeaf)!;
    const results = [
      await time("getPlanEditor (plan page: tree + indicators + matrix)", () => getPlanEditor(plan.id)),
      await time("getTaskEditor (task page with history)", () => getTaskEditor(someLeaf.id)),
      await time("listPlansWithTasks (plans of the year)", () => listPlansWithTasks(2030)),
    ];
    t0 = performance.now();
    const exported = await exportPlanWorkbook(plan.id);
    const exportMs = performance.now() - t0;
    const matrixProps = JSON.stringify(editor.assignments.map((a) => [a.taskId, a.regionCode, null, a.hasReports])).length;

    const f = (n: number) => `${n.toFixed(1)} ms`;
    console.log(`Plan of ${editor.tasks.length} tasks (${editor.tasks.filter((t) => t.isLeaf).length} leaf measures) × ${editor.regions.length} regions: ${editor.assignments.length} assignments, ${editor.tasks.reduce((n, t) => n + t.indicators.length, 0)} indicators; PGlite in ${dataDir}`);
    for (const r of results) console.log(`  ${r.name.padEnd(58)} median ${f(r.median).padStart(9)}   min ${f(r.min).padStart(9)}   max ${f(r.max).padStart(9)}   (${RUNS} runs)`);
    console.log(`  ${"import of the 500-row sheet (one transaction)".padEnd(58)} ${f(importMs)}`);
    console.log(`  ${"export of the plan to .xlsx".padEnd(58)} ${f(exportMs)} (${Math.round(exported.bytes.byteLength / 1024)} KiB)`);
    console.log(`  matrix props sent to the browser: ${Math.round(matrixProps / 1024)} KiB`);
  } finally {
    await handle?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
