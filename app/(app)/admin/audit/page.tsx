import type { Metadata } from "next";
import Link from "next/link";
import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { AdminTabs } from "@/components/admin/admin-tabs";
import { AuditFields, auditWords } from "@/components/audit/audit-changes";
import { Button, buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
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
  return (
    <div className="space-y-4">
      <AdminTabs current="audit" />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="mt-1 text-sm text-slate-500">{t("subtitle")}</p>
        </div>
        <a href={`/api/admin/audit/export?${query({ page: undefined })}`} className={buttonClass()}>
          {t("export")}
        </a>
      </div>
      <form method="get" className="flex flex-wrap items-end gap-2 text-sm">
        <label>
          {t("user")}
          <Select name="actorId" defaultValue={filter.actorId ?? ""}>
            <option value="">{t("all")}</option>
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {p.username} · {p.name}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("action")}
          <Select name="action" defaultValue={filter.action ?? ""}>
            <option value="">{t("all")}</option>
            {vocab.actions.map((a) => (
              <option key={a} value={a}>
                {words.action(a)}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("entityType")}
          <Select name="entityType" defaultValue={filter.entityType ?? ""}>
            <option value="">{t("all")}</option>
            {vocab.entityTypes.map((e) => (
              <option key={e} value={e}>
                {e}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("region")}
          <Select name="regionCode" defaultValue={filter.regionCode ?? ""}>
            <option value="">{t("all")}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localized(locale, r.nameZh, r.nameEn)}
              </option>
            ))}
          </Select>
        </label>
        <label>
          {t("from")}
          <Input type="date" name="from" defaultValue={filter.from ?? ""} />
        </label>
        <label>
          {t("to")}
          <Input type="date" name="to" defaultValue={filter.to ?? ""} />
        </label>
        <Button type="submit">{t("filter")}</Button>
      </form>
      {log.rows.length === 0 ? (
        <p className="text-slate-600">{t("empty")}</p>
      ) : (
        <Table data-testid="audit-table">
          <thead>
            <tr>
              <Th>{t("at")}</Th>
              <Th>{t("user")}</Th>
              <Th>{t("action")}</Th>
              <Th>{t("record")}</Th>
              <Th>{t("region")}</Th>
              <Th>{t("before")}</Th>
              <Th>{t("after")}</Th>
            </tr>
          </thead>
          <tbody>
            {log.rows.map((r) => (
              <tr key={r.id}>
                <Td className="whitespace-nowrap">{format.dateTime(r.at, { dateStyle: "short", timeStyle: "medium" })}</Td>
                <Td>{r.actorUsername ?? t("system")}</Td>
                <Td title={r.action}>{words.action(r.action)}</Td>
                <Td>
                  {r.entityType} {r.entityId}
                </Td>
                <Td>{r.regionCode ?? ""}</Td>
                <Td className="max-w-xs">
                  <AuditFields value={r.before} />
                </Td>
                <Td className="max-w-xs">
                  <AuditFields value={r.after} />
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      <nav aria-label="pages" className="flex items-center gap-3 text-sm">
        {log.page > 1 && <Link href={`/admin/audit?${query({ page: log.page - 1 })}`} className="text-brand-700 underline">{t("newer")}</Link>}
        <span>{t("page", { page: log.page })}</span>
        {log.hasMore && <Link href={`/admin/audit?${query({ page: log.page + 1 })}`} className="text-brand-700 underline">{t("older")}</Link>}
      </nav>
    </div>
  );
}
