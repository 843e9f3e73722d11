import { describe, expect, it } from 'vitest';
import { mlpInit, mlpLayout, mlpLossAndGrad, type MlpLayout } from '../../../src/core/models/mlp';
import {
  filterNormalizedDirection,
  pcaPlane,
  planePoint,
  project,
  projectPath,
  randomPlane,
  sliceAxis,
  sliceGrid,
  type Plane,
} from '../../../src/core/models/slices';
import { normal, stream } from '../../../src/core/rng';
import { expectClose, F64_U } from '../../helpers/numeric';

const u = F64_U;

function norm(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! ** 2;
  return Math.sqrt(s);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** The filter (column j of W) of layer `l` of a parameter vector. */
function filter(layout: MlpLayout, v: ArrayLike<number>, l: number, j: number): number[] {
  const { w } = layout.layers[l]!;
  return Array.from({ length: w.rows }, (_, i) => v[w.offset + i * w.cols + j]!);
}

/** A gradient-descent path θ_0 … θ_T of the float64 MLP on seeded data, (T + 1)·P numbers. */
function gdPath(layout: MlpLayout, seed: number, steps: number, lr: number): Float64Array {
  const rng = stream(seed, 'data');
  const n = 12;
  const x = Float64Array.from({ length: n * layout.features }, () => normal(rng));
  const y = Float64Array.from({ length: n }, () => normal(rng));
  const path = new Float64Array((steps + 1) * layout.P);
  let theta = mlpInit(layout, stream(seed, 'init'));
  path.set(theta, 0);
  for (let t = 1; t <= steps; t++) {
    const { grad } = mlpLossAndGrad(layout, theta, x, y);
    theta = theta.map((v, i) => v - lr * grad[i]!);
    path.set(theta, t * layout.P);
  }
  return path;
}

describe('filterNormalizedDirection', () => {
  /**
   * REQUIRED: every filter of d has the norm of the same filter of θ, and d is 0 on the biases.
   * Tolerance: for a filter of m weights, ‖·‖ = √(Σ squares) errs by ≤ (m + 1)u/2 + u relative
   * (γ_m on the sum, half of it through the square root, one rounding of the root). The code forms
   * both norms (2 such errors), divides (u) and scales each entry (u); the test forms both norms
   * again (2 more). Sum: 2(m + 1)u + 6u ≤ (2m + 8)u relative to ‖θ_j‖.
   */
  it('has the per-filter norms of the weights and zero on the biases', () => {
    for (const [F, width, depth] of [
      [4, 16, 1],
      [3, 5, 2],
      [7, 1, 1],
      [2, 0, 0],
    ] as const) {
      const layout = mlpLayout(F, width, depth);
      // θ as the app holds it (float32 numbers), with biases that are not zero.
      const init = stream(F + width + depth, 'init');
      const theta = Float32Array.from(mlpInit(layout, init), (v) => v + 0.1 * normal(init));
      const rng = stream(1, 'init');
      for (const d of [
        filterNormalizedDirection(layout, theta, rng),
        filterNormalizedDirection(layout, theta, rng),
      ]) {
        layout.layers.forEach(({ w, b }, l) => {
          for (let j = 0; j < w.cols; j++) {
            const want = norm(filter(layout, theta, l, j));
            const tol = { rel: (2 * w.rows + 8) * u };
            expectClose(norm(filter(layout, d, l, j)), want, tol, `layer ${l} filter ${j}`);
          }
          expect(Array.from(d.subarray(b.offset, b.offset + b.size))).toEqual(
            new Array(b.size).fill(0),
          );
        });
      }
    }
  });

  it('is the N(0, 1) draws, in θ order, with each filter rescaled', () => {
    // One normal() per weight in θ's flat order, none for biases: redraw them from an identical
    // stream and rescale by hand: d_j = g_j·‖θ_j‖/‖g_j‖ (same operations up to order: rel 1e-14).
    const layout = mlpLayout(3, 4, 1);
    const theta = mlpInit(layout, stream(8, 'init'));
    const d = filterNormalizedDirection(layout, theta, stream(9, 'init'));
    const rng = stream(9, 'init');
    const g = new Float64Array(layout.P);
    for (const { w } of layout.layers) {
      for (let i = 0; i < w.rows * w.cols; i++) g[w.offset + i] = normal(rng);
    }
    layout.layers.forEach(({ w }, l) => {
      for (let j = 0; j < w.cols; j++) {
        const scale = norm(filter(layout, theta, l, j)) / norm(filter(layout, g, l, j));
        for (let i = 0; i < w.rows; i++) {
          const k = w.offset + i * w.cols + j;
          expectClose(d[k]!, g[k]! * scale, { rel: 1e-14 }, `d[${k}]`);
        }
      }
    });
  });

  it('gives a zero direction on an all-zero filter, and two different draws in a row', () => {
    const layout = mlpLayout(2, 3, 1);
    const theta = mlpInit(layout, stream(5, 'init'));
    for (let i = 0; i < 2; i++) theta[i * 3 + 1] = 0; // filter 1 of layer 0
    const plane = randomPlane(layout, theta, stream(6, 'init'));
    expect(filter(layout, plane.d1, 0, 1)).toEqual([0, 0]);
    expect(plane.d1.every(Number.isFinite)).toBe(true);
    expect(plane.d1).not.toEqual(plane.d2);
    expect(Array.from(plane.origin)).toEqual(Array.from(theta));
    const again = stream(6, 'init');
    expect(plane.d1).toEqual(filterNormalizedDirection(layout, theta, again));
    expect(plane.d2).toEqual(filterNormalizedDirection(layout, theta, again));
  });
});

describe('pcaPlane', () => {
  /**
   * The residual of a point p after projection, ‖p − planePoint(project(p))‖. For θ_0 it is pure
   * rounding. With D = θ_0 − θ_T: d1 = D/‖D‖ errs by ≤ (P/2 + 3)u per entry (relative); the Gram
   * entries and right-hand sides of `project` by ≤ (P + 2)u·(‖D‖ or 1); Cramer's rule on a Gram
   * matrix within (P + 2)u of I adds ≤ 4(P + 2)u relative; so α = ‖D‖(1 + δ) with
   * |δ| ≤ (6P + 14)u and |β| ≤ (2P + 6)u·‖D‖ (|d1·d2| ≤ (P + 2)u after Gram–Schmidt twice).
   * Rebuilding θ_T + α·d1 + β·d2 costs 3 roundings of |θ_T| + |D| per entry. Altogether
   * ‖residual‖ ≤ (8P + 24)u·‖D‖ + 3u·(‖θ_T‖ + ‖D‖); the test allows (8P + 32)u·(‖D‖ + ‖θ_T‖).
   */
  function residual(p: ArrayLike<number>, plane: Plane): number {
    const [a, b] = project(p, plane);
    const q = planePoint(plane, a, b);
    return norm(Array.from(q, (v, i) => v - p[i]!));
  }
  function endsTolerance(path: Float64Array, P: number): number {
    const T = path.length / P - 1;
    const end = path.subarray(T * P);
    const D = Array.from(path.subarray(0, P), (v, i) => v - end[i]!);
    return (8 * P + 32) * u * (norm(D) + norm(end));
  }
  function expectOrthonormal(plane: Plane, P: number): void {
    expectClose(norm(plane.d1), 1, { rel: 4 * P * u }, '‖d1‖');
    expectClose(norm(plane.d2), 1, { rel: 4 * P * u }, '‖d2‖');
    expect(Math.abs(dot(plane.d1, plane.d2))).toBeLessThan(4 * P * u);
  }

  it('REQUIRED: contains the start and the end of a gradient-descent path', () => {
    for (const [layout, seed, steps, lr] of [
      [mlpLayout(2, 4, 1), 1, 60, 0.1],
      [mlpLayout(4, 16, 1), 2, 200, 0.05],
      [mlpLayout(3, 5, 2), 3, 40, 0.3],
    ] as const) {
      const P = layout.P;
      const path = gdPath(layout, seed, steps, lr);
      const plane = pcaPlane(path, P);
      const start = path.subarray(0, P);
      const end = path.subarray(steps * P);
      expectOrthonormal(plane, P);
      expect(Array.from(plane.origin)).toEqual(Array.from(end));
      // The end is the origin: it projects to (0, 0) and back to itself exactly.
      expect(project(end, plane)).toEqual([0, 0]);
      expect(Array.from(planePoint(plane, 0, 0))).toEqual(Array.from(end));
      expect(residual(end, plane)).toBe(0);
      // The start lies on the first axis, at ‖θ_0 − θ_T‖.
      const tol = endsTolerance(path, P);
      expect(residual(start, plane), `start residual, P = ${P}`).toBeLessThanOrEqual(tol);
      const [a, b] = project(start, plane);
      const D = Array.from(start, (v, i) => v - end[i]!);
      expectClose(a, norm(D), { rel: (8 * P + 32) * u }, 'α of the start');
      expect(Math.abs(b)).toBeLessThanOrEqual(tol);
      // The fractions explained are fractions, and the path is mostly in its own plane.
      const [e1, e2] = plane.explained;
      expect(e1).toBeGreaterThan(0);
      expect(e2).toBeGreaterThan(0);
      expect(e1 + e2).toBeLessThanOrEqual(1 + 1e-12);
      expect(e1 + e2).toBeGreaterThan(0.5);
    }
  });

  it('finds the known second axis of a synthetic path and its explained fractions', () => {
    // P = 6; orthonormal v, w, z (rotated coordinate vectors); θ_T = c; deviations
    // D_t = a_t·v + b_t·w + c_t·z with b_0 = c_0 = 0, so d1 = v. The residuals after removing v
    // are b_t·w + c_t·z with Σb² = 30 > Σc² = 0.1125 and Σ b_t·c_t = 0.3 − 0.3 = 0, so RᵀR =
    // 30·wwᵀ + 0.1125·zzᵀ: d2 = ±w. Explained: Σa²/S and Σb²/S with S = Σa² + Σb² + Σc².
    const P = 6;
    const s = Math.SQRT1_2;
    const v = [s, s, 0, 0, 0, 0];
    const w = [0, 0, s, -s, 0, 0];
    const z = [0, 0, 0, 0, 0.6, 0.8];
    const c = [1, -2, 0.5, 3, -1, 2];
    const a = [4, 3, 2, 1, 0.5];
    const b = [0, 1, 2, 3, 4]; // Σb² = 30
    const cz = [0, 0.3, -0.15, 0, 0];
    const T = a.length;
    const path = new Float64Array((T + 1) * P);
    for (let t = 0; t <= T; t++) {
      for (let i = 0; i < P; i++) {
        const dev = t === T ? 0 : a[t]! * v[i]! + b[t]! * w[i]! + cz[t]! * z[i]!;
        path[t * P + i] = c[i]! + dev;
      }
    }
    const plane = pcaPlane(path, P);
    expectOrthonormal(plane, P);
    for (let i = 0; i < P; i++) expectClose(plane.d1[i]!, v[i]!, { rel: 0, abs: 1e-15 }, 'd1');
    const sign = Math.sign(dot(plane.d2, w));
    for (let i = 0; i < P; i++) {
      expectClose(sign * plane.d2[i]!, w[i]!, { rel: 0, abs: 1e-12 }, `d2[${i}]`);
    }
    const sa = a.reduce((q, x) => q + x * x, 0); // 30.25
    const sc = cz.reduce((q, x) => q + x * x, 0); // 0.1125
    const total = sa + 30 + sc;
    expectClose(plane.explained[0], sa / total, { rel: 1e-13 }, 'explained by d1');
    expectClose(plane.explained[1], 30 / total, { rel: 1e-12 }, 'explained by d2');
  });

  it('degenerate paths give finite orthonormal axes, never NaN', () => {
    const P = 4;
    const c = [1, 2, 3, 4];
    const line = [0.5, -1, 2, 0.25];
    const loop = [0, 1, 0, 0];
    const paths: [string, number[][]][] = [
      ['one point (T = 0)', [c]],
      ['standing still', [c, c, c]],
      ['one step (T = 1)', [c.map((x, i) => x + line[i]!), c]],
      ['a straight line', [3, 2, 1, 0].map((k) => c.map((x, i) => x + k * line[i]!))],
      [
        'a loop: start = end',
        [0, 1, 2, 1, 0].map((k) => c.map((x, i) => x + k * line[i]! + (k % 2) * loop[i]!)),
      ],
    ];
    for (const [name, points] of paths) {
      const path = Float64Array.from(points.flat());
      const plane = pcaPlane(path, P);
      for (const axis of [plane.d1, plane.d2, plane.origin]) {
        expect(axis.every(Number.isFinite), name).toBe(true);
      }
      expect(plane.explained.every(Number.isFinite), name).toBe(true);
      expectOrthonormal(plane, P);
      expect(residual(path.subarray(0, P), plane), name).toBeLessThanOrEqual(
        endsTolerance(path, P),
      );
      expect(Array.from(plane.origin)).toEqual(points[points.length - 1]);
    }
    // A straight path is all along d1: explained (1, 0) up to rounding.
    const straight = pcaPlane(Float64Array.from(paths[3]![1].flat()), P);
    expectClose(straight.explained[0], 1, { rel: 1e-14 }, 'straight e1');
    expect(straight.explained[1]).toBeLessThan(1e-28);
    // A loop returns to its start: d1 becomes the top component of the deviations (here `line`).
    const loopPlane = pcaPlane(Float64Array.from(paths[4]![1].flat()), P);
    expect(Math.abs(dot(loopPlane.d1, line)) / norm(line)).toBeGreaterThan(0.9);
  });

  it('rejects P < 2 and paths of the wrong length', () => {
    expect(() => pcaPlane(new Float64Array(3), 1)).toThrow(/P ≥ 2/);
    expect(() => pcaPlane(new Float64Array(5), 2)).toThrow(/multiple/);
    expect(() => pcaPlane(new Float64Array(0), 2)).toThrow(/multiple/);
  });
});

describe('project and planePoint', () => {
  it('round-trip on a non-orthogonal plane', () => {
    // planePoint then project solves [d1 d2]·(α, β) = θ − origin, which planePoint built exactly
    // up to 3 roundings per entry of |origin| + |α d1| + |β d2|: an error e with
    // ‖e‖ ≤ 3u·(‖origin‖ + |α|‖d1‖ + |β|‖d2‖), which least squares maps to ≤ ‖e‖/σ_min in (α, β),
    // σ_min² the smaller eigenvalue of the Gram matrix. The Gram matrix and Cramer's rule add
    // ≤ (4P + 8)u·κ relative, κ = σ_max²/σ_min². Allow twice the sum.
    const P = 10;
    const rng = stream(2, 'init');
    const origin = Float64Array.from({ length: P }, () => 3 * normal(rng));
    const d1 = Float64Array.from({ length: P }, () => normal(rng));
    const d2 = d1.map((x) => 0.6 * x + 0.5 * normal(rng)); // strongly correlated with d1
    const plane = { origin, d1, d2 };
    const g11 = dot(d1, d1);
    const g12 = dot(d1, d2);
    const g22 = dot(d2, d2);
    const mid = (g11 + g22) / 2;
    const rad = Math.hypot((g11 - g22) / 2, g12);
    const [lo, hi] = [mid - rad, mid + rad];
    for (const [alpha, beta] of [
      [0.3, -1.2],
      [-2, 0.001],
      [1e-3, 5],
    ] as const) {
      const [a, b] = project(planePoint(plane, alpha, beta), plane);
      const e = 3 * u * (norm(origin) + Math.abs(alpha) * norm(d1) + Math.abs(beta) * norm(d2));
      const tol = 2 * (e / Math.sqrt(lo) + (4 * P + 8) * u * (hi / lo) * Math.hypot(alpha, beta));
      expect(Math.hypot(a - alpha, b - beta)).toBeLessThanOrEqual(tol);
    }
  });

  it('projects off-plane points orthogonally (the residual is ⊥ both axes)', () => {
    const rng = stream(4, 'init');
    const P = 7;
    const plane = {
      origin: Float64Array.from({ length: P }, () => normal(rng)),
      d1: Float64Array.from({ length: P }, () => normal(rng)),
      d2: Float64Array.from({ length: P }, () => normal(rng)),
    };
    const p = Float64Array.from({ length: P }, () => normal(rng));
    const [a, b] = project(p, plane);
    const r = Array.from(planePoint(plane, a, b), (q, i) => p[i]! - q);
    expect(Math.abs(dot(r, plane.d1))).toBeLessThan(1e-13);
    expect(Math.abs(dot(r, plane.d2))).toBeLessThan(1e-13);
  });

  it('degenerate axes: parallel fall back to one, zero give (0, 0)', () => {
    const origin = new Float64Array([1, 1]);
    const d = new Float64Array([2, 0]);
    expect(project([5, 3], { origin, d1: d, d2: d.map((x) => 3 * x) })).toEqual([2, 0]);
    expect(project([5, 3], { origin, d1: new Float64Array(2), d2: d })).toEqual([0, 2]);
    const zero = new Float64Array(2);
    expect(project([5, 3], { origin, d1: zero, d2: zero })).toEqual([0, 0]);
  });

  it('projectPath gives (α, β) per point', () => {
    const layout = mlpLayout(2, 3, 1);
    const path = gdPath(layout, 7, 10, 0.2);
    const plane = pcaPlane(path, layout.P);
    const coords = projectPath(path, plane);
    expect(coords.length).toBe(22);
    for (let t = 0; t <= 10; t++) {
      const [a, b] = project(path.subarray(t * layout.P, (t + 1) * layout.P), plane);
      expect([coords[2 * t], coords[2 * t + 1]]).toEqual([a, b]);
    }
    expect([coords[20], coords[21]]).toEqual([0, 0]);
  });
});

describe('sliceGrid', () => {
  it('rows j·G + i hold origin + α_i·d1 + β_j·d2 (α fastest), rounded once to float32', () => {
    // G = 3, span 1: α, β ∈ {−1, 0, 1}; rows 0, 1, 4, 5, 8 are (α, β) = (−1, −1), (0, −1), (0, 0),
    // (1, 0), (1, 1).
    const origin = [0.1, 2, -3];
    const d1 = [1, 0.5, 0.25];
    const d2 = [-0.3, 0.7, 1.1];
    const grid = sliceGrid(origin, d1, d2, 3, 1);
    expect(grid.length).toBe(27);
    const row = (a: number, b: number) =>
      Float32Array.from(origin, (o, i) => o + a * d1[i]! + b * d2[i]!);
    expect(grid.subarray(0, 3)).toEqual(row(-1, -1));
    expect(grid.subarray(3, 6)).toEqual(row(0, -1));
    expect(grid.subarray(12, 15)).toEqual(Float32Array.from(origin));
    expect(grid.subarray(15, 18)).toEqual(row(1, 0));
    expect(grid.subarray(24, 27)).toEqual(row(1, 1));
  });

  it('takes a window, and chunks of rows that concatenate to the whole grid', () => {
    const rng = stream(3, 'init');
    const P = 5;
    const vec = () => Float64Array.from({ length: P }, () => normal(rng));
    const [origin, d1, d2] = [vec(), vec(), vec()];
    const window = { alpha: [0, 2] as const, beta: [-0.5, 0.25] as const };
    const G = 7;
    const whole = sliceGrid(origin, d1, d2, G, window);
    const chunks = [0, 10, 20, 30, 40].map((start) =>
      sliceGrid(origin, d1, d2, G, window, { start, count: Math.min(10, G * G - start) }),
    );
    const joined = new Float32Array(whole.length);
    chunks.forEach((chunk, k) => joined.set(chunk, k * 10 * P));
    expect(joined).toEqual(whole);
    // The last row is (α, β) = (2, 0.25) exactly, the first (0, −0.5).
    const at = (a: number, b: number) =>
      Float32Array.from(origin, (o, i) => o + a * d1[i]! + b * d2[i]!);
    expect(whole.subarray(0, P)).toEqual(at(0, -0.5));
    expect(whole.subarray((G * G - 1) * P)).toEqual(at(2, 0.25));
  });

  it('sliceAxis hits both ends and 0 exactly; G = 1 is the midpoint', () => {
    expect(Array.from(sliceAxis(5, -1, 1))).toEqual([-1, -0.5, 0, 0.5, 1]);
    const odd = sliceAxis(65, -0.7, 0.7);
    expect([odd[0], odd[32], odd[64]]).toEqual([-0.7, 0, 0.7]);
    expect(Array.from(sliceAxis(1, -1, 3))).toEqual([1]);
    expect(() => sliceAxis(0, 0, 1)).toThrow(/grid size/);
  });

  it('rejects mismatched directions and rows outside the grid', () => {
    expect(() => sliceGrid([0, 0], [1], [0, 1], 2, 1)).toThrow(/directions/);
    expect(() => sliceGrid([0], [1], [0], 2, 1, { start: 3, count: 2 })).toThrow(/exceed/);
  });
});
