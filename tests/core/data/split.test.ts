import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  foldSplit,
  identity,
  kFolds,
  shuffleInPlace,
  splitIndices,
  splitSizes,
  type SplitRatios,
} from '../../../src/core/data/split';
import { stream } from '../../../src/core/rng';

const R = (train: number, val: number, test: number): SplitRatios => ({ train, val, test });

/** The parts' rows, sorted, must be exactly 0…n−1: disjoint (no repeats) and covering. */
function expectPartition(parts: readonly Int32Array[], n: number): void {
  const all = parts.flatMap((p) => Array.from(p)).sort((a, b) => a - b);
  expect(all).toEqual(Array.from({ length: n }, (_, i) => i));
}

describe('shuffleInPlace (Fisher–Yates)', () => {
  it('draws each of the 3! orders equally often', () => {
    // 60000 shuffles of [0, 1, 2] from one stream: each order expected 10000 times. χ² with 5
    // degrees of freedom exceeds 25.7 with probability 1e-4; the classic mistake (swap each a[i]
    // with j uniform on 0…n−1) gives three orders 5/27 and three 4/27, expected χ² ≈ 740 here.
    const rng = stream(2024, 'shuffle');
    const counts = new Map<string, number>();
    const N = 60000;
    for (let t = 0; t < N; t++) {
      const key = Array.from(shuffleInPlace(identity(3), rng)).join('');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(6);
    let chi2 = 0;
    for (const c of counts.values()) chi2 += (c - N / 6) ** 2 / (N / 6);
    expect(chi2).toBeLessThan(25.7);
  });

  it('uses n − 1 draws', () => {
    const a = stream(1, 'split');
    shuffleInPlace(identity(10), a);
    const b = stream(1, 'split');
    for (let i = 0; i < 9; i++) b();
    expect(a()).toBe(b());
  });
});

describe('splitSizes', () => {
  it.each([
    // [n, ratios, train, val, test] — derivations:
    [100, R(0.8, 0.1, 0.1), 80, 10, 10], // 100·0.1 = 10
    [10, R(0.7, 0.15, 0.15), 6, 2, 2], // 10·0.15 = 1.5 → 2 (halves round up)
    [392, R(0.7, 0.15, 0.15), 274, 59, 59], // 392·0.15 = 58.8 → 59; 392 − 118 = 274
    [10, R(0.8, 0.2, 0), 8, 2, 0], // ratio 0 → empty
    [10, R(0.95, 0.02, 0.03), 8, 1, 1], // 0.2 → 0 and 0.3 → 0, raised to the minimum 1
    [3, R(0.8, 0.1, 0.1), 1, 1, 1], // every positive part gets its one row
    [2, R(0.8, 0.1, 0.1), 1, 1, 0], // rows for train, then val; none left for test
    [1, R(0.8, 0.1, 0.1), 1, 0, 0], // train first
    [0, R(0.8, 0.1, 0.1), 0, 0, 0],
    [10, R(0.1, 0.45, 0.45), 1, 4, 5], // 4.5 → 5 each would leave train 0: test 5, val gets 4
    [1, R(1, 0, 0), 1, 0, 0],
  ])('n = %i, %o → %i/%i/%i', (n, r, train, val, test) => {
    expect(splitSizes(n, r)).toEqual({ train, val, test });
  });

  it('sums to n, keeps train non-empty, and rounds n·ratio when the guards do not bind', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2000 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, train, a) => {
          const val = (1 - train) * a;
          const r = R(train, val, 1 - train - val);
          const s = splitSizes(n, r);
          expect(s.train + s.val + s.test).toBe(n);
          expect(Math.min(s.train, s.val, s.test)).toBeGreaterThanOrEqual(0);
          if (n >= 1) expect(s.train).toBeGreaterThanOrEqual(1);
          const positive = [r.val, r.test].filter((x) => x > 0).length;
          if (n >= 1 + positive) {
            if (r.val > 0) expect(s.val).toBeGreaterThanOrEqual(1);
            if (r.test > 0) expect(s.test).toBeGreaterThanOrEqual(1);
          }
          // With n·r_train ≥ 2 the rounded val and test (each ≤ n·r + ½) leave train ≥ 1.
          if (n * r.train >= 2 && n * r.val >= 0.5 && n * r.test >= 0.5) {
            expect(s.test).toBe(Math.round(n * r.test));
            expect(s.val).toBe(Math.round(n * r.val));
          }
        },
      ),
    );
  });

  it('rejects ratios that are negative, do not sum to 1, or leave nothing to train on', () => {
    expect(() => splitSizes(10, R(0.8, 0.3, -0.1))).toThrow(RangeError);
    expect(() => splitSizes(10, R(0.8, 0.1, 0.2))).toThrow(RangeError);
    expect(() => splitSizes(10, R(0, 0.5, 0.5))).toThrow(RangeError);
    expect(() => splitSizes(10, R(NaN, 0.5, 0.5))).toThrow(RangeError);
    expect(() => splitSizes(-1, R(0.8, 0.1, 0.1))).toThrow(RangeError);
    expect(() => splitSizes(2.5, R(0.8, 0.1, 0.1))).toThrow(RangeError);
  });
});

describe('splitIndices', () => {
  it('gives disjoint train, validation and test sets that cover every row', () => {
    for (const n of [0, 1, 2, 3, 10, 97, 392]) {
      for (const seed of [0, 1, 42069]) {
        const s = splitIndices(n, R(0.7, 0.15, 0.15), seed);
        expectPartition([s.train, s.val, s.test], n);
        const sizes = splitSizes(n, R(0.7, 0.15, 0.15));
        expect([s.train.length, s.val.length, s.test.length]).toEqual([
          sizes.train,
          sizes.val,
          sizes.test,
        ]);
      }
    }
  });

  it('is one permutation from the "split" stream, cut train | val | test', () => {
    const perm = shuffleInPlace(identity(50), stream(8, 'split'));
    const s = splitIndices(50, R(0.6, 0.2, 0.2), 8);
    expect(Array.from(s.train)).toEqual(Array.from(perm.subarray(0, 30)));
    expect(Array.from(s.val)).toEqual(Array.from(perm.subarray(30, 40)));
    expect(Array.from(s.test)).toEqual(Array.from(perm.subarray(40)));
  });

  it('is reproducible and depends on the seed', () => {
    const a = splitIndices(100, R(0.8, 0.1, 0.1), 3);
    expect(splitIndices(100, R(0.8, 0.1, 0.1), 3)).toEqual(a);
    expect(splitIndices(100, R(0.8, 0.1, 0.1), 4).test).not.toEqual(a.test);
  });
});

describe('kFolds', () => {
  it('cuts the given order into k disjoint, covering folds, sizes differing by ≤ 1', () => {
    for (const n of [2, 3, 10, 11, 333]) {
      const indices = shuffleInPlace(identity(n), stream(n, 'split'));
      for (let k = 2; k <= Math.min(10, n); k++) {
        const folds = kFolds(indices, k);
        expect(folds).toHaveLength(k);
        expectPartition(folds, n);
        // In order: the folds, concatenated, are the input.
        expect(folds.flatMap((f) => Array.from(f))).toEqual(Array.from(indices));
        // n = qk + r: the first r folds have q + 1 rows, the rest q.
        const q = Math.floor(n / k);
        const r = n % k;
        expect(folds.map((f) => f.length)).toEqual(
          Array.from({ length: k }, (_, i) => (i < r ? q + 1 : q)),
        );
      }
    }
  });

  it('has equal folds when k divides n, e.g. 10 = 5·2', () => {
    expect(kFolds(identity(10), 5).map((f) => Array.from(f))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
      [6, 7],
      [8, 9],
    ]);
    // 10 = 3·3 + 1: the first fold gets the extra row.
    expect(kFolds(identity(10), 3).map((f) => f.length)).toEqual([4, 3, 3]);
  });

  it('rejects k outside 2…n', () => {
    expect(() => kFolds(identity(10), 1)).toThrow(RangeError);
    expect(() => kFolds(identity(10), 11)).toThrow(RangeError);
    expect(() => kFolds(identity(10), 2.5)).toThrow(RangeError);
    expect(kFolds(identity(10), 10).every((f) => f.length === 1)).toBe(true);
  });
});

describe('foldSplit', () => {
  it('holds out fold i and trains on all the others; each row is held out exactly once', () => {
    const indices = shuffleInPlace(identity(23), stream(5, 'split'));
    const folds = kFolds(indices, 5);
    const heldOut: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { train, val } = foldSplit(folds, i);
      expectPartition([train, val], 23);
      expect(val).toEqual(folds[i]);
      expect(Array.from(train)).toEqual(
        folds.filter((_, j) => j !== i).flatMap((f) => Array.from(f)),
      );
      heldOut.push(...val);
    }
    expect(heldOut.sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('rejects a fold that does not exist', () => {
    const folds = kFolds(identity(6), 3);
    expect(() => foldSplit(folds, 3)).toThrow(RangeError);
    expect(() => foldSplit(folds, -1)).toThrow(RangeError);
  });
});
