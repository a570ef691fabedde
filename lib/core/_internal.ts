// The core's internals that the library's other parts (the fast path, the workbooks, the
// notebook helpers, the playground) share: argument checks with the core's wording, and the
// trusted kernels of the one pass over stages and the SGD update, whose callers check shapes and
// settings once. The one door into the core's private files; not public API (`nn/core` is).
export {
  checkAllFinite,
  checkFinite,
  checkFiniteTensor,
  checkFunction,
  checkInstance,
  checkIntInRange,
  checkLayerLike,
  checkOptions,
  checkPositive,
  checkPositiveInt,
  checkSameShape,
  checkTensor,
  describe,
  shapeOf,
} from "./_validate.ts";
export {
  allocatePass,
  checkProducts,
  firstNonFiniteStage,
  type PassBuffers,
  runBackward,
  runForward,
  stridedProduct,
} from "./_pass.ts";
export { OPTIMIZER_OPTIONS, optimizerOptionsOf, OptimizerState, sgdUpdateTrusted } from "./_sgd.ts";
export { dropoutLayersOf, planSettings, setTraining } from "./_training.ts";
