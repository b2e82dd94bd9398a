/**
 * npm run seed:scale -- --counties N --measures M --years Y [--database-url URL | --data-dir DIR] [--seed S]
 *
 * Fills a database with synthetic data at national scale, deterministically (same arguments, same
 * day → same data): the province and its 12 league-cities, N banner-county units below them with a
 * bureau account each, and for each of Y years ending with the current one (China time) a monthly
 * plan of 7 key tasks and M measures, every measure assigned to every county, with a report history
 * (approved with rising progress, some returned and corrected, some late, some missing, drafts and
 * submissions in the current period) and every version of every report. The rows are made in
 * SQL (generate_series and hashtext), a handful of INSERT … SELECT per year; the assignments'
 * kept state is then derived by db/derived-state (the one rule of lib/domain/reporting), exactly
 * as the write path leaves it.
 *
 * It fills a database that has no banner-counties and no scale plans yet, and refuses any other
 * (it is not incremental): create a fresh database for it.
 *
 * Also usable as a module: `seedScale(db, options)` (scripts/bench.ts seeds an embedded database with it).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import bcrypt from "bcryptjs";
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { openDatabase, type Database, type DbHandle } from "@/db/client";
import { refreshAssignmentStates } from "@/db/derived-state";
import * as s from "@/db/schema";
import { plan2025 } from "@/db/seed/plans-data";
import { demoPace, leagueCities, provinceRegion } from "@/db/seed/regions-data";
import { shanghaiDate } from "@/lib/domain/dates";
import { lastStartedIndex } from "@/lib/domain/reporting";

export const SCALE_ISSUING_BODY = `${plan2025.issuingBody}（规模测试数据）`;

export type ScaleOptions = {
  counties: number;
  measures: number;
  years: number;
  seed?: string;
  /** Password of the bureau, staff and leader accounts the seed creates. */
  password?: string;
  now?: Date;
  /** Assignments per state refresh call (at most 2000), and how many such calls run at once (1 on PGlite). */
  batch?: number;
  jobs?: number;
  log?: (line: string) => void;
};

export type ScaleCounts = {
  counties: number;
  leagueCities: number;
  years: number;
  plans: { id: number; year: number }[];
  assignments: number;
  reports: number;
  versions: number;
  closed: number;
  seconds: number;
};

const rowsOf = <T>(result: unknown): T[] => (result as { rows: T[] }).rows;

/** A number in [0, 1) from a text key, the same on every PostgreSQL (hashtext). */
const u = (key: SQL): SQL => sql`((hashtext(${key})::bigint + 2147483648)::float8 / 4294967296.0)`;

const workDone = [
  "召开专题推进会，细化分解本期任务，明确责任科室和完成时限，按计划推进。",
  "联合相关部门开展现场检查，督促重点企业落实整改措施，建立问题清单和整改台账。",
  "完成阶段性调度，汇总各乡镇（苏木）进展，对滞后事项逐项跟踪督办。",
  "组织开展专项行动，完成年度任务的阶段目标，相关资料已归档备查。",
];
const problems = ["部分项目资金保障不足，推进较慢。", "基层技术力量薄弱，监测能力有待提升。", "个别企业整改进度滞后，需进一步压实责任。", ""];
const nextSteps = ["下一步将加大调度频次，确保按期完成年度目标。", "继续跟踪重点项目进展，及时协调解决存在的问题。", "强化部门协同，推动问题整改清单动态清零。"];
const RETURN_COMMENT = "请补充佐证材料并细化下步计划。";

const textArray = (list: string[]): SQL => sql.raw(`array[${list.map((t) => `'${t.replace(/'/g, "''")}'`).join(", ")}]::text[]`);

/** The county codes below a league-city: its first four digits and a serial of 2 to 4 digits. */
export function countyCodes(counties: number): { code: string; parentCode: string; serial: number; cityIndex: number }[] {
  const perCity = Math.ceil(counties / leagueCities.length);
  const width = Math.max(2, String(perCity).length);
  if (width > 4) throw new Error(`At most ${leagueCities.length * 9999} counties`);
  const out: { code: string; parentCode: string; serial: number; cityIndex: number }[] = [];
  for (let i = 0; i < counties; i++) {
    const cityIndex = i % leagueCities.length;
    const serial = Math.floor(i / leagueCities.length) + 1;
    const city = leagueCities[cityIndex]!;
    out.push({ code: `${city.code.slice(0, 4)}${String(serial).padStart(width, "0")}`, parentCode: city.code, serial, cityIndex });
  }
  return out;
}

export async function seedScale(db: Database, opts: ScaleOptions): Promise<ScaleCounts> {
  const started = performance.now();
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const seed = opts.seed ?? "1";
  const password = opts.password ?? process.env.DEMO_PASSWORD ?? "demo2025";
  const now = opts.now ?? new Date();
  const today = shanghaiDate(now);
  const currentYear = Number(today.slice(0, 4));
  const years = Array.from({ length: opts.years }, (_, i) => currentYear - opts.years + 1 + i);
  const phases = 4 + years.length;
  let phase = 0;
  const step = (name: string) => {
    phase++;
    const t = ((performance.now() - started) / 1000).toFixed(1);
    log(`seed:scale [${phase}/${phases}] ${name} (${t} s)`);
  };

  // Refuse a database that already has counties or scale plans: the codes and the history would clash.
  const [existing] = rowsOf<{ counties: number; plans: number }>(
    await db.execute(sql`select (select count(*) from ${s.regions} where level = 'banner_county')::int as counties,
      (select count(*) from ${s.plans} where issuing_body = ${SCALE_ISSUING_BODY})::int as plans`),
  );
  if (existing && (existing.counties > 0 || existing.plans > 0)) {
    throw new Error(
      `This database already has ${existing.counties} banner-counties and ${existing.plans} scale plans; ` +
        `seed:scale only fills a database without them. Create a fresh database (or drop this one) and run it again.`,
    );
  }

  step(`regions and users: province, ${leagueCities.length} league-cities, ${opts.counties} banner-counties`);
  const passwordHash = await bcrypt.hash(password, 10);
  await db
    .insert(s.regions)
    .values([
      { ...provinceRegion, level: "province" as const, sortOrder: 0 },
      ...leagueCities.map((r, i) => ({ ...r, level: "league_city" as const, parentCode: provinceRegion.code, sortOrder: i + 1 })),
    ])
    .onConflictDoNothing();
  const counties = countyCodes(opts.counties);
  for (let i = 0; i < counties.length; i += 1000) {
    const chunk = counties.slice(i, i + 1000);
    await db.insert(s.regions).values(
      chunk.map((c) => {
        const city = leagueCities[c.cityIndex]!;
        return { code: c.code, nameZh: `${city.nameZh}第${c.serial}旗县`, nameEn: `${city.nameEn} county ${c.serial}`, level: "banner_county" as const, parentCode: c.parentCode, sortOrder: c.serial };
      }),
    );
    await db
      .insert(s.users)
      .values(chunk.map((c) => ({ username: `bureau-${c.code}`, name: `${leagueCities[c.cityIndex]!.nameZh}第${c.serial}旗县生态环境局`, role: "bureau" as const, regionCode: c.code, passwordHash, isDemo: true })))
      .onConflictDoNothing();
  }
  await db
    .insert(s.users)
    .values([
      { username: "staff", name: "综合处 王晓东", role: "staff" as const, office: "综合处", passwordHash, isDemo: true },
      { username: "leader", name: "厅领导 李明", role: "leader" as const, office: "厅领导", passwordHash, isDemo: true },
    ])
    .onConflictDoNothing();
  const [staff] = await db.select({ id: s.users.id }).from(s.users).where(eq(s.users.username, "staff"));
  if (!staff) throw new Error("no staff user");

  const plans: { id: number; year: number }[] = [];
  let reportCount = 0;
  let versionCount = 0;
  let closedCount = 0;
  let assignmentCount = 0;
  const paceValues = sql.join(
    Object.entries(demoPace).map(([code, pace]) => sql`(${code}::varchar, ${pace}::float8)`),
    sql`, `,
  );

  for (const year of years) {
    const isCurrent = year === currentYear;
    // Periods with reports: all twelve of a past year; those begun so far this year.
    const last = isCurrent ? lastStartedIndex(year, "monthly", today) : 12;
    const open = isCurrent ? last : 0;
    step(`${year}: plan, ${7} key tasks, ${opts.measures} measures, ${opts.measures * counties.length} assignments, reports of ${last} periods`);
    const yearStarted = performance.now();
    const timings: string[] = [];
    let mark = performance.now();
    const lap = (name: string) => {
      const t = performance.now();
      timings.push(`${name} ${((t - mark) / 1000).toFixed(1)} s`);
      mark = t;
    };
    const written = await db.transaction(async (tx) => {
      await tx.execute(sql`set local synchronous_commit = off`);
      await tx.execute(sql`set local statement_timeout = 0`);
      await tx.execute(sql`set local work_mem = '256MB'`);
      const [plan] = await tx
        .insert(s.plans)
        .values({
          year,
          title: `${year}年全区生态环境保护重点任务（规模测试：${counties.length}个旗县×${opts.measures}项举措）`,
          titleEn: `Key tasks ${year} (scale test: ${counties.length} counties × ${opts.measures} measures)`,
          issuingBody: SCALE_ISSUING_BODY,
          meetingDate: `${year}-01-01`,
          sourceText: `规模测试数据：由 seed:scale 生成（种子 ${seed}），仅供性能测试。`,
          cadence: "monthly",
          dueDay: 25,
          graceDays: 5,
          state: isCurrent ? "published" : "closed",
          isDemo: true,
        })
        .returning({ id: s.plans.id });
      if (!plan) throw new Error("plan insert returned nothing");
      plans.push({ id: plan.id, year });
      const start = `${year}-01-01`;
      const due = `${year}-12-31`;
      const keys = plan2025.tasks.slice(0, 7);
      const keyRows = await tx
        .insert(s.tasks)
        .values(keys.map((k, i) => ({ planId: plan.id, number: String(i + 1), sortOrder: i, title: k.title, titleEn: k.titleEn, leadOffice: k.leadOffice, startDate: start, dueDate: due })))
        .returning({ id: s.tasks.id, number: s.tasks.number });
      const leafRows: (typeof s.tasks.$inferInsert)[] = [];
      for (let j = 0; j < opts.measures; j++) {
        const k = j % keys.length;
        const serial = Math.floor(j / keys.length) + 1;
        const children = keys[k]!.children ?? [keys[k]!];
        const model = children[(serial - 1) % children.length]!;
        const round = Math.floor((serial - 1) / children.length);
        leafRows.push({
          planId: plan.id,
          parentId: keyRows[k]!.id,
          number: `${k + 1}.${serial}`,
          sortOrder: serial - 1,
          title: round ? `${model.title}（${round + 1}）` : model.title,
          titleEn: round ? `${model.titleEn} (${round + 1})` : model.titleEn,
          leadOffice: model.leadOffice,
          startDate: start,
          dueDate: due,
        });
      }
      for (let i = 0; i < leafRows.length; i += 500) await tx.insert(s.tasks).values(leafRows.slice(i, i + 500));

      // Every measure to every county, for the whole year.
      const assigned = await tx.execute(sql`
        insert into ${s.assignments} (task_id, region_code, start_date, due_date, contact_name, acknowledged_at, created_at, updated_at)
        select t.id, r.code, ${start}::date, ${due}::date, r.name_zh || '联络员',
          (${start}::date + time '10:00')::timestamp at time zone 'UTC' - interval '8 hours' + (1 + r.sort_order % 5) * interval '1 day',
          (${start}::date + time '09:00')::timestamp at time zone 'UTC' - interval '8 hours',
          (${start}::date + time '09:00')::timestamp at time zone 'UTC' - interval '8 hours'
        from ${s.tasks} t cross join ${s.regions} r
        where t.plan_id = ${plan.id} and t.parent_id is not null and r.level = 'banner_county'
        order by t.id, r.code`);
      lap("plan, tasks and assignments");
      const nAssignments = Number((assigned as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (assigned as unknown as { affectedRows?: number }).affectedRows ?? 0);

      // The history of each assignment and period, made once into a temporary table:
      // kind 1 draft, 2 submitted, 3 returned, 4 approved, 5 returned, corrected and approved (0: no report).
      // `anchor` bounds every time: the start of today in China (the instant itself on the first of a month).
      const todayStart = new Date(Date.parse(`${today}T00:00:00+08:00`));
      const anchor = todayStart.getTime() > Date.parse(`${today.slice(0, 8)}01T00:00:00+08:00`) ? todayStart : now;
      const K = sql`${seed}::text || ':' || ${year}::text || ':' || a.region_code || ':' || t.number`;
      const tz = (d: SQL, hoursUtc: number) => sql`((${d})::timestamp + interval '${sql.raw(String(hoursUtc))} hours') at time zone 'UTC'`;
      await tx.execute(sql`
        create temp table scale_gen on commit drop as
        with a as (
          select a.id as assignment_id, ${K} as k, coalesce(dp.pace, 1) * (0.85 + 0.3 * ${u(sql`${K} || ':pace'`)}) as pace,
            -5 + 10 * ${u(sql`${K} || ':off'`)} as off, b.id as bureau_id
          from ${s.assignments} a
          join ${s.tasks} t on t.id = a.task_id
          join ${s.regions} rg on rg.code = a.region_code
          left join (values ${paceValues}) dp(code, pace) on dp.code = rg.parent_code
          left join ${s.users} b on b.username = 'bureau-' || a.region_code
          where t.plan_id = ${plan.id}
        ),
        g as (
          select a.assignment_id, a.bureau_id, a.pace, p,
            ${year}::text || '-' || lpad(p::text, 2, '0') as period,
            make_date(${year}, p, 25) as due_on,
            make_date(${year}, p, 1) as pstart,
            ${u(sql`a.k || ':s:' || p`)} as r,
            ${u(sql`a.k || ':l:' || p`)} as lt,
            ${u(sql`a.k || ':a:' || p`)} as u1,
            ${u(sql`a.k || ':b:' || p`)} as u2,
            ${u(sql`a.k || ':c:' || p`)} as u3,
            round(a.pace * p * 100.0 / 12 + a.off)::int as raw
          from a cross join generate_series(1, ${last}::int) p
        ),
        h as (
          select g.*,
            (case when p = 12 and raw >= 92 then 100 else least(100, greatest(0, raw)) end)::smallint as progress,
            (case
              when p = ${open} then (case when r < 0.40 then 0 when r < 0.46 then 1 when r < 0.80 then 2 else 4 end)
              when p = ${open} - 1 then (case when r < 0.05 then 0 when r < 0.15 then 2 when r < 0.17 then 3 when r < 0.22 then 5 else 4 end)
              else (case when r < 0.03 then 0 when r < 0.08 then 5 else 4 end)
            end)::smallint as kind,
            (p = ${open}) as is_open,
            lt < (case when pace < 0.92 then 0.3 else 0.06 end) as late
          from g
        ),
        c as (
          select h.*, min(p) filter (where kind in (4, 5) and progress = 100) over (partition by assignment_id) as close_p
          from h
        ),
        t0 as (
          select c.*,
            (case when is_open then ${tz(sql`pstart`, -8)} + (${anchor.toISOString()}::timestamptz - ${tz(sql`pstart`, -8)}) * (0.05 + 0.5 * u1)
              else ${tz(sql`due_on`, 9)} + (case when late then 1 + floor(u1 * 4) else -floor(u1 * 6) end) * interval '1 day' - (1 + floor(u2 * 72)) * interval '1 hour' end) as t_save_raw
          from c
          where kind > 0 and p <= coalesce(close_p, 99)
        ),
        t1 as (
          select t0.*,
            (case when is_open then t_save_raw + (${anchor.toISOString()}::timestamptz - t_save_raw) * (0.2 + 0.5 * u2)
              else ${tz(sql`due_on`, 9)} + (case when late then 1 + floor(u1 * 4) else -floor(u1 * 6) end) * interval '1 day' end) as t_sub1_raw
          from t0
        )
        select nextval(pg_get_serial_sequence('reports', 'id'))::int as rid, assignment_id, bureau_id, p, period, due_on, kind, progress,
          (case when progress >= 100 then 'complete' when p * 100.0 / 12 - progress <= 10 then 'on_track' when p * 100.0 / 12 - progress <= 25 then 'at_risk' else 'behind' end)::report_status as status,
          (1 + floor(u1 * 4))::int as w_i, (1 + floor(u2 * 3))::int as p_i, (1 + floor(u3 * 3))::int as n_i,
          least(t_save_raw, ${anchor.toISOString()}::timestamptz - interval '50 minutes') as t_save,
          least(t_sub1_raw, ${anchor.toISOString()}::timestamptz - interval '40 minutes') as t_sub1,
          least(t_sub1_raw + (1 + floor(u3 * 2)) * interval '1 day', ${anchor.toISOString()}::timestamptz - interval '30 minutes') as t_ret,
          least(t_sub1_raw + (2 + floor(u3 * 2)) * interval '1 day', ${anchor.toISOString()}::timestamptz - interval '20 minutes') as t_sub2,
          least(case when is_open then t_sub1_raw + (${anchor.toISOString()}::timestamptz - t_sub1_raw) * (0.2 + 0.6 * u3)
            when kind = 5 then t_sub1_raw + (3 + floor(u3 * 2)) * interval '1 day'
            when kind = 3 then t_sub1_raw + (1 + floor(u3 * 2)) * interval '1 day'
            else t_sub1_raw + (1 + floor(u3 * 3)) * interval '1 day' end, ${anchor.toISOString()}::timestamptz - interval '10 minutes') as t_rev,
          (kind in (4, 5) and p = close_p) as closes
        from t1
        order by assignment_id, p`);
      lap("history");

      const texts = sql`(${textArray(workDone)})[g.w_i] || '累计完成' || g.progress || '%。',
        (case when g.status in ('on_track', 'complete') then (${textArray(problems.slice(2))})[1 + g.p_i % 2] else (${textArray(problems.slice(0, 3))})[g.p_i] end),
        (${textArray(nextSteps)})[g.n_i]`;
      const insertedReports = await tx.execute(sql`
        insert into ${s.reports} (id, assignment_id, period, due_on, state, version, progress, status, work_done, problems, next_steps, review_comment,
          submitted_at, first_submitted_at, submitted_by, reviewed_at, reviewed_by, updated_by, created_at, updated_at)
        select g.rid, g.assignment_id, g.period, g.due_on,
          (case g.kind when 1 then 'draft' when 2 then 'submitted' when 3 then 'returned' else 'approved' end)::report_state,
          (case g.kind when 1 then 1 when 2 then 2 when 5 then 5 else 3 end),
          g.progress, g.status, ${texts},
          (case when g.kind = 3 then ${RETURN_COMMENT} end),
          (case g.kind when 1 then null when 5 then g.t_sub2 else g.t_sub1 end),
          (case when g.kind = 1 then null else g.t_sub1 end),
          (case when g.kind = 1 then null else g.bureau_id end),
          (case when g.kind = 3 then g.t_ret when g.kind in (4, 5) then g.t_rev end),
          (case when g.kind in (3, 4, 5) then ${staff.id}::int end),
          (case when g.kind in (3, 4, 5) then ${staff.id}::int else g.bureau_id end),
          g.t_save,
          (case g.kind when 1 then g.t_save when 2 then g.t_sub1 when 3 then g.t_ret else g.t_rev end)
        from scale_gen g`);
      lap("reports");
      const nReports = Number((insertedReports as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (insertedReports as unknown as { affectedRows?: number }).affectedRows ?? 0);

      // save, submit, [return, submit,] approve — or the first one or two of them, or save, submit, return.
      const insertedVersions = await tx.execute(sql`
        insert into ${s.reportVersions} (report_id, version, action, state, progress, status, work_done, problems, next_steps, indicator_values, review_comment, actor_id, created_at)
        select g.rid, v.n,
          (case when v.n = 1 then 'save' when v.n in (2, 4) then 'submit' when v.n = 3 and g.kind in (3, 5) then 'return' else 'approve' end),
          (case when v.n = 1 then 'draft' when v.n in (2, 4) then 'submitted' when v.n = 3 and g.kind in (3, 5) then 'returned' else 'approved' end)::report_state,
          g.progress, g.status, ${texts}, '[]'::jsonb,
          (case when v.n in (3, 4) and g.kind in (3, 5) then ${RETURN_COMMENT} end),
          (case when v.n in (1, 2, 4) then g.bureau_id else ${staff.id}::int end),
          (case when v.n = 1 then g.t_save when v.n = 2 then g.t_sub1 when v.n = 3 and g.kind in (3, 5) then g.t_ret when v.n = 4 then g.t_sub2 else g.t_rev end)
        from scale_gen g
        cross join lateral generate_series(1, (case g.kind when 1 then 1 when 2 then 2 when 5 then 5 else 3 end)) v(n)`);
      lap("versions");
      const nVersions = Number((insertedVersions as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (insertedVersions as unknown as { affectedRows?: number }).affectedRows ?? 0);

      // An approved completion closes the assignment (办结), as lib/data/review does.
      const closed = await tx.execute(sql`
        update ${s.assignments} a set closed_at = g.t_rev, updated_at = g.t_rev
        from scale_gen g where g.assignment_id = a.id and g.closes`);
      lap("closing");
      const nClosed = Number((closed as unknown as { rowCount?: number; affectedRows?: number }).rowCount ?? (closed as unknown as { affectedRows?: number }).affectedRows ?? 0);
      await tx.insert(s.auditLog).values({
        action: "scale.seed",
        entityType: "plan",
        entityId: String(plan.id),
        after: { year, seed, counties: counties.length, measures: opts.measures, assignments: nAssignments, reports: nReports, versions: nVersions },
      });
      return { nAssignments, nReports, nVersions, nClosed };
    });
    assignmentCount += written.nAssignments;
    reportCount += written.nReports;
    versionCount += written.nVersions;
    closedCount += written.nClosed;
    log(
      `seed:scale        ${year}: ${written.nAssignments} assignments, ${written.nReports} reports, ${written.nVersions} versions, ${written.nClosed} closed in ${((performance.now() - yearStarted) / 1000).toFixed(1)} s (${timings.join(", ")})`,
    );
  }

  step("statistics (ANALYZE) for the planner");
  for (const t of ["regions", "users", "plans", "tasks", "assignments", "reports", "report_versions"]) await db.execute(sql.raw(`analyze ${t}`));

  step(`assignment states: refreshAssignmentStates over ${assignmentCount} assignments`);
  const ids = rowsOf<{ id: number }>(
    await db.execute(sql`select a.id from ${s.assignments} a join ${s.tasks} t on t.id = a.task_id where ${inArray(sql`t.plan_id`, plans.map((p) => p.id))} order by t.plan_id, a.region_code, a.id`),
  ).map((r) => Number(r.id));
  // At most 2000 a call, a few calls at once (each takes its counters in one sorted statement), a
  // region's assignments together, so that each call sums the figure cells of few (plan, region) pairs.
  const batch = opts.batch ?? 2000;
  const refreshStarted = performance.now();
  let done = 0;
  let shown = -1;
  let next = 0;
  // A few batches at once on a server (the rule runs here, the reads and upserts there); one on PGlite.
  const worker = async () => {
    for (;;) {
      const i = next;
      next += batch;
      if (i >= ids.length) return;
      const slice = ids.slice(i, i + batch);
      await db.transaction((tx) => refreshAssignmentStates(tx, slice, now));
      done += slice.length;
      const pct = Math.floor((done / ids.length) * 20);
      if (pct !== shown) {
        shown = pct;
        const rate = done / ((performance.now() - refreshStarted) / 1000);
        log(`seed:scale        [${"#".repeat(pct)}${"-".repeat(20 - pct)}] ${done}/${ids.length} states, ${Math.round(rate)}/s`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.jobs ?? 1) }, worker));
  // Every table the write path filled, as a database that has run a while would have them.
  for (const t of ["assignment_states", "state_revisions", "figure_cells"]) await db.execute(sql.raw(`analyze ${t}`));

  step("done");
  return {
    counties: counties.length,
    leagueCities: leagueCities.length,
    years: years.length,
    plans,
    assignments: assignmentCount,
    reports: reportCount,
    versions: versionCount,
    closed: closedCount,
    seconds: (performance.now() - started) / 1000,
  };
}

export function summaryLine(c: ScaleCounts): string {
  return `seed:scale: ${c.counties} counties, ${c.leagueCities} league-cities, ${c.years} years, ${c.assignments} assignments, ${c.reports} reports, ${c.versions} versions in ${Math.round(c.seconds)} s`;
}

type Args = { counties: number; measures: number; years: number; seed: string; databaseUrl?: string; dataDir?: string };

function parseArgs(argv: string[]): Args {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new Error(`Unexpected argument ${arg}`);
    const value = m[2] ?? argv[++i];
    if (value === undefined) throw new Error(`--${m[1]} needs a value`);
    values.set(m[1]!, value);
  }
  const known = new Set(["counties", "measures", "years", "seed", "database-url", "data-dir"]);
  for (const k of values.keys()) if (!known.has(k)) throw new Error(`Unknown option --${k}`);
  const int = (name: string, min: number, max: number): number => {
    const raw = values.get(name);
    if (raw === undefined) throw new Error(`--${name} is required (usage: npm run seed:scale -- --counties N --measures M --years Y [--database-url URL] [--seed S])`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
    return n;
  };
  return {
    counties: int("counties", 1, leagueCities.length * 9999),
    measures: int("measures", 1, 7 * 999),
    years: int("years", 1, 50),
    seed: values.get("seed") ?? "1",
    databaseUrl: values.get("database-url") ?? (process.env.DATABASE_URL || undefined),
    dataDir: values.get("data-dir"),
  };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.databaseUrl && !args.dataDir) {
    throw new Error("seed:scale needs a database: pass --database-url postgres://… (or set DATABASE_URL), or --data-dir DIR for an embedded one.");
  }
  let handle: DbHandle | undefined;
  try {
    handle = await openDatabase(args.databaseUrl ? { databaseUrl: args.databaseUrl, dataDir: "" } : { dataDir: args.dataDir! });
    const counts = await seedScale(handle.db, { counties: args.counties, measures: args.measures, years: args.years, seed: args.seed, jobs: handle.kind === "postgres" ? 2 : 1 });
    console.log(summaryLine(counts));
  } finally {
    await handle?.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    // A failed query's message carries every parameter: the first lines and the database's own words are enough.
    const e = err as { message?: string; cause?: { message?: string } };
    console.error(`seed:scale failed: ${String(e.message ?? err).slice(0, 300)}${e.cause?.message ? `\n  cause: ${e.cause.message}` : ""}`);
    process.exitCode = 1;
  });
}
