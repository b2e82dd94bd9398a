import { getFormatter, getTranslations } from "next-intl/server";
import { Table, Td, Th } from "@/components/ui/table";
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
        <Table>
          <thead>
            <tr>
              <Th>{t("at")}</Th>
              <Th>{t("cause")}</Th>
              <Th>{t("channel")}</Th>
              <Th>{t("recipient")}</Th>
              <Th>{t("message")}</Th>
              <Th>{t("outcome")}</Th>
              <Th className="text-right">{t("attempts")}</Th>
            </tr>
          </thead>
          <tbody>
            {items.map((d) => (
              <tr key={d.id}>
                <Td className="whitespace-nowrap">{format.dateTime(d.sentAt ?? d.createdAt, { dateStyle: "short", timeStyle: "short" })}</Td>
                <Td>{tk.has(d.cause) ? tk(d.cause as "reminder") : d.cause}</Td>
                <Td>{t(`channels.${d.channel}`)}</Td>
                <Td>
                  {d.recipientName ? `${d.recipientName} · ` : ""}
                  <span className="font-mono text-xs">{d.recipient}</span>
                </Td>
                <Td className="max-w-md">{d.subject}</Td>
                <Td>
                  <span className={`rounded px-1.5 py-0.5 text-xs ${stateClass[d.state]}`}>{t(`states.${d.state}`)}</span>
                  {d.state !== "sent" && d.lastError && <div className="mt-1 text-xs text-slate-500">{d.lastError}</div>}
                </Td>
                <Td className="text-right">{d.attempts}</Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </section>
  );
}
