// The rule by which the site and the lab fold an exercise's answers: a run of
// cells tagged "answer" is one fold, and an answer paragraph that opens with
// its number in bold ("**2.** …") starts a fold of its own, named "Answer 2".
// The site's template and the lab's custom.js each apply it; both tests read it here.

/** The exercise number a Markdown cell opens with ("**2.** …"), or undefined. */
export function answerNumber(cell: { cell_type: string; source: string[] }): string | undefined {
  return cell.cell_type === "markdown"
    ? /^\s*\*\*(\d+)\./.exec(cell.source.join(""))?.[1]
    : undefined;
}
