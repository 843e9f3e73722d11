import { describe, expect, it } from 'vitest';
import {
  batchSchedule,
  type BatchSchedule,
  type LoaderOptions,
} from '../../../src/core/data/loader';
import { identity, shuffleInPlace } from '../../../src/core/data/split';
import { stream } from '../../../src/core/rng';

const opts = (batchSize: number, shuffle = true, dropLast = false): LoaderOptions => ({
  batchSize,
  shuffle,
  dropLast,
});

/** Step t's real samples (weight 1), in slot order. */
function batch(s: BatchSchedule, t: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < s.B; j++) if (s.weight[t * s.B + j] === 1) out.push(s.idx[t * s.B + j]!);
  return out;
}

/** The real samples of every step of epoch e, concatenated in order. */
function epochOrder(s: BatchSchedule, e: number): number[] {
  const out: number[] = [];
  for (let t = 0; t < s.steps; t++) if (s.epochOf[t] === e) out.push(...batch(s, t));
  return out;
}

const sorted = (a: ArrayLike<number>) => Array.from(a).sort((x, y) => x - y);

// A training split's rows are arbitrary indices into the data set, not 0…n−1.
const rows = Int32Array.from([40, 3, 17, 8, 22, 31, 5]); // n = 7

describe('batchSchedule', () => {
  it('visits every sample exactly once per epoch, for every batch size', () => {
    for (const shuffle of [true, false]) {
      for (let B = 1; B <= 9; B++) {
        const s = batchSchedule(rows, opts(B, shuffle), 1, 40);
        const epochs = Math.floor(40 / s.batchesPerEpoch); // complete epochs only
        for (let e = 0; e < epochs; e++) {
          expect(sorted(epochOrder(s, e)), `B=${B} shuffle=${shuffle} epoch ${e}`).toEqual(
            sorted(rows),
          );
        }
      }
    }
  });

  it('at batch size 1: one sample per step, n steps per epoch', () => {
    const s = batchSchedule(rows, opts(1), 2, 14);
    expect([s.B, s.batchesPerEpoch]).toEqual([1, 7]);
    expect(s.weight.every((w) => w === 1)).toBe(true);
    expect(Array.from(s.epochOf)).toEqual([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('at batch size n − 1: a full batch, then 1 sample padded with weight 0, or dropped', () => {
    // 7 = 6 + 1: without dropLast the second batch has 1 real sample and 5 padding slots, which
    // repeat its first index; with dropLast each epoch is one batch of 6 and skips one sample.
    const keep = batchSchedule(rows, opts(6), 3, 6);
    expect([keep.B, keep.batchesPerEpoch]).toEqual([6, 2]);
    expect(Array.from(keep.weight.subarray(0, 6))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(Array.from(keep.weight.subarray(6, 12))).toEqual([1, 0, 0, 0, 0, 0]);
    const tail = keep.idx.subarray(6, 12);
    expect(tail.every((i) => i === tail[0])).toBe(true);

    const drop = batchSchedule(rows, opts(6, true, true), 3, 6);
    expect([drop.B, drop.batchesPerEpoch]).toEqual([6, 1]);
    expect(drop.weight.every((w) => w === 1)).toBe(true);
    expect(Array.from(drop.epochOf)).toEqual([0, 1, 2, 3, 4, 5]);
    for (let e = 0; e < 6; e++) {
      const b = batch(drop, e);
      expect(new Set(b).size).toBe(6);
      expect(b.every((i) => rows.includes(i))).toBe(true);
    }
    // Same seed, same stream: each dropLast epoch is the first 6 of the kept epoch's order.
    for (let e = 0; e < 3; e++) expect(batch(drop, e)).toEqual(batch(keep, 2 * e));
  });

  it('at batch size n and above: the full set every step, drop-last or not', () => {
    for (const size of [7, 8, 1000]) {
      for (const dropLast of [false, true]) {
        const s = batchSchedule(rows, opts(size, true, dropLast), 4, 5);
        expect([s.B, s.batchesPerEpoch]).toEqual([7, 1]);
        expect(Array.from(s.epochOf)).toEqual([0, 1, 2, 3, 4]);
        for (let t = 0; t < 5; t++) expect(sorted(batch(s, t))).toEqual(sorted(rows));
      }
    }
  });

  it('with dropLast, uses ⌊n/B⌋·B distinct samples per epoch', () => {
    const idx = identity(23);
    const s = batchSchedule(idx, opts(5, true, true), 9, 40);
    expect(s.batchesPerEpoch).toBe(4); // ⌊23/5⌋
    expect(s.weight.every((w) => w === 1)).toBe(true);
    for (let e = 0; e < 10; e++) {
      const order = epochOrder(s, e);
      expect(order).toHaveLength(20);
      expect(new Set(order).size).toBe(20);
    }
  });

  it('gives the same batches for the same seed, another order for another seed', () => {
    const idx = identity(50);
    const a = batchSchedule(idx, opts(8), 42069, 100);
    expect(batchSchedule(idx, opts(8), 42069, 100)).toEqual(a);
    const b = batchSchedule(idx, opts(8), 42070, 100);
    expect(epochOrder(b, 0)).not.toEqual(epochOrder(a, 0));
    expect(sorted(epochOrder(b, 0))).toEqual(sorted(epochOrder(a, 0)));
  });

  it('reshuffles each epoch: epoch e is the e-th permutation from the "shuffle" stream', () => {
    const idx = identity(50);
    const s = batchSchedule(idx, opts(8), 7, 35); // 7 batches per epoch: epochs 0…4
    const rng = stream(7, 'shuffle');
    for (let e = 0; e < 5; e++) {
      expect(epochOrder(s, e)).toEqual(Array.from(shuffleInPlace(idx.slice(), rng)));
    }
    expect(epochOrder(s, 1)).not.toEqual(epochOrder(s, 0));
  });

  it('without shuffle keeps the given order every epoch and ignores the seed', () => {
    const s = batchSchedule(rows, opts(3, false), 1, 9);
    for (let e = 0; e < 3; e++) expect(epochOrder(s, e)).toEqual(Array.from(rows));
    expect(batchSchedule(rows, opts(3, false), 2, 9)).toEqual(s);
  });

  it('is prefix-stable: a longer schedule begins with the shorter one', () => {
    for (const o of [opts(8), opts(8, true, true), opts(1), opts(50)]) {
      const short = batchSchedule(identity(50), o, 5, 13);
      const long = batchSchedule(identity(50), o, 5, 200);
      const cells = 13 * short.B;
      expect(long.idx.subarray(0, cells)).toEqual(short.idx);
      expect(long.weight.subarray(0, cells)).toEqual(short.weight);
      expect(long.epochOf.subarray(0, 13)).toEqual(short.epochOf);
    }
  });

  it('has steps×B entries and no steps for steps = 0', () => {
    const s = batchSchedule(rows, opts(3), 1, 10);
    expect([s.idx.length, s.weight.length, s.epochOf.length]).toEqual([30, 30, 10]);
    expect(batchSchedule(rows, opts(3), 1, 0).idx).toHaveLength(0);
  });

  it('rejects an empty set, a batch size below 1 or fractional, and negative steps', () => {
    expect(() => batchSchedule(new Int32Array(0), opts(1), 1, 5)).toThrow(RangeError);
    expect(() => batchSchedule(rows, opts(0), 1, 5)).toThrow(RangeError);
    expect(() => batchSchedule(rows, opts(1.5), 1, 5)).toThrow(RangeError);
    expect(() => batchSchedule(rows, opts(2), 1, -1)).toThrow(RangeError);
  });
});
