import { beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint';
import { probeStepMs, runExperiment } from '../../src/train/experiment';
import type { Surface } from '../../src/protocol/results';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';
import { LECTURE as lecture } from '../helpers/experiments';

const now = () => performance.now();

describe.each(NODE_BACKENDS)('runExperiment on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('labels the lecture figure’s four runs and fingerprints them', async () => {
    const before = tf.memory().numTensors;
    const result = await runExperiment(tf, lecture, { now });
    expect(result).not.toBeNull();
    const { runs, fingerprint: print, start, experiment, surface } = result!;
    const { steps } = experiment;
    expect(runs.map((r) => r.verdict.kind)).toEqual([
      'too-small',
      'just-right',
      'too-large',
      'diverged',
    ]);
    expect(runs.map((r) => r.lr)).toEqual(lecture.lrs);
    expect(print).toBe(fingerprint(runs.map((r) => r.losses)));
    expect(start).toEqual([-4]);
    expect(steps).toBe(60);
    expect(surface.dims).toBe(1);
    // Nothing non-finite leaves the engine.
    for (const r of runs) expect(Array.from(r.losses).every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('gives the same fingerprint for the same link, and reuses the surface', async () => {
    const surfaces = new Map<string, Surface>();
    const a = await runExperiment(tf, lecture, { now }, surfaces);
    const b = await runExperiment(tf, lecture, { now }, surfaces);
    expect(b!.fingerprint).toBe(a!.fingerprint);
    expect(b!.surface).toBe(a!.surface);
    expect(surfaces.size).toBe(1);
    const other = await runExperiment(
      tf,
      { ...lecture, lrs: [0.05, 0.5, 3, 7] },
      { now },
      surfaces,
    );
    expect(other!.fingerprint).not.toBe(a!.fingerprint);
  });

  it('resolves null when cancelled and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const result = await runExperiment(
      tf,
      { ...lecture, steps: 500 },
      { now, cancelled: () => true },
    );
    expect(result).toBeNull();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('probeStepMs measures a positive time per step without leaking', async () => {
    const before = tf.memory().numTensors;
    const ms = await probeStepMs(tf, lecture, now);
    expect(ms).toBeGreaterThan(0);
    expect(Number.isFinite(ms)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('probeStepMs stops at its 5-step check run when that is already slower than giveUpMs', async () => {
    // A clock that advances 300 ms per reading. Each run reads it twice: the warm-up and the check
    // run (5 steps) measure 300/5 = 60 ms per step, the three timed runs (30 steps) 300/30 = 10.
    // Above a 50 ms bound the check run is the answer (four readings); under a 100 ms bound the
    // three timed runs follow (ten readings) and their median, 10 ms, is the answer.
    let readings = 0;
    const clock = () => 300 * ++readings;
    expect(await probeStepMs(tf, lecture, clock, false, 50)).toBe(60);
    expect(readings).toBe(4);
    readings = 0;
    expect(await probeStepMs(tf, lecture, clock, false, 100)).toBe(10);
    expect(readings).toBe(10);
  });
});
