export function Stat({ label, value, tone }: { label: string; value: string; tone?: "green" | "yellow" | "red" }) {
  const color = tone === "green" ? "text-emerald-700" : tone === "yellow" ? "text-amber-600" : tone === "red" ? "text-red-600" : "text-slate-900";
  return (
    <div className="min-w-0 rounded-lg bg-white px-3 py-3 ring-1 ring-slate-200 sm:px-4">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className={`mt-1 text-xl font-semibold sm:text-2xl tabular-nums ${color}`}>{value}</dd>
    </div>
  );
}
