import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { Card } from "@/components/ui/card";
import { LightCounts } from "@/components/ui/light";

export type CountyProgressRow = {
  code: string;
  name: string;
  /** The league-city's assignments this county was given. */
  given: number;
  completed: number;
  /** Mean of the latest approved progress (no approved report counts as 0); null when nothing is given. */
  meanProgress: number | null;
  green: number;
  yellow: number;
  red: number;
  /** Its reports awaiting the league-city's review. */
  pending: number;
};

/** A league-city bureau's banner-counties: how far each has got with what it was given, and what awaits review. */
export async function CountyProgress({ rows, year }: { rows: CountyProgressRow[]; year: number }) {
  const t = await getTranslations("counties");
  const tc = await getTranslations("common");
  const pending = rows.reduce((s, r) => s + r.pending, 0);
  const th = "px-1.5 py-2 font-normal whitespace-nowrap sm:px-2";
  return (
    <Card aria-labelledby="county-progress" className="p-3 sm:p-4" padded={false} data-testid="county-progress">
      <div className="mb-2 flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id="county-progress" className="font-semibold">{t("title")}</h2>
        <Link href="/review" className="text-sm text-brand-700 underline">{t("reviewLink", { count: pending })}</Link>
        <p className="w-full text-xs text-slate-500">{t("subtitle", { year })}</p>
      </div>
      <div className="overflow-x-auto">
        <table className="w-full text-xs tabular-nums sm:text-sm">
          <thead className="text-left text-xs text-slate-500">
            <tr>
              <th scope="col" className={`${th} pl-0`}>{t("county")}</th>
              <th scope="col" className={`${th} text-right`}>{t("given")}</th>
              <th scope="col" className={`${th} text-right`}>{tc("completed")}</th>
              <th scope="col" className={`${th} text-right`}>{t("meanProgress")}</th>
              <th scope="col" className={`${th} text-right`} title={`${tc("lights.green")} / ${tc("lights.yellow")} / ${tc("lights.red")}`}>{tc("light")}</th>
              <th scope="col" className={`${th} pr-0 text-right`}>{t("pending")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.code} className="border-t border-slate-100">
                <th scope="row" className="py-1.5 pr-1.5 text-left font-normal whitespace-nowrap sm:pr-2">
                  <Link href={`/regions/${r.code}?year=${year}`} className="text-brand-700 hover:underline">{r.name}</Link>
                </th>
                <td className="px-1.5 py-1.5 text-right sm:px-2">{r.given}</td>
                <td className="px-1.5 py-1.5 text-right sm:px-2">{r.completed}</td>
                <td className="px-1.5 py-1.5 text-right sm:px-2">{r.meanProgress === null ? "—" : `${r.meanProgress}%`}</td>
                <td className="px-1.5 py-1.5 text-right sm:px-2 whitespace-nowrap">
                  <LightCounts counts={{ green: r.green, yellow: r.yellow, red: r.red }} labels={{ green: tc("lights.green"), yellow: tc("lights.yellow"), red: tc("lights.red") }} className="justify-end" />
                </td>
                <td className="py-1.5 pl-1.5 text-right sm:pl-2">
                  {r.pending > 0 ? <Link href={`/review?regionCode=${r.code}`} className="font-medium text-brand-700 underline">{r.pending}</Link> : <span className="text-slate-400">0</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
