import type { WorkState } from "@/lib/data/period-work";

const tone: Record<WorkState, string> = {
  none: "bg-slate-100 text-slate-700",
  draft: "bg-sky-100 text-sky-800",
  submitted: "bg-indigo-100 text-indigo-800",
  returned: "bg-red-100 text-red-800",
  approved: "bg-emerald-100 text-emerald-800",
  closed: "bg-emerald-600 text-white",
};

export function StateBadge({ state, label }: { state: WorkState; label: string }) {
  return <span className={`rounded px-2 py-0.5 text-xs font-medium ${tone[state]}`} data-state={state}>{label}</span>;
}
