import seedrandom from 'seedrandom';

/** The seed of the study notes' homework code (`myseed = 42069`): the lab's default. */
export const DEFAULT_SEED = 42069;

/** A source of uniform numbers in [0, 1), as `d3-random`'s `.source(rng)` expects. */
export type Rng = () => number;

/**
 * The purposes that draw random numbers. Each gets its own stream, so adding draws to one purpose never
 * shifts the numbers another purpose sees (the notes' lesson: the n-th number after a fixed seed is fixed).
 */
export const STREAMS = [
  'init',
  'gradient-noise',
  'data',
  'split',
  'shuffle',
  'sharpness',
  'slice',
] as const;
export type StreamName = (typeof STREAMS)[number];

/**
 * The seeded stream for one purpose: Alea (Baagøe 2010, as shipped by seedrandom) keyed by
 * `"<seed>/<name>"`. Unlike tfjs' own random ops, a seed of 0 is an ordinary seed here.
 */
export function stream(seed: number, name: StreamName): Rng {
  return seedrandom.alea(`${seed}/${name}`);
}

/**
 * Standard normal draws by the Box–Muller transform: z = √(−2 ln u₁) · cos(2π u₂), u₁ ∈ (0, 1].
 * Uses exactly two uniforms per draw so the sequence is easy to reason about.
 */
export function normal(rng: Rng): number {
  const u1 = 1 - rng();
  const u2 = rng();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
