/**
 * Issue 7's MLP throughput: the cars network trained K times by the float64 scalar reference in
 * plain loops (src/core/models/mlp.ts + referenceUpdate) against the batched tfjs trainer, unfused
 * (src/train/mlpOps.ts, one op graph per step) and fused (src/train/fused/, one kernel dispatch per
 * step), on tfjs' cpu and wasm backends in Node.
 *
 * The unit is net-epochs per second: one network trained over one epoch of the training rows, with
 * what the app computes at every step — the minibatch's loss and gradient, the optimizer update, the
 * training loss on all training rows (the curve) and the validation loss (early stopping) — so both
 * sides do the same arithmetic. Every ratio is taken against the reference timed in the same process,
 * the two interleaved per repetition (alternating which goes first), median of the per-repetition
 * ratios. Times are the process's CPU time (see `timed`). Run alone with
 * `npx tsx bench/mlpThroughput.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { setUp, type Experiment } from '../src/core/experiment';
import { batchSchedule } from '../src/core/data/loader';
import { mlpLoss, mlpLossAndGrad } from '../src/core/models/mlp';
import { referenceState, referenceUpdate } from '../src/core/optimizers';
import { makeScene, type ModelScene } from '../src/core/scenes';
import { trainRequest } from '../src/train/experiment';
import { experimentOps } from '../src/train/experimentOps';
import type { TF } from '../src/train/tf';
import { benchExperiment, networkRates } from './experiment';
import { quietStart } from './quietStart';
import { trainBatched } from '../src/train/trainer';
import { metric, type Metric } from './results';
import { median, sig } from './stats';

const tfx = tf as unknown as TF;

export const MLP_KS = [1, 4, 16, 64, 256] as const;
/** The app's default network and the overfitting preset's 2 × 32. */
export const MLP_SHAPES = [
  { width: 16, depth: 1, ks: MLP_KS },
  // 13× the parameters: K = 256 would take the reference alone most of the bench's minute.
  { width: 32, depth: 2, ks: [1, 4, 16, 64] },
] as const;
const BACKENDS = ['cpu', 'wasm'] as const;
/** MLP_BENCH_BACKENDS=wasm (comma-separated) runs only those, for a quick look while working. */
const chosen = (process.env.MLP_BENCH_BACKENDS ?? '').split(',').filter(Boolean);
/** A classroom minibatch: 32 rows, reshuffled every epoch (the app's DataLoader). */
const BATCH = 32;
const REPS = 3;
/** Below this many net-epochs a timing repeats the work to get past timer and JIT noise. */
const MIN_NET_EPOCHS = 4;
/**
 * Steps per run: at least half an epoch, and at least 64 run-steps per call, so that a call's setup
 * (uploading θ and the data's indices, the first read-back) is spread over as many steps as in the
 * app, whose runs are hundreds of steps long, while large K stay quick.
 */
const stepsFor = (K: number, stepsPerEpoch: number) =>
  Math.max(Math.round(stepsPerEpoch / 2), Math.ceil(64 / K));

export interface MlpRow {
  readonly backend: (typeof BACKENDS)[number];
  readonly width: number;
  readonly depth: number;
  readonly P: number;
  readonly K: number;
  /** Net-epochs per second, medians. */
  readonly reference: number;
  readonly unfused: number;
  readonly fused: number;
  /** Medians of the per-repetition ratios against the reference. */
  readonly unfusedRatio: number;
  readonly fusedRatio: number;
}

export interface MlpReport {
  readonly rows: MlpRow[];
  readonly metrics: Metric[];
  readonly trainRows: number;
  readonly stepsPerEpoch: number;
  readonly batch: number;
}

function experiment(width: number, depth: number, K: number, steps: number): Experiment {
  return benchExperiment('cars', networkRates(K), steps, {
    width,
    depth,
    batchSize: BATCH,
    shuffle: true,
  });
}

/** The reference: every run in turn, each step as the app's trainer does it, in float64. */
function referenceRuns(exp: Experiment): number {
  const { scene, start } = setUp(exp);
  const s = scene as ModelScene;
  const { layout } = s;
  const F = layout.features;
  const rows = (idx: Int32Array) => ({
    x: Float64Array.from(
      { length: idx.length * F },
      (_, k) => s.data.x[idx[Math.floor(k / F)]! * F + (k % F)]!,
    ),
    y: Float64Array.from(idx, (i) => s.data.y[i]!),
  });
  const train = rows(s.split.train);
  const val = rows(s.split.val);
  const sched = batchSchedule(
    s.split.train,
    { batchSize: BATCH, shuffle: true, dropLast: false },
    exp.seed,
    exp.steps,
  );
  const { B } = sched;
  const bx = new Float64Array(B * F);
  const by = new Float64Array(B);
  let sink = 0;
  for (const lr of exp.lrs) {
    const theta = start.slice();
    const state = referenceState(layout.P);
    for (let t = 0; t < exp.steps; t++) {
      sink += mlpLoss(layout, theta, val.x, val.y);
      for (let j = 0; j < B; j++) {
        const i = sched.idx[t * B + j]!;
        for (let f = 0; f < F; f++) bx[j * F + f] = s.data.x[i * F + f]!;
        by[j] = s.data.y[i]!;
      }
      const w = sched.weight.subarray(t * B, (t + 1) * B);
      const { grad } = mlpLossAndGrad(layout, theta, bx, by, w);
      sink += mlpLoss(layout, theta, train.x, train.y);
      referenceUpdate(exp, theta, grad as unknown as number[], lr, state);
    }
  }
  return sink;
}

async function tfjsRuns(exp: Experiment, fused: boolean): Promise<void> {
  const { start, noise } = setUp(exp);
  const ops = experimentOps(tfx, exp);
  try {
    const out = await trainBatched(tfx, ops, {
      ...trainRequest(exp, exp.lrs, start, noise),
      patience: exp.patience,
      fused,
    });
    if (!out) throw new Error('training was cancelled');
  } finally {
    ops.dispose();
  }
}

/**
 * CPU ms (user + system, this process) of `run` repeated `times` times. The machine is shared: wall
 * time counts other jobs' time slices too and moved by a factor of 5 between repetitions here, the
 * process's CPU time much less. All three sides are single-threaded (tfjs' wasm backend runs
 * without threads in Node), so CPU time is the time they would take on a quiet core.
 */
async function timed(run: () => unknown, times: number): Promise<number> {
  const c0 = process.cpuUsage();
  for (let i = 0; i < times; i++) await run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export async function mlpThroughputBench(log: (line: string) => void): Promise<MlpReport> {
  const rows: MlpRow[] = [];
  const probe = makeScene('cars', experiment(16, 1, 1, 1)) as ModelScene;
  const m = probe.split.train.length;
  const stepsPerEpoch = Math.ceil(m / BATCH);
  let sink = 0;
  for (const backend of BACKENDS.filter((b) => !chosen.length || chosen.includes(b))) {
    await quietStart(backend);
    for (const { width, depth, ks } of MLP_SHAPES) {
      // Warm-up per shape: the JIT, tfjs' kernels, the wasm backend's operator caches.
      const warm = experiment(width, depth, 4, stepsFor(4, stepsPerEpoch));
      sink += referenceRuns(warm);
      await tfjsRuns(warm, false);
      await tfjsRuns(warm, true);
      for (const K of ks) {
        const steps = stepsFor(K, stepsPerEpoch);
        const exp = experiment(width, depth, K, steps);
        const epochs = (K * steps) / stepsPerEpoch; // net-epochs per call
        const times = Math.max(1, Math.ceil(MIN_NET_EPOCHS / epochs));
        const ref = () => (sink += referenceRuns(exp));
        const unfused = () => tfjsRuns(exp, false);
        const fused = () => tfjsRuns(exp, true);
        const r: number[] = [];
        const u: number[] = [];
        const f: number[] = [];
        const ur: number[] = [];
        const fr: number[] = [];
        for (let rep = 0; rep < REPS; rep++) {
          const order = rep % 2 === 0 ? [ref, unfused, fused] : [fused, unfused, ref];
          const ms = new Map<unknown, number>();
          for (const run of order) ms.set(run, await timed(run, times));
          const rate = (run: unknown) => (epochs * times * 1000) / ms.get(run)!;
          r.push(rate(ref));
          u.push(rate(unfused));
          f.push(rate(fused));
          ur.push(rate(unfused) / rate(ref));
          fr.push(rate(fused) / rate(ref));
        }
        const row: MlpRow = {
          backend,
          width,
          depth,
          P: (makeScene('cars', exp) as ModelScene).layout.P,
          K,
          reference: median(r),
          unfused: median(u),
          fused: median(f),
          unfusedRatio: median(ur),
          fusedRatio: median(fr),
        };
        rows.push(row);
        log(
          `  mlp ${backend} ${width}×${depth} K=${K}: reference ${row.reference.toFixed(0)}, unfused ${row.unfused.toFixed(0)} (${row.unfusedRatio.toFixed(2)}×), fused ${row.fused.toFixed(0)} (${row.fusedRatio.toFixed(2)}×) net-epochs/s`,
        );
      }
    }
  }
  if (sink === 42) log('');
  return { rows, metrics: mlpMetrics(rows), trainRows: m, stepsPerEpoch, batch: BATCH };
}

/** The targets, on wasm: the better tfjs path ≥ 1× the reference at K = 4, 3× at 64, 5× at 256. */
const TARGETS: Record<number, number> = { 4: 1, 64: 3, 256: 5 };

function mlpMetrics(rows: readonly MlpRow[]): Metric[] {
  const out: Metric[] = [];
  for (const row of rows) {
    const tag = `${row.backend}_w${row.width}d${row.depth}_k${row.K}`;
    const best = Math.max(row.unfusedRatio, row.fusedRatio);
    const target = row.backend === 'wasm' ? TARGETS[row.K] : undefined;
    out.push(
      metric(`mlp_tfjs_over_reference_${tag}`, sig(best), 'x', {
        ...(target ? { target: { op: '>=', value: target } } : {}),
        note: `cars ${row.width}×${row.depth} tanh (P = ${row.P}), batch ${BATCH}: the faster tfjs path (${
          row.fusedRatio >= row.unfusedRatio ? 'fused' : 'unfused'
        }) ÷ the float64 scalar reference, net-epochs per CPU second, median of ${REPS}`,
      }),
      metric(`mlp_net_epochs_per_s_${tag}_fused`, sig(row.fused), 'net-epochs/s', {
        note: `unfused ${sig(row.unfused)}, reference ${sig(row.reference)}`,
      }),
    );
  }
  return out;
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  mlpThroughputBench((line) => console.log(line)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
