/**
 * The scalar peer against the lab's shipped network path (issue 15): the same network (4 inputs,
 * two tanh layers of 4, one linear output: cars' miles per gallon), the same 250 training rows
 * (the other 142 are the test rows, no validation split), minibatches of 10 from the lab's DataLoader
 * schedule, plain SGD, the same θ₀. K runs of different learning rates: the peer trains them one
 * after another, as a playground would; the lab trains them as one batch.
 *
 * What each side computes: the peer (bench/scalarPeer.ts) its losses over every training and test
 * row once per epoch, as such a page ships; the lab what the page asks for: the request is the
 * app's own `trainRequest` (src/train/experiment.ts), which at version 2 records a minibatch
 * network's training-set loss at `lossStride(steps)` (one per pixel column of the loss chart,
 * src/core/experiment.ts trainLossEvery) and its θ rows at the stride the page records them
 * (`networkPathEvery`), through `trainBatched` with the fused kernel, including
 * making its ops (uploading the rows), as the page does per training. `labRun` checks that the
 * trainer computed at that stride, so a request that no longer asks for it cannot be timed as if
 * it did.
 *
 * Time is each side's CPU time in this process (see `timed` in bench/mlpThroughput.ts), interleaved
 * per repetition (alternating which goes first); the reported ratio is the median over the
 * repetitions of peer time ÷ lab time. Run alone with `npx tsx bench/scalarPeerBench.ts`
 * (PEER_BENCH_BACKENDS=wasm picks backends).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { batchSchedule } from '../src/core/data/loader';
import { setUp, trainLossEvery, type Experiment } from '../src/core/experiment';
import type { ModelScene } from '../src/core/scenes';
import { lossStride } from '../src/core/trajectory';
import { networkPathEvery, trainRequest } from '../src/train/experiment';
import { experimentOps } from '../src/train/experimentOps';
import type { TF } from '../src/train/tf';
import { trainBatched } from '../src/train/trainer';
import { benchExperiment } from './experiment';
import { quietStart } from './quietStart';
import { metric, type Metric } from './results';
import { trainPeer, type PeerRun } from './scalarPeer';
import { median, sig } from './stats';

const tfx = tf as unknown as TF;

export const PEER_KS = [1, 4, 16, 64] as const;
const BACKENDS = ['cpu', 'wasm'] as const;
const chosen = (process.env.PEER_BENCH_BACKENDS ?? '').split(',').filter(Boolean);
/** Rows of cars.json after dropping the 14 with missing values. */
const CARS_ROWS = 392;
export const PEER_TRAIN_ROWS = 250;
export const PEER_BATCH = 10;
/** 100 epochs of 25 minibatches: a run long enough that its curve is drawn from strided points. */
export const PEER_STEPS = 2500;
const REPS = 5;
/** CPU ms each side runs a K's experiment before it is timed (at least once). */
const WARM_MS = 200;
/**
 * Wall ms after the process's first training before anything is timed: for about 4 s a one-run
 * training here cost 26-80 CPU ms instead of 20-24 (the engine compiling and collecting in
 * threads of its own, which the process's CPU time counts), whatever the backend and K.
 */
const SETTLE_MS = 5000;
/** The targets for peer ÷ lab. */
const TARGETS: Record<number, number> = { 1: 1.5, 4: 3, 64: 6 };

/** The markdown section of BENCHMARKS.md for these rows. */
export function peerMarkdown(p: PeerReport): string[] {
  const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '—');
  return [
    '### Networks: a scalar peer against the shipped path',
    '',
    'A plain scalar trainer written the way a straightforward playground is (bench/scalarPeer.ts: an',
    'object per neuron and link, one sample at a time, float64, minibatch derivatives applied by plain',
    "SGD, its losses over every training and test row once per epoch) against the lab's shipped",
    `path (trainRequest and trainBatched, fused, the training-set loss every ${lossStride(PEER_STEPS)} steps as the page`,
    'asks for it at version 2: one per column of the loss chart; the θ rows at the stride the page records',
    'them, every step up to its path budget, every 2nd at K = 64). The same 4-4-4-1 tanh network on the cars rows',
    `(${PEER_TRAIN_ROWS} training rows, the other ${CARS_ROWS - PEER_TRAIN_ROWS} test rows), minibatches of ${PEER_BATCH}`,
    `from the lab's schedule, plain SGD, the same θ₀, ${PEER_STEPS} steps per run; K runs (the peer one`,
    'after another, the lab as one batch). tests/bench/scalarPeer.test.ts checks that both give the',
    'same training loss at every step. CPU ms of this process, medians; the ratio is the median of the',
    `per-repetition ratios (${REPS}, interleaved). Targets: ≥ 1.5 at K = 1, ≥ 3 at 4, ≥ 6 at 64.`,
    '',
    '| backend | K | peer ms | lab ms | peer ÷ lab |',
    '|---|---:|---:|---:|---:|',
    ...p.rows.map(
      (r) =>
        `| ${r.backend} | ${r.K} | ${ms(r.peerMs)} | ${ms(r.labMs)} | ${r.ratio.toFixed(2)}×${r.fused ? '' : ' (not fused)'} |`,
    ),
    '',
  ];
}

/** The benchmark's experiment with K learning rates (0.03 alone; log-spaced over 0.01…0.1). */
export function peerExperiment(K: number, steps = PEER_STEPS): Experiment {
  const lrs =
    K === 1 ? [0.03] : Array.from({ length: K }, (_, i) => 0.01 * 10 ** (i / Math.max(1, K - 1)));
  const test = (CARS_ROWS - PEER_TRAIN_ROWS) / CARS_ROWS;
  return benchExperiment('cars', lrs, steps, {
    width: 4,
    depth: 2,
    split: { train: 1 - test, val: 0, test },
    batchSize: PEER_BATCH,
    shuffle: true,
  });
}

/** The peer's runs of an experiment: its rows, θ₀ and schedule, one run per learning rate. */
export function peerRuns(exp: Experiment, every: number): PeerRun[] {
  const { scene, start } = setUp(exp);
  const s = scene as ModelScene;
  const schedule = batchSchedule(
    s.split.train,
    { batchSize: exp.batchSize, shuffle: exp.shuffle, dropLast: exp.dropLast },
    exp.seed,
    exp.steps,
  );
  return exp.lrs.map((lr) => ({
    layout: s.layout,
    start,
    x: s.data.x,
    y: s.data.y,
    train: s.split.train,
    test: s.split.test,
    schedule,
    steps: exp.steps,
    lr,
    every,
  }));
}

/** The lab's shipped path for an experiment: its ops and one batched, fused training. */
export async function labRun(tfl: TF, exp: Experiment) {
  const { scene, start, noise } = setUp(exp);
  const ops = experimentOps(tfl, exp);
  // The θ rows at the stride the page records them (runExperiment): every step up to the path
  // budget, every 2nd at K = 64 here.
  const pathEvery = networkPathEvery(exp.lrs.length, exp.steps, scene.dims);
  try {
    const out = await trainBatched(tfl, ops, {
      ...trainRequest(exp, exp.lrs, start, noise, true),
      patience: exp.patience,
      pathEvery,
    });
    if (!out) throw new Error('training was cancelled');
    if (out.paths[0]?.length !== (Math.floor(exp.steps / pathEvery) + 1) * scene.dims) {
      throw new Error(`the lab did not record its θ rows every ${pathEvery} steps`);
    }
    const every = trainLossEvery(exp);
    if ((out.lossEvery ?? 1) !== every) {
      throw new Error(`the lab recorded its loss every ${out.lossEvery ?? 1} steps, not ${every}`);
    }
    return out;
  } finally {
    ops.dispose();
  }
}

async function timed(run: () => unknown): Promise<number> {
  const c0 = process.cpuUsage();
  await run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

export interface PeerRow {
  readonly backend: (typeof BACKENDS)[number];
  readonly K: number;
  /** Medians, CPU ms. */
  readonly peerMs: number;
  readonly labMs: number;
  /** Median of the per-repetition peer ÷ lab. */
  readonly ratio: number;
  readonly fused: boolean;
}

export interface PeerReport {
  readonly rows: PeerRow[];
  readonly metrics: Metric[];
}

export async function scalarPeerBench(log: (line: string) => void): Promise<PeerReport> {
  const rows: PeerRow[] = [];
  let sink = 0;
  const epoch = Math.ceil(PEER_TRAIN_ROWS / PEER_BATCH);
  let settleBy: number | undefined;
  for (const backend of BACKENDS.filter((b) => !chosen.length || chosen.includes(b))) {
    await quietStart(backend);
    for (const K of PEER_KS) {
      const exp = peerExperiment(K);
      const runs = peerRuns(exp, epoch);
      let fused = true;
      const peer = () => {
        for (const r of runs) sink += trainPeer(r).train.length;
      };
      const lab = async () => {
        fused = (await labRun(tfx, exp)).fused === true && fused;
      };
      // Warm-up on this K's own experiment, both sides, before any is timed: the JIT for these
      // shapes and this many runs, the kernel's scratch, the wasm module's memory; at least once
      // and until each side has run WARM_MS, and the first K until SETTLE_MS have passed since the
      // first training. A single warm-up on another K (a 200-step K = 4) left whichever backend
      // came first about 1.8x slower at K = 1 for the whole block.
      for (let spent = { peer: 0, lab: 0 }; ;) {
        spent = { peer: spent.peer + (await timed(peer)), lab: spent.lab + (await timed(lab)) };
        settleBy ??= performance.now() + SETTLE_MS;
        const warm = spent.peer >= WARM_MS && spent.lab >= WARM_MS;
        if (warm && performance.now() >= settleBy) break;
      }
      const p: number[] = [];
      const l: number[] = [];
      const ratios: number[] = [];
      for (let rep = 0; rep < REPS; rep++) {
        const order = rep % 2 === 0 ? [peer, lab] : [lab, peer];
        const ms = new Map<unknown, number>();
        for (const run of order) ms.set(run, await timed(run));
        p.push(ms.get(peer)!);
        l.push(ms.get(lab)!);
        ratios.push(ms.get(peer)! / ms.get(lab)!);
      }
      const row: PeerRow = {
        backend,
        K,
        peerMs: median(p),
        labMs: median(l),
        ratio: median(ratios),
        fused,
      };
      rows.push(row);
      log(
        `  peer ${backend} K=${K}: scalar peer ${row.peerMs.toFixed(0)} ms, lab ${row.labMs.toFixed(0)} ms${fused ? '' : ' (not fused!)'}: ${row.ratio.toFixed(2)}×`,
      );
    }
  }
  if (sink === 42) log('');
  return { rows, metrics: peerMetrics(rows) };
}

function peerMetrics(rows: readonly PeerRow[]): Metric[] {
  return rows.map((row) => {
    const target = TARGETS[row.K];
    return metric(`scalar_peer_over_lab_${row.backend}_k${row.K}`, sig(row.ratio), 'x', {
      ...(target ? { target: { op: '>=', value: target } } : {}),
      note: `4-4-4-1 tanh on cars (${PEER_TRAIN_ROWS} training rows), batch ${PEER_BATCH}, sgd, ${PEER_STEPS} steps × ${row.K} runs: the scalar peer (bench/scalarPeer.ts, losses once per epoch) ${sig(row.peerMs)} CPU ms ÷ the lab's shipped path (fused, losses every ${lossStride(PEER_STEPS)} steps) ${sig(row.labMs)} CPU ms, median of ${REPS}`,
    });
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}`;
if (isMain) {
  scalarPeerBench((line) => console.log(line)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
