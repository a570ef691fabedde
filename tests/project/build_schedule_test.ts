import assert from "node:assert/strict";
import { longestFirst, parseJobs, readSeconds, recordSeconds } from "../../tools/_schedule.ts";

Deno.test("the build starts the longest notebooks first, and those never timed before them, latest chapter first", () => {
  const names = ["01_a", "02_b", "03_c", "04_d", "05_e"];
  assert.deepEqual(
    longestFirst(names, { "01_a": 3, "02_b": 40, "04_d": 10, "05_e": 10 }),
    ["03_c", "02_b", "05_e", "04_d", "01_a"],
  );
  assert.deepEqual(longestFirst(names, {}), ["05_e", "04_d", "03_c", "02_b", "01_a"]);
  assert.deepEqual(
    names,
    ["01_a", "02_b", "03_c", "04_d", "05_e"],
    "the caller's list is left as it was",
  );
});

Deno.test("the build's --jobs: a whole number of at least 1, one per core when not given", () => {
  assert.deepEqual(parseJobs(["03", "04"], 2), { jobs: 2, rest: ["03", "04"] });
  assert.deepEqual(parseJobs(["--jobs", "1", "03"], 2), { jobs: 1, rest: ["03"] });
  assert.deepEqual(parseJobs(["03", "--jobs=3"], 2), { jobs: 3, rest: ["03"] });
  assert.deepEqual(parseJobs([], 0), { jobs: 1, rest: [] });
  assert.throws(
    () => parseJobs(["--jobs", "0"], 2),
    /--jobs must be a whole number of at least 1, got "0"/,
  );
  assert.throws(() => parseJobs(["--jobs=1.5"], 2), /got "1.5"/);
  assert.throws(() => parseJobs(["--jobs", "two"], 2), /got "two"/);
  assert.throws(() => parseJobs(["--jobs"], 2), /--jobs needs a number/);
});

Deno.test("the build's record of seconds keeps other notebooks' times and ignores a broken file", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-seconds-" });
  try {
    const path = `${dir}/cache/book-seconds.json`;
    assert.deepEqual(await readSeconds(path), {});
    await recordSeconds(path, { "02_b": 4, "01_a": 2 });
    await recordSeconds(path, { "02_b": 5 });
    assert.deepEqual(await readSeconds(path), { "01_a": 2, "02_b": 5 });
    await Deno.writeTextFile(path, "{ not json");
    assert.deepEqual(await readSeconds(path), {});
    await Deno.writeTextFile(path, JSON.stringify({ "01_a": "slow", "02_b": 7 }));
    assert.deepEqual(await readSeconds(path), { "02_b": 7 });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
