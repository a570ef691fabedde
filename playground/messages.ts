// Messages to the reader: in the bar under the controls (errors, warnings
// and news, each dismissible and grouped so that a group can be withdrawn),
// and inline beside the control they concern.

export type MessageKind = "error" | "warn" | "info";

/** The page's message bar. */
export class Messages {
  constructor(readonly box: HTMLElement) {}

  /** Shows a message; `group` names it for `unsay`. */
  say(text: string, kind: MessageKind, group: string): void {
    const box = document.createElement("div");
    box.className = `msg ${kind}`;
    box.dataset.group = group;
    box.setAttribute("role", kind === "error" ? "alert" : "status");
    const span = document.createElement("span");
    span.textContent = text;
    const close = document.createElement("button");
    close.textContent = "×";
    close.setAttribute("aria-label", "Dismiss");
    close.onclick = () => box.remove();
    box.append(span, close);
    this.box.append(box);
  }

  /** Withdraws every message of a group. */
  unsay(group: string): void {
    for (const m of this.box.querySelectorAll(`[data-group="${group}"]`)) m.remove();
  }
}

/** Shows one message in `box` in place of what it held; an empty text only clears it. */
export function inline(box: HTMLElement, text: string, kind: MessageKind = "error"): void {
  box.textContent = "";
  if (!text) return;
  const div = document.createElement("div");
  div.className = `msg ${kind}`;
  div.textContent = text;
  box.append(div);
}
