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
  if (typeof value === "object") return "an object";
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
