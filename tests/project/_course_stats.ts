// The numbers the teacher's guide quotes, derived from the notebooks themselves: words of prose,
// reading minutes at 200 words a minute, code cells, exercises and which of them have an answer
// in the notebook. `./nn deno run --allow-read tests/project/_course_stats.ts` prints them as the
// guide's table.
import { listNotebooks, notebookNumber } from "../../tools/_paths.ts";

/** Words read per minute, for the reading time. */
export const WORDS_PER_MINUTE = 200;

export interface NotebookStats {
  /** The number, "01" or "04b". */
  number: string;
  words: number;
  readingMinutes: number;
  codeCells: number;
  /** Exercise numbers, in order. */
  exercises: number[];
  /** Exercise numbers with an answer in the notebook: a worked answer or a checkAnswer cell. */
  answered: number[];
}

type Cell = { cell_type: string; source: string[] | string };
const text = (c: Cell) => Array.isArray(c.source) ? c.source.join("") : c.source;

/** The guide's numbers for one notebook file. */
export function notebookStats(path: string, json: string): NotebookStats {
  const cells = (JSON.parse(json) as { cells: Cell[] }).cells;
  const markdown = cells.filter((c) => c.cell_type === "markdown").map(text);
  const code = cells.filter((c) => c.cell_type === "code").map(text);
  const words = markdown.join("\n").split(/\s+/).filter((w) => w !== "").length;
  const all = markdown.join("\n");
  const section = (title: string) => {
    const at = all.search(new RegExp(`^## ${title}$`, "m"));
    if (at < 0) return "";
    const rest = all.slice(at + title.length + 3);
    const end = rest.search(/^## |^\*\*Next:\*\*/m);
    return end < 0 ? rest : rest.slice(0, end);
  };
  const exercises = [...section("Exercises").matchAll(/^(\d+)\. /gm)].map((m) => Number(m[1]));
  // A worked answer opens with "**N.**" under "## Answers"; a self-checking one is a code cell
  // that opens with "// Exercise N:" and calls checkAnswer.
  const answersAt = all.search(/^## Answers$/m);
  const answers = answersAt < 0 ? "" : all.slice(answersAt);
  const worked = [...answers.matchAll(/^\*\*(\d+)\.\*\*/gm)].map((m) => Number(m[1]));
  const checking = code.filter((c) => c.includes("checkAnswer("))
    .map((c) => /^\/\/ Exercise (\d+):/m.exec(c))
    .filter((m) => m !== null)
    .map((m) => Number(m![1]));
  const answered = exercises.filter((n) => worked.includes(n) || checking.includes(n));
  return {
    number: notebookNumber(path),
    words,
    readingMinutes: Math.round(words / WORDS_PER_MINUTE),
    codeCells: code.length,
    exercises,
    answered,
  };
}

/** The numbers of every notebook in notebooks/, in order. */
export async function courseStats(): Promise<NotebookStats[]> {
  return await Promise.all(
    listNotebooks().map(async (p) => notebookStats(p, await Deno.readTextFile(p))),
  );
}

if (import.meta.main) {
  console.log("| notebook | words of prose | reading (min) | code cells | exercises | answered |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const s of await courseStats()) {
    console.log(
      `| ${s.number} | ${s.words} | ${s.readingMinutes} | ${s.codeCells} | ${s.exercises.length} | ${
        s.answered.join(", ")
      } |`,
    );
  }
}
