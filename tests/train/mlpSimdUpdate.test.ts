import { describe, expect, it } from 'vitest';
import { mlpLayout } from '../../src/core/models/mlp';
import { DEFAULT_OPTIMIZER, OPTIMIZERS, type OptimizerSpec } from '../../src/core/optimizers';
import { mlpSimd, simdSupported } from '../../src/train/fused/mlpSimdModule';
import { runUpdate } from '../../src/train/fused/mlpSimdUpdate';
import { updateRun, type MlpStepIo } from '../../src/train/fused/mlpStep';
import { STATE_COUNT } from '../../src/train/optimizers';

/**
 * The module's optimizer update (src/train/fused/mlpSimdUpdate.ts) must store the very bits the
 * scalar body's `updateRun` stores, for every optimizer, with and without gradient noise: the SIMD
 * body keeps θ and the state in the module between steps, and a link's fingerprint must not
 * depend on which body trained it. The inputs mix ordinary values with the ones where float64
 * order and rounding show: ±0, subnormals, huge values, infinities and NaN.
 */
describe.skipIf(!simdSupported())('update_<optimizer> = updateRun, bit for bit', () => {
  const gen = (seed: number) => {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return s / 2 ** 32;
    };
  };
  const SPECIAL = [0, -0, 1e-40, -3e-39, 3e38, -Infinity, Infinity, NaN, 1, -1];
  const layout = mlpLayout(3, 4, 1);
  const { P } = layout;
  const spec: OptimizerSpec = {
    ...DEFAULT_OPTIMIZER,
    beta: 0.9,
    beta1: 0.85,
    beta2: 0.995,
    rho: 0.93,
    eps: 1e-7,
    weightDecay: 0.013,
  };
  for (const kind of OPTIMIZERS) {
    for (const noisy of [false, true]) {
      it(`${kind}${noisy ? ' with noise' : ''}`, () => {
        const K = 7;
        const C = 2;
        const rand = gen(kind.length * 97 + (noisy ? 1 : 0));
        const value = () => {
          const r = rand();
          return r < 0.1 ? SPECIAL[Math.floor(rand() * SPECIAL.length)]! : (r - 0.5) * 8;
        };
        const f32 = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
        const theta = f32(K * P, value);
        const grad = f32(K * P, value);
        const states = Array.from({ length: STATE_COUNT[kind] }, () =>
          f32(K * P, () => Math.abs(value())),
        );
        const lr = f32(K, () => rand() * 0.5);
        const noise = noisy ? f32(P, value) : null;
        const factor = 0.7;
        const step = 3;
        // The scalar body, run by run.
        const io = {
          K,
          theta,
          lr,
          factor,
          step,
          state: states,
          thetaOut: new Float32Array(K * P),
          stateOut: states.map(() => new Float32Array(K * P)),
          noise,
          noiseOffset: 0,
          noisePerRun: false,
        } as unknown as MlpStepIo;
        const c1 = 1 - spec.beta1 ** step;
        const c2 = 1 - spec.beta2 ** step;
        for (let k = 0; k < K; k++) {
          const g = Float64Array.from(grad.subarray(k * P, (k + 1) * P));
          updateRun({ ...spec, optimizer: kind }, io, k, P, g, c1, c2);
        }
        // The module, on the same numbers in its layout [C][P][4].
        const sm = mlpSimd(layout);
        const A = C * P * 4;
        const floats = 12 * A;
        const have = sm.memory.buffer.byteLength;
        if (have < floats * 4) sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
        const mem = new Float32Array(sm.memory.buffer);
        mem.fill(0, 0, floats);
        const put = (at: number, src: Float32Array, width: number, perRun = true) => {
          for (let k = 0; k < 4 * C; k++) {
            for (let p = 0; p < width; p++) {
              const v = k < K ? src[(perRun ? k * width : 0) + p]! : 0;
              mem[at + (k >> 2) * width * 4 + 4 * p + (k & 3)] = v;
            }
          }
        };
        const get = (at: number) =>
          Float32Array.from({ length: K * P }, (_, i) => {
            const k = Math.floor(i / P);
            return mem[at + (k >> 2) * P * 4 + 4 * (i % P) + (k & 3)]!;
          });
        put(0, theta, P);
        put(2 * A, grad, P);
        states.forEach((s, j) => put((3 + 2 * j) * A, s, P));
        if (noise) put(7 * A, noise, P, false);
        put(8 * A, lr, 1);
        const bytes = (floats: number) => floats * 4;
        runUpdate(
          sm.exports,
          { ...spec, optimizer: kind },
          {
            th: 0,
            thOut: bytes(A),
            g: bytes(2 * A),
            s0: bytes(3 * A),
            s0Out: bytes(4 * A),
            s1: bytes(5 * A),
            s1Out: bytes(6 * A),
            lr: bytes(8 * A),
            noise: noise ? bytes(7 * A) : 0,
          },
          C,
          factor,
          step,
        );
        const bits = (x: Float32Array) => Array.from(new Uint32Array(x.slice().buffer));
        expect(bits(get(A))).toEqual(bits(io.thetaOut!));
        states.forEach((_, j) => {
          expect(bits(get((4 + 2 * j) * A))).toEqual(bits(io.stateOut[j]!));
        });
      });
    }
  }
});
