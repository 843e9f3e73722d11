import { describe, expect, it } from 'vitest';
import { lossChartLayout, lossDomain, stepAtX } from '../../src/charts';
import type { RunInput } from '../../src/charts';
import { expectAllFinite, pathPoints } from './helpers';

function run(id: string, losses: number[]): RunInput {
  return { id, color: '#000', dash: '', losses, path: losses.map((_, t) => t) };
}

// 400×300 with the default margins (top 10, right 14, bottom 28, left 48):
// plot = { x: 48, y: 10, width: 400 − 48 − 14 = 338, height: 300 − 10 − 28 = 262 }.
const size = { width: 400, height: 300 };

describe('lossChartLayout', () => {
  it('puts the log ticks at powers of ten, at hand-computed pixels', () => {
    // top = max start loss 1 × 1e3 = 1000 (run c climbs past it, so the headroom stays);
    // smallest positive loss 0.05 floors to 0.01. Domain [1e-2, 1e3] = 5 decades over 262 px,
    // so y(10^e) = 10 + 262·(3 − e)/5.
    const layout = lossChartLayout({
      ...size,
      steps: 10,
      runs: [run('a', [1, 0.5, 0.05]), run('b', [0.2, 0.1]), run('c', [1, 1e6])],
      cursor: 10,
    });
    expect(layout.plot).toEqual({ x: 48, y: 10, width: 338, height: 262 });
    expect(layout.yDomain).toEqual([0.01, 1000]);
    expect(layout.yTicks).toEqual([
      { value: 0.01, pos: 272, label: '1e-2' },
      { value: 0.1, pos: 219.6, label: '1e-1' },
      { value: 1, pos: 167.2, label: '1' },
      { value: 10, pos: 114.8, label: '10' },
      { value: 100, pos: 62.4, label: '100' },
      { value: 1000, pos: 10, label: '1000' },
    ]);
    // x: 0..10 over 338 px; d3's nice ticks every 2 steps at 48 + 33.8·t.
    expect(layout.xTicks.map((t) => [t.value, t.pos])).toEqual([
      [0, 48],
      [2, 115.6],
      [4, 183.2],
      [6, 250.8],
      [8, 318.4],
      [10, 386],
    ]);
  });

  it('thins the ticks of a tall range but keeps 1 and stays on powers of ten', () => {
    // Start 1 → top 1e3 (run b climbs past it); the smallest loss 1e-20 is cut at top·1e-12 =
    // 1e-9: 12 decades.
    const layout = lossChartLayout({
      ...size,
      steps: 3,
      runs: [run('a', [1, 1e-20]), run('b', [1, 1e6])],
      cursor: 3,
    });
    expect(layout.yDomain).toEqual([1e-9, 1000]);
    const values = layout.yTicks.map((t) => t.value);
    expect(values).toContain(1);
    expect(values.length).toBeLessThanOrEqual(Math.floor(262 / 24));
    for (const v of values) expect(Math.log10(v)).toBeCloseTo(Math.round(Math.log10(v)), 12);
    // 1e-20 is below the bottom: the line is drawn down to the bottom edge where the segment from
    // 1 to 1e-20 crosses 1e-9, a fraction ln(1e-9)/ln(1e-20) = 9/20 of the way from step 0 to 1
    // (x = 48 + 338·0.45/3 = 98.7), and an off-scale mark sits at step 1 (x = 48 + 338/3).
    expect(pathPoints(layout.lines[0]?.d ?? '')[1]).toEqual({ x: 98.7, y: 272 });
    expect(layout.lines[0]?.offscale).toEqual([
      { side: 'bottom', x: 160.67, y: 272, step: 1, loss: 1e-20 },
    ]);
  });

  it('never draws a loss of 0 or 1e300 on the edge: the line breaks, a mark says off the scale', () => {
    const layout = lossChartLayout({
      ...size,
      steps: 5,
      runs: [run('zero', [1, 0, 0]), run('boom', [1, 1e10, 1e300]), run('flat0', [0, 0])],
      cursor: 5,
      hover: 2,
    });
    expectAllFinite(layout);
    const [zero, boom, flat0] = layout.lines;
    // x(t) = 48 + 338·t/5. 'zero' drops straight down at step 1 (0 has no logarithm) and stops:
    // one mark for the whole stretch at 0, not a plateau along the bottom.
    expect(pathPoints(zero?.d ?? '')).toEqual([
      { x: 48, y: layout.yTicks.find((t) => t.value === 1)?.pos },
      { x: 115.6, y: 272 },
    ]);
    expect(zero?.offscale).toEqual([{ side: 'bottom', x: 115.6, y: 272, step: 1, loss: 0 }]);
    // 'boom': top = 1e3 is crossed 3/10 of the way from 1 to 1e10 in log (x = 48 + 67.6·0.3),
    // then the line stops; the mark at step 1 carries the true 1e10.
    expect(pathPoints(boom?.d ?? '')[1]).toEqual({ x: 68.28, y: 10 });
    expect(pathPoints(boom?.d ?? '')).toHaveLength(2);
    expect(boom?.offscale).toEqual([{ side: 'top', x: 115.6, y: 10, step: 1, loss: 1e10 }]);
    expect(boom?.head).toBeUndefined();
    // The label's anchor is the last mark: where the eye last sees the line.
    expect(boom?.end).toEqual({ x: 115.6, y: 10, step: 1 });
    // All at 0: nothing to draw but the mark at step 0.
    expect(flat0?.d).toBe('');
    expect(flat0?.offscale).toMatchObject([{ side: 'bottom', step: 0, x: 48 }]);
    // Hovering step 2 rings no point on the edges.
    expect(layout.hover?.marks).toEqual([]);
  });

  it('draws a line that comes back onto the scale from its edge crossing on', () => {
    // Top = 1 × 1e3. 1 → 1e4 crosses 1e3 at 3/4 of the step; 1e5 → 10 crosses it at
    // (3 − 5)/(1 − 5) = 1/2 of the step from 2 to 3. x(t) = 48 + 338·t/4 = 48 + 84.5·t.
    const layout = lossChartLayout({
      ...size,
      steps: 4,
      runs: [run('a', [1, 1e4, 1e5, 10, 1])],
      cursor: 4,
    });
    const line = layout.lines[0];
    // The smallest loss, 1, is the bottom: the domain [1, 1e3] spans 262 px, y(10) = 272 − 262/3.
    expect(line?.d.match(/M/g)).toHaveLength(2);
    const expected = [
      [48, 272],
      [111.375, 10],
      [259.25, 10],
      [301.5, 184.67],
      [386, 272],
    ];
    const pts = pathPoints(line?.d ?? '');
    expect(pts).toHaveLength(expected.length);
    pts.forEach((p, i) => {
      expect(p.x).toBeCloseTo(expected[i]![0]!, 1);
      expect(p.y).toBeCloseTo(expected[i]![1]!, 1);
    });
    expect(line?.offscale).toEqual([{ side: 'top', x: 132.5, y: 10, step: 1, loss: 1e4 }]);
    expect(line?.end).toEqual({ x: 386, y: 272, step: 4 });
    expect(line?.head).toEqual({ x: 386, y: 272 });
  });

  it('draws each line only up to the cursor', () => {
    const losses = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4];
    const layout = lossChartLayout({ ...size, steps: 6, runs: [run('a', losses)], cursor: 3 });
    const line = layout.lines[0];
    // Cursor 3 → steps 0, 1, 2, 3.
    expect(pathPoints(line?.d ?? '')).toHaveLength(4);
    // x(3) = 48 + 338·3/6 = 217.
    expect(line?.head?.x).toBe(217);
    expect(layout.cursorX).toBe(217);
    expect(line?.divergedMark).toBeUndefined();
  });

  it("puts a diverged run's ✕ at its divergedAt step once the cursor reaches it", () => {
    // Steps 0..3 only, of 10: the run went non-finite at step 4 (verdict.divergedAt = 4).
    const cut = { ...run('cut', [1, 10, 100, 1000]), divergedAt: 4 };
    // A run that grows inside the axis: its verdict says it left at step 2.
    const grows = { ...run('grows', [1, 0.9, 2, 5, 9, 20, 40, 80, 160, 320, 640]), divergedAt: 2 };
    const full = run(
      'full',
      Array.from({ length: 11 }, () => 1),
    );
    const at = (cursor: number) =>
      lossChartLayout({ ...size, steps: 10, runs: [cut, grows, full], cursor }).lines;
    expect(at(1)[1]?.divergedMark).toBeUndefined();
    expect(at(3)[0]?.divergedMark).toBeUndefined();
    const [cutLine, growLine, fullLine] = at(4);
    // The cut run's last step is 3: x = 48 + 33.8·3 = 149.4; its loss 1000 is the axis's top
    // (y = 10), so the ✕ is kept 14 px inside, clear of the frame: y = 24.
    expect(cutLine?.divergedMark).toEqual({ x: 149.4, y: 24, step: 4 });
    // The growing run's ✕ sits on its curve at step 2: x = 48 + 33.8·2, y of loss 2.
    const p2 = pathPoints(growLine?.d ?? '')[2];
    expect(growLine?.divergedMark).toEqual({ x: 115.6, y: p2?.y, step: 2 });
    expect(fullLine?.divergedMark).toBeUndefined();
  });

  it('marks the hovered step on every run drawn that far', () => {
    const layout = lossChartLayout({
      ...size,
      steps: 10,
      runs: [run('a', [1, 0.1, 0.01]), run('short', [1])],
      cursor: 10,
      hover: 1.8,
    });
    // 1.8 rounds to step 2: x = 48 + 33.8·2 = 115.6; 'short' has no step 2.
    expect(layout.hover?.x).toBe(115.6);
    expect(layout.hover?.marks.map((m) => m.id)).toEqual(['a']);
    expect(layout.hover?.marks[0]?.y).toBe(pathPoints(layout.lines[0]?.d ?? '')[2]?.y);
    // Beyond the cursor nothing is drawn, so nothing is marked.
    const early = lossChartLayout({
      ...size,
      steps: 10,
      runs: [run('a', [1, 0.1, 0.01])],
      cursor: 1,
      hover: 2,
    });
    expect(early.hover?.marks).toEqual([]);
  });

  it('stepAtX inverts the x scale and clamps to 0..steps', () => {
    const layout = lossChartLayout({ ...size, steps: 60, runs: [run('a', [1])], cursor: 0 });
    for (let t = 0; t <= 60; t++) {
      const px = 48 + (338 * t) / 60;
      expect(stepAtX(layout, px)).toBe(t);
      expect(stepAtX({ ...size, steps: 60 }, px + 2)).toBe(t);
    }
    expect(stepAtX(layout, -100)).toBe(0);
    expect(stepAtX(layout, 10_000)).toBe(60);
  });

  it('gives a stable layout for a tiny case (snapshot with rounded numbers)', () => {
    const margin = { top: 0, right: 0, bottom: 0, left: 0 };
    // Plot 160×100; the run only falls, so top = 2 × its highest loss 1 = 2; bottom 0.01:
    // log10(200) = 2.30103 decades over 100 px, y(v) = 100·log10(2/v)/2.30103, so y(1) = 13.08,
    // y(0.1) = 56.54, y(0.01) = 100. x: 4 steps over 160 px → 40 px per step.
    const layout = lossChartLayout({
      width: 160,
      height: 100,
      margin,
      steps: 4,
      runs: [{ id: 'r', color: '#d62728', dash: '', losses: [1, 0.1, 0.01], path: [0, 0, 0] }],
      cursor: 4,
    });
    expect(layout.lines).toEqual([
      {
        id: 'r',
        color: '#d62728',
        dash: '',
        d: 'M0,13.08L40,56.54L80,100',
        offscale: [],
        head: { x: 80, y: 100 },
        end: { x: 80, y: 100, step: 2 },
      },
    ]);
  });
});

describe('lossDomain', () => {
  it('falls back to a sane axis when every run starts at 0 or there is no data', () => {
    expect(lossDomain([])).toEqual([1e-9, 1000]);
    expect(lossDomain([run('a', [0, 0])])).toEqual([1e-9, 1000]);
    // Starts at 0: the axis is built on the largest loss, 2: twice it on top, 1 below.
    expect(lossDomain([run('a', [0, 2])])).toEqual([1, 4]);
  });

  it('keeps three decades over the start for runs that climb, twice the highest loss for those that do not', () => {
    // Falls from 3 to 0.2: top = 2 × 3 = 6, not 3 × 1e3; bottom 0.2 floored to 0.1.
    expect(lossDomain([run('a', [3, 1, 0.2])])).toEqual([0.1, 6]);
    // Climbs to 40 (a run too large that bounces up): top = 2 × 40 = 80, below 3 × 1e3.
    expect(lossDomain([run('a', [3, 1, 0.2]), run('b', [3, 10, 40])])).toEqual([0.1, 80]);
    // Diverges (1e9, then ∞): top = 3 × 1e3, so its climb shows before it leaves the scale.
    expect(lossDomain([run('a', [3, 0.2]), run('b', [3, 1e9, Infinity])])).toEqual([0.1, 3000]);
  });
});

describe('logTicks on a short range', () => {
  it('adds the 1-2-5 steps under two decades, written as the decades are', () => {
    // Domain [0.1, 6] (1.78 decades) over 262 px: decades 0.1 and 1, and 0.2, 0.5, 2, 5 between.
    const layout = lossChartLayout({ ...size, steps: 2, runs: [run('a', [3, 1, 0.2])], cursor: 2 });
    expect(layout.yTicks.map((t) => t.label)).toEqual(['1e-1', '2e-1', '5e-1', '1', '2', '5']);
    // y(v) = 10 + 262·log10(6/v)/log10(60), so y(1) = 10 + 262·0.77815/1.77815 = 124.66.
    expect(layout.yTicks.find((t) => t.value === 1)?.pos).toBe(124.66);
    // Three decades or more: powers of ten only.
    const tall = lossChartLayout({ ...size, steps: 2, runs: [run('a', [3, 1, 1e-3])], cursor: 2 });
    expect(tall.yTicks.map((t) => t.label)).toEqual(['1e-3', '1e-2', '1e-1', '1']);
  });
});

describe('lossChartLayout with a strided trace', () => {
  // Losses recorded at steps 0, 3, 6, 9, 10 (stride 3 over T = 10: src/core/trajectory.ts
  // lossStep); x over 0..10 is 48 + 33.8·step (the 338-px plot above).
  const strided: RunInput = {
    id: 's',
    color: '#000',
    dash: '',
    losses: [8, 6, 4, 2, 1],
    lossEvery: 3,
    lossSteps: 10,
    path: [],
  };
  const xOf = (step: number) => Math.round((48 + 33.8 * step) * 100) / 100;

  it('draws each recorded point at its step, as one line without gaps', () => {
    const layout = lossChartLayout({ ...size, steps: 10, runs: [strided], cursor: 10 });
    const line = layout.lines[0]!;
    // One subpath: a gap would start a second one with its own M.
    expect(line.d.match(/M/g)).toHaveLength(1);
    expect(pathPoints(line.d).map((p) => p.x)).toEqual([0, 3, 6, 9, 10].map(xOf));
    expect(line.end?.step).toBe(10);
  });

  it('stops at the cursor and rings the point at or before the hovered step', () => {
    // Cursor 7: the points at steps 0, 3, 6; hovering step 7 reads step 6's loss (4).
    const layout = lossChartLayout({ ...size, steps: 10, runs: [strided], cursor: 7, hover: 7 });
    expect(pathPoints(layout.lines[0]!.d).map((p) => p.x)).toEqual([0, 3, 6].map(xOf));
    expect(layout.hover?.marks).toHaveLength(1);
    expect(layout.hover?.marks[0]!.x).toBe(xOf(6));
    const full = lossChartLayout({ ...size, steps: 10, runs: [strided], cursor: 10 });
    expect(layout.hover?.marks[0]!.y).toBe(pathPoints(full.lines[0]!.d)[2]!.y);
  });
});
