// The numbers in the bar and under the plot: the epoch, and the loss and the
// accuracy on the training and the test points.
import { fmt, pct, setText } from "../_dom.ts";
import type { View } from "../loop.ts";
import type { PageState } from "../state.ts";

export interface ScoreElements {
  epoch: HTMLElement;
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
    setText(els.trainLoss, fmt(train.loss));
    setText(els.testLoss, fmt(test.loss));
    setText(els.scoreTrainLoss, fmt(train.loss, 6));
    setText(els.scoreTestLoss, fmt(test.loss, 6));
    setText(els.scoreTrainAcc, pct(train.accuracy));
    setText(els.scoreTestAcc, pct(test.accuracy));
  }
}
