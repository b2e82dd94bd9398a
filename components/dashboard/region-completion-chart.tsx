"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { EXPECTED_COLOR, type ExpectedLine } from "./charts";

/** One region's bar; `href` is where a click goes (a league-city's counties, or a county's region page). */
export type RegionBar = { code: string; href: string; name: string; completionRate: number; meanProgress: number };

/** Completion rate and mean progress by league-city (or by county of one league-city); a bar drills down. */
export function RegionCompletionChart({ data, labels, expected, height = "h-80" }: { data: RegionBar[]; labels: { completionRate: string; meanProgress: string; chart: string }; expected?: ExpectedLine; height?: string }) {
  const router = useRouter();
  const open = (entry: unknown) => {
    const href = (entry as { payload?: RegionBar })?.payload?.href;
    if (href) router.push(href);
  };
  return (
    <div className={`${height} w-full`} role="img" aria-label={labels.chart}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 40, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="name" angle={-35} textAnchor="end" interval={0} tick={{ fontSize: 12 }} height={50} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} width={44} />
          <Tooltip formatter={(v) => `${Number(v).toFixed(1)}%`} />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="completionRate" name={labels.completionRate} fill="#1f7a5c" cursor="pointer" onClick={open} isAnimationActive={false} />
          <Bar dataKey="meanProgress" name={labels.meanProgress} fill="#93c5b4" cursor="pointer" onClick={open} isAnimationActive={false} />
          {expected && <ReferenceLine y={expected.value} stroke={EXPECTED_COLOR} strokeDasharray="5 3" strokeWidth={1.5} label={{ value: `${expected.label} ${expected.value}%`, position: "insideTopRight", fontSize: 11, fill: EXPECTED_COLOR }} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
