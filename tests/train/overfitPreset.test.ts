import { beforeAll, describe, expect, it } from 'vitest';
import { pickExperiment } from '../../src/core/experiment';
import { runExperiment } from '../../src/train/experiment';
import { applyPreset, decode } from '../../src/url/codec';
import { NODE_BACKENDS, tf, useBackend } from '../helpers/tfjs';

/**
 * The overfitting preset shows its lesson (README, Presets: `overfit`): the validation loss turns
 * up while the training loss keeps falling. Trained exactly as a click on the preset trains it
 * (the default link with the preset applied), op by op and with the fused kernel the page uses.
 *
 * What must hold, from the lesson's own words rather than from a recorded run:
 * - the validation minimum lies in the first half of the run, after step 0 (it did fall first);
 * - the validation loss ends at least 1.5× its minimum (it clearly turned up, not a wobble);
 * - the training loss at the end is below the training loss at the validation minimum (it kept
 *   falling while validation rose), by at least 10× here: the network memorises its 20 rows;
 * - the run's verdict is not "too large" or "diverged": the lesson is overfitting, not the step.
 */
describe.each(NODE_BACKENDS)('the overfitting preset on %s', (backend) => {
  beforeAll(() => useBackend(backend));

  it.each([false, true])('validation turns up while training falls (fused: %s)', async (fused) => {
    const exp = pickExperiment(applyPreset(decode('').state, 'overfit'));
    expect(exp.scene).toBe('cars');
    const result = await runExperiment(tf, exp, { now: () => performance.now(), fused });
    const run = result!.runs[0]!;
    const val = result!.data!.val[0]!;
    const T = exp.steps;
    expect(val).toHaveLength(T + 1);
    let min = 0;
    for (let t = 1; t <= T; t++) if (val[t]! < val[min]!) min = t;
    // The page's best-step marker and table cell sit at that minimum.
    expect(result!.data!.bestStep[0]).toBe(min);
    expect(min).toBeGreaterThan(0);
    expect(min).toBeLessThan(T / 2);
    expect(val[T]!).toBeGreaterThanOrEqual(1.5 * val[min]!);
    expect(run.losses[T]!).toBeLessThan(run.losses[min]! / 10);
    expect(['just-right', 'too-small']).toContain(run.verdict.kind);
  });
});
