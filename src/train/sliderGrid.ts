import { setUp, type Experiment } from '../core/experiment';
import { sliderLrs } from '../core/lrSlider';
import { trainLrs } from './experiment';
import type { BackendName } from '../core/backends';
import type { SliderGrid } from '../protocol/results';

export type { SliderGrid } from '../protocol/results';
import type { TF } from './tf';
import type { TrainOptions } from './trainer';

/**
 * Backends on which a row of the grid is bit for bit the run a smaller batch would give: their
 * kernels compute each element on its own, so the numbers of a run do not depend on K (tested in
 * tests/train/sliderGrid.test.ts). On webgl and webgpu a batched matMul may tile differently with
 * K, so there a grid row is only a preview until the exact run arrives.
 */
export const GRID_EXACT_BACKENDS: readonly BackendName[] = ['cpu', 'wasm'];

/** Above this many steps the grid would cost more memory and time than it saves. */
export const SLIDER_GRID_MAX_STEPS = 500;

/**
 * Trains every learning rate the scene's slider can produce (a few hundred) as one batch. Whole
 * trajectories are dispatch-bound (docs/THEORY.md, Dispatch-bound training), so this costs about
 * as much as training one run,
 * and afterwards any slider move can be drawn at once from these rows while the exact run trains.
 */
export async function trainSliderGrid(
  tf: TF,
  exp: Experiment,
  hooks: TrainOptions = {},
): Promise<SliderGrid | null> {
  if (exp.steps > SLIDER_GRID_MAX_STEPS) return null;
  const lrs = sliderLrs(setUp(exp).scene.lrRange);
  const out = await trainLrs(tf, exp, lrs, hooks);
  return out && { experiment: { ...exp, lrs }, losses: out.losses, paths: out.paths };
}
