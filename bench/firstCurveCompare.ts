/**
 * `npx tsx bench/firstCurveCompare.ts [--repeats N] [--presets a,b] [--backends auto,cpu] NAME=DIR …`
 *
 * The first-curve part of the benchmark alone, for two or more builds side by side: each DIR is a
 * `vite build --outDir DIR`, served by its own `vite preview`; the loads are interleaved (build,
 * preset, backend, build, …) so that a slow moment of this shared machine falls on every build
 * alike. Prints, per preset and backend, each build's median of every mark on the first result's
 * way (bench/firstCurve.ts MARKS) and of the first figure. Example, before and after a change:
 *
 *     git stash && npx vite build --outDir /tmp/before && git stash pop
 *     npx vite build --outDir /tmp/after
 *     npx tsx bench/firstCurveCompare.ts --repeats 5 before=/tmp/before after=/tmp/after
 *
 * With `--cpu`, each build also gets one traced load per preset, backend and repeat, which reports
 * the CPU time the page's main thread and its training worker spent from navigation to the first
 * figure (the trace's thread times): on this shared machine the wall-clock times above move by
 * seconds with the other processes' load, the threads' own CPU time much less.
 *
 * `npm run bench` runs the whole first-curve benchmark (every preset × backend) with everything
 * else; this is for measuring one change quickly.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../tests/e2e/chromium';
import { PRESET_IDS, type PresetId } from '../src/url/presets';
import {
  FIRST_CURVE_BACKENDS,
  MARKS,
  loadOnce,
  type FirstCurveBackend,
  type FirstCurveLoad,
} from './firstCurve';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname, '..');

interface Args {
  readonly repeats: number;
  readonly presets: readonly PresetId[];
  readonly backends: readonly FirstCurveBackend[];
  readonly builds: readonly { readonly name: string; readonly dir: string }[];
  readonly port: number;
  readonly cpu: boolean;
}

function parseArgs(argv: readonly string[]): Args {
  let repeats = 3;
  let presets: readonly PresetId[] = PRESET_IDS.filter((p) => p !== 'overfit' && p !== 'kfold');
  let backends: readonly FirstCurveBackend[] = ['auto'];
  let port = 14183;
  let cpu = false;
  const builds: { name: string; dir: string }[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const next = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--repeats') repeats = Number(next());
    else if (a === '--presets') presets = next().split(',') as PresetId[];
    else if (a === '--backends') backends = next().split(',') as FirstCurveBackend[];
    else if (a === '--port') port = Number(next());
    else if (a === '--cpu') cpu = true;
    else if (a.includes('=')) {
      const [name, dir] = a.split('=') as [string, string];
      builds.push({ name, dir: resolve(dir) });
    } else throw new Error(`unknown argument ${a}`);
  }
  for (const p of presets) if (!PRESET_IDS.includes(p)) throw new Error(`no preset ${p}`);
  for (const b of backends)
    if (!FIRST_CURVE_BACKENDS.includes(b)) throw new Error(`no backend ${b}`);
  if (!builds.length) throw new Error('name at least one build: NAME=DIR');
  if (!(repeats >= 1)) throw new Error('--repeats must be at least 1');
  return { repeats, presets, backends, builds, port, cpu };
}

async function preview(dir: string, port: number): Promise<{ child: ChildProcess; base: string }> {
  const base = `http://127.0.0.1:${port}/`;
  const child = spawn(
    'npx',
    // `--outDir` serves that folder with this checkout's config.
    [
      'vite',
      'preview',
      '--port',
      String(port),
      '--strictPort',
      '--host',
      '127.0.0.1',
      '--outDir',
      dir,
    ],
    { cwd: ROOT, detached: true, stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`vite preview for ${dir} exited (${child.exitCode})`);
    try {
      if ((await fetch(base)).ok) return { child, base };
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  stop(child);
  throw new Error(`vite preview for ${dir} did not answer on ${base}`);
}

/** Stops a preview server this script started: its process group, by its id. */
function stop(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    child.kill('SIGTERM');
  }
}

interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly tdur?: number;
  readonly args?: { readonly name?: string };
}

/** Threads' CPU time from navigation to the first figure, in one traced load (ms per thread name). */
async function cpuToFirstFigure(
  browser: Browser,
  base: string,
  preset: PresetId,
  backend: FirstCurveBackend,
): Promise<Record<string, number>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send('Tracing.start', {
      categories: 'devtools.timeline,blink.user_timing,toplevel,__metadata',
      transferMode: 'ReportEvents',
    });
    await page.goto(`${base}?preset=${preset}&backend=${backend}`);
    await page.waitForFunction(
      () => performance.getEntriesByName('lr-first-figure', 'mark').length > 0,
      undefined,
      { timeout: 240_000, polling: 100 },
    );
    const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await complete;
    const figure = events.find((e) => e.name === 'lr-first-figure');
    if (!figure) return {};
    const start = events.find((e) => e.name === 'navigationStart' && e.pid === figure.pid);
    const names = new Map<number, string>();
    for (const e of events) {
      if (e.ph === 'M' && e.name === 'thread_name' && e.pid === figure.pid) {
        names.set(e.tid, e.args?.name ?? String(e.tid));
      }
    }
    const out: Record<string, number> = {};
    for (const e of events) {
      if (e.ph !== 'X' || e.pid !== figure.pid || !/RunTask/.test(e.name)) continue;
      if (e.ts > figure.ts || (start && e.ts < start.ts)) continue;
      const thread = names.get(e.tid) ?? String(e.tid);
      out[thread] = (out[thread] ?? 0) + (e.tdur ?? 0) / 1000;
    }
    return out;
  } finally {
    await context.close();
  }
}

const f0 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(0) : '—');

const args = parseArgs(process.argv.slice(2));
const servers: ChildProcess[] = [];
try {
  const bases: string[] = [];
  for (const [i, b] of args.builds.entries()) {
    const s = await preview(b.dir, args.port + i);
    servers.push(s.child);
    bases.push(s.base);
  }
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  const loads: (FirstCurveLoad & { build: string })[] = [];
  const cpus: { build: string; preset: PresetId; backend: string; cpu: Record<string, number> }[] =
    [];
  try {
    for (let r = 0; r < args.repeats; r++) {
      for (const preset of args.presets) {
        for (const backend of args.backends) {
          for (const [i, b] of args.builds.entries()) {
            const l = await loadOnce(browser, bases[i]!, preset, backend);
            loads.push({ ...l, build: b.name });
            if (args.cpu) {
              const cpu = await cpuToFirstFigure(browser, bases[i]!, preset, backend);
              cpus.push({ build: b.name, preset, backend, cpu });
            }
            console.log(
              `  ${b.name} ${preset} ${backend} → ${l.trainedOn}: first curve ${f0(l.firstCurveMs)} ms, first figure ${f0(l.firstFigureMs)} ms`,
            );
          }
        }
      }
    }
  } finally {
    await browser.close();
  }
  const cols = [...MARKS.map((m) => m.replace('lr-', '')), 'done'];
  console.log(`\nmedians of ${args.repeats} fresh loads, ms from navigation\n`);
  console.log(`| preset | backend | build | ${cols.join(' | ')} |`);
  console.log(`|---|---|---|${cols.map(() => '---:').join('|')}|`);
  for (const preset of args.presets) {
    for (const backend of args.backends) {
      for (const b of args.builds) {
        const mine = loads.filter(
          (l) => l.build === b.name && l.preset === preset && l.backend === backend,
        );
        const med = (pick: (l: FirstCurveLoad) => number | undefined) => {
          const xs = mine.map(pick).filter((x): x is number => x !== undefined);
          return xs.length ? median(xs) : undefined;
        };
        const cells = [...MARKS.map((m) => med((l) => l.marks[m])), med((l) => l.doneMs)];
        console.log(`| ${preset} | ${backend} | ${b.name} | ${cells.map(f0).join(' | ')} |`);
      }
    }
  }
  if (args.cpu) {
    const threads = {
      main: 'CrRendererMain',
      worker: 'DedicatedWorker thread',
      pool: 'ThreadPoolForegroundWorker',
    } as const;
    console.log(
      `\nCPU ms from navigation to the first figure, medians of ${args.repeats} traced loads`,
    );
    console.log(
      "(main: the page's thread; worker: the training worker; pool: off-thread compiling)\n",
    );
    console.log(`| preset | backend | build | ${Object.keys(threads).join(' | ')} |`);
    console.log(
      `|---|---|---|${Object.keys(threads)
        .map(() => '---:')
        .join('|')}|`,
    );
    for (const preset of args.presets) {
      for (const backend of args.backends) {
        for (const b of args.builds) {
          const mine = cpus.filter(
            (c) => c.build === b.name && c.preset === preset && c.backend === backend,
          );
          const cells = Object.values(threads).map((t) => median(mine.map((c) => c.cpu[t] ?? 0)));
          console.log(`| ${preset} | ${backend} | ${b.name} | ${cells.map(f0).join(' | ')} |`);
        }
      }
    }
  }
} finally {
  for (const s of servers) stop(s);
}
