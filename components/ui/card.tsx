import { cx } from "./cx";

/** The white box every panel sits in. `padded={false}` for a table that runs to its edges. */
export function Card({ as: Tag = "section", padded = true, className, ...props }: React.HTMLAttributes<HTMLElement> & { as?: "section" | "div" | "article" | "form" | "li" | "ul"; padded?: boolean }) {
  return <Tag className={cx("rounded-xl bg-white ring-1 ring-slate-200", padded && "p-4", className)} {...props} />;
}

/** A card's heading line: a title and, on the right, its actions. */
export function CardHeader({ title, actions, className }: { title: React.ReactNode; actions?: React.ReactNode; className?: string }) {
  return (
    <div className={cx("mb-3 flex flex-wrap items-center justify-between gap-2", className)}>
      <h2 className="text-base font-semibold">{title}</h2>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}
