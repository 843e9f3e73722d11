import type { MlpLayout } from '../../core/models/mlp';
import { OPTIMIZERS } from '../../core/optimizers';
import { updateFunction, updateName, type UpdateExports } from './mlpSimdUpdate';
import { Body, F32, I32, moduleBytes, SIMD, V128 } from './wasmEncoder';

/**
 * A WebAssembly SIMD module for one MLP shape (features F, width H, depth): the fused step's hot
 * loops vectorised ACROSS RUNS. All runs see the same rows, so four runs' copies of one parameter sit
 * side by side and every operation is one f32x4 operation for four runs.
 *
 * Memory layout (bytes, all in the imported memory env.mem):
 * - θ and the gradient: chunk-major [C][P][4] f32, C = ⌈K/4⌉: the chunk's four runs' copies of
 *   parameter p at chunk base + 16·p, so every parameter's address is a constant offset;
 * - rows: records of R = F + 3 f32: x_0…x_{F−1}, y, w (the row's weight), c = 2w/Σw (δ_out's scale);
 * - loss sums: [C][4] f32.
 *
 * Exports:
 * - `mse(theta, rows, n, out, C)`: out[c] = Σ_s w_s (ŷ_s − y_s)² per lane;
 * - `grad(theta, g, rows, n, out, C)`: the same sums and, into g, the gradient
 *   Σ_s c_s/2 · ∂(ŷ_s − y_s)²/∂θ by backpropagation (δ_out = c_s·r_s, ∂W = aᵀδ, ∂b = δ,
 *   δ below = (Wδ) ⊙ (1 − a²)), the formulas of src/train/fused/mlpStep.ts;
 * - `tanh(p, n)`: tanhV over n vectors at p, in place (for its test);
 * - `update_<optimizer>`: the optimizer update over θ, gradient and state in the [C][P][4] layout
 *   (src/train/fused/mlpSimdUpdate.ts).
 *
 * Every unit's loop is unrolled (the module is generated per shape), the row loop and the chunk
 * loop are wasm loops; a row's activations and deltas live in v128 locals.
 */
export interface MlpSimdExports extends UpdateExports {
  mse(theta: number, rows: number, n: number, out: number, C: number): void;
  grad(theta: number, g: number, rows: number, n: number, out: number, C: number): void;
  /** `mse` and `grad` over lane records (`laneRecordFloats`): each chunk its own n records. */
  mseLanes(theta: number, rows: number, n: number, out: number, C: number): void;
  gradLanes(theta: number, g: number, rows: number, n: number, out: number, C: number): void;
  /**
   * `mse` for ONE run over row groups (`groupRecordFloats`): theta points at the run's lane (byte
   * address of its parameter 0), every weight splat over four rows; the f32 sum at out.
   */
  mseRows(theta: number, rows: number, groups: number, out: number): void;
  tanh(p: number, n: number): void;
}

/** Floats per row record. */
export const recordFloats = (F: number) => F + 3;

/**
 * Floats per lane record: rows of their own per run (k-fold, each fold its own rows), four runs'
 * rows side by side — x_0…x_{F−1}, y, w, c as f32x4 (lane j holds run j's value), then a mask
 * (lane j all ones where the record is one of run j's rows, 0 where it pads run j's shorter set).
 */
export const laneRecordFloats = (F: number) => 4 * (F + 4);

/**
 * Floats per row group: four consecutive rows of one set side by side, laid out as a lane record
 * (lane j holds row 4g + j; the mask is 0 in the lanes past the last row), so that one f32x4
 * operation serves four rows of one run instead of four runs on one row (`mseRows`).
 */
export const groupRecordFloats = laneRecordFloats;

/**
 * tanh for f32x4, as x ↦ sign(x)·(−E)/(E + 2) with E = expm1(−2|x|), |x| clamped to 9 (beyond it
 * tanh rounds to 1 in float32: 1 − tanh 9 ≈ 3e-8 < 2^-25). expm1(t): t = n·ln2 + r with
 * n = round(t/ln2), |r| ≤ ln2/2, r = t − n·ln2_hi − n·ln2_lo (Cody & Waite's two-part ln2: ln2_hi
 * has 16 significant bits, so n·ln2_hi is exact for |n| ≤ 26), then
 *   expm1(t) = 2ⁿ·q(r) + (2ⁿ − 1),  q(r) = r + r²/2! + … + r⁷/7!,
 * whose truncation error is ≤ e^{0.35}·0.35⁸/8! ≈ 7.4e-9 relative to |r|, below float32's unit
 * roundoff u = 2^-24 ≈ 6e-8. Because q has no constant term, E keeps full relative accuracy near 0
 * (where 1 − e^{−2|x|} would cancel), so the quotient is accurate relative to tanh x everywhere:
 * a few u from the dozen roundings: measured 1.8e-7 (3u) at worst over a dense grid of [−12, 12];
 * tests/train/fusedMlp.test.ts checks the stated bound 4e-7 relative.
 *
 * Takes the input from local z; leaves tanh z on the stack. Scratch locals t, n, r, s.
 */
function emitTanh(b: Body, z: number, t: number, n: number, r: number, s: number): void {
  const ln2Hi = Math.floor(Math.LN2 * 2 ** 16) / 2 ** 16;
  const ln2Lo = Math.fround(Math.LN2 - ln2Hi);
  // t = −2·min(|z|, 9)
  b.get(z).simd(SIMD.f32x4Abs).f32x4(9).simd(SIMD.f32x4Min).f32x4(-2).simd(SIMD.f32x4Mul).set(t);
  // n = round(t·log2 e)
  b.get(t).f32x4(Math.LOG2E).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Nearest).set(n);
  // r = t − n·ln2_hi − n·ln2_lo
  b.get(t).get(n).f32x4(ln2Hi).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub);
  b.get(n).f32x4(ln2Lo).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).set(r);
  // q = r·(1 + r·(1/2 + r·(1/6 + … r/7!))) by Horner
  let fact = 5040;
  b.f32x4(1 / fact);
  for (let k = 6; k >= 1; k--) {
    fact /= k + 1;
    b.get(r)
      .simd(SIMD.f32x4Mul)
      .f32x4(1 / fact)
      .simd(SIMD.f32x4Add);
  }
  b.get(r).simd(SIMD.f32x4Mul);
  // s = 2ⁿ from the exponent bits: (n + 127) << 23
  b.get(n).simd(SIMD.i32x4TruncSatF32x4S).i32x4(127).simd(SIMD.i32x4Add);
  b.i32(23).simd(SIMD.i32x4Shl).tee(s);
  // E = s·q + (s − 1), kept in r
  b.simd(SIMD.f32x4Mul).get(s).f32x4(1).simd(SIMD.f32x4Sub).simd(SIMD.f32x4Add).set(r);
  // |E/(E + 2)| with z's sign
  b.get(r).get(r).f32x4(2).simd(SIMD.f32x4Add).simd(SIMD.f32x4Div).simd(SIMD.f32x4Abs);
  b.get(z).i32x4(-0x80000000).simd(SIMD.and).simd(SIMD.or);
}

interface Scratch {
  /** tanh scratch. */
  z: number;
  t: number;
  n: number;
  r: number;
  s: number;
}

function scratch(b: Body): Scratch {
  return {
    z: b.local(V128),
    t: b.local(V128),
    n: b.local(V128),
    r: b.local(V128),
    s: b.local(V128),
  };
}

const vecs = (b: Body, count: number) => Array.from({ length: count }, () => b.local(V128));

/** One row's locals in a forward pass: x_i, each hidden layer's activations, tanh scratch, ŷ. */
interface RowVars {
  readonly X: number[];
  readonly A: number[][];
  readonly sc: Scratch;
  /** Where ŷ goes. */
  readonly out: number;
  /** The row's byte offset from the row pointer. */
  readonly off: number;
}

/**
 * The forward pass of one or more rows for the chunk at θ pointer `tp`, row pointer `rp`: x_i into
 * X, hidden activations into A[l], ŷ into `out`, per row. Several rows go unit by unit (unit j of
 * every row, then unit j + 1), each row's operations the same as alone.
 */
function emitForward(
  b: Body,
  layout: MlpLayout,
  tp: number,
  rp: number,
  rows: readonly RowVars[],
  lanes: boolean,
  oneRun = false,
): void {
  const { features: F, width: H, depth } = layout;
  /** Pushes parameter p: the four runs' copies, or with `oneRun` the run's own, splat. */
  const param = (p: number) => {
    b.get(tp);
    if (oneRun) b.splatLoad(16 * p);
    else b.load(16 * p);
  };
  for (const r of rows) {
    for (let i = 0; i < F; i++) {
      b.get(rp);
      if (lanes) b.load(16 * i + r.off);
      else b.splatLoad(4 * i + r.off);
      b.set(r.X[i]!);
    }
  }
  for (let l = 0; l <= depth; l++) {
    const fanOut = l === depth ? 1 : H;
    const { w, b: bias } = layout.layers[l]!;
    for (let j = 0; j < fanOut; j++) {
      for (const r of rows) {
        const src = l === 0 ? r.X : r.A[l - 1]!;
        param(bias.offset + j);
        for (let i = 0; i < src.length; i++) {
          b.get(src[i]!);
          param(w.offset + i * fanOut + j);
          b.simd(SIMD.f32x4Mul).simd(SIMD.f32x4Add);
        }
        if (l === depth) {
          b.set(r.out);
          continue;
        }
        b.set(r.sc.z);
        emitTanh(b, r.sc.z, r.sc.t, r.sc.n, r.sc.r, r.sc.s);
        b.set(r.A[l]![j]!);
      }
    }
  }
}

/** g[off] += v (v pushed by `push`). */
function accumulate(b: Body, gp: number, off: number, push: () => void): void {
  b.get(gp).get(gp).load(off);
  push();
  b.simd(SIMD.f32x4Add).store(off);
}

/** Backpropagation of one row: δ_out = r·c, gradients added into the chunk's g at `gp`. */
function emitBackward(
  b: Body,
  layout: MlpLayout,
  tp: number,
  gp: number,
  X: number[],
  A: number[][],
  dOut: number,
  D: number[],
  D2: number[],
): void {
  const { width: H, depth } = layout;
  const out = layout.layers[depth]!;
  const last = depth === 0 ? X : A[depth - 1]!;
  accumulate(b, gp, 16 * out.b.offset, () => b.get(dOut));
  for (let i = 0; i < last.length; i++) {
    accumulate(b, gp, 16 * (out.w.offset + i), () => b.get(last[i]!).get(dOut).simd(SIMD.f32x4Mul));
  }
  if (depth === 0) return;
  // δ_i = W_out[i]·δ_out·(1 − a_i²)
  for (let i = 0; i < H; i++) {
    const a = last[i]!;
    b.get(tp)
      .load(16 * (out.w.offset + i))
      .get(dOut)
      .simd(SIMD.f32x4Mul);
    b.f32x4(1).get(a).get(a).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).simd(SIMD.f32x4Mul);
    b.set(D[i]!);
  }
  let delta = D;
  let below = D2;
  for (let l = depth - 1; l >= 0; l--) {
    const src = l === 0 ? X : A[l - 1]!;
    const { w, b: bias } = layout.layers[l]!;
    for (let j = 0; j < H; j++) accumulate(b, gp, 16 * (bias.offset + j), () => b.get(delta[j]!));
    for (let i = 0; i < src.length; i++) {
      for (let j = 0; j < H; j++) {
        accumulate(b, gp, 16 * (w.offset + i * H + j), () =>
          b.get(src[i]!).get(delta[j]!).simd(SIMD.f32x4Mul),
        );
      }
    }
    if (l === 0) break;
    for (let i = 0; i < H; i++) {
      const a = src[i]!;
      for (let j = 0; j < H; j++) {
        b.get(tp)
          .load(16 * (w.offset + i * H + j))
          .get(delta[j]!)
          .simd(SIMD.f32x4Mul);
        if (j > 0) b.simd(SIMD.f32x4Add);
      }
      b.f32x4(1).get(a).get(a).simd(SIMD.f32x4Mul).simd(SIMD.f32x4Sub).simd(SIMD.f32x4Mul);
      b.set(below[i]!);
    }
    [delta, below] = [below, delta];
  }
}

/**
 * Layouts up to this width have `mse` take its rows two per pass (`lossFunction`'s `pass`): a
 * narrow network's row is a short chain of dependent operations (each layer's few tanh waiting on
 * the layer below), which leaves the processor idle while it waits, and a second row's chain fills
 * those gaps (whole-set loss of 64 runs over 250 rows: 4 × 2 about 1.1-1.2× faster, 3 × 1 1.15×).
 * Wider layers already have that many independent units per row, and the second row's locals only
 * spill: 8 × 1 and 8 × 2 took 1.5×, 16 × 1 1.1× the time; three or four rows per pass, 1.1-3×.
 */
export const PAIRED_WIDTH = 4;

/**
 * The mse or grad function: loops over chunks and rows around one row's work. With `lanes` the
 * rows are lane records (`laneRecordFloats`), chunk c's n records after chunk c − 1's, and a
 * record's terms are masked bitwise: where the mask is 0 a run adds exactly +0 to its loss and
 * its δ_out is +0, so (θ finite) its gradient sums are unchanged too — a run's sums are bit for
 * bit those over its own rows alone, in their order. With `pass` = 2 (plain mse only) the rows go
 * two per pass, the last one alone when n is odd: each row's term is the same operations, and they
 * are added to the sum in row order, so the sums have the same bits.
 */
function lossFunction(layout: MlpLayout, withGrad: boolean, lanes = false, pass = 1): Body {
  const { features: F, width: H, depth, P } = layout;
  const R = 4 * (lanes ? laneRecordFloats(F) : recordFloats(F));
  // Parameters: theta, [g,] rows, n, out, C.
  const params = withGrad ? [I32, I32, I32, I32, I32, I32] : [I32, I32, I32, I32, I32];
  const b = new Body(params as (typeof I32)[]);
  const tp = 0;
  const gp = withGrad ? 1 : -1;
  const rows = withGrad ? 2 : 1;
  const n = rows + 1;
  const out = rows + 2;
  const C = rows + 3;
  const rp = b.local(I32);
  const end = b.local(I32);
  const acc = b.local(V128);
  /** Pushes field i of the record `off` bytes after rp, as four lanes. */
  const field = (i: number, off = 0) => {
    b.get(rp);
    if (lanes) b.load(16 * i + off);
    else b.splatLoad(4 * i + off);
  };
  /** Masks the f32x4 on the stack by the record's mask (lane records only). */
  const masked = () => {
    if (!lanes) return;
    b.get(rp)
      .load(16 * (F + 3))
      .simd(SIMD.and);
  };
  /** Row i's locals of a pass: inputs, activations, tanh scratch, ŷ and then the residual. */
  const rowLocals = (_: unknown, i: number): RowVars => ({
    X: vecs(b, F),
    A: Array.from({ length: depth }, () => vecs(b, H)),
    sc: scratch(b),
    out: b.local(V128),
    off: i * R,
  });
  /** The forward pass of the rows and each one's residual r = ŷ − y into its `out`. */
  const residuals = (rows: readonly RowVars[]) => {
    emitForward(b, layout, tp, rp, rows, lanes);
    for (const r of rows) {
      b.get(r.out);
      field(F, r.off);
      b.simd(SIMD.f32x4Sub).set(r.out);
    }
  };
  /** acc += w·r² (masked) for the row. */
  const addTerm = (r: RowVars) => {
    b.get(acc).get(r.out).get(r.out).simd(SIMD.f32x4Mul);
    field(F + 1, r.off);
    b.simd(SIMD.f32x4Mul);
    masked();
    b.simd(SIMD.f32x4Add).set(acc);
  };
  const group = Array.from({ length: pass }, rowLocals);
  const row = group[0]!;
  const dOut = b.local(V128);
  const D = withGrad ? vecs(b, H) : [];
  const D2 = withGrad ? vecs(b, H) : [];
  b.op(0x02, 0x40); // block
  b.get(C).op(0x45).op(0x0d, 0); // C == 0: br_if out
  b.op(0x03, 0x40); // loop (chunks)
  b.f32x4(0).set(acc);
  if (withGrad)
    for (let p = 0; p < P; p++)
      b.get(gp)
        .f32x4(0)
        .store(16 * p);
  b.get(rows).set(rp);
  b.get(rows).get(n).i32(R).op(0x6c).op(0x6a).set(end); // end = rows + n·R
  // Lane records: the next chunk's rows follow this chunk's.
  if (lanes) b.get(end).set(rows);
  if (pass > 1) {
    b.op(0x02, 0x40); // block
    b.op(0x03, 0x40); // loop (row groups)
    b.get(rp)
      .i32(pass * R)
      .op(0x6a)
      .get(end)
      .op(0x4b)
      .op(0x0d, 1); // rp + pass·R > end: out
    residuals(group);
    group.forEach(addTerm);
    b.get(rp)
      .i32(pass * R)
      .op(0x6a)
      .set(rp);
    b.op(0x0c, 0); // br loop
    b.op(0x0b); // end loop
    b.op(0x0b); // end block
  }
  b.op(0x02, 0x40); // block
  b.get(rp).get(end).op(0x4f).op(0x0d, 0); // rp ≥ end: no (more) rows
  b.op(0x03, 0x40); // loop (rows)
  residuals([row]);
  addTerm(row);
  if (withGrad) {
    b.get(row.out);
    field(F + 2);
    b.simd(SIMD.f32x4Mul);
    masked();
    b.set(dOut);
    emitBackward(b, layout, tp, gp, row.X, row.A, dOut, D, D2);
  }
  b.get(rp).i32(R).op(0x6a).tee(rp).get(end).op(0x49).op(0x0d, 0); // rp < end: next row
  b.op(0x0b); // end loop (rows)
  b.op(0x0b); // end block
  b.get(out).get(acc).store(0);
  b.get(tp)
    .i32(16 * P)
    .op(0x6a)
    .set(tp);
  if (withGrad)
    b.get(gp)
      .i32(16 * P)
      .op(0x6a)
      .set(gp);
  b.get(out).i32(16).op(0x6a).set(out);
  b.get(C).i32(1).op(0x6b).tee(C).op(0x0d, 0); // C − 1 ≠ 0: next chunk
  b.op(0x0b); // end loop (chunks)
  b.op(0x0b); // end block
  return b;
}

/**
 * `mseRows`: one run's loss sum over row groups, four rows per f32x4 operation. Each row's term is
 * computed by the same operations in the same order as `mse` computes it in that run's lane (the
 * weight splat instead of loaded per lane, x·w as x·w), so it has the same bits; the terms are
 * then added to one f32 sum in row order, lane 0 to 3 of each group, as `mse` adds them. A lane
 * past the last row is masked to +0, and adding +0 leaves the sum's bits as they are (the sum is
 * never −0: it starts at +0 and its terms are squares times w ≥ 0, or NaN).
 */
function lossRowsFunction(layout: MlpLayout): Body {
  const { features: F, width: H, depth } = layout;
  const R = 4 * groupRecordFloats(F);
  // Parameters: theta, rows, groups, out.
  const b = new Body([I32, I32, I32, I32]);
  const tp = 0;
  const rows = 1;
  const groups = 2;
  const out = 3;
  const rp = b.local(I32);
  const end = b.local(I32);
  const acc = b.local(F32);
  const term = b.local(V128);
  const X = vecs(b, F);
  const A = Array.from({ length: depth }, () => vecs(b, H));
  const sc = scratch(b);
  b.op(0x43, 0, 0, 0, 0).set(acc); // f32.const +0
  b.op(0x02, 0x40); // block
  b.get(groups).op(0x45).op(0x0d, 0); // groups == 0: skip
  b.get(rows).set(rp);
  b.get(rows).get(groups).i32(R).op(0x6c).op(0x6a).set(end); // end = rows + groups·R
  b.op(0x03, 0x40); // loop (row groups)
  emitForward(b, layout, tp, rp, [{ X, A, sc, out: term, off: 0 }], true, true);
  b.get(term);
  b.get(rp).load(16 * F);
  b.simd(SIMD.f32x4Sub).tee(term); // r = ŷ − y
  b.get(term).simd(SIMD.f32x4Mul);
  b.get(rp)
    .load(16 * (F + 1))
    .simd(SIMD.f32x4Mul); // r²·w
  b.get(rp)
    .load(16 * (F + 3))
    .simd(SIMD.and)
    .set(term);
  for (let lane = 0; lane < 4; lane++) {
    b.get(acc).get(term).simd(SIMD.f32x4ExtractLane).op(lane).op(0x92).set(acc); // f32.add
  }
  b.get(rp).i32(R).op(0x6a).tee(rp).get(end).op(0x49).op(0x0d, 0); // rp < end: next group
  b.op(0x0b); // end loop
  b.op(0x0b); // end block
  b.get(out).get(acc).op(0x38, 2, 0); // f32.store
  return b;
}

function tanhFunction(): Body {
  const b = new Body([I32, I32]);
  const sc = scratch(b);
  b.op(0x02, 0x40);
  b.get(1).op(0x45).op(0x0d, 0);
  b.op(0x03, 0x40);
  b.get(0).get(0).load(0).set(sc.z);
  emitTanh(b, sc.z, sc.t, sc.n, sc.r, sc.s);
  b.store(0);
  b.get(0).i32(16).op(0x6a).set(0);
  b.get(1).i32(1).op(0x6b).tee(1).op(0x0d, 0);
  b.op(0x0b);
  b.op(0x0b);
  return b;
}

/** The module's bytes for this layout. */
export function mlpSimdBytes(layout: MlpLayout): Uint8Array<ArrayBuffer> {
  return moduleBytes([
    { name: 'mse', body: lossFunction(layout, false, false, layout.width <= PAIRED_WIDTH ? 2 : 1) },
    { name: 'grad', body: lossFunction(layout, true) },
    { name: 'mseLanes', body: lossFunction(layout, false, true) },
    { name: 'gradLanes', body: lossFunction(layout, true, true) },
    { name: 'mseRows', body: lossRowsFunction(layout) },
    { name: 'tanh', body: tanhFunction() },
    ...OPTIMIZERS.map((kind) => ({ name: updateName(kind), body: updateFunction(layout, kind) })),
  ]);
}

/** Whether this engine runs WebAssembly 128-bit SIMD (validates a one-instruction module). */
export function simdSupported(): boolean {
  try {
    const b = new Body([]);
    b.f32x4(0).op(0x1a); // v128.const; drop
    return (
      typeof WebAssembly === 'object' && WebAssembly.validate(moduleBytes([{ name: 'f', body: b }]))
    );
  } catch {
    return false;
  }
}

/** One instance: its exports and the memory it runs in (owned here, grown on demand). */
export interface MlpSimd {
  readonly exports: MlpSimdExports;
  readonly memory: WebAssembly.Memory;
}

const instances = new Map<string, MlpSimd>();

/**
 * Whether this shape's module compiles and instantiates here (remembered): false sends the kernel to
 * the scalar body, e.g. where synchronous compilation of a large module is refused (browsers allow
 * it in workers, where the lab trains, but not on the main thread).
 */
export function mlpSimdReady(layout: MlpLayout): boolean {
  const key = `${layout.features},${layout.width},${layout.depth}`;
  let ok = ready.get(key);
  if (ok === undefined) {
    try {
      mlpSimd(layout);
      ok = true;
    } catch {
      ok = false;
    }
    ready.set(key, ok);
  }
  return ok;
}
const ready = new Map<string, boolean>();

/** The compiled module for this shape (compiled once; synchronous, the modules are small). */
export function mlpSimd(layout: MlpLayout): MlpSimd {
  // Asked for every step: by the layout object first, without making the key string.
  const known = byLayout.get(layout);
  if (known) return known;
  const key = `${layout.features},${layout.width},${layout.depth}`;
  let inst = instances.get(key);
  if (!inst) {
    const memory = new WebAssembly.Memory({ initial: 1 });
    const instance = new WebAssembly.Instance(new WebAssembly.Module(mlpSimdBytes(layout)), {
      env: { mem: memory },
    });
    inst = { exports: instance.exports as unknown as MlpSimdExports, memory };
    instances.set(key, inst);
  }
  byLayout.set(layout, inst);
  return inst;
}
const byLayout = new WeakMap<MlpLayout, MlpSimd>();
