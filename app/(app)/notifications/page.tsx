import type { Metadata } from "next";
import { getFormatter, getTranslations } from "next-intl/server";
import { MarkAllRead } from "@/components/layout/mark-all-read";
import { orRefuse, requirePageViewer } from "@/lib/auth/page";
import { listMyNotifications } from "@/lib/data/notifications";
import { Card } from "@/components/ui/card";

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations("notifications"))("title") };
}

export default async function NotificationsPage() {
  await requirePageViewer();
  const t = await getTranslations("notifications");
  const format = await getFormatter();
  const { items, unread } = await orRefuse(listMyNotifications());
  return (
    <div className="space-y-4">
      <div className="flex items-end justify-between">
        <div>
          <h1 className="text-2xl font-semibold">{t("title")}</h1>
          <p className="text-sm text-slate-500">{t("unread", { count: unread })}</p>
        </div>
        {unread > 0 && <MarkAllRead label={t("markAllRead")} />}
      </div>
      {items.length === 0 ? <p className="text-slate-600">{t("empty")}</p> : (
        <Card as="ul" padded={false} className="divide-y divide-slate-100" data-testid="notifications">
          {items.map((n) => (
            <li key={n.id} className={`flex flex-wrap items-baseline gap-x-3 px-4 py-2 text-sm ${n.readAt ? "text-slate-500" : ""} ${n.pinned ? "bg-amber-50" : ""}`} data-kind={n.kind} data-read={n.readAt ? "1" : "0"}>
              <span className={`rounded px-1.5 py-0.5 text-xs ${n.kind === "returned" || n.kind === "overdue" ? "bg-red-100 text-red-800" : n.kind === "approved" ? "bg-emerald-100 text-emerald-800" : "bg-amber-100 text-amber-900"}`}>{t(`kinds.${n.kind}`)}</span>
              {n.pinned && <span className="text-xs font-medium text-amber-800">{t("toAcknowledge")}</span>}
              {/* A plain link (never prefetched): opening it marks it read. */}
              {n.link ? <a href={`/notifications/${n.id}/open`} className={`hover:underline ${n.readAt ? "" : "font-medium"}`}>{n.title}</a> : <span>{n.title}</span>}
              <span className="text-slate-500">{n.body}</span>
              <span className="ml-auto text-xs text-slate-400 tabular-nums">{format.dateTime(n.createdAt, { dateStyle: "short", timeStyle: "short" })}</span>
            </li>
          ))}
        </Card>
      )}
    </div>
  );
}
