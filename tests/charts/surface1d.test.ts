import { describe, expect, it } from 'vitest';
import { surface1dLayout } from '../../src/charts';
import { curveAt } from '../../src/charts/surface1d';
import type { RunInput } from '../../src/charts';
import { expectAllFinite, pathPoints } from './helpers';

// L(w) = w² sampled on [-2, 2] at 401 points (spacing 0.01, so w = 0 is a sample).
const xs = Array.from({ length: 401 }, (_, i) => -2 + i * 0.01);
const curve = { xs, values: xs.map((w) => w * w) };
const L = (w: number) => w * w;

function run(id: string, ws: number[]): RunInput {
  return { id, color: '#d62728', dash: '', losses: ws.map(L), path: ws };
}

// 400×300, default margins → plot { x: 48, y: 10, width: 338, height: 262 }.
// y domain [0, 4 + 5%·4 = 4.2]: y(v) = 272 − 262·v/4.2; x(w) = 48 + 338·(w + 2)/4.
const base = { width: 400, height: 300, view: [-2, 2] as [number, number], curve, steps: 10 };

describe('surface1dLayout', () => {
  it('draws L(w) = w² with its lowest point at the plot x centre, on the bottom edge', () => {
    const layout = surface1dLayout({ ...base, runs: [], cursor: 0 });
    const pts = pathPoints(layout.curveD);
    expect(pts).toHaveLength(401);
    const lowest = pts.reduce((a, b) => (b.y > a.y ? b : a));
    expect(lowest.x).toBeCloseTo(layout.plot.x + layout.plot.width / 2, 2);
    expect(lowest.y).toBe(layout.plot.y + layout.plot.height);
    // The ends, L = 4, sit 5% below the top: 272 − 262·4/4.2 = 22.48.
    expect(pts[0]).toEqual({ x: 48, y: 22.48 });
    expect(pts[400]).toEqual({ x: 386, y: 22.48 });
    expect(layout.yTicks[0]).toMatchObject({ value: 0, pos: 272 });
  });

  it('places (w_t, L_t) on the curve and joins them in step order up to the cursor', () => {
    // GD on w² with η = 0.75 from −2: w ← w − 1.5w = −0.5w, bouncing across the valley.
    const ws = [-2, 1, -0.5, 0.25, -0.125, 0.0625];
    const layout = surface1dLayout({ ...base, runs: [run('bounce', ws)], cursor: 3 });
    const r = layout.runs[0];
    // Cursor 3 → steps 0..3.
    expect(r?.points.map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(pathPoints(r?.d ?? '')).toHaveLength(4);
    // Step 1: w = 1 → x = 48 + 338·3/4 = 301.5; L = 1 → y = 272 − 262/4.2 = 209.62.
    expect(r?.points[1]).toEqual({ x: 301.5, y: 209.62, step: 1 });
    expect(r?.current).toEqual({ x: r?.points[3]?.x, y: r?.points[3]?.y });
    expect(r?.exit).toBeUndefined();
  });

  it('draws a run that flies out of the view up to the edge where it leaves, then an arrow', () => {
    const layout = surface1dLayout({
      ...base,
      runs: [run('out', [-2, 6, -30, 1e150])],
      cursor: 10,
    });
    const r = layout.runs[0];
    // Only step 0 is inside; steps 1.. are not drawn as points, pinned or otherwise.
    expect(r?.points).toEqual([{ x: 48, y: 22.48, step: 0 }]);
    // Step 1, (w, L) = (6, 36), is at pixel (48 + 338·8/4, 272 − 262·36/4.2) = (724, −1973.71);
    // step 0 at (48, 272 − 262·4/4.2 = 22.476). The segment meets the top edge y = 10 after
    // s = 12.476/1996.19 = 0.00625 of its length: x = 48 + 676·s = 52.23. Its heading is
    // atan2(−1996.19, 676) = −71.29° (SVG angles: up and to the right).
    expect(r?.exit?.step).toBe(1);
    expect(r?.exit?.x).toBeCloseTo(52.23, 2);
    expect(r?.exit?.y).toBe(10);
    expect(r?.exit?.angle).toBeCloseTo(-71.29, 1);
    expect([r?.exit?.w, r?.exit?.loss]).toEqual([6, 36]);
    expect(pathPoints(r?.d ?? '')).toHaveLength(2);
    expectAllFinite(layout);
  });

  it('curveAt interpolates the sampled curve linearly and clamps to its ends', () => {
    // Samples of w² every 0.01: between −0.5 and −0.49 the chord at −0.495 is
    // (0.25 + 0.2401)/2 = 0.24505 (w² itself is 0.245025: the chord lies above).
    expect(curveAt(curve, -0.495)).toBeCloseTo(0.24505, 10);
    expect(curveAt(curve, 1)).toBeCloseTo(1, 10);
    expect(curveAt(curve, -5)).toBe(4);
    expect(curveAt(curve, 5)).toBeCloseTo(4, 10);
    expect(curveAt({ xs: [], values: [] }, 0)).toBeNaN();
  });

  it('starts the y axis at the curve minimum when the curve goes negative', () => {
    // L = w² − 1 on [-2, 2]: range [−1, 3] plus 5% of 4 on top → [−1, 3.2].
    const layout = surface1dLayout({
      ...base,
      curve: { xs, values: xs.map((w) => w * w - 1) },
      runs: [],
      cursor: 0,
    });
    const pts = pathPoints(layout.curveD);
    expect(Math.max(...pts.map((p) => p.y))).toBe(272);
    // L = 3 at the ends: 272 − 262·4/4.2 = 22.48.
    expect(pts[0]?.y).toBe(22.48);
  });

  it('marks the hovered step on each run that has reached it', () => {
    const layout = surface1dLayout({
      ...base,
      runs: [run('a', [-2, -1, -0.5]), run('b', [-2])],
      cursor: 10,
      hover: 1,
    });
    expect(layout.hover?.marks).toEqual([
      {
        id: 'a',
        color: '#d62728',
        x: layout.runs[0]?.points[1]?.x,
        y: layout.runs[0]?.points[1]?.y,
      },
    ]);
  });

  it('survives empty runs and a broken view', () => {
    const layout = surface1dLayout({
      ...base,
      view: [1, 1],
      runs: [run('empty', [])],
      cursor: 5,
      hover: 0,
    });
    expect(layout.runs[0]?.d).toBe('');
    expect(layout.runs[0]?.current).toBeUndefined();
    expectAllFinite(layout);
  });
});
