import { describe, expect, it } from 'vitest';
import { contourLayout, DEFAULT_MARGIN, geometricThresholds } from '../../src/charts';
import type { RunInput } from '../../src/charts';
import { bbox, expectAllFinite, pathPoints } from './helpers';

/** values[i*n + j] = f(x0 + j·dx, y0 + i·dy), the documented grid layout. */
function grid(
  view: [[number, number], [number, number]],
  n: number,
  f: (x: number, y: number) => number,
) {
  const [[x0, x1], [y0, y1]] = view;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      values.push(f(x0 + (j * (x1 - x0)) / (n - 1), y0 + (i * (y1 - y0)) / (n - 1)));
    }
  }
  return { n, values };
}

function run(id: string, path: number[]): RunInput {
  return { id, color: '#1f5fbf', dash: '6 3', losses: path.filter((_, k) => k % 2 === 0), path };
}

// A view that is not centred on the bowl, so a wrong pixel convention or a flipped y shows.
const view: [[number, number], [number, number]] = [
  [-2, 2],
  [-1, 3],
];
const bowl = grid(view, 41, (x, y) => x * x + y * y);
// 400×300, the charts' default margins (given: the figure's own are wider) → available { x: 48, y: 10, width: 338, height: 262 }. Both spans are 4,
// so the square fit is 262×262 at x = 48 + (338 − 262)/2 = 86, y = 10; 65.5 px per unit.
// Pixel of (0, 0): x = 86 + 2·65.5 = 217, y = 10 + 262 − 1·65.5 = 206.5 (y points up).
const base = { width: 400, height: 300, view, grid: bowl, steps: 20, margin: DEFAULT_MARGIN };

describe('contourLayout', () => {
  it('fits the view with equal units on both axes, centred', () => {
    const layout = contourLayout({ ...base, runs: [], cursor: 0 });
    expect(layout.plot).toEqual({ x: 86, y: 10, width: 262, height: 262 });
    // A wide view: k = min(338/10, 262/2) = 33.8 → 338 × 67.6, centred: y = 10 + (262 − 67.6)/2.
    const wide = contourLayout({
      ...base,
      view: [
        [0, 10],
        [0, 2],
      ],
      runs: [],
      cursor: 0,
    });
    expect(wide.plot).toEqual({ x: 48, y: 107.2, width: 338, height: 67.6 });
    expect(wide.plot.width / 10).toBeCloseTo(wide.plot.height / 2, 6);
  });

  it('centres the rings of a radially symmetric bowl on the pixel of (0, 0)', () => {
    const layout = contourLayout({ ...base, runs: [], cursor: 0 });
    // Levels between 0.1 and 0.9 are circles of radius < 1: wholly inside the view.
    const inner = layout.contours.filter((c) => c.value > 0.1 && c.value < 0.9);
    expect(inner.length).toBeGreaterThan(0);
    for (const c of inner) {
      const b = bbox(c.lineD);
      // A half-cell error in d3-contour's pixel-centre convention would be 6.55/2 ≈ 3.3 px off.
      expect(Math.abs((b.x0 + b.x1) / 2 - 217)).toBeLessThan(1);
      expect(Math.abs((b.y0 + b.y1) / 2 - 206.5)).toBeLessThan(1);
      // Radius √value units at 65.5 px per unit, the same on both axes.
      const r = Math.sqrt(c.value) * 65.5;
      expect(Math.abs((b.x1 - b.x0) / 2 - r)).toBeLessThan(1);
      expect(Math.abs((b.y1 - b.y0) / 2 - r)).toBeLessThan(1);
    }
  });

  it('keeps every contour vertex inside the plot and drops the frame from stroked lines', () => {
    const layout = contourLayout({ ...base, runs: [], cursor: 0 });
    const { x, y, width, height } = layout.plot;
    expect(layout.contours).toHaveLength(12);
    for (const c of layout.contours) {
      for (const p of [...pathPoints(c.d), ...pathPoints(c.lineD)]) {
        expect(p.x).toBeGreaterThanOrEqual(x);
        expect(p.x).toBeLessThanOrEqual(x + width);
        expect(p.y).toBeGreaterThanOrEqual(y);
        expect(p.y).toBeLessThanOrEqual(y + height);
      }
    }
    // The region ≥ 0.5 of the bowl is the whole frame minus a disc: the fill walks the frame
    // (a vertex at the top-left corner), the stroke is the circle alone.
    const ring = layout.contours.find((c) => c.value > 0.1 && c.value < 0.9);
    expect(pathPoints(ring?.d ?? '')).toContainEqual({ x: 86, y: 10 });
    expect(ring?.lineD.match(/M/g)).toHaveLength(1);
  });

  it('spaces 12 levels geometrically above the grid minimum', () => {
    // Range [0, 13] (corner (2, 3)): levels 13·10^(−4 + k/3), k = 0..11.
    const t = geometricThresholds(bowl.values);
    expect(t).toHaveLength(12);
    expect(t[0]).toBeCloseTo(0.0013, 10);
    expect(t[3]).toBeCloseTo(0.013, 10);
    expect(t[11]).toBeCloseTo(13 * 10 ** (-1 / 3), 10);
    expect(geometricThresholds([5, 5, 5])).toEqual([]);
  });

  it('draws paths with y up, cut at the cursor, ending in an arrow at the frame where they leave', () => {
    // (0, 0) → (1, 1) → (5, −3): the last point is outside, right of and below the view.
    const layout = contourLayout({
      ...base,
      runs: [run('p', [0, 0, 1, 1, 5, -3, 0, 0])],
      cursor: 2,
      hover: 1,
    });
    const r = layout.runs[0];
    // Only the steps inside the view are points: the one outside is not pinned to the frame.
    expect(r?.points).toHaveLength(2);
    expect(r?.start).toEqual({ x: 217, y: 206.5 });
    // (1, 1): 65.5 px right of and 65.5 px above (0, 0).
    expect(r?.points[1]).toEqual({ x: 282.5, y: 141, step: 1 });
    expect(r?.end).toEqual({ x: 282.5, y: 141 });
    // The segment (1, 1) → (5, −3) is (1, 1) + s·(4, −4); it meets the right edge x = 2 at
    // s = 1/4, the point (2, 0): pixel (86 + 4·65.5, 272 − 65.5) = (348, 206.5), heading
    // down-right at 45° (SVG angles, y down). The true θ and loss travel with the arrow.
    expect(r?.exit).toEqual({ x: 348, y: 206.5, angle: 45, step: 2, theta: [5, -3], loss: 5 });
    expect(r?.d).toBe('M217,206.5L282.5,141L348,206.5');
    expect(layout.hover?.marks).toEqual([{ id: 'p', color: '#1f5fbf', x: 282.5, y: 141 }]);
  });

  it('stays finite with infinite or NaN losses in the grid and a run with no data', () => {
    const values = bowl.values.slice();
    values[0] = Infinity;
    values[1] = NaN;
    values[2] = 1e300;
    const layout = contourLayout({
      ...base,
      grid: { n: 41, values },
      runs: [run('none', []), run('far', [1e300, -1e300])],
      cursor: 5,
      hover: 0,
    });
    expectAllFinite(layout);
    expect(layout.runs.map((r) => r.id)).toEqual(['far']);
    // It starts outside: no points, its arrow from the plot's centre (217, 141) towards
    // (+∞, −∞) in θ, i.e. down-right in pixels at 45°, meets the frame at the corner (348, 272).
    expect(layout.runs[0]?.points).toEqual([]);
    expect(layout.runs[0]?.start).toEqual({ x: 348, y: 272 });
    expect(layout.runs[0]?.exit).toMatchObject({ x: 348, y: 272, angle: 45, step: 0 });
  });
});
