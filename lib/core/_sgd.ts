// The SGD update's loop, shared by the checked `sgdUpdate` and the fast workspace, whose
// settings are checked once. Internal to the library.

/** `sgdUpdate` without its checks, for a training step whose settings were checked once. */
export function sgdUpdateTrusted(
  w: Float64Array,
  g: Float64Array,
  v: Float64Array,
  lr: number,
  momentum: number,
  weightDecay: number,
): void {
  const n = w.length;
  if (weightDecay === 0) {
    if (momentum > 0) {
      for (let i = 0; i < n; i++) {
        v[i] = momentum * v[i] + g[i];
        w[i] -= lr * v[i];
      }
    } else {
      for (let i = 0; i < n; i++) w[i] -= lr * g[i];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    const gi = g[i] + weightDecay * w[i];
    if (momentum > 0) {
      v[i] = momentum * v[i] + gi;
      w[i] -= lr * v[i];
    } else {
      w[i] -= lr * gi;
    }
  }
}
