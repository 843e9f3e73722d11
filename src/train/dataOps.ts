import type { Experiment } from '../core/experiment';
import { batchSchedule, type BatchSchedule } from '../core/data/loader';
import { isModelScene, type DataScene } from '../core/scenes';
import { mlpOps } from './mlpOps';
import { sceneOps, weightedMse } from './sceneLoss';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';
import type { FusedMlpData } from './fused/mlpKernel';
import type { StepOps } from './trainer';

/** The ops of a data scene for the trainer, and what the page shows about its batches. */
export interface DataOps extends StepOps {
  /** The minibatch schedule; undefined for full-batch descent. */
  readonly schedule?: BatchSchedule;
  dispose(): void;
}

/**
 * A model's weighted loss for θ [K, P] on rows shared by all runs — x [B, F], y [B], w [B] — or
 * one batch per run — x [K, B, F], y [K, B], w [K, B] (k-fold).
 */
export interface BatchLoss {
  lossAndGrad(theta: Tensor2D, x: Tensor, y: Tensor, w: Tensor): { loss: Tensor1D; grad: Tensor2D };
  loss(theta: Tensor2D, x: Tensor, y: Tensor, w: Tensor): Tensor1D;
}

export function batchLoss(tf: TF, scene: DataScene): BatchLoss {
  if (isModelScene(scene)) {
    const mlp = mlpOps(tf, scene.layout);
    return { lossAndGrad: mlp.lossAndGrad, loss: mlp.loss };
  }
  // The line takes its single feature as rows: [1, B] shared, [K, B] per run.
  const mse = weightedMse(tf);
  const flat = (theta: Tensor2D, x: Tensor, y: Tensor, w: Tensor) => {
    const rows = x.rank === 3 ? (x.shape[0] ?? 1) : 1;
    const row = (t: Tensor) => tf.reshape(t, [rows, -1]) as Tensor2D;
    return mse(theta, row(x), row(y), row(w));
  };
  return { lossAndGrad: flat, loss: (...a) => flat(...a).loss };
}

/**
 * A data scene trained on minibatches (src/core/data/loader.ts: the same batches, in the same
 * order, for every run): step t's update sees batch t; the recorded training loss is that of the
 * whole training set, so the curves compare runs rather than batches; the validation loss is
 * measured on the validation rows at every step. Full-batch descent when batchSize is 0 or covers
 * the training set.
 */
export function dataOps(tf: TF, scene: DataScene, exp: Experiment): DataOps {
  const full = sceneOps(tf, scene.id, exp);
  const model = batchLoss(tf, scene);
  const { f, x, y } = scene.data;
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };
  const rowsOf = (rows: Int32Array) => {
    const xs = new Float32Array(rows.length * f);
    rows.forEach((i, r) => xs.set(x.subarray(i * f, (i + 1) * f), r * f));
    return {
      x: keep(tf.tensor2d(xs, [rows.length, f])),
      y: keep(tf.tensor1d(Float32Array.from(rows, (i) => y[i]!))),
      w: keep(tf.ones([rows.length]) as Tensor1D),
    };
  };
  const dispose = () => {
    full.dispose();
    tf.dispose(owned);
  };

  const val = scene.split.val.length > 0 ? rowsOf(scene.split.val) : undefined;
  const validation = val && ((theta: Tensor2D) => model.loss(theta, val.x, val.y, val.w));
  // A network's rows for the fused step kernel (src/train/fused/), made only for networks.
  const train = isModelScene(scene) ? rowsOf(scene.split.train) : undefined;
  const fused = (batches?: FusedMlpData['batches']): FusedMlpData | undefined =>
    train && isModelScene(scene)
      ? {
          layout: scene.layout,
          trainX: train.x,
          trainY: train.y,
          ...(batches ? { batches } : {}),
          ...(val ? { val: { x: val.x, y: val.y } } : {}),
        }
      : undefined;

  const m = scene.split.train.length;
  if (!(exp.batchSize > 0 && exp.batchSize < m)) {
    const fusedMlp = fused();
    return {
      loss: full.loss,
      lossAndGrad: full.lossAndGrad,
      validation,
      dispose,
      ...(fusedMlp ? { fusedMlp } : {}),
    };
  }

  const schedule = batchSchedule(
    scene.split.train,
    { batchSize: exp.batchSize, shuffle: exp.shuffle, dropLast: exp.dropLast },
    exp.seed,
    exp.steps,
  );
  const { B } = schedule;
  // Every row of the data once on the device; each step gathers its batch by index.
  const all = rowsOf(Int32Array.from({ length: scene.data.n }, (_, i) => i));
  const idx = keep(tf.tensor2d(schedule.idx, [exp.steps, B], 'int32'));
  const weight = keep(tf.tensor2d(schedule.weight, [exp.steps, B]));
  const fusedMlp = fused({ x: all.x, y: all.y, idx, weight });
  return {
    ...(fusedMlp ? { fusedMlp } : {}),
    schedule,
    loss: full.loss,
    recordedLoss: full.loss,
    lossAndGrad: (theta, t) => {
      if (t === undefined) return full.lossAndGrad(theta);
      const i = tf.reshape(tf.slice(idx, [t, 0], [1, B]), [B]);
      return model.lossAndGrad(
        theta,
        tf.gather(all.x, i),
        tf.gather(all.y, i),
        tf.reshape(tf.slice(weight, [t, 0], [1, B]), [B]),
      );
    },
    validation,
    dispose,
  };
}
