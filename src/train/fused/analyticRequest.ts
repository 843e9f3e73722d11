import { DEFAULT_OPTIMIZER } from '../../core/optimizers';
import { checkRequest, type BatchedRequest } from '../batched';
import { chunkInputOf, recordWidth, registerProgram } from './analyticKernel';
import type { AnalyticSpec, FusedAttrs } from './analyticKernel';

/**
 * Steps per kernel call when the request does not say: a 500-step trajectory is one dispatch and
 * one read-back, and cancellation is still checked every few milliseconds of work.
 */
export const FUSED_CHUNK = 512;

/**
 * One request to the fused analytic kernel, set up once for both of its callers: `trainFused`
 * (tfjs tensors, any backend) and `trainOnHost` (the cpu kernel's body on plain typed arrays,
 * before tfjs has loaded). The worker's first figure is the host's result and the service's must
 * be the same bit for bit (tests/worker/firstResult.test.ts), so everything that decides a number
 * (the kernel's attributes, each chunk's input vector, where each chunk's record lands) lives here
 * and nowhere else; the callers only move the carry and the record.
 */
export interface FusedRequest {
  /** Runs, steps, and the scene's dimension. */
  readonly K: number;
  readonly T: number;
  readonly P: number;
  /** Steps per kernel call. */
  readonly chunk: number;
  readonly attrs: FusedAttrs;
  /** The first chunk's carry, K rows of 3·P: the start θ₀ of each run, its optimizer state zero. */
  readonly carry: Float32Array;
  /** Per run: the loss at steps 0 … T, and the path θ at every `pathEvery`-th step. */
  readonly losses: Float32Array[];
  readonly paths: Float32Array[];
  /** The kernel's `chunkInput` vector for steps t0 … t0 + n. */
  chunkInput(t0: number, n: number): Float32Array;
  /** Copies one chunk's output (K records of recordWidth(n, P)) into `losses` and `paths`. */
  store(t0: number, n: number, data: Float32Array): void;
  /**
   * The next chunk's carry from a chunk's output read back on the host: each record's last 3P
   * numbers (trainFused slices the same columns on the device).
   */
  nextCarry(n: number, data: Float32Array): Float32Array;
}

/** Checks the request (`checkRequest`), registers the scene's program and sets the request up. */
export function fusedRequest(spec: AnalyticSpec, req: BatchedRequest): FusedRequest {
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
  // The unfused trainer adds noise only when some of it is non-zero; so does the kernel (W = 0).
  const W = req.noise && req.noise.some((x) => x !== 0) ? noiseWidth : 0;
  const attrs: FusedAttrs = { scene: spec.scene, optimizer: opt.optimizer, dims: P };
  registerProgram(spec);

  const carry = new Float32Array(K * 3 * P);
  for (let k = 0; k < K; k++) {
    const row = rows ? rows[k]! : (req.start as readonly number[]);
    for (let p = 0; p < P; p++) carry[k * 3 * P + p] = row[p] ?? NaN;
  }
  return {
    K,
    T,
    P,
    chunk,
    attrs,
    carry,
    losses,
    paths,
    chunkInput: (t0, n) =>
      chunkInputOf(spec, opt, {
        lrs: req.lrs,
        factors: req.factors,
        noise: req.noise,
        t0,
        n,
        noiseWidth: W,
      }),
    nextCarry: (n, data) => {
      const R = recordWidth(n, P);
      const next = new Float32Array(K * 3 * P);
      for (let k = 0; k < K; k++)
        next.set(data.subarray((k + 1) * R - 3 * P, (k + 1) * R), k * 3 * P);
      return next;
    },
    store: (t0, n, data) => {
      const R = recordWidth(n, P);
      for (let k = 0; k < K; k++) {
        const rec = data.subarray(k * R, (k + 1) * R);
        losses[k]!.set(rec.subarray(0, n + 1), t0);
        if (every === 1) {
          // The chunk's path θ_t0 … θ_t0+n is contiguous in the record and in the output.
          paths[k]!.set(rec.subarray(n + 1, (n + 1) * (1 + P)), t0 * P);
        } else {
          for (let i = (every - (t0 % every)) % every; i <= n; i += every) {
            paths[k]!.set(rec.subarray(n + 1 + i * P, n + 1 + (i + 1) * P), ((t0 + i) / every) * P);
          }
        }
      }
    },
  };
}
