import type { MlpLayout } from '../core/models/mlp';
import {
  pcaPlane,
  projectPath,
  randomPlane,
  sliceGrid,
  type Plane,
  type SliceWindow,
} from '../core/models/slices';
import type { Rng } from '../core/rng';
import type { ModelScene } from '../core/scenes/cars';
import type { SliceInfo, Surface } from '../protocol/results';
import { mlpLosses } from './fused/mlpStep';

export type { SliceInfo } from '../protocol/results';

/**
 * Points per side of a network's slice (41² = 1681 parameter sets per surface), chosen when the
 * slice ran as tfjs ops and a 64² one took 1.2–1.9 s on the cpu backend; on the host a 64² slice
 * takes about 0.16 s (`npm run bench`, surface_grid_64_mlp_ms_host) and 41² keeps the contours
 * smooth. The benchmark builds the app with VITE_SLICE_SIDE=64 to time the 64² slice in Chromium.
 */
export const SLICE_SIDE =
  Number((import.meta as { env?: Record<string, string | undefined> }).env?.VITE_SLICE_SIDE) || 41;
/** Rows of the PCA at most: a long path is subsampled (start and end always kept). */
const PCA_ROWS = 201;
/** Floats of parameter sets per evaluation batch (about 4 MB), whatever P is. */
const BATCH_FLOATS = 1 << 20;

/** The loss at each of the parameter sets in `points` (count × P, row-major). */
export type PointsLoss = (points: Float32Array) => Float32Array;

/**
 * A network's training loss at many parameter sets, on the host: the scene's training rows as the
 * trainers hold them (float32, src/train/dataOps.ts) through the fused step's forward pass
 * (`mlpLosses`), whatever the backend (docs/THEORY.md, Surfaces of networks): as tfjs ops on a GPU
 * backend the slice compiled a program per op for one evaluation per result, and on cpu and wasm
 * the host loop is faster than the ops too.
 */
export function networkLoss(scene: ModelScene): PointsLoss {
  const { f, x, y } = scene.data;
  const rows = scene.split.train;
  const xs = new Float32Array(rows.length * f);
  rows.forEach((i, r) => xs.set(x.subarray(i * f, (i + 1) * f), r * f));
  const ys = Float32Array.from(rows, (i) => y[i]!);
  return (points) => mlpLosses(scene.layout, points, xs, ys);
}

/** How a network's slice plane is chosen. */
export type SliceChoice =
  | { readonly kind: 'pca' }
  | { readonly kind: 'random'; readonly layout: MlpLayout; readonly rng: Rng };

/**
 * The surface of a network through the plane of one trajectory (Li et al. 2018, "Visualizing the
 * Loss Landscape of Neural Nets", optimisation paths by PCA; here the plane through the start and
 * end, src/core/models/slices.ts): the run with the lowest final training loss defines it; every
 * run's path is projected onto it; the G×G grid of θ = θ_T + α·d1 + β·d2 is evaluated by `loss`
 * (`networkLoss`: the training loss), in batches (`onProgress` gets the fraction done).
 *
 * With `random`, the plane is instead the one Li et al. draw around a solution: through the end of
 * that run along two seeded, filter-normalised Gaussian directions (biases' directions zero), over
 * α, β ∈ [−1, 1] widened to the projected paths.
 *
 * `paths` hold θ every `every` steps ((⌊T/every⌋ + 1)·P numbers each); projected paths are drawn
 * per step, so rows between recorded ones are interpolated linearly in the plane.
 */
export function modelSlice(
  loss: PointsLoss,
  P: number,
  paths: readonly Float32Array[],
  finalLosses: readonly number[],
  every: number,
  steps: number,
  onProgress: (fraction: number) => void = () => undefined,
  choice: SliceChoice = { kind: 'pca' },
): { slice: SliceInfo; surface: Surface; projected: Float64Array[] } {
  // The run that ends lowest; if every run diverged, the one that stayed finite longest.
  let run = 0;
  let bestLoss = Infinity;
  let longest = -1;
  paths.forEach((p, k) => {
    const l = finalLosses[k] ?? NaN;
    const rows = finiteRows(p, P).length;
    if (l < bestLoss || (!(bestLoss < Infinity) && rows > longest)) {
      if (l < bestLoss) bestLoss = l;
      run = k;
      longest = rows;
    }
  });
  const path = finiteRows(paths[run]!, P);
  const rows = path.length / P;
  const keep = Math.min(rows, PCA_ROWS);
  const sub = new Float64Array(keep * P);
  for (let r = 0; r < keep; r++) {
    const src = keep === 1 ? 0 : Math.round((r * (rows - 1)) / (keep - 1));
    for (let i = 0; i < P; i++) sub[r * P + i] = path[src * P + i]!;
  }
  let plane: Plane;
  let explained: readonly [number, number];
  if (choice.kind === 'random') {
    plane = randomPlane(choice.layout, path.subarray(path.length - P), choice.rng);
    explained = [NaN, NaN];
  } else {
    const pca = pcaPlane(sub, P);
    plane = pca;
    explained = pca.explained;
  }
  const projected = paths.map((p) => upsample(projectPath(finiteRows(p, P), plane), every, steps));

  // The window: the defining run's path with a margin, square so that one unit of α and of β have
  // the same length on screen; runs that fly off are drawn to the frame.
  const own = projected[run]!;
  let lo = [Infinity, Infinity];
  let hi = [-Infinity, -Infinity];
  for (let t = 0; t < own.length / 2; t++) {
    for (let d = 0; d < 2; d++) {
      lo[d] = Math.min(lo[d]!, own[2 * t + d]!);
      hi[d] = Math.max(hi[d]!, own[2 * t + d]!);
    }
  }
  if (!Number.isFinite(lo[0]!))
    [lo, hi] = [
      [-1, -1],
      [1, 1],
    ];
  if (choice.kind === 'random') {
    // Li et al.'s window, [−1, 1]² around the solution, grown to hold the defining path.
    lo = [Math.min(-1, lo[0]!), Math.min(-1, lo[1]!)];
    hi = [Math.max(1, hi[0]!), Math.max(1, hi[1]!)];
  }
  const half = Math.max(1e-3, ...[0, 1].map((d) => (hi[d]! - lo[d]!) / 2)) * 1.35;
  const mid = [0, 1].map((d) => (hi[d]! + lo[d]!) / 2);
  const window: SliceWindow = {
    alpha: [mid[0]! - half, mid[0]! + half],
    beta: [mid[1]! - half, mid[1]! + half],
  };

  const G = SLICE_SIDE;
  const values = new Float32Array(G * G);
  const batch = Math.max(1, Math.floor(BATCH_FLOATS / P));
  for (let start = 0; start < G * G; start += batch) {
    const count = Math.min(batch, G * G - start);
    const points = sliceGrid(plane.origin, plane.d1, plane.d2, G, window, { start, count });
    values.set(loss(points), start);
    onProgress((start + count) / (G * G));
  }
  return {
    slice: {
      names:
        choice.kind === 'random'
          ? ['random direction 1', 'random direction 2']
          : ['start → end', 'top principal component'],
      window,
      explained,
      run,
    },
    surface: { dims: 2, n: G, values },
    projected,
  };
}

/** The rows of a path up to its first non-finite entry (a diverged run ends there). */
function finiteRows(path: Float32Array, P: number): Float32Array {
  for (let i = 0; i < path.length; i++) {
    if (!Number.isFinite(path[i])) return path.subarray(0, Math.floor(i / P) * P);
  }
  return path;
}

/** (α, β) every `every` steps → every step up to `steps`, linearly between recorded rows. */
function upsample(ab: Float64Array, every: number, steps: number): Float64Array {
  if (every === 1) return ab;
  const rows = ab.length / 2;
  const last = Math.min(steps, (rows - 1) * every);
  const out = new Float64Array((last + 1) * 2);
  for (let t = 0; t <= last; t++) {
    const r = Math.min(rows - 1, Math.floor(t / every));
    const f = t / every - r;
    for (let d = 0; d < 2; d++) {
      const a = ab[2 * r + d]!;
      const b = ab[2 * Math.min(rows - 1, r + 1) + d]!;
      out[2 * t + d] = a + f * (b - a);
    }
  }
  return out;
}
