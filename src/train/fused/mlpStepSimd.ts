import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
import { mlpSimd, recordFloats, simdSupported, type MlpSimd } from './mlpSimdModule';
import { lossRecordedAt, RUN_UPDATE, type UpdateArrays } from './mlpStep';

/**
 * A whole chunk of the fused kernel's steps (src/train/fused/mlpKernel.ts) with the step's hot
 * loops — forward pass, tanh, the losses and the minibatch gradient by backpropagation — in the
 * WebAssembly SIMD module of src/train/fused/mlpSimdModule.ts, four runs per f32x4 lane group. All
 * runs share the step's rows, which is what lets one instruction serve four runs; the per-run work
 * that remains (the optimizer update, early stopping) stays in JavaScript, and the update is the
 * scalar body's own (RUN_UPDATE in src/train/fused/mlpStep.ts).
 *
 * Differences from the scalar body, all within the tests' derived tolerance
 * (tests/train/fusedMlp.test.ts): the sums over rows and the activations are float32 (as in the
 * unfused tfjs path) instead of float64, tanh is tanhV (≤ 4e-7 relative) instead of fastTanh, and
 * δ_out's scale 2w/Σw is rounded to float32 once per row.
 *
 * θ lives in the module's memory for the whole chunk, in its run-interleaved layout
 * ([⌈K/4⌉][P][4], runs padded to a multiple of 4 with θ = 0 lanes whose results are dropped), and
 * the optimizer state in host arrays of the same layout: each is copied in once at the chunk's
 * start and out once at its end, and every step updates them in place (each coordinate's update
 * reads only its own θ and state, so in place is the same arithmetic as into a second array). Per
 * step only the step's minibatch is copied in; the whole row sets (validation, training) stay in
 * the module's memory from one call to the next. The chunk's records go straight into `record`.
 */
export interface SimdChunkIo {
  readonly K: number;
  /** The chunk's first step, its number of steps, and the training's (step T records only). */
  readonly t0: number;
  readonly count: number;
  readonly T: number;
  /** The training loss is recorded at t ≡ 0 (mod lossEvery) and at T; θ at t ≡ 0 (mod pathEvery). */
  readonly lossEvery: number;
  readonly pathEvery: number;
  /** The schedule's factor of each step of the chunk. */
  readonly factors: readonly number[];
  readonly lr: Float32Array;
  /** θ [K, P] and the optimizer state at the chunk's start, and where they go after it. */
  readonly theta: Float32Array;
  readonly state: readonly Float32Array[];
  readonly thetaOut: Float32Array;
  readonly stateOut: readonly Float32Array[];
  /** The gradient's rows, the minibatch schedule, the recorded loss's and validation rows (MlpStepIo). */
  readonly gx: Float32Array;
  readonly gy: Float32Array;
  readonly batch: { readonly idx: Int32Array; readonly w: Float32Array; readonly B: number } | null;
  readonly rx: Float32Array | null;
  readonly ry: Float32Array | null;
  readonly vx: Float32Array | null;
  readonly vy: Float32Array | null;
  /** Runs with rows of their own (k-fold, full batch) instead of gx/gy/vx/vy. */
  readonly lanes: LaneRows | null;
  /** Gradient noise: step t's numbers at t·noiseWidth, P shared or K·P (one row per run). */
  readonly noise: Float32Array | null;
  readonly noiseWidth: number;
  readonly noisePerRun: boolean;
  /** Early stopping: the state in, and where it goes (updated in place there step by step). */
  readonly track: {
    readonly patience: number;
    readonly best: Float32Array;
    readonly since: Float32Array;
    readonly theta: Float32Array;
    readonly bestOut: Float32Array;
    readonly sinceOut: Float32Array;
    readonly thetaOut: Float32Array;
  } | null;
  /**
   * [K, W]: per run the chunk's recorded losses (`losses` of them), then with validation rows its
   * validation loss at every step of the chunk, then its recorded θ rows.
   */
  readonly record: Float32Array;
  readonly W: number;
  readonly losses: number;
  readonly keys: { readonly g?: object; readonly r?: object; readonly v?: object };
}

export function mlpChunkSimd(layout: MlpLayout, spec: OptimizerSpec, io: SimdChunkIo): void {
  const { P, features: F } = layout;
  const { K, t0, count, T, record, W, lanes } = io;
  const C = Math.ceil(K / 4);
  const R = recordFloats(F);
  const sm = mlpSimd(layout);
  // Float offsets: θ, gradient, three loss areas (validation, batch, recorded), then the rows:
  // validation, recorded (training), gradient. The first two (and the gradient's rows in full-batch
  // mode) are the same rows at every step: written once and kept while the keys stay the same.
  const gradOff = C * P * 4;
  const lossOff = 2 * C * P * 4;
  const rowsOff = lossOff + 3 * C * 4;
  const batchArea = lossOff + C * 4;
  const recArea = lossOff + 2 * C * 4;
  const rec = !lanes && io.rx && io.ry ? { x: io.rx, y: io.ry } : null;
  const val = lanes
    ? lanes.val
      ? { records: lanes.val }
      : null
    : io.vx && io.vy
      ? { x: io.vx, y: io.vy }
      : null;
  const vN = !lanes && val ? io.vy!.length : 0;
  const rN = rec ? rec.y.length : 0;
  const floats = lanes
    ? rowsOff + (lanes.val?.length ?? 0) + lanes.train.length
    : rowsOff + (vN + rN + (io.batch ? io.batch.B : io.gy.length)) * R;
  const have = sm.memory.buffer.byteLength;
  if (have < floats * 4) sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
  const kept = keptOf(sm, C);
  const mem = kept.mem;
  const keys = io.keys;
  const { exports: wasm } = sm;

  // The row sets, where they stay for the chunk. A set this chunk does not use may lie where it
  // writes: forget it. (A set it uses is either the same rows at the same place, or written again.)
  const vAt = rowsOff;
  let vCount = 0;
  const rAt = rowsOff + vN * R;
  let rCount = 0;
  let gAt = rowsOff;
  let gN = 0;
  let gTotal = 0;
  if (lanes) {
    kept.sets.r = null;
    if (!val) kept.sets.v = null;
    gAt = rowsOff + (lanes.val?.length ?? 0);
    if (lanes.val) keptLanes(kept, 'v', keys.v, mem, vAt, lanes.val, lanes.nv);
    keptLanes(kept, 'g', keys.g, mem, gAt, lanes.train, lanes.n);
  } else {
    if (!val) kept.sets.v = null;
    if (!rec) kept.sets.r = null;
    if (io.batch) kept.sets.g = null;
    if (io.vx && io.vy) vCount = keptRows(kept, 'v', keys.v, mem, rowsOff, F, io.vx, io.vy).n;
    if (rec) rCount = keptRows(kept, 'r', keys.r, mem, rAt, F, rec.x, rec.y).n;
    gAt = rowsOff + (vN + rN) * R;
    if (!io.batch) {
      const g = keptRows(kept, 'g', keys.g, mem, gAt, F, io.gx, io.gy);
      gN = g.n;
      gTotal = g.total;
    }
  }

  copyTheta(mem, io.theta, K, P, C);
  const state = io.state.map((s, i) => {
    const lanesOf = laneScratch(i, C * P * 4);
    copyTheta(lanesOf, s, K, P, C);
    return lanesOf;
  });
  const u: UpdateArrays = { theta: mem, thetaOut: mem, state, stateOut: state };
  const track = io.track;
  if (track) {
    track.bestOut.set(track.best);
    track.sinceOut.set(track.since);
    track.thetaOut.set(track.theta);
  }
  const valAt = io.losses;
  let lossAt = 0;
  let thetaAt = io.losses + (val ? count : 0);
  // The minibatch's pick, one object moved along the schedule (one shape for the engine).
  const pick = io.batch ? { idx: io.batch.idx, w: io.batch.w, offset: 0, B: io.batch.B } : null;

  for (let i = 0; i < count; i++) {
    const t = t0 + i;
    const update = t < T;
    const recordLoss = lossRecordedAt(t, io.lossEvery, T);
    // 1. The validation loss at θ_t and early stopping (trackRun in mlpStep.ts).
    if (val) {
      if (lanes) wasm.mseLanes(0, vAt * 4, lanes.nv, lossOff * 4, C);
      else wasm.mse(0, vAt * 4, vCount, lossOff * 4, C);
      trackRuns(mem, lossOff, K, P, lanes ? lanes.valN : null, vCount, record, W, valAt + i, track);
    }
    // 2. The step's loss and gradient, and the recorded loss.
    let hasGrad: boolean;
    if (lanes) {
      hasGrad = update;
      if (update) wasm.gradLanes(0, gradOff * 4, gAt * 4, lanes.n, batchArea * 4, C);
      else wasm.mseLanes(0, gAt * 4, lanes.n, batchArea * 4, C);
      if (recordLoss) recordLosses(mem, batchArea, K, lanes.trainN, 0, record, W, lossAt);
    } else {
      let at = gAt;
      let n = gN;
      let total = gTotal;
      if (pick) {
        pick.offset = t * pick.B;
        const rows = writeRows(mem, gAt, F, io.gx, io.gy, pick);
        n = rows.n;
        total = rows.total;
        at = rows.at;
      }
      const hasBatch = total > 0 && n > 0;
      hasGrad = hasBatch;
      // The recorded loss's own pass (minibatch mode) only where it is recorded. Σw = 0 (all
      // padding): loss and gradient 0, as the scalar body. Without an update the batch is needed
      // only for its loss, and only when it is the recorded loss (full-batch mode).
      const skipRecorded = rec !== null && !recordLoss;
      const recRows = rec !== null && recordLoss;
      if (hasBatch && update) wasm.grad(0, gradOff * 4, at * 4, n, batchArea * 4, C);
      else if (hasBatch && !recRows && !skipRecorded) wasm.mse(0, at * 4, n, batchArea * 4, C);
      if (recRows) wasm.mse(0, rAt * 4, rCount, recArea * 4, C);
      if (recordLoss) {
        if (recRows) recordLosses(mem, recArea, K, null, rCount, record, W, lossAt);
        else recordLosses(mem, batchArea, K, null, hasBatch ? total : 0, record, W, lossAt);
      }
    }
    if (recordLoss) lossAt++;
    // 3. θ_t's row where the path records it.
    if (t % io.pathEvery === 0) {
      recordThetas(mem, K, P, record, W, thetaAt);
      thetaAt += P;
    }
    if (!update) continue;
    // 4. The update in place, from the gradient in the module's memory (0 without rows).
    if (!hasGrad) mem.fill(0, gradOff, gradOff + C * P * 4);
    else if (lanes) {
      for (let k = 0; k < K; k++) {
        if (lanes.trainN[k]! > 0) continue;
        const o = gradOff + (k >> 2) * P * 4 + (k & 3);
        for (let p = 0; p < P; p++) mem[o + 4 * p] = 0;
      }
    }
    const c1 = 1 - spec.beta1 ** (t + 1);
    const c2 = 1 - spec.beta2 ** (t + 1);
    const factor = Math.fround(io.factors[i] ?? 1);
    updateRuns(
      spec,
      u,
      K,
      P,
      gradOff,
      io.lr,
      factor,
      c1,
      c2,
      io.noise,
      t * io.noiseWidth,
      io.noisePerRun,
    );
  }
  uncopyTheta(io.thetaOut, mem, K, P);
  state.forEach((s, i) => uncopyTheta(io.stateOut[i]!, s, K, P));
}

/**
 * Every run's validation loss (its lane's sum in the loss area at `area`, over n rows: valN[k], or
 * `n` for all) into the record at column `at`, and with `track` the early-stopping update of
 * trackRun (src/train/fused/mlpStep.ts) in place: improved = V < best and the run has not stopped;
 * its θ (from the module's layout) copied to the best θ then.
 */
function trackRuns(
  mem: Float32Array,
  area: number,
  K: number,
  P: number,
  valN: Float32Array | null,
  n: number,
  record: Float32Array,
  W: number,
  at: number,
  track: SimdChunkIo['track'],
): void {
  for (let k = 0; k < K; k++) {
    const m = valN ? valN[k]! : n;
    const v = Math.fround(m ? mem[area + k]! / m : 0);
    record[k * W + at] = v;
    if (!track) continue;
    const since = track.sinceOut[k]!;
    const alive = !(track.patience > 0) || since < track.patience;
    const improved = alive && v < track.bestOut[k]!;
    if (improved) {
      track.bestOut[k] = v;
      track.sinceOut[k] = 0;
      const o = (k >> 2) * P * 4 + (k & 3);
      for (let p = 0; p < P; p++) track.thetaOut[k * P + p] = mem[o + 4 * p]!;
    } else if (alive) track.sinceOut[k] = since + 1;
  }
}

/** Every run's loss (sum at area + k over counts[k] rows, or `n` for all; 0 rows: 0) into the record. */
function recordLosses(
  mem: Float32Array,
  area: number,
  K: number,
  counts: Float32Array | null,
  n: number,
  record: Float32Array,
  W: number,
  at: number,
): void {
  for (let k = 0; k < K; k++) {
    const m = counts ? counts[k]! : n;
    record[k * W + at] = m ? mem[area + k]! / m : 0;
  }
}

/** Every run's θ row, out of the module's layout, into the record at column `at`. */
function recordThetas(
  mem: Float32Array,
  K: number,
  P: number,
  record: Float32Array,
  W: number,
  at: number,
): void {
  for (let k = 0; k < K; k++) {
    const o = (k >> 2) * P * 4 + (k & 3);
    const d = k * W + at;
    for (let p = 0; p < P; p++) record[d + p] = mem[o + 4 * p]!;
  }
}

/**
 * Every run's update in place (RUN_UPDATE, src/train/fused/mlpStep.ts) in the module's layout, from
 * the gradient at gradOff: g + n_t in float64 as updateRun adds it, η_k·factor rounded as there.
 */
function updateRuns(
  spec: OptimizerSpec,
  u: UpdateArrays,
  K: number,
  P: number,
  gradOff: number,
  lr: Float32Array,
  factor: number,
  c1: number,
  c2: number,
  noise: Float32Array | null,
  noiseOffset: number,
  noisePerRun: boolean,
): void {
  const mem = u.theta;
  const runUpdate = RUN_UPDATE[spec.optimizer];
  const grad = gradOf(P);
  for (let k = 0; k < K; k++) {
    const o = (k >> 2) * P * 4 + (k & 3);
    const eta = Math.fround(lr[k]! * factor);
    if (noise) {
      const no = noiseOffset + (noisePerRun ? k * P : 0);
      for (let p = 0; p < P; p++) grad[p] = mem[gradOff + o + 4 * p]! + noise[no + p]!;
      runUpdate(spec, u, o, 4, P, grad, 0, 1, eta, c1, c2);
    } else {
      runUpdate(spec, u, o, 4, P, mem, gradOff + o, 4, eta, c1, c2);
    }
  }
}

/** Host arrays for the optimizer state in the lane layout, one per state slot, kept for reuse. */
const laneStates: Float32Array[] = [];
function laneScratch(i: number, n: number): Float32Array {
  let a = laneStates[i];
  if (!a || a.length < n) laneStates[i] = a = new Float32Array(n);
  return a;
}

/** θ rows [K, P] out of the module's layout [C][P][4] (the inverse of `copyTheta`). */
function uncopyTheta(dst: Float32Array, src: Float32Array, K: number, P: number): void {
  for (let k = 0; k < K; k++) {
    const o = (k >> 2) * P * 4 + (k & 3);
    for (let p = 0; p < P; p++) dst[k * P + p] = src[o + 4 * p]!;
  }
}

/**
 * Rows of their own per run, as lane records (`laneRecordFloats`, src/train/fused/mlpSimdModule.ts):
 * chunk c's `n` training records and `nv` validation records hold runs 4c…4c + 3 side by side, each
 * run's own rows in their order, padded with masked records; trainN and valN count each run's rows.
 * k-fold packs its folds so (src/train/fused/mlpTrainer.ts `packFoldLanes`). The same operations on
 * each run's lane, in the same order, over that run's rows, the masked records adding exact zeros,
 * so every run's numbers are bit for bit those over its own rows alone (as long as its θ is finite:
 * a masked term is +0 only for finite activations). The gradient rows are the training rows (no
 * minibatches).
 */
export interface LaneRows {
  readonly train: Float32Array;
  readonly n: number;
  readonly trainN: Float32Array;
  readonly val: Float32Array | null;
  readonly nv: number;
  readonly valN: Float32Array;
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
