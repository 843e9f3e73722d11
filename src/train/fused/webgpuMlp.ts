import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import type { MlpLayout } from '../../core/models/mlp';
import type { OptimizerKind } from '../../core/optimizers';
import {
  PACKED_MLP_KERNEL,
  ROW_SET_FIELDS,
  type PackedShape,
  type PackedStepAttrs,
} from './packedMlp';

/** Invocations per run: a run is one workgroup. */
const WG = 64;
/**
 * Floats of workgroup memory a row may use: WebGPU guarantees 16 KiB
 * (maxComputeWorkgroupStorageSize), less the reduction's and the row losses' floats and some room.
 */
const ROW_FLOATS = 3840;
/**
 * Floats of a tile where the tile lives in the run's carry row (`packedScratch`), not in workgroup
 * memory. On WebGPU without a GPU a pipeline's compile time grows with its workgroup memory: on
 * SwiftShader (Chromium's WebGPU on the CPU), a shader that only declares an array of n floats in
 * workgroup memory took 130 ms to compile at n = 256, 490 ms at 1024 and 2.2 s at 4096, the same
 * at workgroup sizes 1, 64 and 256, so it is the memory itself (its zero initialisation, which
 * WebGPU requires). Tiles of up to 3840 floats made the overfitting preset's pipeline take 2.6 s to
 * compile in Node and 3.9 s in Chromium, longer than its 1500 steps take to train; tiles of 512
 * floats 0.5 s, the same tiles in the carry 0.2 s, and 0.15 s with the reduction's sums there too.
 * Small, since the carry is read back with each chunk; at 512 the cars networks trained no slower
 * than with large tiles (256 made the 3 × 32 network 40 % slower). A GPU keeps all of it in
 * workgroup memory, with tiles of ROW_FLOATS, which run more rows at once. The numbers are the
 * same bits either way (lossLanes; tests/train/packedMlpWebgpu.test.ts).
 */
const CARRY_TILE_FLOATS = 512;

/** What tfjs' WebGPU backend knows of its adapter (AdapterInfo, tfjs-backend-webgpu 4.22). */
interface AdapterLike {
  readonly adapterInfo?: { readonly architecture?: string };
}

/**
 * Floats of working memory a run's carry row holds for its step on this backend
 * (CarryLayout.scratchFloats): a tile, its rows' losses and the reduction's partial sums without a
 * GPU (SwiftShader names itself as the adapter's architecture); none on a GPU, which keeps them in
 * workgroup memory.
 */
export function packedScratch(backend: unknown, layout: MlpLayout): number {
  if ((backend as AdapterLike).adapterInfo?.architecture !== 'swiftshader') return 0;
  return carryScratch(tileRow(layout).width).floats;
}

/**
 * The working memory in a carry row, for tile rows of rw floats: the tile's rows (as many as
 * CARRY_TILE_FLOATS hold, one at least), where the rows' losses and the reduction's sums start
 * (from the scratch's start), and its floats.
 */
function carryScratch(rw: number) {
  const rows = Math.max(1, Math.min(WG, Math.floor(CARRY_TILE_FLOATS / rw)));
  const loss = rows * rw;
  const red = loss + rows;
  return { rows, loss, red, floats: red + WG };
}

/**
 * How the training loss's row terms are shared among the invocations before they are summed:
 * row s goes to invocation s mod lossLanes, which adds its rows in order. That was the tile's row
 * count when tiles held up to ROW_FLOATS; kept, since it fixes the sum's rounding (and so the
 * loss's bits) whatever the tile holds now.
 */
const lossLanes = (rw: number) => Math.min(WG, Math.floor(ROW_FLOATS / rw));

/**
 * Where a step's working memory lives (its tile, the tile rows' losses, the reduction's partial
 * sums): workgroup memory, or (with scratch in the carry) the run's row of the output from
 * `scratch` on, `tb` in WGSL. tile(i), loss(i), red(i): the WGSL of element i; redBase: the WGSL
 * that defines what red(i) reads; barrier: what makes one invocation's writes there seen by the
 * others.
 */
interface TilePlace {
  readonly rows: number;
  readonly declare: string;
  readonly tile: (i: string) => string;
  readonly loss: (i: string) => string;
  readonly red: (i: string) => string;
  readonly redBase: string;
  readonly barrier: string;
}

function tilePlace(s: PackedShape): TilePlace {
  const rw = tileRow(s.layout).width;
  if (s.carry.scratchFloats === 0) {
    const rows = lossLanes(rw);
    return {
      rows,
      declare: `var<workgroup> tile: array<f32, ${rows * rw}>;
      var<workgroup> rowLoss: array<f32, ${rows}>;
      var<workgroup> red: array<f32, ${WG}>;`,
      tile: (i) => `tile[${i}]`,
      loss: (i) => `rowLoss[${i}]`,
      red: (i) => `red[${i}]`,
      redBase: '',
      barrier: 'workgroupBarrier();',
    };
  }
  const at = carryScratch(rw);
  return {
    rows: at.rows,
    declare: '',
    tile: (i) => `result[tb + ${i}]`,
    loss: (i) => `result[tb + ${at.loss} + ${i}]`,
    red: (i) => `result[rb + ${i}]`,
    redBase: `let rb = i32(workgroupId.x) * uniforms.Q + ${s.carry.scratch + at.red};`,
    barrier: 'storageBarrier();',
  };
}

/** The per-step numbers, in the order of the uniforms' declaration below. */
const INT_UNIFORMS = [
  'Q',
  'slot',
  'thetaSlot',
  'thetaDone',
  'update',
  'batchOffset',
  'noiseOffset',
  'patience',
  'sets',
  'nGmost',
] as const;
const FLOAT_UNIFORMS = ['factor', 'c1', 'c2'] as const;

/** One coordinate's update (the optimizers of src/core/optimizers.ts, as mlpStep.ts's updateRun). */
function updateWgsl(kind: OptimizerKind, s: PackedShape): string {
  return UPDATE_WGSL[kind]({
    spec: s.spec,
    m0: `carry[base + ${s.carry.P} + p]`,
    v0: `carry[base + ${2 * s.carry.P} + p]`,
    m1: `result[base + ${s.carry.P} + p]`,
    v1: `result[base + ${2 * s.carry.P} + p]`,
  });
}

/** What an update's WGSL is written from: the constants, and where the state is read and written. */
interface UpdateSlots {
  readonly spec: PackedShape['spec'];
  readonly m0: string;
  readonly v0: string;
  readonly m1: string;
  readonly v1: string;
}

const f = (x: number) => wgslFloat(x);

/** Each optimizer's update in WGSL; a new optimizer fails to compile until it has one. */
const UPDATE_WGSL: Record<OptimizerKind, (u: UpdateSlots) => string> = {
  sgd: () => `let step = g;`,
  momentum: ({ spec, m0, m1 }) => `let m = ${f(spec.beta)} * ${m0} + g; ${m1} = m; let step = m;`,
  nesterov: ({ spec, m0, m1 }) =>
    `let m = ${f(spec.beta)} * ${m0} + g; ${m1} = m; let step = g + ${f(spec.beta)} * m;`,
  adagrad: ({ spec, m0, m1 }) =>
    `let v = ${m0} + g * g; ${m1} = v; let step = g / (sqrt(v) + ${f(spec.eps)});`,
  rmsprop: ({
    spec,
    m0,
    m1,
  }) => `let v = ${f(spec.rho)} * ${m0} + ${f(1 - spec.rho)} * g * g; ${m1} = v;
              let step = g / (sqrt(v) + ${f(spec.eps)});`,
  adam: (u) => adamWgsl(u, ''),
  adamw: (u) => adamWgsl(u, ` + ${f(u.spec.weightDecay)} * th`),
};

function adamWgsl({ spec, m0, v0, m1, v1 }: UpdateSlots, decay: string): string {
  return `let m = ${f(spec.beta1)} * ${m0} + ${f(1 - spec.beta1)} * g;
              let v = ${f(spec.beta2)} * ${v0} + ${f(1 - spec.beta2)} * g * g;
              ${m1} = m; ${v1} = v;
              let step = m / uniforms.c1 / (sqrt(v / uniforms.c2) + ${f(spec.eps)})${decay};`;
}

/** A float literal WGSL reads as the same f32 (exponent form keeps tiny ε exact). */
function wgslFloat(x: number): string {
  return Math.fround(x).toExponential(9);
}

/**
 * The forward pass of one row in private memory: ŷ for θ at `base`, the row's features at `xo`.
 * z_j = b_j + Σ_i a_i·W[i][j], a = tanh z (tfjs' own tanh formula, so it rounds as the unfused
 * WebGPU ops do), then the linear output unit. backpropWgsl runs the same pass into the tile, where
 * the backward pass needs every activation; the loss-only passes need none kept.
 */
function predictWgsl(s: PackedShape): string {
  const { width: H, depth: L, layers } = s.layout;
  const parts: string[] = [];
  for (let l = 0; l <= L; l++) {
    const { w, b } = layers[l]!;
    const input = (i: string) => (l === 0 ? `rows[xo + ${i}]` : `a[${i}]`);
    if (l === L) {
      parts.push(`var y = carry[base + ${b.offset}];
        for (var i = 0; i < ${w.rows}; i++) { y = y + ${input('i')} * carry[base + ${w.offset} + i]; }
        return y;`);
    } else {
      parts.push(`for (var j = 0; j < ${H}; j++) {
          var z = carry[base + ${b.offset} + j];
          for (var i = 0; i < ${w.rows}; i++) { z = z + ${input('i')} * carry[base + ${w.offset} + i * ${H} + j]; }
          next[j] = tanhTf(z);
        }
        a = next;`);
    }
  }
  return `fn predict(base: i32, xo: i32) -> f32 {
      var a: array<f32, ${Math.max(1, H)}>;
      var next: array<f32, ${Math.max(1, H)}>;
      ${parts.join('\n')}
    }`;
}

/**
 * A tile row: the features, every hidden layer's activations, every layer's δ (the output's last).
 * act(l): where layer l's input starts; dlt(l): where the δ of layer l's outputs starts; width:
 * the row's length.
 */
function tileRow(layout: MlpLayout) {
  const { features: F, width: H, depth: L } = layout;
  return {
    act: (l: number) => (l === 0 ? 0 : F + (l - 1) * H),
    dlt: (l: number) => F + L * H + l * H,
    width: F + 2 * L * H + 1,
  };
}

/**
 * One row's forward and backward pass into its tile row `r` of workgroup memory (features, every
 * hidden activation, every layer's δ), for the weighted MSE with weight w and Σw = total:
 * δ_out = 2·w·(ŷ − y)/total; below a layer, δ_i = (Σ_j W[i][j]·δ_j)·(1 − a_i²). Returns w·(ŷ − y)².
 */
function backpropWgsl(s: PackedShape, place: TilePlace): string {
  const { features: F, width: H, depth: L, layers } = s.layout;
  const { act, dlt, width: rw } = tileRow(s.layout);
  const tile = place.tile;
  const lines: string[] = [`let o = r * ${rw};`];
  if (s.carry.scratchFloats > 0) lines.push(`let tb = base + ${s.carry.scratch};`);
  lines.push(`for (var i = 0; i < ${F}; i++) { ${tile('o + i')} = rows[xo + i]; }`);
  for (let l = 0; l < L; l++) {
    const { w, b } = layers[l]!;
    lines.push(`for (var j = 0; j < ${H}; j++) {
        var z = carry[base + ${b.offset} + j];
        for (var i = 0; i < ${w.rows}; i++) { z = z + ${tile(`o + ${act(l)} + i`)} * carry[base + ${w.offset} + i * ${H} + j]; }
        ${tile(`o + ${act(l + 1)} + j`)} = tanhTf(z);
      }`);
  }
  const out = layers[L]!;
  lines.push(`var yh = carry[base + ${out.b.offset}];
    for (var i = 0; i < ${out.w.rows}; i++) { yh = yh + ${tile(`o + ${act(L)} + i`)} * carry[base + ${out.w.offset} + i]; }
    let res = yh - y;
    ${tile(`o + ${dlt(L)}`)} = 2.0 * wt * res / total;`);
  for (let l = L; l >= 1; l--) {
    const { w } = layers[l]!;
    lines.push(`for (var i = 0; i < ${H}; i++) {
        var g = 0.0;
        for (var j = 0; j < ${w.cols}; j++) { g = g + carry[base + ${w.offset} + i * ${w.cols} + j] * ${tile(`o + ${dlt(l)} + j`)}; }
        let ai = ${tile(`o + ${act(l)} + i`)};
        ${tile(`o + ${dlt(l - 1)} + i`)} = g * (1.0 - ai * ai);
      }`);
  }
  lines.push(`return wt * res * res;`);
  return `fn backprop(base: i32, r: i32, xo: i32, y: f32, wt: f32, total: f32) -> f32 {
      ${lines.join('\n')}
    }`;
}

/**
 * For parameter p, where its gradient's two factors sit in a tile row: ∂W_l[i][j] = Σ_rows
 * (input i of layer l)·δ_l,j and ∂b_l,j = Σ_rows δ_l,j (first offset −1: the factor is 1).
 */
function factorsWgsl(s: PackedShape): string {
  const { layers } = s.layout;
  const { act, dlt } = tileRow(s.layout);
  const branches = layers.map(({ w, b }, l) => {
    return `if (p >= ${w.offset} && p < ${w.offset + w.rows * w.cols}) {
        let q = p - ${w.offset};
        return vec2<i32>(${act(l)} + q / ${w.cols}, ${dlt(l)} + q % ${w.cols});
      }
      if (p >= ${b.offset} && p < ${b.offset + b.size}) { return vec2<i32>(-1, ${dlt(l)} + p - ${b.offset}); }`;
  });
  return `fn factors(p: i32) -> vec2<i32> {
      ${branches.join('\n')}
      return vec2<i32>(-1, -1);
    }`;
}

/**
 * The WebGPU program: one workgroup per run, WG invocations sharing its rows. A step, for run k
 * at θ_t, as mlpStep.ts (which is tested against the unfused trainer):
 * 1. with validation rows, the validation MSE (rows spread over the invocations, summed in
 *    workgroup memory) and the early-stopping update (improved = V < best and not stopped);
 * 2. the gradient rows, a tile at a time: each invocation runs one row forward and back into the
 *    tile, then each sums its parameters' products over the tile's rows;
 * 3. the recorded loss (MSE over the training rows) in minibatch mode, else the batch's loss;
 * 4. unless this is the last step, g + n_t and the optimizer's update with η_k·factor_t;
 * 5. the record: the slots written earlier in the chunk copied, this step's loss, validation loss
 *    and θ_t added.
 */
class PackedMlpProgram {
  readonly variableNames = ['carry', 'lr', 'rows', 'noise'];
  readonly outputShape: number[];
  readonly shaderKey: string;
  readonly dispatchLayout = { x: [0] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WG, 1, 1];
  readonly uniforms =
    INT_UNIFORMS.map((n) => `${n} : i32,`).join(' ') +
    ' ' +
    FLOAT_UNIFORMS.map((n) => `${n} : f32,`).join(' ');

  constructor(
    private readonly s: PackedShape,
    K: number,
  ) {
    this.outputShape = [K, s.carry.Q];
    this.dispatch = [K, 1, 1];
    const { layout: n, carry: c } = s;
    this.shaderKey = [
      'lrlab_mlp',
      n.features,
      n.width,
      n.depth,
      s.spec.optimizer,
      // The optimizer's constants are written into the shader.
      s.spec.beta,
      s.spec.beta1,
      s.spec.beta2,
      s.spec.rho,
      s.spec.eps,
      s.spec.weightDecay,
      c.val,
      c.track,
      c.lossRec,
      c.valRec,
      c.thetaRec,
      c.scratch,
      c.scratchFloats,
      s.batch,
      s.noise,
    ].join('_');
  }

  getUserCode(): string {
    const s = this.s;
    const { P, val, track, bestTheta } = s.carry;
    const F = s.layout.features;
    const rw = tileRow(s.layout).width;
    // The app's largest network (3 × 32) has rows of F + 193 floats.
    if (rw > ROW_FLOATS) {
      throw new Error(
        `${PACKED_MLP_KERNEL}: a row of ${rw} floats does not fit a tile of ${ROW_FLOATS}`,
      );
    }
    const place = tilePlace(s);
    const tileRows = place.rows;
    const lanes = lossLanes(rw);
    const per = Math.ceil(P / WG);
    // Without noise the binding is still read once ('_ ='), since the pipeline's automatic
    // layout leaves out a binding the shader never uses, and tfjs binds every input.
    const noise =
      s.noise === 0
        ? '_ = noise[0];'
        : `g = g + noise[uniforms.noiseOffset + ${s.noise === 2 ? `k * ${P} + ` : ''}p];`;
    const batchRow = s.batch
      ? `let wt = rows[rs.w + uniforms.batchOffset + s];
         let ri = i32(rows[rs.idx + uniforms.batchOffset + s]);`
      : `let wt = 1.0; let ri = s;`;
    return `
      fn tanhTf(a: f32) -> f32 { let e2x = exp(-2.0 * abs(a)); return sign(a) * (1.0 - e2x) / (1.0 + e2x); }
      ${place.declare}
      ${predictWgsl(s)}
      ${backpropWgsl(s, place)}
      ${factorsWgsl(s)}

      /** Where run k's rows are (RowsLayout): its entry of the rows table, offsets as floats. */
      struct RowSets { ${ROW_SET_FIELDS.map((f) => `${f}: i32`).join(', ')} }
      fn rowSets(k: i32) -> RowSets {
        let e = uniforms.sets + k * ${ROW_SET_FIELDS.length};
        return RowSets(${ROW_SET_FIELDS.map((_, i) => `i32(rows[e + ${i}])`).join(', ')});
      }

      /** Σ of v over the workgroup's invocations, the same number for all of them. */
      fn sumAll(v: f32) -> f32 {
        let t = i32(localIndex);
        ${place.redBase}
        ${place.red('t')} = v;
        ${place.barrier}
        for (var h = ${WG / 2}; h > 0; h = h / 2) {
          if (t < h) { ${place.red('t')} = ${place.red('t')} + ${place.red('t + h')}; }
          ${place.barrier}
        }
        let total = ${place.red('0')};
        ${place.barrier}
        return total;
      }

      /** The plain MSE of θ over n rows (features at x0, targets at y0); 0 for no rows. */
      fn mse(base: i32, x0: i32, y0: i32, n: i32) -> f32 {
        var part = 0.0;
        for (var s = i32(localIndex); s < n; s = s + ${WG}) {
          let r = predict(base, x0 + s * ${F}) - rows[y0 + s];
          part = part + r * r;
        }
        let sum = sumAll(part);
        if (n == 0) { return 0.0; }
        return sum / f32(n);
      }

      fn main(index: i32) {
        let k = i32(workgroupId.x);
        let t = i32(localIndex);
        let base = k * uniforms.Q;
        let rs = rowSets(k);

        ${
          val
            ? `let V = mse(base, rs.vx, rs.vy, rs.nV);
        ${
          track
            ? `let best = carry[base + ${bestTheta + P}];
        let since = carry[base + ${bestTheta + P + 1}];
        let alive = !(uniforms.patience > 0) || since < f32(uniforms.patience);
        let improved = alive && V < best;`
            : ''
        }`
            : ''
        }

        var total = f32(rs.nG);
        ${s.batch ? `total = 0.0; for (var j = 0; j < rs.nG; j++) { total = total + rows[rs.w + uniforms.batchOffset + j]; }` : ''}
        var acc: array<f32, ${per}>;
        var at: array<vec2<i32>, ${per}>;
        for (var q = 0; q < ${per}; q++) { acc[q] = 0.0; at[q] = factors(t + q * ${WG}); }
        var lossPart = 0.0;
        ${s.carry.scratchFloats > 0 ? `let tb = base + ${s.carry.scratch};` : ''}
        // Up to the most rows of any run, so that the barriers stay in uniform control flow (WGSL
        // §15.2; a run's own count comes from its table entry, which the analysis cannot tell
        // uniform): past its own rows a run's tiles are empty (n ≤ 0) and add nothing.
        for (var s0 = 0; s0 < uniforms.nGmost; s0 = s0 + ${tileRows}) {
          let n = min(${tileRows}, rs.nG - s0);
          if (t < n) {
            let s = s0 + t;
            ${batchRow}
            if (wt != 0.0) {
              ${place.loss('t')} = backprop(base, t, rs.gx + ri * ${F}, rows[rs.gy + ri], wt, total);
            } else {
              // Padding: left out, as the float64 reference skips it (0·a would be NaN for a = ∞).
              for (var i = 0; i < ${rw}; i++) { ${place.tile(`t * ${rw} + i`)} = 0.0; }
              ${place.loss('t')} = 0.0;
            }
          }
          ${place.barrier}
          // This invocation's rows of the tile (s ≡ t mod lanes), in order; + 0 for padding is exact.
          if (t < ${lanes}) {
            for (var r = (t + ${lanes} - s0 % ${lanes}) % ${lanes}; r < n; r = r + ${lanes}) {
              lossPart = lossPart + ${place.loss('r')};
            }
          }
          for (var q = 0; q < ${per}; q++) {
            let f = at[q];
            if (f.y >= 0) {
              var g = acc[q];
              for (var r = 0; r < n; r++) {
                let d = ${place.tile(`r * ${rw} + f.y`)};
                if (f.x < 0) { g = g + d; } else { g = g + ${place.tile(`r * ${rw} + f.x`)} * d; }
              }
              acc[q] = g;
            }
          }
          ${place.barrier}
        }
        let lossSum = sumAll(lossPart);
        let ok = total > 0.0;
        var loss = select(0.0, lossSum / total, ok);
        ${s.batch ? `loss = mse(base, rs.rx, rs.ry, rs.nR);` : ''}

        let eta = lr[k] * uniforms.factor;
        for (var q = 0; q < ${per}; q++) {
          let p = t + q * ${WG};
          if (p < ${P}) {
            let th = carry[base + p];
            if (uniforms.update != 0) {
              var g = select(0.0, acc[q], ok);
              ${noise}
              ${updateWgsl(s.spec.optimizer, s)}
              result[base + p] = th - eta * step;
            } else {
              ${Array.from({ length: 1 + s.carry.nState }, (_, i) => `result[base + ${i * P} + p] = carry[base + ${i * P} + p];`).join(' ')}
            }
            ${track ? `result[base + ${bestTheta} + p] = select(carry[base + ${bestTheta} + p], th, improved);` : ''}
            if (uniforms.thetaSlot >= 0) {
              result[base + ${s.carry.thetaRec} + uniforms.thetaSlot * ${P} + p] = th;
            }
          }
        }
        for (var i = t; i < uniforms.thetaDone * ${P}; i = i + ${WG}) {
          result[base + ${s.carry.thetaRec} + i] = carry[base + ${s.carry.thetaRec} + i];
        }
        for (var i = t; i < uniforms.slot; i = i + ${WG}) {
          result[base + ${s.carry.lossRec} + i] = carry[base + ${s.carry.lossRec} + i];
          ${val ? `result[base + ${s.carry.valRec} + i] = carry[base + ${s.carry.valRec} + i];` : ''}
        }
        if (t == 0) {
          result[base + ${s.carry.lossRec} + uniforms.slot] = loss;
          ${val ? `result[base + ${s.carry.valRec} + uniforms.slot] = V;` : ''}
          ${
            track
              ? `result[base + ${bestTheta + P}] = select(best, V, improved);
          result[base + ${bestTheta + P + 1}] = select(select(since, since + 1.0, alive), 0.0, improved);`
              : ''
          }
        }
      }`;
  }
}

interface WebGPUBackendLike {
  runWebGPUProgram(
    program: unknown,
    inputs: TensorInfo[],
    dtype: 'float32',
    uniforms: { type: 'int32' | 'float32'; data: number[] }[],
  ): TensorInfo;
}

const webgpuKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const a = attrs as unknown as PackedStepAttrs;
  const { carry, lr, rows, noise } = inputs;
  const program = new PackedMlpProgram(a.shape, carry!.shape[0]!);
  const ints: Record<(typeof INT_UNIFORMS)[number], number> = {
    sets: a.sets,
    nGmost: a.nGmost,
    Q: a.shape.carry.Q,
    slot: a.slot,
    thetaSlot: a.thetaSlot,
    thetaDone: a.thetaDone,
    update: a.update ? 1 : 0,
    batchOffset: a.batchOffset,
    noiseOffset: a.noiseOffset,
    patience: a.patience,
  };
  return (backend as unknown as WebGPUBackendLike).runWebGPUProgram(
    program,
    [carry!, lr!, rows!, noise!],
    'float32',
    [
      ...INT_UNIFORMS.map((n) => ({ type: 'int32' as const, data: [ints[n]] })),
      ...FLOAT_UNIFORMS.map((n) => ({ type: 'float32' as const, data: [a[n]] })),
    ],
  );
};

export const WEBGPU_MLP_KERNELS: KernelConfig[] = [
  { kernelName: PACKED_MLP_KERNEL, backendName: 'webgpu', kernelFunc: webgpuKernel },
];
