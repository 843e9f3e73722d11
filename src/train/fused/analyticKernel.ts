import { OPTIMIZER_TRAITS, type OptimizerKind, type OptimizerSpec } from '../../core/optimizers';
import type { Derived } from '../../core/expr/derive';
import type { SceneOptions } from '../../core/scenes';
import { ANALYTIC_SCENES, type AnalyticSceneId } from '../../core/scenes/scene';

/**
 * The fused analytic-scene kernel, described once for every backend that implements it (cpu and
 * wasm in cpuAnalytic.ts, webgpu in webgpuAnalytic.ts).
 *
 * One call advances all K runs of an analytic scene by n steps of their optimizer. Two inputs rather
 * than five: creating and freeing a small tensor costs about 1–2 µs on cpu and wasm (measured in
 * Node), and a 200-step trajectory of one rate takes only 20–30 µs in all:
 *
 * - `carry` [K, 3P]: per run θ, then the optimizer's first moment m, then its second moment v
 *   (zeros where the optimizer keeps none);
 * - `chunkInput`, one float32 vector (offsets in chunkInputLayout; "packed" names only the WebGPU
 *   network step of packedMlp.ts):
 *   - `params` [PARAM_COUNT]: the optimizer's hyper-parameters and the scene's constants, with the
 *     integers n and the noise width W at the end (exact in float32 below 2²⁴);
 *   - `lrs` [K]: η_k;
 *   - `sched` [n, 3]: per step i of the chunk the schedule factor f_t, and Adam's bias corrections
 *     1 − β₁ᵗ⁺¹ and 1 − β₂ᵗ⁺¹ (t = t0 + i), computed in float64 on the host and rounded to float32
 *     exactly as the unfused optimizer's scalars are;
 *   - `noise` [n, W]: gradient noise of each step, W = 0 (none), P (shared) or K·P (one row per run).
 *
 * Output [K, R] with R = (n + 1)(1 + P) + 3P, per run: the losses L(θ_t0 … θ_t0+n), the path
 * θ_t0 … θ_t0+n (P numbers each), and the new carry. One output because a WebGPU program writes
 * one buffer; the trainer slices it.
 */
export const FUSED_ANALYTIC_KERNEL = 'LrLabAdvanceAnalytic';

/**
 * The scenes the kernel runs: every analytic scene, whose loss and gradient trees the backends
 * compile.
 */
export const FUSED_SCENES = ANALYTIC_SCENES;
export type FusedScene = AnalyticSceneId;

/** Whether the fused kernel knows a scene. */
export const isFusedScene = (id: string): id is FusedScene =>
  (FUSED_SCENES as readonly string[]).includes(id);

/** What a scene's ops tell the trainer so it can take the fused path: the scene's program. */
export interface AnalyticSpec {
  /** Names the program: the scene, with κ for the bowl and the text and domain for a formula. */
  readonly scene: string;
  /** P, the number of parameters. */
  readonly dims: number;
  /** The loss and gradient the kernel evaluates (the Hessian is not read). */
  readonly trees: Pick<Derived, 'loss' | 'grad'>;
  /** Numbers passed to the kernel besides the program's own constants (none today). */
  readonly consts: readonly number[];
}

/** The spec of an analytic scene, from the same trees its tfjs ops are generated from. */
export function analyticSpec(
  scene: FusedScene,
  trees: Pick<Derived, 'loss' | 'grad'>,
  options: SceneOptions,
): AnalyticSpec {
  const key =
    scene === 'quadratic'
      ? `quadratic:${options.kappa}`
      : scene === 'formula'
        ? `formula:${JSON.stringify([options.formula ?? null, options.domain ?? null])}`
        : scene;
  return { scene: key, dims: trees.grad.length, trees, consts: [] };
}

/**
 * The programs the kernels have been given, by name: a kernel's attributes carry the name (tfjs
 * attributes are plain values), and each backend compiles the trees once (cpuAnalytic.ts,
 * webgpuAnalytic.ts). trainFused registers its spec before each call.
 */
const programs = new Map<string, Pick<Derived, 'loss' | 'grad'>>();

export function registerProgram(spec: AnalyticSpec): void {
  if (programs.get(spec.scene) === spec.trees) return;
  if (programs.size >= 64) programs.clear();
  programs.set(spec.scene, spec.trees);
}

export function programOf(scene: string): Pick<Derived, 'loss' | 'grad'> {
  const trees = programs.get(scene);
  if (!trees) throw new Error(`no fused program "${scene}"`);
  return trees;
}

/** Positions in `params`. */
export const PARAM = {
  beta: 0,
  beta1: 1,
  oneMinusBeta1: 2,
  beta2: 3,
  oneMinusBeta2: 4,
  rho: 5,
  oneMinusRho: 6,
  eps: 7,
  weightDecay: 8,
  /** Four scene constants from here (AnalyticSpec.consts, zero-padded; the programs hold theirs). */
  consts: 9,
  /** Steps in this call. */
  steps: 13,
  /** Noise width W: 0 (none), P or K·P. */
  noiseWidth: 14,
} as const;
export const PARAM_COUNT = 15;

/** Numbers per run in the output for n steps of P parameters. */
export const recordWidth = (n: number, P: number): number => (n + 1) * (1 + P) + 3 * P;

/** Where the parts of `chunkInput` start, and its length, for K runs, n steps and noise width W. */
export function chunkInputLayout(
  K: number,
  n: number,
  W: number,
): { lrs: number; sched: number; noise: number; length: number } {
  const lrs = PARAM_COUNT;
  const sched = lrs + K;
  const noise = sched + 3 * n;
  return { lrs, sched, noise, length: noise + n * W };
}

/** What chunkInputOf needs besides the scene and optimizer: the request's numbers. */
export interface KernelChunk {
  readonly lrs: readonly number[];
  /** Schedule factors for all steps of the request (absent: constant η). */
  readonly factors?: ArrayLike<number>;
  /** The request's gradient noise, W numbers per step (unread when W = 0). */
  readonly noise?: Float64Array;
  /** This chunk: steps t0 … t0 + n − 1. */
  readonly t0: number;
  readonly n: number;
  /** Noise width: 0 (none), P or K·P. */
  readonly noiseWidth: number;
}

/**
 * The `chunkInput` vector for one chunk (layout in the comment at the top, offsets in
 * chunkInputLayout).
 */
export function chunkInputOf(spec: AnalyticSpec, opt: OptimizerSpec, c: KernelChunk): Float32Array {
  const { t0, n, noiseWidth: W } = c;
  const at = chunkInputLayout(c.lrs.length, n, W);
  const a = new Float32Array(at.length);
  writeParams(a, spec, opt, n, W);
  for (let k = 0; k < c.lrs.length; k++) a[at.lrs + k] = c.lrs[k]!;
  writeSchedule(a, at.sched, opt, c.factors, t0, n);
  if (W > 0) a.set(c.noise!.subarray(t0 * W, (t0 + n) * W), at.noise);
  return a;
}

/**
 * The `params` part. Each hyper-parameter is the float32 scalar the unfused optimizer
 * (src/train/optimizers.ts) multiplies by: tf.mul(g, 1 − β₁) rounds 1 − β₁ computed in float64, so
 * 1 − β₁ is passed on its own rather than computed in float32 from β₁.
 */
function writeParams(
  p: Float32Array,
  spec: AnalyticSpec,
  opt: OptimizerSpec,
  steps: number,
  noiseWidth: number,
): void {
  p[PARAM.beta] = opt.beta;
  p[PARAM.beta1] = opt.beta1;
  p[PARAM.oneMinusBeta1] = 1 - opt.beta1;
  p[PARAM.beta2] = opt.beta2;
  p[PARAM.oneMinusBeta2] = 1 - opt.beta2;
  p[PARAM.rho] = opt.rho;
  p[PARAM.oneMinusRho] = 1 - opt.rho;
  p[PARAM.eps] = opt.eps;
  p[PARAM.weightDecay] = opt.weightDecay;
  for (let i = 0; i < spec.consts.length; i++) p[PARAM.consts + i] = spec.consts[i]!;
  p[PARAM.steps] = steps;
  p[PARAM.noiseWidth] = noiseWidth;
}

/**
 * The `sched` part for steps t0 … t0 + n − 1, from offset `at`: the factor f_t (1 without a
 * schedule; the unfused path skips η·1, which is the same float32 number) and, for Adam and AdamW,
 * 1 − β₁ᵗ⁺¹, 1 − β₂ᵗ⁺¹ in float64, then float32 (the unfused Adam divides by these as scalars). The
 * other optimizers never read the bias corrections, so they stay 0 there: computing them was a
 * third of a short fused call's time (two `**` per step).
 */
function writeSchedule(
  s: Float32Array,
  at: number,
  opt: OptimizerSpec,
  factors: ArrayLike<number> | undefined,
  t0: number,
  n: number,
): void {
  if (factors) for (let i = 0; i < n; i++) s[at + i * 3] = factors[t0 + i] ?? 1;
  else for (let i = 0; i < n; i++) s[at + i * 3] = 1;
  if (OPTIMIZER_TRAITS[opt.optimizer].biasCorrected) {
    const c1 = biasCorrections(opt.beta1, t0 + n);
    const c2 = biasCorrections(opt.beta2, t0 + n);
    for (let i = 0; i < n; i++) {
      s[at + i * 3 + 1] = c1[t0 + i]!;
      s[at + i * 3 + 2] = c2[t0 + i]!;
    }
  }
}

/** 1 − βᵗ⁺¹ for t = 0 … (length − 1), per β, kept between calls (they are the same every call). */
const corrections = new Map<number, Float64Array>();

/**
 * Adam's bias corrections c[t] = 1 − βᵗ⁺¹ in float64 (Kingma & Ba 2015, Algorithm 1), at least
 * `length` of them, each computed as `1 - beta ** (t + 1)`, exactly the number the unfused optimizer
 * and the float64 reference use. Cached per β because a slider drag asks for the same ones again
 * and again.
 */
function biasCorrections(beta: number, length: number): Float64Array {
  const have = corrections.get(beta);
  if (have && have.length >= length) return have;
  // Grown to the next power of two so a long run does not recompute at every chunk.
  const c = new Float64Array(Math.max(512, 2 ** Math.ceil(Math.log2(length))));
  for (let t = 0; t < c.length; t++) c[t] = 1 - beta ** (t + 1);
  if (corrections.size >= 8) corrections.clear();
  corrections.set(beta, c);
  return c;
}

/** Optimizers as small integers for the kernels' switch. */
export const OPTIMIZER_CODE: Record<OptimizerKind, number> = {
  sgd: 0,
  momentum: 1,
  nesterov: 2,
  adagrad: 3,
  rmsprop: 4,
  adam: 5,
  adamw: 6,
};

/** Attributes of a kernel call: which scene and optimizer (they select code, not numbers). */
export interface FusedAttrs {
  /** The program's name (AnalyticSpec.scene). */
  readonly scene: string;
  readonly optimizer: OptimizerKind;
  readonly dims: number;
}
