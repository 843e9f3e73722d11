import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { makeScene } from '../../src/core/scenes';
import { createI18n } from '../../src/i18n/i18n';
import { Legend } from '../../src/ui/components/Legend';
import { LossView } from '../../src/ui/components/LossView';
import { SurfaceView } from '../../src/ui/components/SurfaceView';
import { runInputs, validationInputs, type Frame } from '../../src/ui/runInputs';
import { FIGURE_HEIGHT, SURFACE_MARGIN } from '../../src/geometry/figure';

createI18n('en');

const scene = makeScene('valley', { kappa: 10 });
/** A stand-in surface for the valley's view [−5, 5]: L(w) = w² sampled every 0.1. */
const xs = Float32Array.from({ length: 101 }, (_, i) => -5 + i * 0.1);
const surface = { dims: 1 as const, xs, values: xs.map((w) => w * w) };
const STEPS = 6;

/**
 * Three runs on the stand-in: one converging to 0 exactly (off the log axis's bottom from step 3),
 * one that overshoots, and one that grows out of the view and past the loss axis's top.
 */
function frame(concealed = false): Frame {
  const mk = (lr: number, ws: number[], verdict: object) =>
    ({
      lr,
      path: Float32Array.from(ws),
      losses: Float32Array.from(ws.map((w) => w * w)),
      verdict,
    }) as unknown as NonNullable<Frame['runs'][number]>;
  return {
    scene,
    steps: STEPS,
    surface,
    start: [-2],
    draggable: true,
    concealed,
    runs: [
      mk(0.5, [-2, -1, -0.5, 0, 0, 0, 0], { kind: 'just-right' }),
      mk(0.9, [-2, 1.6, -1.28, 1.02, -0.82, 0.66, -0.52], {
        kind: 'too-large',
        detail: 'oscillating',
      }),
      mk(3, [-2, 10, -50, 250, -1250, 6250, -31250], { kind: 'diverged', divergedAt: 1 }),
    ],
  };
}

const render = (el: Parameters<typeof renderToStaticMarkup>[0]) => renderToStaticMarkup(el);
const noop = () => undefined;
const loss = (f: Frame) =>
  render(createElement(LossView, { frame: f, cursor: STEPS, hover: undefined, onHover: noop }));

describe('runInputs', () => {
  it('gives the diverged step, and while concealed only step 0 and no diverged step', () => {
    const open = runInputs(frame());
    expect(open.map((r) => r.divergedAt)).toEqual([undefined, undefined, 1]);
    expect(open[0]?.losses).toHaveLength(STEPS + 1);
    const hidden = runInputs(frame(true));
    expect(hidden.map((r) => Array.from(r.losses))).toEqual([[4], [4], [4]]);
    expect(hidden.map((r) => Array.from(r.path))).toEqual([[-2], [-2], [-2]]);
    expect(hidden.every((r) => r.divergedAt === undefined)).toBe(true);
    expect(validationInputs(frame(true))).toEqual([]);
  });
});

describe('LossView', () => {
  it('labels every run at its end with η and its verdict word, and marks what left the axis', () => {
    const svg = loss(frame());
    for (const [i, text] of [
      [0, 'η = 0.5'],
      [1, 'η = 0.9'],
      [2, 'η = 3'],
    ] as const) {
      const g = svg.slice(svg.indexOf(`data-label="run-${i}"`));
      expect(g.slice(0, g.indexOf('</g>'))).toContain(text);
    }
    expect(svg).toContain('just right');
    // Overshoots yet converges: "a bit large", not "too large" (the table's words too).
    expect(svg).toContain('a bit large');
    // The diverged run's label sits at its ✕ and says the step.
    expect(svg).toContain('diverged: step 1');
    expect(svg).toMatch(/data-diverged="1" data-for="run-2"/);
    // Run 0 reaches 0 at step 3: below the scale, said in the mark's title.
    expect(svg).toMatch(/data-offscale="bottom" data-for="run-0"[^>]*><title>loss = 0 from step 3/);
    // Run 2's losses are 4, 100, 2500, 62500, …: the axis top is 4 × 1e3 = 4000, so it leaves
    // the scale at step 3, with the true value in the mark's title.
    expect(svg).toMatch(
      /data-offscale="top" data-for="run-2"[^>]*><title>loss 62500 at step 3, above the scale/,
    );
    // The axes name their quantities.
    expect(svg).toContain('step (parameter updates)');
    expect(svg).toMatch(/data-axis-title="y"[^>]*>loss</);
  });

  it('while concealed shows the first loss only: η without verdict, no ✕, no off-scale mark', () => {
    const svg = loss(frame(true));
    expect(svg).not.toMatch(/just right|large|diverged/);
    expect(svg).not.toContain('✕');
    expect(svg).not.toContain('data-offscale');
    expect(svg).toContain('η = 0.9');
    // Each curve is a single point at step 0: a path of one M command, no L.
    const ds = [...svg.matchAll(/data-run="run-\d"><path d="([^"]*)"/g)].map((m) => m[1]);
    expect(ds).toHaveLength(3);
    for (const d of ds) expect(d).not.toContain('L');
  });
});

describe('Legend', () => {
  it('lists every run with η and its verdict, and only η while concealed', () => {
    const html = render(createElement(Legend, { frame: frame() }));
    expect(html).toContain('data-testid="legend"');
    expect(html.match(/data-legend-run=/g)).toHaveLength(3);
    expect(html).toContain('a bit large — overshoots, still converges');
    const hidden = render(createElement(Legend, { frame: frame(true) }));
    expect(hidden.match(/data-legend-run=/g)).toHaveLength(3);
    expect(hidden).toContain('η = 3');
    expect(hidden).not.toMatch(/just right|large|diverged/);
    // No validation curves here, so no training/validation key.
    expect(html).not.toContain('validation set');
  });
});

describe('SurfaceView (one parameter)', () => {
  it('puts the start handle on the curve at (w₀, L(w₀)), not on the w axis', () => {
    const svg = render(
      createElement(SurfaceView, {
        frame: frame(),
        cursor: STEPS,
        hover: undefined,
        onHover: noop,
        onStart: noop,
      }),
    );
    const cy = Number(/data-testid="start-handle" cx="[-\d.]+" cy="([-\d.]+)"/.exec(svg)?.[1]);
    // The curve w² on [−5, 5] spans [0, 25], plus 5% headroom: [0, 26.25] over the plot's
    // height H − top − bottom; L(−2) = 4 sits 4/26.25 of the way up from the bottom.
    const height = FIGURE_HEIGHT - SURFACE_MARGIN.top - SURFACE_MARGIN.bottom;
    const bottom = SURFACE_MARGIN.top + height;
    expect(cy).toBeCloseTo(bottom - (4 / 26.25) * height, 1);
    // The run that flies out ends in an arrow with its true place in the title, not a point.
    expect(svg).toMatch(
      /data-offscale="edge" data-for="run-2"[^>]*><title>step 1: \(10\), loss 100/,
    );
  });
});
