/**
 * Node benchmarks of the batched trainer (src/train/trainer.ts) on tfjs' cpu and wasm backends,
 * and of the float64 scalar reference (src/core/reference.ts).
 *
 * Every ratio is measured side by side in one process: after a warm-up, each repetition times 16
 * single-learning-rate runs interleaved with 16 batched 16-rate runs of the same steps (one of each
 * in turn, alternating which goes first), and the median of the per-repetition ratios is reported. The machine is shared
 * and noisy, so absolute numbers drift between runs much more than these ratios do.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { type Experiment, PLAIN_GD, setUp } from '../src/core/experiment';
import { referenceTrajectory } from '../src/core/reference';
import { makeScene, type SceneId } from '../src/core/scenes';
import { sceneOps } from '../src/train/sceneLoss';
import type { TF } from '../src/train/tf';
import { quietStart } from './quietStart';
import { trainBatched } from '../src/train/trainer';
import { DEFAULT_SEED } from '../src/url/fields';

/** The steps of the default figure. */
const DEFAULT_STEPS = 60;
import { sliderLrs } from '../src/core/lrSlider';
import { metric, type Metric } from './results';
import { benchKFold, benchSurface64 } from './data';
import { benchSharpness } from './sharpness';
import { benchSweep } from './sweep';
import { median, sig } from './stats';

const STEPS = 200;
const K = 16;
const WARMUP = 2;
const REPS = 9;
const KAPPA = 10;
const SCENES: readonly SceneId[] = ['valley', 'quadratic'];
const BACKENDS = ['cpu', 'wasm'] as const;
type NodeBackend = (typeof BACKENDS)[number];

const tfx = tf as unknown as TF;

/** K learning rates spread evenly in log10 over the scene's slider range, rounded like the slider. */
export function gridLrs(scene: SceneId, k: number): number[] {
  const [lo, hi] = makeScene(scene, { kappa: KAPPA }).lrRange;
  return Array.from({ length: k }, (_, i) =>
    Number((10 ** (lo + ((hi - lo) * i) / (k - 1))).toPrecision(3)),
  );
}

export interface SceneTiming {
  readonly backend: NodeBackend;
  readonly scene: SceneId;
  /** Per repetition: wall ms of the 16 K=1 runs together. */
  readonly sequentialMs: number[];
  /** Wall ms of every single K=16 run (16 per repetition). */
  readonly batchedMs: number[];
  /** Wall ms of every single K=1 run. */
  readonly singleMs: number[];
  readonly ratios: number[];
  /** Whether each row of the batched run equals its single run bit for bit. */
  readonly bitIdentical: boolean;
  readonly leakedTensors: number;
}

/**
 * What the app trains per slider move (its default 4 runs of DEFAULT_STEPS) against one batch of
 * every slider position of the scene at once (`sliderLrs`: the slider moves in steps of 0.01 in log10 η).
 */
export interface GridTiming {
  readonly backend: NodeBackend;
  readonly scene: SceneId;
  readonly positions: number;
  readonly defaultMs: number;
  readonly gridMs: number;
  /** Sampled grid rows equal single runs of the same η bit for bit. */
  readonly gridRowsBitIdentical: boolean;
}

export interface NodeReport {
  readonly metrics: Metric[];
  readonly timings: SceneTiming[];
  readonly grids: GridTiming[];
  readonly wasmSimd: boolean | undefined;
  readonly tfjsVersion: string;
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) return false;
  }
  return true;
}

/** K runs of the scene, plain gradient descent, STEPS steps, at rates spread over its range. */
function benchExperiment(scene: SceneId, k: number): Experiment {
  return {
    scene,
    kappa: KAPPA,
    seed: DEFAULT_SEED,
    lrs: gridLrs(scene, k),
    steps: STEPS,
    noise: 0,
    ...PLAIN_GD,
  };
}

async function timeScene(backend: NodeBackend, scene: SceneId): Promise<SceneTiming> {
  const exp = benchExperiment(scene, K);
  const { lrs } = exp;
  const { start } = setUp(exp);
  const before = tf.memory().numTensors;
  const ops = sceneOps(tfx, scene, { kappa: KAPPA });
  const single = (lr: number) => trainBatched(tfx, ops, { lrs: [lr], steps: STEPS, start });
  const batched = () => trainBatched(tfx, ops, { lrs, steps: STEPS, start });

  const sequentialMs: number[] = [];
  const batchedMs: number[] = [];
  const singleMs: number[] = [];
  const ratios: number[] = [];
  let bitIdentical = true;
  try {
    const runSequential = async () => {
      const t0 = performance.now();
      const outs = [];
      for (const lr of lrs) outs.push(await single(lr));
      return { ms: performance.now() - t0, outs };
    };
    const runBatched = async () => {
      const t0 = performance.now();
      const out = await batched();
      return { ms: performance.now() - t0, out };
    };
    for (let i = 0; i < WARMUP; i++) {
      const seq = await runSequential();
      const bat = await runBatched();
      if (i === 0) {
        bitIdentical = lrs.every(
          (_, k) =>
            sameBits(seq.outs[k]!.losses[0]!, bat.out!.losses[k]!) &&
            sameBits(seq.outs[k]!.paths[0]!, bat.out!.paths[k]!),
        );
      }
    }
    // Each repetition interleaves the 16 single-rate runs with 16 batched runs, one of each in turn
    // (alternating which goes first), so both sides sample the same stretch of a noisy machine: a
    // short batched run timed once against a long sequential block would take a burst of
    // interference at full weight. The pair's ratio is Σ(16 single runs) ÷ mean(batched run).
    for (let r = 0; r < REPS; r++) {
      let seqMs = 0;
      let batSum = 0;
      for (let i = 0; i < lrs.length; i++) {
        const timeSingle = async () => {
          const t0 = performance.now();
          await single(lrs[i]!);
          const ms = performance.now() - t0;
          singleMs.push(ms);
          seqMs += ms;
        };
        const timeBatched = async () => {
          const ms = (await runBatched()).ms;
          batchedMs.push(ms);
          batSum += ms;
        };
        if ((r + i) % 2 === 0) {
          await timeSingle();
          await timeBatched();
        } else {
          await timeBatched();
          await timeSingle();
        }
      }
      const batMs = batSum / lrs.length;
      sequentialMs.push(seqMs);
      ratios.push(seqMs / batMs);
    }
  } finally {
    ops.dispose();
  }
  return {
    backend,
    scene,
    sequentialMs,
    batchedMs,
    singleMs,
    ratios,
    bitIdentical,
    leakedTensors: tf.memory().numTensors - before,
  };
}

/** Milliseconds for K float64 reference runs of STEPS steps, median of REPS timed batches. */
function timeReference(scene: SceneId, k: number): number {
  const exp = benchExperiment(scene, k);
  const { scene: s, start } = setUp(exp);
  let sink = 0;
  const once = () => {
    for (const lr of exp.lrs) sink += referenceTrajectory(s, lr, STEPS, start).losses.length;
  };
  // Warm up the JIT, then time batches of at least ~20 ms each.
  let n = 1;
  for (;;) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) once();
    if (performance.now() - t0 >= 20) break;
    n *= 2;
  }
  const per: number[] = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) once();
    per.push((performance.now() - t0) / n);
  }
  if (sink < 0) console.log(sink);
  return median(per);
}

async function timeGrid(backend: NodeBackend, scene: SceneId): Promise<GridTiming> {
  const s = makeScene(scene, { kappa: KAPPA });
  const all = sliderLrs(s.lrRange);
  const positions = all.length;
  const exp: Experiment = {
    scene,
    kappa: KAPPA,
    seed: DEFAULT_SEED,
    lrs: all,
    steps: DEFAULT_STEPS,
    noise: 0,
    ...PLAIN_GD,
  };
  const { start } = setUp(exp);
  const ops = sceneOps(tfx, scene, { kappa: KAPPA });
  const time = async (lrs: readonly number[]) => {
    const xs: number[] = [];
    for (let r = 0; r < WARMUP + REPS; r++) {
      const t0 = performance.now();
      await trainBatched(tfx, ops, { lrs, steps: DEFAULT_STEPS, start });
      if (r >= WARMUP) xs.push(performance.now() - t0);
    }
    return median(xs);
  };
  try {
    const defaultMs = await time(s.defaultLrs);
    const gridMs = await time(all);
    // Are grid rows the very numbers a single run of that η gives? Checked on 9 rows across the grid.
    const grid = (await trainBatched(tfx, ops, { lrs: all, steps: DEFAULT_STEPS, start }))!;
    let gridRowsBitIdentical = true;
    for (let j = 0; j < 9; j++) {
      const row = Math.round((j * (positions - 1)) / 8);
      const one = (await trainBatched(tfx, ops, {
        lrs: [all[row]!],
        steps: DEFAULT_STEPS,
        start,
      }))!;
      gridRowsBitIdentical &&=
        sameBits(one.losses[0]!, grid.losses[row]!) && sameBits(one.paths[0]!, grid.paths[row]!);
    }
    return { backend, scene, positions, defaultMs, gridMs, gridRowsBitIdentical };
  } finally {
    ops.dispose();
  }
}

/** Scenes the sweep ratio is measured on: the lecture valley, the bowl and a curved valley. */
const SWEEP_SCENES: readonly SceneId[] = ['valley', 'quadratic', 'rosenbrock'];

const s4 = (g: GridTiming) => makeScene(g.scene, { kappa: KAPPA }).defaultLrs.length;
const suffix = (scene: SceneId) => (scene === 'valley' ? '' : `_${scene}`);

export async function nodeBench(log: (line: string) => void): Promise<NodeReport> {
  const timings: SceneTiming[] = [];
  const grids: GridTiming[] = [];
  const extra: Metric[] = [];
  let wasmSimd: boolean | undefined;
  for (const backend of BACKENDS) {
    await quietStart(backend);
    if (backend === 'wasm') wasmSimd = Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'));
    for (const scene of SWEEP_SCENES) {
      const sw = await benchSweep(tfx, scene);
      log(
        `  node ${backend} ${scene}: sweep of 64 ${sw.sweepMs.toFixed(1)} ms, one rate ${sw.singleMs.toFixed(1)} ms, ratio ${sw.ratio.toFixed(2)}`,
      );
      extra.push(
        metric(`sweep_k64_over_k1_${backend}${suffix(scene)}`, sig(sw.ratio), 'x', {
          target: { op: '<=', value: 3 },
          note: `${scene}, ${makeScene(scene, { kappa: KAPPA }).defaultSteps} steps: median of 9 (64-rate sweep ÷ 1-rate run), back to back`,
        }),
      );
    }
    const kf = await benchKFold(tfx);
    const kff = await benchKFold(tfx, { kfold: true, single: true, folds: true, lanes: false });
    const kf1 = await benchKFold(tfx, { kfold: true, single: true });
    log(
      `  node ${backend} cars: 5-fold as shipped (folds as lanes) ${kf.kfoldMs.toFixed(1)} ms, one call per fold ${kff.kfoldMs.toFixed(1)} ms, v=1 op by op ${kf1.kfoldMs.toFixed(1)} ms, one run ${kf.singleMs.toFixed(1)} ms, ratios ${kf.ratio.toFixed(2)}, ${kff.ratio.toFixed(2)} and ${kf1.ratio.toFixed(2)}`,
    );
    extra.push(
      metric(`kfold5_over_single_${backend}`, sig(kf.ratio), 'x', {
        target: { op: '<=', value: 2.5 },
        note: `cars MLP, 100 full-batch steps with validation, each side on the app's path for a link of version 2 or later (one run fused; 5 folds fused too, request option fusedFolds: the folds as lanes of one kernel call): 5 folds ÷ one run, median of 9`,
      }),
      metric(`kfold5_fused_over_single_${backend}`, sig(kff.ratio), 'x', {
        note: `the same with the 5 folds fused one kernel call each (the same bits; the path k-fold with minibatches takes): 5 folds ÷ one run, median of 9`,
      }),
      metric(`kfold5_v1_over_single_${backend}`, sig(kf1.ratio), 'x', {
        note: `the same for a link written at version 1 (v=1: k-fold op by op in one batch of 5 runs, the bits its fingerprint was made with): 5 folds ÷ one run, median of 9`,
      }),
    );
    for (const [name, ms] of Object.entries(await benchSharpness(tfx))) {
      log(`  node ${backend} ${name}: ${ms.toFixed(2)} ms`);
      extra.push(
        metric(`${name}_${backend}`, sig(ms), 'ms', {
          note: '64 points, 20 Hessian–vector products per point, median of 9 after 5 warm-ups',
        }),
      );
    }
    for (const scene of SCENES) {
      const t = await timeScene(backend, scene);
      timings.push(t);
      log(
        `  node ${backend} ${scene}: 16×K=1 ${median(t.sequentialMs).toFixed(1)} ms, ` +
          `K=16 ${median(t.batchedMs).toFixed(1)} ms, ratio ${median(t.ratios).toFixed(1)}`,
      );
      const g = await timeGrid(backend, scene);
      grids.push(g);
      log(
        `  node ${backend} ${scene}: ${DEFAULT_STEPS} steps, default ${s4(g)} runs ${g.defaultMs.toFixed(1)} ms, ` +
          `all ${g.positions} slider positions ${g.gridMs.toFixed(1)} ms` +
          ` (rows bit-identical to single runs: ${g.gridRowsBitIdentical ? 'yes' : 'NO'})`,
      );
    }
  }

  const surface = benchSurface64();
  log(`  node host cars: 64×64 slice ${surface.toFixed(1)} ms`);
  extra.push(
    metric('surface_grid_64_mlp_ms_host', sig(surface), 'ms', {
      note: "cars MLP (4-16-1 tanh), 64×64 parameter sets on the training rows, on the host as the app evaluates every backend's slice (op by op before: 1880 ms on cpu, 570 on wasm), median of 5",
    }),
  );

  const metrics: Metric[] = [];
  const speedupTarget = { op: '>=', value: 10 } as const;
  for (const scene of SCENES) {
    const own = timings.filter((t) => t.scene === scene);
    const byBackend = own.map((t) => ({ t, ratio: median(t.ratios) }));
    const worst = Math.min(...byBackend.map((b) => b.ratio));
    metrics.push(
      metric(`batched_speedup_k16${suffix(scene)}`, sig(worst), 'x', {
        target: speedupTarget,
        note: `${scene}, ${STEPS} steps: the smaller of the cpu and wasm ratios`,
      }),
    );
    for (const { t, ratio } of byBackend) {
      metrics.push(
        metric(`batched_speedup_k16_${t.backend}${suffix(scene)}`, sig(ratio), 'x', {
          target: speedupTarget,
          note: `${scene}, ${STEPS} steps, median of ${REPS} repetitions of Σ 16 K=1 runs ÷ mean K=16 run, interleaved`,
        }),
      );
    }
  }
  for (const scene of SCENES) {
    for (const t of timings.filter((x) => x.scene === scene)) {
      metrics.push(
        metric(
          `steps_per_s_${t.backend}_k1${suffix(scene)}`,
          sig((STEPS / median(t.singleMs)) * 1000),
          'steps/s',
          {
            note: `${scene}, median of ${t.singleMs.length} single-rate runs of ${STEPS} steps`,
          },
        ),
        metric(
          `steps_per_s_${t.backend}_k16${suffix(scene)}`,
          sig((STEPS / median(t.batchedMs)) * 1000),
          'steps/s',
          {
            note: `${scene}, one step advances all 16 runs; median of ${t.batchedMs.length} runs of ${STEPS} steps`,
          },
        ),
      );
    }
    const ms16 = timeReference(scene, K);
    const ms1 = timeReference(scene, 1);
    log(
      `  node reference ${scene}: K=16 ${ms16.toFixed(3)} ms, K=1 ${ms1.toFixed(3)} ms per ${STEPS} steps`,
    );
    metrics.push(
      metric(`reference_steps_per_s_k16${suffix(scene)}`, sig((STEPS / ms16) * 1000), 'steps/s', {
        note: `${scene}, float64 referenceTrajectory, 16 runs in plain loops (one step = all 16 runs)`,
      }),
      metric(`reference_steps_per_s_k1${suffix(scene)}`, sig((STEPS / ms1) * 1000), 'steps/s', {
        note: `${scene}, float64 referenceTrajectory, one run`,
      }),
    );
  }
  for (const g of grids) {
    metrics.push(
      metric(`slider_grid_train_ms_${g.backend}${suffix(g.scene)}`, sig(g.gridMs), 'ms', {
        note: `${g.scene}: one batch of all ${g.positions} slider positions × ${DEFAULT_STEPS} steps (vs ${sig(
          g.defaultMs,
        )} ms for the default ${s4(g)} runs)`,
      }),
    );
  }
  metrics.push(...extra);
  return { metrics, timings, grids, wasmSimd, tfjsVersion: tf.version.tfjs };
}
