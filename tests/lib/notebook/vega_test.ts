import assert from "node:assert/strict";
import { DISPLAY, vegaLite } from "nn";

Deno.test("vegaLite: the spec for Jupyter and a static SVG for everything else", async () => {
  const chart = await vegaLite({
    data: { values: [{ x: 1, y: 1 }, { x: 2, y: 4 }] },
    mark: "line",
    encoding: { x: { field: "x", type: "quantitative" }, y: { field: "y", type: "quantitative" } },
  });
  const bundle = chart[DISPLAY]();
  assert.deepEqual(Object.keys(bundle).sort(), [
    "application/vnd.vegalite.v5+json",
    "image/svg+xml",
    "text/plain",
  ]);
  assert.match(String(bundle["image/svg+xml"]), /^<svg[\s\S]*<path/);
  await assert.rejects(
    () => vegaLite(null as unknown as Record<string, unknown>),
    /Vega-Lite specification object/,
  );
});
