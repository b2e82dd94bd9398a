"use client";

/** Opens the browser's print dialog for the print view. */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" onClick={() => window.print()} className="rounded-md bg-brand-700 px-4 py-1.5 text-sm font-medium text-white hover:bg-brand-800" data-testid="print-now">
      {label}
    </button>
  );
}
