/**
 * k-fold cross-validation of a network on WebGPU as the page trains it (runExperiment, fused), at
 * the version each case's link says, and the same link on cpu. Prints one JSON line per case: the
 * WebGPU result's bits (a SHA-256 of its losses, paths and validation curves), whether a second
 * training gave the same bits, and how far it is from cpu. Run by tests/train/kfoldWebgpu.test.ts
 * in a child process (tests/helpers/dawn.ts).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { create, globals } from 'webgpu';
import { pickExperiment, setUp, VERSION_RULES } from '../../src/core/experiment';
import { isModelScene } from '../../src/core/scenes';
import { runExperiment, trainRequest, type ExperimentResult } from '../../src/train/experiment';
import { foldOps, foldPlan } from '../../src/train/foldOps';
import { trainFusedFolds, trainFusedMlp } from '../../src/train/fused/mlpTrainer';
import type { BatchedOutput } from '../../src/train/batched';
import type { TF } from '../../src/train/tf';
import { decode } from '../../src/url/codec';
import { worstRelative } from './worstRelative';

export interface Case {
  readonly name: string;
  /** The link's query. */
  readonly query: string;
}

export interface CaseResult {
  readonly name: string;
  /** Whether the WebGPU training was fused. */
  readonly fused: boolean;
  /** SHA-256 of every number of the WebGPU result (losses, paths, validation and fold curves). */
  readonly bits: string;
  /** The WebGPU training again gave the same bits. */
  readonly again: boolean;
  /**
   * Largest |webgpu − cpu| / max(|cpu|, 1e-6) over the training losses, and over the validation
   * and fold curves (NaN on both sides agrees).
   */
  readonly loss: number;
  readonly val: number;
  /**
   * With k-fold trained fused on WebGPU (one packed call for every fold's runs), each fold's runs
   * trained alone on that fold gave the same bits: losses, paths, validation losses, best θ.
   * Undefined for a link that is not such.
   */
  readonly aloneAlike?: boolean;
  readonly error?: string;
}

const arraysOf = (r: ExperimentResult): Float32Array[] => [
  ...r.runs.flatMap((run) => [run.losses, run.path].map((x) => Float32Array.from(x))),
  ...(r.data?.val ?? []).map((x) => Float32Array.from(x)),
  ...(r.kfold?.val.flat() ?? []),
];

function bitsOf(r: ExperimentResult): string {
  const h = createHash('sha256');
  for (const a of arraysOf(r)) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

async function trainOn(backend: string, query: string): Promise<ExperimentResult> {
  if (!(await tf.setBackend(backend))) throw new Error(`${backend} did not start`);
  const exp = pickExperiment(decode(query).state);
  return (await runExperiment(tf, exp, { now: () => performance.now(), fused: true }))!;
}

/** Run `r` of `a` and run `q` of `b`: the same bits in every array. */
function sameRun(a: BatchedOutput, r: number, b: BatchedOutput, q: number): boolean {
  const of = (o: BatchedOutput, i: number) => [
    o.losses[i]!,
    o.paths[i]!,
    ...(o.validation ? [o.validation.losses[i]!, o.validation.bestTheta[i]!] : []),
  ];
  const bytes = (x: Float32Array) => Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  const [xs, ys] = [of(a, r), of(b, q)];
  return xs.length === ys.length && xs.every((x, i) => bytes(x).equals(bytes(ys[i]!)));
}

/**
 * For a k-fold network link trained fused on WebGPU: whether every fold's runs, trained alone on
 * their fold (trainFusedMlp), have the bits they have in the whole (trainFusedFolds: run j·k + i
 * is learning rate j on fold i).
 */
async function foldsAlone(query: string): Promise<boolean | undefined> {
  const exp = pickExperiment(decode(query).state);
  const folds: readonly string[] = VERSION_RULES[exp.version].fusedFolds;
  const { scene, start, noise } = setUp(exp);
  if (exp.folds < 2 || !isModelScene(scene) || !folds.includes('webgpu')) return undefined;
  const plan = foldPlan(scene, exp.folds);
  if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
  const { k } = plan;
  const ops = foldOps(tf as unknown as TF, scene, exp, plan);
  try {
    const lrs = exp.lrs.flatMap((lr) => Array<number>(k).fill(lr));
    const req = { ...trainRequest(exp, lrs, start, noise, true), patience: exp.patience };
    const whole = (await trainFusedFolds(tf as unknown as TF, ops.fusedFolds!, req))!;
    for (let i = 0; i < k; i++) {
      const alone = (await trainFusedMlp(tf as unknown as TF, ops.fusedFolds![i]!, {
        ...req,
        lrs: exp.lrs,
      }))!;
      if (!exp.lrs.every((_, j) => sameRun(whole, j * k + i, alone, j))) return false;
    }
    return true;
  } finally {
    ops.dispose();
  }
}

async function check(c: Case): Promise<CaseResult> {
  const [gpu, again, cpu] = [
    await trainOn('webgpu', c.query),
    await trainOn('webgpu', c.query),
    await trainOn('cpu', c.query),
  ];
  const curves = (r: ExperimentResult) => [...(r.data?.val ?? []), ...(r.kfold?.val.flat() ?? [])];
  return {
    name: c.name,
    fused: gpu.fused,
    bits: bitsOf(gpu),
    again: bitsOf(again) === bitsOf(gpu),
    loss: worstRelative(
      gpu.runs.map((r) => r.losses),
      cpu.runs.map((r) => r.losses),
      1e-6,
    ),
    val: worstRelative(curves(gpu), curves(cpu), 1e-6),
    aloneAlike: await foldsAlone(c.query),
  };
}

const gpu = create(['backend=vulkan']);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
// Imported after navigator.gpu exists: the backend registers itself only where WebGPU does.
await import('@tensorflow/tfjs-backend-webgpu');

for (const c of JSON.parse(process.argv[2] ?? '[]') as Case[]) {
  let line: CaseResult;
  try {
    line = await check(c);
  } catch (err) {
    const error = err instanceof Error ? (err.stack ?? err.message) : String(err);
    line = { name: c.name, fused: false, bits: '', again: false, loss: -1, val: -1, error };
  }
  console.log(JSON.stringify(line, (_, v: unknown) => (v === Infinity ? 'Infinity' : v)));
}
process.exit(0);
