import type { OptimizerKind, OptimizerSpec } from './optimizers';
import type { Scene } from './scenes/scene';

/**
 * Eigenvalues of a symmetric P×P matrix (row-major), ascending, by cyclic Jacobi rotations
 * (Golub & Van Loan, Matrix Computations, §8.5): each rotation zeroes one off-diagonal pair; sweeps
 * repeat until the off-diagonal mass is below float64 rounding. For P ≤ 3 this is a handful of
 * rotations, and it is exact to a few ulps where closed forms would cancel.
 */
export function symmetricEigenvalues(H: readonly number[], P: number): number[] {
  const a = Array.from({ length: P }, (_, i) =>
    Array.from({ length: P }, (_, j) => H[i * P + j] ?? NaN),
  );
  const at = (i: number, j: number) => a[i]![j]!;
  const set = (i: number, j: number, x: number) => (a[i]![j] = x);
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    let diag = 0;
    for (let i = 0; i < P; i++) {
      diag += at(i, i) ** 2;
      for (let j = i + 1; j < P; j++) off += at(i, j) ** 2;
    }
    if (!(off > 1e-32 * diag)) break;
    for (let p = 0; p < P; p++) {
      for (let q = p + 1; q < P; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        // tan of the rotation angle, the smaller root of t² + 2τt − 1 = 0, τ = (a_qq − a_pp)/(2a_pq).
        const tau = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < P; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          set(k, p, c * akp - s * akq);
          set(k, q, s * akp + c * akq);
        }
        for (let k = 0; k < P; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          set(p, k, c * apk - s * aqk);
          set(q, k, s * apk + c * aqk);
        }
      }
    }
  }
  return Array.from({ length: P }, (_, i) => at(i, i)).sort((x, y) => x - y);
}

/** The learning rates where the behaviour of a run on a quadratic changes. */
export interface StabilityBands {
  /** Largest Hessian eigenvalue. */
  readonly lambdaMax: number;
  /** Below: the error along every eigenvector shrinks without changing sign. */
  readonly noOvershoot: number;
  /** Below: converges (oscillating above noOvershoot); above: diverges. */
  readonly divergence: number;
  /** The formulas, for labels: e.g. ['1/λmax', '2/λmax']. */
  readonly labels: readonly [string, string];
}

/**
 * Exact thresholds for an optimizer on a quadratic with top Hessian eigenvalue λ (docs/THEORY.md,
 * Stability bands), from the linear recursion each eigen-direction follows; with a = ηλ:
 *
 * - sgd: e ← (1 − a)e, so no sign change for a ≤ 1 and convergence for a < 2.
 * - momentum (heavy ball): e_{t+1} = (1 + β − a)e_t − βe_{t−1}, characteristic polynomial
 *   z² − (1 + β − a)z + β. Jury's conditions give |z| < 1 iff a < 2(1 + β) (Polyak 1964; Goh,
 *   "Why Momentum Really Works", Distill 2017). The roots are real and positive iff
 *   a ≤ (1 − √β)²; then from rest (m = 0) e_t ∝ (r₁ − β)r₁ᵗ − (r₂ − β)r₂ᵗ with r₁ > r₂ > β keeps
 *   its sign, and beyond it complex roots make e_t rotate through zero.
 * - nesterov (the form in src/core/optimizers.ts): the state matrix has trace (1 + β)(1 − a) and
 *   determinant β(1 − a); Jury's condition 1 + trace + det > 0 gives a < 2(1 + β)/(1 + 2β), and the
 *   roots are real iff (1 + β)²(1 − a) ≥ 4β, i.e. a ≤ ((1 − β)/(1 + β))²; as for momentum, the
 *   larger root then exceeds β, so e_t keeps its sign.
 *
 * Adaptive optimizers rescale each coordinate by its own gradient history, so no fixed η threshold
 * exists: undefined.
 */
export function stabilityBands(lambdaMax: number, spec: OptimizerSpec): StabilityBands | undefined {
  if (!(lambdaMax > 0) || !Number.isFinite(lambdaMax)) return undefined;
  const rule = BAND_RULES[spec.optimizer];
  if (!rule) return undefined;
  const { lo, hi, labels } = rule(spec.beta);
  return { lambdaMax, noOvershoot: lo / lambdaMax, divergence: hi / lambdaMax, labels };
}

/** One optimizer's thresholds in units of 1/λmax, given its β, and their formulas for labels. */
type BandRule = (b: number) => {
  readonly lo: number;
  readonly hi: number;
  readonly labels: readonly [string, string];
};

/**
 * The thresholds of stabilityBands per optimizer (derivations there); `undefined` for the adaptive
 * ones, which have no fixed threshold. A new optimizer fails to compile until it has an entry here.
 */
const BAND_RULES: Record<OptimizerKind, BandRule | undefined> = {
  sgd: () => ({ lo: 1, hi: 2, labels: ['1/λmax', '2/λmax'] }),
  momentum: (b) => ({
    lo: (1 - Math.sqrt(b)) ** 2,
    hi: 2 * (1 + b),
    labels: ['(1−√β)²/λmax', '2(1+β)/λmax'],
  }),
  nesterov: (b) => ({
    lo: ((1 - b) / (1 + b)) ** 2,
    hi: (2 * (1 + b)) / (1 + 2 * b),
    labels: ['((1−β)/(1+β))²/λmax', '2(1+β)/((1+2β)λmax)'],
  }),
  adagrad: undefined,
  rmsprop: undefined,
  adam: undefined,
  adamw: undefined,
};

/** The exact bands of a scene whose Hessian is constant (a quadratic); undefined otherwise. */
export function sceneBands(scene: Scene, spec: OptimizerSpec): StabilityBands | undefined {
  return scene.quadratic ? minimaBands(scene, spec)[0] : undefined;
}

/**
 * The bands of the quadratic approximation at each minimum (H = ∇²L(θ*)): for any scene, a run
 * that settles into a minimum is stable there only below that minimum's divergence threshold —
 * the local version of the exact bands, which hold everywhere only for a quadratic.
 */
export function minimaBands(scene: Scene, spec: OptimizerSpec): StabilityBands[] {
  return scene.minima.flatMap((m) => {
    const eig = symmetricEigenvalues(scene.hessian(m.theta), scene.dims);
    const bands = stabilityBands(eig[eig.length - 1] ?? NaN, spec);
    return bands ? [bands] : [];
  });
}

export const BANDS = ['monotone', 'oscillating', 'diverging'] as const;
export type Band = (typeof BANDS)[number];

/** Which band a learning rate falls in: η ≤ noOvershoot is monotone; at η = divergence a run no longer converges. */
export function bandOf(lr: number, bands: StabilityBands): Band {
  if (lr <= bands.noOvershoot) return 'monotone';
  if (lr < bands.divergence) return 'oscillating';
  return 'diverging';
}
