import type { Light } from "@/lib/domain/progress";
import { Card } from "./card";
import { cx } from "./cx";
import { LightShape } from "./light";

const tones: Record<Light, string> = { green: "text-emerald-700", yellow: "text-amber-600", red: "text-red-600" };

/** A number with its name, in a tile; a light's tile (`tone`) carries the light's shape beside its name. */
export function Stat({ label, value, tone }: { label: string; value: string; tone?: Light }) {
  return (
    <Card as="div" padded={false} className="min-w-0 px-3 py-3 sm:px-4" data-light={tone}>
      <dt className="flex items-center gap-1 text-xs text-slate-500">
        {tone ? <LightShape light={tone} className="size-2.5" /> : null}
        {label}
      </dt>
      <dd className={cx("mt-1 text-xl font-semibold tabular-nums sm:text-2xl", tone ? tones[tone] : "text-slate-900")}>{value}</dd>
    </Card>
  );
}
