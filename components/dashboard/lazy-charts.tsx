"use client";

import dynamic from "next/dynamic";

/**
 * The charts load after the page (their library is the largest part of the dashboard's script),
 * each in a box of its final height so nothing moves when they arrive. Every chart's numbers are
 * also in a table beside it, so the page reads before they load.
 */
const box = (height: string) =>
  function ChartPlaceholder() {
    return <div className={`${height} w-full rounded bg-slate-50`} aria-hidden />;
  };

export const RegionCompletionChart = dynamic(() => import("./region-completion-chart").then((m) => m.RegionCompletionChart), { ssr: false, loading: box("h-80") });
export const TaskCompletionChart = dynamic(() => import("./charts").then((m) => m.TaskCompletionChart), { ssr: false, loading: box("h-80") });
export const SeriesLineChart = dynamic(() => import("./charts").then((m) => m.SeriesLineChart), { ssr: false, loading: box("h-72") });
