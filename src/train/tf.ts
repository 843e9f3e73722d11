/**
 * Types only: code in src/train receives tfjs as a parameter. The worker passes tfjs-core with the
 * browser backends (src/worker/tfBrowser.ts); Node tests and benchmarks pass `@tensorflow/tfjs` with
 * cpu or wasm. Both are the same API, so no file here picks a build or a backend by importing it.
 */
import type * as tfcore from '@tensorflow/tfjs-core';

export type TF = typeof tfcore;
export type Tensor = tfcore.Tensor;
export type Tensor1D = tfcore.Tensor1D;
export type Tensor2D = tfcore.Tensor2D;
