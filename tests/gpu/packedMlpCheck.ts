/**
 * Trains small networks with the fused step on webgpu (the packed WGSL kernel, through Dawn's Node
 * bindings on whatever Vulkan driver the environment names) and on cpu (the host kernel, which
 * tests/train/fusedMlp.test.ts holds to the unfused trainer), and prints one JSON line per case
 * with how far the two are apart. Run by tests/train/packedMlpWebgpu.test.ts in a child process,
 * since the Vulkan loader's library path must be set before the process starts.
 */
import * as tf from '@tensorflow/tfjs';
import { create, globals } from 'webgpu';
import { mlpLayout } from '../../src/core/models/mlp';
import { DEFAULT_OPTIMIZER, type OptimizerKind } from '../../src/core/optimizers';
import { trainFusedMlp, type FusedMlpData } from '../../src/train/fused/mlpTrainer';
import type { TF } from '../../src/train/tf';
import type { BatchedOutput } from '../../src/train/trainer';
import { worstRelative } from './worstRelative';

export interface Case {
  readonly name: string;
  readonly F: number;
  readonly width: number;
  readonly depth: number;
  readonly optimizer: OptimizerKind;
  readonly val: boolean;
  /** Rows per minibatch (0: full batch); the last slot of each batch is padding (weight 0). */
  readonly batch: number;
  /** One step whose minibatch is all padding (Σw = 0). */
  readonly emptyBatchAt?: number;
  readonly noise: 'none' | 'shared' | 'per-run';
  readonly every: number;
  readonly chunk: number;
  readonly steps: number;
  readonly K: number;
  readonly patience: number;
}

export interface CaseResult {
  readonly name: string;
  /** Largest |webgpu − cpu| / max(|cpu|, floor) over every run and step; see the test. */
  readonly loss: number;
  readonly val: number;
  readonly path: number;
  readonly bestTheta: number;
  readonly sameLengths: boolean;
  readonly sameBestSteps: boolean;
  readonly sameStopSteps: boolean;
  /** Tensors left behind by one webgpu training. */
  readonly leaked: number;
  /**
   * The webgpu training again with the tiles a GPU gets (in workgroup memory, not SwiftShader's in
   * the carry) gave the same bits: losses, validation losses, paths, best θ.
   */
  readonly tilesAlike: boolean;
  readonly error?: string;
}

const N = 37;
const NV = 11;

/** A fixed linear congruential stream in (−1, 1): the data need no quality, only repeatability. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return (s / 2147483648) * 2 - 1;
  };
}

function dataOf(c: Case) {
  const rnd = lcg(777);
  const layout = mlpLayout(c.F, c.width, c.depth);
  const x = Float32Array.from({ length: N * c.F }, rnd);
  const y = Float32Array.from({ length: N }, rnd);
  const vx = Float32Array.from({ length: NV * c.F }, rnd);
  const vy = Float32Array.from({ length: NV }, rnd);
  const start = Array.from({ length: layout.P }, () => 0.5 * rnd());
  const B = c.batch;
  const idx = Int32Array.from(
    { length: c.steps * B },
    (_, i) => (Math.floor(i / B) * 7 + (i % B) * 3) % N,
  );
  const w = Float32Array.from({ length: c.steps * B }, (_, i) =>
    Math.floor(i / B) === c.emptyBatchAt || i % B === B - 1 ? 0 : 1,
  );
  const width = c.noise === 'per-run' ? c.K * layout.P : layout.P;
  const noise =
    c.noise === 'none'
      ? undefined
      : Float64Array.from({ length: c.steps * width }, () => 0.05 * rnd());
  return { layout, x, y, vx, vy, start, idx, w, noise };
}

async function train(backend: string, c: Case): Promise<{ out: BatchedOutput; leaked: number }> {
  if (!(await tf.setBackend(backend)) || tf.getBackend() !== backend) {
    throw new Error(`${backend} did not start`);
  }
  const d = dataOf(c);
  const owned: tf.Tensor[] = [];
  const keep = <T extends tf.Tensor>(t: T) => (owned.push(t), t);
  const trainX = keep(tf.tensor2d(d.x, [N, c.F]));
  const trainY = keep(tf.tensor1d(d.y));
  const data: FusedMlpData = {
    layout: d.layout,
    trainX,
    trainY,
    ...(c.val
      ? { val: { x: keep(tf.tensor2d(d.vx, [NV, c.F])), y: keep(tf.tensor1d(d.vy)) } }
      : {}),
    ...(c.batch
      ? {
          batches: {
            x: trainX,
            y: trainY,
            idx: keep(tf.tensor2d(d.idx, [c.steps, c.batch], 'int32')),
            weight: keep(tf.tensor2d(d.w, [c.steps, c.batch])),
          },
        }
      : {}),
  };
  try {
    const before = tf.memory().numTensors;
    const out = await trainFusedMlp(tf as unknown as TF, data, {
      lrs: Array.from({ length: c.K }, (_, k) => 0.02 * (k + 1)),
      steps: c.steps,
      start: d.start,
      ...(d.noise ? { noise: d.noise } : {}),
      optimizer: { ...DEFAULT_OPTIMIZER, optimizer: c.optimizer },
      pathEvery: c.every,
      patience: c.patience,
      chunk: c.chunk,
      factors: Array.from({ length: c.steps }, (_, t) => 1 - t / (2 * c.steps)),
    });
    return { out: out!, leaked: tf.memory().numTensors - before };
  } finally {
    tf.dispose(owned);
  }
}

/** The same bits in every array of two trainings' outputs. */
function sameBits(a: BatchedOutput, b: BatchedOutput): boolean {
  const arrays = (o: BatchedOutput) => [
    ...o.losses,
    ...o.paths,
    ...(o.validation ? [...o.validation.losses, ...o.validation.bestTheta] : []),
  ];
  const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  const [xs, ys] = [arrays(a), arrays(b)];
  return xs.length === ys.length && xs.every((x, i) => bytes(x).equals(bytes(ys[i]!)));
}

/** Trains on webgpu as if the adapter were a GPU (where the tiles go follows the adapter's name). */
async function trainAsOnGpu(c: Case): Promise<BatchedOutput> {
  const info = (tf.backend() as unknown as { adapterInfo: { architecture: string } }).adapterInfo;
  const named = info.architecture;
  if (named !== 'swiftshader') throw new Error(`the adapter is ${named}, not SwiftShader`);
  info.architecture = 'some-gpu';
  try {
    return (await train('webgpu', c)).out;
  } finally {
    info.architecture = named;
  }
}

async function check(c: Case): Promise<CaseResult> {
  const g = await train('webgpu', c);
  const onGpu = await trainAsOnGpu(c);
  const h = await train('cpu', c);
  const gv = g.out.validation;
  const hv = h.out.validation;
  return {
    name: c.name,
    loss: worstRelative(g.out.losses, h.out.losses, 1e-3),
    val: gv && hv ? worstRelative(gv.losses, hv.losses, 1e-3) : gv || hv ? Infinity : 0,
    path: worstRelative(g.out.paths, h.out.paths, 1e-2),
    bestTheta: gv && hv ? worstRelative(gv.bestTheta, hv.bestTheta, 1e-2) : 0,
    sameLengths:
      g.out.paths.every((p, k) => p.length === h.out.paths[k]!.length) &&
      g.out.losses.every((l, k) => l.length === h.out.losses[k]!.length),
    sameBestSteps: String(gv?.bestStep) === String(hv?.bestStep),
    sameStopSteps: String(gv?.stopStep) === String(hv?.stopStep),
    leaked: g.leaked,
    tilesAlike: sameBits(g.out, onGpu),
  };
}

const gpu = create(['backend=vulkan']);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
// Imported after navigator.gpu exists: the backend registers itself only where WebGPU does.
await import('@tensorflow/tfjs-backend-webgpu');

const cases = JSON.parse(process.argv[2] ?? '[]') as Case[];
for (const c of cases) {
  let line: CaseResult;
  try {
    line = await check(c);
  } catch (err) {
    line = {
      name: c.name,
      loss: Infinity,
      val: Infinity,
      path: Infinity,
      bestTheta: Infinity,
      sameLengths: false,
      sameBestSteps: false,
      sameStopSteps: false,
      leaked: -1,
      tilesAlike: false,
      error: String(err),
    };
  }
  console.log(JSON.stringify(line, (_, v: unknown) => (v === Infinity ? 'Infinity' : v)));
}
process.exit(0);
