import { beforeAll, describe, expect, it } from 'vitest';
import type { Experiment } from '../../src/core/experiment';
import type { RunOptimizer } from '../../src/core/runOptimizers';
import { runExperiment } from '../../src/train/experiment';
import { lecture } from '../helpers/experiments';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

const now = () => performance.now();

/** Run i of `mixed`, trained alone as an experiment whose global optimizer is that run's own. */
function alone(mixed: Experiment, i: number): Experiment {
  const own = mixed.runOptimizers[i] ?? null;
  return {
    ...mixed,
    ...(own ?? {}),
    lrs: [mixed.lrs[i]!],
    runOptimizers: [],
  };
}

const bits = (x: ArrayLike<number> | undefined) =>
  Array.from(new Uint32Array(Float32Array.from(x ?? []).buffer));

/**
 * Grouping runs by optimizer is bookkeeping: on cpu and wasm a run does not depend on the batch
 * around it (the slider grid's rows are tested bit for bit against single runs the same way), so
 * each run of a mixed figure must equal, to the bit, the same run trained alone with its optimizer
 * as the global one. The runs must also differ from one another, else the test could not tell a
 * per-run optimizer from the global one.
 */
async function expectRunsAlone(mixed: Experiment) {
  const all = await runExperiment(tf, mixed, { now });
  expect(all).not.toBeNull();
  for (let i = 0; i < mixed.lrs.length; i++) {
    const one = await runExperiment(tf, alone(mixed, i), { now });
    const a = all!.runs[i]!;
    const b = one!.runs[0]!;
    expect(bits(a.losses)).toEqual(bits(b.losses));
    // A network's path is drawn projected onto a plane fitted to all the runs together, so only
    // an analytic scene's path is a run's own.
    if (!all!.slice) expect(bits(a.path)).toEqual(bits(b.path));
    if (all!.data) {
      expect(bits(all!.data.val[i])).toEqual(bits(one!.data!.val[0]));
      expect(all!.data.bestStep[i]).toBe(one!.data!.bestStep[0]);
      expect(Object.is(all!.data.test[i], one!.data!.test[0])).toBe(true);
    }
    if (all!.kfold) {
      for (let f = 0; f < all!.kfold.k; f++) {
        expect(bits(all!.kfold.val[i]![f])).toEqual(bits(one!.kfold!.val[0]![f]));
      }
      expect(all!.kfold.mean[i]).toBe(one!.kfold!.mean[0]);
    }
  }
  const finals = all!.runs.map((r) => r.losses[r.losses.length - 1]);
  expect(new Set(finals).size).toBe(finals.length);
  return all!;
}

const sgd = null;
const momentum: RunOptimizer = { optimizer: 'momentum' };
const adam: RunOptimizer = { optimizer: 'adam' };

describe.each(NODE_BACKENDS)('per-run optimizers on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it('GD, momentum and Adam at one learning rate equal each trained alone (Rosenbrock)', async () => {
    await expectRunsAlone(
      lecture({
        scene: 'rosenbrock',
        lrs: [0.001, 0.001, 0.001, 0.001],
        steps: 80,
        runOptimizers: [sgd, momentum, adam, { optimizer: 'momentum', beta: 0.5 }],
      }),
    );
  });

  it('keeps the global optimizer for runs without their own, and their own hyper-parameters', async () => {
    // Global Adam; run 1 plain GD, run 2 Adam with β₁ = 0.5: three groups, back in run order.
    await expectRunsAlone(
      lecture({
        scene: 'valley',
        optimizer: 'adam',
        lrs: [0.3, 0.3, 0.3],
        runOptimizers: [null, { optimizer: 'sgd' }, { optimizer: 'adam', beta1: 0.5 }],
      }),
    );
  });

  it('a data scene: validation, early stopping, the exam and k folds stay each run’s own', async () => {
    await expectRunsAlone(
      lecture({
        scene: 'linreg',
        lrs: [0.05, 0.05, 0.05],
        steps: 40,
        batchSize: 16,
        patience: 10,
        runOptimizers: [adam, null, momentum],
      }),
    );
    const kfold = await expectRunsAlone(
      lecture({
        scene: 'linreg',
        lrs: [0.05, 0.05],
        steps: 30,
        folds: 3,
        runOptimizers: [momentum, adam],
      }),
    );
    expect(kfold.kfold?.k).toBe(3);
  });

  it('a network trains each run with its own optimizer', async () => {
    await expectRunsAlone(
      lecture({
        scene: 'cars',
        lrs: [0.02, 0.02, 0.02],
        steps: 25,
        width: 4,
        runOptimizers: [sgd, adam, momentum],
      }),
    );
  });
});
