import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import { checkRequest, type BatchedOutput, type BatchedRequest } from '../batched';
import { updateChunks } from '../chunkDriver';
import { chunkInputLayout, chunkInputOf, PARAM, PARAM_COUNT, recordWidth } from './analyticKernel';
import { registerProgram, type AnalyticSpec, type FusedAttrs } from './analyticKernel';
import { advanceOnHost } from './cpuAnalytic';
import { FUSED_CHUNK } from './trainFused';

/**
 * `trainFused` on the cpu backend without tfjs: the same chunks, the same `chunkInput` vectors and
 * the same kernel body (`advanceOnHost`, which the cpu backend's kernel runs on its tensors' typed
 * arrays), called on plain typed arrays. The cpu backend stores every tensor as a Float32Array and
 * its kernel reads and writes those arrays directly, so the numbers are the same bit for bit
 * (tests/worker/firstResult.test.ts checks every analytic scene and optimizer against tfjs). This
 * is what lets the worker draw an analytic scene's first figure before tfjs has even loaded.
 */
export function trainOnHost(spec: AnalyticSpec, req: BatchedRequest): BatchedOutput {
  const K = req.lrs.length;
  const T = req.steps;
  const P = spec.dims;
  const { rows, noiseWidth } = checkRequest(req, P);
  const opt = req.optimizer ?? DEFAULT_OPTIMIZER;
  const every = Math.max(1, Math.floor(req.pathEvery ?? 1));
  const recorded = Math.floor(T / every) + 1;
  const chunk = Math.max(1, req.chunk ?? FUSED_CHUNK);
  const losses = Array.from({ length: K }, () => new Float32Array(T + 1));
  const paths = Array.from({ length: K }, () => new Float32Array(recorded * P));
  const W = req.noise && req.noise.some((x) => x !== 0) ? noiseWidth : 0;
  const attrs: FusedAttrs = { scene: spec.scene, optimizer: opt.optimizer, dims: P };
  registerProgram(spec);

  let carry = new Float32Array(K * 3 * P);
  for (let k = 0; k < K; k++) {
    const row = rows ? rows[k]! : (req.start as readonly number[]);
    for (let p = 0; p < P; p++) carry[k * 3 * P + p] = row[p] ?? NaN;
  }
  for (const { t0, t1 } of updateChunks(T, chunk)) {
    const n = t1 - t0;
    const R = recordWidth(n, P);
    const input = chunkInputOf(spec, opt, {
      lrs: req.lrs,
      factors: req.factors,
      noise: req.noise,
      t0,
      n,
      noiseWidth: W,
    });
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
    // The next chunk starts from the output's carry columns, as trainFused slices them.
    const next = new Float32Array(K * 3 * P);
    for (let k = 0; k < K; k++) {
      const rec = out.subarray(k * R, (k + 1) * R);
      next.set(rec.subarray(R - 3 * P), k * 3 * P);
      losses[k]!.set(rec.subarray(0, n + 1), t0);
      if (every === 1) {
        paths[k]!.set(rec.subarray(n + 1, (n + 1) * (1 + P)), t0 * P);
      } else {
        for (let i = (every - (t0 % every)) % every; i <= n; i += every) {
          paths[k]!.set(rec.subarray(n + 1 + i * P, n + 1 + (i + 1) * P), ((t0 + i) / every) * P);
        }
      }
    }
    carry = next;
  }
  return { losses, paths, fused: true };
}
