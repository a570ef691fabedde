// What the gradient tests share: the tolerance and the check that a gradient check passed.
import assert from "node:assert/strict";

/** The largest relative error a gradient check may show. */
export const TOL = 1e-6;

/** That the check looked at something, and found every gradient within TOL. */
export function assertSmall(
  r: { maxRelativeError: number; worst: unknown; checked: number },
  what: string,
): void {
  assert.ok(r.checked > 0, `${what}: nothing was checked`);
  assert.ok(
    r.maxRelativeError < TOL,
    `${what}: relative error ${r.maxRelativeError} at ${JSON.stringify(r.worst)}`,
  );
}
