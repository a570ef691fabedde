// Cell outputs in nbformat's shape, as the build saves them and as a frontend
// collects them, reduced so that two runs of the same cell compare equal.

export type Output = {
  output_type: string;
  name?: string;
  data?: Record<string, unknown>;
  text?: string | string[];
  ename?: string;
  evalue?: string;
};
export type Cell = { cell_type: string; source: string | string[]; outputs?: Output[] };

export const joined = (v: unknown) =>
  Array.isArray(v) ? v.join("") : typeof v === "string" ? v : "";

/** Observable Plot names each figure's styles with a random class. */
const normalise = (text: string) => text.replace(/plot-[0-9a-f]+/g, "plot");
/**
 * A figure or an HTML table without its numbers, and with an element repeated
 * side by side (an axis's ticks) counted once: a figure of timings varies from
 * run to run in both. What is left (the elements, titles and words) still tells
 * one cell's output from another's; text/plain is compared whole.
 */
const shape = (html: string) =>
  normalise(html).replace(/\d+(\.\d+)?(e[-+]?\d+)?/g, "#")
    .replace(/(<[^>]+>(?:[^<]*<\/[^>]+>)?)\1+/g, "$1");

/** A JSON value with its keys sorted at every depth, as the build writes JSON outputs. */
function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).sort(([a], [b]) => a < b ? -1 : 1).map(([k, v]) => [k, sorted(v)]),
  );
}

/** One output as a string: its kind and every representation it carries, in a fixed order. */
export function comparable(output: Output): string {
  const data = Object.fromEntries(
    Object.entries(output.data ?? {}).map((
      [mime, value],
    ) => [
      mime,
      mime.endsWith("json")
        ? value
        : mime === "text/html" || mime === "image/svg+xml"
        ? shape(joined(value))
        : normalise(joined(value)),
    ]),
  );
  return JSON.stringify(sorted({
    type: output.output_type,
    name: output.name,
    text: output.text === undefined ? undefined : normalise(joined(output.text)),
    data,
    error: output.ename === undefined ? undefined : `${output.ename}: ${output.evalue}`,
  }));
}

/** The outputs of each code cell of an executed notebook file. */
export async function codeCellOutputs(path: string): Promise<Output[][]> {
  const cells = JSON.parse(await Deno.readTextFile(path)).cells as Cell[];
  return cells.filter((c) => c.cell_type === "code").map((c) => c.outputs ?? []);
}
