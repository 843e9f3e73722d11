import type { Experiment } from '../core/experiment';
import type { Dataset } from '../core/data/dataset';
import { batchSchedule } from '../core/data/loader';
import { foldSplit, kFolds } from '../core/data/split';
import {
  fitStandardizer,
  fitTargetScaler,
  scaleTarget,
  standardize,
} from '../core/data/standardize';
import { isModelScene, type DataScene } from '../core/scenes';
import { batchLoss, type DataOps } from './dataOps';
import type { FusedMlpData } from './fused/mlpKernel';
import type { TF, Tensor, Tensor1D, Tensor2D } from './tf';

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
 * k-fold cross-validation trained as one batch: every learning rate on every fold, K = k·L runs,
 * each with its own training rows and its own held-out fold (per-run data, padded to a common size
 * with weight 0). A network's inputs and target are standardised per fold with the statistics of
 * that fold's training rows only, so no fold sees its held-out rows through them. Minibatches
 * follow each fold's own DataLoader schedule (same seed), with one batch size for all.
 */
export function foldOps(tf: TF, scene: DataScene, exp: Experiment, plan: FoldPlan): DataOps {
  const { k } = plan;
  const L = exp.lrs.length;
  const K = k * L;
  const data = (i: number): Dataset => {
    if (!isModelScene(scene)) return scene.data;
    const raw = scene.raw;
    const x = standardize(raw.x, raw.f, fitStandardizer(raw.x, raw.f, plan.train[i]!));
    const y = scaleTarget(raw.y, fitTargetScaler(raw.y, plan.train[i]!));
    return { ...raw, x, y };
  };
  const perFold = Array.from({ length: k }, (_, i) => data(i));
  const F = scene.data.f;
  const owned: Tensor[] = [];
  const keep = <T extends Tensor>(t: T): T => {
    owned.push(t);
    return t;
  };

  /** Per-run rows (run r uses fold r mod k), padded: x [K, M, F], y [K, M], w [K, M]. */
  const padded = (rowsOf: (fold: number) => Int32Array) => {
    const M = Math.max(...Array.from({ length: k }, (_, i) => rowsOf(i).length));
    const x = new Float32Array(K * M * F);
    const y = new Float32Array(K * M);
    const w = new Float32Array(K * M);
    for (let r = 0; r < K; r++) {
      const i = r % k;
      const d = perFold[i]!;
      rowsOf(i).forEach((row, s) => {
        x.set(d.x.subarray(row * F, (row + 1) * F), (r * M + s) * F);
        y[r * M + s] = d.y[row]!;
        w[r * M + s] = 1;
      });
    }
    return {
      x: keep(tf.tensor3d(x, [K, M, F])),
      y: keep(tf.tensor2d(y, [K, M])),
      w: keep(tf.tensor2d(w, [K, M])),
    };
  };

  const model = batchLoss(tf, scene);

  /**
   * A network's rows per fold for the fused step kernel (fold i: its standardised training and
   * held-out rows; with minibatches its whole standardised data set and the schedule the op-by-op
   * path gathers from: rows idx[t] of fold i's copy, B per step), made only for networks.
   */
  const fusedData = (
    batches?: (i: number) => { idx: Int32Array; weight: Float32Array; B: number },
  ): FusedMlpData[] | undefined => {
    if (!isModelScene(scene)) return undefined;
    const layout = scene.layout;
    return perFold.map((d, i) => {
      const rowsOf = (rows: Int32Array) => {
        const xs = new Float32Array(rows.length * F);
        rows.forEach((row, s) => xs.set(d.x.subarray(row * F, (row + 1) * F), s * F));
        return {
          x: keep(tf.tensor2d(xs, [rows.length, F])),
          y: keep(tf.tensor1d(Float32Array.from(rows, (row) => d.y[row]!))),
        };
      };
      const tr = rowsOf(plan.train[i]!);
      const b = batches?.(i);
      return {
        layout,
        trainX: tr.x,
        trainY: tr.y,
        val: rowsOf(plan.folds[i]!),
        ...(b
          ? {
              batches: {
                x: keep(tf.tensor2d(Float32Array.from(d.x), [scene.data.n, F])),
                y: keep(tf.tensor1d(Float32Array.from(d.y))),
                idx: keep(tf.tensor2d(b.idx, [exp.steps, b.B], 'int32')),
                weight: keep(tf.tensor2d(b.weight, [exp.steps, b.B])),
              },
            }
          : {}),
      };
    });
  };

  const train = padded((i) => plan.train[i]!);
  const val = padded((i) => plan.folds[i]!);
  const fullLoss = (theta: Tensor2D) => model.loss(theta, train.x, train.y, train.w) as Tensor1D;
  const base = {
    loss: fullLoss,
    validation: (theta: Tensor2D) => model.loss(theta, val.x, val.y, val.w) as Tensor1D,
    dispose: () => tf.dispose(owned),
  };
  const smallest = Math.min(...plan.train.map((t) => t.length));
  const minibatch = exp.batchSize > 0 && exp.batchSize < smallest;
  if (!minibatch) {
    const fusedFolds = fusedData();
    return {
      ...base,
      ...(fusedFolds ? { fusedFolds } : {}),
      lossAndGrad: (theta) => model.lossAndGrad(theta, train.x, train.y, train.w),
    };
  }

  // One schedule per fold (the same seed), then per run: idx and weights [T, K, B].
  const T = exp.steps;
  const loader = { batchSize: exp.batchSize, shuffle: exp.shuffle, dropLast: exp.dropLast };
  const schedules = plan.train.map((rows) => batchSchedule(rows, loader, exp.seed, T));
  const B = Math.min(...schedules.map((s) => s.B));
  const idx = new Int32Array(T * K * B);
  const wts = new Float32Array(T * K * B);
  for (let t = 0; t < T; t++) {
    for (let r = 0; r < K; r++) {
      const sch = schedules[r % k]!;
      for (let b = 0; b < B; b++) {
        // Rows of the whole data set, offset into the fold's own (standardised) copy below.
        idx[(t * K + r) * B + b] = (r % k) * scene.data.n + sch.idx[t * sch.B + b]!;
        wts[(t * K + r) * B + b] = sch.weight[t * sch.B + b]!;
      }
    }
  }
  // Every fold's copy of the data, stacked: fold i's row j is row i·n + j.
  const n = scene.data.n;
  const allX = new Float32Array(k * n * F);
  const allY = new Float32Array(k * n);
  perFold.forEach((d, i) => {
    allX.set(d.x, i * n * F);
    allY.set(d.y, i * n);
  });
  const xAll = keep(tf.tensor2d(allX, [k * n, F]));
  const yAll = keep(tf.tensor1d(allY));
  const idxT = keep(tf.tensor2d(idx, [T, K * B], 'int32'));
  const wT = keep(tf.tensor2d(wts, [T, K * B]));
  // Fold i's schedule as the op-by-op path reads it: its first B rows of each step.
  const fusedFolds = fusedData((i) => {
    const sch = schedules[i]!;
    const idxI = new Int32Array(T * B);
    const wI = new Float32Array(T * B);
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        idxI[t * B + b] = sch.idx[t * sch.B + b]!;
        wI[t * B + b] = sch.weight[t * sch.B + b]!;
      }
    }
    return { idx: idxI, weight: wI, B };
  });
  return {
    ...base,
    ...(fusedFolds ? { fusedFolds } : {}),
    recordedLoss: fullLoss,
    lossAndGrad: (theta, t) => {
      if (t === undefined) return model.lossAndGrad(theta, train.x, train.y, train.w);
      const i = tf.reshape(tf.slice(idxT, [t, 0], [1, K * B]), [K * B]);
      return model.lossAndGrad(
        theta,
        tf.reshape(tf.gather(xAll, i), [K, B, F]),
        tf.reshape(tf.gather(yAll, i), [K, B]),
        tf.reshape(tf.slice(wT, [t, 0], [1, K * B]), [K, B]),
      );
    },
  };
}
