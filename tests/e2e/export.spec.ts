import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, test, type Page } from '@playwright/test';
import { PNG } from 'pngjs';
import { fingerprint as fnv } from '../../src/core/fingerprint';
import { formatLoss } from '../../src/ui/labels';
import { lossPathD, openLab, readFingerprint, waitPlayedOut } from './helpers';

const QUERY = 'backend=cpu&scene=valley&lr=0.05,0.5,3,8&seed=1&steps=60';
const RUNS = 4;
const STEPS = 60;

/** Clicks an export button and returns the downloaded file's name and bytes. */
async function exported(page: Page, kind: string): Promise<{ name: string; body: Buffer }> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-export=${kind}]`).click(),
  ]);
  const path = await download.path();
  return { name: download.suggestedFilename(), body: await readFile(path) };
}

/** An SVG document parsed by the browser: whether it parsed, its caption, its runs' path data. */
async function parseSvg(page: Page, svg: string) {
  return page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
    const d = (chart: string) =>
      Array.from(doc.querySelectorAll(`svg[data-testid=${chart}] g[data-run^=run-] > path`)).map(
        (p) => p.getAttribute('d') ?? '',
      );
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      caption: doc.querySelector('[data-caption]')?.textContent ?? '',
      surface: d('surface-chart'),
      loss: d('loss-chart'),
      // A file has no stylesheet: nothing may depend on a class for its look.
      styleElements: doc.querySelectorAll('style').length,
    };
  }, svg);
}

test('exports: SVG and PNG of the figure with its caption, CSV and JSON of the traces', async ({
  page,
}) => {
  // The exports run under the page's CSP (the PNG loads the SVG from a blob: URL): no violation.
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await openLab(page, QUERY);
  const print = await readFingerprint(page);
  await waitPlayedOut(page);

  // SVG: parses, has the caption and one path per run in each view, the page's own paths.
  const svgFile = await exported(page, 'svg');
  expect(svgFile.name).toBe(`lr-lab-valley-seed1-${print}.svg`);
  const svg = await parseSvg(page, svgFile.body.toString('utf8'));
  expect(svg.error).toBeNull();
  expect(svg.root).toBe('svg');
  expect(svg.styleElements).toBe(0);
  expect(svg.caption).toContain('Lecture valley');
  expect(svg.caption).toContain('η = 0.05, 0.5, 3, 8');
  expect(svg.caption).toContain('seed 1');
  expect(svg.caption).toContain(`fingerprint ${print}`);
  expect(svg.caption).toContain('backend cpu');
  expect(svg.surface).toHaveLength(RUNS);
  expect(svg.loss).toHaveLength(RUNS);
  for (let i = 0; i < RUNS; i++) expect(svg.loss[i]).toBe(await lossPathD(page, i));

  // PNG: the signature, and the figure's size at two device pixels per SVG px (2 × 1136 × 502:
  // views 400, gap 8, legend row 24, gap 8, three caption lines of 18, gap 8).
  const png = await exported(page, 'png');
  expect([...png.body.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const image = PNG.sync.read(png.body);
  expect([image.width, image.height]).toEqual([2272, 1004]);
  // Not blank: the runs' colours are drawn (the notes' red is #d62728).
  let red = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (image.data[i] === 0xd6 && image.data[i + 1] === 0x27 && image.data[i + 2] === 0x28) red++;
  }
  expect(red).toBeGreaterThan(100);

  // CSV: a header, steps + 1 rows per run; each run's last loss is what the table shows.
  const csv = (await exported(page, 'csv')).body.toString('utf8').trimEnd().split('\r\n');
  expect(csv[0]).toBe('run,lr,step,loss,w,verdict');
  expect(csv).toHaveLength(1 + RUNS * (STEPS + 1));
  const table = await page.locator('tr[data-lr] td.num').allTextContents();
  for (let r = 0; r < RUNS; r++) {
    const rows = csv.slice(1 + r * (STEPS + 1), 1 + (r + 1) * (STEPS + 1)).map((l) => l.split(','));
    expect(rows.map((c) => Number(c[2]))).toEqual(Array.from({ length: STEPS + 1 }, (_, t) => t));
    const reached = rows.filter((c) => c[3] !== '');
    expect(formatLoss(Number(reached[reached.length - 1]![3]))).toBe(table[r]);
  }

  // JSON: round-trips, and its losses (float32 values written in full) give the page's fingerprint.
  const jsonText = (await exported(page, 'json')).body.toString('utf8');
  const json = JSON.parse(jsonText) as {
    fingerprint: string;
    seed: number;
    runs: { lr: number; losses: number[]; params: number[][]; kind: string }[];
  };
  expect(JSON.stringify(JSON.parse(JSON.stringify(json)))).toBe(JSON.stringify(json));
  expect(json.fingerprint).toBe(print);
  expect(json.runs.map((r) => r.lr)).toEqual([0.05, 0.5, 3, 8]);
  expect(json.runs.map((r) => r.kind)).toEqual([
    'too-small',
    'just-right',
    'too-large',
    'diverged',
  ]);
  expect(fnv(json.runs.map((r) => r.losses))).toBe(print);
  // CSV and JSON hold the same numbers.
  const csvLosses = csv.slice(1, 1 + STEPS + 1).map((l) => Number(l.split(',')[3]));
  expect(csvLosses).toEqual(json.runs[0]!.losses);
  expect(violations).toEqual([]);
});

test('a network (cars, drawn through its slice) exports its figure and traces', async ({
  page,
}) => {
  await openLab(page, 'scene=cars&backend=cpu&steps=40&lr=0.01,0.1');
  const print = await readFingerprint(page);
  const svg = await parseSvg(page, (await exported(page, 'svg')).body.toString('utf8'));
  expect(svg.error).toBeNull();
  expect(svg.loss).toHaveLength(2);
  expect(svg.caption).toContain(`fingerprint ${print}`);
  const csv = (await exported(page, 'csv')).body.toString('utf8').trimEnd().split('\r\n');
  // steps + 1 rows per run, the network's losses at every step.
  expect(csv).toHaveLength(1 + 2 * 41);
  const json = JSON.parse((await exported(page, 'json')).body.toString('utf8')) as {
    runs: { losses: number[] }[];
  };
  expect(fnv(json.runs.map((r) => r.losses))).toBe(print);
});

test('npm run figure draws the same run paths as the browser export for the same link', async ({
  page,
}) => {
  test.setTimeout(180_000);
  for (const query of [QUERY, 'backend=cpu&scene=quadratic&kappa=10&seed=3']) {
    await openLab(page, query);
    const print = await readFingerprint(page);
    const browser = await parseSvg(page, (await exported(page, 'svg')).body.toString('utf8'));
    // The command line, as a user runs it: a child process with tsx, no browser.
    const out = join(await mkdtemp(join(tmpdir(), 'lr-lab-figure-')), 'fig.svg');
    const { stdout } = await promisify(execFile)('npx', [
      'tsx',
      'scripts/figure.ts',
      '--url',
      page.url(),
      '--out',
      out,
    ]);
    expect(stdout).toContain(`fingerprint ${print} on cpu`);
    const node = await parseSvg(page, await readFile(out, 'utf8'));
    expect(node.error).toBeNull();
    expect(node.surface.length).toBeGreaterThan(0);
    expect(node.surface).toEqual(browser.surface);
    expect(node.loss).toEqual(browser.loss);
    expect(node.caption).toBe(browser.caption);
  }
});
