import { describe, expect, it } from 'vitest';
import { type Experiment, PLAIN_GD, setUp, summarise } from '../../src/core/experiment';
import { SLIDER_STEP, sliderLrs } from '../../src/core/lrSlider';
import { cutAtNonFinite } from '../../src/core/trajectory';
import { sceneOps } from '../../src/train/sceneLoss';
import { GRID_EXACT_BACKENDS, trainSliderGrid } from '../../src/train/sliderGrid';
import { trainBatched } from '../../src/train/trainer';
import { displayRuns, gridRows } from '../../src/ui/displayRuns';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

const bytes = (a: Float32Array) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);

describe('sliderLrs', () => {
  it('covers the range in SLIDER_STEP steps of log10(η), ends included, 3 significant digits', () => {
    // [-3, 1.5] in steps of 0.01: 451 positions, from 10^-3 to 10^1.5 = 31.62… → 31.6.
    const lrs = sliderLrs([-3, 1.5]);
    expect(lrs).toHaveLength(Math.round(4.5 / SLIDER_STEP) + 1);
    expect(lrs[0]).toBe(0.001);
    expect(lrs.at(-1)).toBe(31.6);
    expect(lrs.every((x, i) => i === 0 || x > lrs[i - 1]!)).toBe(true);
  });
});

describe.each(NODE_BACKENDS)('slider grid on %s', (backend) => {
  const cases: Experiment[] = [
    { scene: 'valley', kappa: 10, seed: 42069, lrs: [], steps: 60, noise: 0, ...PLAIN_GD },
    { scene: 'quadratic', kappa: 10, seed: 42069, lrs: [], steps: 60, noise: 0, ...PLAIN_GD },
    { scene: 'quadratic', kappa: 30, seed: 7, lrs: [], steps: 80, noise: 0.5, ...PLAIN_GD },
  ];

  it.each(cases)(
    'rows are bit for bit the runs of a 4-run batch ($scene, σ = $noise)',
    async (exp) => {
      // The claim GRID_EXACT_BACKENDS makes: a run's numbers do not depend on the batch around it,
      // so a grid row can stand for the exact run (same fingerprint) without asking the worker.
      expect(GRID_EXACT_BACKENDS).toContain(backend);
      await useBackend(backend);
      const grid = await trainSliderGrid(tf, exp);
      if (!grid) throw new Error('no grid');
      const picks = [3, 170, 300, grid.experiment.lrs.length - 1]; // creeping … diverging
      const lrs = picks.map((i) => grid.experiment.lrs[i]!);
      const { start, noise } = setUp(exp);
      const ops = sceneOps(tf, exp.scene, exp);
      const batch = await trainBatched(tf, ops, { lrs, steps: exp.steps, start, noise });
      ops.dispose();
      picks.forEach((row, k) => {
        expect(bytes(grid.losses[row]!)).toEqual(bytes(batch!.losses[k]!));
        expect(bytes(grid.paths[row]!)).toEqual(bytes(batch!.paths[k]!));
      });
    },
  );

  it('drawn from an exact grid, the runs carry the fingerprint the worker would compute', async () => {
    await useBackend(backend);
    const exp: Experiment = {
      scene: 'valley',
      kappa: 10,
      seed: 1,
      lrs: [],
      steps: 60,
      noise: 0,
      ...PLAIN_GD,
    };
    const grid = await trainSliderGrid(tf, exp);
    if (!grid) throw new Error('no grid');
    const lrs = [0.0501, 0.501, 3.02, 8.13]; // slider positions −1.30, −0.30, 0.48, 0.91
    expect(lrs.every((lr) => grid.experiment.lrs.includes(lr))).toBe(true);
    const { scene, start } = setUp({ ...exp, lrs });
    const ops = sceneOps(tf, 'valley', exp);
    const out = await trainBatched(tf, ops, { lrs, steps: 60, start });
    ops.dispose();
    const exact = summarise(
      scene,
      lrs.map((lr, k) => cutAtNonFinite(lr, out!.losses[k]!, out!.paths[k]!, 1)),
    );
    const rows = { backend, choice: backend, grid, exact: true, rows: gridRows(grid) };
    const shown = displayRuns({ ...exp, lrs, backend }, scene, undefined, rows, backend);
    expect(shown.exact).toBe(true);
    expect(shown.fromGrid).toBe(true);
    expect(shown.fingerprint).toBe(exact.fingerprint);
    expect(shown.runs.map((r) => r?.verdict.kind)).toEqual(exact.runs.map((r) => r.verdict.kind));
    // A grid for another backend choice, or one that is only a preview, does not count as exact.
    expect(
      displayRuns({ ...exp, lrs, backend: 'webgpu' }, scene, undefined, rows, backend).exact,
    ).toBe(false);
    expect(
      displayRuns({ ...exp, lrs, backend }, scene, undefined, { ...rows, exact: false }, backend)
        .exact,
    ).toBe(false);
  });
});
