/**
 * Whole-trajectory throughput of the analytic scenes (issue 7): a 200-step trajectory of K
 * learning rates, K = 1, 4, 16, 64, 256, on tfjs' cpu and wasm backends in Node, three ways:
 *
 * (a) the float64 scalar reference (src/core/reference.ts, the test oracle) trained K times in
 *     plain loops: the bar;
 * (b) `trainBatched` op by op (one tfjs dispatch per op per step, all K runs in [K, P] tensors);
 * (c) `trainBatched` with `fused: true` (one kernel call per chunk of steps for all K runs).
 *
 * Each repetition times all three, back to back, in one of the six orders in turn (so all three see
 * the same stretch of machine noise, and each follows each other as often); figures are medians of
 * REPS repetitions after WARMUP, and ratios are the median of the per-repetition ratios (reference ÷
 * tfjs: above 1, tfjs is faster). A timing is one block: the way called again and again until it
 * has used BLOCK_MS of this process's CPU time (user + system: the machine is shared, and wall time
 * counts other jobs' slices too, as in mlpThroughput.ts), the block's CPU time over its calls. At
 * small K a trajectory takes tens of µs, while a young-generation garbage collection took 2.5 ms
 * (median, --trace-gc, on this shared machine) and lands on whichever call allocates when the
 * space is full, most often the one right after an op-by-op run (tens of ms of tensor churn):
 * timed one call at a time in a fixed rotation, which put the fused way after the op-by-op one in
 * two repetitions of three, the fused way was charged for the op-by-op way's garbage. In a block
 * of 20 ms a collection is spread over the calls that made its garbage.
 *
 * `npx tsx bench/throughput.ts` runs this part alone and prints the table; THROUGHPUT_BACKENDS,
 * THROUGHPUT_SCENES and THROUGHPUT_KS (comma-separated) restrict it.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { PLAIN_GD, setUp, type Experiment } from '../src/core/experiment';
import { referenceTrajectory } from '../src/core/reference';
import { makeScene } from '../src/core/scenes';
import { FUSED_SCENES, type FusedScene } from '../src/train/fused/analyticKernel';
import { sceneOps } from '../src/train/sceneLoss';
import type { TF } from '../src/train/tf';
import { quietStart } from './quietStart';
import { trainBatched, type BatchedRequest } from '../src/train/trainer';
import { metric, type Metric } from './results';
import { median, sig } from './stats';

const STEPS = 200;
export const THROUGHPUT_KS = [1, 4, 16, 64, 256] as const;
const BACKENDS = ['cpu', 'wasm'] as const;
const WARMUP = 2;
const REPS = 7;
const BLOCK_MS = 20;
/** All six orders of (reference, op by op, fused), so each way follows each other equally often. */
const ORDERS = [
  [0, 1, 2],
  [1, 2, 0],
  [2, 0, 1],
  [0, 2, 1],
  [2, 1, 0],
  [1, 0, 2],
] as const;
const SEED = 42069;
const tfx = tf as unknown as TF;

export interface ThroughputRow {
  readonly backend: (typeof BACKENDS)[number];
  readonly scene: FusedScene;
  readonly K: number;
  /** Medians, CPU ms per whole trajectory of K runs. */
  readonly referenceMs: number;
  readonly unfusedMs: number;
  readonly fusedMs: number;
  /** Medians of per-repetition ratios: reference ÷ unfused, reference ÷ fused, unfused ÷ fused. */
  readonly unfusedVsReference: number;
  readonly fusedVsReference: number;
  readonly fusedSpeedup: number;
}

export interface ThroughputReport {
  readonly rows: ThroughputRow[];
  readonly metrics: Metric[];
}

/** K learning rates spread log-evenly over the scene's slider range (some diverge: real work). */
function lrsFor(scene: FusedScene, K: number): number[] {
  const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
  return Array.from({ length: K }, (_, i) =>
    K === 1 ? 10 ** ((lo + hi) / 2) : 10 ** (lo + ((hi - lo) * i) / (K - 1)),
  );
}

async function timeOne(
  backend: (typeof BACKENDS)[number],
  scene: FusedScene,
  K: number,
): Promise<ThroughputRow> {
  const exp: Experiment = {
    ...PLAIN_GD,
    scene,
    kappa: 10,
    seed: SEED,
    lrs: lrsFor(scene, K),
    steps: STEPS,
    noise: 0,
  };
  const { scene: s, start } = setUp(exp);
  const ops = sceneOps(tfx, scene, exp);
  const req: BatchedRequest = { lrs: exp.lrs, steps: STEPS, start };
  let sink = 0;
  const reference = async () => {
    for (const lr of exp.lrs) sink += referenceTrajectory(s, lr, STEPS, start).losses.length;
  };
  const unfused = async () => {
    sink += (await trainBatched(tfx, ops, req))!.losses.length;
  };
  const fused = async () => {
    const out = await trainBatched(tfx, ops, { ...req, fused: true });
    if (!out?.fused) throw new Error(`${scene} did not train fused on ${backend}`);
    sink += out.losses.length;
  };
  const fns = [reference, unfused, fused];
  const ms: number[][] = [[], [], []];
  try {
    for (let rep = 0; rep < WARMUP + REPS; rep++) {
      for (const i of ORDERS[rep % ORDERS.length]!) {
        const c0 = process.cpuUsage();
        let calls = 0;
        let elapsed = 0;
        do {
          await fns[i]!();
          calls += 1;
          const c = process.cpuUsage(c0);
          elapsed = (c.user + c.system) / 1000;
        } while (elapsed < BLOCK_MS);
        if (rep >= WARMUP) ms[i]!.push(elapsed / calls);
      }
    }
  } finally {
    ops.dispose();
  }
  if (sink === 0) throw new Error('nothing trained');
  const [r, u, f] = ms as [number[], number[], number[]];
  const ratio = (a: number[], b: number[]) => median(a.map((x, i) => x / b[i]!));
  return {
    backend,
    scene,
    K,
    referenceMs: median(r),
    unfusedMs: median(u),
    fusedMs: median(f),
    unfusedVsReference: ratio(r, u),
    fusedVsReference: ratio(r, f),
    fusedSpeedup: ratio(u, f),
  };
}

/** A subset to run (all of each when absent): the standalone entry takes them from the environment. */
export interface ThroughputSubset {
  readonly backends?: readonly string[];
  readonly scenes?: readonly string[];
  readonly ks?: readonly number[];
}

export async function analyticThroughput(
  log: (line: string) => void,
  only: ThroughputSubset = {},
): Promise<ThroughputReport> {
  const rows: ThroughputRow[] = [];
  for (const backend of BACKENDS.filter((b) => !only.backends || only.backends.includes(b))) {
    await quietStart(backend);
    const scenes = FUSED_SCENES.filter((s) => !only.scenes || only.scenes.includes(s));
    // One discarded pass at K = 1 first: a backend's first timed row otherwise paid the JIT's
    // warm-up (V8 compiles tfjs' engine, the kernels and the reference as they get hot), measured
    // at up to 2× the steady-state time of the fused way at K = 1, less for the smaller reference.
    for (const scene of scenes) await timeOne(backend, scene, 1);
    for (const scene of scenes) {
      for (const K of THROUGHPUT_KS.filter((k) => !only.ks || only.ks.includes(k))) {
        const row = await timeOne(backend, scene, K);
        rows.push(row);
        log(
          `  node ${backend} ${scene} K=${K}: reference ${row.referenceMs.toFixed(2)} ms, ` +
            `unfused ${row.unfusedMs.toFixed(2)} ms, fused ${row.fusedMs.toFixed(2)} ms ` +
            `(fused ${row.fusedVsReference.toFixed(2)}× the reference, ${row.fusedSpeedup.toFixed(1)}× unfused)`,
        );
      }
    }
  }
  return { rows, metrics: throughputMetrics(rows) };
}

/**
 * The metrics: the worst scene's fused 64-rate trajectory on wasm (≤ 5 ms, issue 7), and per
 * backend and K the worst scene's fused speed against the reference (≥ 1, the title) and
 * its unfused speed (no target: op by op is the reference path, not a fast one).
 */
function throughputMetrics(rows: readonly ThroughputRow[]): Metric[] {
  const out: Metric[] = [];
  const at = (backend: string, K: number) => rows.filter((r) => r.backend === backend && r.K === K);
  const wasm64 = at('wasm', 64);
  if (wasm64.length) {
    const worst = wasm64.reduce((a, b) => (b.fusedMs > a.fusedMs ? b : a));
    out.push(
      metric('analytic_traj_ms_wasm_fused_k64', sig(worst.fusedMs), 'ms', {
        target: { op: '<=', value: 5 },
        note: `200 steps × 64 learning rates, fused, the slowest of the 5 analytic scenes (${worst.scene}); median of ${REPS}`,
      }),
    );
  }
  for (const backend of BACKENDS) {
    for (const K of THROUGHPUT_KS) {
      const rs = at(backend, K);
      if (!rs.length) continue;
      const min = (pick: (r: ThroughputRow) => number) => Math.min(...rs.map(pick));
      out.push(
        metric(
          `analytic_fused_vs_reference_${backend}_k${K}`,
          sig(min((r) => r.fusedVsReference)),
          'x',
          {
            // Issue 7's title: the tfjs path beats hand-written loops at every K.
            target: { op: '>=', value: 1 },
            note: `reference ms ÷ fused ms for a 200-step trajectory of ${K} rates, the worst of the 5 scenes (above 1: faster than the float64 scalar loops)`,
          },
        ),
        metric(
          `analytic_unfused_vs_reference_${backend}_k${K}`,
          sig(min((r) => r.unfusedVsReference)),
          'x',
          {
            note: `reference ms ÷ op-by-op ms, worst scene`,
          },
        ),
      );
    }
  }
  return out;
}

/** The BENCHMARKS.md section: one table row per backend, scene and K. */
export function throughputMarkdown(r: ThroughputReport): string[] {
  return [
    '## Node: analytic scenes, whole trajectories (fused kernel vs op by op vs float64 loops)',
    '',
    `A ${STEPS}-step trajectory of K learning rates (log-spaced over the scene's slider range, seed ${SEED}),`,
    '(a) the float64 scalar reference trained K times in plain loops, (b) `trainBatched` op by op, (c)',
    '`trainBatched` with `fused: true` (src/train/fused: one kernel call per 512-step chunk for all runs).',
    `Medians of ${REPS} repetitions, the three timed back to back in each of the six orders in turn, each timing a block of`,
    `calls using at least ${BLOCK_MS} ms of CPU time (CPU time ÷ calls); ratios are medians of per-repetition ratios. "× ref"`,
    'above 1 means faster than the scalar reference. WebGL stays op by op.',
    '',
    '| backend | scene | K | reference (ms) | op by op (ms) | fused (ms) | op by op × ref | fused × ref | fused ÷ op by op |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
    ...r.rows.map(
      (x) =>
        `| ${x.backend} | ${x.scene} | ${x.K} | ${x.referenceMs.toFixed(3)} | ${x.unfusedMs.toFixed(2)} | ` +
        `${x.fusedMs.toFixed(3)} | ${x.unfusedVsReference.toFixed(2)} | ${x.fusedVsReference.toFixed(2)} | ${x.fusedSpeedup.toFixed(1)} |`,
    ),
    '',
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // e.g. THROUGHPUT_KS=1,4 THROUGHPUT_BACKENDS=wasm THROUGHPUT_SCENES=valley npx tsx bench/throughput.ts
  const list = (name: string) => process.env[name]?.split(',').map((x) => x.trim());
  analyticThroughput(console.log, {
    backends: list('THROUGHPUT_BACKENDS'),
    scenes: list('THROUGHPUT_SCENES'),
    ks: list('THROUGHPUT_KS')?.map(Number),
  })
    .then((r) => {
      console.log(throughputMarkdown(r).join('\n'));
      for (const m of r.metrics)
        console.log(
          `${m.name} = ${m.value} ${m.unit}${m.pass === undefined ? '' : m.pass ? ' pass' : ' MISS'}`,
        );
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    });
}
