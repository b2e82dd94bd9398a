import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AuditFields, auditWords } from "@/components/audit/audit-changes";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { requirePasswordCurrent } from "@/lib/data/account";
import { listAuditLog, listAuditVocabulary } from "@/lib/data/audit-log";
import { localized } from "@/lib/i18n/localized";
import { auditFilterSchema } from "@/lib/validation/user";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("admin.audit"))("title") };
}

type SP = Record<"actorId" | "action" | "entityType" | "regionCode" | "from" | "to" | "page", string | undefined>;

export default async function AdminAuditPage({ searchParams }: { searchParams: Promise<SP> }) {
  await requirePageViewer();
  await requirePasswordCurrent();
  const t = await getTranslations("admin.audit");
  const format = await getFormatter();
  const locale = await getLocale();
  const words = await auditWords();
  const sp = await searchParams;
  const given = Object.fromEntries(Object.entries(sp).filter(([, v]) => v)) as Record<string, string>;
  // Unknown filter values are dropped rather than failing the page.
  const parsed = auditFilterSchema.safeParse(given);
  const filter = parsed.success ? parsed.data : { page: 1 };
  const [log, vocab] = await Promise.all([orRefuse(listAuditLog(filter)), orRefuse(listAuditVocabulary())]);
  const { actors: people, regions } = vocab;
  const query = (changes: Record<string, string | number | undefined>) => {
    const q = new URLSearchParams(Object.entries({ ...(parsed.success ? given : {}), ...changes }).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== "").map(([k, v]) => [k, String(v)]));
    return q.toString();
  };
  const select = "rounded-md border border-slate-300 px-2 py-1 text-sm";
  return (
    <div className="space-y-4">
      <AdminTabs current="audit" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <a href={`/api/admin/audit/export?${query({ page: undefined })}`} className="rounded-md px-3 py-1 text-sm ring-1 ring-slate-300">{t("export")}</a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
        <label>{t("user")}<br />
          <select name="actorId" defaultValue={filter.actorId ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {people.map((p) => <option key={p.id} value={p.id}>{p.username} · {p.name}</option>)}
          </select>
        </label>
        <label>{t("action")}<br />
          <select name="action" defaultValue={filter.action ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {vocab.actions.map((a) => <option key={a} value={a}>{words.action(a)}</option>)}
          </select>
        </label>
        <label>{t("entityType")}<br />
          <select name="entityType" defaultValue={filter.entityType ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {vocab.entityTypes.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </label>
        <label>{t("region")}<br />
          <select name="regionCode" defaultValue={filter.regionCode ?? ""} className={select}>
            <option value="">{t("all")}</option>
            {regions.map((r) => <option key={r.code} value={r.code}>{localized(locale, r.nameZh, r.nameEn)}</option>)}
          </select>
        </label>
        <label>{t("from")}<br /><input type="date" name="from" defaultValue={filter.from ?? ""} className={select} /></label>
        <label>{t("to")}<br /><input type="date" name="to" defaultValue={filter.to ?? ""} className={select} /></label>
        <button type="submit" className="rounded-md px-3 py-1 ring-1 ring-slate-300">{t("filter")}</button>
      </form>
      {log.rows.length === 0 ? <p className="text-slate-600">{t("empty")}</p> : (
        <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-sm" data-testid="audit-table">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("at")}</th>
                <th className="px-3 py-2">{t("user")}</th>
                <th className="px-3 py-2">{t("action")}</th>
                <th className="px-3 py-2">{t("record")}</th>
                <th className="px-3 py-2">{t("region")}</th>
                <th className="px-3 py-2">{t("before")}</th>
                <th className="px-3 py-2">{t("after")}</th>
              </tr>
            </thead>
            <tbody>
              {log.rows.map((r) => (
                <tr key={r.id} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2">{format.dateTime(r.at, { dateStyle: "short", timeStyle: "medium" })}</td>
                  <td className="px-3 py-2">{r.actorUsername ?? t("system")}</td>
                  <td className="px-3 py-2" title={r.action}>{words.action(r.action)}</td>
                  <td className="px-3 py-2">{r.entityType} {r.entityId}</td>
                  <td className="px-3 py-2">{r.regionCode ?? ""}</td>
                  <td className="max-w-xs px-3 py-2"><AuditFields value={r.before} /></td>
                  <td className="max-w-xs px-3 py-2"><AuditFields value={r.after} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <nav aria-label="pages" className="flex items-center gap-3 text-sm">
        {log.page > 1 && <Link href={`/admin/audit?${query({ page: log.page - 1 })}`} className="text-brand-700 underline">{t("newer")}</Link>}
        <span>{t("page", { page: log.page })}</span>
        {log.hasMore && <Link href={`/admin/audit?${query({ page: log.page + 1 })}`} className="text-brand-700 underline">{t("older")}</Link>}
      </nav>
    </div>
  );
}
