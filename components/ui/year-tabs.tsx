import Link from "next/link";

/** Year filter kept in the URL (?year=), so a view can be shared. */
export function YearTabs({ years, current, basePath, label }: { years: number[]; current: number; basePath: string; label: string }) {
  return (
    <nav aria-label={label} className="flex gap-1">
      {years.map((y) => (
        <Link key={y} href={`${basePath}?year=${y}`} aria-current={y === current ? "page" : undefined}
          className="rounded-md px-3 py-1 text-sm ring-1 ring-slate-200 hover:bg-slate-100 aria-[current=page]:bg-brand-600 aria-[current=page]:text-white aria-[current=page]:ring-brand-600">
          {y}
        </Link>
      ))}
    </nav>
  );
}
