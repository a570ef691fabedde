// The numbers in the bar and under the plot: the epoch, and the loss and the
// accuracy on the training and the test points. While training, scores are
// computed every so often, so they can be of an earlier epoch than the one
// shown: they say which.
import { fmt, pct, setText } from "../_dom.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";
import { epochLabel } from "../session.ts";

export interface ScoreElements {
  epoch: HTMLElement;
  /** The epoch whose weights the scores are of. */
  scoreEpoch: HTMLElement;
  /** The losses in the bar, to 4 digits. */
  trainLoss: HTMLElement;
  testLoss: HTMLElement;
  /** The scores under the plot: losses to 6 digits, accuracies. */
  scoreTrainLoss: HTMLElement;
  scoreTestLoss: HTMLElement;
  scoreTrainAcc: HTMLElement;
  scoreTestAcc: HTMLElement;
}

export class ScoresView implements View {
  constructor(readonly state: PageState, readonly els: ScoreElements) {}

  draw(): void {
    const { session } = this.state, els = this.els;
    setText(els.epoch, session.epoch.toLocaleString("en"));
    const { train, test } = session.scores;
    const of = epochLabel(session.scoredEpoch, session.scoredSteps);
    setText(els.scoreEpoch, of);
    for (const el of [els.trainLoss, els.testLoss]) el.title = `the loss of ${of}`;
    setText(els.trainLoss, fmt(train.loss));
    setText(els.testLoss, fmt(test.loss));
    setText(els.scoreTrainLoss, fmt(train.loss, 6));
    setText(els.scoreTestLoss, fmt(test.loss, 6));
    setText(els.scoreTrainAcc, pct(train.accuracy));
    setText(els.scoreTestAcc, pct(test.accuracy));
  }
}
