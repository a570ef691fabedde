// The keys that do on the two canvases what the pointer does, so that the
// network and the output plot can be used without a mouse. The moves are
// plain functions of the network's shape or the plot's square; the views
// wire them to their canvases.
import type { UnitRef, WeightRef } from "./network_view.ts";

/** Where the keyboard is on the network: on a unit, or on a weight between two units. */
export type NetworkCursor = { unit: UnitRef } | { weight: WeightRef };

/**
 * A line that screen readers read out when it changes, hidden from the eye, placed after
 * `anchor`; returns the function that says something in it. The keys' moves say where they went.
 */
export function announcer(anchor: Element): (text: string) => void {
  const line = document.createElement("div");
  line.className = "sr-only";
  line.setAttribute("aria-live", "polite");
  anchor.after(line);
  return (text) => (line.textContent = text);
}

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/**
 * The cursor after a key on a network whose columns have `widths` units (the inputs first, the
 * output last), or undefined when the key is not one of the network's. Up and down step
 * through a column's units, or through the weights out of one unit; right goes from a unit to
 * its first weight out and from a weight to the unit it leads to; left goes back.
 */
export function moveOnNetwork(
  cursor: NetworkCursor | undefined,
  key: string,
  widths: readonly number[],
): NetworkCursor | undefined {
  if (!["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"].includes(key)) return undefined;
  const last = widths.length - 1;
  if (!cursor) return { unit: { c: 0, u: 0 } };
  const step = key === "ArrowDown" ? 1 : key === "ArrowUp" ? -1 : 0;
  if ("unit" in cursor) {
    const c = clamp(cursor.unit.c, 0, last), u = clamp(cursor.unit.u, 0, widths[c] - 1);
    if (step) return { unit: { c, u: clamp(u + step, 0, widths[c] - 1) } };
    if (key === "ArrowRight") {
      return c < last ? { weight: { l: c, i: u, j: 0 } } : { unit: { c, u } };
    }
    return c > 0 ? { weight: { l: c - 1, i: 0, j: u } } : { unit: { c, u } };
  }
  const l = clamp(cursor.weight.l, 0, last - 1);
  const i = clamp(cursor.weight.i, 0, widths[l] - 1);
  const j = clamp(cursor.weight.j, 0, widths[l + 1] - 1);
  if (step) return { weight: { l, i, j: clamp(j + step, 0, widths[l + 1] - 1) } };
  return key === "ArrowRight" ? { unit: { c: l + 1, u: j } } : { unit: { c: l, u: i } };
}

/**
 * The plot's cross after an arrow key, in data coordinates within [lo, hi] on both axes: a
 * twentieth of the side per press, a hundredth with Shift; undefined for any other key.
 */
export function moveOnPlot(
  at: readonly [number, number],
  key: string,
  shift: boolean,
  domain: { lo: number; hi: number },
): [number, number] | undefined {
  const d = (domain.hi - domain.lo) / (shift ? 100 : 20);
  const [dx, dy] = {
    ArrowLeft: [-d, 0],
    ArrowRight: [d, 0],
    ArrowUp: [0, d],
    ArrowDown: [0, -d],
  }[key] ?? [NaN, NaN];
  if (Number.isNaN(dx)) return undefined;
  const fit = (v: number) => Number(clamp(v, domain.lo, domain.hi).toPrecision(12));
  return [fit(at[0] + dx), fit(at[1] + dy)];
}
