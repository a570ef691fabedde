// The one pass over a network's stages, forward and backward, on preallocated buffers: what
// forwardStages, the training backends and the fast workspace run. Internal to the library (the
// other parts reach it through _internal.ts); shapes are the caller's to check.
import type { Products, Stage } from "./stage.ts";
import { describe } from "./_validate.ts";

/**
 * C (m×n) = A·B, or C += A·B, on strided operands: A(i, p) is A[i·aRow + p·aCol] and B(p, j) is
 * B[p·bRow + j·bCol], so that one loop reads A or B transposed in place. The additions run in the
 * same order as matmul's. The readable products, and the fast path's small ones.
 */
export function stridedProduct(
  A: Float64Array,
  aRow: number,
  aCol: number,
  B: Float64Array,
  bRow: number,
  bCol: number,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += A[i * aRow + p * aCol] * B[p * bRow + j * bCol];
      C[i * n + j] = accumulate ? C[i * n + j] + s : s;
    }
  }
}

/** That `products` is a Products object; `what` names it in the message. */
export function checkProducts(products: unknown, what: string): void {
  const p = products as Partial<Products> | null | undefined;
  if (
    typeof p?.product !== "function" || typeof p?.productTN !== "function" ||
    typeof p?.productNT !== "function"
  ) {
    throw new TypeError(
      `${what} must be a Products object such as referenceProducts, got ${describe(products)}`,
    );
  }
}

/**
 * Buffers for the forward pass of `stages` on up to `rows` samples: Z and A
 * of every stage (A is Z itself after an identity).
 */
export interface PassBuffers {
  /** Each stage's output before its activation. */
  readonly Z: Float64Array[];
  /** Each stage's output after its activation. */
  readonly A: Float64Array[];
}

/** Buffers for a pass of up to `rows` samples. */
export function allocatePass(stages: readonly Stage[], rows: number): PassBuffers {
  const Z: Float64Array[] = [], A: Float64Array[] = [];
  for (const s of stages) {
    const z = new Float64Array(rows * s.layer.outWidth);
    Z.push(z);
    A.push(s.activation.name === "identity" ? z : new Float64Array(rows * s.layer.outWidth));
  }
  return { Z, A };
}

/**
 * THE forward pass over stages. For each stage, Z = layer(input)
 * (for Linear: In·W, then + b, the reference's order), then A = f(Z). Shapes
 * are the caller's to check; nothing is allocated.
 */
export function runForward(
  stages: readonly Stage[],
  X: Float64Array,
  rows: number,
  buffers: PassBuffers,
  products: Products,
): void {
  let input = X;
  for (let l = 0; l < stages.length; l++) {
    const { layer, activation } = stages[l];
    const Z = buffers.Z[l], A = buffers.A[l];
    layer.forwardInto(input, Z, rows, products);
    if (A !== Z) {
      const f = activation.f;
      for (let i = 0, n = rows * layer.outWidth; i < n; i++) A[i] = f(Z[i]);
    }
    input = A;
  }
}

/**
 * The backward pass over stages, from dA of the last stage (in
 * `dA[last]`): dZ = dA ⊙ f′(Z), then the layer's backward, which sets its
 * gradients and writes the previous stage's dA. The first stage's input
 * gradient ∂loss/∂X is written only when `dX` is given (training does not
 * need it; a generator trained through a discriminator does). Nothing is allocated.
 */
export function runBackward(
  stages: readonly Stage[],
  X: Float64Array,
  rows: number,
  buffers: PassBuffers,
  dA: readonly Float64Array[],
  dZ: readonly Float64Array[],
  products: Products,
  dX?: Float64Array,
): void {
  for (let l = stages.length - 1; l >= 0; l--) {
    const { layer, activation } = stages[l];
    const n = rows * layer.outWidth, Z = buffers.Z[l], gA = dA[l], gZ = dZ[l];
    if (buffers.A[l] === Z) { for (let i = 0; i < n; i++) gZ[i] = gA[i]; }
    else {
      const df = activation.df;
      for (let i = 0; i < n; i++) gZ[i] = gA[i] * df(Z[i]);
    }
    layer.backwardInto(
      l === 0 ? X : buffers.A[l - 1],
      gZ,
      rows,
      l > 0 ? dA[l - 1] : dX,
      products,
    );
  }
}

/**
 * The first stage (1-based) whose output holds a value that is not
 * finite, or 0 when every output is finite.
 */
export function firstNonFiniteStage(
  stages: readonly Stage[],
  buffers: PassBuffers,
  rows: number,
): number {
  for (let l = 0; l < stages.length; l++) {
    const A = buffers.A[l], Z = buffers.Z[l];
    for (let i = 0, n = rows * stages[l].layer.outWidth; i < n; i++) {
      if (!Number.isFinite(A[i]) || !Number.isFinite(Z[i])) return l + 1;
    }
  }
  return 0;
}

// The checks of a stage method: a few comparisons per call, never per value and allocating
// nothing, so that the one pass over stages stays cheap and a wrong buffer is an error, not a
// read past its end.

/** That `rows` is a whole number ≥ 1 and `products` a Products object; `method` names the caller. */
export function checkStageRows(method: string, rows: number, products: Products): void {
  if (!(typeof rows === "number" && rows >= 1 && rows % 1 === 0)) {
    throw new RangeError(`${method}'s rows must be a whole number ≥ 1, got ${describe(rows)}`);
  }
  checkProducts(products, `${method}'s products`);
}

/** That `buffer` is a Float64Array of at least rows × width values. */
export function checkStageBuffer(
  method: string,
  name: string,
  buffer: unknown,
  rows: number,
  width: number,
): void {
  if (!(buffer instanceof Float64Array) || buffer.length < rows * width) {
    throw new RangeError(
      `${method}'s ${name} must be a Float64Array of at least ${rows} × ${width} values, got ${
        describe(buffer)
      }`,
    );
  }
}
