// The second script of the playground page, loaded only when a workbook is
// asked for: the library's workbook exporter with the exceljs package's own
// browser build (about 1.8 MB, which the page does not need until then). It
// carries its own copy of the library, so the network arrives as JSON.
import { Tensor } from "../lib/core/mod.ts";
import { exportWorkbook } from "../lib/excel/mod.ts";
import { networkFromJson } from "./network.ts";

globalThis.nnPlaygroundWorkbook = async (network, data) =>
  new Uint8Array(
    await exportWorkbook(networkFromJson(network), {
      X: Tensor.from(data.X),
      y: Tensor.from(data.y),
      lr: data.lr,
      steps: data.steps,
      loss: data.loss,
    }),
  );
