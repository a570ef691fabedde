/**
 * Fast matrix products for training: cache-blocked, packed, 4×4
 * register-tiled kernels that write into preallocated outputs. They compute
 * what {@link matmul} computes (the readable reference) and are proven equal
 * to it in the tests; only the order of some additions differs, within
 * rounding.
 *
 * @module
 */
import type { Products, Tensor } from "../core/mod.ts";
import { checkTensor, shapeOf, stridedProduct } from "../core/_internal.ts";
import { loadKernel } from "./_wasm_kernel.ts";

// Block sizes: a KC×NC panel of B (256×128 doubles = 256 KiB) stays in L2,
// an MC×KC panel of A (64×256 doubles = 128 KiB) too, and the 4×4 tile of C
// lives in registers.
const MC = 64, KC = 256, NC = 128;
// Below this many multiply-adds the plain loops win: packing costs more than it saves.
const SMALL = 32 * 32 * 32;

const packA = new Float64Array(MC * KC);
const packB = new Float64Array(KC * NC);

// The WebAssembly SIMD kernel, where the engine has it: packed panels live in
// its memory (A panel, then B panel, then the padded C panel).
const wasmKernel = loadKernel();
let wasm = wasmKernel;
const AP = 0, BP = MC * KC * 8, CP = BP + KC * NC * 8;
// With a short k (a convolution's 25 or 200 kernel values), a B panel of the same size holds more
// columns: up to WIDE_NC, as many as the C panel (MC × nc doubles after CP) leaves room for.
const WIDE_NC = 1024;
const wasmMemory = wasmKernel ? new Float64Array(wasmKernel.memory.buffer) : undefined;
// Views of the A and B panels, made once: a view made per panel would allocate on every product.
const wasmPanelA = wasmMemory?.subarray(AP / 8, BP / 8);
const wasmPanelB = wasmMemory?.subarray(BP / 8, CP / 8);

/**
 * Which kernel runs the large products: "wasm-simd" (f64x2 fused
 * multiply-adds) where WebAssembly SIMD is available, "typescript" otherwise.
 *
 * @example
 * ```ts
 * import { gemmKernel } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * assert.ok(["wasm-simd", "typescript"].includes(gemmKernel()));
 * ```
 */
export function gemmKernel(): "wasm-simd" | "typescript" {
  return wasm ? "wasm-simd" : "typescript";
}

/**
 * Chooses the kernel for large products (the benchmarks and tests compare
 * both). Asking for "wasm-simd" where it is not available is an error.
 *
 * @example
 * ```ts
 * import { gemmKernel, setGemmKernel } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * const before = gemmKernel();
 * setGemmKernel("typescript");
 * assert.equal(gemmKernel(), "typescript");
 * setGemmKernel(before);
 * ```
 */
export function setGemmKernel(kernel: "wasm-simd" | "typescript"): void {
  if (kernel === "wasm-simd" && !wasmKernel) {
    throw new Error("WebAssembly SIMD is not available in this engine");
  }
  if (kernel !== "wasm-simd" && kernel !== "typescript") {
    throw new RangeError(
      `Unknown kernel ${JSON.stringify(kernel)}: use "wasm-simd" or "typescript"`,
    );
  }
  wasm = kernel === "wasm-simd" ? wasmKernel : undefined;
}

/**
 * C = A·B (or C += A·B with `accumulate`) on row-major arrays: A is m×k, B is
 * k×n, C is m×n. No allocation once the packing buffers exist.
 *
 * @example
 * ```ts
 * import { gemm } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * const C = new Float64Array(4);
 * gemm(new Float64Array([1, 2, 3, 4]), new Float64Array([5, 6, 7, 8]), C, 2, 2, 2);
 * assert.deepEqual([...C], [19, 22, 43, 50]);
 * ```
 */
export function gemm(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
): void {
  checkLengths("gemm", A, B, C, m, k, n);
  gemmTrusted(A, B, C, m, k, n, accumulate);
}

// gemm without the checks, for callers that checked the shapes once (the training workspace).
// With aT, A is stored k×m and the product uses its transpose; with bT, B is stored n×k. The
// packing reads them in place, so a transposed operand costs no copy.
function gemmTrusted(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
  accumulate: boolean,
  aT = false,
  bT = false,
): void {
  if (m * n * k <= SMALL) {
    stridedProduct(A, aT ? 1 : k, aT ? m : 1, B, bT ? 1 : n, bT ? k : 1, C, m, k, n, accumulate);
    return;
  }
  // The WebAssembly path stores the first block of k into C (+ 0 turns −0 into 0, as adding to a
  // zeroed C would); the TypeScript path adds every block into a zeroed C.
  if (!accumulate && !wasm) C.fill(0, 0, m * n);
  const ncMax = k >= KC ? NC : Math.min(WIDE_NC, ((KC * NC / k) >> 2) << 2);
  for (let jc = 0; jc < n; jc += ncMax) {
    const nc = Math.min(ncMax, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      if (wasm) {
        const mem = wasmMemory!;
        packPanelB(wasmPanelB!, B, bT, n, k, pc, jc, kc, nc);
        const ns = (nc + 3) >> 2, width = ns * 4;
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          packPanelA(wasmPanelA!, A, aT, m, k, ic, pc, mc, kc);
          wasm.kernel(AP, BP, CP, (mc + 3) >> 2, ns, kc);
          const c0 = CP / 8;
          if (pc === 0 && !accumulate) {
            for (let r = 0; r < mc; r++) {
              const src = c0 + r * width, dst = (ic + r) * n + jc;
              for (let c = 0; c < nc; c++) C[dst + c] = mem[src + c] + 0;
            }
          } else {
            for (let r = 0; r < mc; r++) {
              const src = c0 + r * width, dst = (ic + r) * n + jc;
              for (let c = 0; c < nc; c++) C[dst + c] += mem[src + c];
            }
          }
        }
      } else {
        packPanelB(packB, B, bT, n, k, pc, jc, kc, nc);
        for (let ic = 0; ic < m; ic += MC) {
          const mc = Math.min(MC, m - ic);
          packPanelA(packA, A, aT, m, k, ic, pc, mc, kc);
          macroKernel(C, n, ic, jc, mc, nc, kc);
        }
      }
    }
  }
}

function checkLengths(
  name: string,
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
) {
  // Plain comparisons: this runs on every product of the training loop, so it must not allocate.
  if (!(m >= 1 && k >= 1 && n >= 1 && m % 1 === 0 && k % 1 === 0 && n % 1 === 0)) {
    const [what, v] = !(m >= 1 && m % 1 === 0)
      ? ["m", m]
      : !(k >= 1 && k % 1 === 0)
      ? ["k", k]
      : ["n", n];
    throw new RangeError(`${name}: ${what} must be a whole number ≥ 1, got ${v}`);
  }
  if (A.length < m * k || B.length < k * n || C.length < m * n) {
    throw new RangeError(
      `${name}: arrays too short for ${m}×${k} by ${k}×${n}: A ${A.length}, B ${B.length}, C ${C.length}`,
    );
  }
  // The output is written while the inputs are still being read, so it must not share their memory.
  if (overlaps(C, m * n, A, m * k) || overlaps(C, m * n, B, k * n)) {
    throw new RangeError(
      `${name}: the output C shares memory with ${
        overlaps(C, m * n, A, m * k) ? "A" : "B"
      }; write the product into a separate array`,
    );
  }
}

function overlaps(X: Float64Array, xLength: number, Y: Float64Array, yLength: number): boolean {
  return X.buffer === Y.buffer && X.byteOffset < Y.byteOffset + 8 * yLength &&
    Y.byteOffset < X.byteOffset + 8 * xLength;
}

// Packs rows ic…ic+mc of A (columns pc…pc+kc) into 4-row slivers: element
// (r, p) of sliver s sits at s·4·kc + 4p + r. Missing rows are zeros. A is
// m×k, or stored k×m when aT (then the 4 rows of a sliver are adjacent in memory).
function packPanelA(
  P: Float64Array,
  A: Float64Array,
  aT: boolean,
  m: number,
  k: number,
  ic: number,
  pc: number,
  mc: number,
  kc: number,
): void {
  const slivers = (mc + 3) >> 2;
  for (let s = 0; s < slivers; s++) {
    const base = s * 4 * kc;
    const rows = Math.min(4, mc - s * 4);
    if (rows === 4) {
      // A full sliver: four values per step of p, from four runs (or one run when aT).
      const r0 = ic + s * 4;
      const step = aT ? m : 1, across = aT ? 1 : k;
      let src = aT ? pc * m + r0 : r0 * k + pc;
      for (let dst = base, end = base + 4 * kc; dst < end; dst += 4, src += step) {
        P[dst] = A[src];
        P[dst + 1] = A[src + across];
        P[dst + 2] = A[src + 2 * across];
        P[dst + 3] = A[src + 3 * across];
      }
      continue;
    }
    for (let r = 0; r < 4; r++) {
      const row = ic + s * 4 + r;
      if (r < rows) {
        if (aT) { for (let p = 0; p < kc; p++) P[base + 4 * p + r] = A[(pc + p) * m + row]; }
        else {
          const src = row * k + pc;
          for (let p = 0; p < kc; p++) P[base + 4 * p + r] = A[src + p];
        }
      } else {
        for (let p = 0; p < kc; p++) P[base + 4 * p + r] = 0;
      }
    }
  }
}

// Packs columns jc…jc+nc of B (rows pc…pc+kc) into 4-column slivers: element
// (p, c) of sliver s sits at s·4·kc + 4p + c. Missing columns are zeros. B is
// k×n, or stored n×k when bT (then each column is a run of adjacent values).
function packPanelB(
  P: Float64Array,
  B: Float64Array,
  bT: boolean,
  n: number,
  k: number,
  pc: number,
  jc: number,
  kc: number,
  nc: number,
): void {
  const slivers = (nc + 3) >> 2;
  for (let s = 0; s < slivers; s++) {
    const base = s * 4 * kc;
    const col = jc + s * 4;
    const cols = Math.min(4, nc - s * 4);
    if (cols === 4) {
      // A full sliver: four values per step of p, from one run (or four runs when bT).
      const step = bT ? 1 : n, across = bT ? k : 1;
      let src = bT ? col * k + pc : pc * n + col;
      for (let dst = base, end = base + 4 * kc; dst < end; dst += 4, src += step) {
        P[dst] = B[src];
        P[dst + 1] = B[src + across];
        P[dst + 2] = B[src + 2 * across];
        P[dst + 3] = B[src + 3 * across];
      }
      continue;
    }
    if (bT) {
      for (let c = 0; c < 4; c++) {
        if (c < cols) {
          const src = (col + c) * k + pc;
          for (let p = 0; p < kc; p++) P[base + 4 * p + c] = B[src + p];
        } else {
          for (let p = 0; p < kc; p++) P[base + 4 * p + c] = 0;
        }
      }
      continue;
    }
    for (let p = 0; p < kc; p++) {
      const src = (pc + p) * n + col;
      const dst = base + 4 * p;
      P[dst] = B[src];
      P[dst + 1] = cols > 1 ? B[src + 1] : 0;
      P[dst + 2] = cols > 2 ? B[src + 2] : 0;
      P[dst + 3] = cols > 3 ? B[src + 3] : 0;
    }
  }
}

function macroKernel(
  C: Float64Array,
  n: number,
  ic: number,
  jc: number,
  mc: number,
  nc: number,
  kc: number,
): void {
  const Ap = packA, Bp = packB;
  for (let js = 0; js * 4 < nc; js++) {
    const bBase = js * 4 * kc;
    const cols = Math.min(4, nc - js * 4);
    for (let is = 0; is * 4 < mc; is++) {
      const aBase = is * 4 * kc;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0; p < kc; p++) {
        const a = aBase + 4 * p, b = bBase + 4 * p;
        const b0 = Bp[b], b1 = Bp[b + 1], b2 = Bp[b + 2], b3 = Bp[b + 3];
        const a0 = Ap[a], a1 = Ap[a + 1], a2 = Ap[a + 2], a3 = Ap[a + 3];
        c00 += a0 * b0;
        c01 += a0 * b1;
        c02 += a0 * b2;
        c03 += a0 * b3;
        c10 += a1 * b0;
        c11 += a1 * b1;
        c12 += a1 * b2;
        c13 += a1 * b3;
        c20 += a2 * b0;
        c21 += a2 * b1;
        c22 += a2 * b2;
        c23 += a2 * b3;
        c30 += a3 * b0;
        c31 += a3 * b1;
        c32 += a3 * b2;
        c33 += a3 * b3;
      }
      const rows = Math.min(4, mc - is * 4);
      const r0 = (ic + is * 4) * n + jc + js * 4;
      store(C, r0, cols, c00, c01, c02, c03);
      if (rows > 1) store(C, r0 + n, cols, c10, c11, c12, c13);
      if (rows > 2) store(C, r0 + 2 * n, cols, c20, c21, c22, c23);
      if (rows > 3) store(C, r0 + 3 * n, cols, c30, c31, c32, c33);
    }
  }
}

function store(
  C: Float64Array,
  at: number,
  cols: number,
  x0: number,
  x1: number,
  x2: number,
  x3: number,
): void {
  C[at] += x0;
  if (cols > 1) C[at + 1] += x1;
  if (cols > 2) C[at + 2] += x2;
  if (cols > 3) C[at + 3] += x3;
}

/**
 * C = Aᵀ·B where A is stored k×m (so Aᵀ is m×k) and B is k×n: the weight
 * gradient Xᵀ·dZ without building Xᵀ. Small products add in the same order as
 * `matmul(transpose(A), B)`.
 *
 * @example
 * ```ts
 * import { gemmTN } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * const C = new Float64Array(1);
 * gemmTN(new Float64Array([1, 2]), new Float64Array([3, 4]), C, 1, 2, 1); // A is 2×1, so Aᵀ·B is 1×1
 * assert.deepEqual([...C], [11]);
 * ```
 */
export function gemmTN(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  checkLengths("gemmTN", A, B, C, m, k, n);
  gemmTNTrusted(A, B, C, m, k, n);
}

function gemmTNTrusted(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  gemmTrusted(A, B, C, m, k, n, false, true, false);
}

/**
 * C = A·Bᵀ where A is m×k and B is stored n×k: the input gradient dZ·Wᵀ
 * without building Wᵀ. Small products add in the same order as
 * `matmul(A, transpose(B))`.
 *
 * @example
 * ```ts
 * import { gemmNT } from "nn/fast";
 * import assert from "node:assert/strict";
 *
 * const C = new Float64Array(1);
 * gemmNT(new Float64Array([1, 2]), new Float64Array([3, 4]), C, 1, 2, 1);
 * assert.deepEqual([...C], [11]);
 * ```
 */
export function gemmNT(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  checkLengths("gemmNT", A, B, C, m, k, n);
  gemmNTTrusted(A, B, C, m, k, n);
}

function gemmNTTrusted(
  A: Float64Array,
  B: Float64Array,
  C: Float64Array,
  m: number,
  k: number,
  n: number,
): void {
  gemmTrusted(A, B, C, m, k, n, false, false, true);
}

/**
 * The fast path's products for the one pass over stages: {@link gemm},
 * {@link gemmTN} and {@link gemmNT} without their per-call checks (the pass
 * checks shapes once, before it starts). Give them to `forwardStages`.
 *
 * @example The same predictions as the readable products, to rounding
 * ```ts
 * import { assertAllClose, forwardStages, mlp, Rng, Tensor } from "nn/core";
 * import { fastProducts } from "nn/fast";
 *
 * const net = mlp([20, 64, 3], { seed: 1 });
 * const X = Tensor.normal(100, 20, new Rng(2));
 * assertAllClose(forwardStages(net, X, { products: fastProducts }), net.forward(X), { rtol: 1e-12, atol: 1e-12 });
 * ```
 */
export const fastProducts: Products = Object.freeze({
  product: (A: Float64Array, B: Float64Array, C: Float64Array, m: number, k: number, n: number) =>
    gemmTrusted(A, B, C, m, k, n, false),
  productTN: gemmTNTrusted,
  productNT: gemmNTTrusted,
});

/**
 * out = a·b, written into a preallocated tensor (the fast twin of
 * {@link matmul}; shapes are checked the same way).
 *
 * @example
 * ```ts
 * import { assertAllClose, matmul, Rng, Tensor } from "nn/core";
 * import { matmulInto } from "nn/fast";
 *
 * const rng = new Rng(1);
 * const a = Tensor.normal(70, 50, rng), b = Tensor.normal(50, 30, rng);
 * const out = Tensor.zeros(70, 30);
 * matmulInto(a, b, out);
 * assertAllClose(out, matmul(a, b), { rtol: 1e-12, atol: 1e-12 });
 * ```
 */
export function matmulInto(a: Tensor, b: Tensor, out: Tensor): Tensor {
  checkTensor(a, "matmulInto's first argument");
  checkTensor(b, "matmulInto's second argument");
  checkTensor(out, "matmulInto's output");
  if (a.cols !== b.rows) {
    throw new RangeError(
      `Cannot multiply ${shapeOf(a)} by ${shapeOf(b)}: inner sizes ${a.cols} and ${b.rows} differ`,
    );
  }
  if (out.rows !== a.rows || out.cols !== b.cols) {
    throw new RangeError(
      `The product of ${shapeOf(a)} by ${shapeOf(b)} does not fit a ${shapeOf(out)} output`,
    );
  }
  gemm(a.data, b.data, out.data, a.rows, a.cols, b.cols);
  return out;
}
