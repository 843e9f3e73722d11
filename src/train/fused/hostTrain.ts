import type { BatchedOutput, BatchedRequest } from '../batched';
import { updateChunks } from '../chunkDriver';
import {
  chunkInputLayout,
  PARAM,
  PARAM_COUNT,
  recordWidth,
  type AnalyticSpec,
} from './analyticKernel';
import { fusedRequest } from './analyticRequest';
import { advanceOnHost } from './cpuAnalytic';

/**
 * `trainFused` on the cpu backend without tfjs: the same chunks, the same `chunkInput` vectors and
 * the same kernel body (`advanceOnHost`, which the cpu backend's kernel runs on its tensors' typed
 * arrays), called on plain typed arrays. The cpu backend stores every tensor as a Float32Array and
 * its kernel reads and writes those arrays directly, so the numbers are the same bit for bit
 * (tests/worker/firstResult.test.ts checks every analytic scene and optimizer against tfjs). This
 * is what lets the worker draw an analytic scene's first figure before tfjs has even loaded.
 */
export function trainOnHost(spec: AnalyticSpec, req: BatchedRequest): BatchedOutput {
  const { K, T, P, chunk, attrs, losses, paths, ...set } = fusedRequest(spec, req);
  let carry = set.carry;
  for (const { t0, t1 } of updateChunks(T, chunk)) {
    const n = t1 - t0;
    const R = recordWidth(n, P);
    const input = set.chunkInput(t0, n);
    const at = chunkInputLayout(K, input[PARAM.steps]!, input[PARAM.noiseWidth]!);
    const out = new Float32Array(K * R);
    advanceOnHost(attrs, K, {
      carry,
      params: input.subarray(0, PARAM_COUNT),
      lrs: input.subarray(at.lrs, at.sched),
      sched: input.subarray(at.sched, at.noise),
      noise: input.subarray(at.noise, at.length),
      out,
    });
    set.store(t0, n, out);
    // The next chunk starts from the output's carry columns, as trainFused slices them.
    const next = new Float32Array(K * 3 * P);
    for (let k = 0; k < K; k++) next.set(out.subarray((k + 1) * R - 3 * P, (k + 1) * R), k * 3 * P);
    carry = next;
  }
  return { losses, paths, fused: true };
}
