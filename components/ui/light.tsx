import type { Light } from "@/lib/domain/progress";

const styles: Record<Light, string> = {
  green: "bg-emerald-500",
  yellow: "bg-amber-400",
  red: "bg-red-500",
};

/** 红黄绿灯: a coloured dot with its name for screen readers and print. */
export function LightBadge({ light, label }: { light: Light; label: string }) {
  return (
    <span className="inline-flex items-center gap-1.5 text-sm" data-light={light}>
      <span className={`inline-block size-3 rounded-full ${styles[light]}`} aria-hidden="true" />
      {label}
    </span>
  );
}
