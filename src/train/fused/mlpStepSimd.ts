import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerSpec } from '../../core/optimizers';
import {
  groupRecordFloats,
  laneRecordFloats,
  mlpSimd,
  recordFloats,
  simdSupported,
  type MlpSimd,
  type MlpSimdExports,
} from './mlpSimdModule';
import { runUpdate } from './mlpSimdUpdate';
import { trackRun, type MlpStepBody, type MlpStepIo } from './mlpStep';

/**
 * The fused step (src/train/fused/mlpStep.ts) with its hot loops — forward pass, tanh, the losses,
 * the minibatch gradient by backpropagation and the optimizer update — in the WebAssembly SIMD
 * module of src/train/fused/mlpSimdModule.ts, four runs per f32x4 lane group. All runs share the
 * step's rows, which is what lets one instruction serve four runs; early stopping's bookkeeping
 * stays in JavaScript, shared with the scalar body (trackRun).
 *
 * Differences from the scalar body, all within the tests' derived tolerance
 * (tests/train/fusedMlp.test.ts): the sums over rows and the activations are float32 (as in the
 * unfused tfjs path) instead of float64, tanh is tanhV (≤ 4e-7 relative) instead of fastTanh, and
 * δ_out's scale 2w/Σw is rounded to float32 once per row. The update is the scalar body's bit for
 * bit (src/train/fused/mlpSimdUpdate.ts).
 *
 * One body serves one kernel call (a chunk of steps): θ and the optimizer state are copied into
 * the module's layout ([⌈K/4⌉][P][4]) at the chunk's first step and stay there, each step updating
 * them from one area into the other; the host arrays the kernel hands in (`MlpStepIo.thetaOut`,
 * `stateOut`) are written only when the kernel reads them (`settle`: the recorded θ rows, the
 * chunk's end, early stopping's best θ). Per step only the minibatch is copied in; the whole row
 * sets (validation, training) stay in the module's memory from one step to the next. Runs are
 * padded to a multiple of 4 with θ = 0 lanes whose results are dropped. With fewer than four runs
 * the loss-only passes over the whole sets (the validation loss, the recorded training loss),
 * which are most of a small network's step, go four ROWS per instruction instead, one call per run
 * (`mseRows`, same bits as `mse`'s lane: tests/train/mlpSimdRows.test.ts); at K = 1 that is a
 * quarter of the instructions.
 */
export function simdStepBody(
  layout: MlpLayout,
  spec: OptimizerSpec,
  K: number,
  lanes?: LaneRows,
): MlpStepBody {
  const { P } = layout;
  const C = Math.ceil(K / 4);
  const sm = mlpSimd(layout);
  const at = areasOf(C, P);
  const resident = new Resident([...at.theta, ...at.state.flat()], K, P, C);
  const stateIn = [0, 0];
  const stateOut = [0, 0];
  let lrWritten = false;
  return {
    step: (io) => {
      const hasBatch = lanes
        ? lanesPasses(layout, io, lanes, at, resident)
        : rowsPasses(layout, io, at, resident);
      if (!io.thetaOut) return;
      const mem = resident.mem;
      if (!lrWritten) {
        writeLanes(mem, at.lr, io.lr, K, 1, C);
        lrWritten = true;
      }
      if (!hasBatch) mem.fill(0, at.grad, at.grad + C * P * 4);
      let noise = 0;
      if (io.noise) {
        noise = at.noise;
        if (io.noisePerRun) writeLanes(mem, noise, io.noise.subarray(io.noiseOffset), K, P, C);
        else writeShared(mem, noise, io.noise.subarray(io.noiseOffset, io.noiseOffset + P), C);
      }
      // Each step reads one area of a pair and writes the other (areas 0, 1: θ; 2 + 2j, 3 + 2j:
      // state j): the output goes to the area the input is not in.
      const thIn = resident.bind(io.theta, 0);
      const thOut = resident.output(io.thetaOut, thIn === at.theta[0] ? 1 : 0);
      for (let j = 0; j < io.state.length; j++) {
        stateIn[j] = resident.bind(io.state[j]!, 2 + 2 * j);
        const second = stateIn[j] === at.state[j]![1];
        stateOut[j] = resident.output(io.stateOut[j]!, 2 + 2 * j + (second ? 0 : 1));
      }
      runUpdate(
        sm.exports,
        spec,
        {
          th: thIn * 4,
          thOut: thOut * 4,
          g: at.grad * 4,
          s0: stateIn[0]! * 4,
          s0Out: stateOut[0]! * 4,
          s1: stateIn[1]! * 4,
          s1Out: stateOut[1]! * 4,
          lr: at.lr * 4,
          noise: noise * 4,
        },
        C,
        io.factor,
        io.step,
      );
    },
    settle: (host) => resident.settle(host),
  };
}

/**
 * Float offsets of the module's areas for C chunks of P parameters: two θ areas and two per state
 * array (a step reads one and writes the other), the gradient, the step's noise, the learning
 * rates [C][4], three loss areas (validation, batch, recorded) of [C][4], then the rows.
 */
function areasOf(C: number, P: number) {
  const A = C * P * 4;
  return {
    theta: [0, A] as const,
    state: [
      [2 * A, 3 * A],
      [4 * A, 5 * A],
    ] as const,
    grad: 6 * A,
    noise: 7 * A,
    lr: 8 * A,
    loss: 8 * A + 4 * C,
    rows: 8 * A + 16 * C,
  };
}
type Areas = ReturnType<typeof areasOf>;

/**
 * Which host array's values each module area holds (areas by index: θ 0 and 1, state j 2 + 2j and
 * 3 + 2j), and whether the host copy is behind (the module's is the true one): θ and the state
 * move between their two areas step by step without passing through the host arrays the kernel
 * ping-pongs. Plain arrays, no objects per step: this runs every step.
 */
class Resident {
  mem: Float32Array = new Float32Array(0);
  private readonly hosts: (Float32Array | null)[];
  private readonly stale: boolean[];
  constructor(
    private readonly offsets: readonly number[],
    private readonly K: number,
    private readonly P: number,
    private readonly C: number,
  ) {
    this.hosts = offsets.map(() => null);
    this.stale = offsets.map(() => false);
  }
  /** Float offset of the area holding host's values, copied into area `first` unless one does. */
  bind(host: Float32Array, first: number): number {
    const i = this.hosts.indexOf(host);
    if (i >= 0) return this.offsets[i]!;
    this.take(first, host, false);
    writeLanes(this.mem, this.offsets[first]!, host, this.K, this.P, this.C);
    return this.offsets[first]!;
  }
  /** Float offset of area `i`, which gets host's new values (the caller writes them right after). */
  output(host: Float32Array, i: number): number {
    this.take(i, host, true);
    return this.offsets[i]!;
  }
  /** Writes host's values from the module if the module's are newer. */
  settle(host: Float32Array): void {
    const i = this.hosts.indexOf(host);
    if (i < 0 || !this.stale[i]) return;
    readLanes(this.mem, this.offsets[i]!, host, this.K, this.P);
    this.stale[i] = false;
  }
  /** Area i for host: its former host settled first (unless it is host), host's other area freed. */
  private take(i: number, host: Float32Array, stale: boolean): void {
    const had = this.hosts[i];
    if (had && had !== host) this.settle(had);
    const j = this.hosts.indexOf(host);
    if (j >= 0) this.hosts[j] = null;
    this.hosts[i] = host;
    this.stale[i] = stale;
  }
}

/** Runs' rows of `width` numbers into the module's layout [C][width][4] at `at`, lanes past K zero. */
function writeLanes(
  mem: Float32Array,
  at: number,
  src: Float32Array,
  K: number,
  width: number,
  C: number,
): void {
  for (let c = 0; c < C; c++) {
    for (let lane = 0; lane < 4; lane++) {
      const k = 4 * c + lane;
      const d = at + c * width * 4 + lane;
      if (k < K) for (let p = 0; p < width; p++) mem[d + 4 * p] = src[k * width + p]!;
      else for (let p = 0; p < width; p++) mem[d + 4 * p] = 0;
    }
  }
}

/** The module's layout at `at` back into K host rows of P numbers (`writeLanes` undone). */
function readLanes(mem: Float32Array, at: number, dst: Float32Array, K: number, P: number): void {
  for (let k = 0; k < K; k++) {
    const d = at + (k >> 2) * P * 4 + (k & 3);
    for (let p = 0; p < P; p++) dst[k * P + p] = mem[d + 4 * p]!;
  }
}

/** P numbers shared by all runs into every lane of [C][P][4] at `at`. */
function writeShared(mem: Float32Array, at: number, src: Float32Array, C: number): void {
  const P = src.length;
  for (let c = 0; c < C; c++) {
    for (let p = 0; p < P; p++) mem.fill(src[p]!, at + (c * P + p) * 4, at + (c * P + p + 1) * 4);
  }
}

/**
 * The step's passes over rows shared by all runs: the validation loss and early stopping, the
 * minibatch (or full-batch) loss and gradient, the recorded training loss. Leaves the memory's
 * current view in resident.mem; returns whether the batch has rows (else the gradient is 0).
 */
function rowsPasses(layout: MlpLayout, io: MlpStepIo, at: Areas, resident: Resident): boolean {
  const { P, features: F } = layout;
  const { K } = io;
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
  const vFloats = setFloats(form, F, val?.y.length ?? 0);
  const rFloats = setFloats(form, F, rec?.y.length ?? 0);
  const kept = prepareMemory(sm, at.rows + vFloats + rFloats + gMax * R, C);
  const mem = kept.mem;
  resident.mem = mem;
  const theta = resident.bind(io.theta, 0);
  const keys = io.keys ?? {};
  // A set this step does not use may lie where this step writes: forget it. (A set it uses is
  // either the same rows at the same place, or written again.)
  if (!val) kept.sets.v = null;
  if (!rec) kept.sets.r = null;
  if (io.batch) kept.sets.g = null;
  let off = at.rows;
  const vRows = val ? keptRows(kept, 'v', keys.v, mem, off, F, val.x, val.y, form) : null;
  off += vFloats;
  const rRows =
    rec && !skipRecorded ? keptRows(kept, 'r', keys.r, mem, off, F, rec.x, rec.y, form) : null;
  off += rFloats;
  const gRows = io.batch
    ? writeRows(mem, off, F, io.gx, io.gy, io.batch)
    : keptRows(kept, 'g', keys.g, mem, off, F, io.gx, io.gy, 'plain');
  const { exports: wasm } = sm;
  // Loss area a's sum of run k is at loss + a·4C + k (no closures here: this runs every step).
  const vSums = at.loss;
  const bSums = at.loss + C * 4;
  const rSums = at.loss + 2 * C * 4;

  if (vRows) {
    setLoss(wasm, vRows, theta, vSums, K, P);
    if (io.track) resident.settle(io.theta);
    for (let k = 0; k < K; k++) {
      trackRun(io, k, P, Math.fround(vRows.n ? mem[vSums + k]! / vRows.n : 0));
    }
  }
  const update = io.thetaOut !== null;
  const hasBatch = gRows.total > 0 && gRows.n > 0;
  // Σw = 0 (all padding): loss and gradient 0, as the scalar body. Without an update the batch
  // is needed only for its loss, and only when it is the recorded loss (full-batch mode).
  if (hasBatch && update) wasm.grad(theta * 4, at.grad * 4, gRows.at * 4, gRows.n, bSums * 4, C);
  else if (hasBatch && !rRows && !skipRecorded)
    wasm.mse(theta * 4, gRows.at * 4, gRows.n, bSums * 4, C);
  if (rRows) setLoss(wasm, rRows, theta, rSums, K, P);
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
  return hasBatch;
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
 * The full-batch passes of `simdStepBody` for runs with rows of their own (`LaneRows`), one call
 * for all runs: the same operations on each run's lane, in the same order, over that run's rows,
 * the masked records adding exact zeros, so every run's numbers are bit for bit those over its own
 * rows alone (as long as its θ is finite: a masked term is +0 only for finite activations). The
 * gradient rows are the training rows (no minibatches); the row sets are written once and kept
 * while their keys (io.keys.g and .v) stay the same.
 */
function lanesPasses(
  layout: MlpLayout,
  io: MlpStepIo,
  lanes: LaneRows,
  at: Areas,
  resident: Resident,
): boolean {
  const { P, features: F } = layout;
  const { K } = io;
  const C = Math.ceil(K / 4);
  const sm = mlpSimd(layout);
  const val = lanes.val && io.valOut ? lanes.val : null;
  // The last chunk's runs when it has fewer than four: their validation loss goes four rows per
  // instruction (`mseRows`, as `rowsPasses` does for fewer than four runs), from their rows as row
  // groups after the lane records, instead of one whole chunk of mostly idle lanes.
  const full = K >> 2;
  const groups = Math.ceil(lanes.nv / 4);
  const GR = groupRecordFloats(F);
  const vFloats = val ? val.length + (K - 4 * full) * groups * GR : 0;
  const kept = prepareMemory(sm, at.rows + vFloats + lanes.train.length, C);
  const mem = kept.mem;
  const keys = io.keys ?? {};
  kept.sets.r = null;
  if (!val) kept.sets.v = null;
  const vAt = at.rows;
  const gAt = at.rows + vFloats;
  const groupsAt = (k: number) => vAt + (val?.length ?? 0) + (k - 4 * full) * groups * GR;
  if (val && keptLanes(kept, 'v', keys.v, mem, vAt, val, lanes.nv)) {
    for (let k = 4 * full; k < K; k++)
      lanesToGroups(mem, vAt, lanes.nv, k, lanes.valN[k]!, groupsAt(k), F);
  }
  keptLanes(kept, 'g', keys.g, mem, gAt, lanes.train, lanes.n);
  const { exports: wasm } = sm;
  const vSums = at.loss;
  const bSums = at.loss + C * 4;
  resident.mem = mem;
  const theta = resident.bind(io.theta, 0);
  if (val) {
    if (full > 0) wasm.mseLanes(theta * 4, vAt * 4, lanes.nv, vSums * 4, full);
    for (let k = 4 * full; k < K; k++) {
      const lane = theta + (k >> 2) * P * 4 + (k & 3);
      wasm.mseRows(lane * 4, groupsAt(k) * 4, Math.ceil(lanes.valN[k]! / 4), (vSums + k) * 4);
    }
    if (io.track) resident.settle(io.theta);
    for (let k = 0; k < K; k++) {
      const n = lanes.valN[k]!;
      trackRun(io, k, P, Math.fround(n ? mem[vSums + k]! / n : 0));
    }
  }
  if (io.thetaOut) wasm.gradLanes(theta * 4, at.grad * 4, gAt * 4, lanes.n, bSums * 4, C);
  else wasm.mseLanes(theta * 4, gAt * 4, lanes.n, bSums * 4, C);
  for (let k = 0; k < K; k++) {
    const n = lanes.trainN[k]!;
    io.lossOut[k] = n ? mem[bSums + k]! / n : 0;
  }
  // A run without rows gets gradient 0, as the scalar body: its lanes of the gradient zeroed.
  for (let k = 0; k < K; k++) {
    if (lanes.trainN[k]! > 0) continue;
    const d = at.grad + (k >> 2) * P * 4 + (k & 3);
    for (let p = 0; p < P; p++) mem[d + 4 * p] = 0;
  }
  return true;
}

/**
 * Run k's m rows of the lane records at `from` (n records per chunk) as row groups at `to`
 * (`groupRecordFloats`, as `writeGroups` lays rows out): a lane record and a row group have the
 * same fields in the same places, x…, y, w, c and the mask, one lane each, so row s's fields move
 * from lane k mod 4 of record s in chunk ⌊k/4⌋ to lane s mod 4 of group ⌊s/4⌋; the lanes past
 * the last row stay zero (mask 0).
 */
function lanesToGroups(
  mem: Float32Array,
  from: number,
  n: number,
  k: number,
  m: number,
  to: number,
  F: number,
): void {
  const R = laneRecordFloats(F);
  mem.fill(0, to, to + Math.ceil(n / 4) * R);
  for (let s = 0; s < m; s++) {
    const src = from + ((k >> 2) * n + s) * R + (k & 3);
    const dst = to + (s >> 2) * R + (s & 3);
    for (let i = 0; i < F + 4; i++) mem[dst + 4 * i] = mem[src + 4 * i]!;
  }
}

/** Floats that n rows of a whole set take in this form. */
function setFloats(form: 'plain' | 'groups', F: number, n: number): number {
  return form === 'groups' ? groupFloats(F, n) : n * recordFloats(F);
}

/**
 * Loss sums of all K runs over a whole set into the floats from `sums` (run k's at sums + k): one
 * run-wise `mse` call, or one `mseRows` call per run (θ of run k at its lane of chunk k div 4),
 * θ at float offset `theta`.
 */
function setLoss(
  wasm: MlpSimdExports,
  rows: KeptRows,
  theta: number,
  sums: number,
  K: number,
  P: number,
): void {
  if (rows.form === 'plain') {
    wasm.mse(theta * 4, rows.at * 4, rows.n, sums * 4, Math.ceil(K / 4));
    return;
  }
  const groups = Math.ceil(rows.n / 4);
  for (let k = 0; k < K; k++) {
    wasm.mseRows((theta + (k >> 2) * P * 4 + (k & 3)) * 4, rows.at * 4, groups, (sums + k) * 4);
  }
}

/**
 * The module's memory made ready for a step: grown to at least `floats` floats, a current view of
 * it, the kept sets forgotten when K's chunk count changed (the rows' offset follows the areas').
 * Both kinds of passes start so.
 */
function prepareMemory(sm: MlpSimd, floats: number, C: number): Kept {
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
  if (kept.C !== C) kept.sets = { v: null, r: null, g: null };
  kept.C = C;
  return kept;
}

/**
 * Lane records copied to `at`, unless the same key's records are already there; says whether it
 * copied them.
 */
function keptLanes(
  kept: Kept,
  set: 'v' | 'g',
  key: object | undefined,
  mem: Float32Array,
  at: number,
  records: Float32Array,
  n: number,
): boolean {
  const had = kept.sets[set];
  if (key && had && had.key === key && had.at === at && had.n === n && had.form === 'lanes') {
    return false;
  }
  mem.set(records, at);
  // The same key's rows written in another form are not these.
  kept.sets[set] = key ? { key, at, n, total: -1, form: 'lanes' } : null;
  if (!key) kept.sets = { v: null, r: null, g: null };
  return true;
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
