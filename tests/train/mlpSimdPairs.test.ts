import { describe, expect, it } from 'vitest';
import { mlpLayout } from '../../src/core/models/mlp';
import { laneRecordFloats, mlpSimd, recordFloats } from '../../src/train/fused/mlpSimdModule';

/**
 * The SIMD module's loss-only exports (`mse`, `mseLanes`) run two rows per pass of their loop (their
 * forward passes interleaved, src/train/fused/mlpSimdModule.ts); the gradient exports (`grad`,
 * `gradLanes`) one row per pass. Both add each row's term w·(ŷ − y)² (masked, for lane records) to
 * the same per-lane accumulator, in row order, so their loss sums must be equal bit for bit for
 * every number of rows, odd or even, and every lane: any other order of the float32 additions would
 * round differently somewhere over random rows. This is what lets the pairing change no recorded
 * loss (the presets' fingerprints are computed from them).
 */
describe('the SIMD module’s paired loss loop', () => {
  // A seeded uniform stream, so a failure reproduces.
  let seed = 12345;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const layouts = [mlpLayout(4, 4, 2), mlpLayout(4, 16, 1), mlpLayout(3, 5, 0), mlpLayout(2, 3, 3)];
  const C = 2; // eight runs: two lane groups

  for (const layout of layouts) {
    const { P, features: F } = layout;
    const name = `${F}-${layout.width}×${layout.depth}`;
    for (const lanes of [false, true]) {
      it(`${lanes ? 'mseLanes = gradLanes' : 'mse = grad'} in every lane, n = 0…9 and 251 rows (${name})`, () => {
        const { exports, memory } = mlpSimd(layout);
        const Rf = lanes ? laneRecordFloats(F) : recordFloats(F);
        const thetaAt = 0;
        const gradAt = C * P * 4;
        const outAt = 2 * C * P * 4;
        const rowsAt = outAt + 2 * C * 4;
        for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 251]) {
          const floats = rowsAt + (lanes ? C : 1) * n * Rf;
          if (memory.buffer.byteLength < floats * 4) {
            memory.grow(Math.ceil((floats * 4 - memory.buffer.byteLength) / 65536));
          }
          const mem = new Float32Array(memory.buffer);
          const bits = new Int32Array(memory.buffer);
          for (let i = 0; i < C * P * 4; i++) mem[thetaAt + i] = rand() * 2 - 1;
          for (let r = 0; r < (lanes ? C : 1) * n; r++) {
            const d = rowsAt + r * Rf;
            if (lanes) {
              for (let i = 0; i < 4 * (F + 3); i++) mem[d + i] = rand() * 4 - 2;
              // Weights w ≥ 0; some lanes masked off (their rows pad a shorter fold).
              for (let j = 0; j < 4; j++) {
                mem[d + 4 * (F + 1) + j] = rand();
                bits[d + 4 * (F + 3) + j] = rand() < 0.2 ? 0 : -1;
              }
            } else {
              for (let i = 0; i < F + 1; i++) mem[d + i] = rand() * 4 - 2;
              mem[d + F + 1] = rand();
              mem[d + F + 2] = rand();
            }
          }
          const loss = outAt * 4;
          const viaGrad = (outAt + C * 4) * 4;
          if (lanes) {
            exports.mseLanes(thetaAt * 4, rowsAt * 4, n, loss, C);
            exports.gradLanes(thetaAt * 4, gradAt * 4, rowsAt * 4, n, viaGrad, C);
          } else {
            exports.mse(thetaAt * 4, rowsAt * 4, n, loss, C);
            exports.grad(thetaAt * 4, gradAt * 4, rowsAt * 4, n, viaGrad, C);
          }
          const a = Array.from(bits.subarray(outAt, outAt + C * 4));
          const b = Array.from(bits.subarray(outAt + C * 4, outAt + 2 * C * 4));
          expect(a, `n = ${n}`).toEqual(b);
          // Real sums, not all zero.
          if (n > 0) expect(Math.max(...mem.subarray(outAt, outAt + C * 4))).toBeGreaterThan(0);
        }
      });
    }
  }
});
