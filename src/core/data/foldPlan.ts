import { isDataScene, type DataScene, type Scene } from '../scenes';
import { foldSplit, kFolds } from './split';

/** How k-fold cross-validation lays out its runs: run r = j·k + i is learning rate j on fold i. */
export interface FoldPlan {
  readonly k: number;
  /** Held-out (validation) rows of each fold. */
  readonly folds: Int32Array[];
  /** Training rows of each fold: all the other folds. */
  readonly train: Int32Array[];
}

/** The folds of a data scene: its training and validation rows together, cut into k (the test rows stay out). */
export function foldPlan(scene: DataScene, k: number): FoldPlan {
  const pool = new Int32Array(scene.split.train.length + scene.split.val.length);
  pool.set(scene.split.train);
  pool.set(scene.split.val, scene.split.train.length);
  const folds = kFolds(pool, k);
  return { k, folds, train: folds.map((_, i) => foldSplit(folds, i).train) };
}

/**
 * The folds an experiment's runs train on: k-fold cross-validation where it asks for `folds` ≥ 2
 * of a data scene, at most one fold per row; none otherwise.
 */
export function experimentFolds(scene: Scene, folds: number): FoldPlan | undefined {
  if (!isDataScene(scene)) return undefined;
  const pool = scene.split.train.length + scene.split.val.length;
  return folds >= 2 && pool >= 2 ? foldPlan(scene, Math.min(folds, pool)) : undefined;
}
