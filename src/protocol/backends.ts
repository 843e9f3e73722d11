import type { BackendName } from '../core/backends';
import type { SceneId } from '../core/scenes';

/** Milliseconds per training step measured by the probe, per backend that started (its best path). */
export type ProbeTimes = Partial<Record<BackendName, number>>;

/** One measured candidate of `auto`: a backend, trained fused (src/train/fused) or op by op. */
export interface ProbePair {
  readonly backend: BackendName;
  readonly fused: boolean;
  readonly ms: number;
}

/** What the active backend holds after a training: the soak and load tests read it from the panel. */
export interface BackendMemory {
  /** Live tensors (`tf.memory().numTensors`). */
  readonly tensors: number;
  /** Bytes held by those tensors. */
  readonly bytes: number;
  /** WebGPU only: buffers in use by the backend's buffer manager (pooled free ones not counted). */
  readonly gpuBuffers?: number;
}

/**
 * Scenes that train alike, so one probe speaks for all of them: the analytic surfaces (a fused
 * kernel advances every run by a whole chunk in microseconds), the two-parameter regression
 * (op by op over minibatches) and the network (matrix products over rows).
 */
export type SceneKind = 'analytic' | 'data' | 'network';

export const SCENE_KIND = {
  valley: 'analytic',
  quadratic: 'analytic',
  rosenbrock: 'analytic',
  saddle: 'analytic',
  himmelblau: 'analytic',
  formula: 'analytic',
  linreg: 'data',
  cars: 'network',
  csv: 'network',
} as const satisfies Record<SceneId, SceneKind>;
