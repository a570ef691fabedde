/**
 * Vega-Lite charts: a bundle that JupyterLab and the reading site show live,
 * with a static SVG rendering for everything else.
 *
 * @module
 */
import { DISPLAY } from "../core/mod.ts";
import { describe } from "../core/_internal.ts";
import type { Figure } from "./plot.ts";

/**
 * A Vega-Lite chart: interactive where Jupyter renders Vega-Lite, a static SVG elsewhere.
 *
 * @example
 * ```ts
 * import { vegaLite, type VegaLiteFigure } from "nn";
 * import assert from "node:assert/strict";
 *
 * const chart: VegaLiteFigure = await vegaLite({ data: { values: [{ a: 1 }] }, mark: "point", encoding: { x: { field: "a", type: "quantitative" } } });
 * assert.match(chart.svg, /<svg/);
 * ```
 */
export interface VegaLiteFigure extends Figure {
  /** The Vega-Lite specification. */
  readonly spec: Record<string, unknown>;
  /** The static SVG rendering. */
  readonly svg: string;
}

/**
 * Renders a Vega-Lite specification to a display bundle that carries both the
 * spec (JupyterLab shows it interactively) and a static SVG (what an HTML
 * export shows).
 *
 * @example
 * ```ts
 * import { vegaLite } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = await vegaLite({
 *   data: { values: [{ x: 1, y: 2 }, { x: 2, y: 1 }] },
 *   mark: "line",
 *   encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
 * });
 * assert.match(fig.svg, /^<svg/);
 * ```
 */
export async function vegaLite(spec: Record<string, unknown>): Promise<VegaLiteFigure> {
  if (spec === null || typeof spec !== "object") {
    throw new TypeError(`vegaLite needs a Vega-Lite specification object, got ${describe(spec)}`);
  }
  checkMarks(spec, "spec");
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  const full = { $schema: "https://vega.github.io/schema/vega-lite/v5.json", ...spec };
  const compiled = vl.compile(full as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return {
    spec: full,
    svg,
    html: svg,
    [DISPLAY]: () => ({
      "application/vnd.vegalite.v5+json": full,
      "image/svg+xml": svg,
      "text/plain": "Vega-Lite chart",
    }),
  };
}

// Vega-Lite 6's mark types: the primitive marks and the composite ones.
const MARKS = [
  "arc",
  "area",
  "bar",
  "image",
  "line",
  "point",
  "rect",
  "rule",
  "text",
  "tick",
  "trail",
  "circle",
  "square",
  "geoshape",
  "boxplot",
  "errorbar",
  "errorband",
];

// An unknown mark type would reach Vega-Lite's compiler, which fails with an engine's message
// (reading a property of undefined): name the mark and the choices instead, in nested views too.
function checkMarks(spec: Record<string, unknown>, where: string): void {
  if (spec.mark !== undefined) {
    const mark = spec.mark as unknown;
    const type = typeof mark === "object" && mark !== null
      ? (mark as { type?: unknown }).type
      : mark;
    if (typeof type !== "string" || !MARKS.includes(type)) {
      throw new RangeError(
        `vegaLite's ${where}.mark must be one of ${
          MARKS.join(", ")
        } (or { type: … } with one), got ${describe(type)}`,
      );
    }
  }
  for (const key of ["layer", "concat", "hconcat", "vconcat"]) {
    const views = spec[key];
    if (Array.isArray(views)) {
      views.forEach((v, i) => {
        if (v !== null && typeof v === "object") {
          checkMarks(v as Record<string, unknown>, `${where}.${key}[${i}]`);
        }
      });
    }
  }
  if (spec.spec !== null && typeof spec.spec === "object") {
    checkMarks(spec.spec as Record<string, unknown>, `${where}.spec`);
  }
}
