/**
 * A small evaluator for the spreadsheet formulas this library writes, so that
 * a notebook can compare a formula with the code on a grid of values without
 * a spreadsheet program. It understands numbers, cell references and names,
 * + − * / ^, comparisons, and IF, MAX, MIN, EXP, LN, TANH, ABS, SUM. The test
 * suite checks it against LibreOffice Calc, the real engine.
 *
 * @module
 */
import { describe } from "../core/_validate.ts";

type Token = { kind: "num"; value: number } | { kind: "ref"; name: string } | {
  kind: "op";
  op: string;
};

function tokenize(formula: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\$?[A-Za-z_][A-Za-z0-9_.]*\$?[0-9]*)|(<=|>=|<>|[-+*/^(),<>=]))/y;
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

const FUNCTIONS: Record<string, (args: number[]) => number> = {
  IF: (a) => {
    if (a.length < 2 || a.length > 3) throw new SyntaxError("IF takes 2 or 3 arguments");
    return a[0] !== 0 ? a[1] : (a[2] ?? 0);
  },
  MAX: (a) => Math.max(...a),
  MIN: (a) => Math.min(...a),
  EXP: (a) => Math.exp(one(a, "EXP")),
  LN: (a) => Math.log(one(a, "LN")),
  TANH: (a) => Math.tanh(one(a, "TANH")),
  ABS: (a) => Math.abs(one(a, "ABS")),
  SUM: (a) => a.reduce((s, v) => s + v, 0),
};

function one(args: number[], name: string): number {
  if (args.length !== 1) throw new SyntaxError(`${name} takes 1 argument, got ${args.length}`);
  return args[0];
}

/**
 * Evaluates a formula (with or without the leading `=`) given the values of
 * the cells and names it refers to. Errors a spreadsheet would show (#DIV/0!,
 * #NUM!) are thrown, never returned as NaN.
 *
 * @example ReLU of a negative cell, and of a positive one
 * ```ts
 * import { evaluateFormula } from "nn/excel";
 * import assert from "node:assert/strict";
 *
 * assert.equal(evaluateFormula("=IF(A1>0,A1,0)", { A1: -2 }), 0);
 * assert.equal(evaluateFormula("MAX(0,B7)", { B7: 3 }), 3);
 * ```
 */
export function evaluateFormula(formula: string, cells: Record<string, number> = {}): number {
  if (typeof formula !== "string") {
    throw new TypeError(`A formula must be a string, got ${describe(formula)}`);
  }
  if (cells === null || typeof cells !== "object") {
    throw new TypeError(
      `evaluateFormula's cells must be an object such as { A1: 2 }, got ${describe(cells)}`,
    );
  }
  for (const [k, v] of Object.entries(cells)) {
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`Cell ${k} must hold a finite number, got ${describe(v)}`);
    }
  }
  const values = new Map(
    Object.entries(cells).map(([k, v]) => [k.replaceAll("$", "").toUpperCase(), v]),
  );
  const tokens = tokenize(formula.trim().replace(/^=/, ""));
  let i = 0;
  const peek = () => tokens[i];
  const isOp = (op: string) => peek()?.kind === "op" && (peek() as { op: string }).op === op;
  const expect = (op: string) => {
    if (!isOp(op)) throw new SyntaxError(`Expected "${op}" in ${JSON.stringify(formula)}`);
    i++;
  };
  // Excel's precedence, loosest first: comparison, + −, * /, ^, a leading −.
  const comparison = (): number => {
    let left = additive();
    while (
      peek()?.kind === "op" &&
      ["<", ">", "<=", ">=", "=", "<>"].includes((peek() as { op: string }).op)
    ) {
      const op = (tokens[i++] as { op: string }).op;
      const right = additive();
      const r = op === "<"
        ? left < right
        : op === ">"
        ? left > right
        : op === "<="
        ? left <= right
        : op === ">="
        ? left >= right
        : op === "="
        ? left === right
        : left !== right;
      left = r ? 1 : 0;
    }
    return left;
  };
  const additive = (): number => {
    let left = multiplicative();
    while (isOp("+") || isOp("-")) {
      const op = (tokens[i++] as { op: string }).op;
      const right = multiplicative();
      left = op === "+" ? left + right : left - right;
    }
    return left;
  };
  const multiplicative = (): number => {
    let left = power();
    while (isOp("*") || isOp("/")) {
      const op = (tokens[i++] as { op: string }).op;
      const right = power();
      if (op === "/" && right === 0) throw new RangeError(`#DIV/0! in ${JSON.stringify(formula)}`);
      left = op === "*" ? left * right : left / right;
    }
    return left;
  };
  // Excel binds a leading minus tighter than ^ (-2^2 = 4) and reads ^ left to right.
  const power = (): number => {
    let base = prefix();
    while (isOp("^")) {
      i++;
      base = base ** prefix();
    }
    return base;
  };
  const prefix = (): number => {
    if (isOp("-")) {
      i++;
      return -prefix();
    }
    if (isOp("+")) {
      i++;
      return prefix();
    }
    return primary();
  };
  const primary = (): number => {
    const t = tokens[i++];
    if (t === undefined) {
      throw new SyntaxError(`The formula ${JSON.stringify(formula)} ends too early`);
    }
    if (t.kind === "num") return t.value;
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
      const args: number[] = [];
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
    const v = values.get(t.name);
    if (v === undefined) {
      throw new ReferenceError(`The formula refers to ${t.name}, which has no value`);
    }
    return v;
  };
  const result = comparison();
  if (i !== tokens.length) {
    throw new SyntaxError(`Unexpected text after position ${i} in ${JSON.stringify(formula)}`);
  }
  if (!Number.isFinite(result)) {
    throw new RangeError(`#NUM! in ${JSON.stringify(formula)}: the result is ${result}`);
  }
  return result;
}
