import { normal, stream } from './rng';

/**
 * Gradient noise for `steps` steps of a P-parameter scene: σ·z with z ~ N(0, I), row t for step t.
 * All runs of one experiment share it (common random numbers), so they differ only by learning rate.
 * σ = 0 gives zeros without drawing.
 */
export function gradientNoise(
  seed: number,
  steps: number,
  dims: number,
  sigma: number,
): Float64Array {
  const out = new Float64Array(steps * dims);
  if (sigma === 0) return out;
  const rng = stream(seed, 'gradient-noise');
  for (let i = 0; i < out.length; i++) out[i] = sigma * normal(rng);
  return out;
}
