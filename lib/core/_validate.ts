// Argument checks shared by the library. Every public function validates its
// input so that bad input fails loudly with a message naming the problem.
import { Tensor } from "./tensor.ts";

export function shapeOf(t: Tensor): string {
  return `${t.rows}×${t.cols}`;
}

export function checkTensor(value: unknown, what: string): Tensor {
  if (!(value instanceof Tensor)) {
    throw new TypeError(`${what} must be a Tensor, got ${describe(value)}`);
  }
  return value;
}

export function checkPositiveInt(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `${what} must be a whole number ≥ 1, got ${describe(value)}`,
    );
  }
  return value;
}

export function checkFinite(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(
      `${what} must be a finite number, got ${describe(value)}`,
    );
  }
  return value;
}

export function checkPositive(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${what} must be a finite number > 0, got ${describe(value)}`,
    );
  }
  return value;
}

export function checkSameShape(a: Tensor, b: Tensor, op: string): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(
      `${op} needs equal shapes, got ${shapeOf(a)} and ${shapeOf(b)}`,
    );
  }
}

export function describe(value: unknown): string {
  if (value instanceof Tensor) return `a ${shapeOf(value)} Tensor`;
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value === null) return "null";
  if (typeof value === "function") return "a function";
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  if (typeof value === "object") {
    const name = value.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  return String(value);
}

/** Refuses a non-object, and option names the function does not know (a typo must not be ignored). */
export function checkOptions(
  options: unknown,
  known: readonly string[],
  fn: string,
  example: string,
): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new TypeError(
      `${fn} needs an options object such as ${example}, got ${describe(options)}`,
    );
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) {
      const near = known.find((k) => k.toLowerCase() === key.toLowerCase());
      throw new RangeError(
        `${fn} has no option ${JSON.stringify(key)}${
          near ? ` (did you mean ${JSON.stringify(near)}?)` : ""
        }: it takes ${known.join(", ")}`,
      );
    }
  }
}

/** Refuses a tensor holding NaN or ±Infinity, naming the first such value's place. */
export function checkAllFinite(t: Tensor, what: string): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    if (!Number.isFinite(d[i])) {
      throw new RangeError(
        `${what} must hold finite numbers, but row ${Math.floor(i / t.cols)}, column ${
          i % t.cols
        } is ${d[i]}`,
      );
    }
  }
  return t;
}

/** A tensor holding only finite numbers (its data may have been written directly). */
export function checkFiniteTensor(value: unknown, what: string): Tensor {
  return checkAllFinite(checkTensor(value, what), what);
}

/** A function, or an error naming what was given. */
export function checkFunction(value: unknown, what: string): void {
  if (typeof value !== "function") {
    throw new TypeError(`${what} must be a function, got ${describe(value)}`);
  }
}

/** An instance of a class, or an error naming the class and what was given. */
export function checkInstance<T>(
  value: unknown,
  type: abstract new (...args: never[]) => T,
  what: string,
): T {
  if (!(value instanceof type)) {
    throw new TypeError(`${what} must be a ${type.name}, got ${describe(value)}`);
  }
  return value;
}

/** A whole number in [min, max]. */
export function checkIntInRange(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(
      `${what} must be a whole number from ${min} to ${max}, got ${describe(value)}`,
    );
  }
  return value;
}

/** Something with a layer's four methods: forward, backward, parameters and zeroGrad. */
export function checkLayerLike(value: unknown, what: string): void {
  const v = value as Record<string, unknown> | null;
  const missing = ["forward", "backward", "parameters", "zeroGrad"].filter((k) =>
    typeof v?.[k] !== "function"
  );
  if (v === null || typeof v !== "object" || missing.length > 0) {
    throw new TypeError(
      `${what} must be a layer or network (with forward, backward, parameters and zeroGrad), got ${
        describe(value)
      }`,
    );
  }
}
