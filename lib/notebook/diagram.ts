/**
 * A small diagram of boxes and arrows, drawn as SVG: enough for a network's
 * computation graph, where values (inputs, parameters, results) are boxes
 * and operations are circles.
 *
 * @module
 */
import { describe } from "../core/_internal.ts";
import { escapeHtml } from "./_html.ts";
import { figure } from "./_figure.ts";
import type { Figure } from "./plot.ts";

/**
 * One node of a {@link diagram}: a value (a box) or an operation (a circle),
 * centred at (x, y) in pixels.
 *
 * @example
 * ```ts
 * import type { DiagramNode } from "nn";
 *
 * const node: DiagramNode = { id: "W1", label: "W1", x: 40, y: 30, kind: "parameter" };
 * ```
 */
export interface DiagramNode {
  /** A name that edges refer to. */
  id: string;
  /** The text shown in the node. */
  label: string;
  /** Centre, in pixels from the left. */
  x: number;
  /** Centre, in pixels from the top. */
  y: number;
  /** How it is drawn (default `value`): parameters are shaded, operations are circles. */
  kind?: "value" | "parameter" | "operation";
  /** A second, smaller line under the node, e.g. its shape or its gradient's name. */
  note?: string;
}

/**
 * Options for {@link diagram}.
 *
 * @example
 * ```ts
 * import type { DiagramOptions } from "nn";
 *
 * const options: DiagramOptions = { width: 300, height: 120, title: "A graph" };
 * ```
 */
export interface DiagramOptions {
  /** Width in pixels (default: the rightmost node plus a margin). */
  width?: number;
  /** Height in pixels (default: the lowest node plus a margin). */
  height?: number;
  /** A title above the diagram. */
  title?: string;
}

/**
 * Draws nodes and arrows (`[from, to]` by node id) as an SVG figure.
 *
 * @example z = w·x, drawn as a graph
 * ```ts
 * import { diagram } from "nn";
 * import assert from "node:assert/strict";
 *
 * const fig = diagram([
 *   { id: "x", label: "x", x: 30, y: 30 },
 *   { id: "w", label: "w", x: 30, y: 90, kind: "parameter" },
 *   { id: "mul", label: "·", x: 110, y: 60, kind: "operation" },
 *   { id: "z", label: "z", x: 190, y: 60 },
 * ], [["x", "mul"], ["w", "mul"], ["mul", "z"]]);
 * assert.equal(fig.html.match(/<line /g)?.length, 3);
 * ```
 */
export function diagram(
  nodes: DiagramNode[],
  edges: [string, string][],
  options: DiagramOptions = {},
): Figure {
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new RangeError(`diagram needs at least one node, got ${describe(nodes)}`);
  }
  if (!Array.isArray(edges)) throw new TypeError(`diagram's edges must be an array of [from, to]`);
  const byId = new Map<string, DiagramNode>();
  for (const n of nodes) {
    if (typeof n?.id !== "string" || !Number.isFinite(n.x) || !Number.isFinite(n.y)) {
      throw new TypeError(`A diagram node needs an id and finite x and y, got ${describe(n)}`);
    }
    if (byId.has(n.id)) throw new RangeError(`Two diagram nodes have the id "${n.id}"`);
    byId.set(n.id, n);
  }
  // Half the width and height of a node's shape, from its label's length.
  const r = (v: number) => Math.round(v * 10) / 10;
  const size = (n: DiagramNode) =>
    n.kind === "operation"
      ? { w: Math.max(16, 3.8 * [...n.label].length + 5), h: 16 }
      : { w: Math.max(18, 4.2 * [...n.label].length + 10), h: 14 };
  const lines = edges.map((edge) => {
    const [a, b] = (Array.isArray(edge) ? edge : []).map((id) => byId.get(id));
    if (!a || !b) {
      throw new RangeError(`A diagram edge joins nodes that do not exist: ${describe(edge)}`);
    }
    // From the edge of one shape to the edge of the other, along the line between the centres.
    const dx = b.x - a.x, dy = b.y - a.y, len = Math.hypot(dx, dy) || 1;
    const ux = Math.abs(dx / len), uy = Math.abs(dy / len);
    const cut = (n: DiagramNode) => {
      const { w, h } = size(n);
      if (n.kind === "operation") return w + 2;
      return Math.min(ux > 0 ? w / ux : Infinity, uy > 0 ? h / uy : Infinity) + 2;
    };
    const [ca, cb] = [cut(a), cut(b) + 4];
    return `<line x1="${r(a.x + dx / len * ca)}" y1="${r(a.y + dy / len * ca)}" x2="${
      r(b.x - dx / len * cb)
    }" y2="${
      r(b.y - dy / len * cb)
    }" stroke="#555" stroke-width="1.4" marker-end="url(#nn-arrow)"/>`;
  });
  const shapes = nodes.map((n) => {
    const { w, h } = size(n);
    const shape = n.kind === "operation"
      ? `<circle cx="${n.x}" cy="${n.y}" r="${r(w)}" fill="#fff" stroke="#333"/>`
      : `<rect x="${r(n.x - w)}" y="${r(n.y - h)}" width="${r(2 * w)}" height="${
        2 * h
      }" rx="4" fill="${n.kind === "parameter" ? "#fde9c8" : "#e8f0fb"}" stroke="#333"/>`;
    const note = n.note
      ? `<text x="${n.x}" y="${n.y + h + 13}" text-anchor="middle" font-size="11" fill="#b2182b">${
        escapeHtml(n.note)
      }</text>`
      : "";
    return `${shape}<text x="${n.x}" y="${n.y + 4.5}" text-anchor="middle" font-size="13">${
      escapeHtml(n.label)
    }</text>${note}`;
  });
  const top = options.title ? 24 : 0;
  const width = options.width ?? Math.ceil(Math.max(...nodes.map((n) => n.x + size(n).w)) + 16);
  const height =
    (options.height ?? Math.ceil(Math.max(...nodes.map((n) => n.y + size(n).h)) + 30)) +
    top;
  const title = options.title
    ? `<text x="4" y="16" font-size="14" font-weight="600">${escapeHtml(options.title)}</text>`
    : "";
  return figure(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">` +
      `<defs><marker id="nn-arrow" viewBox="0 0 10 10" refX="1" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>` +
      `${title}<g transform="translate(0,${top})">${lines.join("")}${shapes.join("")}</g></svg>`,
  );
}
