/**
 * tfjs for the browser worker: the core with its gradients, chained ops and the cpu backend, which
 * the first figure needs; WebGL, WebGPU and WASM are separate chunks, loaded when a request or the
 * `auto` probe asks for them. The worker chunk with all four backends was 2.35 MB and took about a
 * second to load before the first training could start (BENCHMARKS.md). Importing the WebGPU
 * backend registers it only where `navigator.gpu` exists at import (tfjs 4.22), which is what we want.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
// Some of tfjs' own gradient functions call chained ops (`onesLike(x).asType(…)` in the gradient
// that tf.valueAndGrad of a network's loss needs); the umbrella package registers them, core alone
// does not.
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendName } from '../train/backend';
import type { TF } from '../train/tf';
import { shareDevice } from './gpuDevice';

export const browserTf: TF = tf;

/** The WebGPU backend's chunk, imported once, its factory then given the early device (shareDevice). */
let webgpuLoaded: Promise<void> | undefined;

/** Each backend's chunk, imported once (a second import is the same module, registered once). */
const LOADERS: Record<Exclude<BackendName, 'cpu'>, () => Promise<unknown>> = {
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  webgpu: () =>
    (webgpuLoaded ??= import('@tensorflow/tfjs-backend-webgpu').then((m) =>
      shareDevice(tf, m.WebGPUBackend),
    )),
  wasm: () => import('./wasmBackend'),
};

/** Loads a backend's code, so that it registers itself with tfjs (cpu is always there). */
export async function loadBackend(name: BackendName): Promise<void> {
  if (name !== 'cpu') await LOADERS[name]();
}
