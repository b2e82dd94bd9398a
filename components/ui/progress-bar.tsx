/** A progress value 0–100 as a bar with its number. */
export function ProgressBar({ value, label }: { value: number | null; label?: string }) {
  const v = value ?? 0;
  return (
    <div className="flex items-center gap-2" role="meter" aria-valuemin={0} aria-valuemax={100} aria-valuenow={v} aria-label={label}>
      <div className="h-2 w-24 overflow-hidden rounded-full bg-slate-200">
        <div className="h-full rounded-full bg-brand-600" style={{ width: `${v}%` }} />
      </div>
      <span className="w-12 text-right text-sm tabular-nums">{value === null ? "—" : `${v}%`}</span>
    </div>
  );
}
