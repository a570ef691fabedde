// Small helpers the page's modules share: finding elements, writing text
// only when it changes, filling menus, and formatting numbers for display.
import { formatNumber } from "../lib/core/mod.ts";

/** The element with this id. */
export const $ = <T extends HTMLElement = HTMLElement>(id: string) =>
  document.getElementById(id) as T;

/** A number with `digits` significant digits, as the library formats it. */
export const fmt = (v: number, digits = 4) => formatNumber(v, digits);

/** A share as a percentage with one decimal, or "–" when it is not a number. */
export const pct = (v: number) => Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : "–";

/** Sets an element's text only when it changes, so that an unchanged page is not laid out again. */
export function setText(el: HTMLElement, value: string): void {
  if (el.textContent !== value) el.textContent = value;
}

/** Fills a menu with one option per value. */
export function options(
  select: HTMLSelectElement,
  values: readonly (string | number)[],
  labels: (v: never) => string,
): void {
  select.textContent = "";
  for (const v of values) {
    const o = document.createElement("option");
    o.value = String(v);
    o.textContent = labels(v as never);
    select.append(o);
  }
}

/** Selects a value, adding it to the menu first when a link brought one the menu lacks. */
export function choose(
  select: HTMLSelectElement,
  value: string | number,
  label = String(value),
): void {
  if (![...select.options].some((o) => o.value === String(value))) {
    const o = document.createElement("option");
    o.value = String(value);
    o.textContent = label;
    select.append(o);
  }
  select.value = String(value);
}

/** Saves `data` as a file named `name` through the browser's downloads. */
export function download(data: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
