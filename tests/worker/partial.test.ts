import * as tfjs from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { pickExperiment, type Experiment } from '../../src/core/experiment';
import { PARTIAL_EVERY_MS, streamChunk } from '../../src/train/partial';
import type { TF } from '../../src/train/tf';
import { applyPreset, decode } from '../../src/url/codec';
import type { FromWorker } from '../../src/protocol/messages';
import { createTrainService } from '../../src/worker/trainService';

const tf = tfjs as unknown as TF;

/** The overfitting network, shortened: 600 steps are 21 chunks of streamChunk(600) = 30. */
const NETWORK: Experiment = {
  ...pickExperiment(applyPreset(decode('').state, 'overfit')),
  steps: 600,
};
const CHUNKS = Math.ceil((NETWORK.steps + 1) / streamChunk(NETWORK.steps));

/** Polls until `done` holds of some message (the service answers on its own promise chain). */
async function until(out: () => FromWorker[], done: (m: FromWorker) => boolean): Promise<void> {
  for (let i = 0; i < 3000 && !out().some(done); i++) await new Promise((r) => setTimeout(r, 10));
}

describe('partial results from the training service', () => {
  it('posts partials of a network at most once per PARTIAL_EVERY_MS of its clock, then the result', async () => {
    // A clock the test owns: every reading moves it on 20 ms, so a chunk (a reading for its
    // partial, one for its progress) is about 40 ms and only every fourth chunk or so may post.
    let clock = 0;
    const now = () => (clock += 20);
    const out: { m: FromWorker; at: number }[] = [];
    const service = createTrainService(tf, (m) => out.push({ m, at: clock }), now);
    service.receive({ type: 'train', gen: 1, experiment: NETWORK, backend: 'cpu' });
    await until(
      () => out.map((o) => o.m),
      (m) => m.type === 'result' || m.type === 'error',
    );
    const partials = out.filter((o) => o.m.type === 'partial');
    const result = out.findIndex((o) => o.m.type === 'result');
    expect(result).toBeGreaterThan(0);
    // All partials come before the result, and there are fewer of them than chunks.
    expect(out.findLastIndex((o) => o.m.type === 'partial')).toBeLessThan(result);
    expect(partials.length).toBeGreaterThanOrEqual(3);
    expect(partials.length).toBeLessThan(CHUNKS);
    // Consecutive partials are PARTIAL_EVERY_MS apart on the clock, except the last chunk's,
    // which always goes (the whole curve, while a network's surface slice is still computed).
    for (let i = 1; i < partials.length; i++) {
      const p = partials[i]!.m;
      const last = p.type === 'partial' && p.partial.stepsDone === NETWORK.steps;
      if (!last)
        expect(partials[i]!.at - partials[i - 1]!.at).toBeGreaterThanOrEqual(PARTIAL_EVERY_MS);
    }
    // Progress goes at the same pace: a network posts no message per chunk.
    const chatter = out.filter((o) => o.m.type === 'progress' && o.m.surface === undefined);
    expect(chatter.length + partials.length).toBeLessThan(CHUNKS);
    // A partial is never a result: no verdict, no fingerprint, just losses and steps.
    const first = partials[0]!.m;
    expect(first.type === 'partial' && Object.keys(first.partial).sort()).toEqual([
      'k',
      'losses',
      'steps',
      'stepsDone',
      'val',
    ]);
  });

  it('posts no partial of a request once a newer one has arrived', async () => {
    // The newer request must arrive while a chunk is computed or read back (a worker takes
    // messages between chunks): this tf lets it in at the first kernel or tidy of the chunk after
    // request 1's first partial, where the trainer cannot notice it until the chunk is done.
    let armed = false;
    let newer = -1;
    const out: FromWorker[] = [];
    const arrive = () => {
      if (!armed) return;
      armed = false;
      newer = out.length;
      service.receive({
        type: 'train',
        gen: 2,
        experiment: { ...NETWORK, lrs: [0.002] },
        backend: 'cpu',
      });
    };
    const watched = new Proxy(tf, {
      get(target, name, receiver) {
        if (name === 'tidy' || name === 'engine') arrive();
        return Reflect.get(target, name, receiver) as unknown;
      },
    });
    // A clock on which every partial is due: only staleness may hold one back.
    let clock = 0;
    const service = createTrainService(
      watched,
      (m) => {
        out.push(m);
        if (newer < 0 && m.type === 'partial' && m.gen === 1) armed = true;
      },
      () => (clock += 1000),
    );
    service.receive({ type: 'train', gen: 1, experiment: NETWORK, backend: 'cpu' });
    await until(
      () => out,
      (m) => m.type === 'result' && m.gen === 2,
    );
    expect(newer).toBeGreaterThan(0);
    // Request 1 had more chunks to go when request 2 came in.
    const told = out.filter((m) => m.type === 'partial' && m.gen === 1);
    expect(told.every((m) => m.type === 'partial' && m.partial.stepsDone < NETWORK.steps)).toBe(
      true,
    );
    const after = out.slice(newer);
    expect(after.filter((m) => 'gen' in m && m.gen === 1 && m.type !== 'grid')).toEqual([]);
    // Request 1 never answers; request 2 streams and answers.
    expect(out.some((m) => m.type === 'result' && m.gen === 1)).toBe(false);
    const two = after.filter((m) => m.type === 'partial' && m.gen === 2);
    expect(two.length).toBeGreaterThan(1);
    expect(two.every((m) => m.type === 'partial' && m.experiment.lrs[0] === 0.002)).toBe(true);
  });
});
