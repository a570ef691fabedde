// The drawing pad: a canvas the reader draws on with a mouse, a finger or a
// pen (pointer events), whose ink is read back as values in [0, 1].

/** The stroke's width in canvas pixels: on the 280-pixel pad, about MNIST's strokes once scaled. */
export const STROKE = 22;

export class DrawingPad {
  readonly #ctx: CanvasRenderingContext2D;
  #last?: { x: number; y: number };
  #empty = true;

  /** `changed` is called after every piece of stroke drawn and after a clear. */
  constructor(readonly canvas: HTMLCanvasElement, readonly changed: () => void) {
    this.#ctx = canvas.getContext("2d", { willReadFrequently: true })!;
    canvas.addEventListener("pointerdown", (e) => {
      e.preventDefault();
      // A stroke that leaves the pad keeps drawing until the button or finger is lifted (an event
      // made by a script has no pointer to capture).
      if (e.isTrusted) canvas.setPointerCapture(e.pointerId);
      this.#last = this.#at(e);
      this.#line(this.#last, this.#last);
    });
    canvas.addEventListener("pointermove", (e) => {
      if (!this.#last) return;
      const to = this.#at(e);
      this.#line(this.#last, to);
      this.#last = to;
    });
    const end = () => (this.#last = undefined);
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
  }

  get empty(): boolean {
    return this.#empty;
  }

  /** The point of the canvas under the pointer, in canvas pixels. */
  #at(e: PointerEvent) {
    const r = this.canvas.getBoundingClientRect();
    return {
      x: (e.clientX - r.left) * this.canvas.width / r.width,
      y: (e.clientY - r.top) * this.canvas.height / r.height,
    };
  }

  #line(from: { x: number; y: number }, to: { x: number; y: number }): void {
    const ctx = this.#ctx;
    ctx.strokeStyle = "#111";
    ctx.lineWidth = STROKE;
    ctx.lineCap = "round";
    ctx.lineJoin = "round";
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x + (from === to ? 0.01 : 0), to.y);
    ctx.stroke();
    this.#empty = false;
    this.changed();
  }

  clear(): void {
    this.#ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    this.#empty = true;
    this.changed();
  }

  /** The ink of every canvas pixel, row by row: its opacity, in [0, 1]. */
  ink(): Float64Array {
    const { width, height } = this.canvas;
    const rgba = this.#ctx.getImageData(0, 0, width, height).data;
    const ink = new Float64Array(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3] / 255;
    return ink;
  }
}
