import assert from "node:assert/strict";
import { checkAnswer, DISPLAY } from "nn";

Deno.test("checkAnswer: not answered, right within the tolerance, wrong with the hint, by predicate", () => {
  const text = (answer: unknown, expected: unknown, options = {}) =>
    String(checkAnswer(answer, expected, options)[DISPLAY]()["text/plain"]);
  assert.match(text(undefined, 3), /^… not answered yet/);
  assert.match(text(0.30000000000000004, 0.3), /^✓ right: 0\.3/);
  assert.match(text(0.31, 0.3, { tolerance: 0.02 }), /^✓/);
  assert.match(
    text(0.35, 0.3, { tolerance: 0.02, hint: "h" }),
    /^✗ not yet: 0\.35 is not it\. Hint: h$/,
  );
  assert.match(text("3", 3), /^✗/, "a string is not the number");
  assert.match(
    text((x: number) => x + 1, (f: (x: number) => number) => f(1) === 2),
    /^✓ right: your function/,
  );
  assert.match(
    text(() => 0, () => {
      throw new Error("boom");
    }),
    /^✗ not yet: checking your answer threw boom/,
  );
});
