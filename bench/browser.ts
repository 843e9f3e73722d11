/**
 * Chromium benchmarks of the production build: slider-to-frame latency, long tasks, and which
 * backend `auto` picked. Everything time-critical is measured inside the page (performance.now(),
 * MutationObserver, requestAnimationFrame), so Playwright's own round trips are not in the numbers.
 */
import { chromium, type Browser, type Page } from '@playwright/test';
import type { SceneId } from '../src/core/scenes';
import { makeScene } from '../src/core/scenes';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { median, quantile } from './stats';

const MOVES = 40;
/** Pause after a move has drawn, before the next one (the moves are ≥ 100 ms apart). */
const GAP_MS = 120;
const MOVE_TIMEOUT_MS = 15_000;
const DRAGS = 5;
const DRAG_EVENTS = 20;
const DRAG_EVENT_MS = 16;

export type BackendParam = 'auto' | 'cpu';

export interface Move {
  readonly position: number;
  readonly lr: number;
  /** Dispatch → first animation frame after the new verdict is in the DOM; NaN if it timed out. */
  readonly ms: number;
  /**
   * Dispatch → first animation frame after the row shows any verdict for the new η, a preview from
   * the app's slider grid included (the page may still say data-status=running).
   */
  readonly previewMs: number;
  /** Dispatch → the row shows the new learning rate (React's synchronous render of the input). */
  readonly rowMs: number;
  /** Dispatch → the worker's result message reaches the main thread (before React handles it). */
  readonly resultMs: number;
  /** Dispatch → the DOM shows the new verdict (React has rendered the result). */
  readonly domMs: number;
  /** The worker's training time for this result, read from the panel. */
  readonly trainMs: number;
}

export interface Session {
  readonly scene: SceneId;
  readonly backendParam: BackendParam;
  readonly url: string;
  /** The backend that trained, as the panel says. */
  readonly backend: string;
  readonly panel: string;
  /** Page start → first result on screen. */
  readonly firstResultMs: number;
  readonly moves: Move[];
  /** Long tasks over 50 ms from page load through the first result and all MOVES moves. */
  readonly longTasks: { start: number; duration: number }[];
  /** Last input of a 20-event drag (16 ms apart) → first frame with its result. */
  readonly dragSettleMs: number[];
  /** JavaScript requested before the worker script (a check on the index.html parse). */
  readonly jsBeforeWorker: string[];
  readonly errors: string[];
  readonly warnings: string[];
}

export interface BrowserReport {
  readonly version: string;
  readonly sessions: Session[];
  /** The cars network's 64×64 surface slice, as the app's worker times it, per backend. */
  readonly surfaces: { readonly backend: string; readonly ms: number; readonly count: number }[];
}

/** Loads the cars scene on each backend a few times and reads the slice's time from the panel. */
async function surfaceBench(
  browser: Browser,
  base: string,
  log: (line: string) => void,
): Promise<BrowserReport['surfaces']> {
  const out: { backend: string; ms: number; count: number }[] = [];
  for (const backend of ['cpu', 'wasm', 'webgl', 'webgpu'] as const) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const times: number[] = [];
    try {
      for (let rep = 0; rep < 3; rep++) {
        await page.goto(`${base}?scene=cars&steps=20&backend=${backend}`);
        await page.waitForSelector('[data-status=done]', { timeout: 240_000 });
        const shown = await page.locator('[data-testid=backend]').textContent();
        if (shown !== backend) throw new Error(`asked for ${backend}, trained on ${shown}`);
        times.push(Number(await page.locator('[data-surface-ms]').getAttribute('data-surface-ms')));
      }
      const ms = median(times);
      log(
        `  chromium cars ${backend}: 64×64 slice ${ms.toFixed(0)} ms (${times.map((t) => t.toFixed(0)).join(', ')})`,
      );
      out.push({ backend, ms, count: times.length });
    } catch (err) {
      log(
        `  chromium cars ${backend}: no measurement (${err instanceof Error ? err.message : String(err)})`,
      );
    } finally {
      await context.close();
    }
  }
  return out;
}

interface BenchWindow {
  __bench: {
    longTasks: { start: number; duration: number }[];
    firstResult: number;
    /** When the latest `result` message from the training worker arrived. */
    resultAt: number;
  };
}

/** Runs before any page script: collects long tasks and the time of the first finished result. */
function installProbes(): void {
  const w = window as unknown as BenchWindow;
  w.__bench = { longTasks: [], firstResult: Number.NaN, resultAt: Number.NaN };
  // Diagnostics only: one extra listener on the app's worker notes when each result arrives.
  const NativeWorker = window.Worker;
  window.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      this.addEventListener('message', (e: MessageEvent<{ type?: string }>) => {
        if (e.data?.type === 'result') w.__bench.resultAt = performance.now();
      });
    }
  };
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        w.__bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task API: the count stays empty and the report says 0; Chromium has it.
  }
  const mo = new MutationObserver(() => {
    if (document.querySelector('.app[data-status=done]')) {
      w.__bench.firstResult = performance.now();
      mo.disconnect();
    }
  });
  mo.observe(document, { subtree: true, childList: true, attributes: true });
}

/** Slider positions (log10 η) spread over the range in a scrambled order, two decimals like the slider. */
export function sliderPositions(scene: SceneId, n: number, avoid: readonly number[]): number[] {
  const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
  const out: number[] = [];
  const used = new Set(avoid.map((lr) => lr));
  const lrOf = (v: number) => Number((10 ** v).toPrecision(3));
  for (let i = 1; out.length < n && i < 50 * n; i++) {
    const frac = (i * 0.6180339887498949) % 1;
    const v = Math.round((lo + (hi - lo) * frac) * 100) / 100;
    const lr = lrOf(v);
    if (used.has(lr)) continue;
    used.add(lr);
    out.push(v);
  }
  return out;
}

/** One slider move, measured in the page. */
async function move(page: Page, position: number): Promise<Move> {
  return page.evaluate(
    ({ position, timeout }) =>
      new Promise<Move>((resolve) => {
        const input = document.querySelector<HTMLInputElement>(
          'tbody tr:first-child [data-testid=lr-slider]',
        )!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const app = document.querySelector('.app')!;
        let lr = Number.NaN;
        let t0 = 0;
        let rowMs = Number.NaN;
        let domMs = Number.NaN;
        let previewMs = Number.NaN;
        let previewSeen = false;
        const bench = (window as unknown as BenchWindow).__bench;
        const trainMs = () => {
          const m = /([\d.]+) ms for/.exec(document.querySelector('.panel')?.textContent ?? '');
          return m ? Number(m[1]) : Number.NaN;
        };
        const done = () => {
          const row = document.querySelector('tbody tr:first-child');
          if (!row || Number(row.getAttribute('data-lr')) !== lr) return false;
          if (Number.isNaN(rowMs)) rowMs = performance.now() - t0;
          const labelled = row.hasAttribute('data-verdict');
          if (labelled && !previewSeen) {
            // Any verdict for the new η, exact or a preview (status still running): the first frame
            // that can show the user something for the move.
            previewSeen = true;
            requestAnimationFrame(() => (previewMs = performance.now() - t0));
          }
          return labelled && app.getAttribute('data-status') === 'done';
        };
        let finished = false;
        const finish = (ms: number) => {
          if (finished) return;
          finished = true;
          mo.disconnect();
          clearTimeout(timer);
          const resultMs = bench.resultAt >= t0 ? bench.resultAt - t0 : Number.NaN;
          resolve({ position, lr, ms, previewMs, rowMs, resultMs, domMs, trainMs: trainMs() });
        };
        const mo = new MutationObserver(() => {
          if (done()) {
            domMs = performance.now() - t0;
            mo.disconnect();
            requestAnimationFrame(() => finish(performance.now() - t0));
          }
        });
        mo.observe(app, { subtree: true, attributes: true, childList: true, characterData: true });
        const timer = setTimeout(() => finish(Number.NaN), timeout);
        t0 = performance.now();
        setValue.call(input, String(position));
        lr = Number((10 ** Number(input.value)).toPrecision(3));
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }),
    { position, timeout: MOVE_TIMEOUT_MS },
  );
}

/** A drag: DRAG_EVENTS inputs DRAG_EVENT_MS apart; ms from the last one to the frame with its result. */
async function drag(page: Page, from: number, to: number): Promise<number> {
  return page.evaluate(
    ({ from, to, n, every, timeout }) =>
      new Promise<number>((resolve) => {
        const input = document.querySelector<HTMLInputElement>(
          'tbody tr:first-child [data-testid=lr-slider]',
        )!;
        const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
        const app = document.querySelector('.app')!;
        let i = 0;
        let tLast = 0;
        let lr = Number.NaN;
        const timer = setTimeout(() => resolve(Number.NaN), timeout);
        const mo = new MutationObserver(() => {
          const row = document.querySelector('tbody tr:first-child');
          if (
            i >= n &&
            row &&
            Number(row.getAttribute('data-lr')) === lr &&
            row.hasAttribute('data-verdict') &&
            app.getAttribute('data-status') === 'done'
          ) {
            mo.disconnect();
            requestAnimationFrame(() => {
              clearTimeout(timer);
              resolve(performance.now() - tLast);
            });
          }
        });
        mo.observe(app, { subtree: true, attributes: true, childList: true, characterData: true });
        const tick = () => {
          const v = Math.round((from + ((to - from) * (i + 1)) / n) * 100) / 100;
          tLast = performance.now();
          setValue.call(input, String(v));
          lr = Number((10 ** Number(input.value)).toPrecision(3));
          input.dispatchEvent(new Event('input', { bubbles: true }));
          i += 1;
          if (i < n) setTimeout(tick, every);
        };
        tick();
      }),
    { from, to, n: DRAG_EVENTS, every: DRAG_EVENT_MS, timeout: MOVE_TIMEOUT_MS },
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function session(
  browser: Browser,
  base: string,
  scene: SceneId,
  backendParam: BackendParam,
  log: (line: string) => void,
): Promise<Session> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const jsBeforeWorker: string[] = [];
  let workerSeen = false;
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (/trainWorker-[^/]*\.js$/.test(url.pathname)) workerSeen = true;
    else if (!workerSeen && url.pathname.endsWith('.js'))
      jsBeforeWorker.push(url.pathname.replace(/^.*\/assets\//, 'assets/'));
  });
  // tsx (esbuild, keepNames) wraps named inner functions in `__name(...)`; functions that Playwright
  // serialises into the page need that helper there too.
  await page.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  await page.addInitScript(installProbes);
  const params = new URLSearchParams();
  if (scene !== 'valley') params.set('scene', scene);
  if (backendParam !== 'auto') params.set('backend', backendParam);
  const url = `${base}${params.size ? `?${params}` : ''}`;
  try {
    await page.goto(url);
    await page.waitForFunction(
      () =>
        document.querySelector('.app[data-status=done]') !== null &&
        [...document.querySelectorAll('tr[data-lr]')].every((r) => r.hasAttribute('data-verdict')),
      undefined,
      { timeout: 180_000, polling: 100 },
    );
    const firstResultMs = await page.evaluate(
      () => (window as unknown as BenchWindow).__bench.firstResult,
    );
    // auto measures the other backends once the figure is out: the moves time the page after that
    // (the first-curve bench times the way there), and the panel then names the backend kept.
    await page.waitForSelector('.status-line[data-pending=done]', { timeout: 240_000 });
    const backend = (await page.textContent('[data-testid=backend]')) ?? '?';
    const panel = (await page.innerText('.panel'))
      .split('\n')
      .map((x) => x.trim())
      .filter(Boolean)
      .join(' | ');
    // Let the first result's playback finish, so the moves do not race its animation.
    await page
      .waitForFunction(
        () => {
          const s = document.querySelector<HTMLInputElement>('[data-testid=scrubber]');
          return s !== null && s.value === s.max;
        },
        undefined,
        { timeout: 10_000, polling: 100 },
      )
      .catch(() => undefined);
    await sleep(300);

    const lrs = await page.$$eval('tr[data-lr]', (rows) =>
      rows.map((r) => Number(r.getAttribute('data-lr'))),
    );
    const moves: Move[] = [];
    for (const position of sliderPositions(scene, MOVES, lrs)) {
      moves.push(await move(page, position));
      await sleep(GAP_MS);
    }
    const longTasks = await page.evaluate(() =>
      (window as unknown as BenchWindow).__bench.longTasks.slice(),
    );

    const [lo, hi] = makeScene(scene, { kappa: 10 }).lrRange;
    const dragSettleMs: number[] = [];
    for (let d = 0; d < DRAGS; d++) {
      const a = lo + ((hi - lo) * (d + 1)) / (DRAGS + 2);
      const b = a + (d % 2 === 0 ? 1 : -1) * Math.min(1, (hi - lo) / 4);
      dragSettleMs.push(await drag(page, a, b));
      await sleep(GAP_MS);
    }
    const ok = moves.filter((m) => Number.isFinite(m.ms));
    log(
      `  chromium ${scene} backend=${backendParam} → ${backend}: first result ${firstResultMs.toFixed(0)} ms, ` +
        `slider median ${median(ok.map((m) => m.ms)).toFixed(1)} ms, p95 ${quantile(
          ok.map((m) => m.ms),
          0.95,
        ).toFixed(1)} ms, ${moves.length - ok.length} timeouts, ${longTasks.length} long tasks`,
    );
    return {
      scene,
      backendParam,
      url,
      backend,
      panel,
      firstResultMs,
      moves,
      longTasks: longTasks.filter((t) => t.duration > 50),
      dragSettleMs,
      jsBeforeWorker,
      errors,
      warnings,
    };
  } finally {
    await context.close();
  }
}

export async function browserBench(
  base: string,
  log: (line: string) => void,
): Promise<BrowserReport> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
    headless: true,
  });
  try {
    const sessions: Session[] = [];
    for (const backendParam of ['auto', 'cpu'] as const) {
      for (const scene of ['valley', 'quadratic'] as const) {
        sessions.push(await session(browser, base, scene, backendParam, log));
      }
    }
    const surfaces = await surfaceBench(browser, base, log);
    return { version: browser.version(), sessions, surfaces };
  } finally {
    await browser.close();
  }
}
