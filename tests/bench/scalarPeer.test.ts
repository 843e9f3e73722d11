import { beforeAll, describe, expect, it } from 'vitest';
import { setUp } from '../../src/core/experiment';
import type { ModelScene } from '../../src/core/scenes';
import { experimentOps } from '../../src/train/experimentOps';
import { trainRequest } from '../../src/train/experiment';
import { trainBatched } from '../../src/train/trainer';
import { peerExperiment, peerRuns, PEER_TRAIN_ROWS } from '../../bench/scalarPeerBench';
import { peerNetwork, peerTheta, trainPeer } from '../../bench/scalarPeer';
import { expectClose } from '../helpers/numeric';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * The benchmark's scalar peer (bench/scalarPeer.ts) trains what the lab trains: the same network,
 * θ₀ and minibatches, so its time against the lab's is a comparison of equal work.
 *
 * Tolerance. The peer is float64 throughout; the lab's fused path stores θ and the losses in float32
 * and (its SIMD body) sums the m = 250 training rows in float32, at most γ_m = m·u/(1 − m·u) ≈ 1.5e-5
 * relative to the sum of the terms' magnitudes (Higham, Accuracy and Stability of Numerical
 * Algorithms, §3.1); its tanh is within 4e-7. Both start from the same float32 θ₀ and float32 rows.
 * With a stable learning rate the step map does not expand differences, so after t steps the losses
 * differ by at most about (t + 1)·γ_m relative: over T = 20 steps 3.2e-4 (as in
 * tests/train/fusedMlp.test.ts).
 */
const T = 20;
const REL = (T + 1) * ((PEER_TRAIN_ROWS * 2 ** -24) / (1 - PEER_TRAIN_ROWS * 2 ** -24));

describe('the scalar peer', () => {
  it('keeps θ in the lab’s layout: building the network and reading it back is the identity', () => {
    const exp = peerExperiment(1, T);
    const { scene, start } = setUp(exp);
    const layout = (scene as ModelScene).layout;
    expect(layout.P).toBe(4 * 4 + 4 + 4 * 4 + 4 + 4 + 1);
    expect(Array.from(peerTheta(layout, peerNetwork(layout, start)))).toEqual(Array.from(start));
  });

  it('trains on 250 rows in minibatches of 10 and tests on the other 142', () => {
    const [run] = peerRuns(peerExperiment(1, T), 25);
    expect(run!.train.length).toBe(250);
    expect(run!.test.length).toBe(142);
    expect(run!.schedule.B).toBe(10);
    expect(run!.every).toBe(25);
  });
});

describe.each(NODE_BACKENDS)('the scalar peer against the lab on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('has the lab’s training loss at every step, for each of K = 4 learning rates', async () => {
    const exp = peerExperiment(4, T);
    const { scene, start, noise } = setUp(exp);
    const s = scene as ModelScene;
    // The rows and θ₀ the lab's float32 tensors hold.
    const f32 = (a: ArrayLike<number>) => Float64Array.from(a as ArrayLike<number>, Math.fround);
    const runs = peerRuns(exp, 1).map((r) => ({
      ...r,
      x: f32(s.data.x),
      y: f32(s.data.y),
      start: f32(start),
    }));
    const ops = experimentOps(tf, exp);
    try {
      const lab = (await trainBatched(tf, ops, {
        ...trainRequest(exp, exp.lrs, start, noise, true),
        lossEvery: 1,
      }))!;
      expect(lab.fused).toBe(true);
      runs.forEach((run, k) => {
        const peer = trainPeer(run);
        expect(peer.steps).toEqual(Array.from({ length: T + 1 }, (_, t) => t));
        const curve = lab.losses[k]!;
        expect(curve).toHaveLength(T + 1);
        // The run learns (a peer that skipped its updates would fail here).
        expect(peer.train[T]!).toBeLessThan(peer.train[0]!);
        peer.train.forEach((v, t) =>
          expectClose(curve[t]!, v, { rel: REL }, `run ${k}, step ${t}`),
        );
      });
    } finally {
      ops.dispose();
    }
  });
});
