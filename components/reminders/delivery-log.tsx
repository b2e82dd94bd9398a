import { getFormatter, getTranslations } from "next-intl/server";
import type { DeliveryLogItem } from "@/lib/data/delivery-log";

const stateClass = { sent: "bg-emerald-100 text-emerald-800", pending: "bg-amber-100 text-amber-900", failed: "bg-red-100 text-red-800" } as const;

/** 催办记录: every message sent about an assignment or a region, by channel, with its outcome and tries. */
export async function DeliveryLog({ items }: { items: DeliveryLogItem[] }) {
  const t = await getTranslations("reminders");
  const tk = await getTranslations("outbound.kinds");
  const format = await getFormatter();
  return (
    <section className="space-y-2" data-testid="delivery-log">
      <h2 className="font-semibold">{t("logTitle")}</h2>
      {items.length === 0 ? (
        <p className="text-sm text-slate-600">{t("logEmpty")}</p>
      ) : (
        <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
          <table className="min-w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("at")}</th>
                <th className="px-3 py-2">{t("cause")}</th>
                <th className="px-3 py-2">{t("channel")}</th>
                <th className="px-3 py-2">{t("recipient")}</th>
                <th className="px-3 py-2">{t("message")}</th>
                <th className="px-3 py-2">{t("outcome")}</th>
                <th className="px-3 py-2 text-right">{t("attempts")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr key={d.id} className="border-t border-slate-100 align-top">
                  <td className="whitespace-nowrap px-3 py-2">{format.dateTime(d.sentAt ?? d.createdAt, { dateStyle: "short", timeStyle: "short" })}</td>
                  <td className="px-3 py-2">{tk.has(d.cause) ? tk(d.cause as "reminder") : d.cause}</td>
                  <td className="px-3 py-2">{t(`channels.${d.channel}`)}</td>
                  <td className="px-3 py-2">{d.recipientName ? `${d.recipientName} · ` : ""}<span className="font-mono text-xs">{d.recipient}</span></td>
                  <td className="max-w-md px-3 py-2">{d.subject}</td>
                  <td className="px-3 py-2">
                    <span className={`rounded px-1.5 py-0.5 text-xs ${stateClass[d.state]}`}>{t(`states.${d.state}`)}</span>
                    {d.state !== "sent" && d.lastError && <div className="mt-1 text-xs text-slate-500">{d.lastError}</div>}
                  </td>
                  <td className="px-3 py-2 text-right">{d.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
