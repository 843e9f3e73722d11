import type { Experiment } from '../core/experiment';

export const BACKEND_CHOICES = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** Everything needed to reproduce a run. It lives in the URL and nowhere else. */
export interface LabState extends Experiment {
  readonly backend: BackendChoice;
}

/** Limits on everything that costs time or memory, so that no URL can freeze a tab. */
export const LIMITS = {
  runs: { min: 1, max: 8 },
  lr: { min: 1e-6, max: 1e6 },
  steps: { min: 1, max: 2000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  kappa: { min: 1, max: 1000 },
  noise: { min: 0, max: 10 },
  /** Longest query string read at all. */
  queryChars: 4096,
} as const;
