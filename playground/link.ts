// The page's link: the configuration (and own points) in the address's hash,
// written whenever it changes and read when the reader follows another, and
// the presets, each a link.
import { fromHash, PRESETS, toHash } from "./config.ts";
import { $ } from "./_dom.ts";
import type { Messages } from "./messages.ts";
import { Session } from "./session.ts";
import type { PageState } from "./state.ts";

export class PageLink {
  #written = "";

  constructor(readonly state: PageState, readonly messages: Messages) {
    const list = $("presets");
    for (const p of PRESETS) {
      const li = document.createElement("li");
      const a = document.createElement("a");
      a.href = `#${toHash(p.config)}`;
      a.textContent = `${p.title} (notebook ${p.notebook})`;
      li.append(a, document.createTextNode(`: ${p.shows}`));
      list.append(li);
    }
    $("link").addEventListener("focus", () => ($("link") as HTMLInputElement).select());
    state.on("session", () => this.write());
    state.on("config", () => this.write());
    addEventListener("hashchange", () => {
      if (location.hash.slice(1) !== this.#written) this.load(location.hash);
    });
  }

  /** Shows the session a link describes, with a warning for each problem it has. */
  load(hash: string): void {
    const { config, points, problems } = fromHash(hash);
    this.messages.unsay("link");
    for (const p of problems) this.messages.say(p, "warn", "link");
    this.state.setSession(new Session(config, points));
  }

  /** Puts the session's link in the address and in the box that shares it. */
  write(): void {
    const hash = this.state.session.link;
    this.#written = hash;
    const url = `${location.href.replace(/#.*$/, "")}#${hash}`;
    if (location.hash.slice(1) !== hash) {
      try {
        history.replaceState(null, "", url);
      } catch {
        location.replace(url);
      }
    }
    ($("link") as HTMLInputElement).value = url;
  }
}
