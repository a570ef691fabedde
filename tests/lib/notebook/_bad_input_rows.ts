// Bad input to nn/notebook: each row a call and the message it must fail with. The test that
// every public function has a row, and the checks across parts, are in ../bad_input_test.ts.
import {
  checkAnswer,
  checked,
  decisionBoundary,
  diagram,
  display,
  encodePng,
  figureRow,
  fitLive,
  htmlTable,
  imageGrid,
  loadCars,
  loadMnist,
  lossCurve,
  mlp,
  plot,
  saveArtifact,
  Tensor,
  vegaLite,
} from "nn";
import { as, type Group, type Row, t22, withNaN, X, y } from "../_bad_input.ts";

export const groups: Group[] = [
  {
    name: "non-finite numbers and holes, by every door",
    rows: [
      [
        "decisionBoundary",
        "X with a NaN",
        () => decisionBoundary((P) => P, { X: withNaN(X), y }),
        /The dataset's X must hold finite numbers/,
      ],
    ],
  },
  {
    name: "figures and tables",
    rows: [
      [
        "lossCurve",
        "a negative width",
        () => lossCurve([1, 0.5], { width: -10 }),
        /lossCurve's width must be a number of pixels > 0, got -10/,
      ],
      [
        "lossCurve",
        "a NaN domain",
        () => lossCurve([1, 0.5], { yDomain: [NaN, 1] }),
        /lossCurve's yDomain must be \[low, high\] with finite low < high/,
      ],
      [
        "lossCurve",
        "no series",
        () => lossCurve({}),
        /lossCurve needs at least one series of losses, got an empty object/,
      ],
      [
        "decisionBoundary",
        "a NaN threshold",
        () => decisionBoundary((P) => P, { X, y }, { threshold: NaN }),
        /decisionBoundary's threshold must be a finite number, got NaN/,
      ],
      [
        "decisionBoundary",
        "an inverted domain",
        () => decisionBoundary((P) => P, { X, y }, { domain: [[1, 0], [0, 1]] }),
        /decisionBoundary's x domain must be \[low, high\] with finite low < high/,
      ],
      [
        "decisionBoundary",
        "a key of one name",
        () => decisionBoundary((P) => P, { X, y }, { key: as<[string, string]>(["inner"]) }),
        /decisionBoundary's key must be two class names such as \["inner", "outer"\], or false, got/,
      ],
      [
        "diagram",
        "an edge to a node that does not exist",
        () => diagram([{ id: "a", label: "a", x: 10, y: 10 }], [["a", "b"]]),
        /A diagram edge joins nodes that do not exist/,
      ],
      [
        "decisionBoundary",
        "a label that would not be drawn",
        () => decisionBoundary((P) => P, { X, y: Tensor.column([0, 1, 2, 0]) }),
        /decisionBoundary draws labels 0 and 1, but sample 2 has label 2/,
      ],
      [
        "plot",
        "a negative height",
        () => plot({ height: -1, marks: [] }),
        /plot's height must be a number of pixels > 0, got -1/,
      ],
      [
        "htmlTable",
        "rows with no columns",
        () => htmlTable([{}]),
        /htmlTable's first row has no columns/,
      ],
      [
        "htmlTable",
        "a key the header lacks",
        () => htmlTable([{ a: 1 }, as<{ a: number }>({ a: 2, b: 3 })]),
        /htmlTable's row 1 has "b", which the first row \(the header\) lacks/,
      ],
      [
        "htmlTable",
        "an object in a cell",
        () => htmlTable([{ a: as<string>({}) }]),
        /row 0, column "a" is an object: cells must be strings, numbers or booleans/,
      ],
      [
        "figureRow",
        "captions that do not match",
        () => figureRow([lossCurve([1])], { captions: ["a", "b"] }),
        /figureRow's captions must be 1 strings, one per figure, got an array of length 2/,
      ],
      [
        "figureRow",
        "something that is not a figure",
        () => figureRow([as<never>(42)]),
        /figureRow's figure 0 is 42, not a figure/,
      ],
      ["display", "an empty bundle", () => display({}), /display needs a non-empty MIME bundle/],
      [
        "checked",
        "no message",
        () => checked(""),
        /checked needs a message saying what was proven/,
      ],
    ],
  },
  {
    name: "arguments of the wrong kind or shape",
    rows: [
      [
        "encodePng",
        "too few bytes",
        () => encodePng(new Uint8Array(5), { width: 2, height: 2 }),
        /A 2×2 RGB image needs 12 bytes, got a Uint8Array of 5 bytes/,
      ],
      [
        "imageGrid",
        "images of the wrong size",
        () => imageGrid(t22(), { width: 3, height: 3 }),
        /Images of 3×3 pixels need 9 values each, but each row has 2/,
      ],
      [
        "checkAnswer",
        "a negative tolerance",
        () => checkAnswer(1, 2, { tolerance: -1 }),
        /checkAnswer's tolerance must be a finite number ≥ 0, got -1/,
      ],
    ],
  },
];

// Promises: errors of async functions arrive as rejections, so .catch() sees them.
export const asyncRows: Row[] = [
  [
    "loadMnist",
    "a misspelt option (a missing folder is tested where files may be read)",
    () => loadMnist(as<{ dir: string }>({ dirr: "/data" })),
    /loadMnist has no option "dirr": it takes dir/,
  ],
  [
    "loadCars",
    "a misspelt option (a missing file is tested where files may be read)",
    () => loadCars(as<{ file: string }>({ path: "cars.json" })),
    /loadCars has no option "path": it takes file/,
  ],
  [
    "fitLive",
    "no display function",
    () => fitLive(mlp([2, 2, 1]), X, y, { lr: 0.1, epochs: 1 }, as<never>({})),
    /fitLive needs \{ display: Deno.jupyter.display \} as its last argument, got an object/,
  ],
  [
    "vegaLite",
    "no specification",
    () => vegaLite(as<Record<string, unknown>>(null)),
    /vegaLite needs a Vega-Lite specification object, got null/,
  ],
  [
    "vegaLite",
    "an unknown mark type",
    () => vegaLite({ data: { values: [{ a: 1 }] }, mark: "pointy" }),
    /vegaLite's spec\.mark must be one of arc, area, bar, .* got "pointy"/,
  ],
  [
    "vegaLite",
    "an unknown mark type in a layer",
    () => vegaLite({ layer: [{ mark: "line" }, { mark: { type: "dots" } }] }),
    /vegaLite's spec\.layer\[1\]\.mark must be one of .* got "dots"/,
  ],
  [
    "saveArtifact",
    "a path outside the site",
    () => saveArtifact("../x.xlsx", new Uint8Array(1)),
    /saveArtifact needs a relative path inside the site, such as "workbooks\/x.xlsx", got "..\/x.xlsx"/,
  ],
];
