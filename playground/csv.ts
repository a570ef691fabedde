// Reading a reader's own points from CSV text: rows of x1,x2,label, with an
// optional header row, each cell a plain decimal number, bare or in double
// quotes as spreadsheets write them. Anything else is refused with one
// message that names the row, the value and what was expected, so the page
// can show it and keep the data it had.
import { LIMITS, type Point } from "./config.ts";
import { isLabel, MAX_CLASSES } from "./task.ts";

/** The classes own points need: 2, or one more than their largest label. */
export function classesOf(points: readonly Point[]): number {
  return Math.max(2, ...points.map((p) => p.label + 1));
}

/** A CSV that cannot be read; its message says where and why. */
export class CsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CsvError";
  }
}

const COLUMNS = ["x1", "x2", "label"];

function show(cell: string): string {
  return cell.length > 20 ? `"${cell.slice(0, 20)}…"` : `"${cell}"`;
}

/** A cell without its spaces and without the double quotes a spreadsheet may put around it. */
function unquote(cell: string): string {
  const c = cell.trim();
  return c.length >= 2 && c.startsWith('"') && c.endsWith('"') ? c.slice(1, -1).trim() : c;
}

/**
 * A plain decimal number: digits with an optional sign, point and exponent (`-1.5`, `.25`,
 * `3e-2`). `Number` also reads `0x10` as 16, `0b11` as 3 and `Infinity`; a CSV cell holding those
 * is more likely a mistake than a coordinate, so they are refused.
 */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The points of a CSV text, or a {@link CsvError} saying what is wrong with it. */
export function parsePoints(text: string): Point[] {
  const [fewest, most] = LIMITS.ownPoints;
  const bound = LIMITS.ownCoordinate;
  if (typeof text !== "string" || text.trim() === "") {
    throw new CsvError(
      `The CSV is empty: give one row per point, x1,x2,label (label 0 or 1, or 0 to ${
        MAX_CLASSES - 1
      } for more classes)`,
    );
  }
  const lines = text.split(/\r?\n/).map((l, i) => ({ line: l.trim(), row: i + 1 }))
    .filter((l) => l.line !== "");
  const separator = [",", ";", "\t"].find((s) => lines[0].line.includes(s)) ?? ",";
  const split = (line: string) => line.split(separator).map(unquote);
  const isNumber = (c: string) => DECIMAL.test(c) && Number.isFinite(Number(c));
  // A header is a first row with no number in it.
  const body = split(lines[0].line).every((c) => !isNumber(c)) ? lines.slice(1) : lines;
  if (body.length === 0) {
    throw new CsvError("The CSV has a header but no points: add rows of x1,x2,label");
  }
  if (body.length > most) {
    throw new CsvError(
      `The CSV has ${body.length} points; the playground takes at most ${most}`,
    );
  }
  const points: Point[] = [];
  for (const { line, row } of body) {
    const cells = split(line);
    if (cells.length !== 3) {
      throw new CsvError(
        `Row ${row} has ${cells.length} value${
          cells.length === 1 ? "" : "s"
        } (${line}); each row needs 3: x1,x2,label`,
      );
    }
    cells.forEach((c, j) => {
      if (!isNumber(c)) {
        throw new CsvError(
          `Row ${row}, column ${COLUMNS[j]}: ${
            show(c)
          } is not a decimal number (write numbers as -1.5, 0.25 or 3e-2)`,
        );
      }
    });
    const [x1, x2, label] = cells.map(Number);
    [x1, x2].forEach((v, j) => {
      if (Math.abs(v) > bound) {
        throw new CsvError(
          `Row ${row}, column ${COLUMNS[j]}: ${
            cells[j]
          } is outside the range -${bound} to ${bound} the playground takes; rescale the data so that every x1 and x2 lies in it`,
        );
      }
    });
    if (!isLabel(label, MAX_CLASSES)) {
      throw new CsvError(
        `Row ${row}: the label must be a class from 0 to ${MAX_CLASSES - 1}, got ${cells[2]}`,
      );
    }
    points.push({ x1, x2, label });
  }
  if (points.length < fewest) {
    throw new CsvError(
      `The CSV has ${points.length} point${
        points.length === 1 ? "" : "s"
      }; the playground needs at least ${fewest} to split them into training and test points`,
    );
  }
  if (points.every((p) => p.label === points[0].label)) {
    throw new CsvError(
      `All ${points.length} points have label ${
        points[0].label
      }: a classifier needs points of two classes or more`,
    );
  }
  return points;
}

/** Points as CSV text with a header, the form {@link parsePoints} reads. */
export function pointsToCsv(points: readonly Point[]): string {
  return [COLUMNS.join(","), ...points.map((p) => `${p.x1},${p.x2},${p.label}`)].join("\n") +
    "\n";
}
