import { describe, expect, it } from 'vitest';
import { placeLineLabels, spreadLabels, textWidth } from '../../src/charts/lineLabels';

/** Whether two boxes (x, y = middle, width, height) overlap by more than rounding. */
const overlap = (
  a: { x: number; y: number; width: number; height: number },
  b: { x: number; y: number; width: number; height: number },
) =>
  a.x < b.x + b.width - 0.01 &&
  b.x < a.x + a.width - 0.01 &&
  Math.abs(a.y - b.y) < (a.height + b.height) / 2 - 0.01;

describe('spreadLabels', () => {
  it('leaves labels that do not touch where they are', () => {
    expect(spreadLabels([50, 200, 120], 20, 0, 400)).toEqual([50, 200, 120]);
  });

  it('centres a pushed-apart group on what its members wanted', () => {
    // Wanted 100, 102, 104 with boxes 20 tall: as a block, member k sits at top + 20k, and the
    // least-squares top is mean(100 − 0, 102 − 20, 104 − 40) = mean(100, 82, 64) = 82.
    expect(spreadLabels([104, 100, 102], 20, 0, 400)).toEqual([122, 82, 102]);
  });

  it('clamps into the height, moving the whole group', () => {
    // Wanted at the very top: the first centre can be no higher than lo + gap/2 = 10.
    expect(spreadLabels([0, 1], 20, 0, 400)).toEqual([10, 30]);
    // At the bottom: the last is at most hi − 10 = 390, the other 20 above it.
    expect(spreadLabels([399, 400], 20, 0, 400)).toEqual([370, 390]);
  });

  it('shares the height evenly when the labels cannot fit', () => {
    // Five boxes of 30 in 100 px: the gap shrinks to 100/5 = 20, centres 10, 30, …, 90.
    expect(spreadLabels([50, 50, 50, 50, 50], 30, 0, 100)).toEqual([10, 30, 50, 70, 90]);
  });

  it('never overlaps, for many random label sets', () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 300;
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + (trial % 8);
      const wanted = Array.from({ length: n }, rand);
      const ys = spreadLabels(wanted, 28, 20, 332).sort((a, b) => a - b);
      for (let i = 1; i < n; i++) expect(ys[i]! - ys[i - 1]!).toBeGreaterThanOrEqual(27.99);
      expect(ys[0]!).toBeGreaterThanOrEqual(20 + 14 - 0.01);
      expect(ys[n - 1]!).toBeLessThanOrEqual(332 - 14 + 0.01);
    }
  });
});

describe('placeLineLabels', () => {
  const bounds = { top: 36, bottom: 348, right: 558, left: 62, offset: 9 };

  it('puts the labels of lines ending together in one column, apart, right of their ends', () => {
    // Four lines reaching the plot's right edge (x = 456) at almost the same height.
    const requests = ['a', 'b', 'c', 'd'].map((id, k) => ({
      id,
      anchor: { x: 456, y: 300 + k },
      width: 80,
      height: 30,
    }));
    const placed = placeLineLabels(requests, bounds);
    for (const p of placed) expect(p.x).toBe(465);
    for (let i = 0; i < placed.length; i++)
      for (let j = i + 1; j < placed.length; j++)
        expect(overlap(placed[i]!, placed[j]!)).toBe(false);
    // Order kept: a above b above c above d; the lowest stays inside: 348 − 15 = 333.
    expect(placed.map((p) => p.y)).toEqual([...placed.map((p) => p.y)].sort((a, b) => a - b));
    expect(placed[3]!.y).toBeLessThanOrEqual(333);
  });

  it('puts a label left of its anchor when the right has no room, never over the anchor', () => {
    // Anchor at x = 520: 520 + 9 + 80 > 558, so the text ends 9 px left of it: x = 431.
    const [p] = placeLineLabels(
      [{ id: 'a', anchor: { x: 520, y: 100 }, width: 80, height: 30 }],
      bounds,
    );
    expect(p).toMatchObject({ x: 431, y: 100 });
  });

  it('lets labels far apart in x share a height', () => {
    const placed = placeLineLabels(
      [
        { id: 'early', anchor: { x: 100, y: 200 }, width: 80, height: 30 },
        { id: 'end', anchor: { x: 456, y: 200 }, width: 80, height: 30 },
      ],
      bounds,
    );
    expect(placed.map((p) => p.y)).toEqual([200, 200]);
  });
});

describe('textWidth', () => {
  it('counts Latin characters as 0.6 em, spaces 0.3 em and CJK as 1 em', () => {
    // "η = 0.05": 6 non-space characters × 0.6 + 2 spaces × 0.3 = 4.2 em at 15 → 63.
    expect(textWidth('η = 0.05', 15)).toBe(63);
    expect(textWidth('太大', 15)).toBe(30);
  });

  it('gives bold Latin 0.7 em, at least DejaVu Sans Bold’s digits (0.696 em)', () => {
    // 6 × 0.7 + 2 × 0.3 = 4.8 em at 15 → 72; its true width in DejaVu Sans Bold is about
    // (η 0.71 + = 0.84 + 0 0.70 + . 0.38 + 0 0.70 + 5 0.70 + 2 spaces 0.70) = 4.73 em → 71.
    expect(textWidth('η = 0.05', 15, true)).toBe(72);
    expect(textWidth('太大', 15, true)).toBe(30);
  });
});
