/**
 * How a value shows itself in Jupyter: the Deno kernel calls an object's
 * `[Symbol.for("Jupyter.display")]()` method and shows the MIME bundle it
 * returns. A registered symbol needs no import of the kernel, so the core
 * stays free of any dependency and its tensors still show as tables.
 *
 * @module
 */
/**
 * The symbol the Deno kernel looks for.
 *
 * @example
 * ```ts
 * import { DISPLAY, Tensor } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const bundle = Tensor.ones(1, 1)[DISPLAY]();
 * assert.ok("text/html" in bundle);
 * ```
 */
export const DISPLAY: unique symbol = Symbol.for("Jupyter.display") as never;

/**
 * A MIME bundle: MIME type → content.
 *
 * @example
 * ```ts
 * import type { MimeBundle } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const bundle: MimeBundle = { "text/plain": "x", "text/html": "<b>x</b>" };
 * assert.equal(Object.keys(bundle).length, 2);
 * ```
 */
export type MimeBundle = Record<string, unknown>;

/**
 * Anything the kernel can show through {@link DISPLAY}.
 *
 * @example
 * ```ts
 * import { DISPLAY, type Displayable } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const shown: Displayable = { [DISPLAY]: () => ({ "text/plain": "hello" }) };
 * assert.equal(shown[DISPLAY]()["text/plain"], "hello");
 * ```
 */
export interface Displayable {
  /** Returns the MIME bundle to show. */
  [DISPLAY](): MimeBundle;
}
