import { beforeAll, describe, expect, it } from 'vitest';
import { OPTIMIZERS, DEFAULT_OPTIMIZER } from '../../src/core/optimizers';
import {
  driveChunks,
  stepChunks,
  updateChunks,
  type Chunk,
  type ChunkStep,
} from '../../src/train/chunkDriver';
import { stateCount } from '../../src/train/fused/mlpStep';
import { batchedOptimizer, STATE_COUNT } from '../../src/train/optimizers';
import type { Tensor } from '../../src/train/tf';
import { tf, useBackend } from '../helpers/tfjs';

const plan = (chunks: Iterable<Chunk>) => [...chunks].map(({ t0, t1 }) => [t0, t1]);

describe('chunk plans', () => {
  it('stepChunks records the states 0 … T once each, size at a time', () => {
    // T = 10, size 4: states 0–3, 4–7, then 8–10 (the last chunk ends at T, the final state).
    expect(plan(stepChunks(10, 4))).toEqual([
      [0, 3],
      [4, 7],
      [8, 10],
    ]);
    // T = 8: the final state 8 is a chunk of its own (8 = 2·4 starts a third chunk).
    expect(plan(stepChunks(8, 4))).toEqual([
      [0, 3],
      [4, 7],
      [8, 8],
    ]);
    expect(plan(stepChunks(0, 4))).toEqual([[0, 0]]);
    // A shorter first chunk (the WebGPU network trainer's), then size at a time: still every
    // state once, in order.
    expect(plan(stepChunks(10, 4, 2))).toEqual([
      [0, 1],
      [2, 5],
      [6, 9],
      [10, 10],
    ]);
    // A first chunk longer than size is size long.
    expect(plan(stepChunks(5, 2, 8))).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
  });

  it('updateChunks makes size updates a chunk, each chunk starting where the last ended', () => {
    // T = 10 updates, size 4: 0→4, 4→8, 8→10.
    expect(plan(updateChunks(10, 4))).toEqual([
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    expect(plan(updateChunks(8, 4))).toEqual([
      [0, 4],
      [4, 8],
    ]);
    // No update: one chunk that records the start.
    expect(plan(updateChunks(0, 4))).toEqual([[0, 0]]);
  });

  it('both cover every state of 0 … T, for every size', () => {
    for (let T = 0; T <= 12; T++) {
      for (let size = 1; size <= 14; size++) {
        const seen = new Set<number>();
        for (const { t0, t1 } of stepChunks(T, size)) for (let t = t0; t <= t1; t++) seen.add(t);
        expect(seen.size, `stepChunks(${T}, ${size})`).toBe(T + 1);
        const ends = plan(updateChunks(T, size));
        expect(ends[0]![0]).toBe(0);
        expect(ends.at(-1)![1]).toBe(T);
        ends.slice(1).forEach(([t0], i) => expect(t0).toBe(ends[i]![1]));
      }
    }
  });
});

describe('driveChunks', () => {
  beforeAll(() => useBackend('cpu'));

  /** A step whose chunk k reads back the numbers t0 … t1, one tensor each chunk. */
  function counting(log: string[]): ChunkStep & { stored: number[] } {
    const stored: number[] = [];
    return {
      stored,
      advance: ({ t0, t1 }) => {
        log.push(`advance ${t0}-${t1}`);
        const x = tf.tensor1d(Array.from({ length: t1 - t0 + 1 }, (_, i) => t0 + i));
        return { read: [x], free: [x] };
      },
      store: ({ t0 }, [data]) => {
        log.push(`store ${t0}`);
        stored.push(...data!);
      },
    };
  }

  it('advances, reads, stores and reports each chunk in order, and frees what it read', async () => {
    const log: string[] = [];
    const step = counting(log);
    const before = tf.memory().numTensors;
    // Each report hands the losses so far: after the chunk ending at step n, n + 1 of them.
    const done = await driveChunks(
      tf,
      6,
      stepChunks(6, 3),
      step,
      { losses: [new Float32Array(7)] },
      { onChunk: (n, snap) => log.push(`onChunk ${n}: ${snap?.().losses[0]?.length}`) },
    );
    expect(done).toBe(true);
    expect(log).toEqual([
      'advance 0-2',
      'store 0',
      'onChunk 2: 3',
      'advance 3-5',
      'store 3',
      'onChunk 5: 6',
      'advance 6-6',
      'store 6',
      'onChunk 6: 7',
    ]);
    expect(step.stored).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops after the chunk during which it was cancelled, and says so', async () => {
    const log: string[] = [];
    let chunks = 0;
    const done = await driveChunks(
      tf,
      100,
      stepChunks(100, 10),
      counting(log),
      { losses: [] },
      {
        onChunk: () => chunks++,
        cancelled: () => chunks === 2,
      },
    );
    expect(done).toBe(false);
    expect(chunks).toBe(2);
    expect(log.filter((l) => l.startsWith('advance'))).toEqual(['advance 0-9', 'advance 10-19']);
  });

  it('frees the chunk’s tensors when the read-back fails (a lost device, say)', async () => {
    const before = tf.memory().numTensors;
    const step: ChunkStep = {
      advance: () => {
        const kept = tf.zeros([3]);
        const lost = { data: () => Promise.reject(new Error('device lost')) } as unknown as Tensor;
        return { read: [lost], free: [kept] };
      },
      store: () => {
        throw new Error('not reached');
      },
    };
    await expect(driveChunks(tf, 4, stepChunks(4, 2), step, { losses: [] }, {})).rejects.toThrow(
      'device lost',
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('the optimizer tables agree', () => {
  beforeAll(() => useBackend('cpu'));

  it.each(OPTIMIZERS)('%s: the batched and the fused network step keep STATE_COUNT states', (o) => {
    const spec = { ...DEFAULT_OPTIMIZER, optimizer: o };
    const state = batchedOptimizer(tf, spec).init(2, 3);
    expect(state).toHaveLength(STATE_COUNT[o]);
    for (const s of state) expect(s.shape).toEqual([2, 3]);
    tf.dispose(state);
    expect(stateCount(spec)).toBe(STATE_COUNT[o]);
  });
});
