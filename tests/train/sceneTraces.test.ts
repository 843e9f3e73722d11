import { describe, expect, it } from 'vitest';
import { PLAIN_GD, setUp, type Experiment } from '../../src/core/experiment';
import { makeScene, type SceneId } from '../../src/core/scenes';
import { scheduleFactors } from '../../src/core/schedules';
import { sceneOps } from '../../src/train/sceneLoss';
import { trainBatched } from '../../src/train/trainer';
import type { Tensor2D } from '../../src/train/tf';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';
import golden from './sceneTraces.golden.json';

/**
 * The built-in analytic scenes' float32 numbers, bit for bit as the hand-written per-scene code
 * computed them before the scenes became formulas (src/core/scenes/expressions.ts): the hashes in
 * sceneTraces.golden.json were made by this file's `dump` at commit 781dab9, when each scene's
 * tfjs ops and fused kernels were written by hand. Shared links' fingerprints hash these traces, so
 * they must not move. Every scene × κ × optimizer × noise (with a warm-up + cosine schedule) ×
 * unfused and fused, on cpu and wasm, and a batch of surface points (loss, and loss with gradient).
 */
function fnv(arrays: Float32Array[]): string {
  let h = 0xcbf29ce484222325n;
  for (const a of arrays) {
    for (const b of new Uint8Array(a.buffer, a.byteOffset, a.byteLength)) {
      h ^= BigInt(b);
      h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
    }
  }
  return h.toString(16);
}

const CASES: [SceneId, number][] = [
  ['valley', 10],
  ['quadratic', 10],
  ['quadratic', 30],
  ['rosenbrock', 10],
  ['saddle', 10],
  ['himmelblau', 10],
];

async function dump(backend: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [scene, kappa] of CASES) {
    const [lo, hi] = makeScene(scene, { kappa }).lrRange;
    const lrs = Array.from({ length: 7 }, (_, i) => 10 ** (lo + ((hi - lo) * i) / 6));
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      for (const noise of [0, 0.1]) {
        const exp: Experiment = {
          ...PLAIN_GD,
          scene,
          kappa,
          seed: 11,
          lrs,
          steps: 100,
          noise,
          optimizer,
          schedule: noise ? 'cosine' : 'constant',
          warmup: noise ? 10 : 0,
        };
        const { start, noise: nz } = setUp(exp);
        const ops = sceneOps(tf, scene, exp);
        const req = {
          lrs,
          steps: 100,
          start,
          noise: nz,
          optimizer: exp,
          factors: scheduleFactors(exp, 100),
        };
        for (const fused of [false, true]) {
          const r = (await trainBatched(tf, ops, { ...req, fused }))!;
          const key = `${backend} ${scene} ${kappa} ${optimizer} ${noise} ${fused ? 'fused' : 'ops'}`;
          out[key] = fnv([...r.losses, ...r.paths]) + (r.fused ? ' F' : '');
        }
        ops.dispose();
      }
    }
    const ops = sceneOps(tf, scene, { kappa });
    const view = makeScene(scene, { kappa }).view;
    const P = view.length;
    const pts: number[] = [];
    for (let i = 0; i < 50; i++) {
      for (let p = 0; p < P; p++) {
        pts.push(view[p]![0] + ((view[p]![1] - view[p]![0]) * ((i * (p + 3)) % 50)) / 49);
      }
    }
    const th = tf.tensor2d(pts, [50, P]) as Tensor2D;
    const loss = ops.loss(th);
    const lg = ops.lossAndGrad(th);
    out[`${backend} ${scene} ${kappa} surface`] = fnv([
      (await loss.data()) as Float32Array,
      (await lg.loss.data()) as Float32Array,
      (await lg.grad.data()) as Float32Array,
    ]);
    tf.dispose([th, loss, lg.loss, lg.grad]);
    ops.dispose();
  }
  return out;
}

describe.each(NODE_BACKENDS)('built-in scenes as formulas on %s', (backend) => {
  it('train and draw bit for bit as the hand-written scenes did', async () => {
    await useBackend(backend);
    const got = await dump(backend);
    const want = Object.fromEntries(
      Object.entries(golden as Record<string, string>).filter(([k]) => k.startsWith(`${backend} `)),
    );
    expect(Object.keys(want)).toHaveLength(78);
    expect(got).toEqual(want);
  }, 120_000);
});
