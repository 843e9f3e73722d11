import { describe, expect, it } from 'vitest';
import { pickExperiment } from '../../src/core/experiment';
import { OPTIMIZERS } from '../../src/core/optimizers';
import { ANALYTIC_SCENES } from '../../src/core/scenes/scene';
import type { BackendChoice } from '../../src/core/backends';
import type { FromWorker, ToWorker } from '../../src/protocol/messages';
import { decode } from '../../src/url/codec';
import { PRESET_IDS } from '../../src/url/presets';
import { createTrainService } from '../../src/worker/trainService';
import { createFirstResults, hostResult } from '../../src/worker/firstResult';
import { acrossRange } from '../helpers/experiments';
import { comparable, resultBits } from '../helpers/resultBits';
import { NODE_BACKENDS, tf } from '../helpers/tfjs';

/**
 * The worker's first result without tfjs (src/worker/firstResult.ts) against the training service
 * with tfjs on the cpu and wasm backends, which is what it stands in for: the very same message
 * (runs, losses, paths, verdicts, fingerprint, surface, contours, backend report, notices, memory)
 * for every analytic scene × every optimizer, and for the links of every preset on an analytic scene.
 *
 * Expected: equality bit for bit, no tolerance. The host path runs the cpu and wasm backends' own
 * fused kernel body (src/train/fused/cpuAnalytic.ts advanceOnHost) on the same float32 values the
 * kernel reads from the backend's tensors, with the same chunk inputs; all take the surface
 * from src/train/fused/hostSurface.ts, which tests/train/hostSurface.test.ts holds to the cpu
 * backend's batched loss bit for bit. Any difference is a defect.
 */

/** The service's answer to one training request (its first result), on tfjs' cpu backend. */
async function serviceResult(msg: ToWorker & { type: 'train' }) {
  const out: FromWorker[] = [];
  // The idle probe is not what is compared: it is put off beyond the test.
  const service = createTrainService(
    tf,
    (m) => out.push(m),
    () => performance.now(),
    {
      idleMs: 600_000,
    },
  );
  service.receive(msg);
  for (let i = 0; i < 3000 && !out.some((m) => m.type === 'result' || m.type === 'error'); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  const m = out.find((x) => x.type === 'result' || x.type === 'error');
  if (m?.type !== 'result') throw new Error(`no result: ${JSON.stringify(m)}`);
  return m;
}

async function expectSame(msg: ToWorker & { type: 'train' }) {
  const host = await hostResult(msg, () => performance.now(), 0);
  expect(host, 'the host path takes this request').toBeDefined();
  const reference = await serviceResult(msg);
  expect(comparable(host!)).toEqual(comparable(reference));
  expect(resultBits(host!)).toBe(resultBits(reference));
}

describe('the first result without tfjs', () => {
  it('is the service’s cpu and wasm result bit for bit, every analytic scene × optimizer', async () => {
    for (const backend of NODE_BACKENDS) {
      for (const scene of ANALYTIC_SCENES) {
        for (const optimizer of OPTIMIZERS) {
          await expectSame({
            type: 'train',
            gen: 1,
            experiment: acrossRange(scene, optimizer),
            backend,
          });
        }
      }
    }
  }, 240_000);

  it('is the service’s result for every analytic preset’s link, with auto as with cpu and wasm', async () => {
    let analytic = 0;
    for (const id of PRESET_IDS) {
      const { state } = decode(`?preset=${id}`);
      const exp = pickExperiment(state);
      if (!(ANALYTIC_SCENES as readonly string[]).includes(exp.scene)) continue;
      analytic += 1;
      for (const backend of [
        'auto',
        ...NODE_BACKENDS,
      ] as const satisfies readonly BackendChoice[]) {
        await expectSame({ type: 'train', gen: 1, experiment: exp, backend });
      }
    }
    // lecture, thresholds, plain, momentum, sweep.
    expect(analytic).toBeGreaterThanOrEqual(5);
  }, 120_000);

  it('takes auto with cpu or wasm remembered as the service does, and leaves every other plan to it', async () => {
    const exp = acrossRange('valley', 'sgd');
    for (const remembered of NODE_BACKENDS) {
      await expectSame({
        type: 'train',
        gen: 1,
        experiment: exp,
        backend: 'auto',
        remembered,
        rememberedFused: true,
      });
    }
    const now = () => 0;
    // No WebGPU device here (Node): a WebGPU request is the service's too.
    const noGpu = () => Promise.resolve(undefined);
    const left: (ToWorker & { type: 'train' })[] = [
      { type: 'train', gen: 1, experiment: exp, backend: 'webgl' },
      { type: 'train', gen: 1, experiment: exp, backend: 'webgpu' },
      { type: 'train', gen: 1, experiment: exp, backend: 'auto', remembered: 'webgpu' },
      {
        type: 'train',
        gen: 1,
        experiment: exp,
        backend: 'auto',
        remembered: 'webgl',
        rememberedFused: true,
      },
      {
        type: 'train',
        gen: 1,
        experiment: exp,
        backend: 'auto',
        remembered: 'wasm',
        rememberedFused: false,
      },
      // Early stopping takes the op-by-op path; data scenes and networks need tfjs.
      { type: 'train', gen: 1, experiment: { ...exp, patience: 5 }, backend: 'cpu' },
      { type: 'train', gen: 1, experiment: { ...exp, scene: 'linreg' }, backend: 'cpu' },
      { type: 'train', gen: 1, experiment: { ...exp, scene: 'cars' }, backend: 'auto' },
    ];
    for (const msg of left) {
      expect(await hostResult(msg, now, 0, noGpu), JSON.stringify(msg)).toBeUndefined();
    }
  });

  it('posts the result once: the service’s copy and its progress are dropped, all else passes', async () => {
    // One worker entry's answers to requests of generations 3 to 6.
    const posted: FromWorker[] = [];
    const first = createFirstResults(
      (m) => posted.push(m),
      () => 0,
      0,
    );
    const msg = {
      type: 'train',
      gen: 3,
      experiment: acrossRange('valley', 'sgd'),
      backend: 'auto',
    };
    await first.take(msg as ToWorker);
    expect(posted.map((m) => m.type)).toEqual(['result']);
    const own = posted[0] as FromWorker & { type: 'result' };
    first.fromService({ type: 'progress', gen: 3, stepsDone: 600 });
    first.fromService(own);
    expect(posted).toHaveLength(1);
    // After that copy, the same request's messages pass: a result trained again on the backend
    // the probe chose (it says so in its notices), and the slider grid.
    const switched = { ...own, notices: [{ code: 'switched', to: 'wasm', from: 'cpu' }] } as const;
    first.fromService(switched);
    first.fromService({ type: 'progress', gen: 3, stepsDone: 600 });
    expect(posted.slice(1)).toEqual([switched, { type: 'progress', gen: 3, stepsDone: 600 }]);
    // A copy with another fingerprint is passed on: the service's numbers are the reference.
    await first.take({ ...msg, gen: 4 } as ToWorker);
    const differing = {
      ...own,
      gen: 4,
      result: { ...own.result, fingerprint: `${own.result.fingerprint}x` },
    };
    first.fromService(differing);
    expect(posted.at(-1)).toBe(differing);
    // So is a copy with the same numbers from another backend, with a notice: a forced wasm whose
    // `.wasm` did not load, trained on cpu by the service (src/train/backend.ts startForced).
    await first.take({ ...msg, gen: 5, backend: 'wasm' } as ToWorker);
    const hosted = posted.at(-1) as FromWorker & { type: 'result' };
    expect(hosted.backend.name).toBe('wasm');
    const onCpu = {
      ...hosted,
      backend: { ...hosted.backend, name: 'cpu', reason: { code: 'fallback', forced: 'wasm' } },
      notices: [{ code: 'noStart', backend: 'wasm' }],
    } as const;
    first.fromService(onCpu);
    expect(posted.at(-1)).toBe(onCpu);
    // And the same report built in another key order is the same report: not posted again.
    await first.take({ ...msg, gen: 6, backend: 'wasm' } as ToWorker);
    const mine = posted.at(-1) as FromWorker & { type: 'result' };
    const reordered = {
      ...mine,
      backend: Object.fromEntries(Object.entries(mine.backend).reverse()) as typeof mine.backend,
    };
    const count = posted.length;
    first.fromService(reordered);
    expect(posted).toHaveLength(count);
    // An answer here that comes after the service's for its generation (a WebGPU device slower
    // than the service's loading) is not posted: the page has the service's already.
    first.fromService({ ...own, gen: 7 });
    await first.take({ ...msg, gen: 7 } as ToWorker);
    expect(posted.slice(count).map((m) => m.type === 'result' && m.gen)).toEqual([7]);
  });
});
