// A figure: HTML to show, as a display bundle (with extra MIME types when given).
import { DISPLAY, type MimeBundle } from "../core/mod.ts";
import type { Figure } from "./plot.ts";

export function figure(html: string, extra: MimeBundle = {}): Figure {
  return { html, [DISPLAY]: () => ({ "text/html": html, ...extra }) };
}
