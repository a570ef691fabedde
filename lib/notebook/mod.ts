/**
 * Helpers for notebooks: display bundles and check lines, figures
 * (Observable Plot rendered to SVG on the server side, with `linkedom` as its
 * document), tables, Vega-Lite charts, a live loss chart, saving files into
 * the reading site, and reading MNIST from disk. Nothing here calls
 * `Deno.jupyter`: values carry their own display bundle, and the live chart
 * is handed the display function, so plain `deno test` covers all of it.
 *
 * @example A check line, as every notebook's check cells end
 * ```ts
 * import { checked, DISPLAY } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checked("1 + 1 = 2")[DISPLAY]()["text/plain"], "✓ 1 + 1 = 2");
 * ```
 *
 * @module
 */
export { checked, display } from "./display.ts";
export { type AnswerOptions, checkAnswer } from "./exercise.ts";
export { type Figure, plot, type PlotOptions } from "./plot.ts";
export { lossCurve, type LossCurveOptions, type LossRule } from "./loss_curve.ts";
export { type BoundaryOptions, decisionBoundary } from "./decision_boundary.ts";
export { figureRow } from "./figure_row.ts";
export { diagram, type DiagramNode, type DiagramOptions } from "./diagram.ts";
export { htmlTable } from "./table.ts";
export { vegaLite, type VegaLiteFigure } from "./vega.ts";
export {
  type DisplayFunction,
  fitLive,
  InterruptedError,
  interruptRequested,
  type LiveOptions,
  type LiveResult,
} from "./live.ts";
export { type ArtifactOptions, saveArtifact } from "./artifacts.ts";
export { loadMnist, type Mnist } from "./mnist.ts";
export { loadCars } from "./cars.ts";
export { encodePng, imageGrid, type ImageGridOptions } from "./image.ts";
