import { assertNever } from './never';

/** The optimizers the lab compares. */
export const OPTIMIZERS = [
  'sgd',
  'momentum',
  'nesterov',
  'adagrad',
  'rmsprop',
  'adam',
  'adamw',
] as const;
export type OptimizerKind = (typeof OPTIMIZERS)[number];

/**
 * An optimizer and all its hyper-parameters, flat so that each one is a URL field. Fields an
 * optimizer does not use are ignored by it (see OPTIMIZER_PARAMS).
 */
export interface OptimizerSpec {
  readonly optimizer: OptimizerKind;
  /** Momentum coefficient β (momentum, nesterov). */
  readonly beta: number;
  /** Decay of the first-moment average β₁ (adam, adamw). */
  readonly beta1: number;
  /** Decay of the second-moment average β₂ (adam, adamw). */
  readonly beta2: number;
  /** Decay of the squared-gradient average ρ (rmsprop). */
  readonly rho: number;
  /** ε added to the root of the second moment (adagrad, rmsprop, adam, adamw), always explicit. */
  readonly eps: number;
  /** Decoupled weight decay λ (adamw). */
  readonly weightDecay: number;
}

type Param = Exclude<keyof OptimizerSpec, 'optimizer'>;

/** Which hyper-parameters each optimizer reads. */
export const OPTIMIZER_PARAMS: Record<OptimizerKind, readonly Param[]> = {
  sgd: [],
  momentum: ['beta'],
  nesterov: ['beta'],
  adagrad: ['eps'],
  rmsprop: ['rho', 'eps'],
  adam: ['beta1', 'beta2', 'eps'],
  adamw: ['beta1', 'beta2', 'eps', 'weightDecay'],
};

/**
 * Defaults: β = 0.9 (Sutskever et al. 2013), ρ = 0.9 (Hinton's lecture 6e), β₁ = 0.9, β₂ = 0.999,
 * ε = 1e-8 (Kingma & Ba 2015), λ = 0.01 (PyTorch's AdamW).
 */
export const DEFAULT_OPTIMIZER: OptimizerSpec = {
  optimizer: 'sgd',
  beta: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  rho: 0.9,
  eps: 1e-8,
  weightDecay: 0.01,
};

/** What sort of rule an optimizer is; the bands, the kernels and the controls read these. */
export interface OptimizerTraits {
  /** It keeps a momentum (velocity) average. */
  readonly momentum: boolean;
  /** It rescales each coordinate by a running root mean square of its gradients. */
  readonly adaptive: boolean;
  /** It divides by Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ (the kernels compute them only then). */
  readonly biasCorrected: boolean;
}

/** The traits of every optimizer (see referenceUpdate for the rules). */
export const OPTIMIZER_TRAITS = {
  sgd: { momentum: false, adaptive: false, biasCorrected: false },
  momentum: { momentum: true, adaptive: false, biasCorrected: false },
  nesterov: { momentum: true, adaptive: false, biasCorrected: false },
  adagrad: { momentum: false, adaptive: true, biasCorrected: false },
  rmsprop: { momentum: false, adaptive: true, biasCorrected: false },
  adam: { momentum: false, adaptive: true, biasCorrected: true },
  adamw: { momentum: false, adaptive: true, biasCorrected: true },
} as const satisfies Record<OptimizerKind, OptimizerTraits>;

/** Whether the optimizer keeps a momentum (velocity) average. */
export const usesMomentum = (kind: OptimizerKind): boolean => OPTIMIZER_TRAITS[kind].momentum;

/** Whether the optimizer rescales each coordinate by a running root mean square of its gradients. */
export const isAdaptive = (kind: OptimizerKind): boolean => OPTIMIZER_TRAITS[kind].adaptive;

/** Float64 optimizer state of one run: two P-vectors and the number of steps taken. */
export interface ReferenceState {
  readonly m: Float64Array;
  readonly v: Float64Array;
  t: number;
}

export function referenceState(P: number): ReferenceState {
  return { m: new Float64Array(P), v: new Float64Array(P), t: 0 };
}

/**
 * One optimizer step in float64, in place: θ ← update(θ, g, η). With g the gradient (noise
 * included), t the step number counted from 1 and all products elementwise:
 *
 * - sgd:       θ ← θ − η g
 * - momentum:  m ← β m + g;  θ ← θ − η m   (heavy ball, Polyak 1964, in PyTorch's form)
 * - nesterov:  m ← β m + g;  θ ← θ − η (g + β m)   (Sutskever et al. 2013, PyTorch's form)
 * - adagrad:   v ← v + g²;  θ ← θ − η g / (√v + ε)   (Duchi et al. 2011)
 * - rmsprop:   v ← ρ v + (1 − ρ) g²;  θ ← θ − η g / (√v + ε)   (Tieleman & Hinton 2012)
 * - adam:      m ← β₁ m + (1 − β₁) g;  v ← β₂ v + (1 − β₂) g²;
 *              θ ← θ − η m̂ / (√v̂ + ε),  m̂ = m / (1 − β₁ᵗ),  v̂ = v / (1 − β₂ᵗ)   (Kingma & Ba 2015, Alg. 1)
 * - adamw:     as adam, then θ ← θ − η λ θ_old (decoupled decay, Loshchilov & Hutter 2019,
 *              with the decay scaled by η as in PyTorch)
 *
 * This is the oracle the batched tfjs optimizers (src/train/optimizers.ts) are tested against.
 */
export function referenceUpdate(
  spec: OptimizerSpec,
  theta: number[],
  g: readonly number[],
  lr: number,
  state: ReferenceState,
): void {
  state.t += 1;
  const { m, v, t } = state;
  const c1 = 1 - spec.beta1 ** t;
  const c2 = 1 - spec.beta2 ** t;
  for (let p = 0; p < theta.length; p++) {
    const gp = g[p] ?? 0;
    const th = theta[p] ?? 0;
    let step: number;
    switch (spec.optimizer) {
      case 'sgd':
        step = gp;
        break;
      case 'momentum':
        m[p] = spec.beta * (m[p] ?? 0) + gp;
        step = m[p] ?? 0;
        break;
      case 'nesterov':
        m[p] = spec.beta * (m[p] ?? 0) + gp;
        step = gp + spec.beta * (m[p] ?? 0);
        break;
      case 'adagrad':
        v[p] = (v[p] ?? 0) + gp * gp;
        step = gp / (Math.sqrt(v[p] ?? 0) + spec.eps);
        break;
      case 'rmsprop':
        v[p] = spec.rho * (v[p] ?? 0) + (1 - spec.rho) * gp * gp;
        step = gp / (Math.sqrt(v[p] ?? 0) + spec.eps);
        break;
      case 'adam':
      case 'adamw':
        m[p] = spec.beta1 * (m[p] ?? 0) + (1 - spec.beta1) * gp;
        v[p] = spec.beta2 * (v[p] ?? 0) + (1 - spec.beta2) * gp * gp;
        step = (m[p] ?? 0) / c1 / (Math.sqrt((v[p] ?? 0) / c2) + spec.eps);
        if (spec.optimizer === 'adamw') step += spec.weightDecay * th;
        break;
      default:
        return assertNever(spec.optimizer, 'optimizer');
    }
    theta[p] = th - lr * step;
  }
}
