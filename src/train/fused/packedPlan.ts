import { VERSION_RULES, type Experiment } from '../../core/experiment';
import { optimizerGroups } from '../../core/runOptimizers';
import { isModelScene, makeScene } from '../../core/scenes';
import { networkPathEvery } from '../../core/scenes/cars';
import { experimentFolds } from '../../core/data/foldPlan';
import { streamChunk } from '../partial';
import { packedShape, type PackedShape } from './packedMlp';
import { packedScratch } from './webgpuMlp';

/**
 * The packed step's shapes a network experiment trains with on WebGPU, as the page's training
 * service trains it (src/train/experiment.ts runExperiment, streaming its curves, fused): one per
 * optimizer group, K its runs (with k-fold, every fold's: one call for all), the
 * validation rows a data split or a fold holds, minibatches where the batch is smaller than the
 * training rows (the smallest fold's), the gradient noise (T·P numbers shared by all runs,
 * core/noise.ts) where σ > 0. Empty for an experiment that trains no network fused on WebGPU, or
 * whose scene cannot be made here (a user's table not yet sent). The worker entry compiles these
 * before tfjs loads (aheadPipelines.ts); tests/train/packedPlan.test.ts holds them to the shapes the
 * trainer then uses.
 */
export function plannedPackedShapes(
  exp: Experiment,
  architecture: string | undefined,
): PackedShape[] {
  let scene;
  try {
    scene = makeScene(exp.scene, exp);
  } catch {
    return [];
  }
  if (!isModelScene(scene)) return [];
  const { split, layout } = scene;
  const plan = experimentFolds(scene, exp.folds);
  const folds: readonly string[] = VERSION_RULES[exp.version].fusedFolds;
  if (plan && !folds.includes('webgpu')) return [];
  const k = plan?.k ?? 1;
  const trainRows = plan ? Math.min(...plan.train.map((t) => t.length)) : split.train.length;
  const choice = {
    val: plan !== undefined || split.val.length > 0,
    batch: exp.batchSize > 0 && exp.batchSize < trainRows,
    noise: exp.noise > 0 ? (1 as const) : (0 as const),
    every: networkPathEvery(exp.lrs.length * k, exp.steps, layout.P),
    wanted: streamChunk(exp.steps),
    scratch: packedScratch(architecture, layout),
  };
  return optimizerGroups(exp, exp.lrs.length).map((g) =>
    packedShape(layout, { ...exp, ...g.spec }, { ...choice, K: g.runs.length * k }),
  );
}
