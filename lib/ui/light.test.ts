import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LIGHT_SHAPES, LIGHT_SYMBOLS, LIGHTS, LightBadge, LightCounts, LightLegend, LightMark } from "@/components/ui/light";

const labels = { green: "绿灯", yellow: "黄灯", red: "红灯" } as const;
const html = (el: React.ReactElement) => renderToStaticMarkup(el);

describe("the red/yellow/green lights, never by colour alone", () => {
  it("gives each light a shape and a symbol of its own", () => {
    expect(new Set(LIGHTS.map((l) => LIGHT_SHAPES[l])).size).toBe(3);
    expect(new Set(LIGHTS.map((l) => LIGHT_SYMBOLS[l])).size).toBe(3);
  });

  it("draws the light's shape beside its name, the shape hidden from screen readers", () => {
    for (const light of LIGHTS) {
      const out = html(createElement(LightBadge, { light, label: labels[light] }));
      expect(out).toContain(`data-light="${light}"`);
      expect(out).toContain(`data-shape="${LIGHT_SHAPES[light]}"`);
      expect(out).toContain('aria-hidden="true"');
      expect(out).toContain(`>${labels[light]}</span>`);
    }
  });

  it("names the compact mark as an image (for cells with no room for the word) and on hover", () => {
    const out = html(createElement(LightMark, { light: "red", label: "红灯" }));
    expect(out).toContain('role="img"');
    expect(out).toContain('aria-label="红灯"');
    expect(out).toContain("<title>红灯</title>");
    expect(out).toContain('data-shape="square"');
    expect(out).not.toContain("aria-hidden");
  });

  it("explains every shape in the legend, in the order green, yellow, red", () => {
    const out = html(createElement(LightLegend, { labels }));
    const order = ["circle", "triangle", "square"].map((s) => out.indexOf(`data-shape="${s}"`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    for (const l of LIGHTS) expect(out).toContain(labels[l]);
  });

  it("says which light each count is", () => {
    const out = html(createElement(LightCounts, { counts: { green: 5, yellow: 2, red: 1 }, labels }));
    expect(out).toMatch(/aria-label="绿灯".*5.*aria-label="黄灯".*2.*aria-label="红灯".*1/s);
  });
});
