import { describe, expect, it } from 'vitest';
import { figureFromLink } from '../../scripts/figure';
import { tf } from '../helpers/tfjs';

const LINK = 'http://127.0.0.1:4173/?v=1&scene=valley&seed=1&lr=0.05,0.5,3,8&steps=60&backend=cpu';

/** The `<g data-run="run-i">…</g>` groups of one view (the views are nested <svg> elements). */
function view(svg: string, testid: string): string {
  const start = svg.indexOf(`data-testid="${testid}"`);
  expect(start).toBeGreaterThan(0);
  return svg.slice(start, svg.indexOf('</svg>', start));
}

describe('npm run figure (figureFromLink)', () => {
  it('draws the link’s runs in both views with the caption, trained on cpu', async () => {
    const { svg, fingerprint, notes } = await figureFromLink(LINK, tf);
    expect(notes).toEqual([]);
    expect(
      svg.startsWith(
        '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"',
      ),
    ).toBe(true);
    expect(fingerprint).toMatch(/^[0-9a-f]{12}$/);
    for (const id of ['surface-chart', 'loss-chart']) {
      const v = view(svg, id);
      for (let i = 0; i < 4; i++) expect(v).toContain(`data-run="run-${i}"`);
      expect(v).not.toContain('data-run="run-4"');
    }
    expect(svg).toContain('Lecture valley');
    expect(svg).toContain('η = 0.05, 0.5, 3, 8');
    expect(svg).toContain(`seed 1 · backend cpu · fingerprint ${fingerprint}`);
    // A standalone file: no stylesheet, no start handle (nothing to drag in a slide).
    expect(svg).not.toContain('<style');
    expect(svg).not.toContain('start-handle');
    expect(svg).not.toMatch(/NaN|Infinity/);
  });

  it('puts the just-right run’s end at the valley’s minimum w = 0 (the axis’ 0 tick)', async () => {
    const { svg } = await figureFromLink(LINK, tf);
    const surface = view(svg, 'surface-chart');
    // The x axis tick labelled 0 sits at translate(x0, …).
    const tick =
      /<g transform="translate\(([\d.]+),[\d.]+\)"><line y2="4"[^>]*><\/line><text[^>]*>0<\/text>/.exec(
        surface,
      );
    expect(tick).not.toBeNull();
    const x0 = Number(tick![1]);
    // η = 0.5 (run-1) converges: log cosh w + 0.002 w⁴ has its minimum at w = 0, and the run's end
    // mark (r = 5) is drawn at its last point.
    const run = surface.slice(surface.indexOf('data-run="run-1"'));
    const end = /<circle cx="([-\d.]+)" cy="[-\d.]+" r="5" fill="#d62728"/.exec(run);
    expect(end).not.toBeNull();
    expect(Math.abs(Number(end![1]) - x0)).toBeLessThan(0.5);
  });

  it('names the parts of a link it could not use, and refuses what is not a link', async () => {
    const { notes } = await figureFromLink('?scene=valley&lr=fast&steps=20&backend=webgpu', tf);
    expect(notes.some((n) => n.startsWith("the link's lr was not used"))).toBe(true);
    expect(notes.some((n) => n.includes('backend webgpu'))).toBe(true);
    await expect(figureFromLink('http://[::1', tf)).rejects.toThrow('not a link: http://[::1');
  });
});
