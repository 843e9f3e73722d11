import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { pickExperiment } from '../../src/core/experiment';
import { makeScene } from '../../src/core/scenes';
import { createI18n } from '../../src/i18n/i18n';
import { LossView } from '../../src/ui/components/LossView';
import { partialFrame, streamsFor, type StreamedLosses } from '../../src/ui/figure/partialFrame';
import { legendItems } from '../../src/ui/figure/legendItems';
import { pendingOf } from '../../src/ui/layout/StatusLine';
import { runInputs } from '../../src/ui/runInputs';
import { lossChartLayout } from '../../src/charts';
import { applyPreset, decode } from '../../src/url/codec';

const i18n = createI18n('en');

/** The k-fold preset (3 learning rates × 5 folds), 120 of its 300 steps trained. */
const state = applyPreset(decode('').state, 'kfold');
const experiment = pickExperiment(state);
const k = experiment.folds;
const runs = experiment.lrs.length * k;
/** Run r's loss at step t: 1/(1 + t) + r (each run its own, to see which one is drawn). */
const curve = (r: number, n: number) => Float32Array.from({ length: n }, (_, t) => 1 / (1 + t) + r);
const streamed: StreamedLosses = {
  experiment,
  choice: state.backend,
  partial: {
    stepsDone: 120,
    steps: experiment.steps,
    k,
    losses: Array.from({ length: runs }, (_, r) => curve(r, 121)),
    val: Array.from({ length: runs }, (_, r) => curve(r + 0.5, 121)),
  },
};
const scene = makeScene(experiment.scene, experiment);

describe('a partial frame (results as they come)', () => {
  it('draws fold 0’s run of each learning rate, its losses so far, on an x axis of all the steps', () => {
    const frame = partialFrame(streamed, scene, false);
    expect(frame.partial).toBe(true);
    expect(frame.steps).toBe(experiment.steps);
    expect(frame.runs.map((r) => r?.lr)).toEqual(experiment.lrs);
    // Learning rate j is run j·k of the batch (fold 0), as the final figure shows it.
    frame.runs.forEach((r, j) => expect(r?.losses[0]).toBe(1 + j * k));
    frame.validation?.forEach((v, j) => expect(v?.losses[0]).toBe(1.5 + j * k));
    expect(frame.runs.every((r) => r?.verdict === undefined)).toBe(true);
  });

  it('says no verdict anywhere: grey lines, no ✕, no best-step mark, no verdict word', () => {
    const frame = partialFrame(streamed, scene, false);
    expect(legendItems(frame, i18n.t, 'en').map((l) => l.verdict)).toEqual(['', '', '']);
    const inputs = runInputs(frame, true);
    expect(inputs.every((r) => r.divergedAt === undefined)).toBe(true);
    const svg = renderToStaticMarkup(
      createElement(LossView, {
        frame,
        cursor: frame.steps,
        hover: undefined,
        onHover: () => undefined,
        fontSize: 14,
      }),
    );
    expect(svg).not.toContain('data-best');
    expect(svg).not.toContain('just right');
    expect(svg).not.toContain('data-diverged');
    // The lines are drawn: one path per run and one per validation curve.
    expect(svg.match(/<g data-run="run-/g)).toHaveLength(3);
    expect(svg.match(/<g data-run="val-/g)).toHaveLength(3);
  });

  it('places losses recorded at a stride at their steps', () => {
    // Stride 4: the 31 losses so far are steps 0, 4, …, 120 (⌊120/4⌋ + 1 = 31 of them); the
    // chart's line ends at step 120, not at 30.
    const strided: StreamedLosses = {
      ...streamed,
      partial: {
        ...streamed.partial,
        losses: Array.from({ length: runs }, (_, r) => curve(r, 31)),
        lossEvery: 4,
      },
    };
    const frame = partialFrame(strided, scene, false);
    expect(frame.runs[0]?.lossEvery).toBe(4);
    expect(frame.runs[0]?.lossSteps).toBe(experiment.steps);
    const inputs = runInputs(frame, false);
    expect(inputs[0]?.lossEvery).toBe(4);
    const layout = lossChartLayout({
      width: 400,
      height: 300,
      steps: frame.steps,
      runs: inputs,
      cursor: frame.steps,
    });
    expect(layout.lines[0]?.end?.step).toBe(120);
  });

  it('belongs only to the parameters it was trained for', () => {
    expect(streamsFor(streamed, state)).toBe(true);
    expect(streamsFor(streamed, { ...state, lrs: [0.003, 0.05, 0.2] })).toBe(false);
    expect(streamsFor(streamed, { ...state, seed: state.seed + 1 })).toBe(false);
    expect(streamsFor(streamed, { ...state, backend: 'cpu' })).toBe(state.backend === 'cpu');
  });

  it('makes the status line name the step and the folds', () => {
    const training = {
      status: 'running' as const,
      stepsDone: 120,
      surfaceDone: undefined,
      backend: undefined,
      partial: streamed,
    };
    const none = { asked: undefined, answered: false };
    expect(pendingOf(training, false, experiment.steps, none)).toEqual({
      kind: 'training',
      done: 120,
      of: experiment.steps,
      k,
      fold: undefined,
    });
    const fold = { index: 1, of: k, step: 40 };
    const oneByOne = { ...streamed, partial: { ...streamed.partial, fold } };
    expect(
      pendingOf({ ...training, partial: oneByOne }, false, experiment.steps, none),
    ).toMatchObject({ kind: 'training', fold });
    expect(i18n.t('app.trainingFold', { fold: 2, folds: 5, step: 40, steps: 300 })).toBe(
      'Training fold 2 of 5 — step 40 of 300…',
    );
    expect(i18n.t('app.trainingStep', { count: 1, step: 120, steps: 1500 })).toBe(
      'Training 1 run — step 120 of 1500…',
    );
    // A final result on screen: the partial no longer decides what is pending.
    expect(pendingOf({ ...training, status: 'done' }, true, experiment.steps, none).kind).toBe(
      'done',
    );
  });
});
