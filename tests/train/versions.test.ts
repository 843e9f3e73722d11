import { beforeAll, describe, expect, it } from 'vitest';
import { CURRENT_VERSION } from '../../src/core/experiment';
import type { ExperimentResult } from '../../src/train/experiment';
import { PRESETS } from '../../src/url/presets';
import { bits, linked, trainAsPage } from '../helpers/links';
import { NODE_BACKENDS, useBackend } from '../helpers/tfjs';

/**
 * The versions of the lab's numbers (VERSION_RULES in src/core/experiment.ts), as links carry them
 * (`v`, src/url/codec.ts): version 2 trains k-fold cross-validation of a network fused on cpu and
 * wasm, version 3 on WebGPU too, and neither changes anything else. Links shared before them say
 * `v=1` or `v=2` and must keep their fingerprints; so on these backends (cpu and wasm) every other
 * lesson must give the same bits at all three versions, a version-1 k-fold link must still train
 * op by op, and versions 2 and 3 must train k-fold alike. WebGPU's side is
 * tests/train/kfoldWebgpu.test.ts, on Dawn.
 */
/** Everything of a result a reader compares: the losses behind the fingerprint, and the rest. */
function expectSameBits(a: ExperimentResult, b: ExperimentResult, what: string): void {
  expect(a.fingerprint, what).toBe(b.fingerprint);
  expect(a.fused, what).toBe(b.fused);
  expect(a.runs.length, what).toBe(b.runs.length);
  a.runs.forEach((run, k) => {
    const other = b.runs[k]!;
    expect(bits(run.losses), `${what} run ${k} losses`).toEqual(bits(other.losses));
    expect(bits(run.path), `${what} run ${k} path`).toEqual(bits(other.path));
    expect(run.verdict, `${what} run ${k} verdict`).toEqual(other.verdict);
  });
  expect(a.data?.val.map(bits), `${what} validation`).toEqual(b.data?.val.map(bits));
  expect(a.kfold?.mean, `${what} k-fold means`).toEqual(b.kfold?.mean);
}

/** Every preset but k-fold (the table, not a hand list), opened as its short link opens it. */
const OTHER_PRESETS = PRESETS.map((p) => p.id).filter((id) => id !== 'kfold');

describe.each(NODE_BACKENDS)('versions of the numbers on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('has presets besides k-fold to compare (the table is read, not empty)', () => {
    expect(OTHER_PRESETS.length).toBeGreaterThanOrEqual(5);
  });

  it.each(OTHER_PRESETS)(
    'preset %s: the same bits at versions 1, 2 and 3',
    async (id) => {
      const v3 = linked(`preset=${id}`);
      expect(v3.version).toBe(CURRENT_VERSION);
      const v3Bits = await trainAsPage(v3);
      for (const version of [1, 2] as const) {
        const old = linked(`v=${version}&preset=${id}`);
        expect(old).toEqual({ ...v3, version });
        expectSameBits(await trainAsPage(old), v3Bits, `${id} at version ${version}`);
      }
    },
    120_000,
  );

  it('k-fold of a linear model (no fused fold path): the same bits at both versions', async () => {
    const query = 'scene=linreg&kfold=3&batch=16&steps=40&lr=0.05,0.3';
    expectSameBits(
      await trainAsPage(linked(`v=1&${query}`)),
      await trainAsPage(linked(query)),
      'linreg',
    );
  });

  it('k-fold of a network: a version-1 link trains op by op, version 2 and 3 ones fused alike; each reproduces', async () => {
    // The k-fold lesson, shortened to keep the test quick (every step is a fused chunk's step
    // all the same).
    const query = 'preset=kfold&steps=40';
    const v1 = linked(`v=1&${query}`);
    const v2 = linked(`v=2&${query}`);
    const [a1, b1, a2, b2, a3] = [
      await trainAsPage(v1),
      await trainAsPage(v1),
      await trainAsPage(v2),
      await trainAsPage(v2),
      await trainAsPage(linked(query)),
    ];
    // Version 1: op by op even though the backend trains fused, as before version 2 existed.
    expect(a1.fused).toBe(false);
    // Version 2: the fused step on cpu and wasm, the backends that have it for folds.
    expect(a2.fused).toBe(true);
    // Each path repeats itself bit for bit (the page's "Run it twice" check, and a reload).
    expectSameBits(a1, b1, 'version 1 twice');
    expectSameBits(a2, b2, 'version 2 twice');
    // The two paths round differently (tests/train/kfoldFused.test.ts bounds by how much), so
    // a version-2 k-fold link has a fingerprint of its own.
    expect(a2.fingerprint).not.toBe(a1.fingerprint);
    // Version 3 changes k-fold on WebGPU only.
    expectSameBits(a3, a2, 'versions 3 and 2');
    expect(a2.kfold?.k).toBe(5);
    expect(a1.kfold?.k).toBe(5);
  }, 120_000);
});
