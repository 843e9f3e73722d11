/**
 * The worker's first result of a WebGPU request (src/worker/firstResult.ts: the fused analytic
 * kernel's WGSL dispatched on the worker's device without tfjs, src/train/fused/deviceAnalytic.ts)
 * against the training service's result for the same request, on tfjs' WebGPU backend started on
 * that same device (src/worker/gpuDevice.ts shareDevice), as the worker does. Prints one JSON line
 * per case: hashes of the two messages' `resultBits`, which must be equal. Run by
 * tests/worker/firstResultWebgpu.test.ts in a child process (tests/helpers/dawn.ts).
 */
import { createHash } from 'node:crypto';
import * as tf from '@tensorflow/tfjs';
import { create, globals } from 'webgpu';
import type { Experiment } from '../../src/core/experiment';
import type { FromWorker } from '../../src/protocol/messages';
import { createFirstResults, hostResult } from '../../src/worker/firstResult';
import { gpuDevice, shareDevice } from '../../src/worker/gpuDevice';
import { createTrainService } from '../../src/worker/trainService';
import { resultBits } from '../helpers/resultBits';

export interface Case {
  readonly name: string;
  readonly experiment: Experiment;
}

export interface CaseResult {
  readonly name: string;
  /** SHA-256 of resultBits of the worker entry's message; absent if it did not answer. */
  readonly host?: string;
  readonly service?: string;
  /** Where the two first differ, with some context, if they do. */
  readonly differs?: string;
  /** The lost-device case: messages the worker entry posted. */
  readonly posted?: number;
  readonly backend?: string;
  readonly error?: string;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const gpu = create(['backend=vulkan']);
Object.assign(globalThis, globals);
Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true });
// Imported after navigator.gpu exists: the backend registers itself only where WebGPU does.
const { WebGPUBackend } = await import('@tensorflow/tfjs-backend-webgpu');

const out: FromWorker[] = [];
// The idle probe is not what is compared: it is put off beyond the check.
const service = createTrainService(
  tf,
  (m) => out.push(m),
  () => performance.now(),
  { idleMs: 600_000 },
);

async function check(c: Case, gen: number): Promise<CaseResult> {
  const msg = { type: 'train', gen, experiment: c.experiment, backend: 'webgpu' } as const;
  const host = await hostResult(msg, () => performance.now(), 0);
  service.receive(msg);
  let m: FromWorker | undefined;
  for (let i = 0; i < 6000 && !m; i++) {
    await new Promise((r) => setTimeout(r, 5));
    m = out.find((x) => (x.type === 'result' || x.type === 'error') && x.gen === gen);
  }
  if (m?.type !== 'result') return { name: c.name, error: `service: ${JSON.stringify(m)}` };
  const [a, b] = [host ? resultBits(host) : '', resultBits(m)];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return {
    name: c.name,
    ...(host ? { host: sha256(a) } : {}),
    service: sha256(b),
    ...(a === b ? {} : { differs: `${a.slice(i - 80, i + 80)} ≠ ${b.slice(i - 80, i + 80)}` }),
    backend: tf.getBackend(),
  };
}

const cases = JSON.parse(process.argv[2] ?? '[]') as Case[];
// The worker's order: the device is asked for by the first request, then tfjs adopts it.
if (!(await gpuDevice())) throw new Error('no WebGPU device');
shareDevice(tf, WebGPUBackend);
for (const [i, c] of cases.entries()) {
  let line: CaseResult;
  try {
    line = await check(c, i + 1);
  } catch (err) {
    line = { name: c.name, error: err instanceof Error ? (err.stack ?? err.message) : String(err) };
  }
  console.log(JSON.stringify(line));
}

/**
 * A device lost in the middle of the entry's training (destroyed as the training asks it for its
 * first command encoder, as tests/e2e/faults.spec.ts loses tfjs' device): the entry posts nothing,
 * and its answer settles, so the service loads and trains the request.
 */
async function lostMidRun(experiment: Experiment): Promise<CaseResult> {
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter!.requestDevice();
  const encoder = device.createCommandEncoder.bind(device);
  device.createCommandEncoder = (...args) => {
    device.destroy();
    return encoder(...args);
  };
  const posted: FromWorker[] = [];
  const first = createFirstResults(
    (m) => posted.push(m),
    () => performance.now(),
    0,
    () => Promise.resolve({ device, info: adapter!.info }),
  );
  await first.take({ type: 'train', gen: 1, experiment, backend: 'webgpu' });
  return { name: 'device lost mid-run', posted: posted.length };
}
if (cases[0]) console.log(JSON.stringify(await lostMidRun(cases[0].experiment)));
process.exit(0);
