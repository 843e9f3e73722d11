import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DECADES,
  lrAtX,
  lrDomain,
  lrLossDomain,
  lrPlot,
  nearestPoint,
  xOfLr,
} from '../../src/charts/lrPlot';
import { LR_MARGIN } from '../../src/charts/lrPlot';
import type { LrPointInput } from '../../src/charts/lrPlot';
import { expectAllFinite } from './helpers';

// 400×300 with the default margins (top 10, right 14, bottom 28, left 48):
// plot = { x: 48, y: 10, width: 338, height: 262 }.
const size = { width: 400, height: 300 };

const pt = (id: string, lr: number, loss: number, diverged?: boolean): LrPointInput =>
  diverged === undefined
    ? { id, lr, loss, color: '#000' }
    : { id, lr, loss, color: '#000', diverged };

describe('lrPlot: the learning-rate sweep', () => {
  // x: [1e-4, 1] = 4 decades over 338 px, so x(10^e) = 48 + 84.5·(e + 4).
  // y: the losses that count are 10^−0.5 and 0.02 (the diverged, infinite and zero ones do not),
  // so [0.01, 1] = 2 decades over 262 px and y(10^e) = 272 − 131·(e + 2).
  const layout = lrPlot({
    ...size,
    xDomain: [1e-4, 1],
    points: [
      pt('a', 1e-3, 10 ** -0.5),
      pt('z', 1e-4, 0.02),
      pt('c', 1e-1, 1e5, true),
      pt('d', 1, Infinity),
      pt('e', 3e-3, 0),
    ],
  });

  it('puts decade ticks at hand-computed pixels', () => {
    expect(layout.plot).toEqual({ x: 48, y: 10, width: 338, height: 262 });
    expect(layout.xDomain).toEqual([1e-4, 1]);
    expect(layout.yDomain).toEqual([0.01, 1]);
    expect(layout.xTicks).toEqual([
      { value: 1e-4, pos: 48, label: '1e-4' },
      { value: 1e-3, pos: 132.5, label: '1e-3' },
      { value: 1e-2, pos: 217, label: '1e-2' },
      { value: 1e-1, pos: 301.5, label: '1e-1' },
      { value: 1, pos: 386, label: '1' },
    ]);
    expect(layout.yTicks).toEqual([
      { value: 0.01, pos: 272, label: '1e-2' },
      { value: 0.1, pos: 141, label: '1e-1' },
      { value: 1, pos: 10, label: '1' },
    ]);
  });

  it('places points at hand-computed pixels', () => {
    const byId = Object.fromEntries(layout.points.map((p) => [p.id, p]));
    // 10^−0.5: y = 272 − 131·1.5 = 75.5.
    expect(byId.a).toMatchObject({ x: 132.5, y: 75.5, pinned: false, diverged: false });
    // 0.02: y = 272 − 131·log10(2) = 272 − 39.435 = 232.565 → 232.57.
    expect(byId.z).toMatchObject({ x: 48, y: 232.57, pinned: false, diverged: false });
  });

  it('pins diverged and infinite points to the top edge with a flag, zero to the bottom', () => {
    const byId = Object.fromEntries(layout.points.map((p) => [p.id, p]));
    expect(byId.c).toMatchObject({ x: 301.5, y: 10, pinned: 'top', diverged: true });
    expect(byId.d).toMatchObject({ x: 386, y: 10, pinned: 'top', diverged: true });
    // 3e-3: x = 48 + 84.5·(4 + log10 3) = 48 + 84.5·1.47712 = 172.82.
    expect(byId.e).toMatchObject({ x: 172.82, y: 272, pinned: 'bottom', diverged: false });
    expectAllFinite(layout);
  });

  it('caps the loss axis at 12 decades below its top and pins smaller losses on the bottom', () => {
    // Losses 1e-6 and 1e10 span 16 decades: the axis keeps [1e-2, 1e10]; 1e-6 sits on the bottom
    // edge (y = 10 + 262), 1e10 is drawn at the top (y = 10) at its value.
    const l = lrPlot({ ...size, points: [pt('lo', 1e-3, 1e-6), pt('hi', 1e-1, 1e10)] });
    expect(l.yDomain).toEqual([1e-2, 1e10]);
    expect(Math.log10(l.yDomain[1] / l.yDomain[0])).toBeCloseTo(MAX_DECADES, 12);
    expect(l.points[1]).toMatchObject({ y: 10, pinned: false, diverged: false });
    expect(l.points[0]).toMatchObject({ y: 272, pinned: 'bottom' });
    // 13 decades > floor(262 / 24) = 10 ticks: thinned, but still decades and 1 kept.
    const values = l.yTicks.map((t) => t.value);
    expect(values).toContain(1);
    for (const v of values) expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 12);
  });

  it('flags points whose η is outside a given x domain and clamps them to the edge', () => {
    const l = lrPlot({ ...size, xDomain: [1e-4, 1], points: [pt('far', 10, 0.5)] });
    expect(l.points[0]).toMatchObject({ x: 386, pinned: 'side' });
  });
});

describe('lrPlot: the range test', () => {
  // The lines' η are 1e-4..1 (derived x domain [1e-4, 1], as above); their positive losses span
  // 0.01..100, so y: [0.01, 100] = 4 decades over 262 px, y(10^e) = 272 − 65.5·(e + 2).
  const lrs = [1e-4, 1e-3, 1e-2, 1e-1, 1];
  const layout = lrPlot({
    ...size,
    lines: [
      { id: 'raw', color: '#999', lrs, losses: [1, 0.1, NaN, 0.01, 100] },
      { id: 'smooth', color: '#000', dash: '4 2', lrs, losses: [1, 1, 0.1, 0.1, 0] },
    ],
    markers: [
      { id: 'valley', lr: 1e-3, label: 'valley' },
      { id: 'min/10', lr: 10 ** -2.5, label: 'min/10' },
    ],
  });

  it('draws the lines at hand-computed pixels, broken at NaN and at 0', () => {
    expect(layout.xDomain).toEqual([1e-4, 1]);
    expect(layout.yDomain).toEqual([0.01, 100]);
    // raw: (48, 141) (132.5, 206.5) | NaN | (301.5, 272) (386, 10).
    expect(layout.lines[0]).toEqual({
      id: 'raw',
      color: '#999',
      dash: '',
      d: 'M48,141L132.5,206.5M301.5,272L386,10',
    });
    // smooth: 1, 1, 0.1, 0.1 at y 141, 141, 206.5, 206.5; the 0 at η = 1 is left out.
    expect(layout.lines[1]?.d).toBe('M48,141L132.5,141L217,206.5L301.5,206.5');
    expect(layout.lines[1]?.dash).toBe('4 2');
  });

  it('puts the suggestion markers at their η', () => {
    // 10^−2.5: x = 48 + 84.5·1.5 = 174.75.
    expect(layout.markers).toEqual([
      { id: 'valley', label: 'valley', x: 132.5, clipped: false },
      { id: 'min/10', label: 'min/10', x: 174.75, clipped: false },
    ]);
  });

  it('widens a derived x domain to a marker below the tested range, clips with a given one', () => {
    const marker = { id: 'm', lr: 1e-5, label: 'min/10' };
    const line = { id: 'l', color: '#000', lrs, losses: [1, 1, 1, 1, 1] };
    expect(lrPlot({ ...size, lines: [line], markers: [marker] }).xDomain).toEqual([1e-5, 1]);
    const given = lrPlot({ ...size, xDomain: [1e-4, 1], lines: [line], markers: [marker] });
    expect(given.markers[0]).toMatchObject({ x: 48, clipped: true });
  });

  it('keeps the top 12 decades of a line and draws values below on the bottom edge', () => {
    const l = lrPlot({
      ...size,
      lines: [{ id: 'l', color: '#000', lrs: [1e-3, 1e-2], losses: [1e-6, 1e20] }],
    });
    expect(l.yDomain).toEqual([1e8, 1e20]);
    expect(l.lines[0]?.d).toBe('M48,272L386,10');
  });
});

describe('domains', () => {
  it('derives whole decades from the data', () => {
    expect(lrDomain({ ...size, points: [pt('a', 2e-4, 1), pt('b', 0.3, 1)] })).toEqual([1e-4, 1]);
    // A single η on a power of ten still gets a decade of axis.
    expect(lrDomain({ ...size, points: [pt('a', 1e-2, 1)] })).toEqual([1e-2, 1e-1]);
    expect(lrLossDomain({ ...size, points: [pt('a', 1e-2, 1)] })).toEqual([1, 10]);
    expect(lrLossDomain({ ...size, points: [pt('a', 1e-2, 0.37), pt('b', 1, 4.2)] })).toEqual([
      0.1, 10,
    ]);
  });

  it('ignores an invalid given x domain and non-positive η', () => {
    const points = [pt('a', 0, 1), pt('b', -1, 1), pt('c', 5e-3, 1), pt('d', NaN, 1)];
    expect(lrDomain({ ...size, xDomain: [1, 1e-3], points })).toEqual([1e-3, 1e-2]);
    expect(lrDomain({ ...size, xDomain: [0, 1], points })).toEqual([1e-3, 1e-2]);
  });

  it('falls back to fixed axes with no data and stays finite at zero size', () => {
    const l = lrPlot({ width: 0, height: 0 });
    expect(l.xDomain).toEqual([1e-3, 1]);
    expect(l.yDomain).toEqual([0.1, 10]);
    expectAllFinite(l);
    const allBad = lrPlot({
      width: NaN,
      height: 10,
      points: [pt('a', NaN, NaN), pt('b', 0, -1), pt('c', Infinity, 1, true)],
      lines: [{ id: 'l', color: '#000', lrs: [NaN, 0], losses: [Infinity, NaN] }],
      markers: [{ id: 'm', lr: NaN, label: '?' }],
    });
    expectAllFinite(allBad);
    expect(allBad.lines[0]?.d).toBe('');
  });
});

describe('xOfLr / lrAtX', () => {
  const layout = lrPlot({ ...size, xDomain: [1e-4, 1] });

  it('map η to pixels and back, clamped to the plot', () => {
    expect(xOfLr(layout, 1e-2)).toBe(217);
    expect(xOfLr(layout, 1e3)).toBe(386);
    expect(xOfLr(layout, 0)).toBe(48);
    expect(lrAtX(layout, 217)).toBeCloseTo(1e-2, 14);
    expect(lrAtX(layout, 0)).toBeCloseTo(1e-4, 16);
    expect(lrAtX(layout, 1000)).toBeCloseTo(1, 14);
  });

  it('are inverse to each other up to the 2-decimal rounding of pixels', () => {
    fc.assert(
      fc.property(fc.double({ min: -4, max: 0, noNaN: true }), (e) => {
        const back = Math.log10(lrAtX(layout, xOfLr(layout, 10 ** e)));
        // 0.005 px of rounding over 84.5 px per decade.
        expect(Math.abs(back - e)).toBeLessThanOrEqual(0.005 / 84.5 + 1e-12);
      }),
    );
  });
});

describe('nearestPoint', () => {
  const layout = lrPlot({
    ...size,
    xDomain: [1e-4, 1],
    points: [pt('a', 1e-3, 0.1), pt('b', 1e-2, 0.01), pt('b2', 1e-2, 0.01), pt('c', 1, Infinity)],
  });
  // y domain [0.01, 0.1]: a at (132.5, 10), b and b2 at (217, 272), c pinned at (386, 10).

  it('finds the point under the pointer, the diverged one on the top edge included', () => {
    expect(nearestPoint(layout, 130, 12)?.id).toBe('a');
    expect(nearestPoint(layout, 384, 12)?.id).toBe('c');
  });

  it('prefers the earlier of two stacked points and returns undefined when nothing is near', () => {
    expect(nearestPoint(layout, 217, 270)?.id).toBe('b');
    expect(nearestPoint(layout, 300, 150)).toBeUndefined();
    // Exactly on the radius counts as within.
    expect(nearestPoint(layout, 132.5, 18, 8)?.id).toBe('a');
  });
});

describe('lrPlot: the runs of the figure on the sweep', () => {
  it('marks each run at its η, widens a derived axis to reach it, and keeps the y label above the plot', () => {
    const layout = lrPlot({
      width: 560,
      height: 300,
      margin: LR_MARGIN,
      points: [
        { id: 'a', lr: 0.01, loss: 1, color: '#000' },
        { id: 'b', lr: 1, loss: 0.1, color: '#000' },
      ],
      runs: [
        { id: 'run-0', lr: 0.1, color: '#123456' },
        { id: 'run-1', lr: 5, color: '#654321' },
      ],
    });
    // Plot from x = 48 to 560 − 14 = 546 (498 px), top at 30. The points span 1e-2…1; run 1 at
    // η = 5 widens the derived domain to 1e-2…1e1, three decades of 166 px: η = 0.1 is one decade
    // in, x = 48 + 166 = 214; η = 5 is at 48 + 166·(3 − 1 + log10 5) = 48 + 166·2.69897 = 496.03.
    expect(layout.xDomain).toEqual([0.01, 10]);
    expect(layout.runs.map((r) => [r.id, r.color, r.clipped])).toEqual([
      ['run-0', '#123456', false],
      ['run-1', '#654321', false],
    ]);
    expect(layout.runs[0]!.x).toBeCloseTo(214, 1);
    expect(layout.runs[1]!.x).toBeCloseTo(496.03, 1);
    // The label's baseline is above the plot's top edge, where the ✕ of a diverged point (7 px
    // above the edge) does not reach the label's glyphs (11 px tall, baseline 14 px above the edge).
    expect(layout.plot.y).toBe(30);
    expect(layout.yLabel.y).toBeLessThanOrEqual(layout.plot.y - 14);
    expect(layout.yLabel.x).toBeLessThan(layout.plot.x);
  });
});
