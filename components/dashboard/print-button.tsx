"use client";

import { Button } from "@/components/ui/button";

/** Opens the browser's print dialog for the print view. */
export function PrintButton({ label }: { label: string }) {
  return (
    <Button variant="primary" onClick={() => window.print()} data-testid="print-now">
      {label}
    </Button>
  );
}
