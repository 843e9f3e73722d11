import type { Experiment } from '../core/experiment';
import { batchSchedule, type BatchSchedule } from '../core/data/loader';
import type { DataScene } from '../core/scenes';
import { sceneOps, weightedMse } from './sceneLoss';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';
import type { StepOps } from './trainer';

/** The ops of a data scene for the trainer, and what the page shows about its batches. */
export interface DataOps extends StepOps {
  /** The minibatch schedule; undefined for full-batch descent. */
  readonly schedule?: BatchSchedule;
  dispose(): void;
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
  const mse = weightedMse(tf);
  const { x, y } = scene.data;
  const row = (rows: ArrayLike<number>, v: Float64Array) =>
    tf.tensor2d(
      Float32Array.from(rows, (i) => v[i]!),
      [1, rows.length],
    );
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };

  const val = scene.split.val;
  let validation: ((theta: Tensor2D) => Tensor1D) | undefined;
  if (val.length > 0) {
    const xv = keep(row(val, x));
    const yv = keep(row(val, y));
    const wv = keep(tf.onesLike(xv));
    validation = (theta) => mse(theta, xv, yv, wv).loss;
  }

  const m = scene.split.train.length;
  const minibatch = exp.batchSize > 0 && exp.batchSize < m;
  if (!minibatch) {
    return {
      loss: full.loss,
      lossAndGrad: full.lossAndGrad,
      validation,
      dispose: () => {
        full.dispose();
        tf.dispose(owned);
      },
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
  const xAll = keep(tf.tensor1d(Float32Array.from(x)));
  const yAll = keep(tf.tensor1d(Float32Array.from(y)));
  const idx = keep(tf.tensor2d(schedule.idx, [exp.steps, B], 'int32'));
  const weight = keep(tf.tensor2d(schedule.weight, [exp.steps, B]));
  const batchOf = (t: number) => {
    const i = tf.reshape(tf.slice(idx, [t, 0], [1, B]), [B]);
    return {
      xb: tf.reshape(tf.gather(xAll, i), [1, B]) as Tensor2D,
      yb: tf.reshape(tf.gather(yAll, i), [1, B]) as Tensor2D,
      wb: tf.slice(weight, [t, 0], [1, B]) as Tensor2D,
    };
  };
  return {
    schedule,
    loss: full.loss,
    recordedLoss: full.loss,
    lossAndGrad: (theta, t) => {
      if (t === undefined) return full.lossAndGrad(theta);
      const { xb, yb, wb } = batchOf(t);
      return mse(theta, xb, yb, wb);
    },
    validation,
    dispose: () => {
      full.dispose();
      tf.dispose(owned);
    },
  };
}
