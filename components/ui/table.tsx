import { cx } from "./cx";

/** A table in its card: wide tables scroll inside the box, never the page. */
export function Table({ className, caption, children, ...props }: React.TableHTMLAttributes<HTMLTableElement> & { caption?: React.ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-xl bg-white ring-1 ring-slate-200">
      <table className={cx("w-full text-left text-sm", className)} {...props}>
        {caption ? <caption className="sr-only">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Th({ className, ...props }: React.ThHTMLAttributes<HTMLTableCellElement>) {
  return <th scope="col" className={cx("whitespace-nowrap border-b border-slate-200 bg-slate-50 px-3 py-2 font-medium text-slate-600", className)} {...props} />;
}

export function Td({ className, ...props }: React.TdHTMLAttributes<HTMLTableCellElement>) {
  return <td className={cx("border-b border-slate-100 px-3 py-2 align-top", className)} {...props} />;
}
