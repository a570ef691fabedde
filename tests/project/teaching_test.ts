// The teacher's guide quotes numbers derived from the notebooks (words, reading minutes, code cells,
// exercises and which have answers): it must not drift from them.
import assert from "node:assert/strict";
import { ROOT } from "../../tools/_paths.ts";
import { courseStats, type NotebookStats } from "./_course_stats.ts";

interface GuideRow {
  number: string;
  words: number;
  readingMinutes: number;
  codeCells: number;
  exercises: number;
  answered: number[];
}

/** The rows of the guide's table "The notebooks at a glance". */
function guideRows(guide: string): GuideRow[] {
  return [...guide.matchAll(/^\| (\d\d[a-z]?) · [^|]+\|([^\n]+)\|$/gm)].map(([, number, rest]) => {
    const cells = rest.split("|").map((c) => c.trim());
    assert.equal(cells.length, 6, `the guide's row for ${number} has 7 columns`);
    const [words, minutes, code, , exercises, answered] = cells;
    return {
      number,
      words: Number(words),
      readingMinutes: Number(minutes),
      codeCells: Number(code),
      exercises: Number(exercises),
      answered: answered === "none" ? [] : answered.split(",").map((n) => Number(n)),
    };
  });
}

/** Where a quoted number drifted more than 10% (at least one unit) from the derived one. */
export function drift(quoted: GuideRow, actual: NotebookStats): string[] {
  const far = (q: number, a: number) => Math.abs(q - a) > Math.max(1, 0.1 * a);
  const problems: string[] = [];
  if (far(quoted.words, actual.words)) {
    problems.push(
      `${actual.number}: ${quoted.words} words quoted, ${actual.words} in the notebook`,
    );
  }
  if (far(quoted.readingMinutes, actual.readingMinutes)) {
    problems.push(
      `${actual.number}: ${quoted.readingMinutes} reading minutes quoted, ${actual.readingMinutes} derived`,
    );
  }
  if (far(quoted.codeCells, actual.codeCells)) {
    problems.push(
      `${actual.number}: ${quoted.codeCells} code cells quoted, ${actual.codeCells} in the notebook`,
    );
  }
  if (quoted.exercises !== actual.exercises.length) {
    problems.push(
      `${actual.number}: ${quoted.exercises} exercises quoted, ${actual.exercises.length} in the notebook`,
    );
  }
  if (quoted.answered.join() !== actual.answered.join()) {
    problems.push(
      `${actual.number}: exercises ${quoted.answered.join(", ")} quoted as answered, ${
        actual.answered.join(", ") || "none"
      } answered in the notebook`,
    );
  }
  return problems;
}

Deno.test("the teacher's guide quotes each notebook's words, minutes, exercises and answers as the notebooks have them", async () => {
  const guide = await Deno.readTextFile(`${ROOT}/docs/teaching.md`);
  const rows = guideRows(guide);
  const stats = await courseStats();
  assert.deepEqual(
    rows.map((r) => r.number),
    stats.map((s) => s.number),
    "the guide has one row per notebook, in order",
  );
  const problems = stats.flatMap((s, i) => drift(rows[i], s));
  assert.deepEqual(
    problems,
    [],
    "docs/teaching.md has drifted from the notebooks; " +
      "'./nn deno run --allow-read tests/project/_course_stats.ts' prints the current numbers",
  );
  // Each suggested session's reading time is the sum of its notebooks'.
  const sessions = [...guide.matchAll(/^\| (\d) +\| ([\da-z, ]+?) +\| (\d+) +\|/gm)];
  assert.ok(sessions.length >= 3, `the guide suggests ${sessions.length} sessions`);
  for (const [, session, numbers, minutes] of sessions) {
    const sum = numbers.split(", ").reduce(
      (total, n) => total + stats.find((s) => s.number === n)!.readingMinutes,
      0,
    );
    assert.equal(
      Number(minutes),
      sum,
      `session ${session}: ${numbers} take ${sum} reading minutes`,
    );
  }
  // The known gaps the guide lists are exactly the exercises without an answer.
  const gaps = stats.flatMap((s) =>
    s.exercises.filter((n) => !s.answered.includes(n)).map((n) => `${s.number}'s exercise ${n}`)
  );
  const section = guide.slice(guide.indexOf("**Known gaps"));
  const listed = [
    ...section.slice(0, section.indexOf("\n\n")).matchAll(/(\d\d[a-z]?)'s\s+exercise\s+(\d+)/g),
  ]
    .map((m) => `${m[1]}'s exercise ${m[2]}`);
  assert.deepEqual(listed, gaps, "the guide's known gaps are the exercises without an answer");
});

Deno.test("the guide's drift check catches a number that is off by more than 10%", () => {
  const actual: NotebookStats = {
    number: "04",
    words: 3000,
    readingMinutes: 15,
    codeCells: 46,
    exercises: [1, 2, 3],
    answered: [1, 2],
  };
  const quoted = { number: "04", words: 3000, readingMinutes: 15, codeCells: 46, exercises: 3 };
  assert.deepEqual(drift({ ...quoted, answered: [1, 2] }, actual), []);
  assert.deepEqual(drift({ ...quoted, words: 3400, answered: [1, 2] }, actual), [
    "04: 3400 words quoted, 3000 in the notebook",
  ]);
  assert.equal(
    drift({ ...quoted, words: 3250, readingMinutes: 17, answered: [1, 2] }, actual).length,
    1,
  );
  assert.equal(drift({ ...quoted, answered: [1, 2, 3] }, actual).length, 1);
  assert.equal(drift({ ...quoted, exercises: 4, answered: [1, 2] }, actual).length, 1);
});
