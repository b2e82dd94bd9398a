import fs from "node:fs";
import path from "node:path";
import { Document, Packer, Paragraph } from "docx";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import * as parseApiRoute from "@/app/api/v1/plans/parse/route";
import * as parsePageRoute from "@/app/api/plans/parse-report/route";
import { openApiDocument } from "@/lib/api/openapi";
import { createPlanFromReportAction } from "@/lib/actions/conference-report";
import { parseReportText } from "@/lib/data/conference-report";
import { getPlanWithTasks } from "@/lib/data/plans";
import type { ParsedReport } from "@/lib/domain/conference-report";
import { actAs, query, seed } from "../support/fixtures";

// The API's bearer token is read through next/headers; these tests sign in with actAs() instead.
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, getAll: () => [] }) }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

const report2025 = fs.readFileSync(path.join(import.meta.dirname, "../../lib/domain/fixtures/conference-report-2025.txt"), "utf8");

const users = { admin: "admin", staff: "staff", leader: "leader", bureau: "bureau-150100", auditor: "auditor", signedOut: null } as const;
type Who = keyof typeof users;

/** What a plan's creation writes (a refusal is itself audited, so the audit log is not counted here). */
async function counts() {
  const [row] = await query<{ plans: number; tasks: number; indicators: number }>(sql`
    select (select count(*)::int from plans) as plans, (select count(*)::int from tasks) as tasks,
           (select count(*)::int from indicators) as indicators`);
  return row!;
}

async function callApi(body: string, headers: Record<string, string> = {}) {
  const req = new Request("http://localhost/api/v1/plans/parse", { method: "POST", body, headers: { "content-type": "application/json", ...headers } });
  const res = await parseApiRoute.POST(req, { params: Promise.resolve({}) });
  return { status: res.status, type: res.headers.get("content-type"), body: await res.json() };
}

async function callPage(form: FormData | string, headers: Record<string, string> = {}) {
  const req = new Request("http://localhost/api/plans/parse-report", { method: "POST", body: form, headers });
  const res = await parsePageRoute.POST(req);
  return { status: res.status, body: await res.json() };
}

/** The plan the page sends once the officer confirms: the parsed tree as it stands, one measure corrected. */
function planInput(report: ParsedReport, title: string) {
  const year = report.year!;
  const dates = { startDate: `${year}-01-01`, dueDate: `${year}-12-31` };
  const indicator = (i: ParsedReport["tasks"][number]["indicators"][number]) => ({ name: i.name, unit: i.unit, direction: i.direction, target: i.target === null ? "" : String(i.target), baseline: "" });
  return {
    year: String(year),
    title,
    issuingBody: report.issuingBody!,
    meetingDate: report.meetingDate!,
    sourceText: report2025,
    cadence: "monthly",
    dueDay: 25,
    graceDays: 5,
    greenMaxBehind: 10,
    yellowMaxBehind: 25,
    tasks: report.tasks.map((t) => ({
      title: t.title,
      description: t.description,
      ...dates,
      indicators: [],
      children: t.measures.map((m) => ({
        title: m.title === "深入打好蓝天、碧水、净土保卫战" ? "深入打好蓝天、碧水、净土保卫战（含黄河流域）" : m.title,
        ...dates,
        indicators: t.indicators.filter((i) => i.span.start >= m.span.start && i.span.end <= m.span.end).map(indicator),
      })),
    })),
  };
}

beforeAll(async () => {
  await seed();
});

describe("who may read a report into a tree (nothing is written)", () => {
  const cases: [Who, number][] = [
    ["staff", 200],
    ["admin", 200],
    ["leader", 403],
    ["bureau", 403],
    ["auditor", 403],
    ["signedOut", 401],
  ];
  it.each(cases)("%s: POST /api/v1/plans/parse → %i, the page's parse likewise", async (who, status) => {
    await actAs(users[who]);
    const before = await counts();
    const api = await callApi(JSON.stringify({ text: report2025 }));
    expect(api.status).toBe(status);
    const form = new FormData();
    form.set("text", report2025);
    const page = await callPage(form);
    expect(page.status).toBe(status);
    if (status === 200) {
      expect(api.body.tasks).toHaveLength(7);
      expect(api.body).toMatchObject({ year: 2025, meetingDate: "2025-02-18", declaredCount: 7, message: null });
      expect(page.body.report.tasks).toHaveLength(7);
      expect(page.body.text).toBe(report2025);
    } else {
      expect(api.type).toBe("application/problem+json");
      expect(api.body.status).toBe(status);
    }
    expect(await counts()).toEqual(before);
  });
});

describe("POST /api/v1/plans/parse", () => {
  it("answers texts it cannot structure with a message and an empty tree", async () => {
    await actAs("staff");
    for (const [text, message] of [["", "empty"], ["The football club announced a new coach on Tuesday.", "notAReport"]] as const) {
      const res = await callApi(JSON.stringify({ text }));
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ message, tasks: [] });
    }
  });

  it("refuses malformed JSON (400), a missing or too long text (422) and a body over 1 MB (413), as problems", async () => {
    await actAs("staff");
    const malformed = await callApi("{not json");
    expect([malformed.status, malformed.type]).toEqual([400, "application/problem+json"]);
    const missing = await callApi(JSON.stringify({}));
    expect(missing.status).toBe(422);
    expect(missing.body.errors).toEqual([{ field: "text", message: "required" }]);
    const long = await callApi(JSON.stringify({ text: "一".repeat(100_001) }));
    expect(long.status).toBe(422);
    expect(long.body.errors).toEqual([{ field: "text", message: "tooLong" }]);
    const huge = await callApi(JSON.stringify({ text: "a".repeat(1024 * 1024 + 10) }));
    expect([huge.status, huge.type]).toEqual([413, "application/problem+json"]);
    // A chunked body announces no length: it is counted as it arrives.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(64 * 1024).fill(97));
        c.close();
      },
    });
    const res = await parseApiRoute.POST(new Request("http://localhost/api/v1/plans/parse", { method: "POST", body: stream, duplex: "half" } as RequestInit), { params: Promise.resolve({}) });
    expect(res.status).toBe(413);
  });

  it("is in the OpenAPI document", () => {
    const doc = openApiDocument() as unknown as { paths: Record<string, { post?: { responses: Record<string, unknown> } }> };
    expect(Object.keys(doc.paths["/plans/parse"]!.post!.responses).sort()).toEqual(["200", "400", "401", "403", "413", "422"]);
  });
});

describe("the page's upload", () => {
  it("reads a .docx on the server; a file that is not one, or over 20 MB, gets a clear code", async () => {
    await actAs("staff");
    const paragraphs = report2025.split("\n").filter((l) => l.trim());
    const docx = await Packer.toBuffer(new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] }));
    const form = new FormData();
    form.set("file", new File([new Uint8Array(docx)], "2025年会议报道.docx"));
    const ok = await callPage(form);
    expect(ok.status).toBe(200);
    expect(ok.body.report.tasks.map((t: { title: string }) => t.title)[1]).toBe("在深入打好污染防治攻坚战上有作为、见实效");

    const fake = new FormData();
    fake.set("file", new File(["not a word file"], "fake.docx"));
    expect(await callPage(fake)).toEqual({ status: 422, body: { error: "notADocx" } });

    const big = new FormData();
    big.set("file", new File([new Uint8Array(20 * 1024 * 1024 + 1)], "big.txt"));
    expect((await callPage(big)).body).toEqual({ error: "fileTooLarge" });
  });
});

describe("creating the draft plan from the parsed tree", () => {
  it("writes the plan, its 7 key tasks with their measures, the suggested indicator and the source text, audited; only on confirmation", async () => {
    await actAs("staff");
    const report = await parseReportText({ text: report2025 });
    const before = await counts();
    const res = await createPlanFromReportAction(planInput(report, "2025年全区生态环境保护工作会议重点任务（由报道生成）"));
    if (!res.ok) throw new Error(JSON.stringify(res));
    const plan = await getPlanWithTasks(res.id);
    expect(plan).toMatchObject({ year: 2025, state: "draft", issuingBody: "内蒙古自治区生态环境厅", meetingDate: "2025-02-18", sourceText: report2025 });
    expect(plan.tasks.map((t) => t.title)).toEqual(report.tasks.map((t) => t.title));
    expect(plan.tasks.map((t) => t.children.length)).toEqual([4, 4, 5, 4, 5, 5, 4]);
    expect(plan.tasks[1]!.children.map((c) => c.title)).toEqual(["坚持精准治污、科学治污、依法治污", "深入打好蓝天、碧水、净土保卫战（含黄河流域）", "加强固体废物和新污染物治理", "全面完成“十四五”污染防治约束性指标任务"]);
    expect(plan.tasks[1]!.children[3]!.indicators.map((i) => i.name)).toEqual(["“十四五”污染防治约束性指标"]);
    expect(plan.tasks[6]!.children.map((c) => c.title)).toContain("推进区域合作深化行动");

    const after = await counts();
    expect(after.plans - before.plans).toBe(1);
    expect(after.tasks - before.tasks).toBe(7 + 31);
    expect(after.indicators - before.indicators).toBe(1);
    const audit = await query<{ action: string; n: number }>(sql`
      select action, count(*)::int as n from audit_log
      where (entity_type = 'plan' and entity_id = ${String(res.id)})
         or (entity_type = 'task' and entity_id in (select id::text from tasks where plan_id = ${res.id}))
      group by action order by action`);
    expect(audit).toEqual([{ action: "plan.create", n: 1 }, { action: "task.create", n: 38 }]);
  });

  it("goes through the plans' validation: a blank measure or a title already used is refused, nothing written", async () => {
    await actAs("staff");
    const report = await parseReportText({ text: report2025 });
    const input = planInput(report, "2025年另一份计划（由报道生成）");
    input.tasks[0]!.children[0]!.title = " ";
    const before = await counts();
    expect(await createPlanFromReportAction(input)).toMatchObject({ ok: false, message: "invalid" });
    const again = await createPlanFromReportAction(planInput(report, "2025年全区生态环境保护工作会议重点任务（由报道生成）"));
    expect(again).toEqual({ ok: false, message: "invalid", errors: { title: "duplicatePlan" } });
    expect(await counts()).toEqual(before);
  });

  it("keeps a long report (50,000 characters) whole as the plan's source", async () => {
    await actAs("staff");
    const long = `${report2025}\n${"会议强调，要坚决扛起生态环境保护政治责任。".repeat(2500)}`.slice(0, 50_000);
    const report = await parseReportText({ text: long });
    expect(report.tasks).toHaveLength(7);
    const res = await createPlanFromReportAction({ ...planInput(report, "2025年重点任务（长文）"), sourceText: long });
    if (!res.ok) throw new Error(JSON.stringify(res));
    expect((await getPlanWithTasks(res.id)).sourceText).toBe(long);
  });

  it.each([["leader"], ["bureau"], ["auditor"], ["signedOut"]] as [Who][])("%s may not create it", async (who) => {
    await actAs("staff");
    const report = await parseReportText({ text: report2025 });
    await actAs(users[who]);
    const before = await counts();
    const res = await createPlanFromReportAction(planInput(report, `2025年计划（${who}）`));
    expect(res).toMatchObject({ ok: false, message: who === "signedOut" ? "signedOut" : "forbidden" });
    expect((await counts()).plans).toBe(before.plans);
  });
});
