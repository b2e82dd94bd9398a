import { cx } from "./cx";

/**
 * The cells' look, given once on the table rather than on each of its hundreds of cells (the
 * dashboard's HTML carried it ~1,000 times). `:where()` makes these the weakest rules: a cell's own
 * classes, and a table's `[&_td]:…` overrides, win over them.
 */
export const tableCells = cx(
  "[:where(&)_td]:border-b [:where(&)_td]:border-slate-100 [:where(&)_td]:px-3 [:where(&)_td]:py-2 [:where(&)_td]:align-top",
  "[:where(&)_th]:whitespace-nowrap [:where(&)_th]:border-b [:where(&)_th]:border-slate-200 [:where(&)_th]:bg-slate-50 [:where(&)_th]:px-3 [:where(&)_th]:py-2 [:where(&)_th]:font-medium [:where(&)_th]:text-slate-600",
);

/** A table in its card: wide tables scroll inside the box, never the page. */
export function Table({ className, caption, children, ...props }: React.TableHTMLAttributes<HTMLTableElement> & { caption?: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
      <table className={cx("w-full text-left text-sm", tableCells, className)} {...props}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

/** A header cell (`scope="col"` unless told): its look comes from the table (`tableCells`). */
export function Th({ scope = "col", ...props }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope={scope} {...props} />;
}

/** A cell: its look comes from the table (`tableCells`). */
export function Td(props: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td {...props} />;
}
