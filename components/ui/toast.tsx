"use client";

import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import { cx } from "./cx";

export type ToastTone = "ok" | "error";
type Toast = { id: number; tone: ToastTone; text: string };

const ToastContext = createContext<(tone: ToastTone, text: string) => void>(() => {});

/** How long a toast stays: long enough to read a sentence in Chinese or English. */
const SHOW_MS = 5000;

/**
 * The outcome of every form, said once at the bottom of the screen (a live region, read out by
 * screen readers) and gone after a few seconds; an error stays until it is closed.
 */
export function ToastProvider({ children }: { children: React.ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const next = useRef(0);
  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const show = useCallback((tone: ToastTone, text: string) => {
    const id = ++next.current;
    // One toast per text: the same outcome twice in a row is not stacked; a success supersedes the errors before it.
    setToasts((all) => [...all.filter((t) => t.text !== text && (tone === "error" || t.tone !== "error")).slice(-2), { id, tone, text }]);
  }, []);
  return (
    <ToastContext.Provider value={show}>
      {children}
      <div className="pointer-events-none fixed inset-x-0 bottom-4 z-50 flex flex-col items-center gap-2 px-4 print:hidden" aria-live="polite" data-testid="toasts">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} onClose={() => dismiss(t.id)} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function ToastItem({ toast, onClose }: { toast: Toast; onClose: () => void }) {
  useEffect(() => {
    if (toast.tone === "error") return;
    const timer = setTimeout(onClose, SHOW_MS);
    return () => clearTimeout(timer);
  }, [toast, onClose]);
  return (
    <div
      role={toast.tone === "error" ? "alert" : "status"}
      data-tone={toast.tone}
      className={cx(
        "pointer-events-auto flex max-w-md items-start gap-3 rounded-lg px-4 py-2 text-sm shadow-lg ring-1",
        toast.tone === "ok" ? "bg-emerald-50 text-emerald-900 ring-emerald-200" : "bg-red-50 text-red-900 ring-red-200",
      )}
    >
      <span aria-hidden="true">{toast.tone === "ok" ? "✓" : "!"}</span>
      <span className="flex-1">{toast.text}</span>
      <button type="button" onClick={onClose} className="text-xs opacity-70 hover:opacity-100" aria-label="×">
        ×
      </button>
    </div>
  );
}

/** `const toast = useToast(); toast("ok", t("saved"))`. */
export function useToast() {
  const show = useContext(ToastContext);
  return useMemo(() => show, [show]);
}
