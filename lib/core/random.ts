/**
 * Seeded randomness. One small generator drives everything random in the
 * library, so that the same seed gives the same weights, the same data and
 * the same shuffles on every run.
 *
 * @module
 */

/**
 * A seeded pseudo-random generator (xoshiro128**, seeded through SplitMix32).
 * It is fast, has a period of 2^128 − 1, and returns the same sequence for the
 * same seed on every machine.
 *
 * @example Two generators with one seed agree
 * ```ts
 * import { Rng } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const a = new Rng(42);
 * const b = new Rng(42);
 * assert.equal(a.next(), b.next());
 * ```
 */
export class Rng {
  #s = new Uint32Array(4);
  #spareNormal: number | undefined;

  /** Creates a generator from an integer seed. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) {
      throw new TypeError(`Seed must be a safe integer, got ${seed}`);
    }
    // SplitMix32 expands the seed into four non-zero words.
    let x = (seed >>> 0) ^ Math.floor(seed / 2 ** 32);
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.#s[i] = (z ^ (z >>> 16)) >>> 0;
    }
    if (this.#s.every((w) => w === 0)) this.#s[0] = 1;
  }

  /** Next 32-bit unsigned integer. */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /**
   * Next double, uniform in [0, 1), with 53 random bits.
   *
   * @example In range
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const u = new Rng(1).next();
   * assert.ok(u >= 0 && u < 1);
   * ```
   */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /**
   * Uniform in [low, high).
   *
   * @example Between bounds
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const u = new Rng(3).uniform(-1, 1);
   * assert.ok(u >= -1 && u < 1);
   * ```
   */
  uniform(low = 0, high = 1): number {
    if (!(high > low) || !Number.isFinite(low) || !Number.isFinite(high)) {
      throw new RangeError(`uniform needs finite bounds low < high, got [${low}, ${high})`);
    }
    return low + (high - low) * this.next();
  }

  /**
   * Normally distributed (Box–Muller), with the given mean and standard
   * deviation.
   *
   * @example Finite draws
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * assert.ok(Number.isFinite(new Rng(5).normal()));
   * ```
   */
  normal(mean = 0, std = 1): number {
    if (!(std >= 0) || !Number.isFinite(std) || !Number.isFinite(mean)) {
      throw new RangeError(
        `normal needs a finite mean and a finite std ≥ 0, got ${mean} and ${std}`,
      );
    }
    if (this.#spareNormal !== undefined) {
      const z = this.#spareNormal;
      this.#spareNormal = undefined;
      return mean + std * z;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareNormal = r * Math.sin(2 * Math.PI * v);
    return mean + std * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * A whole number uniform in [0, n).
   *
   * @example A die
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const face = new Rng(9).int(6) + 1;
   * assert.ok(face >= 1 && face <= 6);
   * ```
   */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) {
      throw new RangeError(`int needs a positive whole number, got ${n}`);
    }
    return Math.floor(this.next() * n);
  }

  /**
   * A random permutation of 0 … n−1 (Fisher–Yates).
   *
   * @example Every index once
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const p = new Rng(7).permutation(5);
   * assert.deepEqual([...p].sort(), [0, 1, 2, 3, 4]);
   * ```
   */
  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0 || n > 2 ** 31 - 1) {
      throw new RangeError(`permutation needs a whole number from 0 to 2³¹ − 1, got ${n}`);
    }
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    return this.shuffle(p);
  }

  /**
   * Shuffles an array in place (Fisher–Yates) and returns it.
   *
   * @example
   * ```ts
   * import { Rng } from "nn/core";
   * import assert from "node:assert/strict";
   *
   * const a = new Rng(7).shuffle(Int32Array.from([0, 1, 2, 3, 4]));
   * assert.deepEqual(a, new Rng(7).permutation(5));
   * ```
   */
  shuffle<T extends { length: number; [i: number]: number }>(array: T): T {
    if (
      array === null || typeof array !== "object" || !Number.isInteger(array.length) ||
      array.length < 0
    ) {
      throw new TypeError(`shuffle needs an array, got ${array === null ? "null" : typeof array}`);
    }
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = array[i];
      array[i] = array[j];
      array[j] = t;
    }
    return array;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

let shared: Rng | undefined;

/**
 * The library's shared generator, used where no generator or seed is given
 * (for example `new Linear(2, 3)`). It starts from seed 0 and moves on with
 * every draw, so two layers made one after the other differ, and a program
 * run from the start gives the same numbers every time. Pass `seed` or `rng`
 * wherever a result must not depend on what ran before.
 *
 * @example Two unseeded layers differ
 * ```ts
 * import { defaultRng, Linear } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.ok(defaultRng() === defaultRng());
 * assert.notDeepEqual(new Linear(2, 3).W.toArray(), new Linear(2, 3).W.toArray());
 * ```
 */
export function defaultRng(): Rng {
  return shared ??= new Rng(0);
}

/**
 * Restarts the shared generator of {@link defaultRng} from a seed.
 *
 * @example
 * ```ts
 * import { Linear, seedDefaultRng } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * seedDefaultRng(1);
 * const a = new Linear(2, 2).W.toArray();
 * seedDefaultRng(1);
 * assert.deepEqual(new Linear(2, 2).W.toArray(), a);
 * ```
 */
export function seedDefaultRng(seed: number): void {
  shared = new Rng(seed);
}
