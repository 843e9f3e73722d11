import { describe, expect, it } from 'vitest';
import { makeScene } from '../../src/core/scenes';
import { exportTraces, tracesCsv, tracesJson } from '../../src/ui/figure/traces';
import type { Frame } from '../../src/ui/runInputs';
import { createI18n } from '../../src/i18n/i18n';
import { verdictLabel } from '../../src/ui/labels';
import type { Verdict } from '../../src/core/verdict';

/** The verdicts in English words, as an English page exports them. */
const en = createI18n('en').getFixedT('en');
const words = (v: Verdict) => verdictLabel(v, en);

/** Two runs on the quadratic bowl (θ₁, θ₂), 3 steps; the second diverged after step 1. */
function frame(): Frame {
  const scene = makeScene('quadratic', { kappa: 10 });
  return {
    scene,
    steps: 3,
    surface: { dims: 1, xs: new Float64Array(0), values: new Float32Array(0) } as never,
    start: [1, 2],
    draggable: true,
    runs: [
      {
        lr: 0.1,
        losses: Float32Array.from([5, 2.5, 1.25, 0.625]),
        path: Float32Array.from([1, 2, 0.5, 1, 0.25, 0.5, 0.125, 0.25]),
        verdict: { kind: 'just-right' },
      },
      undefined,
      {
        lr: 0.3,
        losses: Float32Array.from([5, 40]),
        path: Float32Array.from([1, 2, -3, -6]),
        nonFiniteAt: 2,
        verdict: { kind: 'diverged', divergedAt: 1 },
      },
    ],
  };
}

describe('trace exports', () => {
  it('writes one CSV row per run and step 0..steps, blank after a run diverged', () => {
    const csv = tracesCsv(exportTraces(frame(), words));
    const names = makeScene('quadratic', { kappa: 10 }).paramNames ?? ['θ1', 'θ2'];
    expect(csv.split('\r\n')).toEqual([
      `run,lr,step,loss,${names.join(',')},verdict`,
      '1,0.1,0,5,1,2,just right',
      '1,0.1,1,2.5,0.5,1,just right',
      '1,0.1,2,1.25,0.25,0.5,just right',
      '1,0.1,3,0.625,0.125,0.25,just right',
      // Run 2 is still training (a gap): the third run keeps its number.
      '3,0.3,0,5,1,2,diverged at step 1',
      '3,0.3,1,40,-3,-6,diverged at step 1',
      '3,0.3,2,,,,diverged at step 1',
      '3,0.3,3,,,,diverged at step 1',
      '',
    ]);
  });

  it('names the real steps of a strided run (a network recording its loss every e-th step)', () => {
    // Runs of T = 7 steps at stride 3 record steps 0, 3, 6, 7
    // (lossStep: min(i·3, 7)); the second run diverged, its losses cut after step 3's.
    const base = frame();
    const net: Frame = {
      ...base,
      steps: 7,
      runs: [
        {
          lr: 0.1,
          losses: Float32Array.from([4, 3, 2, 1]),
          path: new Float32Array(0),
          lossEvery: 3,
          lossSteps: 7,
          verdict: { kind: 'just-right' },
        },
        {
          lr: 0.3,
          losses: Float32Array.from([4, 9]),
          path: new Float32Array(0),
          lossEvery: 3,
          lossSteps: 7,
          nonFiniteAt: 6,
          verdict: { kind: 'diverged', divergedAt: 6 },
        },
      ],
    };
    const t = exportTraces(net, words);
    expect(t.runs[0]!.lossSteps).toEqual([0, 3, 6, 7]);
    expect(t.runs[1]!.lossSteps).toEqual([0, 3]);
    const rows = tracesCsv(t).split('\r\n').slice(1, -1);
    // The step column (third) is the real step; the loss (fourth) blank after divergence.
    expect(rows.map((r) => r.split(',').slice(0, 4).join(','))).toEqual([
      '1,0.1,0,4',
      '1,0.1,3,3',
      '1,0.1,6,2',
      '1,0.1,7,1',
      '2,0.3,0,4',
      '2,0.3,3,9',
      '2,0.3,6,',
      '2,0.3,7,',
    ]);
  });

  it('writes float32 losses in full, so they read back to the same float32', () => {
    const f = frame();
    const third = Math.fround(1 / 3);
    (f.runs[0]!.losses as Float32Array)[1] = third;
    const csv = tracesCsv(exportTraces(f, words));
    const cell = csv.split('\r\n')[2]!.split(',')[3]!;
    // float32(1/3) = 11184811 · 2^-25 = 0.3333333432674407958984375; the shortest float64 form.
    expect(cell).toBe('0.3333333432674408');
    expect(Math.fround(Number(cell))).toBe(third);
  });

  it('quotes a field with a comma (RFC 4180)', () => {
    const t = exportTraces(frame(), words);
    const quoted = tracesCsv({ ...t, runs: [{ ...t.runs[0]!, verdict: 'too large, stalled' }] });
    expect(quoted.split('\r\n')[1]).toBe('1,0.1,0,5,1,2,"too large, stalled"');
  });

  it('writes JSON that parses back to the same traces and what produced them', () => {
    const t = exportTraces(frame(), words);
    const back = JSON.parse(tracesJson(t, { seed: 7, backend: 'cpu' })) as Record<string, unknown>;
    expect(back).toEqual({ seed: 7, backend: 'cpu', ...JSON.parse(JSON.stringify(t)) });
    expect((back.runs as { losses: number[] }[])[1]!.losses).toEqual([5, 40]);
  });
});
