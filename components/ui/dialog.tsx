"use client";

import { useEffect, useRef } from "react";
import { cx } from "./cx";

/**
 * A modal dialog on the browser's own <dialog>: focus moves into it, Esc closes it, the page
 * behind is inert. Open while `open`; `onClose` is called however it is closed.
 */
export function Dialog({ open, onClose, title, children, className }: { open: boolean; onClose: () => void; title: React.ReactNode; children: React.ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      onClose={onClose}
      onCancel={onClose}
      aria-labelledby="dialog-title"
      className={cx("w-[min(32rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40", className)}
    >
      {open ? (
        <div className="space-y-3 p-4 text-sm">
          <h2 id="dialog-title" className="text-base font-semibold">
            {title}
          </h2>
          {children}
        </div>
      ) : null}
    </dialog>
  );
}
