/**
 * In Chromium: 200-step trajectories of K learning rates on the webgpu backend, op by op and with
 * the fused kernel, each timed to the last read-back (medians of REPS after a warm-up that also
 * compiles the shaders). Results go to `window.__gpuBench` for bench/gpuBench.ts.
 */
import { PLAIN_GD, setUp, type Experiment } from '../../src/core/experiment';
import { makeScene } from '../../src/core/scenes';
import type { FusedScene } from '../../src/train/fused/analyticKernel';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched, type BatchedRequest } from '../../src/train/trainer';
import { browserTf as tf } from '../../src/worker/tfBrowser';

const STEPS = 200;
// Op by op on SwiftShader takes seconds per trajectory (the bowl's matMul tens of seconds at K = 64),
// so the page times two scenes, four batch sizes, three repetitions: a few minutes in all.
const KS = [1, 16, 64, 256];
const SCENES: FusedScene[] = ['valley', 'rosenbrock'];
const WARMUP = 1;
const REPS = 3;

export interface GpuRow {
  scene: FusedScene;
  K: number;
  unfusedMs: number;
  fusedMs: number;
  ratio: number;
}
export interface GpuBench {
  adapter: string;
  backend: string;
  rows: GpuRow[];
  error?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

async function adapterName(): Promise<string> {
  type Info = { vendor?: string; architecture?: string; description?: string };
  const gpu = (
    navigator as unknown as { gpu?: { requestAdapter(): Promise<{ info?: Info } | null> } }
  ).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  const info = adapter?.info;
  return info
    ? [info.vendor, info.architecture, info.description].filter(Boolean).join(' / ')
    : 'none';
}

async function run(): Promise<GpuBench> {
  const adapter = await adapterName();
  if (!(await tf.setBackend('webgpu'))) return { adapter, backend: tf.getBackend(), rows: [] };
  const rows: GpuRow[] = [];
  for (const scene of SCENES) {
    for (const K of KS) {
      const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
      const lrs = Array.from({ length: K }, (_, i) =>
        K === 1 ? 10 ** ((lo + hi) / 2) : 10 ** (lo + ((hi - lo) * i) / (K - 1)),
      );
      const exp: Experiment = {
        ...PLAIN_GD,
        scene,
        kappa: 10,
        seed: 42069,
        lrs,
        steps: STEPS,
        noise: 0,
      };
      const { start } = setUp(exp);
      const ops = sceneOps(tf, scene, exp);
      const req: BatchedRequest = { lrs, steps: STEPS, start };
      const u: number[] = [];
      const f: number[] = [];
      try {
        for (let rep = 0; rep < WARMUP + REPS; rep++) {
          for (const fused of rep % 2 ? [true, false] : [false, true]) {
            const t0 = performance.now();
            const out = await trainBatched(tf, ops, { ...req, fused });
            const ms = performance.now() - t0;
            if (fused && !out?.fused) throw new Error(`${scene} did not train fused`);
            if (rep >= WARMUP) (fused ? f : u).push(ms);
          }
        }
      } finally {
        ops.dispose();
      }
      rows.push({
        scene,
        K,
        unfusedMs: median(u),
        fusedMs: median(f),
        ratio: median(u.map((x, i) => x / f[i]!)),
      });
      document.getElementById('status')!.textContent = `${scene} K=${K} done`;
    }
  }
  return { adapter, backend: 'webgpu', rows };
}

declare global {
  interface Window {
    __gpuBench?: GpuBench;
  }
}

run()
  .then((r) => (window.__gpuBench = r))
  .catch((err: unknown) => {
    window.__gpuBench = { adapter: '?', backend: tf.getBackend(), rows: [], error: String(err) };
  });
