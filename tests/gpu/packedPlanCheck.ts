/**
 * For each link, the packed steps the worker entry plans to compile before tfjs loads
 * (src/train/fused/packedPlan.ts) against those the page's training then runs: compiles the
 * planned ones ahead (src/train/fused/aheadPipelines.ts), trains the link as the training service
 * does (runExperiment, fused, its curves streamed) on WebGPU, and records the shape of every
 * packed step dispatched and whether tfjs compiled one of its own. Stops once every planned step
 * has run (a link that plans none after its first chunk). Prints one JSON line per link. Run by tests/train/packedPlan.test.ts in a
 * child process (tests/helpers/dawn.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { create, globals } from 'webgpu';
import { pickExperiment } from '../../src/core/experiment';
import { runExperiment } from '../../src/train/experiment';
import { PACKED_MLP_KERNEL, type PackedStepAttrs } from '../../src/train/fused/packedMlp';
import { plannedPackedShapes } from '../../src/train/fused/packedPlan';
import { compilePackedAhead, packedShaderKey } from '../../src/train/fused/webgpuMlp';
import type { TF } from '../../src/train/tf';
import { decode } from '../../src/url/codec';

export interface PlanResult {
  readonly query: string;
  /** The planned steps' keys, and those the training dispatched, each sorted, without repeats. */
  readonly planned: readonly string[];
  readonly used: readonly string[];
  /** tfjs' own compiles of a packed step during the training. */
  readonly compiles: number;
  readonly error?: string;
}

const gpu = create(['backend=vulkan']);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
// Imported after navigator.gpu exists: the backend registers itself only where WebGPU does.
await import('@tensorflow/tfjs-backend-webgpu');
if (!(await tf.setBackend('webgpu'))) throw new Error('webgpu did not start');
const backend = tf.backend() as unknown as {
  device: GPUDevice;
  adapterInfo: { architecture: string };
};
const engine = tf.engine() as unknown as { runKernel: (n: string, ...r: unknown[]) => unknown };
const runKernel = engine.runKernel;
const proto = Object.getPrototypeOf(backend.device) as GPUDevice;
const createComputePipeline = proto.createComputePipeline;

async function check(query: string): Promise<PlanResult> {
  const exp = pickExperiment(decode(query).state);
  const shapes = plannedPackedShapes(exp, backend.adapterInfo.architecture);
  const planned = [...new Set(shapes.map(packedShaderKey))].sort();
  compilePackedAhead(backend.device, shapes);
  const used = new Set<string>();
  let compiles = 0;
  engine.runKernel = function (name, inputs, attrs) {
    if (name === PACKED_MLP_KERNEL) used.add(packedShaderKey((attrs as PackedStepAttrs).shape));
    return runKernel.call(this, name, inputs, attrs);
  };
  proto.createComputePipeline = function (this: GPUDevice, d: GPUComputePipelineDescriptor) {
    if (d.label === 'PackedMlpProgram') compiles++;
    return createComputePipeline.call(this, d);
  };
  try {
    await runExperiment(tf as unknown as TF, exp, {
      now: () => performance.now(),
      fused: true,
      onPartial: () => {},
      // Polled after each chunk: a step that runs has run by the first poll.
      cancelled: () => planned.every((k) => used.has(k)),
    });
  } finally {
    engine.runKernel = runKernel;
    proto.createComputePipeline = createComputePipeline;
  }
  return { query, planned, used: [...used].sort(), compiles };
}

for (const query of JSON.parse(process.argv[2] ?? '[]') as string[]) {
  let line: PlanResult;
  try {
    line = await check(query);
  } catch (err) {
    line = { query, planned: [], used: [], compiles: -1, error: String(err) };
  }
  console.log(JSON.stringify(line));
}
process.exit(0);
