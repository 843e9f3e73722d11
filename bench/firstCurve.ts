/**
 * Chromium: every preset's time to its first curve and to done, with `auto` and with each forced
 * backend, from navigation, each page load in a fresh browser context (no remembered `auto`
 * choice, no cache). The page sets performance marks along the first result's way
 * (src/ui/earlyTraining.ts, src/ui/hooks/useTraining.ts, src/ui/hooks/usePageMarks.ts, the
 * worker's stages in src/worker/trainHandler.ts), so where the time goes is read from the page itself.
 */
import type { Browser } from '@playwright/test';
import { PRESET_IDS, type PresetId } from '../src/url/presets';
import { metric, type Metric } from './results';
import { median, round } from './stats';

export const FIRST_CURVE_BACKENDS = ['auto', 'cpu', 'wasm', 'webgpu'] as const;
export type FirstCurveBackend = (typeof FIRST_CURVE_BACKENDS)[number];

/** The marks read from the page, in their order on the first result's way (ms from navigation). */
export const MARKS = [
  'lr-worker-start',
  'lr-worker-ready',
  'lr-worker-taken',
  'lr-worker-backend',
  'lr-worker-trained',
  'lr-worker-contours',
  'lr-mount',
  'lr-result',
  'lr-app-rendered',
  'lr-first-curve',
  'lr-first-figure',
] as const;

export interface FirstCurveLoad {
  readonly preset: PresetId;
  readonly backend: FirstCurveBackend;
  /**
   * Navigation → the first curve painted: the frame after React drew a network's losses as they
   * stream, or the first result, whichever came first.
   */
  readonly firstCurveMs: number;
  /** Navigation → the first final figure painted (the frame after React drew the first result). */
  readonly firstFigureMs: number;
  /** Navigation → the page says done (`data-status=done`). */
  readonly doneMs: number;
  /** Navigation → nothing left computing (the status line's `data-pending=done`; auto's probe). */
  readonly settledMs: number;
  /** The backend that trained the figure, as the panel says once settled. */
  readonly trainedOn: string;
  readonly marks: Partial<Record<(typeof MARKS)[number], number>>;
  /** Navigation → each script or .wasm fully loaded (resource timing's responseEnd). */
  readonly resources: { readonly name: string; readonly endMs: number }[];
}

/** A preset and backend's loads summarised: each time and mark is the median across the loads. */
export interface FirstCurveRow extends Omit<FirstCurveLoad, 'resources'> {
  readonly loads: number;
}

interface DoneWindow {
  __firstCurve: { done: number; settled: number };
}

export async function loadOnce(
  browser: Browser,
  base: string,
  preset: PresetId,
  backend: FirstCurveBackend,
): Promise<FirstCurveLoad> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  try {
    // No named functions inside: tsx would wrap them in a helper that does not exist in the page.
    await page.addInitScript(() => {
      const w = window as unknown as DoneWindow;
      w.__firstCurve = { done: Number.NaN, settled: Number.NaN };
      new MutationObserver(() => {
        const app = document.querySelector('.app');
        if (Number.isNaN(w.__firstCurve.done) && app?.getAttribute('data-status') === 'done') {
          w.__firstCurve.done = performance.now();
        }
        const line = document.querySelector('.status-line');
        if (
          Number.isNaN(w.__firstCurve.settled) &&
          app?.getAttribute('data-status') === 'done' &&
          line?.getAttribute('data-pending') === 'done'
        ) {
          w.__firstCurve.settled = performance.now();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(`${base}?preset=${preset}&backend=${backend}`);
    // Settled, and the first figure's frame marked (it follows the done state by a frame).
    await page.waitForFunction(
      () =>
        !Number.isNaN((window as unknown as DoneWindow).__firstCurve.settled) &&
        performance.getEntriesByName('lr-first-figure', 'mark').length > 0,
      undefined,
      { timeout: 240_000, polling: 100 },
    );
    const read = await page.evaluate((names) => {
      const w = window as unknown as DoneWindow;
      const marks: Record<string, number> = {};
      for (const n of names) {
        const m = performance.getEntriesByName(n, 'mark')[0];
        if (m) marks[n] = m.startTime;
      }
      const resources = performance
        .getEntriesByType('resource')
        .map((r) => r as PerformanceResourceTiming)
        .filter((r) => /\.(js|wasm)(\?|$)/.test(r.name))
        .map((r) => ({ name: new URL(r.name).pathname, endMs: r.responseEnd }));
      const trainedOn = document.querySelector('[data-testid=backend]')?.textContent ?? '';
      return { ...w.__firstCurve, marks, resources, trainedOn };
    }, MARKS);
    return {
      preset,
      backend,
      // The first curve's frame comes with the first figure's at the latest (builds before the
      // page marked it: the first figure's).
      firstCurveMs: read.marks['lr-first-curve'] ?? read.marks['lr-first-figure'] ?? Number.NaN,
      firstFigureMs: read.marks['lr-first-figure'] ?? Number.NaN,
      doneMs: read.done,
      settledMs: read.settled,
      trainedOn: read.trainedOn,
      marks: read.marks,
      resources: read.resources,
    };
  } finally {
    await context.close();
  }
}

/**
 * Loads every preset with every backend `repeats` times, interleaved (preset, backend, preset, …)
 * so a slow moment of this shared machine does not fall on one configuration only.
 */
export async function firstCurveBench(
  browser: Browser,
  base: string,
  repeats: number,
  log: (line: string) => void,
  presets: readonly PresetId[] = PRESET_IDS,
  backends: readonly FirstCurveBackend[] = FIRST_CURVE_BACKENDS,
): Promise<{ rows: FirstCurveRow[]; loads: FirstCurveLoad[] }> {
  const loads: FirstCurveLoad[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const preset of presets) {
      for (const backend of backends) {
        const l = await loadOnce(browser, base, preset, backend);
        loads.push(l);
        log(
          `  first curve ${preset} backend=${backend} → ${l.trainedOn}: ` +
            `first curve ${l.firstCurveMs.toFixed(0)} ms, done ${l.doneMs.toFixed(0)} ms, ` +
            `settled ${l.settledMs.toFixed(0)} ms`,
        );
      }
    }
  }
  const rows: FirstCurveRow[] = [];
  for (const preset of presets) {
    for (const backend of backends) {
      const mine = loads.filter((l) => l.preset === preset && l.backend === backend);
      const marks: FirstCurveRow['marks'] = {};
      for (const n of MARKS) {
        const xs = mine.map((l) => l.marks[n]).filter((x): x is number => x !== undefined);
        if (xs.length) marks[n] = median(xs);
      }
      rows.push({
        preset,
        backend,
        firstCurveMs: median(mine.map((l) => l.firstCurveMs)),
        firstFigureMs: median(mine.map((l) => l.firstFigureMs)),
        doneMs: median(mine.map((l) => l.doneMs)),
        settledMs: median(mine.map((l) => l.settledMs)),
        trainedOn: [...new Set(mine.map((l) => l.trainedOn))].join('/'),
        marks,
        loads: mine.length,
      });
    }
  }
  return { rows, loads };
}

/** Presets that train the network: their first-curve target is 1.5 s, the others' 1 s. */
export const NETWORK_PRESETS: readonly PresetId[] = ['overfit', 'kfold'];

/** The fastest forced backend's median done for a preset, with its name. */
export function bestForced(rows: readonly FirstCurveRow[], preset: PresetId) {
  return rows
    .filter((r) => r.preset === preset && r.backend !== 'auto' && Number.isFinite(r.doneMs))
    .sort((a, b) => a.doneMs - b.doneMs)[0];
}

/** The first-curve metrics: targets per preset, and auto's done over the best forced done. */
export function firstCurveMetrics(rows: readonly FirstCurveRow[]): Metric[] {
  const out: Metric[] = [];
  for (const r of rows) {
    const limit = NETWORK_PRESETS.includes(r.preset) ? 1500 : 1000;
    out.push(
      metric(`first_curve_ms_${r.preset}_${r.backend}`, round(r.firstCurveMs, 0), 'ms', {
        target: { op: '<=', value: limit },
        note: `Chromium, navigation → first curve painted (streamed or final; the final figure at ${round(r.firstFigureMs, 0)} ms), median of ${r.loads} fresh loads; trained on ${r.trainedOn}`,
      }),
      metric(`done_ms_${r.preset}_${r.backend}`, round(r.doneMs, 0), 'ms', {
        note: `navigation → data-status=done${r.backend === 'auto' ? `; auto's idle-time probe settled at ${round(r.settledMs, 0)} ms` : ''}`,
      }),
    );
  }
  for (const preset of [...new Set(rows.map((r) => r.preset))]) {
    const auto = rows.find((r) => r.preset === preset && r.backend === 'auto');
    const best = bestForced(rows, preset);
    if (!auto || !best) continue;
    out.push(
      metric(`auto_done_over_best_forced_${preset}`, round(auto.doneMs / best.doneMs, 2), 'x', {
        target: { op: '<=', value: 1.2 },
        note: `auto ${round(auto.doneMs, 0)} ms ÷ ${best.backend} ${round(best.doneMs, 0)} ms (medians)`,
      }),
    );
  }
  return out;
}

const f0 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(0) : '—');

/** The BENCHMARKS.md section: the table side by side, then where the time goes. */
export function firstCurveMarkdown(rows: readonly FirstCurveRow[]): string[] {
  const presets = [...new Set(rows.map((r) => r.preset))];
  const cell = (p: PresetId, b: FirstCurveBackend, pick: (r: FirstCurveRow) => number) => {
    const r = rows.find((x) => x.preset === p && x.backend === b);
    return r ? f0(pick(r)) : '—';
  };
  const lines = [
    '## Chromium: time to the first curve and to done, per preset and backend',
    '',
    'Production build, each load a fresh browser context (nothing remembered, nothing cached), the',
    "preset's short link with `backend=…`; medians, ms from navigation. First curve: the frame after",
    "React first drew curves (the page's `lr-first-curve` mark): a network's losses as they stream,",
    'or the first result, whichever comes first; auto first figure: the frame after React drew the',
    'first final result (`lr-first-figure`), which alone has verdicts. Done: `data-status=done`. For',
    "`auto`, settled: when its idle-time probe of the other backends had reported (the status line's",
    '`data-pending=done`). WebGPU is SwiftShader here (no GPU).',
    '',
    `| preset | first curve ${FIRST_CURVE_BACKENDS.join(' / ')} | auto first figure | done ${FIRST_CURVE_BACKENDS.join(' / ')} | auto settled | auto trained on | auto done ÷ best forced |`,
    '|---|---|---:|---|---:|---|---:|',
  ];
  for (const p of presets) {
    const auto = rows.find((r) => r.preset === p && r.backend === 'auto');
    const best = bestForced(rows, p);
    lines.push(
      `| ${p} | ${FIRST_CURVE_BACKENDS.map((b) => cell(p, b, (r) => r.firstCurveMs)).join(' / ')} | ${f0(auto?.firstFigureMs)} | ${FIRST_CURVE_BACKENDS.map((b) => cell(p, b, (r) => r.doneMs)).join(' / ')} | ${f0(auto?.settledMs)} | ${auto?.trainedOn ?? '—'} | ${auto && best ? `${(auto.doneMs / best.doneMs).toFixed(2)} (${best.backend})` : '—'} |`,
    );
  }
  lines.push(
    '',
    'Where the time goes before the first curve (medians, ms from navigation): the worker created',
    "(`worker-start`), its small entry loaded (`worker-ready`: the analytic scenes' first result",
    'trains there; tfjs loads after it), the request taken (by the entry, or by the tfjs service),',
    'the backend started, the runs and surface trained, the contours traced (all in the worker),',
    "the page's chunk evaluated (`mount`: React, the charts, the panels), the result received on",
    'the page, the page first rendered (React, independent of the worker), the first curve painted',
    '(streamed or final), the first final figure painted.',
    '',
    `| preset | backend | ${MARKS.map((m) => m.replace('lr-', '')).join(' | ')} |`,
    `|---|---|${MARKS.map(() => '---:').join('|')}|`,
  );
  for (const r of rows) {
    lines.push(`| ${r.preset} | ${r.backend} | ${MARKS.map((m) => f0(r.marks[m])).join(' | ')} |`);
  }
  lines.push('');
  return lines;
}
