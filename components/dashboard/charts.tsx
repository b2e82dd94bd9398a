"use client";

import { useRouter } from "next/navigation";
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

const pct = (v: unknown) => `${Number(v).toFixed(1)}%`;

export type TaskBar = { id: number; name: string; completionRate: number; meanProgress: number };

/** The 应达进度 reference drawn across a chart. */
export type ExpectedLine = { value: number; label: string };
export const EXPECTED_COLOR = "#dc2626";

/** Completion by key task; a bar opens the task. */
export function TaskCompletionChart({ data, year, labels, expected, height = "h-80", yAxisWidth = 150 }: { data: TaskBar[]; year: number; labels: { completionRate: string; meanProgress: string; chart: string }; expected?: ExpectedLine; height?: string; yAxisWidth?: number }) {
  const router = useRouter();
  const open = (entry: unknown) => {
    const id = (entry as { payload?: TaskBar })?.payload?.id;
    if (id) router.push(`/tasks/${id}?year=${year}`);
  };
  return (
    <div className={`${height} w-full`} role="img" aria-label={labels.chart}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} />
          <YAxis type="category" dataKey="name" width={yAxisWidth} tick={{ fontSize: 12 }} interval={0} />
          <Tooltip formatter={pct} />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="completionRate" name={labels.completionRate} fill="#1f7a5c" cursor="pointer" onClick={open} isAnimationActive={false} />
          <Bar dataKey="meanProgress" name={labels.meanProgress} fill="#93c5b4" cursor="pointer" onClick={open} isAnimationActive={false} />
          {expected && <ReferenceLine x={expected.value} stroke={EXPECTED_COLOR} strokeDasharray="5 3" strokeWidth={1.5} label={{ value: `${expected.label} ${expected.value}%`, position: "insideTopRight", fontSize: 11, fill: EXPECTED_COLOR }} />}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export type SeriesPoint = { label: string } & Record<string, number | string | null>;

/** Lines over the periods (or months) of a year: one per series key. */
export function SeriesLineChart({ data, series, label, height = "h-72" }: { data: SeriesPoint[]; series: { key: string; name: string; color: string; dashed?: boolean }[]; label: string; height?: string }) {
  return (
    <div className={`${height} w-full`} role="img" aria-label={label}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 12 }} width={44} />
          <Tooltip formatter={pct} />
          <Legend verticalAlign="top" height={28} />
          {series.map((s) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.name} stroke={s.color} strokeWidth={s.dashed ? 1.5 : 2} strokeDasharray={s.dashed ? "5 3" : undefined} dot={s.dashed ? false : { r: 3 }} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
