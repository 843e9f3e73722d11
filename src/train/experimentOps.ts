import type { Experiment } from '../core/experiment';
import { isDataScene, makeScene } from '../core/scenes';
import { dataOps, type DataOps } from './dataOps';
import { sceneOps } from './sceneLoss';
import type { TF } from './tf';

/**
 * The ops every trainer of an experiment uses (its runs, the slider grid, the sweep, the probe):
 * a data scene's minibatches and validation set, or an analytic scene's loss, so that all of them
 * train the very same runs.
 */
export function experimentOps(tf: TF, exp: Experiment): DataOps {
  const scene = makeScene(exp.scene, exp);
  return isDataScene(scene) ? dataOps(tf, scene, exp) : sceneOps(tf, exp.scene, exp);
}
