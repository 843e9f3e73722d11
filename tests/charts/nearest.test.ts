import { describe, expect, it } from 'vitest';
import { nearestStep, surface1dLayout } from '../../src/charts';

describe('nearestStep', () => {
  const runs = [
    [
      { x: 0, y: 0, step: 0 },
      { x: 10, y: 0, step: 1 },
      { x: 20, y: 0, step: 2 },
    ],
    [
      { x: 0, y: 10, step: 0 },
      { x: 10, y: 10, step: 1 },
    ],
  ];

  it('finds the step of the nearest drawn point', () => {
    expect(nearestStep(runs, 19, 1, 5)).toBe(2);
    expect(nearestStep(runs, 9, 8, 5)).toBe(1);
  });

  it('returns undefined when nothing is within the radius', () => {
    expect(nearestStep(runs, 40, 40, 5)).toBeUndefined();
    expect(nearestStep([], 0, 0, 5)).toBeUndefined();
    // Exactly on the radius counts as within.
    expect(nearestStep(runs, 25, 0, 5)).toBe(2);
  });

  it('prefers the earliest step where a bouncing run revisits a pixel', () => {
    const bounce = [
      [
        { x: 5, y: 5, step: 4 },
        { x: 5, y: 5, step: 2 },
        { x: 5, y: 5, step: 6 },
      ],
    ];
    expect(nearestStep(bounce, 5, 6, 3)).toBe(2);
  });

  it('works on the points a surface layout returns', () => {
    const xs = [-2, 0, 2];
    const layout = surface1dLayout({
      width: 400,
      height: 300,
      view: [-2, 2],
      curve: { xs, values: xs.map((w) => w * w) },
      steps: 3,
      runs: [{ id: 'a', color: '#000', dash: '', losses: [4, 1, 0], path: [-2, -1, 0] }],
      cursor: 3,
    });
    const p = layout.runs[0]?.points[1];
    expect(
      nearestStep(
        layout.runs.map((r) => r.points),
        (p?.x ?? 0) + 2,
        p?.y ?? 0,
        8,
      ),
    ).toBe(1);
  });
});
