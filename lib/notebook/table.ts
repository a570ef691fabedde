/**
 * Tables of values for notebook cells: HTML for the page, tab-separated text
 * for plain output.
 *
 * @module
 */
import { describe } from "../core/_internal.ts";
import { escapeHtml } from "./_html.ts";
import type { Figure } from "./plot.ts";
import { figure } from "./_figure.ts";

/**
 * An HTML table from rows of values (strings are escaped; numbers shown
 * with {@link formatNumber}-style rounding). For tables such as
 * step · maths · TypeScript · Excel.
 *
 * @example
 * ```ts
 * import { htmlTable } from "nn";
 * import assert from "node:assert/strict";
 *
 * const t = htmlTable([{ step: "ReLU", excel: "=IF(A1>0,A1,0)" }]);
 * assert.match(t.html, /IF\(A1&gt;0,A1,0\)/);
 * ```
 */
export function htmlTable(rows: Record<string, string | number | boolean>[]): Figure {
  if (!Array.isArray(rows) || rows.length === 0) {
    throw new RangeError(`htmlTable needs at least one row, got ${describe(rows)}`);
  }
  const columns = Object.keys(rows[0] ?? {});
  if (columns.length === 0) {
    throw new RangeError("htmlTable's first row has no columns: give each row at least one key");
  }
  rows.forEach((row, i) => {
    if (row === null || typeof row !== "object") {
      throw new TypeError(`htmlTable's row ${i} is ${describe(row)}, not an object`);
    }
    // A key missing from the first row would silently vanish from the table.
    const extra = Object.keys(row).filter((k) => !columns.includes(k));
    if (extra.length > 0) {
      throw new RangeError(
        `htmlTable's row ${i} has ${extra.map((k) => JSON.stringify(k)).join(", ")}, ` +
          `which the first row (the header) lacks`,
      );
    }
    for (const [k, v] of Object.entries(row)) {
      if (!["string", "number", "boolean"].includes(typeof v)) {
        throw new TypeError(
          `htmlTable's row ${i}, column ${JSON.stringify(k)} is ${describe(v)}: ` +
            `cells must be strings, numbers or booleans`,
        );
      }
    }
  });
  const cell = (v: unknown) =>
    typeof v === "number"
      ? (Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6))))
      : escapeHtml(String(v));
  const head = `<tr>${columns.map((c) => `<th>${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = rows.map((r) => `<tr>${columns.map((c) => `<td>${cell(r[c])}</td>`).join("")}</tr>`)
    .join("");
  const text = [columns.join("\t"), ...rows.map((r) => columns.map((c) => String(r[c])).join("\t"))]
    .join("\n");
  return figure(`<table class="nn-table"><thead>${head}</thead><tbody>${body}</tbody></table>`, {
    "text/plain": text,
  });
}
