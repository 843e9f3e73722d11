import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
import {
  groupRecordFloats,
  mlpSimd,
  recordFloats,
  simdSupported,
  type MlpSimd,
  type MlpSimdExports,
} from './mlpSimdModule';
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
 * to a multiple of 4 with θ = 0 lanes whose results are dropped. With fewer than four runs the
 * loss-only passes over the whole sets (the validation loss, the recorded training loss), which
 * are most of a small network's step, go four ROWS per instruction instead, one call per run
 * (`mseRows`, same bits as `mse`'s lane: tests/train/mlpSimdRows.test.ts); at K = 1 that is a
 * quarter of the instructions.
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
  // Fewer than four runs leave lanes of the run-wise passes idle: the loss-only passes over whole
  // sets (validation, recorded) then go four rows per instruction, one call per run (`mseRows`).
  const form: RowForm = K < 4 ? 'groups' : 'plain';
  // Float offsets: θ, gradient, three loss areas (validation, batch, recorded), then the rows:
  // validation, recorded (training), gradient. The first two (and the gradient's rows in full-batch
  // mode) are the same rows at every step: written once and kept while the keys stay the same.
  const gradOff = C * P * 4;
  const lossOff = 2 * C * P * 4;
  const rowsOff = lossOff + 3 * C * 4;
  const vFloats = setFloats(form, F, val?.y.length ?? 0);
  const rFloats = setFloats(form, F, rec?.y.length ?? 0);
  const kept = prepareMemory(sm, rowsOff + vFloats + rFloats + gMax * R, theta, K, P, C);
  const mem = kept.mem;
  const keys = io.keys ?? {};
  // A set this step does not use may lie where this step writes: forget it. (A set it uses is
  // either the same rows at the same place, or written again.)
  if (!val) kept.sets.v = null;
  if (!rec) kept.sets.r = null;
  if (io.batch) kept.sets.g = null;
  let off = rowsOff;
  const vRows = val ? keptRows(kept, 'v', keys.v, mem, off, F, val.x, val.y, form) : null;
  off += vFloats;
  const rRows =
    rec && !skipRecorded ? keptRows(kept, 'r', keys.r, mem, off, F, rec.x, rec.y, form) : null;
  off += rFloats;
  const gRows = io.batch
    ? writeRows(mem, off, F, io.gx, io.gy, io.batch)
    : keptRows(kept, 'g', keys.g, mem, off, F, io.gx, io.gy, 'plain');
  const { exports: wasm } = sm;
  // Loss area a's sum of run k is at lossOff + a·4C + k (no closures here: this runs every step).
  const vSums = lossOff;
  const bSums = lossOff + C * 4;
  const rSums = lossOff + 2 * C * 4;

  if (vRows) {
    setLoss(wasm, vRows, vSums, K, P, C);
    for (let k = 0; k < K; k++) {
      trackRun(io, k, P, Math.fround(vRows.n ? mem[vSums + k]! / vRows.n : 0));
    }
  }
  const update = io.thetaOut !== null;
  const hasBatch = gRows.total > 0 && gRows.n > 0;
  // Σw = 0 (all padding): loss and gradient 0, as the scalar body. Without an update the batch
  // is needed only for its loss, and only when it is the recorded loss (full-batch mode).
  if (hasBatch && update) wasm.grad(0, gradOff * 4, gRows.at * 4, gRows.n, bSums * 4, C);
  else if (hasBatch && !rRows && !skipRecorded) wasm.mse(0, gRows.at * 4, gRows.n, bSums * 4, C);
  if (rRows) setLoss(wasm, rRows, rSums, K, P, C);
  for (let k = 0; k < K; k++) {
    io.lossOut[k] = skipRecorded
      ? NaN
      : rRows
        ? rRows.n
          ? mem[rSums + k]! / rRows.n
          : 0
        : hasBatch
          ? mem[bSums + k]! / gRows.total
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
  const kept = prepareMemory(sm, rowsOff + vFloats + lanes.train.length, theta, K, P, C);
  const mem = kept.mem;
  const keys = io.keys ?? {};
  kept.sets.r = null;
  if (!val) kept.sets.v = null;
  const vAt = rowsOff;
  const gAt = rowsOff + vFloats;
  if (val) keptLanes(kept, 'v', keys.v, mem, vAt, val, lanes.nv);
  keptLanes(kept, 'g', keys.g, mem, gAt, lanes.train, lanes.n);
  const { exports: wasm } = sm;
  const vSums = lossOff;
  const bSums = lossOff + C * 4;
  if (val) {
    wasm.mseLanes(0, vAt * 4, lanes.nv, vSums * 4, C);
    for (let k = 0; k < K; k++) {
      const n = lanes.valN[k]!;
      trackRun(io, k, P, Math.fround(n ? mem[vSums + k]! / n : 0));
    }
  }
  const update = io.thetaOut !== null;
  if (update) wasm.gradLanes(0, gradOff * 4, gAt * 4, lanes.n, bSums * 4, C);
  else wasm.mseLanes(0, gAt * 4, lanes.n, bSums * 4, C);
  for (let k = 0; k < K; k++) {
    const n = lanes.trainN[k]!;
    io.lossOut[k] = n ? mem[bSums + k]! / n : 0;
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

/** Floats that n rows of a whole set take in this form. */
function setFloats(form: 'plain' | 'groups', F: number, n: number): number {
  return form === 'groups' ? groupFloats(F, n) : n * recordFloats(F);
}

/**
 * Loss sums of all K runs over a whole set into the floats from `sums` (run k's at sums + k): one
 * run-wise `mse` call, or one `mseRows` call per run (θ of run k at its lane of chunk k div 4).
 */
function setLoss(
  wasm: MlpSimdExports,
  rows: KeptRows,
  sums: number,
  K: number,
  P: number,
  C: number,
): void {
  if (rows.form === 'plain') {
    wasm.mse(0, rows.at * 4, rows.n, sums * 4, C);
    return;
  }
  const groups = Math.ceil(rows.n / 4);
  for (let k = 0; k < K; k++) {
    wasm.mseRows(((k >> 2) * P * 4 + (k & 3)) * 4, rows.at * 4, groups, (sums + k) * 4);
  }
}

/**
 * The module's memory made ready for a step: grown to at least `floats` floats, a current view of
 * it, the kept sets forgotten when K's chunk count changed, θ copied in. Both entry points start
 * so.
 */
function prepareMemory(
  sm: MlpSimd,
  floats: number,
  theta: Float32Array,
  K: number,
  P: number,
  C: number,
): Kept {
  let kept = keptByModule.get(sm);
  if (!kept) {
    kept = { mem: new Float32Array(sm.memory.buffer), C, sets: { v: null, r: null, g: null } };
    keptByModule.set(sm, kept);
  }
  // The view is checked only when it looks too short (a grown memory detaches it, length 0): no
  // read of memory.buffer on the steps that fit, which are nearly all of them.
  if (kept.mem.length < floats) {
    kept.mem = new Float32Array(sm.memory.buffer);
    const have = kept.mem.byteLength;
    if (have < floats * 4) {
      sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
      kept.mem = new Float32Array(sm.memory.buffer);
    }
  }
  // Another K moves the rows (their offset follows θ's area): write them again.
  if (kept.C !== C) kept.sets = { v: null, r: null, g: null };
  kept.C = C;
  copyTheta(kept.mem, theta, K, P, C);
  return kept;
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
  if (key && had && had.key === key && had.at === at && had.n === n && had.form === 'lanes') return;
  mem.set(records, at);
  // The same key's rows written in another form are not these.
  kept.sets[set] = key ? { key, at, n, total: -1, form: 'lanes' } : null;
  if (!key) kept.sets = { v: null, r: null, g: null };
}

/**
 * What a module's memory holds between calls: a view of it (remade when the memory grows) and, per
 * row set, the key (the tfjs data id of its x) and place of the rows last written there.
 */
interface Kept {
  mem: Float32Array;
  C: number;
  sets: Record<'v' | 'r' | 'g', ({ key: object } & KeptRows) | null>;
}

/**
 * How a set's rows are laid out: plain records (`recordFloats`), row groups (`groupRecordFloats`,
 * for `mseRows`), or k-fold's lane records (`laneRecordFloats`).
 */
type RowForm = 'plain' | 'groups' | 'lanes';

/** Rows written at float offset `at`: n rows (per run, for lanes), Σw, and their form. */
interface KeptRows {
  readonly at: number;
  readonly n: number;
  readonly total: number;
  readonly form: RowForm;
}

/** Floats that n rows take as row groups. */
const groupFloats = (F: number, n: number) => Math.ceil(n / 4) * groupRecordFloats(F);
const keptByModule = new WeakMap<MlpSimd, Kept>();

/** All rows of x/y at `at` in this form, written unless the same key's rows are already there. */
function keptRows(
  kept: Kept,
  set: 'v' | 'r' | 'g',
  key: object | undefined,
  mem: Float32Array,
  at: number,
  F: number,
  x: Float32Array,
  y: Float32Array,
  form: 'plain' | 'groups',
): KeptRows {
  const had = kept.sets[set];
  if (key && had && had.key === key && had.at === at && had.n === y.length && had.form === form)
    return had;
  const rows =
    form === 'groups' ? writeGroups(mem, at, F, x, y) : writeRows(mem, at, F, x, y, null);
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
 * Writes all rows of x/y as row groups (`groupRecordFloats`) at float offset `at`: row s in lane
 * s mod 4 of group ⌊s/4⌋, with w = 1, c = 2/n (as `writeRows`), the mask all ones; the lanes past
 * the last row hold zeros and mask 0.
 */
function writeGroups(
  mem: Float32Array,
  at: number,
  F: number,
  x: Float32Array,
  y: Float32Array,
): KeptRows {
  const R = groupRecordFloats(F);
  const n = y.length;
  const end = at + groupFloats(F, n);
  mem.fill(0, at, end);
  const mask = new Int32Array(mem.buffer, mem.byteOffset, mem.length);
  const c = Math.fround(2 / n);
  for (let s = 0; s < n; s++) {
    const d = at + (s >> 2) * R + (s & 3);
    for (let i = 0; i < F; i++) mem[d + 4 * i] = x[s * F + i]!;
    mem[d + 4 * F] = y[s]!;
    mem[d + 4 * (F + 1)] = 1;
    mem[d + 4 * (F + 2)] = c;
    mask[d + 4 * (F + 3)] = -1;
  }
  return { at, n, total: n, form: 'groups' };
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
): KeptRows {
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
    return { at, n, total: n, form: 'plain' };
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
  return { at, n, total, form: 'plain' };
}

/** Whether the kernel uses this path: on where the engine runs wasm SIMD; tests switch it. */
export const simdMlpStep = { enabled: simdSupported() };
