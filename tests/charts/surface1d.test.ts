import { describe, expect, it } from 'vitest';
import { surface1dLayout } from '../../src/charts';
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
    expect(r?.points[1]).toEqual({ x: 301.5, y: 209.62, step: 1, escaped: false });
    expect(r?.current).toEqual({ x: r?.points[3]?.x, y: r?.points[3]?.y });
    expect(r?.points.every((p) => !p.escaped)).toBe(true);
  });

  it('draws a run that flies out of the view up to the edge where it leaves, then stops', () => {
    const layout = surface1dLayout({
      ...base,
      runs: [run('out', [-2, 6, -30, 1e150])],
      cursor: 10,
    });
    const points = layout.runs[0]?.points ?? [];
    // Steps 2 and 3 lie further out still: drawing them pinned would smear the path along the frame.
    expect(points).toHaveLength(2);
    expect(points[0]?.escaped).toBe(false);
    // w = 6 is right of the view and L = 36 above it: the top-right corner.
    expect(points[1]).toEqual({ x: 386, y: 10, step: 1, escaped: true });
    expect(pathPoints(layout.runs[0]?.d ?? '')).toHaveLength(2);
    expectAllFinite(layout);
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
