import { normal, stream } from '../rng';
import { makeDataset, type Dataset } from './dataset';

/** The line that generates the data and how far the samples scatter around it. */
export interface LinearDataSpec {
  /** Slope of the true line. */
  readonly w: number;
  /** Intercept of the true line. */
  readonly b: number;
  /** Standard deviation of the Gaussian noise on y; 0 puts every sample on the line. */
  readonly sigma: number;
  /** Inputs are uniform between lo and hi, lo < hi. */
  readonly xRange: readonly [number, number];
}

/**
 * n samples of y = w·x + b + σ·z with x = lo + (hi − lo)·u, u ~ U[0, 1), and z ~ N(0, 1) by
 * Box–Muller (src/core/rng.ts), all from the seed's 'data' stream, one sample at a time: x_i from
 * one uniform, then z_i from two.
 *
 * Why this order: sample i depends only on the draws before it, so the first m samples of a larger
 * n are the m samples of n = m; and z is drawn even for σ = 0, so the inputs x do not change when
 * the noise level, slope or intercept does: one seed, one cloud of inputs to compare settings on.
 */
export function linearData(seed: number, n: number, spec: LinearDataSpec): Dataset {
  const { w, b, sigma } = spec;
  const [lo, hi] = spec.xRange;
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`n must be an integer ≥ 0: ${n}`);
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi)) {
    throw new RangeError(`xRange must be finite with lo < hi: [${lo}, ${hi}]`);
  }
  if (!(sigma >= 0 && Number.isFinite(sigma))) {
    throw new RangeError(`sigma must be ≥ 0 and finite: ${sigma}`);
  }
  if (!(Number.isFinite(w) && Number.isFinite(b))) throw new RangeError('w and b must be finite');
  const rng = stream(seed, 'data');
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const xi = lo + (hi - lo) * rng();
    const z = normal(rng);
    x[i] = xi;
    y[i] = w * xi + b + sigma * z;
  }
  return makeDataset({ name: 'linear', features: ['x'], target: 'y', x, y });
}
