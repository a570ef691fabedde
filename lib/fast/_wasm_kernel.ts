// A WebAssembly SIMD micro-kernel for the blocked matrix product in gemm.ts,
// assembled here byte by byte (no toolchain needed). It multiplies packed
// panels: for every 4-row sliver of A and 4-column sliver of B it keeps a 4×4
// tile of C in eight f64x2 registers and runs over the shared dimension with
// fused multiply-adds (relaxed_madd), then stores the tile into a padded C
// panel. Everything stays in f64.

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => vec([...new TextEncoder().encode(s)].map((b) => [b]));

// Instructions.
const I32 = 0x7f, V128 = 0x7b;
const get = (i: number) => [0x20, ...uleb(i)];
const set = (i: number) => [0x21, ...uleb(i)];
const i32 = (v: number) => [0x41, ...sleb(v)];
const add = [0x6a], sub = [0x6b], mul = [0x6c], ne = [0x47], ltU = [0x49];
const loop = [0x03, 0x40], end = [0x0b], brIf = (l: number) => [0x0d, ...uleb(l)];
const f64load = (offset: number) => [0x2b, 3, ...uleb(offset)];
const simd = (op: number) => [0xfd, ...uleb(op)];
const v128load = (offset: number) => [...simd(0x00), 3, ...uleb(offset)];
const v128store = (offset: number) => [...simd(0x0b), 3, ...uleb(offset)];
const v128zero = [...simd(0x0c), ...new Array(16).fill(0)];
const splat = simd(0x14); // f64x2.splat
const madd = simd(0x107); // f64x2.relaxed_madd: a·b + c

// kernel(ap, bp, cp, ms, ns, kc): params 0–5; locals: js 6, is 7, p 8, a 9, b 10, c 11,
// acc0–acc7 12–19 (v128), b0 20, b1 21 (v128).
const [AP, BP, CP, MS, NS, KC, JS, IS, P, A, B, C] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const ACC = (r: number, h: number) => 12 + 2 * r + h;
const B0 = 20, B1 = 21;

const body: number[] = [
  ...i32(0),
  ...set(JS),
  ...loop, // over 4-column slivers of B
  ...i32(0),
  ...set(IS),
  ...loop, // over 4-row slivers of A
  ...Array.from({ length: 8 }, (_, k) => [...v128zero, ...set(12 + k)]).flat(),
  // a = ap + is·32·kc, b = bp + js·32·kc (a sliver is 4·kc doubles)
  ...get(AP),
  ...get(IS),
  ...get(KC),
  ...mul,
  ...i32(32),
  ...mul,
  ...add,
  ...set(A),
  ...get(BP),
  ...get(JS),
  ...get(KC),
  ...mul,
  ...i32(32),
  ...mul,
  ...add,
  ...set(B),
  ...get(KC),
  ...set(P),
  ...loop, // over the shared dimension
  ...get(B),
  ...v128load(0),
  ...set(B0),
  ...get(B),
  ...v128load(16),
  ...set(B1),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...get(A),
    ...f64load(8 * r),
    ...splat,
    ...get(B0),
    ...get(ACC(r, 0)),
    ...madd,
    ...set(ACC(r, 0)),
    ...get(A),
    ...f64load(8 * r),
    ...splat,
    ...get(B1),
    ...get(ACC(r, 1)),
    ...madd,
    ...set(ACC(r, 1)),
  ]),
  ...get(A),
  ...i32(32),
  ...add,
  ...set(A),
  ...get(B),
  ...i32(32),
  ...add,
  ...set(B),
  ...get(P),
  ...i32(1),
  ...sub,
  ...set(P),
  ...get(P),
  ...i32(0),
  ...ne,
  ...brIf(0),
  ...end,
  // c = cp + (is·4·(ns·4) + js·4)·8; rows of the padded C panel are ns·4 doubles apart
  ...get(CP),
  ...get(IS),
  ...get(NS),
  ...mul,
  ...i32(128),
  ...mul,
  ...add,
  ...get(JS),
  ...i32(32),
  ...mul,
  ...add,
  ...set(C),
  ...[0, 1, 2, 3].flatMap((r) => [
    ...get(C),
    ...get(ACC(r, 0)),
    ...v128store(0),
    ...get(C),
    ...get(ACC(r, 1)),
    ...v128store(16),
    ...get(C),
    ...get(NS),
    ...i32(32),
    ...mul,
    ...add,
    ...set(C),
  ]),
  ...get(IS),
  ...i32(1),
  ...add,
  ...set(IS),
  ...get(IS),
  ...get(MS),
  ...ltU,
  ...brIf(0),
  ...end,
  ...get(JS),
  ...i32(1),
  ...add,
  ...set(JS),
  ...get(JS),
  ...get(NS),
  ...ltU,
  ...brIf(0),
  ...end,
  ...end,
];

/** Pages of 64 KiB the kernel's memory starts with. */
export const KERNEL_PAGES = 16;

function moduleBytes(): Uint8Array<ArrayBuffer> {
  const locals = vec([[...uleb(6), I32], [...uleb(10), V128]]);
  const code = [...locals, ...body];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec([[0x60, ...vec(new Array(6).fill([I32])), ...vec([])]])),
    ...section(3, vec([[0]])),
    ...section(5, vec([[0x00, ...uleb(KERNEL_PAGES)]])),
    ...section(7, vec([[...name("kernel"), 0x00, 0], [...name("memory"), 0x02, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
}

/** The compiled kernel and its memory, or undefined where WebAssembly SIMD is not available. */
export function loadKernel():
  | {
    kernel: (ap: number, bp: number, cp: number, ms: number, ns: number, kc: number) => void;
    memory: WebAssembly.Memory;
  }
  | undefined {
  try {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(moduleBytes()));
    const { kernel, memory } = instance.exports as {
      kernel: (ap: number, bp: number, cp: number, ms: number, ns: number, kc: number) => void;
      memory: WebAssembly.Memory;
    };
    return { kernel, memory };
  } catch {
    return undefined;
  }
}
