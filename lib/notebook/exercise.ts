/**
 * Self-checking exercises: a learner writes an answer into a cell, and the
 * cell says whether it is right, without showing the expected value.
 *
 * @module
 */
import type { Displayable } from "../core/mod.ts";
import { checkOptions, describe } from "../core/_internal.ts";
import { display } from "./display.ts";
import { escapeHtml } from "./_html.ts";

/**
 * Options for {@link checkAnswer}.
 *
 * @example
 * ```ts
 * import type { AnswerOptions } from "nn";
 * import assert from "node:assert/strict";
 *
 * const options: AnswerOptions = { tolerance: 0.01, hint: "count the kinks first" };
 * assert.equal(options.tolerance, 0.01);
 * ```
 */
export interface AnswerOptions {
  /** For numbers: the largest accepted |answer − expected| (default 1e-9·max(1, |expected|)). */
  tolerance?: number;
  /** Shown with a wrong answer. */
  hint?: string;
}

/**
 * Compares a learner's answer with the expected one and says so: "not
 * answered yet" while the answer is `undefined`, "✓ right" or "✗ not yet"
 * (with the hint) otherwise. Numbers are compared within a tolerance, other
 * values with `===`; `expected` may also be a function that returns true for
 * a right answer (for answers that are functions or arrays).
 *
 * @example
 * ```ts
 * import { checkAnswer, DISPLAY } from "nn";
 * import assert from "node:assert/strict";
 *
 * const text = (a: unknown) => String(checkAnswer(a, 17, { hint: "one more than the units" })[DISPLAY]()["text/plain"]);
 * assert.match(text(undefined), /not answered yet/);
 * assert.match(text(17), /^✓/);
 * assert.match(text(16), /^✗ .*one more than the units/);
 * ```
 */
export function checkAnswer(
  answer: unknown,
  expected: unknown,
  options: AnswerOptions = {},
): Displayable {
  checkOptions(options, ["tolerance", "hint"], "checkAnswer", '{ tolerance: 1e-6, hint: "…" }');
  const { tolerance: tol, hint } = options;
  if (tol !== undefined && !(typeof tol === "number" && tol >= 0 && Number.isFinite(tol))) {
    throw new RangeError(
      `checkAnswer's tolerance must be a finite number ≥ 0, got ${describe(tol)}`,
    );
  }
  if (hint !== undefined && typeof hint !== "string") {
    throw new TypeError(`checkAnswer's hint must be a string, got ${describe(hint)}`);
  }
  if (expected === undefined || (typeof expected === "number" && !Number.isFinite(expected))) {
    throw new RangeError(`checkAnswer needs an expected answer, got ${describe(expected)}`);
  }
  if (answer === undefined) {
    return show(
      "#666",
      "… not answered yet: write your answer above, in this cell, and run it again",
    );
  }
  let right: boolean;
  if (typeof expected === "function") {
    try {
      right = expected(answer) === true;
    } catch (e) {
      return show("#b2182b", `✗ not yet: checking your answer threw ${(e as Error).message}`);
    }
  } else if (typeof expected === "number") {
    const tolerance = options.tolerance ?? 1e-9 * Math.max(1, Math.abs(expected));
    right = typeof answer === "number" && Math.abs(answer - expected) <= tolerance;
  } else {
    right = answer === expected;
  }
  const given = typeof answer === "function" ? "your function" : describe(answer);
  if (right) return show("#1b7a2f", `✓ right: ${given}`);
  return show(
    "#b2182b",
    `✗ not yet: ${given} is not it${options.hint ? `. Hint: ${options.hint}` : ""}`,
  );
}

function show(colour: string, text: string): Displayable {
  return display({
    "text/plain": text,
    "text/html": `<div class="nn-answer" style="color:${colour};font-weight:600">${
      escapeHtml(text)
    }</div>`,
  });
}
