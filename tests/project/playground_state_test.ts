// The playground page's state and its frame scheduler, without a browser:
// what a new session resets, which events each change sends, when a redraw is
// asked for, and which views a frame draws while paused and while training.
import assert from "node:assert/strict";
import { defaults, type Point } from "../../playground/config.ts";
import { FrameLoop, Scheduler, type View } from "../../playground/loop.ts";
import type { Messages } from "../../playground/messages.ts";
import { Session } from "../../playground/session.ts";
import { type PageEvent, PageState, VIEW_NAMES, type ViewName } from "../../playground/state.ts";

/** A state with a default session, its redraw requests taken, and a log of its events. */
function started(): { state: PageState; events: PageEvent[] } {
  const state = new PageState();
  const events: PageEvent[] = [];
  for (const e of ["session", "config", "playing", "reset"] as const) {
    state.on(e, () => events.push(e));
  }
  state.setSession(new Session(defaults()));
  state.takeDirty();
  state.takeStale();
  events.length = 0;
  return { state, events };
}

const own: Point[] = Array.from({ length: 12 }, (_, i) => ({
  x1: i / 10,
  x2: (i % 3) / 5,
  label: (i % 2) as 0 | 1,
}));

Deno.test("the page state has no session until one is set, and says so", () => {
  assert.throws(() => new PageState().session, /The page has no session yet: call setSession/);
});

Deno.test("a new session pauses, moves the probe and the focus to it, forgets the pointer's targets and redraws every view", () => {
  const { state, events } = started();
  state.playing = true;
  state.probePinned = true;
  state.editing = { kind: "W", l: 0, i: 1, j: 2 };
  state.hoverWeight = { l: 0, i: 1, j: 2 };
  const edits = state.edits;
  const next = new Session({
    ...defaults(),
    data: "circles",
    hidden: [3, 2, 5],
    activations: ["tanh", "relu", "tanh"],
  });
  state.setSession(next);
  assert.equal(state.session, next);
  assert.equal(state.playing, false);
  assert.deepEqual(state.probe, [next.train.X.get(0, 0), next.train.X.get(0, 1)]);
  assert.equal(state.probePinned, false);
  assert.deepEqual(state.focus, { l: 3, j: 0 }, "the output unit of four stages");
  assert.equal(state.editing, undefined);
  assert.equal(state.hoverWeight, undefined);
  assert.equal(state.edits, edits + 1);
  assert.deepEqual(events, ["playing", "session"]);
  assert.equal(state.takeDirty(), true);
  assert.equal(state.takeDirty(), false, "a redraw request is taken once");
  assert.deepEqual(state.takeStale().sort(), [...VIEW_NAMES].sort());
  assert.deepEqual(state.takeStale(), []);
});

Deno.test("a point added while training keeps it training", () => {
  const { state, events } = started();
  state.setPlaying(true);
  events.length = 0;
  state.setSession(new Session({ ...defaults(), data: "own" }, own), { keepPlaying: true });
  assert.equal(state.playing, true);
  assert.deepEqual(events, ["session"]);
});

Deno.test("a rebuilt session keeps own points only while the data is the reader's own", () => {
  const { state } = started();
  state.setSession(new Session({ ...defaults(), data: "own" }, own));
  state.rebuild({ hidden: [2] });
  assert.deepEqual(state.session.points, own);
  assert.deepEqual(state.session.config.hidden, [2]);
  assert.equal(state.session.config.data, "own");
  state.rebuild({ data: "moons" });
  assert.equal(state.session.points, undefined);
  assert.equal(state.session.config.data, "moons");
});

Deno.test("retuning keeps the session and its weights; a reset pauses and starts them afresh", () => {
  const { state, events } = started();
  const session = state.session;
  session.run(5);
  const weights = [...session.stages[0].layer.W.data];
  state.retune({ lr: 0.3 });
  assert.equal(state.session, session);
  assert.equal(session.config.lr, 0.3);
  assert.deepEqual([...session.stages[0].layer.W.data], weights);
  assert.deepEqual(events, ["config"]);
  assert.equal(state.takeDirty(), true);
  state.playing = true;
  const edits = state.edits;
  state.reset();
  assert.equal(state.playing, false);
  assert.equal(session.epoch, 0);
  assert.equal(state.edits, edits + 1, "the grid's forward pass is made anew");
  assert.deepEqual(events, ["config", "playing", "reset"]);
});

Deno.test("a diverged session does not start playing", () => {
  const { state, events } = started();
  state.setSession(
    new Session({
      ...defaults(),
      hidden: [8, 8, 8],
      activations: ["identity", "identity", "identity"],
      lr: 10,
      batch: 0,
    }),
  );
  state.session.run(200);
  assert.ok(state.session.diverged);
  events.length = 0;
  state.setPlaying(true);
  assert.equal(state.playing, false);
  assert.deepEqual(events, ["playing"]);
});

Deno.test("a weight edited by hand is scored and counted; one view can be redrawn alone", () => {
  const { state } = started();
  const { session } = state;
  const before = session.scores.train.loss, edits = state.edits;
  session.stages[0].layer.W.set(0, 0, 25);
  state.weightsEdited();
  assert.notEqual(session.scores.train.loss, before);
  assert.equal(state.edits, edits + 1);
  state.invalidate("formula");
  assert.deepEqual(state.takeStale(), ["formula"]);
});

Deno.test("the focused unit moves to the output when the network no longer has it", () => {
  const { state } = started();
  state.focus = { l: 0, j: 5 };
  assert.deepEqual(state.focusedUnit(), { l: 0, j: 5 }, "the first layer has 6 units");
  state.rebuild({ hidden: [3] });
  state.focus = { l: 0, j: 5 };
  assert.deepEqual(state.focusedUnit(), { l: 1, j: 0 });
  assert.deepEqual(state.focus, { l: 1, j: 0 });
});

Deno.test("the speed line is cleared when training pauses and when it is reset", () => {
  const { state } = started();
  const speed = { textContent: "" } as HTMLElement;
  const messages = { say() {}, unsay() {} } as unknown as Messages;
  new FrameLoop(state, {} as Scheduler, messages, speed);
  state.setPlaying(true);
  speed.textContent = "1,200 epochs/s";
  state.setPlaying(false);
  assert.equal(speed.textContent, "", "after a pause");
  state.setPlaying(true);
  speed.textContent = "1,200 epochs/s";
  state.reset();
  assert.equal(speed.textContent, "", "after a reset");
});

/**
 * A scheduler over views that log their names when drawn, on a clock of its own that only
 * drawing moves: a view takes 0.1 ms, or 12 ms when it is one of the `slow`.
 */
function scheduled(state: PageState, slow: ViewName[] = []) {
  const drawn: string[] = [];
  let time = 0;
  const view = (name: string): View => ({
    draw() {
      drawn.push(name);
      time += slow.includes(name as ViewName) ? 12 : 0.1;
    },
  });
  const every: Record<ViewName, number> = {
    boundary: 0,
    network: 0,
    chart: 100,
    hidden: 120,
    gradients: 250,
    formula: 200,
  };
  const timed = Object.fromEntries(VIEW_NAMES.map((n) => [n, [view(n), every[n]]])) as Record<
    ViewName,
    [View, number]
  >;
  const scheduler = new Scheduler(
    state,
    { before: [view("scores")], timed, after: [view("note")] },
    () => time,
  );
  /** The timed views drawn by the last frames, in order, without the views of every frame. */
  const timedDrawn = () => {
    const views = drawn.filter((v) => v !== "scores" && v !== "note");
    drawn.length = 0;
    return views;
  };
  return { scheduler, drawn, timedDrawn };
}

Deno.test("paused, a frame draws every view; training, only those due, and those invalidated", () => {
  const { state } = started();
  const { scheduler, drawn, timedDrawn } = scheduled(state);
  scheduler.render(1000);
  assert.equal(drawn[0], "scores");
  assert.equal(drawn.at(-1), "note");
  assert.deepEqual(timedDrawn().sort(), [...VIEW_NAMES].sort());
  state.playing = true;
  scheduler.render(1050);
  assert.deepEqual(drawn[0], "scores");
  assert.deepEqual(drawn.at(-1), "note");
  assert.deepEqual(timedDrawn().sort(), ["boundary", "network"], "due every frame");
  // The formula is due 200 ms after it was drawn, but the probe moved: it is drawn now, first.
  state.invalidate("formula");
  scheduler.render(1060);
  const withFormula = timedDrawn();
  assert.equal(withFormula[0], "formula");
  assert.deepEqual(withFormula.slice(1).sort(), ["boundary", "network"]);
  scheduler.render(1110);
  assert.deepEqual(timedDrawn().sort(), ["boundary", "chart", "network"]);
  state.playing = false;
  scheduler.render(1140);
  assert.deepEqual(timedDrawn().sort(), [...VIEW_NAMES].sort(), "paused, every view");
});

Deno.test("training, a frame stops drawing once its time is spent and leaves the rest for later", () => {
  const { state } = started();
  const { scheduler, timedDrawn } = scheduled(state, ["boundary"]);
  scheduler.render(1000);
  timedDrawn();
  state.playing = true;
  // At 1300 every view is due. The network (quick) and the boundary (12 ms) are the most
  // overdue; once the boundary is drawn, the frame has spent its 10 ms.
  scheduler.render(1300);
  assert.deepEqual(timedDrawn(), ["network", "boundary"]);
  // 10 ms later the boundary, slow, waits four times its cost; the rest are drawn, most overdue
  // (the chart, due every 100 ms) first.
  scheduler.render(1310);
  assert.deepEqual(timedDrawn(), ["chart", "hidden", "formula", "gradients", "network"]);
});
