import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
import { stateCount } from './mlpStep';

/**
 * 'LrLabMlpStepPacked': one training step of K MLPs as one WebGPU dispatch (src/train/fused/
 * webgpuMlp.ts), for the trainer in packedMlpTrainer.ts.
 *
 * Why a second contract beside 'LrLabMlpStep' (mlpKernel.ts): a tfjs WebGPU program has exactly one
 * output buffer, and a step has up to eight results (θ, two optimizer states, the loss, the
 * validation loss, the best loss, the steps since it, the best θ). Eight separate outputs would take
 * eight dispatches, and stacking each step's losses for the chunk's read-back more. So on WebGPU a
 * run's whole state is one row of a [K, Q] "carry" tensor, each step maps the carry to a new one,
 * and the chunk's record (losses, validation losses, recorded θ) rides along in the same row: a
 * step copies the slots written so far and adds its own, and the chunk's last carry is read back
 * once. The copy is O(chunk·P) per run and step, against O(rows·P) of arithmetic.
 *
 * A carry row: θ [P] | optimizer state [P] × 0…2 | best θ [P] and best, since (with validation) |
 * losses [C] | validation losses [C] (with validation) | recorded θ [R·P] | scratch [S], where C is
 * the chunk's length, R the most recorded steps a chunk holds, and S the step's working memory
 * where the adapter wants it in the buffer rather than in workgroup memory (webgpuMlp.ts
 * `packedScratch`; 0 on a GPU).
 */
export const PACKED_MLP_KERNEL = 'LrLabMlpStepPacked';

/** Offsets in a carry row. */
export interface CarryLayout {
  readonly P: number;
  readonly nState: number;
  readonly track: boolean;
  readonly val: boolean;
  /** Best θ, then best and since at bestTheta + P, bestTheta + P + 1 (with `track`). */
  readonly bestTheta: number;
  readonly lossRec: number;
  readonly valRec: number;
  readonly thetaRec: number;
  /** Steps per chunk, and θ rows recorded per chunk at most. */
  readonly chunk: number;
  readonly thetaSlots: number;
  /** Where the step's working memory starts, and its length (0: in workgroup memory). */
  readonly scratch: number;
  readonly scratchFloats: number;
  /** The row's length. */
  readonly Q: number;
}

export function carryLayout(
  P: number,
  spec: OptimizerSpec,
  opts: { val: boolean; track: boolean; chunk: number; every: number; scratch?: number },
): CarryLayout {
  const nState = stateCount(spec);
  const { val, track, chunk, every, scratch: scratchFloats = 0 } = opts;
  const bestTheta = (1 + nState) * P;
  const lossRec = bestTheta + (track ? P + 2 : 0);
  const valRec = lossRec + chunk;
  const thetaRec = valRec + (val ? chunk : 0);
  // A chunk of C consecutive steps holds at most ⌊(C − 1)/every⌋ + 1 multiples of `every`.
  const thetaSlots = Math.floor((chunk - 1) / every) + 1;
  const scratch = thetaRec + thetaSlots * P;
  return {
    P,
    nState,
    track,
    val,
    bestTheta,
    lossRec,
    valRec,
    thetaRec,
    chunk,
    thetaSlots,
    scratch,
    scratchFloats,
    Q: scratch + scratchFloats,
  };
}

/**
 * The longest chunk on WebGPU: each step copies the record written so far, so a chunk of C steps
 * costs O(C²·P) copying per run; 64 keeps that below the step's own arithmetic.
 */
export const MAX_PACKED_CHUNK = 64;

/**
 * Steps per chunk on WebGPU: the request's chunk (a whole number, at most MAX_PACKED_CHUNK), made
 * smaller where K carries would pass `budget` bytes (a carry holds the chunk's record, so its size
 * grows with the chunk).
 */
export function packedChunk(
  P: number,
  spec: OptimizerSpec,
  opts: {
    K: number;
    val: boolean;
    track: boolean;
    every: number;
    wanted: number;
    scratch?: number;
  },
  budget = 32 * 2 ** 20,
): number {
  const { K, wanted } = opts;
  const first = Math.min(MAX_PACKED_CHUNK, Math.max(1, Math.floor(wanted) || 1));
  for (let c = first; c > 1; c = Math.floor(c / 2)) {
    if (K * carryLayout(P, spec, { ...opts, chunk: c }).Q * 4 <= budget) return c;
  }
  return 1;
}

/**
 * Where one data set's rows start in the packed rows tensor (flat float32), and how many rows. A
 * step reads each run's from a table in that tensor (`ROW_SET_FIELDS` per run, from the `sets`
 * attribute on), so that runs on rows of their own (k-fold's folds) share one call.
 */
export interface RowsLayout {
  /** The gradient's rows: all of gx/gy, or B picked per step by idx with weights w. */
  readonly gx: number;
  readonly gy: number;
  readonly nG: number;
  readonly idx: number;
  readonly w: number;
  /** The recorded loss's rows (minibatch mode): the training rows. */
  readonly rx: number;
  readonly ry: number;
  readonly nR: number;
  readonly vx: number;
  readonly vy: number;
  readonly nV: number;
}

/** A run's entry in the rows table, in this order (webgpuMlp.ts reads it so). */
export const ROW_SET_FIELDS = [
  'gx',
  'gy',
  'nG',
  'idx',
  'w',
  'rx',
  'ry',
  'nR',
  'vx',
  'vy',
  'nV',
] as const satisfies readonly (keyof RowsLayout)[];

/** The configuration a shader is generated for (everything else is a uniform). */
export interface PackedShape {
  readonly layout: MlpLayout;
  readonly spec: OptimizerSpec;
  readonly carry: CarryLayout;
  /** Minibatches: the gradient's rows picked per step, the recorded loss over the training rows. */
  readonly batch: boolean;
  /** 0: none, 1: P numbers shared by all runs, 2: K·P (a row per run). */
  readonly noise: 0 | 1 | 2;
}

/** Attributes of one packed step (the per-step numbers become uniforms). */
export interface PackedStepAttrs {
  readonly shape: PackedShape;
  /** Where the rows table starts (its entry for run k at sets + k·ROW_SET_FIELDS.length). */
  readonly sets: number;
  /** The most gradient rows of any run (RowsLayout.nG). */
  readonly nGmost: number;
  readonly factor: number;
  /** Adam's bias corrections 1 − β₁ᵗ and 1 − β₂ᵗ for this step t (counted from 1). */
  readonly c1: number;
  readonly c2: number;
  readonly update: boolean;
  /** This step's slot in the chunk's record, θ's slot (−1: not recorded) and θ slots before it. */
  readonly slot: number;
  readonly thetaSlot: number;
  readonly thetaDone: number;
  readonly batchOffset: number;
  readonly noiseOffset: number;
  readonly patience: number;
}
