import { beforeAll, describe, expect, it } from 'vitest';
import { pickExperiment, type Experiment } from '../../src/core/experiment';
import { isNetworkScene } from '../../src/core/scenes/cars';
import { runExperiment, type ExperimentResult } from '../../src/train/experiment';
import {
  partialLosses,
  placeSnapshot,
  snapshotOf,
  streamChunk,
  throttle,
  type PartialLosses,
} from '../../src/train/partial';
import { applyPreset, decode } from '../../src/url/codec';
import { PRESETS } from '../../src/url/presets';
import { bits } from '../helpers/links';
import { tf, useBackend } from '../helpers/tfjs';

/** Every network preset, as a click on it trains it (the table, not a hand list). */
const NETWORK_PRESETS = PRESETS.filter((p) =>
  isNetworkScene(pickExperiment(applyPreset(decode('').state, p.id)).scene),
).map((p) => p.id);

const presetExperiment = (id: (typeof PRESETS)[number]['id']) =>
  pickExperiment(applyPreset(decode('').state, id));

async function streamed(exp: Experiment, fused: boolean) {
  const parts: PartialLosses[] = [];
  const result = await runExperiment(tf, exp, {
    now: () => performance.now(),
    fused,
    onPartial: (_, take) => parts.push(take()),
  });
  return { parts, result: result! };
}

/**
 * Each partial is a prefix of the final result: for every run, the losses so far are the first
 * values of the final trace, the same bits (a partial is read from the very buffers the final
 * result is made of, src/train/partial.ts, so nothing may differ, not even in the last bit).
 */
function expectPrefixes(
  parts: readonly PartialLosses[],
  result: ExperimentResult,
  exp: Experiment,
) {
  const k = parts[0]!.k;
  for (const p of parts) {
    expect(p.steps).toBe(exp.steps);
    expect(p.losses).toHaveLength(exp.lrs.length * k);
    exp.lrs.forEach((_, j) => {
      const shown = p.losses[j * k]!;
      const final = result.runs[j]!.losses;
      expect(shown.length).toBeLessThanOrEqual(final.length);
      expect(bits(shown)).toEqual(bits(final.subarray(0, shown.length)));
      const val = p.val?.[j * k];
      if (val) expect(bits(val)).toEqual(bits(result.data!.val[j]!.subarray(0, val.length)));
      // k-fold: every fold's validation curve so far is the start of that fold's final curve.
      for (let i = 0; i < k; i++) {
        const v = p.val?.[j * k + i];
        const whole = result.kfold?.val[j]?.[i];
        if (v && whole) expect(bits(v)).toEqual(bits(whole.subarray(0, v.length)));
      }
    });
  }
}

/**
 * On cpu (bit for bit there; wasm runs the same trainers). Op by op the presets are cut to their
 * first 150 steps, which already cross several chunks, since op by op on cpu is slow in a test, and
 * so is k-fold fused (its folds advance together, a chunk each in turn); the fused network, the
 * path the page takes, trains its preset whole.
 */
describe('partial results of the network presets on cpu', () => {
  beforeAll(() => useBackend('cpu'));

  it.each(NETWORK_PRESETS.flatMap((id) => [false, true].map((fused) => [id, fused] as const)))(
    '%s (fused: %s): every partial is a prefix of the final losses, which streaming leaves unchanged',
    async (id, fused) => {
      const preset = presetExperiment(id);
      const whole = fused && preset.folds < 2;
      const exp = whole ? preset : { ...preset, steps: Math.min(150, preset.steps) };
      const plain = await runExperiment(tf, exp, { now: () => performance.now(), fused });
      const { parts, result } = await streamed(exp, fused);
      // Streaming cuts the steps into chunks of streamChunk(T) for the read-backs only.
      expect(result.fingerprint).toBe(plain!.fingerprint);
      // One partial per chunk of streamChunk(T) steps over steps 0..T (T + 1 losses).
      expect(parts).toHaveLength(Math.ceil((exp.steps + 1) / streamChunk(exp.steps)));
      expect(parts.map((p) => p.stepsDone)).toEqual(
        [...parts.map((p) => p.stepsDone)].sort((a, b) => a - b),
      );
      expect(parts.at(-1)!.stepsDone).toBe(exp.steps);
      // The first partial has only the first chunk: a curve that grows, not the whole at once.
      expect(parts[0]!.losses[0]!.length).toBe(streamChunk(exp.steps));
      expectPrefixes(parts, result, exp);
      // The last partial holds every loss the final result holds.
      exp.lrs.forEach((_, j) => {
        expect(parts.at(-1)!.losses[j * parts[0]!.k]!.length).toBe(result.runs[j]!.losses.length);
      });
    },
  );

  it('runs of several optimizers (trained group by group) stream once every run has started', async () => {
    const exp: Experiment = {
      ...presetExperiment('overfit'),
      steps: 120,
      lrs: [0.0018, 0.01],
      runOptimizers: [null, { optimizer: 'sgd' }],
    };
    const plain = await runExperiment(tf, exp, { now: () => performance.now() });
    const { parts, result } = await streamed(exp, false);
    expect(result.fingerprint).toBe(plain!.fingerprint);
    expect(parts.length).toBeGreaterThan(1);
    // The first group is whole by the time the second has its first chunk.
    expect(parts[0]!.losses[0]!.length).toBe(exp.steps + 1);
    expect(parts[0]!.losses[1]!.length).toBe(streamChunk(exp.steps));
    expectPrefixes(parts, result, exp);
  });
});

describe('snapshots and the throttle', () => {
  it('a snapshot after step s holds the losses of steps 0..s (stride e: 0, e, …, and T at the end)', () => {
    const T = 10;
    const every = [new Float32Array(T + 1).map((_, i) => i)];
    expect(Array.from(snapshotOf({ losses: every }, 3, T).losses[0]!)).toEqual([0, 1, 2, 3]);
    // Stride 4 over 10 steps records steps 0, 4, 8, 10 (lossCount = ⌈10/4⌉ + 1 = 4).
    const strided = [Float32Array.from([0, 4, 8, 10])];
    expect(snapshotOf({ losses: strided, lossEvery: 4 }, 5, T).losses[0]).toHaveLength(2);
    expect(snapshotOf({ losses: strided, lossEvery: 4 }, 9, T).losses[0]).toHaveLength(3);
    expect(snapshotOf({ losses: strided, lossEvery: 4 }, 10, T).losses[0]).toHaveLength(4);
    const val = [new Float32Array(T + 1)];
    expect(snapshotOf({ losses: every, val }, 6, T).val![0]).toHaveLength(7);
    // No validation buffers (the trainer's `[]`): no validation in the snapshot.
    expect(snapshotOf({ losses: every, val: [] }, 6, T).val).toBeUndefined();
  });

  it('a part of the runs is placed at its run indices, the others left empty', () => {
    const current = { losses: [Float32Array.from([1]), Float32Array.from([4])] };
    const g = placeSnapshot(current, [4, 1], { losses: [] }, 5);
    expect(g.losses.map((l) => l.length)).toEqual([0, 1, 0, 0, 1]);
  });

  it('a partial copies, and cuts each run before its first non-finite loss (its validation too)', () => {
    const buf = Float32Array.from([3, 2, NaN, 5]);
    const val = Float32Array.from([4, 3, 2, 1]);
    const p = partialLosses({ losses: [buf], val: [val] }, { stepsDone: 3, steps: 9, k: 1 });
    expect(Array.from(p.losses[0]!)).toEqual([3, 2]);
    expect(Array.from(p.val![0]!)).toEqual([4, 3]);
    buf[0] = 7;
    expect(p.losses[0]![0]).toBe(3);
  });

  it('lets through the first call, then one per interval of the given clock, and always the last', () => {
    const due = throttle(150);
    const passed: number[] = [];
    // A chunk every 40 ms for a second: 0, 160, 320, … pass (the first at or after 150 ms since).
    for (let t = 0; t <= 1000; t += 40) if (due(t)) passed.push(t);
    expect(passed).toEqual([0, 160, 320, 480, 640, 800, 960]);
    expect(due(970)).toBe(false);
    expect(due(980, true)).toBe(true);
  });
});
