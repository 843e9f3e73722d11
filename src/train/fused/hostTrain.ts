import type { BatchedOutput, BatchedRequest } from '../batched';
import { updateChunks } from '../chunkDriver';
import { recordWidth, type AnalyticSpec } from './analyticKernel';
import { fusedRequest } from './analyticRequest';
import { advanceOnHost, arraysOf, type HostBackend } from './cpuAnalytic';

/**
 * `trainFused` on the cpu or wasm backend without tfjs: the same chunks, the same `chunkInput`
 * vectors and the same kernel body (`advanceOnHost`, which those backends' kernels run on their
 * tensors' float32 arrays, with the backend's rounding), called on plain typed arrays. Both
 * backends' kernels read and write those arrays directly, so the numbers are the same bit for bit
 * (tests/worker/firstResult.test.ts checks every analytic scene and optimizer against tfjs). This
 * is what lets the worker draw an analytic scene's first figure before tfjs has even loaded.
 */
export function trainOnHost(
  spec: AnalyticSpec,
  req: BatchedRequest,
  backend: HostBackend,
): BatchedOutput {
  const { K, T, P, chunk, attrs, losses, paths, ...set } = fusedRequest(spec, req);
  let carry = set.carry;
  for (const { t0, t1 } of updateChunks(T, chunk)) {
    const n = t1 - t0;
    const out = new Float32Array(K * recordWidth(n, P));
    advanceOnHost(attrs, K, arraysOf(K, carry, set.chunkInput(t0, n), out), backend);
    set.store(t0, n, out);
    carry = set.nextCarry(n, out);
  }
  return { losses, paths, fused: true };
}
