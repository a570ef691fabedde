// What the bad-input tables of every part share: the fixtures their rows use, the row types, and
// the tests that run a table.
import assert from "node:assert/strict";
import { Tensor, xor } from "nn";

export const { X, y } = xor();
export const t22 = () => Tensor.from([[1, 2], [3, 4]]);
/** A tensor that got a NaN by a direct write to its data, the way loaded or computed data can. */
export function withNaN(t: Tensor, index = 0, value = NaN): Tensor {
  const copy = t.clone();
  copy.data[index] = value;
  return copy;
}
export const as = <T>(v: unknown) => v as T;

export type Row = [fn: string, input: string, call: () => unknown, message: RegExp];
export type Group = { name: string; rows: Row[] };

/** Runs a part's table: each group's rows as steps of one test, and the async rows. */
export function testRows(groups: Group[], asyncRows: Row[]): void {
  for (const group of groups) {
    Deno.test(`bad input, ${group.name}: each fails with its message`, async (t) => {
      for (const [fn, input, call, message] of group.rows) {
        await t.step(`${fn}: ${input}`, () => {
          assert.throws(call, message);
        });
      }
    });
  }
  if (asyncRows.length === 0) return;
  Deno.test("bad input to async functions rejects the promise (so .catch() sees it) with its message", async () => {
    for (const [fn, input, call, message] of asyncRows) {
      let promise: Promise<unknown> | undefined;
      assert.doesNotThrow(() => {
        promise = call() as Promise<unknown>;
      }, `${fn} (${input}) threw before returning its promise`);
      await assert.rejects(promise!, message, `${fn}: ${input}`);
    }
  });
}
