/**
 * Reading `cars.json` of the npm package `vega-datasets`: 406 cars of the
 * model years 1970 to 1982, with their fuel economy, engine and weight, as a
 * table in which some measurements are missing. Text in, checked rows out:
 * a file that is not this table fails with a message naming the row and the
 * field. No file access here: the caller reads the text (see `loadCars` in
 * `nn/notebook` for reading it from disk).
 *
 * @module
 */
import { checkOptions, describe } from "./_validate.ts";

/**
 * One car. A measurement the file lacks is `null`: in `cars.json` only the
 * miles per gallon and the horsepower are ever missing.
 *
 * @example
 * ```ts
 * import { type Car, parseCars } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * const [car]: Car[] = parseCars(`[{"Name": "ford pinto", "Miles_per_Gallon": 25,
 *   "Cylinders": 4, "Displacement": 98, "Horsepower": null, "Weight_in_lbs": 2046,
 *   "Acceleration": 19, "Year": "1971-01-01", "Origin": "USA"}]`);
 * assert.equal(car.horsepower, null);
 * assert.equal(car.year, 1971);
 * ```
 */
export interface Car {
  /** The make and model, e.g. "ford pinto". */
  name: string;
  /** Fuel economy in miles per US gallon (`Miles_per_Gallon`), or null when missing. */
  mpg: number | null;
  /** Number of cylinders. */
  cylinders: number;
  /** Engine displacement in cubic inches. */
  displacement: number;
  /** Engine power in horsepower, or null when missing. */
  horsepower: number | null;
  /** Weight in pounds (`Weight_in_lbs`). */
  weight: number;
  /** Seconds from 0 to 60 miles per hour. */
  acceleration: number;
  /** Model year, from the file's date "YYYY-01-01". */
  year: number;
  /** "USA", "Europe" or "Japan". */
  origin: string;
}

/** The file's numeric columns, the Car field each fills, and whether it may be missing. */
const NUMBERS = [
  ["Miles_per_Gallon", "mpg", true],
  ["Cylinders", "cylinders", false],
  ["Displacement", "displacement", false],
  ["Horsepower", "horsepower", true],
  ["Weight_in_lbs", "weight", false],
  ["Acceleration", "acceleration", false],
] as const;

/**
 * Parses the text of `cars.json` (a JSON array of objects with the fields
 * Name, Miles_per_Gallon, Cylinders, Displacement, Horsepower, Weight_in_lbs,
 * Acceleration, Year and Origin) into one {@link Car} per row, in the file's
 * order. `name` names the file in messages.
 *
 * @example
 * ```ts
 * import { parseCars } from "nn/core";
 * import assert from "node:assert/strict";
 *
 * assert.throws(() => parseCars(`{"cars": []}`), /is not a list of cars: it holds an object/);
 * assert.throws(
 *   () => parseCars(`[{"Name": "x", "Miles_per_Gallon": 20, "Cylinders": 4,
 *     "Displacement": 98, "Horsepower": "fast"}]`),
 *   /Row 0 \("x"\) of cars.json has Horsepower "fast": expected a number ≥ 0 or null/,
 * );
 * ```
 */
export function parseCars(text: string, options: { name?: string } = {}): Car[] {
  checkOptions(options, ["name"], "parseCars", '{ name: "cars.json" }');
  const file = options.name ?? "cars.json";
  if (typeof file !== "string") {
    throw new TypeError(`parseCars's name must be a string, got ${describe(file)}`);
  }
  if (typeof text !== "string") {
    throw new TypeError(`parseCars needs the text of ${file}, got ${describe(text)}`);
  }
  let rows: unknown;
  try {
    rows = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${file} is not JSON: ${(e as Error).message}`);
  }
  if (!Array.isArray(rows)) {
    throw new TypeError(`${file} is not a list of cars: it holds ${describe(rows)}`);
  }
  return rows.map((row: unknown, i): Car => {
    if (row === null || typeof row !== "object" || Array.isArray(row)) {
      throw new TypeError(`Row ${i} of ${file} is ${describe(row)}, not a car`);
    }
    const r = row as Record<string, unknown>;
    const where = `Row ${i}${
      typeof r.Name === "string" && r.Name !== "" ? ` (${JSON.stringify(r.Name)})` : ""
    }`;
    const string = (field: string) => {
      if (typeof r[field] !== "string" || r[field] === "") {
        throw new TypeError(
          `${where} of ${file} has ${field} ${describe(r[field])}: expected a non-empty string`,
        );
      }
      return r[field] as string;
    };
    const name = string("Name");
    const car = { name } as Car;
    for (const [field, key, mayLack] of NUMBERS) {
      const v = r[field];
      if (v === null && mayLack) {
        (car as unknown as Record<string, null>)[key] = null;
      } else if (typeof v === "number" && Number.isFinite(v) && v >= 0) {
        (car as unknown as Record<string, number>)[key] = v;
      } else {
        throw new TypeError(
          `${where} of ${file} has ${field} ${describe(v)}: expected a number ≥ 0${
            mayLack ? " or null" : ""
          }`,
        );
      }
    }
    const year = typeof r.Year === "string" ? /^(\d{4})-01-01$/.exec(r.Year) : null;
    if (!year) {
      throw new TypeError(
        `${where} of ${file} has Year ${describe(r.Year)}: expected a date "YYYY-01-01"`,
      );
    }
    car.year = Number(year[1]);
    car.origin = string("Origin");
    return car;
  });
}
