/**
 * Display bundles: values that Jupyter's Deno kernel shows as rich output.
 * The kernel calls an object's `[Symbol.for("Jupyter.display")]()` method and
 * shows the MIME bundle it returns. Library code returns such objects and
 * never calls `Deno.jupyter` itself, so plain `deno test` covers it.
 *
 * @module
 */
import { DISPLAY, type Displayable, type MimeBundle } from "../core/display_symbol.ts";
import { escapeHtml } from "./_html.ts";

/**
 * Wraps a MIME bundle so that a notebook cell ending with it shows it.
 *
 * @example HTML with a text fallback
 * ```ts
 * import { DISPLAY, display } from "nn";
 * import assert from "node:assert/strict";
 *
 * const shown = display({ "text/html": "<b>hi</b>", "text/plain": "hi" });
 * assert.equal(shown[DISPLAY]()["text/plain"], "hi");
 * ```
 */
export function display(bundle: MimeBundle): Displayable {
  if (bundle === null || typeof bundle !== "object" || Object.keys(bundle).length === 0) {
    throw new TypeError('display needs a non-empty MIME bundle, e.g. { "text/plain": "…" }');
  }
  return { [DISPLAY]: () => bundle };
}

/**
 * A passed check, shown as a green line starting with ✓. Notebook check
 * cells end with it after their assertions, so a reader sees what was proven.
 *
 * @example
 * ```ts
 * import { checked, DISPLAY } from "nn";
 * import assert from "node:assert/strict";
 *
 * assert.equal(checked("1 + 1 = 2")[DISPLAY]()["text/plain"], "✓ 1 + 1 = 2");
 * ```
 */
export function checked(message: string): Displayable {
  if (typeof message !== "string" || message.length === 0) {
    throw new TypeError("checked needs a message saying what was proven");
  }
  return display({
    "text/plain": `✓ ${message}`,
    "text/html": `<div class="nn-check" style="color:#1b7a2f;font-weight:600">✓ ${
      escapeHtml(message)
    }</div>`,
  });
}
