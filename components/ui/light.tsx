import type { Light } from "@/lib/domain/progress";
import { cx } from "./cx";

/**
 * 红黄绿灯 never by colour alone: each light has its own shape (green ●, yellow ▲, red ■), drawn
 * in SVG so that it prints without the browser's "background graphics", and a name in words
 * (visible beside it, or its accessible name where a table cell has no room for it).
 */
export const LIGHTS: readonly Light[] = ["green", "yellow", "red"];

export type LightShapeName = "circle" | "triangle" | "square";
export const LIGHT_SHAPES: Record<Light, LightShapeName> = { green: "circle", yellow: "triangle", red: "square" };

/** The shape as a character, for places that are text only (a title, an export). */
export const LIGHT_SYMBOLS: Record<Light, string> = { green: "●", yellow: "▲", red: "■" };

// A darker edge keeps the yellow triangle visible on white (non-text contrast).
const paint: Record<Light, string> = {
  green: "fill-emerald-500 stroke-emerald-700",
  yellow: "fill-amber-400 stroke-amber-600",
  red: "fill-red-500 stroke-red-700",
};

const outlines: Record<LightShapeName, React.ReactNode> = {
  circle: <circle cx="6" cy="6" r="5" />,
  triangle: <path d="M6 0.9 11.3 10.7H0.7Z" strokeLinejoin="round" />,
  square: <rect x="1" y="1" width="10" height="10" rx="1" />,
};

/**
 * The three shapes, once per page (the root layout): every light refers to one with <use>, so a
 * dashboard's hundreds of lights do not each carry their outline. Fill and stroke are inherited
 * from the light that uses it.
 */
export function LightSprite() {
  return (
    <svg width="0" height="0" className="absolute" aria-hidden="true" focusable="false">
      <defs>
        {(Object.keys(outlines) as LightShapeName[]).map((shape) => (
          <symbol key={shape} id={`light-${shape}`} viewBox="0 0 12 12">
            {outlines[shape]}
          </symbol>
        ))}
      </defs>
    </svg>
  );
}

/**
 * A light's shape. With `label` it is an image of that name (a cell that shows no words);
 * without, it is decoration beside words that say the light.
 */
export function LightShape({ light, label, className }: { light: Light; label?: string; className?: string }) {
  const named = label ? { role: "img", "aria-label": label } : { "aria-hidden": true as const };
  return (
    <svg viewBox="0 0 12 12" className={cx("inline-block shrink-0", className ?? "size-3", paint[light])} strokeWidth="1" data-shape={LIGHT_SHAPES[light]} focusable="false" {...named}>
      {label ? <title>{label}</title> : null}
      <use href={`#light-${LIGHT_SHAPES[light]}`} />
    </svg>
  );
}

/** A light with its name written beside it (in the text size around it): the default wherever there is room. */
export function LightBadge({ light, label, className }: { light: Light; label: string; className?: string }) {
  return (
    <span className={cx("inline-flex items-center gap-1.5", className)} data-light={light}>
      <LightShape light={light} />
      {label}
    </span>
  );
}

/** The compact light for dense cells (the matrix): the shape only, named for screen readers and on hover. */
export function LightMark({ light, label, className }: { light: Light; label: string; className?: string }) {
  return <LightShape light={light} label={label} className={cx("size-3.5", className)} />;
}

/** What each shape means, said once near the cells that use `LightMark`. */
export function LightLegend({ labels, className }: { labels: Record<Light, string>; className?: string }) {
  return (
    <span className={cx("inline-flex flex-wrap items-center gap-x-3 gap-y-1", className)} data-testid="light-legend">
      {LIGHTS.map((l) => (
        <span key={l} className="inline-flex items-center gap-1" data-light={l}>
          <LightShape light={l} className="size-2.5" />
          {labels[l]}
        </span>
      ))}
    </span>
  );
}

/** How many measures are green, yellow and red, each count after its shape ("● 5 ▲ 2 ■ 1"). */
export function LightCounts({ counts, labels, className }: { counts: Record<Light, number>; labels: Record<Light, string>; className?: string }) {
  return (
    <span className={cx("inline-flex items-center gap-1.5 tabular-nums", className)} data-testid="light-counts">
      {LIGHTS.map((l) => (
        <span key={l} className="inline-flex items-center gap-0.5" title={`${labels[l]} ${counts[l]}`}>
          <LightShape light={l} label={labels[l]} className="size-2.5" />
          {counts[l]}
        </span>
      ))}
    </span>
  );
}
