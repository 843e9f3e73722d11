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
import { pickExperiment } from '../../src/core/experiment';
import { runExperiment, type ExperimentResult } from '../../src/train/experiment';
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
