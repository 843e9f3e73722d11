import { describe, expect, it } from 'vitest';
import { mlpLayout } from '../../src/core/models/mlp';
import {
  groupRecordFloats,
  mlpSimd,
  recordFloats,
  simdSupported,
} from '../../src/train/fused/mlpSimdModule';

/**
 * `mseRows` (one run, four rows per instruction) must give the very bits `mse` (four runs, one row
 * per instruction) gives in that run's lane: the trainer picks either by K alone, and a link's
 * fingerprint must not depend on which ran. Each row's term is the same float32 operations in the
 * same order, and the terms are added to the sum in row order in both, so equality is exact; a
 * sum in another order (say each group's lanes 3 to 0, or four partial sums) differs in the last
 * bits for most of these row counts, which is what makes this test able to fail.
 */
describe.skipIf(!simdSupported())('mseRows = mse in every lane, bit for bit', () => {
  // A small deterministic generator (a linear congruential one; values in [−2, 2)).
  const gen = (seed: number) => {
    let s = seed >>> 0;
    return () => {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      return (s / 2 ** 32) * 4 - 2;
    };
  };
  const shapes = [
    [4, 4, 2],
    [4, 16, 1],
    [3, 3, 3],
    [7, 8, 0],
  ] as const;
  for (const [F, H, depth] of shapes) {
    for (const n of [0, 1, 2, 3, 4, 5, 7, 9, 251]) {
      it(`${F} features, ${H} × ${depth}, ${n} rows`, () => {
        const layout = mlpLayout(F, H, depth);
        const { P } = layout;
        const sm = mlpSimd(layout);
        const rand = gen(F * 1000 + H * 100 + depth * 10 + n);
        const x = Float32Array.from({ length: n * F }, rand);
        const y = Float32Array.from({ length: n }, rand);
        // θ of four runs, chunk-major [P][4]; the rows as plain records, then as row groups.
        const R = recordFloats(F);
        const G = groupRecordFloats(F);
        const plainAt = 4 * P + 16;
        const groupAt = plainAt + n * R;
        const outAt = groupAt + Math.ceil(n / 4) * G;
        const floats = outAt + 8;
        const have = sm.memory.buffer.byteLength;
        if (have < floats * 4) sm.memory.grow(Math.ceil((floats * 4 - have) / 65536));
        const mem = new Float32Array(sm.memory.buffer);
        const mask = new Int32Array(sm.memory.buffer);
        for (let i = 0; i < 4 * P; i++) mem[i] = rand() * 0.7;
        mem.fill(0, groupAt, outAt);
        for (let s = 0; s < n; s++) {
          for (let i = 0; i < F; i++) mem[plainAt + s * R + i] = x[s * F + i]!;
          mem[plainAt + s * R + F] = y[s]!;
          mem[plainAt + s * R + F + 1] = 1;
          mem[plainAt + s * R + F + 2] = Math.fround(2 / n);
          const d = groupAt + (s >> 2) * G + (s & 3);
          for (let i = 0; i < F; i++) mem[d + 4 * i] = x[s * F + i]!;
          mem[d + 4 * F] = y[s]!;
          mem[d + 4 * (F + 1)] = 1;
          mem[d + 4 * (F + 2)] = Math.fround(2 / n);
          mask[d + 4 * (F + 3)] = -1;
        }
        sm.exports.mse(0, plainAt * 4, n, outAt * 4, 1);
        for (let lane = 0; lane < 4; lane++) {
          sm.exports.mseRows(lane * 4, groupAt * 4, Math.ceil(n / 4), (outAt + 4 + lane) * 4);
        }
        const runWise = Array.from(mem.subarray(outAt, outAt + 4));
        const rowWise = Array.from(mem.subarray(outAt + 4, outAt + 8));
        expect(rowWise).toEqual(runWise);
        if (n > 0) expect(runWise.every((v) => v > 0)).toBe(true);
      });
    }
  }
});
