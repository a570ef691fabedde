/**
 * A small evaluator for the spreadsheet formulas this library writes, so that
 * a notebook can compare a formula with the code without a spreadsheet
 * program. It understands numbers, cell references (`B4`, `$B$4`,
 * `data!B4`), ranges (`A2:B5`), names, + − * / ^, comparisons, and IF, MAX,
 * MIN, EXP, LN, TANH, ABS, SQRT, SUM, AVERAGE, SUMSQ, SUMPRODUCT, SUMXMY2, MMULT,
 * TRANSPOSE and MATCH (exact match only). Values are arrays, as in a spreadsheet's array formulas: a range
 * or a name may hold several cells, `+ − * / ^` work cell by cell and stretch
 * a single row, column or value to the other side's shape, and MMULT is the
 * matrix product. The test suite checks it against LibreOffice Calc, the real
 * engine.
 *
 * @module
 */
import { describe } from "../core/_internal.ts";
import { columnName } from "./_sheet.ts";

/** An array of cell values, rows × columns; a single value is 1×1. */
type Value = number[][];

/**
 * The values a formula may refer to: an object from cell addresses and names
 * (`B4`, `data!B4`, `lr`, `W`) to a number or rows of numbers, or a function
 * that returns the value of one such reference (upper-case, without `$`), or
 * `undefined` when it has none.
 *
 * @example A named range and a cell
 * ```ts
 * import { evaluateFormula, type FormulaCells } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * const cells: FormulaCells = { W: [[2], [3]], A2: 1, B2: 1 };
 * assert.equal(evaluateFormula("=MMULT(A2:B2,W)", cells), 5);
 * ```
 */
export type FormulaCells =
  | Record<string, number | number[][]>
  | ((ref: string) => number | number[][] | undefined);

type Token =
  | { kind: "num"; value: number }
  | { kind: "ref"; name: string }
  | { kind: "op"; op: string };

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|((?:[A-Za-z_][A-Za-z0-9_]*!)?\$?[A-Za-z_][A-Za-z0-9_.]*\$?[0-9]*)|(<=|>=|<>|[-+*/^(),<>=:]))/y;
  let pos = 0;
  while (pos < formula.length) {
    if (/^\s*$/.test(formula.slice(pos))) break;
    re.lastIndex = pos;
    const m = re.exec(formula);
    if (!m) {
      throw new SyntaxError(
        `Cannot read the formula ${JSON.stringify(formula)} at position ${pos}`,
      );
    }
    if (m[1] !== undefined) tokens.push({ kind: "num", value: Number(m[1]) });
    else if (m[2] !== undefined) {
      tokens.push({ kind: "ref", name: m[2].replaceAll("$", "").toUpperCase() });
    } else tokens.push({ kind: "op", op: m[3] });
    pos = re.lastIndex;
  }
  return tokens;
}

const scalar = (v: number): Value => [[v]];
const shape = (v: Value) => `${v.length}×${v[0].length}`;
const flat = (args: Value[]) => args.flatMap((a) => a.flat());

/** Cell by cell, stretching a single row, column or value to the other's shape, as Excel does. */
function elementwise(a: Value, b: Value, f: (x: number, y: number) => number): Value {
  const rows = a.length === 1 ? b.length : b.length === 1 ? a.length : a.length;
  const cols = a[0].length === 1 ? b[0].length : b[0].length === 1 ? a[0].length : a[0].length;
  if ((a.length !== rows && a.length !== 1) || (b.length !== rows && b.length !== 1)) {
    throw new RangeError(`#N/A: cannot combine a ${shape(a)} array with a ${shape(b)} array`);
  }
  if ((a[0].length !== cols && a[0].length !== 1) || (b[0].length !== cols && b[0].length !== 1)) {
    throw new RangeError(`#N/A: cannot combine a ${shape(a)} array with a ${shape(b)} array`);
  }
  return Array.from(
    { length: rows },
    (_, i) => Array.from({ length: cols }, (_, j) => f(at(a, i, j), at(b, i, j))),
  );
}

/** Cell (i, j) of an array stretched along its single row or column. */
const at = (v: Value, i: number, j: number) => v[v.length === 1 ? 0 : i][v[0].length === 1 ? 0 : j];

const map = (a: Value, f: (x: number) => number): Value => a.map((row) => row.map(f));

function one(args: Value[], name: string): Value {
  if (args.length !== 1) throw new SyntaxError(`${name} takes 1 argument, got ${args.length}`);
  return args[0];
}

function sameShape(args: Value[], name: string, count?: number): void {
  if (count !== undefined && args.length !== count) {
    throw new SyntaxError(`${name} takes ${count} arguments, got ${args.length}`);
  }
  for (const a of args.slice(1)) {
    if (shape(a) !== shape(args[0])) {
      throw new RangeError(`#VALUE!: ${name} needs arrays of one shape, got ${args.map(shape)}`);
    }
  }
}

const FUNCTIONS: Record<string, (args: Value[]) => Value> = {
  IF: (a) => {
    if (a.length < 2 || a.length > 3) throw new SyntaxError("IF takes 2 or 3 arguments");
    const [test, yes, no = scalar(0)] = a;
    const shaped = elementwise(elementwise(test, yes, () => 0), no, () => 0);
    return shaped.map((row, i) => row.map((_, j) => at(at(test, i, j) !== 0 ? yes : no, i, j)));
  },
  MAX: (a) => scalar(Math.max(...flat(a))),
  // MATCH(value, row or column, 0): the 1-based position of the first cell equal to value.
  MATCH: (a) => {
    if (a.length !== 3 || shape(a[0]) !== "1×1" || at(a[2], 0, 0) !== 0) {
      throw new SyntaxError("MATCH takes a value, a row or column, and 0 (exact match)");
    }
    if (a[1].length !== 1 && a[1][0].length !== 1) {
      throw new RangeError(`#N/A: MATCH looks in a row or a column, got ${shape(a[1])}`);
    }
    const position = a[1].flat().indexOf(a[0][0][0]);
    if (position < 0) throw new RangeError(`#N/A: MATCH finds no ${a[0][0][0]}`);
    return scalar(position + 1);
  },
  MIN: (a) => scalar(Math.min(...flat(a))),
  // A spreadsheet's EXP gives #NUM! when the result overflows (above e^709.78), even inside a
  // larger formula such as 1/(1+EXP(800)), where the final value alone would look fine.
  EXP: (a) =>
    map(one(a, "EXP"), (v) => {
      const e = Math.exp(v);
      if (e === Infinity) throw new RangeError(`#NUM!: EXP(${v}) overflows`);
      return e;
    }),
  LN: (a) => map(one(a, "LN"), Math.log),
  TANH: (a) => map(one(a, "TANH"), Math.tanh),
  ABS: (a) => map(one(a, "ABS"), Math.abs),
  SQRT: (a) => map(one(a, "SQRT"), Math.sqrt),
  SUM: (a) => scalar(flat(a).reduce((s, v) => s + v, 0)),
  AVERAGE: (a) => scalar(flat(a).reduce((s, v) => s + v, 0) / flat(a).length),
  SUMSQ: (a) => scalar(flat(a).reduce((s, v) => s + v * v, 0)),
  SUMPRODUCT: (a) => {
    sameShape(a, "SUMPRODUCT");
    const values = a.map((v) => v.flat());
    return scalar(values[0].reduce((s, _, k) => s + values.reduce((p, v) => p * v[k], 1), 0));
  },
  SUMXMY2: (a) => {
    sameShape(a, "SUMXMY2", 2);
    const [x, y] = [a[0].flat(), a[1].flat()];
    return scalar(x.reduce((s, v, k) => s + (v - y[k]) ** 2, 0));
  },
  MMULT: (a) => {
    if (a.length !== 2) throw new SyntaxError(`MMULT takes 2 arguments, got ${a.length}`);
    const [p, q] = a;
    if (p[0].length !== q.length) {
      throw new RangeError(`#VALUE!: MMULT of a ${shape(p)} array by a ${shape(q)} array`);
    }
    return p.map((row) => q[0].map((_, j) => row.reduce((s, v, k) => s + v * q[k][j], 0)));
  },
  TRANSPOSE: (a) => {
    const m = one(a, "TRANSPOSE");
    return m[0].map((_, j) => m.map((row) => row[j]));
  },
};

const COMPARE: Record<string, (x: number, y: number) => boolean> = {
  "<": (x, y) => x < y,
  ">": (x, y) => x > y,
  "<=": (x, y) => x <= y,
  ">=": (x, y) => x >= y,
  "=": (x, y) => x === y,
  "<>": (x, y) => x !== y,
};

/** Column letters to a 1-based number: A → 1, AA → 27. */
function columnNumber(letters: string): number {
  return [...letters].reduce((c, ch) => c * 26 + ch.charCodeAt(0) - 64, 0);
}

/** A cell holds a finite number; a name may hold rows of them, all of one length. */
function checkCellValue(ref: string, v: unknown): asserts v is number | number[][] {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) {
      throw new RangeError(`Cell ${ref} must hold a finite number, got ${describe(v)}`);
    }
    return;
  }
  const rows = Array.isArray(v) && v.length > 0 &&
    v.every((r) =>
      Array.isArray(r) && r.length === v[0].length && r.length > 0 &&
      r.every((x) => typeof x === "number" && Number.isFinite(x))
    );
  if (!rows) {
    throw new RangeError(
      `Cell ${ref} must hold a finite number (or a name, rows of finite numbers of one length), got ${
        describe(v)
      }`,
    );
  }
}

function evaluate(formula: string, cells: FormulaCells): Value {
  if (typeof formula !== "string") {
    throw new TypeError(`A formula must be a string, got ${describe(formula)}`);
  }
  let lookup: (ref: string) => number | number[][] | undefined;
  if (typeof cells === "function") {
    lookup = cells;
  } else if (cells !== null && typeof cells === "object") {
    for (const [k, v] of Object.entries(cells)) checkCellValue(k, v);
    const values = new Map(
      Object.entries(cells).map(([k, v]) => [k.replaceAll("$", "").toUpperCase(), v]),
    );
    lookup = (ref) => values.get(ref);
  } else {
    throw new TypeError(
      `evaluateFormula's cells must be an object such as { A1: 2 } (or a function of a reference), got ${
        describe(cells)
      }`,
    );
  }
  const valueOf = (ref: string): Value => {
    const v = lookup(ref);
    if (v === undefined) {
      throw new ReferenceError(`The formula refers to ${ref}, which has no value`);
    }
    checkCellValue(ref, v);
    return typeof v === "number" ? scalar(v) : v;
  };
  const tokens = tokenize(formula.trim().replace(/^=/, ""));
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (op: string) => peek()?.kind === "op" && (peek() as { op: string }).op === op;
  const expect = (op: string) => {
    if (!isOp(op)) throw new SyntaxError(`Expected "${op}" in ${JSON.stringify(formula)}`);
    i++;
  };
  const range = (from: string, to: string): Value => {
    const cell = /^(?:([A-Z_][A-Z0-9_]*)!)?([A-Z]+)([0-9]+)$/;
    const a = cell.exec(from), b = cell.exec(to.includes("!") ? to : `X!${to}`);
    if (!a || !b) {
      throw new SyntaxError(`${from}:${to} in ${JSON.stringify(formula)} is not a range of cells`);
    }
    const sheet = a[1] ? `${a[1]}!` : "";
    const [c0, c1] = [columnNumber(a[2]), columnNumber(b[2])].sort((p, q) => p - q);
    const [r0, r1] = [Number(a[3]), Number(b[3])].sort((p, q) => p - q);
    return Array.from(
      { length: r1 - r0 + 1 },
      (_, r) =>
        Array.from({ length: c1 - c0 + 1 }, (_, c) => {
          const v = valueOf(`${sheet}${columnName(c0 + c)}${r0 + r}`);
          if (v.length !== 1 || v[0].length !== 1) {
            throw new TypeError(`A cell of ${from}:${to} holds an array`);
          }
          return v[0][0];
        }),
    );
  };
  // Excel's precedence, loosest first: comparison, + −, * /, ^, a leading −.
  const comparison = (): Value => {
    let left = additive();
    while (peek()?.kind === "op" && (peek() as { op: string }).op in COMPARE) {
      const test = COMPARE[(tokens[i++] as { op: string }).op];
      left = elementwise(left, additive(), (x, y) => test(x, y) ? 1 : 0);
    }
    return left;
  };
  const additive = (): Value => {
    let left = multiplicative();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[i++] as { op: string }).op;
      left = elementwise(left, multiplicative(), (x, y) => op === "+" ? x + y : x - y);
    }
    return left;
  };
  const multiplicative = (): Value => {
    let left = power();
    while (isOp("*") || isOp("/")) {
      const op = (tokens[i++] as { op: string }).op;
      left = elementwise(left, power(), (x, y) => {
        if (op === "/" && y === 0) throw new RangeError(`#DIV/0! in ${JSON.stringify(formula)}`);
        return op === "*" ? x * y : x / y;
      });
    }
    return left;
  };
  // Excel binds a leading minus tighter than ^ (-2^2 = 4) and reads ^ left to right.
  const power = (): Value => {
    let base = prefix();
    while (isOp("^")) {
      i++;
      base = elementwise(base, prefix(), (x, y) => x ** y);
    }
    return base;
  };
  const prefix = (): Value => {
    if (isOp("-")) {
      i++;
      return map(prefix(), (x) => -x);
    }
    if (isOp("+")) {
      i++;
      return prefix();
    }
    return primary();
  };
  const primary = (): Value => {
    const t = tokens[i++];
    if (t === undefined) {
      throw new SyntaxError(`The formula ${JSON.stringify(formula)} ends too early`);
    }
    if (t.kind === "num") return scalar(t.value);
    if (t.kind === "op") {
      if (t.op !== "(") throw new SyntaxError(`Unexpected "${t.op}" in ${JSON.stringify(formula)}`);
      const v = comparison();
      expect(")");
      return v;
    }
    if (isOp("(")) {
      i++;
      const fn = FUNCTIONS[t.name];
      if (!fn) throw new SyntaxError(`Unknown function ${t.name} in ${JSON.stringify(formula)}`);
      const args: Value[] = [];
      if (!isOp(")")) {
        args.push(comparison());
        while (isOp(",")) {
          i++;
          args.push(comparison());
        }
      }
      expect(")");
      return fn(args);
    }
    if (isOp(":")) {
      i++;
      const end = tokens[i++];
      if (end?.kind !== "ref") {
        throw new SyntaxError(`A range needs a cell after ":" in ${JSON.stringify(formula)}`);
      }
      return range(t.name, end.name);
    }
    return valueOf(t.name);
  };
  const result = comparison();
  if (i !== tokens.length) {
    throw new SyntaxError(`Unexpected text after position ${i} in ${JSON.stringify(formula)}`);
  }
  for (const v of result.flat()) {
    if (!Number.isFinite(v)) {
      throw new RangeError(`#NUM! in ${JSON.stringify(formula)}: the result is ${v}`);
    }
  }
  return result;
}

/**
 * Evaluates a formula (with or without the leading `=`) that gives one value,
 * given the values of the cells, ranges and names it refers to. Errors a
 * spreadsheet would show (#DIV/0!, #NUM!, #VALUE!) are thrown, never returned
 * as NaN.
 *
 * @example ReLU of a negative cell, a positive one, and one sample of a linear neuron
 * ```ts
 * import { evaluateFormula } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * assert.equal(evaluateFormula("=IF(A1>0,A1,0)", { A1: -2 }), 0);
 * assert.equal(evaluateFormula("MAX(0,B7)", { B7: 3 }), 3);
 * assert.equal(evaluateFormula("=MMULT(A2:B2,W)+b", { A2: 1, B2: 0, W: [[0.3], [0.7]], b: 0.5 }), 0.8);
 * ```
 */
export function evaluateFormula(formula: string, cells: FormulaCells = {}): number {
  const result = evaluate(formula, cells);
  if (result.length !== 1 || result[0].length !== 1) {
    throw new RangeError(
      `#VALUE!: ${JSON.stringify(formula)} gives a ${
        shape(result)
      } array, not one value (evaluateArrayFormula returns arrays)`,
    );
  }
  return result[0][0];
}

/**
 * Evaluates an array formula, one that fills a block of cells such as
 * `=MMULT(X,W)+b`, and returns its rows.
 *
 * @example Two linear layers, and the one layer they collapse to
 * ```ts
 * import { evaluateArrayFormula } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * const cells = { X: [[1, 2], [3, 4]], W_1: [[1, 0], [0, 2]], b_1: [[1, 1]], W_2: [[1], [1]] };
 * assert.deepEqual(evaluateArrayFormula("=MMULT(MMULT(X,W_1)+b_1,W_2)", cells), [[7], [13]]);
 * assert.deepEqual(
 *   evaluateArrayFormula("=MMULT(X,MMULT(W_1,W_2))+MMULT(b_1,W_2)", cells),
 *   [[7], [13]],
 * );
 * ```
 */
export function evaluateArrayFormula(formula: string, cells: FormulaCells = {}): number[][] {
  return evaluate(formula, cells);
}
