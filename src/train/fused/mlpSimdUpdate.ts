import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerKind, OptimizerSpec } from '../../core/optimizers';
import { STATE_COUNT } from '../optimizers';
import { Body, F32, F64, I32, SIMD, V128, type ValType } from './wasmEncoder';

/**
 * The optimizer update of the fused network step (`RUN_UPDATE` in src/train/fused/mlpStep.ts) as
 * functions of the WebAssembly SIMD module (src/train/fused/mlpSimdModule.ts), over θ, the
 * gradient and the optimizer state in the module's chunk-major layout [C][P][4] (four runs side
 * by side), so that they stay in the module's memory from one step to the next.
 *
 * Bit for bit the scalar update: JavaScript computes it in float64 from float32 inputs and stores
 * float32, so here every lane pair is promoted to f64x2 (`f64x2.promote_low_f32x4`), goes through
 * the same float64 operations in the same order (IEEE 754 arithmetic and square root are correctly
 * rounded in both languages), and is rounded to float32 where the scalar body rounds
 * (`Math.fround`, a store) by `f32x4.demote_f64x2_zero`. The step η_k·factor_t is the float32
 * product `Math.fround(lr_k·factor)` of two float32 numbers, which is exactly f32x4.mul.
 *
 * `update_<optimizer>(th, thOut, g, s0, s0Out, s1, s1Out, lr, noise, C, factor, beta, beta1,
 * beta2, rho, eps, weightDecay, c1, c2)`: for every chunk c < C and parameter p, θ, g and the state
 * at byte offset 16·(c·P + p) of th, g, s0, s1 (as many state areas as the optimizer keeps), the
 * new θ and state to thOut, s0Out, s1Out; lr holds the runs' learning rates [C][4]; noise, when not
 * 0, the step's gradient noise in the same layout as g, added to g in float64 as the scalar body
 * adds it; c1, c2 are Adam's bias corrections 1 − β₁ᵗ, 1 − β₂ᵗ.
 */
const UPDATE_PARAMS: ValType[] = [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, F32];
const HYPER = ['beta', 'beta1', 'beta2', 'rho', 'eps', 'weightDecay', 'c1', 'c2'] as const;
type Hyper = (typeof HYPER)[number];

/** The export's name for an optimizer. */
export const updateName = (kind: OptimizerKind): `update_${OptimizerKind}` => `update_${kind}`;

/** An `update_<optimizer>` export: byte pointers, the chunk count, then the scalars. */
export type UpdateExport = (
  th: number,
  thOut: number,
  g: number,
  s0: number,
  s0Out: number,
  s1: number,
  s1Out: number,
  lr: number,
  noise: number,
  C: number,
  factor: number,
  beta: number,
  beta1: number,
  beta2: number,
  rho: number,
  eps: number,
  weightDecay: number,
  c1: number,
  c2: number,
) => void;

/** The module's update exports, by `updateName`. */
export interface UpdateExports {
  readonly [update: `update_${string}`]: UpdateExport;
}

/** Byte offsets an update reads and writes (see the file's comment); 0 for what it does not use. */
export interface UpdateAreas {
  readonly th: number;
  readonly thOut: number;
  readonly g: number;
  readonly s0: number;
  readonly s0Out: number;
  readonly s1: number;
  readonly s1Out: number;
  readonly lr: number;
  readonly noise: number;
}

/**
 * Calls the optimizer's `update_<kind>` for C chunks at step `step` (counted from 1, for Adam's
 * bias corrections, computed here in float64 as the scalar body computes them).
 */
export function runUpdate(
  exports: UpdateExports,
  spec: OptimizerSpec,
  at: UpdateAreas,
  C: number,
  factor: number,
  step: number,
): void {
  exports[updateName(spec.optimizer)]!(
    at.th,
    at.thOut,
    at.g,
    at.s0,
    at.s0Out,
    at.s1,
    at.s1Out,
    at.lr,
    at.noise,
    C,
    factor,
    spec.beta,
    spec.beta1,
    spec.beta2,
    spec.rho,
    spec.eps,
    spec.weightDecay,
    1 - spec.beta1 ** step,
    1 - spec.beta2 ** step,
  );
}

/** Locals of one lane pair's update: the float64 values the scalar body names. */
interface Pair {
  /** θ, the (noisy) gradient and η, as f64x2. */
  readonly th: number;
  readonly g: number;
  readonly eta: number;
  /** The state in (f32x4 of the chunk, this pair's lanes promoted on use) and out (f32 lanes 0, 1). */
  readonly s: readonly number[];
  readonly sOut: readonly number[];
  /** The hyper-parameters splat to f64x2. */
  readonly hp: Record<Hyper, number>;
  /** Pushes lanes of this pair of an f32x4 local as f64x2. */
  readonly promote: (v: number) => void;
}

/**
 * Each optimizer's update of one lane pair: pushes θ − η·(…) as f64x2, and sets the new state
 * (rounded to float32, in lanes 0 and 1) into pair.sOut; the float64 operations in the order of
 * `RUN_UPDATE` (src/train/fused/mlpStep.ts), formulas and sources at `referenceUpdate`
 * (src/core/optimizers.ts).
 */
type EmitUpdate = (b: Body, pair: Pair) => void;

const F64X2 = {
  add: SIMD.f64x2Add,
  sub: SIMD.f64x2Sub,
  mul: SIMD.f64x2Mul,
  div: SIMD.f64x2Div,
} as const;

/** Rounds the f64x2 on the stack to float32 into local `out` and pushes it back as f64x2. */
function fround(b: Body, out: number): void {
  b.simd(SIMD.f32x4DemoteF64x2Zero).tee(out).simd(SIMD.f64x2PromoteLowF32x4);
}

/** θ − η·(the f64x2 that `step` pushes). */
function descend(b: Body, p: Pair, step: () => void): void {
  b.get(p.th).get(p.eta);
  step();
  b.simd(F64X2.mul).simd(F64X2.sub);
}

/**
 * State j's decaying average fround(β·s + (1 − β)·g), or of g·g (as (1 − β)·g·g), into pair.sOut[j]
 * and, as f64x2, into local `to`; β is the hyper-parameter local `beta`.
 */
function average(b: Body, p: Pair, j: number, beta: number, squared: boolean, to: number): void {
  b.get(beta);
  p.promote(p.s[j]!);
  b.simd(F64X2.mul);
  b.f64x2(1).get(beta).simd(F64X2.sub).get(p.g).simd(F64X2.mul);
  if (squared) b.get(p.g).simd(F64X2.mul);
  b.simd(F64X2.add);
  fround(b, p.sOut[j]!);
  b.set(to);
}

/** m ← fround(β·m + g); θ − η·m, or with Nesterov θ − η·(g + β·m). */
function momentum(nesterov: boolean): EmitUpdate {
  return (b, p) => {
    const m = b.local(V128);
    b.get(p.hp.beta);
    p.promote(p.s[0]!);
    b.simd(F64X2.mul).get(p.g).simd(F64X2.add);
    fround(b, p.sOut[0]!);
    b.set(m);
    descend(b, p, () => {
      if (nesterov) b.get(p.g).get(p.hp.beta).get(m).simd(F64X2.mul).simd(F64X2.add);
      else b.get(m);
    });
  };
}

/** v ← fround(v + g²) (AdaGrad) or fround(ρ·v + (1 − ρ)·g·g) (RMSProp); θ − η·g/(√v + ε). */
function squares(adagrad: boolean): EmitUpdate {
  return (b, p) => {
    const v = b.local(V128);
    if (adagrad) {
      p.promote(p.s[0]!);
      b.get(p.g).get(p.g).simd(F64X2.mul).simd(F64X2.add);
      fround(b, p.sOut[0]!);
      b.set(v);
    } else average(b, p, 0, p.hp.rho, true, v);
    descend(b, p, () => {
      b.get(p.g).get(v).simd(SIMD.f64x2Sqrt).get(p.hp.eps).simd(F64X2.add).simd(F64X2.div);
    });
  };
}

/**
 * Adam: m ← fround(β₁m + (1 − β₁)g), v ← fround(β₂v + (1 − β₂)·g·g),
 * θ − η·(m/c1/(√(v/c2) + ε) + λθ), λ = 0 for Adam.
 */
function adam(decoupled: boolean): EmitUpdate {
  return (b, p) => {
    const m = b.local(V128);
    const v = b.local(V128);
    average(b, p, 0, p.hp.beta1, false, m);
    average(b, p, 1, p.hp.beta2, true, v);
    descend(b, p, () => {
      b.get(m).get(p.hp.c1).simd(F64X2.div);
      b.get(v).get(p.hp.c2).simd(F64X2.div).simd(SIMD.f64x2Sqrt).get(p.hp.eps).simd(F64X2.add);
      b.simd(F64X2.div);
      if (decoupled) b.get(p.hp.weightDecay);
      else b.f64x2(0);
      b.get(p.th).simd(F64X2.mul).simd(F64X2.add);
    });
  };
}

/**
 * Each optimizer's update in the module, as `RUN_UPDATE` (src/train/fused/mlpStep.ts) has it. A
 * new optimizer fails to compile until it has an entry here.
 */
export const UPDATE_SIMD: Record<OptimizerKind, EmitUpdate> = {
  sgd: (b, p) => descend(b, p, () => b.get(p.g)),
  momentum: momentum(false),
  nesterov: momentum(true),
  adagrad: squares(true),
  rmsprop: squares(false),
  adam: adam(false),
  adamw: adam(true),
};

/** Byte shuffle of two v128: lanes 0, 1 of a then lanes 0, 1 of b (as f32x4). */
const LOW_PAIRS = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
/** Lanes 2, 3 moved to 0, 1. */
const HIGH_PAIR = [8, 9, 10, 11, 12, 13, 14, 15, 8, 9, 10, 11, 12, 13, 14, 15];

/** The `update_<kind>` function for this layout (see the file's comment). */
export function updateFunction(layout: MlpLayout, kind: OptimizerKind): Body {
  const { P } = layout;
  const emit = UPDATE_SIMD[kind];
  const states = STATE_COUNT[kind];
  const b = new Body([...UPDATE_PARAMS, ...HYPER.map((): ValType => F64)]);
  const [th, thOut, g, s0, s0Out, s1, s1Out, lr, noise, C, factor] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
  ] as const;
  const hyperAt = (h: Hyper) => UPDATE_PARAMS.length + HYPER.indexOf(h);
  const hp = {} as Record<Hyper, number>;
  for (const h of HYPER) {
    hp[h] = b.local(V128);
    b.get(hyperAt(h)).simd(SIMD.f64x2Splat).set(hp[h]);
  }
  const eta = [b.local(V128), b.local(V128)];
  const etaF = b.local(V128);
  const thF = b.local(V128);
  const gF = b.local(V128);
  const sF = [b.local(V128), b.local(V128)];
  const outs = [0, 1].map(() => ({
    th: b.local(V128),
    s: [b.local(V128), b.local(V128)],
  }));
  const thD = b.local(V128);
  const gD = b.local(V128);
  const end = b.local(I32);
  const noisy = b.local(I32);
  b.get(noise).set(noisy);
  const ptrs = [th, thOut, g, noise, s0, s0Out, s1, s1Out].slice(0, 4 + 2 * states);
  /** Pushes lanes 2h, 2h + 1 of f32x4 local v as f64x2. */
  const promoteHalf = (h: number) => (v: number) => {
    b.get(v);
    if (h === 1)
      b.get(v)
        .simd(SIMD.i8x16Shuffle)
        .op(...HIGH_PAIR);
    b.simd(SIMD.f64x2PromoteLowF32x4);
  };
  b.op(0x02, 0x40); // block
  b.get(C).op(0x45).op(0x0d, 0); // C == 0: out
  b.op(0x03, 0x40); // loop (chunks)
  // η = fround(lr·factor): one f32x4 product per chunk.
  b.get(lr).load(0).get(factor).simd(SIMD.f32x4Splat).simd(SIMD.f32x4Mul).set(etaF);
  for (const h of [0, 1]) {
    promoteHalf(h)(etaF);
    b.set(eta[h]!);
  }
  b.get(th)
    .i32(16 * P)
    .op(0x6a)
    .set(end);
  b.op(0x03, 0x40); // loop (parameters)
  b.get(th).load(0).set(thF);
  b.get(g).load(0).set(gF);
  for (let j = 0; j < states; j++)
    b.get(j === 0 ? s0 : s1)
      .load(0)
      .set(sF[j]!);
  for (const h of [0, 1]) {
    const promote = promoteHalf(h);
    promote(gF);
    // g + n_t in float64, where there is noise (its pointer is not 0).
    b.set(gD);
    b.get(noisy).op(0x04, 0x40); // if
    b.get(gD);
    b.get(noise).load(0).set(thD);
    promote(thD);
    b.simd(F64X2.add).set(gD);
    b.op(0x0b); // end if
    promote(thF);
    b.set(thD);
    emit(b, {
      th: thD,
      g: gD,
      eta: eta[h]!,
      s: sF,
      sOut: outs[h]!.s,
      hp,
      promote,
    });
    b.simd(SIMD.f32x4DemoteF64x2Zero).set(outs[h]!.th);
  }
  const store = (ptr: number, lo: number, hi: number) =>
    b
      .get(ptr)
      .get(lo)
      .get(hi)
      .simd(SIMD.i8x16Shuffle)
      .op(...LOW_PAIRS)
      .store(0);
  store(thOut, outs[0]!.th, outs[1]!.th);
  for (let j = 0; j < states; j++) store(j === 0 ? s0Out : s1Out, outs[0]!.s[j]!, outs[1]!.s[j]!);
  for (const ptr of ptrs) b.get(ptr).i32(16).op(0x6a).set(ptr);
  b.get(th).get(end).op(0x49).op(0x0d, 0); // th < end: next parameter
  b.op(0x0b); // end loop (parameters)
  b.get(lr).i32(16).op(0x6a).set(lr);
  b.get(C).i32(1).op(0x6b).tee(C).op(0x0d, 0); // C − 1 ≠ 0: next chunk
  b.op(0x0b); // end loop (chunks)
  b.op(0x0b); // end block
  return b;
}
