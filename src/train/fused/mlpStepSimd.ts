import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
import { mlpSimd, recordFloats, simdSupported, type MlpSimd } from './mlpSimdModule';
import { trackRun, updateRun, type MlpStepIo } from './mlpStep';

/**
 * The fused step (src/train/fused/mlpStep.ts) with its hot loops — forward pass, tanh, the losses
 * and the minibatch gradient by backpropagation — in the WebAssembly SIMD module of
 * src/train/fused/mlpSimdModule.ts, four runs per f32x4 lane group. All runs share the step's rows,
 * which is what lets one instruction serve four runs; the per-run work that remains (the optimizer
 * update, early stopping) stays in JavaScript, shared with the scalar body (updateRun, trackRun).
 *
 * Differences from the scalar body, all within the tests' derived tolerance
 * (tests/train/fusedMlp.test.ts): the sums over rows and the activations are float32 (as in the
 * unfused tfjs path) instead of float64, tanh is tanhV (≤ 4e-7 relative) instead of fastTanh, and
 * δ_out's scale 2w/Σw is rounded to float32 once per row.
 *
 * Per step it copies θ in ([K][P] → [⌈K/4⌉][P][4]) and the step's minibatch in; the whole row sets
 * (validation, training) stay in the module's memory from one step to the next. Runs are padded
 * to a multiple of 4 with θ = 0 lanes whose results are dropped.
 */
export function mlpStepSimd(layout: MlpLayout, spec: OptimizerSpec, io: MlpStepIo): void {
  const { P, features: F } = layout;
  const { K, theta } = io;
  const C = Math.ceil(K / 4);
  const R = recordFloats(F);
  const sm = mlpSimd(layout);
  const gMax = io.batch ? io.batch.B : io.gy.length;
  // The recorded loss's own pass (minibatch mode) only where it is asked for.
  const skipRecorded = Boolean(io.rx) && io.recordLoss === false;
  const rec = io.rx && io.ry ? { x: io.rx, y: io.ry } : null;
  const val = io.vx && io.vy && io.valOut ? { x: io.vx, y: io.vy } : null;
  // Float offsets: θ, gradient, three loss areas (validation, batch, recorded), then the rows:
  // validation, recorded (training), gradient. The first two (and the gradient's rows in full-batch
  // mode) are the same rows at every step: written once and kept while the keys stay the same.
  const gradOff = C * P * 4;
  const lossOff = 2 * C * P * 4;
  const rowsOff = lossOff + 3 * C * 4;
  const vN = val?.y.length ?? 0;
  const rN = rec?.y.length ?? 0;
  const floats = rowsOff + (vN + rN + gMax) * R;
  const have = sm.memory.buffer.byteLength;
  if (have < floats * 4) sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
  const kept = keptOf(sm, C);
  const mem = kept.mem;

  copyTheta(mem, theta, K, P, C);
  const keys = io.keys ?? {};
  // A set this step does not use may lie where this step writes: forget it. (A set it uses is
  // either the same rows at the same place, or written again.)
  if (!val) kept.sets.v = null;
  if (!rec) kept.sets.r = null;
  if (io.batch) kept.sets.g = null;
  let off = rowsOff;
  const vRows = val ? keptRows(kept, 'v', keys.v, mem, off, F, val.x, val.y) : null;
  off += vN * R;
  const rRows =
    rec && !skipRecorded ? keptRows(kept, 'r', keys.r, mem, off, F, rec.x, rec.y) : null;
  off += rN * R;
  const gRows = io.batch
    ? writeRows(mem, off, F, io.gx, io.gy, io.batch)
    : keptRows(kept, 'g', keys.g, mem, off, F, io.gx, io.gy);
  const sumAt = (area: number, k: number) => mem[lossOff + area * C * 4 + k]!;
  const { exports: wasm } = sm;

  if (vRows) {
    wasm.mse(0, vRows.at * 4, vRows.n, (lossOff + 0) * 4, C);
    for (let k = 0; k < K; k++) {
      trackRun(io, k, P, Math.fround(vRows.n ? sumAt(0, k) / vRows.n : 0));
    }
  }
  const update = io.thetaOut !== null;
  const hasBatch = gRows.total > 0 && gRows.n > 0;
  const batchArea = lossOff + C * 4;
  // Σw = 0 (all padding): loss and gradient 0, as the scalar body. Without an update the batch
  // is needed only for its loss, and only when it is the recorded loss (full-batch mode).
  if (hasBatch && update) wasm.grad(0, gradOff * 4, gRows.at * 4, gRows.n, batchArea * 4, C);
  else if (hasBatch && !rRows && !skipRecorded)
    wasm.mse(0, gRows.at * 4, gRows.n, batchArea * 4, C);
  if (rRows) wasm.mse(0, rRows.at * 4, rRows.n, (lossOff + 2 * C * 4) * 4, C);
  for (let k = 0; k < K; k++) {
    io.lossOut[k] = skipRecorded
      ? NaN
      : rRows
        ? rRows.n
          ? sumAt(2, k) / rRows.n
          : 0
        : hasBatch
          ? sumAt(1, k) / gRows.total
          : 0;
  }
  if (!update) return;
  const grad = gradOf(P);
  const c1 = 1 - spec.beta1 ** io.step;
  const c2 = 1 - spec.beta2 ** io.step;
  for (let k = 0; k < K; k++) {
    const d = gradOff + (k >> 2) * P * 4 + (k & 3);
    if (hasBatch) for (let p = 0; p < P; p++) grad[p] = mem[d + 4 * p]!;
    else grad.fill(0);
    updateRun(spec, io, k, P, grad, c1, c2);
  }
}

/**
 * Rows of their own per run, as lane records (`laneRecordFloats`, src/train/fused/mlpSimdModule.ts):
 * chunk c's `n` training records and `nv` validation records hold runs 4c…4c + 3 side by side, each
 * run's own rows in their order, padded with masked records; trainN and valN count each run's rows.
 * k-fold packs its folds so (src/train/fused/mlpTrainer.ts `packFoldLanes`).
 */
export interface LaneRows {
  readonly train: Float32Array;
  readonly n: number;
  readonly trainN: Float32Array;
  readonly val: Float32Array | null;
  readonly nv: number;
  readonly valN: Float32Array;
}

/**
 * The full-batch step of `mlpStepSimd` for runs with rows of their own (`LaneRows`), one call for
 * all runs: the same operations on each run's lane, in the same order, over that run's rows, the
 * masked records adding exact zeros, so every run's numbers are bit for bit those of `mlpStepSimd`
 * over its own rows alone (as long as its θ is finite: a masked term is +0 only for finite
 * activations). The gradient rows are the training rows (no minibatches); the row sets are written
 * once and kept while their keys (io.keys.g and .v) stay the same.
 */
export function mlpStepSimdLanes(
  layout: MlpLayout,
  spec: OptimizerSpec,
  io: MlpStepIo,
  lanes: LaneRows,
): void {
  const { P } = layout;
  const { K, theta } = io;
  const C = Math.ceil(K / 4);
  const sm = mlpSimd(layout);
  const gradOff = C * P * 4;
  const lossOff = 2 * C * P * 4;
  const rowsOff = lossOff + 3 * C * 4;
  const val = lanes.val && io.valOut ? lanes.val : null;
  const vFloats = val?.length ?? 0;
  const floats = rowsOff + vFloats + lanes.train.length;
  const have = sm.memory.buffer.byteLength;
  if (have < floats * 4) sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
  const kept = keptOf(sm, C);
  const mem = kept.mem;
  copyTheta(mem, theta, K, P, C);
  const keys = io.keys ?? {};
  kept.sets.r = null;
  if (!val) kept.sets.v = null;
  const vAt = rowsOff;
  const gAt = rowsOff + vFloats;
  if (val) keptLanes(kept, 'v', keys.v, mem, vAt, val, lanes.nv);
  keptLanes(kept, 'g', keys.g, mem, gAt, lanes.train, lanes.n);
  const sumAt = (area: number, k: number) => mem[lossOff + area * C * 4 + k]!;
  const { exports: wasm } = sm;
  if (val) {
    wasm.mseLanes(0, vAt * 4, lanes.nv, lossOff * 4, C);
    for (let k = 0; k < K; k++) {
      const n = lanes.valN[k]!;
      trackRun(io, k, P, Math.fround(n ? sumAt(0, k) / n : 0));
    }
  }
  const update = io.thetaOut !== null;
  const batchArea = lossOff + C * 4;
  if (update) wasm.gradLanes(0, gradOff * 4, gAt * 4, lanes.n, batchArea * 4, C);
  else wasm.mseLanes(0, gAt * 4, lanes.n, batchArea * 4, C);
  for (let k = 0; k < K; k++) {
    const n = lanes.trainN[k]!;
    io.lossOut[k] = n ? sumAt(1, k) / n : 0;
  }
  if (!update) return;
  const grad = gradOf(P);
  const c1 = 1 - spec.beta1 ** io.step;
  const c2 = 1 - spec.beta2 ** io.step;
  for (let k = 0; k < K; k++) {
    const d = gradOff + (k >> 2) * P * 4 + (k & 3);
    if (lanes.trainN[k]! > 0) for (let p = 0; p < P; p++) grad[p] = mem[d + 4 * p]!;
    else grad.fill(0);
    updateRun(spec, io, k, P, grad, c1, c2);
  }
}

/** θ into the module's chunk-major layout [C][P][4], the lanes past K zero. */
function copyTheta(mem: Float32Array, theta: Float32Array, K: number, P: number, C: number): void {
  for (let c = 0; c < C; c++) {
    for (let lane = 0; lane < 4; lane++) {
      const k = 4 * c + lane;
      const d = c * P * 4 + lane;
      if (k < K) for (let p = 0; p < P; p++) mem[d + 4 * p] = theta[k * P + p]!;
      else for (let p = 0; p < P; p++) mem[d + 4 * p] = 0;
    }
  }
}

/** Lane records copied to `at`, unless the same key's records are already there. */
function keptLanes(
  kept: Kept,
  set: 'v' | 'g',
  key: object | undefined,
  mem: Float32Array,
  at: number,
  records: Float32Array,
  n: number,
): void {
  const had = kept.sets[set];
  if (key && had && had.key === key && had.at === at && had.n === n && had.total === -1) return;
  mem.set(records, at);
  // total −1 marks lane records: the same key's rows written as plain records are not these.
  kept.sets[set] = key ? { key, at, n, total: -1 } : null;
  if (!key) kept.sets = { v: null, r: null, g: null };
}

/**
 * What a module's memory holds between calls: a view of it (remade when the memory grows) and, per
 * row set, the key (the tfjs data id of its x) and place of the rows last written there.
 */
interface Kept {
  mem: Float32Array;
  C: number;
  sets: Record<'v' | 'r' | 'g', { key: object; at: number; n: number; total: number } | null>;
}
const keptByModule = new WeakMap<MlpSimd, Kept>();

function keptOf(sm: MlpSimd, C: number): Kept {
  let kept = keptByModule.get(sm);
  if (!kept) {
    kept = { mem: new Float32Array(sm.memory.buffer), C, sets: { v: null, r: null, g: null } };
    keptByModule.set(sm, kept);
  }
  if (kept.mem.buffer !== sm.memory.buffer) kept.mem = new Float32Array(sm.memory.buffer);
  // Another K moves the rows (their offset follows θ's area): write them again.
  if (kept.C !== C) kept.sets = { v: null, r: null, g: null };
  kept.C = C;
  return kept;
}

/** All rows of x/y at `at`, written unless the same key's rows are already there. */
function keptRows(
  kept: Kept,
  set: 'v' | 'r' | 'g',
  key: object | undefined,
  mem: Float32Array,
  at: number,
  F: number,
  x: Float32Array,
  y: Float32Array,
): { at: number; n: number; total: number } {
  const had = kept.sets[set];
  if (key && had && had.key === key && had.at === at && had.n === y.length && had.total !== -1)
    return had;
  const rows = writeRows(mem, at, F, x, y, null);
  // A step without keys (a test calling the body directly) leaves nothing to trust later.
  kept.sets[set] = key ? { key, ...rows } : null;
  if (!key) kept.sets = { v: null, r: null, g: null };
  return rows;
}

const grads = new Map<number, Float64Array>();
function gradOf(P: number): Float64Array {
  let g = grads.get(P);
  if (!g) grads.set(P, (g = new Float64Array(P)));
  return g;
}

/**
 * Writes rows as the module's records (x…, y, w, c = 2w/Σw) at float offset `at`: all rows of x/y
 * with w = 1, or those picked by idx with nonzero weight (weight-0 slots are padding and add 0 to
 * the loss and the gradient, as in the scalar body). Returns the count and Σw.
 */
function writeRows(
  mem: Float32Array,
  at: number,
  F: number,
  x: Float32Array,
  y: Float32Array,
  pick: { idx: Int32Array; w: Float32Array; offset: number; B: number } | null,
): { at: number; n: number; total: number } {
  const R = recordFloats(F);
  if (!pick) {
    const n = y.length;
    const c = Math.fround(2 / n);
    for (let s = 0; s < n; s++) {
      const d = at + s * R;
      for (let i = 0; i < F; i++) mem[d + i] = x[s * F + i]!;
      mem[d + F] = y[s]!;
      mem[d + F + 1] = 1;
      mem[d + F + 2] = c;
    }
    return { at, n, total: n };
  }
  const { idx, w, offset, B } = pick;
  let total = 0;
  for (let j = 0; j < B; j++) total += w[offset + j]!;
  let n = 0;
  for (let j = 0; j < B; j++) {
    const wj = w[offset + j]!;
    if (wj === 0) continue;
    const r = idx[offset + j]!;
    const d = at + n * R;
    for (let i = 0; i < F; i++) mem[d + i] = x[r * F + i]!;
    mem[d + F] = y[r]!;
    mem[d + F + 1] = wj;
    mem[d + F + 2] = (2 * wj) / total;
    n++;
  }
  return { at, n, total };
}

/** Whether the kernel uses this path: on where the engine runs wasm SIMD; tests switch it. */
export const simdMlpStep = { enabled: simdSupported() };
