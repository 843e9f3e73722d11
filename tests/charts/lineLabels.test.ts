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
  it('counts each character at its DejaVu Sans width rounded up to 0.05 em, CJK as 1 em', () => {
    // "i.:": 0.278, 0.318, 0.337 em in DejaVu Sans → 0.30 + 0.35 + 0.35 = 1.0 em at 15 → 15.
    expect(textWidth('i.:', 15)).toBeCloseTo(15, 10);
    // "η = 0.05": η 0.634 → 0.65, spaces 0.318 → 0.35, = 0.838 → 0.85, digits 0.636 → 0.65,
    // . 0.318 → 0.35: 0.65 + 0.35 + 0.85 + 0.35 + 3 × 0.65 + 0.35 = 4.5 em at 15 → 67.5.
    expect(textWidth('η = 0.05', 15)).toBe(67.5);
    expect(textWidth('太大', 15)).toBe(30);
  });

  it('measures bold at DejaVu Sans Bold, at least its digits (0.696 em)', () => {
    // Its true width in DejaVu Sans Bold is about
    // (η 0.71 + = 0.84 + 0 0.70 + . 0.38 + 0 0.70 + 5 0.70 + 2 spaces 0.70) = 4.73 em → 71; rounded
    // up: 0.75 + 0.85 + 3 × 0.70 + 0.40 + 2 × 0.35 = 4.8 em at 15 → 72.
    expect(textWidth('η = 0.05', 15, true)).toBe(72);
    expect(textWidth('太大', 15, true)).toBe(30);
  });
});

/**
 * DejaVu Sans advance widths in thousandths of an em (regular, bold), as its glyph tables give them
 * and Chromium measures them: the fallback sans-serif of Debian, and the widest common one.
 */
const DEJAVU: Record<string, readonly [number, number]> = {
  ' ': [318, 348],
  η: [634, 712],
  '=': [838, 838],
  '.': [318, 380],
  ',': [318, 380],
  ':': [337, 400],
  '-': [361, 415],
  '0': [636, 696],
  '1': [636, 696],
  '3': [636, 696],
  '4': [636, 696],
  '5': [636, 696],
  '8': [636, 696],
  A: [684, 774],
  a: [613, 675],
  b: [635, 716],
  d: [635, 716],
  e: [615, 678],
  g: [635, 716],
  h: [634, 712],
  i: [278, 343],
  j: [278, 343],
  l: [278, 343],
  m: [974, 1042],
  n: [634, 712],
  o: [612, 687],
  p: [635, 716],
  r: [411, 493],
  s: [521, 595],
  t: [392, 478],
  u: [634, 712],
  v: [592, 652],
};

/** The text's width in DejaVu Sans at `size` (no kerning: an upper bound on what is drawn). */
function dejaVuWidth(text: string, size: number, bold: boolean): number {
  let em = 0;
  for (const ch of text) {
    const w = DEJAVU[ch];
    if (!w) throw new Error(`no DejaVu width for ${ch}`);
    em += w[bold ? 1 : 0] / 1000;
  }
  return em * size;
}

describe('the line-end labels are never drawn wider than their boxes', () => {
  // The loss chart's words: η and its value in bold (with an optimizer's name when runs have their
  // own), the verdict in regular type.
  const bold = ['η = 0.0018', 'η = 3', 'η = 1.00e-4', 'η = 0.001, momentum', 'η = 0.5, Adam'];
  const regular = ['too small', 'just right', 'too large', 'a bit large', 'diverged: step 1348'];

  it('textWidth is at least the DejaVu Sans width, bold and regular', () => {
    for (const size of [15, 17, 19]) {
      for (const t of bold)
        expect(textWidth(t, size, true)).toBeGreaterThanOrEqual(dejaVuWidth(t, size, true) - 0.01);
      for (const t of regular)
        expect(textWidth(t, size)).toBeGreaterThanOrEqual(dejaVuWidth(t, size, false) - 0.01);
    }
    // "η = 3" in bold: 0.712 + 0.348 + 0.838 + 0.348 + 0.696 = 2.942 em, above 5 × 0.7 − 2 × 0.4.
    expect(textWidth('η = 3', 17, true)).toBeGreaterThanOrEqual(2.942 * 17 - 0.01);
  });

  it('a run ending at the plot’s right edge keeps its label inside the view in presenter mode', () => {
    // The loss chart: 560 units wide, the plot's right edge at 560 − 104 = 456, labels 9 units
    // from the line's end and no further right than 558. Presenter mode at 1280 × 720 draws the
    // view at 1.05 px a unit and asks for 17 px type: 17 units (15 for the verdict). The overfit
    // preset's "η = 0.0018" is 6.10 em = 103.7 units in DejaVu Sans Bold: 465 + 103.7 > 558, so
    // it must go left of the line's end.
    for (const [eta, word] of [
      ['η = 0.0018', 'just right'],
      ['η = 3', 'too large'],
      ['η = 1.00e-4', 'too small'],
    ] as const) {
      for (const font of [15, 17, 19]) {
        const [p] = placeLineLabels(
          [
            {
              id: 'run-0',
              anchor: { x: 456, y: 300 },
              width: Math.max(textWidth(eta, font, true), textWidth(word, font - 2)),
              height: 40,
            },
          ],
          { top: 36, bottom: 348, left: 62, right: 558, offset: 9 },
        );
        const drawn = Math.max(dejaVuWidth(eta, font, true), dejaVuWidth(word, font - 2, false));
        expect(p!.x + drawn, `${eta} at ${font}`).toBeLessThanOrEqual(558);
        expect(p!.x).toBeGreaterThanOrEqual(62);
      }
    }
  });

  it('a label that fits right of its line’s end stays there (not over the line’s marks)', () => {
    // "η = 0.05" in bold at 19 units (a view drawn small, under a two-row legend) is 4.714 em =
    // 89.6 units in DejaVu Sans Bold: 465 + 89.6 ≤ 558, so it starts 9 units right of the end.
    const [p] = placeLineLabels(
      [
        {
          id: 'run-1',
          anchor: { x: 456, y: 300 },
          width: Math.max(textWidth('η = 0.05', 19, true), textWidth('too small', 17)),
          height: 40,
        },
      ],
      { top: 36, bottom: 348, left: 62, right: 558, offset: 9 },
    );
    expect(p!.x).toBe(465);
  });
});
